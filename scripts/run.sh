#!/usr/bin/env bash
# `make run`: set up what is missing, start the project's PostgreSQL server,
# create the demo database with the three addons (once), serve Odoo on
# http://127.0.0.1:$HTTP_PORT and stop everything cleanly on Ctrl-C.
#
# WORKERS=N (N > 0): production shape (scripts/prod.sh): N prefork HTTP
# workers, the gevent websocket process, a cron worker and queue_job's job
# runner behind nginx on $HTTP_PORT; JOB_CHANNELS jobs run at once (root:N).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/pg.sh"
source "$ROOT/scripts/prod.sh"

DEMO_LANGS="${DEMO_LANGS:-nb_NO,sv_SE,it_IT,nl_NL}"
WORKERS="${WORKERS:-0}"
JOB_CHANNELS="${JOB_CHANNELS:-1}"
[[ "$WORKERS" =~ ^[0-9]+$ ]] || die "WORKERS must be a number of HTTP workers (0: the development server)."

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/system-deps.sh" wkhtmltopdf || true

port_is_free "$HTTP_PORT" \
    || die "Port $HTTP_PORT is already in use: stop what listens there or choose another one with HTTP_PORT=8070."

ODOO_PID=""
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$PROD_ODOO_PID" ]; then
        say "Stopping Odoo and nginx"
        prod_stop
    fi
    if [ -n "$ODOO_PID" ] && kill -0 "$ODOO_PID" 2>/dev/null; then
        say "Stopping Odoo"
        kill -INT "$ODOO_PID" 2>/dev/null || true
        wait "$ODOO_PID" 2>/dev/null || true
    fi
    pg_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start
write_odoo_conf
ODOO=("$VENV/bin/odoo" -c "$ODOO_CONF")

modules_installed() {
    local count
    count="$(psql_cmd -d "$DB" -tAc "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('${1//,/\',\'}')" 2>/dev/null || echo 0)"
    [ "$count" = "$(tr ',' '\n' <<<"$1" | wc -l)" ]
}

# The addons' code as it is now: a database made with older code is updated.
code_stamp() {
    (cd "$ROOT" && find addons -type f ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}
stamp_file="$STATE/run-$DB.stamp"

if db_exists "$DB" && modules_installed "$ADDONS,queue_job"; then
    if [ "$(cat "$stamp_file" 2>/dev/null)" = "$(code_stamp)" ]; then
        say "Reusing the database $DB"
    else
        say "Updating $ADDONS in the database $DB (the code changed since it was made)"
        "${ODOO[@]}" -d "$DB" -u "$ADDONS" --stop-after-init --no-http --log-level=warn \
            || die "Updating the addons in $DB failed (see the log above)."
        code_stamp >"$stamp_file"
    fi
elif db_exists "$DB"; then
    say "Installing the missing addons of $ADDONS into $DB and updating the others"
    mapfile -t mode < <(addons_update_args "$DB")
    "${ODOO[@]}" -d "$DB" "${mode[@]}" --stop-after-init --no-http --log-level=warn \
        || die "Updating the addons in $DB failed (see the log above)."
    code_stamp >"$stamp_file"
else
    say "Creating the database $DB with $ADDONS and demo data (a few minutes the first time)"
    # English first: Odoo makes the first loaded language the default one.
    "${ODOO[@]}" -d "$DB" -i "$ADDONS" --with-demo --load-language="en_US,$DEMO_LANGS" \
        --stop-after-init --no-http --log-level=warn \
        || die "Installing the addons into $DB failed (see the log above)."
    code_stamp >"$stamp_file"
fi

url="http://127.0.0.1:$HTTP_PORT"
shape="development server (one process)"
if [ "$WORKERS" -gt 0 ]; then
    # The log stays on the terminal, as in development mode.
    prod_start "$DB" "$HTTP_PORT" "$WORKERS" "$JOB_CHANNELS" ""
    ODOO_PID="$PROD_ODOO_PID"
    shape="production shape: $WORKERS HTTP workers, websocket (gevent), cron, job runner (root:$JOB_CHANNELS), nginx"
else
    "${ODOO[@]}" -d "$DB" --db-filter="^${DB}\$" &
    ODOO_PID=$!
    for _ in $(seq 1 600); do
        if ! kill -0 "$ODOO_PID" 2>/dev/null; then
            die "Odoo stopped while starting (see the log above)."
        fi
        if "$(venv_python)" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url/web/login" 2>/dev/null; then
            break
        fi
        sleep 1
    done
fi

cat >&2 <<EOF

  Odoo 19 with crm_renegotiation, crm_deal_contract, contract_portal
  and postsale_billing (on contract_amendment)
  ---------------------------------------------------------------------
  URL        $url/web/login   (database: $DB)
  Server     $shape
  Back office  admin / admin          (administrator, every right)
  Portal       customer / customer    (account owner of Deco Addict)
               colleague / colleague  (a Deco Addict user who only reads)
  Ctrl-C stops Odoo and PostgreSQL.

EOF

wait "$ODOO_PID"
