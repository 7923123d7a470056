#!/usr/bin/env bash
# `make test`: set up what is missing, lint, install the three addons with demo
# data into a throwaway database of the project's PostgreSQL server, run the
# whole suite (unit, HttpCase and browser tours) with pytest-odoo, drop the
# database, then a smoke check of the production shape (scripts/prod.sh: a
# server with workers behind nginx, a websocket opened, HTTP 101, no traceback
# in its log). Exits non-zero on any failure, on an unexpected ERROR log, or
# when no test ran.
#
#   make test                      everything
#   make test T="addons/postsale_billing"   a subset (any pytest arguments)
#   make test SKIP_LINT=1 KEEP_DB=1  skip the lint step, keep the test database
#   make test TEST_DB=dev REUSE_DB=1   update (-u) and keep a kept database instead
#                                      of a fresh install: quick iterations
#   make test SMOKE=0                  skip the smoke check (SMOKE_PORT: its port)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/pg.sh"
source "$ROOT/scripts/prod.sh"

TEST_DB="${TEST_DB:-postsale_test_$$}"
SKIP_LINT="${SKIP_LINT:-0}"
KEEP_DB="${KEEP_DB:-0}"
REUSE_DB="${REUSE_DB:-0}"
SMOKE="${SMOKE:-1}"
[ "$REUSE_DB" = 1 ] && KEEP_DB=1
T="${T:-addons tests}"

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/system-deps.sh" chromium

if [ "$SKIP_LINT" != 1 ]; then
    bash "$ROOT/scripts/lint.sh"
fi

cleanup() {
    trap - EXIT INT TERM
    prod_stop
    if [ "$KEEP_DB" != 1 ] && [ -n "${PGPORT_VALUE:-}" ]; then
        drop_db "$TEST_DB" >/dev/null 2>&1 || true
        rm -rf "$STATE/data/filestore/$TEST_DB"
    fi
    pg_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start
write_odoo_conf
mkdir -p "$STATE/logs"
install_log="$STATE/logs/test-install-$TEST_DB.log"
rm -f "$install_log"
if [ "$REUSE_DB" = 1 ] && db_exists "$TEST_DB"; then
    say "Updating $ADDONS in the kept test database $TEST_DB"
    mode=(-u "$ADDONS")
else
    drop_db "$TEST_DB" >/dev/null 2>&1 || true
    say "Installing $ADDONS with demo data into the test database $TEST_DB"
    mode=(-i "$ADDONS" --with-demo)
fi
if ! "$VENV/bin/odoo" -c "$ODOO_CONF" -d "$TEST_DB" "${mode[@]}" \
    --stop-after-init --no-http --log-level=warn --logfile="$install_log"; then
    tail -n 40 "$install_log" >&2
    die "Installing the addons into the test database failed, see $install_log."
fi
if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$install_log" >&2; then
    die "Installing the addons logged errors (above), see $install_log."
fi

say "Running the test suite"
cd "$ROOT"
pytest_log="$STATE/logs/test-pytest-$TEST_DB.log"
set +e
# shellcheck disable=SC2086
"$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" \
    --odoo-http --odoo-log-level=warn $T | tee "$pytest_log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" = 5 ]; then
    die "No test was collected: the suite must run tests."
fi
[ "$status" = 0 ] || exit "$status"

if [ "$SMOKE" = 1 ]; then
    say "Smoke check: the test database served in production shape"
    smoke_log="$STATE/logs/smoke-$TEST_DB.log"
    rm -f "$smoke_log"
    SMOKE_PORT="${SMOKE_PORT:-$(free_port)}"
    prod_start "$TEST_DB" "$SMOKE_PORT" 2 1 "$smoke_log"
    "$(venv_python)" "$ROOT/scripts/smoke_production.py" "$SMOKE_PORT" "$smoke_log" \
        || die "The smoke check of the production shape failed, see $smoke_log."
    prod_stop
    # pytest's summary stays the closing line of the run.
    grep -E '^=+ .* in [0-9.]+s' "$pytest_log" | tail -n 1
fi
