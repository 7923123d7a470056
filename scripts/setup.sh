#!/usr/bin/env bash
# Sets up whatever is missing: the Odoo 19.0 source, the virtualenv with Odoo's
# Python requirements, the project's pinned PyPI requirements and the lint tools.
# Idempotent: a second call with nothing changed does nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_python() {
    command -v "$PYTHON" >/dev/null 2>&1 \
        || die "Python 3.10 or newer is needed: install python3 (with venv and headers) or set PYTHON=/path/to/python3."
    "$PYTHON" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
        || die "Odoo 19.0 needs Python 3.10 or newer with the venv module: install it or set PYTHON=/path/to/python3."
}

check_odoo_src() {
    if [ -f "$ODOO_SRC/odoo/release.py" ]; then
        grep -qE "^version_info = \(19, 0," "$ODOO_SRC/odoo/release.py" \
            || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree: point ODOO_SRC at an Odoo 19.0 checkout."
        return 0
    fi
    if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "ODOO_SRC=$ODOO_SRC exists but holds no Odoo source: point ODOO_SRC at an Odoo 19.0 checkout or remove that folder."
    fi
    say "No Odoo source at $ODOO_SRC: cloning $ODOO_GIT_URL ($ODOO_BRANCH, shallow)"
    mkdir -p "$(dirname "$ODOO_SRC")" 2>/dev/null \
        || die "Cannot create $(dirname "$ODOO_SRC"): set ODOO_SRC to a writable folder or to an existing Odoo 19.0 checkout."
    if ! timeout 1800 git clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT_URL" "$ODOO_SRC" 2>/dev/null; then
        rm -rf "$ODOO_SRC"
        die "No Odoo 19.0 source at $ODOO_SRC and $ODOO_GIT_URL cannot be cloned: set ODOO_SRC to a local Odoo 19.0 checkout."
    fi
}

stamp_of() {
    # Anything that changes what the virtualenv must hold changes the stamp.
    {
        "$PYTHON" --version 2>&1
        printf '%s\n' "$ODOO_SRC"
        cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$0"
    } | sha256sum | cut -d' ' -f1
}

install_venv() {
    local stamp_file="$VENV/.postsale-stamp" stamp
    stamp="$(stamp_of)"
    if [ -x "$(venv_python)" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
        return 0
    fi
    say "Setting up the virtualenv in $VENV"
    if [ ! -x "$(venv_python)" ]; then
        "$PYTHON" -m venv "$VENV" || die "Cannot create a virtualenv: install the python3-venv package."
    fi
    local tmp
    tmp="$(mktemp -d)"
    # Some of Odoo's pinned dependencies build from sdists that still import
    # pkg_resources: their build environments need an older setuptools.
    printf 'setuptools<70\n' >"$tmp/build-constraints.txt"
    # python-ldap is only used by auth_ldap, which this project does not install,
    # and needs the libldap/libsasl headers to build.
    grep -viE '^\s*python-ldap' "$ODOO_SRC/requirements.txt" >"$tmp/odoo-requirements.txt"
    local pip=("$VENV/bin/pip" install --quiet --disable-pip-version-check)
    # The build constraint is for these two steps only: PIP_CONSTRAINT also
    # constrains what is installed into the virtualenv itself, and the
    # virtualenv needs a recent setuptools (pinned in requirements.txt), whose
    # pkg_resources finds distributions by their normalized names (gevent's
    # websocket process loads its plugins through it; with the setuptools of
    # Python's venv it cannot find zope.interface and crash-loops).
    # Silence warnings about missing extra indexes configured on some machines.
    PIP_CONSTRAINT="$tmp/build-constraints.txt" "${pip[@]}" -r "$tmp/odoo-requirements.txt" \
        2> >(grep -v 'is ignored: it is neither' >&2) \
        || die "Installing Odoo's Python requirements failed (see above): install the build headers (libpq-dev, libxml2-dev, libxslt1-dev, libjpeg-dev) or reach PyPI."
    PIP_CONSTRAINT="$tmp/build-constraints.txt" "${pip[@]}" --no-deps -e "$ODOO_SRC" \
        2> >(grep -v 'is ignored: it is neither' >&2) \
        || die "Installing Odoo from $ODOO_SRC into the virtualenv failed (see above)."
    "${pip[@]}" -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt" 2> >(grep -v 'is ignored: it is neither' >&2) \
        || die "Installing the project's requirements failed (see above): PyPI must be reachable."
    # What gevent's websocket process imports at start: fail here, not there.
    "$(venv_python)" -c 'import pkg_resources, gevent.events; pkg_resources.get_distribution("zope.interface")' 2>/dev/null \
        || die "The virtualenv's setuptools cannot find zope.interface: run make clean, then make setup again."
    rm -rf "$tmp"
    printf '%s' "$stamp" >"$stamp_file"
}

main() {
    check_python
    check_odoo_src
    install_venv
}

main "$@"
