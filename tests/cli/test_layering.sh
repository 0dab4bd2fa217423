#!/bin/sh
# HOUSE-STYLE layout: the CLI and the server are clients of the library like any other
# program -- they include include/stratex/ (and src/util/), never src/lib/.  And every
# public header stands alone, in C and in C++ (extern "C", no internal includes).
set -u
R="$STRATEX_ROOT"
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }

reach=$(grep -rn '#include *"lib/' "$R/src/cli" "$R/src/server" 2>/dev/null)
if [ -z "$reach" ]; then ok "src/cli and src/server include nothing from src/lib"
else bad "src/cli or src/server include library internals:"; echo "$reach"; fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for h in "$R"/include/stratex/*.h; do
    name=stratex/${h##*/}
    printf '#include "%s"\n#include "%s"\nint main(void) { return 0; }\n' "$name" "$name" > "$T/one.c"
    if cc -std=c11 -Wall -Werror -I"$R/include" -fsyntax-only "$T/one.c" 2>"$T/err"; then ok "$name alone in C"
    else bad "$name alone in C"; cat "$T/err"; fi
    cp "$T/one.c" "$T/one.cc"
    if g++ -std=c++11 -Wall -Werror -I"$R/include" -fsyntax-only "$T/one.cc" 2>"$T/err"; then ok "$name alone in C++"
    else bad "$name alone in C++"; cat "$T/err"; fi
    # nothing a public header includes may live outside include/ and the C library
    if grep -E '#include *"' "$h" | grep -vq '"stratex/'; then bad "$name includes a non-public header"
    else ok "$name includes only stratex/ headers"; fi
done
echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
