#!/bin/sh
# Installs the Debian packages listed in deps/debian-packages.txt that are not yet installed.
# Run by `make` (through the deps stamp); safe to run again: it does nothing when all are present.
set -eu
list="${1:-deps/debian-packages.txt}"
missing=""
while read -r pkg cmd; do
    case "$pkg" in ''|'#'*) continue ;; esac
    if [ -n "$cmd" ] && command -v "$cmd" > /dev/null 2>&1; then continue; fi
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done < "$list"
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
if [ "$(id -u)" != 0 ]; then
    echo "deps: not root; run: apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
