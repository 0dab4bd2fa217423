#!/bin/sh
# Adds up the per-build summaries written by tests/run.sh and prints the closing line.
pass=0; fail=0
for f in "$@"; do
    if [ -f "$f" ]; then
        read -r p q < "$f"
        pass=$((pass + p)); fail=$((fail + q))
    else
        echo "missing $f: that build or its suite did not complete" >&2
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
