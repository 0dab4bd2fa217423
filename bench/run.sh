#!/bin/sh
# `make bench`: runs every benchmark and prints its figures with the machine it ran on.
# Figures are reported, never asserted.
set -u
BUILD="$1"
SHARED="${2:-../shared}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
for b in "$BUILD"/bench/bench_*; do
    [ -x "$b" ] || continue
    case "$b" in
        *bench_decide) "$b" data ;;
        *) "$b" data "$SHARED" ;;
    esac
done
for s in bench/bench_*.sh; do
    [ -f "$s" ] && sh "$s" "$BUILD" "$SHARED"
done
exit 0
