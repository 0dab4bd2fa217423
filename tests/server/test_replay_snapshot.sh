#!/bin/sh
# Audit replay with the data a decision was made with: the server keeps every regime data
# version it answers with as a snapshot named by its hash; after the data changes, replay
# recomputes an old check with the old data (identical), and says so; without the snapshot
# it recomputes with today's data and reports the difference.
set -u
S="$STRATEX"
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$T"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }

start() { # data-dir
    "$S" serve --listen 127.0.0.1:0 --db "$T/audit.db" --data "$1" > "$T/out" 2> "$T/err" &
    PID=$!
    i=0
    while [ $i -lt 1800 ] && ! grep -q listening "$T/out"; do i=$((i+1)); sleep 0.05; done  # up to 90 s (ASan, loaded machine)
    URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$T/out")
    [ -n "$URL" ] || { echo "server did not start:"; cat "$T/err"; exit 1; }
}
stop() { kill -TERM $PID; wait $PID 2>/dev/null; PID=; }

cp -r "$STRATEX_ROOT/data" "$T/data"
start "$T/data"
curl -s -X POST "$URL/v1/check" -H 'Content-Type: application/json' \
    -d '{"from":"JP","to":"KR","item":"1C350","date":"2019-07-04"}' > "$T/r1"
grep -q '"audit_id":1' "$T/r1" && ok "check recorded as audit 1" || { bad "check recorded"; cat "$T/r1"; }
stop
n=$(ls "$T/audit.db.snapshots" | grep -c '\.regimes$')
[ "$n" = 1 ] && ok "one snapshot kept next to the store" || bad "snapshots: $n"

# The law changes: review days for Japan's individual licence.
sed -i 's/^    review_days: 90$/    review_days: 60/' "$T/data/regimes/jp/licences.yaml"
start "$T/data"
curl -s "$URL/v1/audit/1/replay" > "$T/rp"
python3 - "$T/rp" <<'PY' && ok "HTTP replay uses the snapshot: identical" || { bad "HTTP replay with snapshot"; cat "$T/rp"; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["identical"] is True and d["from_snapshot"] is True and d["same_data"] is False, d
PY
stop
n=$(ls "$T/audit.db.snapshots" | grep -c '\.regimes$')
[ "$n" = 2 ] && ok "the new data version is kept too" || bad "snapshots after change: $n"

STRATEX_DATA="$T/data" "$S" audit replay 1 --db "$T/audit.db" > "$T/cli" 2>&1 \
    && ok "CLI replay with snapshot: exit 0" || { bad "CLI replay with snapshot"; cat "$T/cli"; }
grep -q "recomputed with the recorded regime data" "$T/cli" && ok "CLI says it used the snapshot" || bad "CLI text"

# Without the snapshot, today's data gives another answer: replay says so and exits 1.
STRATEX_DATA="$T/data" "$S" audit replay 1 --db "$T/audit.db" --snapshots "$T/none" > "$T/cli" 2>&1
[ $? = 1 ] && grep -q DIFFERENT "$T/cli" && ok "without snapshot: DIFFERENT, exit 1" || { bad "without snapshot"; cat "$T/cli"; }

# A snapshot that does not hash to its name is refused, not trusted.
for f in "$T/audit.db.snapshots"/*.regimes; do sed -i 's/Group A/Group Z/' "$f"; done
STRATEX_DATA="$T/data" "$S" audit replay 1 --db "$T/audit.db" > "$T/cli" 2>&1
[ $? = 1 ] && ok "tampered snapshot not used" || { bad "tampered snapshot"; cat "$T/cli"; }

echo "RESULT passed=$pass failed=$fail"
[ "$fail" = 0 ]
