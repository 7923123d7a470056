#!/usr/bin/env bash
# `make test`: set up what is missing, lint, then run the whole suite with
# pytest-odoo against the project's PostgreSQL server, as customers install the
# addons:
#
#   1. each addon alone, with demo data, in a database of its own, running its
#      own tests: prints `alone <addon>: N passed`;
#   2. all addons without demo data, running tests/without_demo: prints
#      `without demo: N passed`;
#   3. all addons together with demo data, running every test of every addon
#      and the cross-addon tests of tests/ (unit, HttpCase, browser tours):
#      prints pytest's output and summary.
#
# The runs go two at a time (JOBS=2, two cores). Then a smoke check of the
# production shape (scripts/prod.sh): the database of run 3 served with two
# HTTP workers behind nginx, a websocket opened (HTTP 101), no traceback in the
# server's log. Exits non-zero on any failed run, on an ERROR logged while
# installing, when a run collected no test, or when the smoke check fails.
#
#   make test                        everything
#   make test T="addons/postsale_billing"   run 3 only, on a subset (any pytest arguments)
#   make test SKIP_LINT=1 KEEP_DB=1  skip the lint step, keep the test databases
#   make test TEST_DB=dev REUSE_DB=1   run 3 only, updating (-u) a kept database
#                                      instead of a fresh install: quick iterations
#   make test ALONE=0                skip runs 1 and 2
#   make test SMOKE=0                skip the smoke check (SMOKE_PORT: its port)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/pg.sh"
source "$ROOT/scripts/prod.sh"

TEST_DB="${TEST_DB:-postsale_test_$$}"
SKIP_LINT="${SKIP_LINT:-0}"
KEEP_DB="${KEEP_DB:-0}"
REUSE_DB="${REUSE_DB:-0}"
[ "$REUSE_DB" = 1 ] && KEEP_DB=1
if [ -n "${T:-}" ] || [ "$REUSE_DB" = 1 ]; then
    ALONE="${ALONE:-0}"
else
    ALONE="${ALONE:-1}"
fi
T="${T:-addons tests}"
SMOKE="${SMOKE:-1}"

bash "$ROOT/scripts/setup.sh"
# Browser tours need Chromium; the demo data renders PDF documents.
bash "$ROOT/scripts/system-deps.sh" chromium
bash "$ROOT/scripts/system-deps.sh" wkhtmltopdf \
    || say "Continuing without wkhtmltopdf: documents are sent without their PDF."

if [ "$SKIP_LINT" != 1 ]; then
    bash "$ROOT/scripts/lint.sh"
fi

