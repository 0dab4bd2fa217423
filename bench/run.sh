#!/bin/sh
# Benchmarks (make bench): figures are printed, never asserted.
# Usage: bench/run.sh BUILD SHARED
set -eu
BUILD="${1:-build}"
SHARED="${2:-../shared}"
Y="$SHARED/data/name_matching_eval/yente_candidate_generation"
E="$SHARED/eval"
echo "== screening, bundled lists, one thread ($(nproc) cores on this machine)"
"$BUILD/bench/bench_screen" \
    "$Y/positives_un_untreated.csv" "$Y/positives_un_treated.csv" \
    "$Y/negatives_us.csv" "$Y/negatives_global.csv" \
    "$E/kr-designated/queries.csv" "$E/kr-companies/queries.csv" \
    "$E/jp-companies/queries.csv" "$E/jp-companies/queries-kana.csv"
