#!/bin/sh
# libstratex exports exactly its public API (docs/library.md): every symbol the shared
# library exports is a function declared SX_EXTERN in include/stratex/, and every such
# declaration is exported.  Anything else leaking out (an internal sx_ helper, a symbol of
# a linked dependency) would become ABI that programs can bind to by accident.
#
#   tools/check-symbols.sh build/libstratex.so [include/stratex]
set -eu
lib="$1"
headers="${2:-$(dirname "$0")/../include/stratex}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 ~ /^[A-Za-z]$/ {print $3}' \
    | grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$' | sort -u > "$tmp/exported"
# The name is on the SX_EXTERN line: "SX_EXTERN const char *sx_version(void);"
grep -h '^SX_EXTERN ' "$headers"/*.h | sed -n 's/^[^(]*[^a-z0-9_]\(sx_[a-z0-9_]*\)(.*/\1/p' \
    | sort -u > "$tmp/declared"

status=0
# A public function declared without SX_EXTERN would be silently hidden (not exported at
# all), so every top-level declaration of an sx_ function must carry it.
unmarked=$(grep -n -E '^[A-Za-z_][A-Za-z0-9_ ]*[ *]sx_[a-z0-9_]+\(' "$headers"/*.h \
           | grep -v -E ':(SX_EXTERN |typedef |#)' || true)
if [ -n "$unmarked" ]; then
    echo "public functions declared without SX_EXTERN (they would not be exported):" >&2
    echo "$unmarked" | sed 's/^/  /' >&2
    status=1
fi
undeclared=$(comm -23 "$tmp/exported" "$tmp/declared")
if [ -n "$undeclared" ]; then
    echo "exported but not declared SX_EXTERN in $headers:" >&2
    echo "$undeclared" | sed 's/^/  /' >&2
    status=1
fi
missing=$(comm -13 "$tmp/exported" "$tmp/declared")
if [ -n "$missing" ]; then
    echo "declared SX_EXTERN but not exported (undefined, or built without the header):" >&2
    echo "$missing" | sed 's/^/  /' >&2
    status=1
fi
[ "$status" = 0 ] || exit 1
echo "$(wc -l < "$tmp/exported") exported symbols, each declared in $headers"