RUN_DIR="$STATE/logs/test-$TEST_DB"
CREATED_DBS=()
cleanup() {
    trap - EXIT INT TERM
    prod_stop
    jobs -p | xargs -r kill 2>/dev/null || true
    wait 2>/dev/null || true
    if [ "$KEEP_DB" != 1 ] && [ -n "${PGPORT_VALUE:-}" ]; then
        local db
        for db in "${CREATED_DBS[@]}"; do
            drop_db "$db" >/dev/null 2>&1 || true
            rm -rf "$STATE/data/filestore/$db"
        done
    fi
    pg_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"

# install <db> <log> <odoo mode arguments...>: install or update the addons.
install() {
    local db="$1" log="$2"
    shift 2
    if ! "$VENV/bin/odoo" -c "$CONF" -d "$db" "$@" \
        --stop-after-init --no-http --log-level=warn --logfile="$log"; then
        tail -n 40 "$log" >&2
        say "Installing into $db failed, see $log."
        return 1
    fi
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" >&2; then
        say "Installing into $db logged errors (above), see $log."
        return 1
    fi
}

# run_pytest <db> <output> <pytest arguments...>: pytest-odoo on <db>.
run_pytest() {
    local db="$1" output="$2"
    shift 2
    # shellcheck disable=SC2086
    "$VENV/bin/pytest" --odoo-config="$CONF" --odoo-database="$db" \
        --odoo-http --odoo-log-level=warn -p no:cacheprovider "$@" >"$output" 2>&1
}

# count <pytest output>: "N passed[, M failed...]" from pytest's summary line.
count() {
    local summary
    summary="$(grep -E '^=+ .*(passed|failed|error|no tests ran).* =+$' "$1" | tail -n 1)"
    summary="${summary#*= }"
    summary="${summary% =*}"
    printf '%s' "${summary% in *}"
}

# A run succeeds when pytest succeeded and ran at least one test.
check_run() {
    local label="$1" status="$2" output="$3" summary
    summary="$(count "$output")"
    printf '%s: %s\n' "$label" "${summary:-no result}" >>"$RUN_DIR/summary"
    if [ "$status" != 0 ] || ! grep -qE '[0-9]+ passed' <<<"$summary"; then
        printf '%s\n' "$label" >>"$RUN_DIR/failed"
        return 1
    fi
}

# Each run has a database, a configuration and an HTTP port of its own.
run_conf() {
    local conf="$RUN_DIR/odoo-$1.conf"
    write_odoo_conf "$conf" "$(free_port)"
    printf '%s' "$conf"
}

# Each addon alone, with its demo data, running its own tests.
alone_run() {
    local addon="$1" db="${TEST_DB}_alone_$1" status=0
    CONF="$(run_conf "alone-$addon")"
    drop_db "$db" >/dev/null 2>&1 || true
    if install "$db" "$RUN_DIR/install-alone-$addon.log" -i "$addon" --with-demo; then
        run_pytest "$db" "$RUN_DIR/alone-$addon.out" "addons/$addon" || status=$?
    else
        status=1
        printf 'install failed\n' >"$RUN_DIR/alone-$addon.out"
    fi
    check_run "alone $addon" "$status" "$RUN_DIR/alone-$addon.out" || true
}

# All addons without demo data, running tests/without_demo.
without_demo_run() {
    local db="${TEST_DB}_without_demo" status=0
    CONF="$(run_conf without-demo)"
    drop_db "$db" >/dev/null 2>&1 || true
    if install "$db" "$RUN_DIR/install-without-demo.log" -i "$ADDONS"; then
        POSTSALE_WITHOUT_DEMO=1 run_pytest "$db" "$RUN_DIR/without-demo.out" \
            tests/without_demo || status=$?
    else
        status=1
        printf 'install failed\n' >"$RUN_DIR/without-demo.out"
    fi
    check_run "without demo" "$status" "$RUN_DIR/without-demo.out" || true
}

# All addons together with demo data, every test.
together_run() {
    local mode status=0
    CONF="$(run_conf together)"
    if [ "$REUSE_DB" = 1 ] && db_exists "$TEST_DB"; then
        # addons new since the database was made are installed, the others updated
        mapfile -t mode < <(addons_update_args "$TEST_DB")
    else
        drop_db "$TEST_DB" >/dev/null 2>&1 || true
        mode=(-i "$ADDONS" --with-demo)
    fi
    if install "$TEST_DB" "$RUN_DIR/install-together.log" "${mode[@]}"; then
        # shellcheck disable=SC2086
        run_pytest "$TEST_DB" "$RUN_DIR/together.out" $T || status=$?
    else
        status=1
        printf 'install failed\n' >"$RUN_DIR/together.out"
    fi
    check_run "together" "$status" "$RUN_DIR/together.out" || true
}

cd "$ROOT"
# The runs, longest first, two at a time (two cores).
RUNS=(together_run)
if [ "$ALONE" = 1 ]; then
    for addon in ${ADDONS//,/ }; do
        RUNS+=("alone_run $addon")
        CREATED_DBS+=("${TEST_DB}_alone_${addon}")
    done
    RUNS+=(without_demo_run)
    CREATED_DBS+=("${TEST_DB}_without_demo")
    say "Running the whole suite, each addon alone and all without demo data, two runs at a time"
else
    say "Running the suite on $TEST_DB"
fi
CREATED_DBS+=("$TEST_DB")
JOBS="${JOBS:-2}"
for run in "${RUNS[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
        wait -n || true
    done
    # shellcheck disable=SC2086
    $run &
done
wait || true
if [ "$ALONE" = 1 ]; then
    for addon in ${ADDONS//,/ }; do
        grep "^alone $addon: " "$RUN_DIR/summary" || printf 'alone %s: no result\n' "$addon"
    done
    grep "^without demo: " "$RUN_DIR/summary" || printf 'without demo: no result\n'
fi
cat "$RUN_DIR/together.out"
if [ -s "$RUN_DIR/failed" ]; then
    while read -r label; do
        [ "$label" = together ] && continue
        file="$RUN_DIR/${label// /-}.out"
        say "$label failed; the end of its output ($file):"
        tail -n 60 "$file" >&2
    done <"$RUN_DIR/failed"
    die "Failed: $(paste -sd, "$RUN_DIR/failed" | sed 's/,/, /g')."
fi

if [ "$SMOKE" = 1 ]; then
    say "Smoke check: $TEST_DB served in production shape"
    smoke_log="$RUN_DIR/smoke.log"
    SMOKE_PORT="${SMOKE_PORT:-$(free_port)}"
    write_odoo_conf "$RUN_DIR/odoo-smoke.conf" "$SMOKE_PORT"
    prod_start "$TEST_DB" "$SMOKE_PORT" 2 1 "$smoke_log"
    "$(venv_python)" "$ROOT/scripts/smoke_production.py" "$SMOKE_PORT" "$smoke_log" \
        || die "The smoke check of the production shape failed, see $smoke_log."
    prod_stop
    # pytest's summary stays the closing line of the run.
    grep -E '^=+ .* in [0-9.]+s' "$RUN_DIR/together.out" | tail -n 1
fi
