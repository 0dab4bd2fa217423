#!/bin/sh
# Every symbol libstratex exports must carry the sx_ prefix (HOUSE-STYLE: names).
set -eu
lib="$1"
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' \
      | grep -v -E '^(sx_|_init$|_fini$|_edata$|_end$|__bss_start$)' || true)
if [ -n "$bad" ]; then
    echo "exported symbols without the sx_ prefix:" >&2
    echo "$bad" >&2
    exit 1
fi
echo "all exported symbols carry the sx_ prefix"
