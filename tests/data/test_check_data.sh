#!/bin/sh
# The regime data is consistent with itself and with the US EAR snapshot it came from
# (tools/check_data.c: coverage of every ECCN, no derived unilateral number, no verified
# entry that asks, sub-items that exist).  Then a planted fault must be caught.
set -u
"$STRATEX_BUILD/check-data" data "$STRATEX_SHARED/data/us_ear_2026-07-23" || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp -r data/regimes "$TMP/regimes"
# a unilateral US number among the derived Korean entries
cat >> "$TMP/regimes/kr/items-derived.yaml" <<'YAML'
  - id: KR-MLT-3A090
    controls: [3A090]
    name: planted
    cite: MLT-CCL-DERIVED
    status: partial
YAML
out=$("$STRATEX_BUILD/check-data" "$TMP" "$STRATEX_SHARED/data/us_ear_2026-07-23")
[ $? = 1 ] || { echo "FAIL: a derived 3A090 was not reported"; exit 1; }
echo "$out" | grep -q "KR-MLT-3A090: derived entry uses 3A090" || { echo "FAIL: message: $out"; exit 1; }
echo "ok   planted unilateral number reported"
