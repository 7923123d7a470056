"""Bring every ``<lang>.po`` of the addons in line with the addon's ``.pot``.

What ``msgmerge`` does, the way the project keeps its files: the entries and
their references come from the ``.pot`` Odoo just exported; the translation,
the translator comment and the flags of a term come from the ``.po`` when it
already had that term; terms gone from the ``.pot`` are dropped. Prints, per
file, how many terms still need a translation (``--check`` exits non-zero
when any does).

    python scripts/i18n_merge.py [--check] [addon ...]
"""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nb_NO", "sv_SE", "it_IT", "nl_NL")
SAME_AS_SOURCE = "Same as the source text in this language."


def is_translated(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgstr or all((entry.msgstr_plural or {}).values() or [""]):
        return True
    return SAME_AS_SOURCE in (entry.tcomment or "")


def normalize_pot(pot_path):
    """Drop the export dates from the .pot: it changes only with its terms."""
    pot = polib.pofile(str(pot_path), wrapwidth=78)
    for key in ("POT-Creation-Date", "PO-Revision-Date"):
        pot.metadata.pop(key, None)
    pot.save(str(pot_path))


def merge(pot_path, po_path, lang):
    pot = polib.pofile(str(pot_path), wrapwidth=78)
    old = polib.pofile(str(po_path), wrapwidth=78) if po_path.exists() else None
    known = {entry.msgid: entry for entry in old or [] if not entry.obsolete}
    po = polib.POFile(wrapwidth=78)
    po.header = pot.header
    # The dates change with every export: the .po keeps its own, or none.
    po.metadata = {
        key: value
        for key, value in pot.metadata.items()
        if key not in ("POT-Creation-Date", "PO-Revision-Date")
    }
    po.metadata["Language"] = lang
    if old is not None:
        po.metadata.update(
            {
                key: value
                for key, value in old.metadata.items()
                if key
                in (
                    "Plural-Forms",
                    "Last-Translator",
                    "Language-Team",
                    "POT-Creation-Date",
                    "PO-Revision-Date",
                )
            }
        )
    else:
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    missing = []
    for template in pot:
        entry = polib.POEntry(
            msgid=template.msgid,
            msgid_plural=template.msgid_plural,
            occurrences=template.occurrences,
            comment=template.comment,
            flags=[flag for flag in template.flags if flag != "fuzzy"],
        )
        previous = known.get(template.msgid)
        if previous is not None:
            entry.msgstr = previous.msgstr
            entry.msgstr_plural = previous.msgstr_plural
            entry.tcomment = previous.tcomment
            entry.flags = list(dict.fromkeys(entry.flags + previous.flags))
        if not is_translated(entry):
            missing.append(entry.msgid)
        po.append(entry)
    po.save(str(po_path))
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addons", nargs="*")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--list", action="store_true", help="print the missing terms")
    args = parser.parse_args()
    addons = args.addons or sorted(
        path.parent.parent.name for path in ROOT.glob("addons/*/i18n/*.pot")
    )
    total = 0
    for addon in addons:
        i18n = ROOT / "addons" / addon / "i18n"
        pot = i18n / f"{addon}.pot"
        normalize_pot(pot)
        for lang in LANGS:
            missing = merge(pot, i18n / f"{lang}.po", lang)
            total += len(missing)
            print(f"{addon}/{lang}.po: {len(missing)} to translate")
            if args.list:
                for msgid in missing:
                    print(f"    {msgid!r}")
    if args.check and total:
        sys.exit(1)


if __name__ == "__main__":
    main()
