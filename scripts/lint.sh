#!/usr/bin/env bash
# The lint step of `make test` and `make lint`: the OCA addons-repo-template's
# 19.0 checks (ruff + ruff-format, pylint-odoo's mandatory set, the OCA
# pre-commit hooks for modules and .po files), run from the virtualenv.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bin="$VENV/bin"
say "Lint: ruff, ruff format, pylint-odoo, oca-checks-odoo-module, oca-checks-po"
"$bin/python" scripts/gen_addon_readme.py --check
"$bin/ruff" check --no-fix addons tests scripts conftest.py
"$bin/ruff" format --check --quiet addons tests scripts conftest.py
"$bin/pylint" --rcfile=.pylintrc --jobs=2 addons/*/ tests/
"$bin/oca-checks-odoo-module" addons/*/__manifest__.py
"$bin/oca-checks-po" addons/*/i18n/*.po
say "Lint passed"
