#!/bin/sh
# docs/library.md: libstratex.so exports exactly the SX_EXTERN declarations of
# include/stratex/, has the SONAME libstratex.so.SX_SOVERSION, and the development links
# point at it.
set -u
B="$STRATEX_BUILD"
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }

if sh "$STRATEX_ROOT/tools/check-symbols.sh" "$B/libstratex.so" "$STRATEX_ROOT/include/stratex"; then
    ok "exports exactly the public API"
else
    bad "exports exactly the public API"
fi

# The check itself must catch a leak: a library exporting one more function fails it.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
printf 'int sx_internal_helper(void);\nint sx_internal_helper(void) { return 1; }\n' > "$T/leak.c"
if cc -shared -fPIC -o "$T/libleak.so" "$T/leak.c" 2>"$T/err" &&
   ! sh "$STRATEX_ROOT/tools/check-symbols.sh" "$T/libleak.so" "$STRATEX_ROOT/include/stratex" \
        2>"$T/err" >/dev/null && grep -q sx_internal_helper "$T/err"; then
    ok "check-symbols names an undeclared export"
else
    bad "check-symbols names an undeclared export"; cat "$T/err"
fi

# ... and a public declaration without SX_EXTERN, which would quietly not be exported.
mkdir -p "$T/inc"
cp "$STRATEX_ROOT"/include/stratex/*.h "$T/inc/"
printf 'int sx_forgotten_marker(int x);\n' >> "$T/inc/errors.h"
if ! sh "$STRATEX_ROOT/tools/check-symbols.sh" "$B/libstratex.so" "$T/inc" 2>"$T/err" >/dev/null &&
   grep -q 'sx_forgotten_marker' "$T/err"; then
    ok "check-symbols names a declaration without SX_EXTERN"
else
    bad "check-symbols names a declaration without SX_EXTERN"; cat "$T/err"
fi

sov=$(sed -n 's/^#define SX_SOVERSION \([0-9]*\)$/\1/p' "$STRATEX_ROOT/include/stratex/version.h")
soname=$(readelf -d "$B/libstratex.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" = "libstratex.so.$sov" ]; then ok "SONAME $soname"; else bad "SONAME \"$soname\", want libstratex.so.$sov"; fi
# the file is named after the version (libstratex.so.MAJOR.MINOR.PATCH, docs/library.md),
# which need not start with the SONAME's number (0.2.0 is ABI generation 1)
ver=$(sed -n 's/^#define SX_VERSION "\(.*\)"$/\1/p' "$STRATEX_ROOT/include/stratex/version.h")
if [ "$(readlink "$B/libstratex.so")" = "libstratex.so.$sov" ] &&
   [ "$(readlink "$B/libstratex.so.$sov")" = "libstratex.so.$ver" ]; then
    ok "links libstratex.so -> .so.$sov -> .so.$ver"
else
    bad "links: $(ls -l "$B"/libstratex.so*)"
fi
echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
