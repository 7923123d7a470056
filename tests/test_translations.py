"""Every user-facing string of the project's addons is translated.

The terms Odoo itself exports for an addon (Python `_()`, fields, views, QWeb,
JS, data and demo records) must be exactly the addon's ``.pot`` and every one of
them must carry a translation in the four languages of the project. A term
that reads the same in a language ("Status", "Contract" in Dutch) keeps an
empty ``msgstr``, as the OCA's po-pretty-format wants, and says so with the
translator comment ``# Same as the source text in this language.``
"""

from pathlib import Path

import polib

from odoo.tools.translate import TranslationModuleReader

from odoo.addons.base.tests.common import BaseCommon

ROOT = Path(__file__).resolve().parent.parent
ADDONS = tuple(
    sorted(path.parent.name for path in (ROOT / "addons").glob("*/__manifest__.py"))
)
LANGS = ("nb_NO", "sv_SE", "it_IT", "nl_NL")
SAME_AS_SOURCE = "Same as the source text in this language."


class TestTranslations(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = {
            addon: {
                source
                for _module, _type, _name, _res_id, source, _value, _comments in (
                    TranslationModuleReader(cls.env.cr, modules=[addon])
                )
            }
            for addon in ADDONS
        }

    def test_pot_is_up_to_date(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                pot = polib.pofile(
                    str(ROOT / "addons" / addon / "i18n" / f"{addon}.pot")
                )
                in_pot = {entry.msgid for entry in pot if not entry.obsolete}
                self.assertEqual(
                    sorted(self.terms[addon] - in_pot),
                    [],
                    f"terms of {addon} missing from its .pot (run odoo i18n export)",
                )
                self.assertEqual(
                    sorted(in_pot - self.terms[addon]),
                    [],
                    f"stale terms in the .pot of {addon}",
                )

    def test_every_term_translated(self):
        for addon in ADDONS:
            for lang in LANGS:
                with self.subTest(addon=addon, lang=lang):
                    path = ROOT / "addons" / addon / "i18n" / f"{lang}.po"
                    po = polib.pofile(str(path))
                    translated = {
                        entry.msgid
                        for entry in po
                        if not entry.obsolete
                        and "fuzzy" not in entry.flags
                        and (
                            entry.msgstr
                            or all(entry.msgstr_plural.values() or [""])
                            or SAME_AS_SOURCE in entry.tcomment
                        )
                    }
                    self.assertEqual(
                        sorted(self.terms[addon] - translated),
                        [],
                        f"untranslated terms in {path.relative_to(ROOT)}",
                    )

    def test_translations_load(self):
        """The .po files load into a database and translate the addons' fields."""
        for lang in LANGS:
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            list(ADDONS), list(LANGS), overwrite=True
        )
        field_ids = (
            self.env["ir.model.data"]
            .search([("module", "in", ADDONS), ("model", "=", "ir.model.fields")])
            .mapped("res_id")
        )
        fields = self.env["ir.model.fields"].browse(field_ids)
        for lang in LANGS:
            with self.subTest(lang=lang):
                labels = fields.with_context(lang=lang)
                translated = [
                    field
                    for field, english in zip(labels, fields, strict=True)
                    if field.field_description != english.field_description
                ]
                self.assertTrue(translated, f"no field label translated in {lang}")
