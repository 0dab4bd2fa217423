#!/bin/sh
# `make bench`: runs every benchmark and prints its figures with the machine it ran on.
# Figures are reported, never asserted.   Usage: bench/run.sh BUILD SHARED
set -u
BUILD="${1:-build}"
SHARED="${2:-../shared}"
Y="$SHARED/data/name_matching_eval/yente_candidate_generation"
E="$SHARED/eval"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"

echo "== determinations, one thread"
"$BUILD/bench/bench_decide" data

echo "== screening, bundled lists, one thread"
"$BUILD/bench/bench_screen" \
    "$Y/positives_un_untreated.csv" "$Y/positives_un_treated.csv" \
    "$Y/negatives_us.csv" "$Y/negatives_global.csv" \
    "$E/kr-designated/queries.csv" "$E/kr-companies/queries.csv" \
    "$E/jp-companies/queries.csv" "$E/jp-companies/queries-kana.csv"

echo "== audit appends"
"$BUILD/bench/bench_audit"

echo "== HTTP on loopback (wrk)"
sh bench/bench_http.sh "$BUILD" "$SHARED"
exit 0
