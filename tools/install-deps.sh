#!/bin/sh
# Installs the Debian packages nerq needs, when they are missing. Run by `make deps`
# (and so by `make run`, `make test`); needs root (or sudo) only when something is missing.
set -e
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
have_pc libpcre2-8 || need="$need libpcre2-dev"
have_pc jansson || need="$need libjansson-dev"
have_pc libxxhash || need="$need libxxhash-dev"
have_pc check || need="$need check"
[ -f /usr/include/uthash.h ] || need="$need uthash-dev"
command -v python3 >/dev/null 2>&1 || need="$need python3"
[ -f /usr/share/dict/words ] || need="$need wamerican"
[ -f /usr/share/iso-codes/json/iso_3166-1.json ] || need="$need iso-codes"
[ -x /usr/bin/time ] || need="$need time"
command -v parallel >/dev/null 2>&1 || need="$need parallel"
if [ "${NERQ_WITH_CLANG:-0}" = 1 ]; then
    command -v clang >/dev/null 2>&1 || need="$need clang"
    dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need="$need libclang-rt-14-dev"
fi
if [ "${NERQ_WITH_BROWSER:-0}" = 1 ]; then
    # headless Chromium for tests/t_report_browser.sh, and a font to render with
    command -v chromium >/dev/null 2>&1 || need="$need chromium"
    dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need="$need fonts-dejavu-core"
fi
[ -z "$need" ] && exit 0
echo "nerq: installing Debian packages:$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
