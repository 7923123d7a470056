#!/usr/bin/env bash
# `make i18n`: export each addon's .pot from a database that has the addons
# (with demo data: demo records carry terms too), then bring every <lang>.po
# in line with it (scripts/i18n_merge.py) and say how many terms still need a
# translation. The database $I18N_DB is made afresh each time.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/pg.sh"

I18N_DB="${I18N_DB:-postsale_i18n}"

bash "$ROOT/scripts/setup.sh"
trap pg_stop EXIT
pg_start
write_odoo_conf
log="$STATE/logs/i18n-$I18N_DB.log"
mkdir -p "$STATE/logs"
odoo_init() {
    "$VENV/bin/odoo" -c "$ODOO_CONF" -d "$I18N_DB" "$@" --stop-after-init \
        --no-http --log-level=warn --logfile="$log" \
        || die "Installing the addons into $I18N_DB failed, see $log."
}
say "Installing $ADDONS with demo data into a fresh $I18N_DB"
# A fresh database: an updated one keeps the terms of records an addon no
# longer has (demo records moved to another addon, say).
drop_db "$I18N_DB" >/dev/null 2>&1 || true
odoo_init -i "$ADDONS" --with-demo
say "Exporting the .pot files"
"$VENV/bin/odoo" i18n export -c "$ODOO_CONF" -d "$I18N_DB" ${ADDONS//,/ } >>"$log" 2>&1 \
    || die "Exporting the terms failed, see $log."
"$(venv_python)" "$ROOT/scripts/i18n_merge.py" "$@"
