# Shared settings and helpers for the project's scripts (sourced, not run).
# Every value can be overridden from the environment or from `make VAR=value`.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# A local Odoo 19.0 source tree; cloned from upstream git when missing.
ODOO_SRC="${ODOO_SRC:-/opt/odoo/19.0}"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
ODOO_BRANCH="${ODOO_BRANCH:-19.0}"

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$ROOT/.venv}"
STATE="${STATE:-$ROOT/.state}"
DB="${DB:-postsale_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"
PGUSER_OS="${PGUSER_OS:-postsale-pg}"
# The Odoo database role of the project's own PostgreSQL server.
PG_ROLE="odoo"

ADDONS="contract_amendment,helpdesk_mgmt_portal_guard,crm_renegotiation,crm_deal_contract,contract_portal,postsale_billing"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

venv_python() { printf '%s/bin/python' "$VENV"; }

# The PostgreSQL binaries of the machine (Debian keeps them out of PATH).
pg_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            printf '%s' "$dir"
            return 0
        fi
    fi
    for dir in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin /usr/pgsql-*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            printf '%s' "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

free_port() {
    "$PYTHON" - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

port_is_free() {
    "$PYTHON" - "$1" <<'EOF'
import socket, sys
with socket.socket() as s:
    # As servers do: connections still in TIME_WAIT do not make it busy.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
EOF
}
