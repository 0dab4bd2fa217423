#!/bin/sh
# The golden cases give identical JSON through sx_decide_json, `stratex check` and
# POST /v1/check (tests/cases/three_ways.py).
set -u
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$T"' EXIT
"$STRATEX" serve --listen 127.0.0.1:0 --db "$T/audit.db" > "$T/out" 2> "$T/err" &
PID=$!
i=0
while [ $i -lt 1800 ] && ! grep -q listening "$T/out"; do i=$((i+1)); sleep 0.05; done
URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$T/out")
[ -n "$URL" ] || { echo "server did not start:"; cat "$T/err"; exit 1; }
# under ASan the shared library needs the runtime first
if [ -n "$(ldd "$STRATEX_BUILD/libstratex.so" | grep -o 'libasan[^ ]*' | head -1)" ]; then
    export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
    export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
fi
python3 tests/cases/three_ways.py "$URL"
