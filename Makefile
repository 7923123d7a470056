# Two commands: `make run` (Odoo with the addons and demo data on
# http://127.0.0.1:8069) and `make test` (lint + the whole suite).
# Settings (environment or make VAR=value): ODOO_SRC, DB, HTTP_PORT, VENV,
# PYTHON, T (pytest arguments), SKIP_LINT=1, KEEP_DB=1,
# TEST_DB=name REUSE_DB=1, WORKERS=N (production shape), JOB_CHANNELS.
# See README.md.

SHELL := /bin/bash
export ODOO_SRC DB HTTP_PORT VENV PYTHON T SKIP_LINT KEEP_DB REUSE_DB TEST_DB ALONE JOBS I18N_DB WORKERS JOB_CHANNELS

.PHONY: run test lint setup bench i18n shell clean help

help:
	@echo "make run    Odoo with the addons and demo data on http://127.0.0.1:8069"
	@echo "            (make run WORKERS=2: production shape, prefork workers behind nginx)"
	@echo "make test   lint, then the whole test suite on a throwaway database"
	@echo "make lint   the lint step alone"
	@echo "make bench  the batch-billing benchmark (postsale_billing)"
	@echo "make i18n   export the .pot files and update the .po files of the addons"
	@echo "make setup  the virtualenv with Odoo and the requirements"
	@echo "make clean  remove the virtualenv and the local PostgreSQL cluster"

setup:
	@scripts/setup.sh

run:
	@scripts/run.sh

test:
	@scripts/test.sh

lint: setup
	@scripts/lint.sh

bench:
	@scripts/bench.sh

i18n:
	@scripts/i18n.sh

clean:
	rm -rf .venv .state
