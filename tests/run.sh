#!/bin/sh
# Runs the suite for one build: unit tests, test scripts (CLI, golden cases, server),
# and the fuzz corpus replay.  Each unit binary or script counts as its own tests:
# a script may print "RESULT passed=N failed=M" to report several; otherwise its exit
# status counts as one.  Writes BUILD/test-summary.txt ("passed failed") and prints
# "N passed, N failed".
set -u
BUILD="$1"
SHARED="${2:-../shared}"
export STRATEX="$BUILD/stratex" STRATEX_BUILD="$BUILD" STRATEX_SHARED="$SHARED"
export STRATEX_ROOT="$(pwd)"
LOGDIR="$BUILD/test-logs"

# A throwaway PostgreSQL server for the audit store's PostgreSQL tests (STRATEX_PG_URL).
. tests/pg.sh
pg_start
trap pg_stop EXIT
trap 'pg_stop; exit 130' INT TERM

mkdir -p "$LOGDIR"
pass=0
fail=0

record() {  # name, status, log
    name="$1"; status="$2"; log="$3"
    counts=$(grep -E '^RESULT passed=[0-9]+ failed=[0-9]+' "$log" | tail -1)
    cm_pass=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    cm_fail=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    if [ -z "$counts" ] && [ -n "$cm_pass$cm_fail" ]; then
        counts="RESULT passed=${cm_pass:-0} failed=${cm_fail:-0}"
    fi
    if [ -n "$counts" ]; then
        p=$(echo "$counts" | sed -E 's/.*passed=([0-9]+).*/\1/')
        f=$(echo "$counts" | sed -E 's/.*failed=([0-9]+).*/\1/')
        if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    elif [ "$status" = 0 ]; then p=1; f=0
    else p=0; f=1
    fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$f" = 0 ]; then
        echo "ok   $name ($p)"
    else
        echo "FAIL $name ($f failed, exit $status)"
        tail -n 40 "$log" | sed 's/^/     | /'
    fi
}

run_one() {  # name, command...
    name="$1"; shift
    log="$LOGDIR/$(echo "$name" | tr '/ ' '__').log"
    "$@" > "$log" 2>&1
    record "$name" "$?" "$log"
}

for t in $(find "$BUILD/tests" -type f -perm -u+x 2>/dev/null | sort); do
    run_one "unit/${t#$BUILD/tests/}" "$t"
done

for s in $(find tests/cli tests/cases tests/server tests/e2e tests/data -name 'test_*.sh' 2>/dev/null | sort); do
    run_one "${s#tests/}" sh "$s"
done

for r in $(find "$BUILD/fuzz" -name 'replay_*' -type f 2>/dev/null | sort); do
    target=${r##*/replay_}
    if [ -d "fuzz/corpus/$target" ]; then
        run_one "fuzz/$target" "$r" "fuzz/corpus/$target"
    fi
done

echo "$pass $fail" > "$BUILD/test-summary.txt"
echo "$BUILD: $pass passed, $fail failed"
[ "$fail" = 0 ]
