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

echo "== screening, bundled lists, index loaded as the CLI and the server load it, one thread"
"$BUILD/bench/bench_screen" --opened "$Y/negatives_us.csv" "$E/jp-companies/queries.csv"

echo "== screening, 1M-name synthetic list (bundled lists + 900,000 names), one thread"
# The list is recombined from real names with a fixed seed (bench/synth_names.py); made
# once per build directory.
SYN="$BUILD/bench/synth"
if [ ! -f "$SYN/list.csv" ] || [ bench/synth_names.py -nt "$SYN/list.csv" ]; then
    python3 bench/synth_names.py data "$SHARED" "$SYN" 900000 2000
fi
"$BUILD/bench/bench_screen" --list "simple-csv:$SYN/list.csv" \
    "$SYN/q-mix.csv" "$SYN/q-exact.csv" "$SYN/q-typo.csv" "$SYN/q-absent.csv" "$SYN/q-cjk.csv"

echo "== delta re-screening: 1,000 entities added to the lists, a register of 1,000,000 parties"
REG="$BUILD/bench/register"
if [ ! -f "$REG/list.csv" ] || [ bench/synth_names.py -nt "$REG/list.csv" ]; then
    python3 bench/synth_names.py data "$SHARED" "$REG" 1000000 10
fi
python3 bench/delta_entities.py "$SHARED" "$REG/added.csv" 1000
"$BUILD/bench/bench_rescreen" data "$REG/list.csv" "$REG/added.csv"

echo "== audit appends"
"$BUILD/bench/bench_audit"

echo "== HTTP on loopback (wrk)"
sh bench/bench_http.sh "$BUILD" "$SHARED"
exit 0
