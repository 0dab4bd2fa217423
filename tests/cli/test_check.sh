#!/bin/sh
# stratex check / regime as a user runs them: the README's worked example, a batch, the
# memo, and bad input (clear message, exit 1, no partial output file).
set -u
S="$STRATEX"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()   { pass=$((pass+1)); echo "ok   $1"; }
bad()  { fail=$((fail+1)); echo "FAIL $1"; }
expect() { # name, expected-exit, command...
    name="$1"; want="$2"; shift 2
    "$@" > "$T/out" 2> "$T/err"; got=$?
    if [ "$got" = "$want" ]; then ok "$name"; else bad "$name (exit $got, want $want)"; cat "$T/err"; fi
}
has() { # name, file, text
    if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: no \"$3\" in $2"; head -20 "$2"; fi
}

# README worked example: hydrogen fluoride to Korea the day before and the day of the measure.
expect "check 2019-07-03" 0 $S check --from JP --to KR --item 1C350 --date 2019-07-03
has "2019-07-03 bulk open" "$T/out" "  - general_bulk: General bulk licence"
has "2019-07-03 Group A" "$T/out" "South Korea is in Group A on 2019-07-03 (JP-ETCO-AT3-KR-2004, verified)."
expect "check 2019-07-04" 0 $S check --from JP --to KR --item 1C350 --date 2019-07-04
has "2019-07-04 bulk closed" "$T/out" "  - general_bulk: Three-item measure"
has "2019-07-04 memo cites" "$T/out" "JP-SM-3ITEMS-2019, verified"

expect "check json" 0 $S check --from JP --to KR --item 1C350 --date 2019-07-10 --format json
python3 - "$T/out" <<'PY' && ok "json contract" || bad "json contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["decision"] == "licence_required" and d["jurisdiction"] == "JP" and d["date"] == "2019-07-10"
assert d["destination"] == {"country": "KR", "name": "South Korea", "groups": ["A"]}
assert d["item"]["input"] == "1C350" and d["item"]["entries"] == ["jp:3(1)"]
o = d["options"][0]
assert o["licence"] == "individual" and o["review_days"] == 90 and o["documents"] and o["citations"]
assert {c["licence"] for c in d["closed"]} == {"general_bulk", "special_general_bulk", "specific_bulk"}
assert all(c["reason"] and c["citations"] for c in d["closed"])
assert d["screening"] == [] and isinstance(d["caveats"], list)
for cid, c in d["citations"].items():
    assert c["title"] and c["status"] in ("verified", "partial", "unverified"), cid
PY

# Batch in, CSV out; to a file only when every row decided.
expect "batch example" 0 $S check --batch "$STRATEX_ROOT/examples/orders.csv" --output "$T/decisions.csv"
has "batch header" "$T/decisions.csv" "id,decision,options,review_days,citations,questions"
has "batch row" "$T/decisions.csv" "PO-2019-0702,licence_required,individual,90,"
rows=$(wc -l < "$T/decisions.csv")
[ "$rows" = 17 ] && ok "batch rows" || bad "batch rows: $rows"
expect "batch jsonl" 0 $S check --batch "$STRATEX_ROOT/examples/orders.csv" --format jsonl
[ "$(wc -l < "$T/out")" = 16 ] && ok "jsonl lines" || bad "jsonl lines"

printf 'id,from,to,item,date\nA1,JP,KR,1C350,2019-07-04\nA2,JP,KR,1C350,2019-02-30\nA3,JP,KR,1C350,2020-01-01\n' > "$T/bad.csv"
expect "batch bad date row" 1 $S check --batch "$T/bad.csv" --output "$T/never.csv"
has "batch error names row and field" "$T/err" "bad.csv:3: date: \"2019-02-30\" is not a valid date"
[ ! -e "$T/never.csv" ] && ok "no partial output file" || bad "partial output file written"
printf 'id,from,to,item\nA1,JP,KR,1C350\n' > "$T/nodate.csv"
expect "batch missing column" 1 $S check --batch "$T/nodate.csv"
has "missing column named" "$T/err" "missing column \"date\""
printf 'id,from,to,item,date\nA1,JP,"KR,1C350,2019-07-04\n' > "$T/quote.csv"
expect "batch unterminated quote" 1 $S check --batch "$T/quote.csv"
[ ! -s "$T/out" ] && ok "no stdout on failure" || bad "stdout on failure"
expect "batch missing file" 1 $S check --batch "$T/nope.csv"

