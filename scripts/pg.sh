# The project's own PostgreSQL server (sourced by run.sh, test.sh and bench.sh).
#
# initdb into a git-ignored folder ($STATE/pg), loopback only, a free port of its
# own, no system service. PostgreSQL refuses to run as root: when the scripts run
# as root, the server runs as the unprivileged system user $PGUSER_OS.

PGSTATE="${PGSTATE:-$STATE/pg}"
PG_STARTED_HERE=0

_is_root() { [ "$(id -u)" = 0 ]; }

as_pg() {
    if _is_root; then
        runuser -u "$PGUSER_OS" -- "$@"
    else
        "$@"
    fi
}

_ensure_pg_user() {
    _is_root || return 0
    id -u "$PGUSER_OS" >/dev/null 2>&1 && return 0
    say "Creating the unprivileged system user $PGUSER_OS to run PostgreSQL"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PGUSER_OS" \
        || die "PostgreSQL cannot run as root and the user $PGUSER_OS cannot be created: create it or run as a normal user."
}

_choose_pgstate() {
    # The server user must reach its data folder; a clone inside a private home
    # (such as /root) is not reachable, then the data lives in /var/tmp instead.
    mkdir -p "$PGSTATE"
    if _is_root; then
        chown "$PGUSER_OS" "$PGSTATE"
        if ! runuser -u "$PGUSER_OS" -- test -w "$PGSTATE" 2>/dev/null; then
            local alt
            alt="/var/tmp/postsale-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
            say "$PGUSER_OS cannot reach $PGSTATE; keeping the PostgreSQL data in $alt"
            mkdir -p "$alt"
            chown "$PGUSER_OS" "$alt"
            PGSTATE="$alt"
        fi
    fi
    PGDATA="$PGSTATE/data"
    PGSOCK="$PGSTATE/socket"
}

_pg_password() {
    local file="$STATE/pg-password"
    if [ ! -s "$file" ]; then
        mkdir -p "$STATE"
        (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))' >"$file")
    fi
    cat "$file"
}

pg_start() {
    local bindir
    bindir="$(pg_bindir)" \
        || die "The PostgreSQL server binaries (initdb, pg_ctl) are not installed: install PostgreSQL 14 or newer (Debian: apt-get install postgresql)."
    PG_BIN="$bindir"
    _ensure_pg_user
    _choose_pgstate
    PGPASSWORD_VALUE="$(_pg_password)"
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        say "Creating the project's PostgreSQL cluster in $PGDATA"
        rm -rf "$PGDATA"
        as_pg mkdir -p "$PGDATA" "$PGSOCK"
        local pwfile="$PGSTATE/.pwfile"
        printf '%s\n' "$PGPASSWORD_VALUE" >"$pwfile"
        _is_root && chown "$PGUSER_OS" "$pwfile"
        chmod 600 "$pwfile"
        as_pg "$PG_BIN/initdb" --pgdata="$PGDATA" --username="$PG_ROLE" --pwfile="$pwfile" \
            --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
            >"$PGSTATE/initdb.log" 2>&1 \
            || { rm -f "$pwfile"; die "initdb failed, see $PGSTATE/initdb.log."; }
        rm -f "$pwfile"
        # Loopback only; commits are not flushed one by one (a local dev server).
        cat >>"$PGDATA/postgresql.conf" <<EOF

# postsale: the project's own server
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGSOCK'
synchronous_commit = off
max_connections = 200
EOF
    fi
    as_pg mkdir -p "$PGSOCK"
    if as_pg "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; then
        PGPORT_VALUE="$(sed -n 4p "$PGDATA/postmaster.pid")"
        return 0
    fi
    PGPORT_VALUE="$(cat "$PGSTATE/port" 2>/dev/null || true)"
    if [ -z "$PGPORT_VALUE" ] || ! port_is_free "$PGPORT_VALUE"; then
        PGPORT_VALUE="$(free_port)"
        as_pg sh -c "printf '%s' '$PGPORT_VALUE' > '$PGSTATE/port'"
    fi
    as_pg "$PG_BIN/pg_ctl" start --silent -w -t 120 -D "$PGDATA" -l "$PGSTATE/server.log" \
        -o "-p $PGPORT_VALUE" >/dev/null \
        || die "PostgreSQL did not start, see $PGSTATE/server.log."
    PG_STARTED_HERE=1
    say "PostgreSQL is listening on 127.0.0.1:$PGPORT_VALUE (data: $PGDATA)"
}

pg_stop() {
    [ "$PG_STARTED_HERE" = 1 ] || return 0
    as_pg "$PG_BIN/pg_ctl" stop --silent -w -t 60 -m fast -D "$PGDATA" >/dev/null 2>&1 || true
    PG_STARTED_HERE=0
    say "PostgreSQL stopped"
}

# Writes the Odoo configuration the scripts use: config/odoo.conf plus the
# connection to the project's server and the addons path of this checkout.
#   write_odoo_conf [file] [http port]   (default: $STATE/odoo.conf, $HTTP_PORT)
write_odoo_conf() {
    local conf="${1:-$STATE/odoo.conf}" port="${2:-$HTTP_PORT}"
    mkdir -p "$STATE/data"
    local site
    site="$("$(venv_python)" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    rm -f "$conf"
    (umask 077 && : >"$conf")
    {
        cat "$ROOT/config/odoo.conf"
        cat <<EOF
; written by scripts/pg.sh for this checkout
addons_path = $ODOO_SRC/addons,$site/odoo/addons,$ROOT/addons
data_dir = $STATE/data
db_host = 127.0.0.1
db_port = $PGPORT_VALUE
db_user = $PG_ROLE
db_password = $PGPASSWORD_VALUE
http_interface = 127.0.0.1
http_port = $port
EOF
    } >>"$conf"
    ODOO_CONF="$conf"
}

psql_cmd() {
    PGPASSWORD="$PGPASSWORD_VALUE" "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PGPORT_VALUE" -U "$PG_ROLE" "$@"
}

db_exists() {
    [ "$(psql_cmd -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

drop_db() {
    PGPASSWORD="$PGPASSWORD_VALUE" "$PG_BIN/dropdb" -h 127.0.0.1 -p "$PGPORT_VALUE" -U "$PG_ROLE" --if-exists "$1"
}
