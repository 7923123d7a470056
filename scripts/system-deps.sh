#!/usr/bin/env bash
# Installs a Debian package the scripts need when it is missing:
#   chromium     headless browser of the browser tours (`make test`)
#   wkhtmltopdf  PDF rendering of reports (the contract document, `make run`)
#   nginx        the proxy in front of Odoo in production shape (scripts/prod.sh)
# Exits non-zero with one sentence when it is missing and cannot be installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

have_chromium() {
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    return 1
}

apt_install() {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    say "Installing $1 with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1"; } \
        >"${STATE}/apt-$1.log" 2>&1
}

mkdir -p "$STATE"
case "${1:-}" in
chromium)
    have_chromium && exit 0
    apt_install chromium && have_chromium && exit 0
    die "Chromium is needed for the browser tours and could not be installed: install it (Debian: apt-get install chromium) and run again."
    ;;
wkhtmltopdf)
    command -v wkhtmltopdf >/dev/null 2>&1 && exit 0
    apt_install wkhtmltopdf && exit 0
    say "wkhtmltopdf is missing: PDF reports will not render (Debian: apt-get install wkhtmltopdf)."
    exit 1
    ;;
nginx)
    command -v nginx >/dev/null 2>&1 && exit 0
    apt_install nginx && command -v nginx >/dev/null 2>&1 && exit 0
    die "nginx is needed in front of Odoo in production shape and could not be installed: install it (Debian: apt-get install nginx) and run again."
    ;;
*)
    die "usage: system-deps.sh chromium|wkhtmltopdf|nginx"
    ;;
esac