# Parties are screened against the bundled lists: a hit makes the decision "review".
has "batch: listed party needs review" "$T/decisions.csv" "PO-2024-0301,review,"
expect "check with parties" 0 $S check --from JP --to KP --item not-listed --date 2024-01-01 --format json \
    --party "Korea Mining Development Trading Corporation" --party "Tokyo Electron"
python3 - "$T/out" <<'PY' && ok "screening in the decision" || bad "screening in the decision"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["decision"] == "review", d["decision"]
hit, clear = d["screening"]
assert hit["party"].startswith("Korea Mining") and hit["results"][0]["score"] >= 0.9
assert clear["party"] == "Tokyo Electron" and clear["results"] == []
PY

# Single-shipment errors: exit 1 and the field named; usage errors exit 2.
expect "unknown country" 1 $S check --from JP --to XX --item 1C350 --date 2020-01-01
has "unknown country message" "$T/err" "to: unknown country \"XX\""
expect "unknown item" 1 $S check --from JP --to KR --item 9Z999 --date 2020-01-01
has "unknown item message" "$T/err" "item: \"9Z999\""
expect "date before data" 1 $S check --from KR --to JP --item 1C350 --date 2012-12-31
has "before data message" "$T/err" "before the KR data begins (2013-01-01)"
expect "missing flag" 2 $S check --from JP --to KR --item 1C350
expect "unknown flag" 2 $S check --from JP --to KR --item 1C350 --date 2020-01-01 --colour red
expect "bad format" 2 $S check --from JP --to KR --item 1C350 --date 2020-01-01 --format xml

# Regime views.
expect "regime diff" 0 $S regime diff --jurisdiction JP --from 2019-08-27 --to 2019-08-28 --country KR
has "diff: Korea leaves A" "$T/out" "2019-08-28  KR leaves group A (JP-ETCO-AT3-KR-2004, verified)"
has "diff: Korea joins B" "$T/out" "2019-08-28  KR joins group B"
expect "regime diff for an item" 0 $S regime diff --jurisdiction JP --from 2019-01-01 --to 2024-01-01 --country KR --item 3A001
has "item diff: group change" "$T/out" "2019-08-28  KR leaves group A"
if grep -q "JP-SM-3ITEMS" "$T/out"; then bad "item diff: three-item measure listed for 3A001"; else ok "item diff: other items' measures left out"; fi
expect "regime diff for a measured item" 0 $S regime diff --jurisdiction JP --from 2019-01-01 --to 2024-01-01 --item 3C002
has "item diff: resist measure" "$T/out" "2019-12-20  rule takes_effect: Resists only"
expect "regime diff json" 0 $S regime diff --jurisdiction KR --from 2019-01-01 --to 2024-01-01 --country JP --format json
has "KR diff 가의2" "$T/out" "\"group\":\"가의2\""
expect "regime groups" 0 $S regime groups --jurisdiction JP --date 2020-01-01
has "groups: A has 26" "$T/out" "26 members"
expect "regime groups json" 0 $S regime groups --jurisdiction EU --date 2024-01-01 --format json
has "EU001 has UK" "$T/out" "\"country\":\"GB\""
expect "regime bad jurisdiction" 1 $S regime groups --jurisdiction XX --date 2020-01-01
expect "regime bad date" 1 $S regime groups --jurisdiction JP --date 2020-02-30
expect "regime usage" 2 $S regime frobnicate --jurisdiction JP

# The declared value is carried into the memo and the JSON, and a bad one is refused.
expect "check with a value" 0 $S check --from JP --to KR --item 1C350 --date 2019-07-10 --value 120000 --currency USD
has "memo declared value" "$T/out" "Declared value: 120000 USD"
expect "check json with a value" 0 $S check --from JP --to KR --item 1C350 --date 2019-07-10 --value 45000.50 --currency JPY --format json
has "json declared value" "$T/out" '"amount": "45000.50"'
expect "value without currency" 1 $S check --from JP --to KR --item 1C350 --date 2019-07-10 --value 120000
has "value without currency says so" "$T/err" "currency: missing"
expect "malformed value" 1 $S check --from JP --to KR --item 1C350 --date 2019-07-10 --value 12,000 --currency USD
has "malformed value says so" "$T/err" 'value: "12,000" is not an amount'

echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
