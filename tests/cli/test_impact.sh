#!/bin/sh
# stratex impact: an order book decided on two dates, or on today's data and a hypothetical
# data directory; only the orders whose answer changes are listed.
set -u
S="$STRATEX"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: no \"$3\""; cat "$2"; fi; }

cat > "$T/book.csv" <<'CSV'
id,from,to,item,date
K1,JP,KR,3A001,2020-01-01
K2,JP,KR,not-listed,2020-01-01
U1,JP,US,3A001,2020-01-01
J1,KR,JP,1C350,2024-01-01
CSV
# Korea leaves Group A: the 3A001 order loses general bulk; the unlisted order without an end
# use falls under the catch-all rules, which depend on the end use, so it is asked.
$S impact --batch "$T/book.csv" --date-a 2019-08-27 --date-b 2019-08-28 > "$T/out" 2> "$T/err" && ok "impact runs" || bad "impact runs"
has "K1 changes" "$T/out" "K1,licence_required,licence_required,individual;general_bulk;special_general_bulk;specific_bulk,individual;special_general_bulk;specific_bulk"
grep -q '^U1,' "$T/out" && bad "U1 unchanged but listed" || ok "unchanged order not listed"
has "K2 asks" "$T/out" "K2,not_controlled,indeterminate"
has "summary" "$T/err" "2 of 4 orders change"

# The declared value (value,currency columns) of the orders that change, per currency; a
# malformed one is refused at its line like stratex check's.
cat > "$T/valued.csv" <<'CSV'
id,from,to,item,date,value,currency
K1,JP,KR,3A001,2020-01-01,45000.50,USD
K3,JP,KR,3A001,2020-01-01,1000,EUR
U1,JP,US,3A001,2020-01-01,99999,USD
CSV
$S impact --batch "$T/valued.csv" --date-a 2019-08-27 --date-b 2019-08-28 --format json > "$T/out" 2> "$T/err" && ok "valued impact runs" || { bad "valued impact runs"; cat "$T/err"; }
has "summary: value of the changed orders" "$T/err" "2 of 3 orders change (declared value 45000.50 USD, 1000.00 EUR)"
python3 - "$T/out" <<'PY' && ok "json value_changed per currency" || bad "json value_changed per currency"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["value_changed"] == {"USD": "45000.50", "EUR": "1000.00"}, d["value_changed"]
PY
printf 'id,from,to,item,date,value,currency\nK1,JP,KR,3A001,2020-01-01,45000,usd\n' > "$T/badvalue.csv"
$S impact --batch "$T/badvalue.csv" --date-a 2019-08-27 --date-b 2019-08-28 > /dev/null 2> "$T/err"
[ $? -eq 1 ] && ok "malformed currency refused" || bad "malformed currency refused"
has "malformed currency names line" "$T/err" "badvalue.csv:2: currency: \"usd\" is not an ISO 4217 code"

# A hypothetical: Japan had stayed in 가의2 (edit a copy of the data): a 2024 order goes from 5 to 15 days.
cp -r "$STRATEX_ROOT/data" "$T/data-b"
python3 - "$T/data-b/regimes/kr/groups.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = s.replace("        from: 2019-09-18\n        to: 2023-04-24\n        note: Japan only.", "        from: 2019-01-01\n        note: Japan only.")
s = s.replace("      - id: KR-PN-GA-JP-2023\n        country: JP\n        from: 2023-04-24\n", "      - id: KR-PN-GA-JP-2023\n        country: JP\n        from: 2099-01-01\n")
s = s.replace("      - id: KR-PN-GA-JP-2013\n        country: JP\n        to: 2019-09-18\n", "      - id: KR-PN-GA-JP-2013\n        country: JP\n        to: 2019-01-01\n")
open(p, "w", encoding="utf-8").write(s)
PY
$S impact --batch "$T/book.csv" --data-b "$T/data-b" --format json > "$T/out" 2> "$T/err" && ok "hypothetical runs" || { bad "hypothetical runs"; cat "$T/err"; }
python3 - "$T/out" <<'PY' && ok "hypothetical: J1 from 5 to 15 days" || bad "hypothetical: J1 from 5 to 15 days"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["orders"] == 4 and d["changed"] == 1, d
r = d["rows"][0]
assert r["id"] == "J1" and r["a"]["review_days"] == "individual:5" and r["b"]["review_days"] == "individual:15", r
PY

# Bad input: a missing column, an unreadable book, a broken hypothetical.
printf 'id,from,to\nX,JP,KR\n' > "$T/bad.csv"
$S impact --batch "$T/bad.csv" --date-a 2020-01-01 --date-b 2021-01-01 --output "$T/never" 2> "$T/err"
[ $? = 1 ] && [ ! -e "$T/never" ] && ok "missing column: exit 1, no file" || bad "missing column"
echo "groups: [" > "$T/data-b/regimes/kr/groups.yaml"
$S impact --batch "$T/book.csv" --data-b "$T/data-b" 2> "$T/err" >/dev/null
[ $? = 1 ] && ok "broken data-b: exit 1" || bad "broken data-b"
has "broken data-b names the file" "$T/err" "regimes/kr/groups.yaml:"
$S impact --batch "$T/book.csv" > /dev/null 2>&1
[ $? = 2 ] && ok "usage: exit 2" || bad "usage"

echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
