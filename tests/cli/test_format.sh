#!/bin/sh
# HOUSE-STYLE: clang-format with the committed .clang-format.  The files listed in
# tools/clang-format-files.txt must be formatted exactly; any other file is reported as a
# count only (not a failure), so the list can grow one file at a time.
set -u
R="$STRATEX_ROOT"
pass=0; fail=0
if ! command -v clang-format > /dev/null; then
    echo "clang-format not installed (deps/debian-packages.txt lists it)"
    if [ "${STRATEX_CI:-}" = 1 ]; then echo "RESULT passed=0 failed=1"; exit 1; fi
    exit 77
fi
for f in $(grep -v '^#' "$R/tools/clang-format-files.txt"); do
    if [ ! -f "$R/$f" ]; then
        echo "FAIL $f: listed in tools/clang-format-files.txt but missing"; fail=$((fail+1))
    elif (cd "$R" && clang-format --dry-run --Werror "$f") > /dev/null 2>&1; then
        pass=$((pass+1))
    else
        echo "FAIL $f: not formatted (clang-format -i $f)"
        (cd "$R" && clang-format "$f" | diff "$f" - | head -10)
        fail=$((fail+1))
    fi
done
others=0
for f in $(cd "$R" && find src include -name '*.[ch]' | sort); do
    grep -qx "$f" "$R/tools/clang-format-files.txt" || others=$((others+1))
done
echo "$pass listed files formatted; $others files not yet on the list"
echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
