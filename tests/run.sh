#!/bin/sh
# Runs the suite for one build: unit tests, test scripts (CLI, golden cases, server),
# and the fuzz corpus replay.  Each unit binary or script counts as its own tests:
# a script may print "RESULT passed=N failed=M [skipped=K]" to report several; a cmocka
# binary's PASSED/FAILED/SKIPPED lines are read the same way; otherwise its exit status
# counts as one, and exit 77 means the whole script was skipped.  Skips are counted and
# shown, never hidden in "passed".  Writes BUILD/test-summary.txt ("passed failed skipped")
# and prints "N passed, N failed, N skipped".
#
# STRATEX_CI=1 (set by .ci/run): what a CI machine must have is required, so a PostgreSQL
# server that cannot be started is a failure there, not a skip.
set -u
BUILD="$1"
SHARED="${2:-../shared}"
export STRATEX="$BUILD/stratex" STRATEX_BUILD="$BUILD" STRATEX_SHARED="$SHARED"
export STRATEX_ROOT="$(pwd)"
# Index files (ixfile.c) go under the build, not the user's cache: tests index data
# folders in temporary directories, and each left a 90 MB file behind in ~/.cache/stratex
# that nothing removed.  A test that looks at the file itself sets its own.
case "$BUILD" in /*) builddir="$BUILD" ;; *) builddir="$(pwd)/$BUILD" ;; esac
export STRATEX_CACHE_DIR="${STRATEX_CACHE_DIR:-$builddir/index-cache}"
mkdir -p "$STRATEX_CACHE_DIR"
LOGDIR="$BUILD/test-logs"

# A throwaway PostgreSQL server for the audit store's PostgreSQL tests (STRATEX_PG_URL).
. tests/pg.sh
pg_start
if [ "${STRATEX_CI:-}" = 1 ] && [ -z "${STRATEX_PG_URL:-}" ]; then
    echo "FAIL postgresql: STRATEX_CI=1 and no PostgreSQL server could be started (see above)"
    pg_ci_fail=1
fi
trap pg_stop EXIT
trap 'pg_stop; exit 130' INT TERM

mkdir -p "$LOGDIR"
pass=0
fail=0
skip=0

record() {  # name, status, log
    name="$1"; status="$2"; log="$3"
    counts=$(grep -E '^RESULT passed=[0-9]+ failed=[0-9]+' "$log" | tail -1)
    cm_pass=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    cm_fail=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    cm_skip=$(sed -n 's/^ *\([0-9]*\) SKIPPED TEST.*/\1/p' "$log" | tail -1)
    if [ -z "$counts" ] && [ -n "$cm_pass$cm_fail" ]; then
        counts="RESULT passed=${cm_pass:-0} failed=${cm_fail:-0} skipped=${cm_skip:-0}"
    fi
    s=0
    if [ -n "$counts" ]; then
        p=$(echo "$counts" | sed -E 's/.*passed=([0-9]+).*/\1/')
        f=$(echo "$counts" | sed -E 's/.*failed=([0-9]+).*/\1/')
        case "$counts" in *skipped=*) s=$(echo "$counts" | sed -E 's/.*skipped=([0-9]+).*/\1/') ;; esac
        if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    elif [ "$status" = 0 ]; then p=1; f=0
    elif [ "$status" = 77 ]; then p=0; f=0; s=1
    else p=0; f=1
    fi
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    if [ "$f" = 0 ] && [ "$s" != 0 ]; then
        echo "ok   $name ($p, $s skipped: $(grep -m1 -i 'skip' "$log" | cut -c1-100))"
    elif [ "$f" = 0 ]; then
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

fail=$((fail + ${pg_ci_fail:-0}))
echo "$pass $fail $skip" > "$BUILD/test-summary.txt"
echo "$BUILD: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
