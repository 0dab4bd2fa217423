#!/bin/sh
# Japan's native list is generated: regenerate data/regimes/jp/items-native.yaml from the
# 別表第一 snapshot and fail on any difference.  The catch-all HS lists in jp/rules.yaml and
# the Appended Table 3 / 3-2 / 4 groups in jp/groups.yaml are written by hand: check them
# against the snapshot of the same sync run (jp-derived.json, jp-countries.json).
set -u
SRC="$STRATEX_SHARED/data/jp_export_order_table1_eyewarnyou_2026-06"
CA="$STRATEX_SHARED/data/ear746_jp_catchall_eyewarnyou_2026-09"
STRATEX="${STRATEX:-build/stratex}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
python3 tools/jp2regime.py "$SRC" "$TMP" --manifest "$CA/manifest.json" \
    --hand-written data/regimes/jp/items.yaml || { echo "FAIL: jp2regime.py failed"; exit 1; }
f=jp/items-native.yaml
if ! diff -u "data/regimes/$f" "$TMP/regimes/$f" > "$TMP/diff" 2>&1; then
    echo "FAIL: data/regimes/$f differs from a fresh conversion:"; head -20 "$TMP/diff"; status=1
else
    echo "ok   data/regimes/$f"
fi
# 330 rows: 307 entries; 23 not entries (14 of 16の項, 6 削除, 3 hand-written in items.yaml).
n=$(grep -c '^  - id: JP-AT1-' "data/regimes/$f")
[ "$n" = 307 ] || { echo "FAIL: $n native entries, expected 307"; status=1; }

"$STRATEX" regime groups --jurisdiction JP --date "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stamp"]["asOf"])' "$CA/jp-countries.json")" \
    --format json > "$TMP/groups.json" || { echo "FAIL: stratex regime groups"; exit 1; }
python3 - "$CA" "$TMP/groups.json" <<'PY' || status=1
import json, sys, yaml
ca, groups_json = sys.argv[1], sys.argv[2]
derived = json.load(open(ca + "/jp-derived.json"))
countries = json.load(open(ca + "/jp-countries.json"))
rules = {r["id"]: r for r in yaml.safe_load(open("data/regimes/jp/rules.yaml"))["rules"]}
bad = 0
def same(what, have, want):
    global bad
    if have != want:
        print(f"FAIL: {what}: data has {have}, the snapshot {want}")
        bad = 1
    else:
        print(f"ok   {what} ({len(want)})")
conv = rules["JP-CA-CONV-2025"]["where"]
same("JP-CA-CONV-2025 hs = 16の項（1） include", conv["hs"], derived["catchAll16_1"]["include"])
same("JP-CA-CONV-2025 not_hs = 16の項（1） exclude", conv["not_hs"], derived["catchAll16_1"]["exclude"])
same("JP-CA-SCOPE-16 not_hs = 16の項（2） chapters", rules["JP-CA-SCOPE-16"]["where"]["not_hs"],
     derived["catchAll16_2Chapters"])
members = {g["group"]: sorted(m["country"] for m in g["members"]) for g in json.load(open(groups_json))["groups"]}
same("Group A = 別表第三", members.get("A", []), sorted(countries["groupA"]))
same("AT3-2 = 別表第三の二", members.get("AT3-2", []), sorted(countries["unArmsEmbargo"]))
same("Group D = 別表第三の二 + 別表第四", members.get("D", []),
     sorted(set(countries["unArmsEmbargo"]) | set(countries["concern"])))
sys.exit(bad)
PY
exit $status
