#!/bin/sh
# docs/library.md, install: `make install DESTDIR=... PREFIX=/usr` puts the library (static,
# shared with its SONAME links), headers, stratex.pc, the CLI, the data and the man pages in
# place; a C and a C++ program built only with `pkg-config --cflags --libs stratex` against
# that copy decide a shipment and screen a name with the installed data; `make uninstall`
# removes everything install put there.
set -u
R="$STRATEX_ROOT"
B="$STRATEX_BUILD"
# The build flavour the suite runs (the Makefile's check target passes BUILD and SAN), so
# installing does not rebuild the library with other flags.
MK="${STRATEX_MAKEFLAGS:-BUILD=$B}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D="$T/root"
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
check() { # name, command...
    name="$1"; shift
    if "$@" > "$T/out" 2> "$T/err"; then ok "$name"; else bad "$name"; cat "$T/out" "$T/err" | tail -20; fi
}

# shellcheck disable=SC2086
check "make install" make -C "$R" --no-print-directory $MK install DESTDIR="$D" PREFIX=/usr
for f in usr/bin/stratex usr/lib/libstratex.a usr/lib/pkgconfig/stratex.pc \
         usr/include/stratex/stratex.h usr/include/stratex/common.h \
         usr/share/stratex/data/regimes usr/share/stratex/data/lists/MANIFEST \
         usr/share/man/man1/stratex.1 usr/share/man/man1/stratex-check.1; do
    if [ -e "$D/$f" ]; then ok "installed /$f"; else bad "installed /$f"; fi
done
sov=$(sed -n 's/^#define SX_SOVERSION \([0-9]*\)$/\1/p' "$R/include/stratex/version.h")
if [ "$(readlink "$D/usr/lib/libstratex.so")" = "libstratex.so.$sov" ] &&
   [ -f "$D/usr/lib/$(readlink "$D/usr/lib/libstratex.so.$sov")" ]; then
    ok "installed SONAME links"
else
    bad "installed SONAME links: $(ls -l "$D"/usr/lib/libstratex.so* 2>&1)"
fi
if grep -q '^\.SH SYNOPSIS' "$D/usr/share/man/man1/stratex-screen.1" &&
   grep -q 'stratex screen' "$D/usr/share/man/man1/stratex-screen.1"; then
    ok "man page from --help"
else
    bad "man page from --help"
fi

# Build against the installed copy only: pkg-config reads the .pc under DESTDIR and
# prefixes its -I/-L paths with the sysroot.
export PKG_CONFIG_PATH="$D/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" PKG_CONFIG_LIBDIR="$D/usr/lib/pkgconfig:/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig"
flags=$(pkg-config --cflags --libs stratex)
case "$flags" in *"-I$D/usr/include"*"-L$D/usr/lib"*) ok "pkg-config: $flags" ;; *) bad "pkg-config flags: $flags" ;; esac
# pkgconf puts the sysroot in front of path variables too; pkg-config 0.29 does not
data=$(pkg-config --variable=datadir stratex)
case "$data" in "$D"/*) ;; *) data="$D$data" ;; esac
# shellcheck disable=SC2086
check "C program builds with pkg-config only" \
    cc -std=c11 -Wall -Werror ${STRATEX_SANFLAGS:-} -o "$T/embed" "$R/tests/install/embed.c" $flags
# shellcheck disable=SC2086
check "C++ program builds with pkg-config only" \
    g++ -std=c++11 -Wall -Werror ${STRATEX_SANFLAGS:-} -o "$T/embed_cxx" "$R/tests/install/embed.cc" $flags
if readelf -d "$T/embed" 2>/dev/null | grep -q "NEEDED.*\[libstratex.so.$sov\]"; then
    ok "program records the SONAME libstratex.so.$sov"
else
    bad "program records the SONAME libstratex.so.$sov"
fi
export LD_LIBRARY_PATH="$D/usr/lib"
check "C program decides and screens with the installed data" "$T/embed" "$data"
grep -q 'decision: licence_required' "$T/out" && grep -q 'screen: .*KWANGSON' "$T/out" &&
    ok "C program's answers" || { bad "C program's answers"; cat "$T/out"; }
check "C++ program decides and screens with the installed data" "$T/embed_cxx" "$data"
grep -q 'KWANGSON found' "$T/out" && ok "C++ program's answers" || { bad "C++ program's answers"; cat "$T/out"; }
unset LD_LIBRARY_PATH

# The installed CLI finds the installed data by itself (no STRATEX_DATA).
check "installed CLI finds its data" env -u STRATEX_DATA "$D/usr/bin/stratex" check --from JP --to KR --item 1C350 --date 2019-07-10
grep -q 'LICENCE REQUIRED' "$T/out" && ok "installed CLI answers" || bad "installed CLI answers"

# shellcheck disable=SC2086
check "make uninstall" make -C "$R" --no-print-directory $MK uninstall DESTDIR="$D" PREFIX=/usr
left=$(find "$D" -type f -o -type l)
if [ -z "$left" ]; then ok "uninstall leaves no file behind"; else bad "uninstall left:"; echo "$left" | head; fi
[ ! -d "$D/usr/include/stratex" ] && [ ! -d "$D/usr/share/stratex" ] && ok "uninstall removes stratex's own folders" ||
    bad "uninstall removes stratex's own folders"

echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
