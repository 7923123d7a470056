# Odoo in production shape (sourced by run.sh, test.sh and bench.sh): prefork
# HTTP workers, the gevent websocket process, a cron worker and queue_job's
# job runner (a worker of its own), behind nginx, which routes /websocket to
# the gevent process and everything else to the HTTP workers, as every
# production Odoo is served. Odoo's own default limits (60 s CPU, 120 s real
# per request). Needs pg.sh (pg_start, write_odoo_conf) first.
#
#   prod_start DB FRONT_PORT WORKERS CHANNELS LOG   start both, wait until ready
#   prod_stop                                       stop both
#
# Odoo's HTTP and gevent ports: ODOO_PORT / GEVENT_PORT, else FRONT_PORT + 1
# and + 3 (or free ports).

PROD_ODOO_PID=""
PROD_NGINX_PID=""

_prod_nginx_conf() {
    local front="$1" dir="$2" log_dir="$3" user_line=""
    if [ "$(id -u)" = 0 ]; then
        # The workers of nginx must not run as root; they write their
        # temporary files (large request bodies) in $dir/tmp.
        user_line="user $PGUSER_OS;"
        chown -R "$PGUSER_OS" "$dir/tmp"
    fi
    sed -e "s|@USER_LINE@|$user_line|" \
        -e "s|@DIR@|$dir|g" \
        -e "s|@LOG_DIR@|$log_dir|g" \
        -e "s|@FRONT_PORT@|$front|g" \
        -e "s|@ODOO_PORT@|$ODOO_PORT|g" \
        -e "s|@GEVENT_PORT@|$GEVENT_PORT|g" \
        "$ROOT/config/nginx.conf.in" >"$dir/nginx.conf"
}

# Waits until $1 answers (any HTTP status) or the process $2 is gone.
_prod_wait_http() {
    local url="$1" pid="$2" tries="${3:-300}"
    for _ in $(seq 1 "$tries"); do
        kill -0 "$pid" 2>/dev/null || return 1
        if "$(venv_python)" - "$url" <<'PY' 2>/dev/null; then
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=5)
except urllib.error.HTTPError:
    pass
PY
            return 0
        fi
        sleep 1
    done
    return 1
}

# What a process prints before its logging starts (a crash at import, say)
# goes to the log file too, when there is one.
_prod_stderr() {
    if [ -n "$1" ]; then
        cat >>"$1"
    else
        cat >&2
    fi
}

prod_start() {
    local db="$1" front="$2" workers="$3" channels="$4" log="$5"
    bash "$ROOT/scripts/system-deps.sh" nginx
    port_is_free "$front" \
        || die "Port $front is already in use: stop what listens there or choose another one with HTTP_PORT=..."
    # Next to the front port as Odoo's own defaults are (8069, 8072), or
    # any free port when those are taken.
    ODOO_PORT="${ODOO_PORT:-$((front + 1))}"
    port_is_free "$ODOO_PORT" || ODOO_PORT="$(free_port)"
    GEVENT_PORT="${GEVENT_PORT:-$((front + 3))}"
    port_is_free "$GEVENT_PORT" || GEVENT_PORT="$(free_port)"
    local dir="$STATE/nginx-$front" log_dir="$STATE/logs"
    [ -n "$log" ] && log_dir="$(dirname "$log")"
    mkdir -p "$dir/tmp" "$log_dir"
    _prod_nginx_conf "$front" "$dir" "$log_dir"
    # The job runner calls the HTTP workers directly, not through nginx.
    # gevent 22.10 (Odoo's pin) imports pkg_resources, which warns about its
    # own deprecation on every start of the websocket process: noise only.
    PYTHONWARNINGS="ignore:pkg_resources is deprecated:UserWarning" \
        ODOO_QUEUE_JOB_CHANNELS="root:$channels" \
        ODOO_QUEUE_JOB_HOST=127.0.0.1 ODOO_QUEUE_JOB_PORT="$ODOO_PORT" \
        "$VENV/bin/odoo" -c "$ODOO_CONF" -d "$db" --db-filter="^${db}\$" \
        --workers="$workers" --max-cron-threads=1 \
        --http-interface=127.0.0.1 --http-port="$ODOO_PORT" --gevent-port="$GEVENT_PORT" \
        --proxy-mode --load=base,web,queue_job \
        --limit-time-cpu=60 --limit-time-real=120 \
        ${log:+--logfile="$log"} 2> >(_prod_stderr "$log") &
    PROD_ODOO_PID=$!
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$log_dir/nginx-error.log" &
    PROD_NGINX_PID=$!
    _prod_wait_http "http://127.0.0.1:$ODOO_PORT/web/health" "$PROD_ODOO_PID" \
        || die "Odoo did not start in production shape, see ${log:-the log above}."
    # The websocket process starts after the HTTP workers.
    _prod_wait_http "http://127.0.0.1:$GEVENT_PORT/web/health" "$PROD_ODOO_PID" 120 \
        || die "Odoo's websocket process did not start, see ${log:-the log above}."
    _prod_wait_http "http://127.0.0.1:$front/web/login" "$PROD_NGINX_PID" 30 \
        || die "nginx did not start on port $front, see $log_dir/nginx-error.log."
}

prod_stop() {
    if [ -n "$PROD_NGINX_PID" ] && kill -0 "$PROD_NGINX_PID" 2>/dev/null; then
        kill -QUIT "$PROD_NGINX_PID" 2>/dev/null || true
        wait "$PROD_NGINX_PID" 2>/dev/null || true
    fi
    PROD_NGINX_PID=""
    if [ -n "$PROD_ODOO_PID" ] && kill -0 "$PROD_ODOO_PID" 2>/dev/null; then
        # SIGINT: Odoo stops its workers and finishes their requests.
        kill -INT "$PROD_ODOO_PID" 2>/dev/null || true
        wait "$PROD_ODOO_PID" 2>/dev/null || true
    fi
    PROD_ODOO_PID=""
}
