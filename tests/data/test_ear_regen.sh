#!/bin/sh
# The US EAR files under data/regimes are generated: regenerate them from the snapshot and
# fail on any difference (the checked-in files must be exactly what the tool produces).
set -u
SNAP="$STRATEX_SHARED/data/us_ear_2026-07-23"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 tools/ear2regime.py "$SNAP" "$TMP" || { echo "FAIL: ear2regime.py failed"; exit 1; }
status=0
for f in us/groups.yaml us/items.yaml us/licences.yaml us/rules-generated.yaml eu/items-derived.yaml kr/items-derived.yaml jp/items-derived.yaml; do
    if ! diff -u "data/regimes/$f" "$TMP/regimes/$f" > "$TMP/diff" 2>&1; then
        echo "FAIL: data/regimes/$f differs from a fresh conversion:"; head -20 "$TMP/diff"; status=1
    else
        echo "ok   data/regimes/$f"
    fi
done
# The conversion must cover the whole snapshot: every ECCN and every chart country.
n_eccn=$(grep -c '^  - id: US-CCL-' data/regimes/us/items.yaml)
[ "$n_eccn" = 633 ] || { echo "FAIL: $n_eccn ECCNs, expected 633"; status=1; }
exit $status
