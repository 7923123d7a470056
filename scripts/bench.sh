#!/usr/bin/env bash
# `make bench`: the benchmarks of postsale_billing. Creates (or reuses and
# updates) the database $BENCH_DB with the three addons, then:
#
# 1. scripts/bench_batch_billing.py in `odoo shell`: 500 tickets with 2500
#    closed billable activities billed in one batch, against the floor (one
#    sale.order.create() of the same, precomputed orders) and record by record:
#      bench batch_billing tickets=500 activities=2500 ms_per_order=… floor_ms_per_order=… ratio=… queries_per_order=… record_by_record_ms_per_order=…
# 2. Background billing end to end against a server in production shape
#    (scripts/prod.sh, Odoo's default limits), once with one job channel and
#    once with two (BENCH_CHANNELS): 10,000 tickets with 50,000 activities on
#    a copy of $BENCH_DB (scripts/bench_background_populate.py), the click on
#    *Invoice activities* and its jobs until the last one is done
#    (scripts/bench_background_billing.py); floor_ratio is against the floor
#    of line 1:
#      bench background_billing tickets=10000 activities=50000 workers=N channels=C orders=… skipped=… seconds=… max_request_ms=… per_order_ms=… floor_ratio=…
# 3. The portal page under load on the last of those servers
#    (scripts/bench_portal.py):
#      bench portal_page clients=8 requests=… p50_ms=… p95_ms=… errors=…
#
# BENCH_PORT: the port of the production-shape server (a free one by
# default). Figures are printed, never asserted. Not part of `make test`;
# nothing it creates is committed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/pg.sh"
source "$ROOT/scripts/prod.sh"

BENCH_DB="${BENCH_DB:-postsale_bench}"
BENCH_CHANNELS="${BENCH_CHANNELS:-1 2}"
PORTAL_CLIENTS="${PORTAL_CLIENTS:-8}"
PORTAL_REQUESTS="${PORTAL_REQUESTS:-50}"

bash "$ROOT/scripts/setup.sh"

# A copy of a database needs its attachments too (the assets' bundles).
copy_filestore() {
    rm -rf "$STATE/data/filestore/$2"
    if [ -d "$STATE/data/filestore/$1" ]; then
        cp -a "$STATE/data/filestore/$1" "$STATE/data/filestore/$2"
    fi
}

bench_cleanup() {
    prod_stop
    if [ -n "${PGPORT_VALUE:-}" ]; then
        drop_db "${BENCH_DB}_background" >/dev/null 2>&1 || true
        drop_db "${BENCH_DB}_run" >/dev/null 2>&1 || true
        rm -rf "$STATE/data/filestore/${BENCH_DB}_background" "$STATE/data/filestore/${BENCH_DB}_run"
    fi
    pg_stop
}
trap bench_cleanup EXIT
pg_start
write_odoo_conf
mkdir -p "$STATE/logs"
log="$STATE/logs/bench-$BENCH_DB.log"
if db_exists "$BENCH_DB"; then
    # All three: the benchmark database must follow the sibling addons too.
    say "Updating $ADDONS in the benchmark database $BENCH_DB"
    mode=(-u "$ADDONS")
else
    say "Creating the benchmark database $BENCH_DB with $ADDONS (no demo data)"
    mode=(-i "$ADDONS")
fi
"$VENV/bin/odoo" -c "$ODOO_CONF" -d "$BENCH_DB" "${mode[@]}" \
    --stop-after-init --no-http --log-level=warn --logfile="$log" \
    || die "Preparing the benchmark database failed, see $log."

say "Running the batch-billing benchmark (a few minutes)"
output="$("$VENV/bin/odoo" shell -c "$ODOO_CONF" -d "$BENCH_DB" --no-http \
    --log-level=warn --logfile="$log" <"$ROOT/scripts/bench_batch_billing.py")" \
    || die "The benchmark failed, see $log."
line="$(grep '^bench batch_billing ' <<<"$output")" \
    || die "The benchmark printed no result, see $log."
printf '%s\n' "$line"
floor_ms="$(sed -E 's/.* floor_ms_per_order=([0-9.]+).*/\1/' <<<"$line")"

say "Background billing: 10,000 tickets with 50,000 activities (a few minutes)"
drop_db "${BENCH_DB}_background" >/dev/null 2>&1 || true
psql_cmd -d postgres -c "CREATE DATABASE \"${BENCH_DB}_background\" TEMPLATE \"$BENCH_DB\"" \
    || die "Copying the benchmark database failed."
copy_filestore "$BENCH_DB" "${BENCH_DB}_background"
"$VENV/bin/odoo" shell -c "$ODOO_CONF" -d "${BENCH_DB}_background" --no-http \
    --log-level=warn --logfile="$log" <"$ROOT/scripts/bench_background_populate.py" >/dev/null \
    || die "Creating the background benchmark data failed, see $log."
BENCH_PORT="${BENCH_PORT:-$(free_port)}"
url="http://127.0.0.1:$BENCH_PORT"
for channels in $BENCH_CHANNELS; do
    # Each run bills the same, unbilled data: a fresh copy of it. The jobs
    # take $channels workers; two more serve the users.
    workers=$((channels + 2))
    drop_db "${BENCH_DB}_run" >/dev/null 2>&1 || true
    psql_cmd -d postgres -c "CREATE DATABASE \"${BENCH_DB}_run\" TEMPLATE \"${BENCH_DB}_background\"" \
        || die "Copying the background benchmark database failed."
    copy_filestore "${BENCH_DB}_background" "${BENCH_DB}_run"
    server_log="$STATE/logs/bench-server-$channels.log"
    rm -f "$server_log"
    prod_start "${BENCH_DB}_run" "$BENCH_PORT" "$workers" "$channels" "$server_log"
    "$(venv_python)" "$ROOT/scripts/bench_background_billing.py" "$url" "${BENCH_DB}_run" \
        "$workers" "$channels" "$floor_ms" \
        || die "The background billing benchmark failed, see $server_log."
    if [ "$channels" = "${BENCH_CHANNELS##* }" ]; then
        "$(venv_python)" "$ROOT/scripts/bench_portal.py" "$url" "${BENCH_DB}_run" \
            "$PORTAL_CLIENTS" "$PORTAL_REQUESTS" \
            || die "The portal benchmark failed, see $server_log."
    fi
    prod_stop
    if grep -nE 'Traceback| (ERROR|CRITICAL) ' "$server_log" >&2; then
        say "The server logged errors during the benchmark (above), see $server_log."
    fi
done
