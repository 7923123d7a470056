#!/usr/bin/env bash
# `make bench`: the batch-billing benchmark of postsale_billing. Creates (or
# reuses and updates) the database $BENCH_DB with the three addons, then runs
# scripts/bench_batch_billing.py in `odoo shell`: 500 tickets with 2500 closed
# billable activities billed in one batch, against the floor (one
# sale.order.create() of the same, precomputed orders) and record by record.
# Prints one line:
#   bench batch_billing tickets=500 activities=2500 ms_per_order=… floor_ms_per_order=… ratio=… queries_per_order=… record_by_record_ms_per_order=…
# Not part of `make test`; nothing it creates is committed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/pg.sh"

BENCH_DB="${BENCH_DB:-postsale_bench}"

bash "$ROOT/scripts/setup.sh"

trap pg_stop EXIT
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
