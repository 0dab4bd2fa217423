#!/bin/sh
# Adds up the per-build summaries written by tests/run.sh ("passed failed skipped") and
# prints the closing line.  Skipped tests are shown so that a green line cannot hide them.
pass=0; fail=0; skip=0
for f in "$@"; do
    if [ -f "$f" ]; then
        read -r p q s < "$f"
        pass=$((pass + p)); fail=$((fail + q)); skip=$((skip + ${s:-0}))
    else
        echo "missing $f: that build or its suite did not complete" >&2
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
