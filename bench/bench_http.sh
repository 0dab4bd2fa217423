#!/bin/sh
# HTTP load benchmark with wrk on loopback: POST /v1/check and POST /v1/screen against the
# real server with its default durable audit store (SQLite, WAL, synchronous=FULL), so
# every request includes a committed audit record.  Prints requests/s and p50/p99 latency
# with the exact commands.  Figures are reported, never asserted.
#   sh bench/bench_http.sh BUILD [SHARED]     (env: DURATION=10s CONNECTIONS=64 THREADS=2
#                                              ENDPOINTS="check screen" WARMUP=)
# WARMUP=5s first drives each endpoint that long, unmeasured: the store's files (the SQLite
# WAL) reach their working size, as on a server that has been running.
set -u
BUILD="${1:-build}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
ENDPOINTS="${ENDPOINTS:-check screen}"
command -v wrk > /dev/null || { echo "bench_http: wrk not installed (apt-get install wrk)"; exit 0; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sx-bench-XXXXXX")
"$BUILD/stratex" serve --listen 127.0.0.1:0 --db "$WORK/audit.db" ${SERVE_OPTS:-} > "$WORK/out" 2> "$WORK/err" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ $i -lt 400 ] && ! grep -q listening "$WORK/out"; do i=$((i + 1)); sleep 0.05; done
URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/out")
[ -n "$URL" ] || { echo "bench_http: server did not start"; cat "$WORK/err"; exit 1; }
echo "bench_http: $(sed -n 's/^stratex serve: //p' "$WORK/out")"

run() { # name, path, body
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$3" "$URL$2")
    if [ "$status" != 200 ]; then
        echo "$1: skipped, the server answers $status (see GET /healthz)"
        return
    fi
    if [ -n "${WARMUP:-}" ]; then
        BODY="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/wrk_post.lua "$URL$2" > /dev/null 2>&1
    fi
    cmd="BODY='$3' wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/wrk_post.lua $URL$2"
    BODY="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk_post.lua \
        "$URL$2" > "$WORK/wrk.txt" 2>&1
    rps=$(sed -n 's/^Requests\/sec: *//p' "$WORK/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
    errs=$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.txt" | tr '\n' ' ')
    echo "$1: $rps req/s, p50 $p50, p99 $p99 ${errs:+($errs)}"
    echo "  command: $cmd"
}

for e in $ENDPOINTS; do
    case "$e" in
        check) run "POST /v1/check " /v1/check '{"from":"JP","to":"KR","item":"1C350","date":"2019-07-10"}' ;;
        screen) run "POST /v1/screen" /v1/screen '{"name":"Korea Mining Development Trading Corporation","limit":5}' ;;
        *) echo "bench_http: unknown endpoint $e (check, screen)" ;;
    esac
done
kill -TERM $PID; wait $PID 2>/dev/null
echo "  audit records written: $("$BUILD/stratex" audit verify --db "$WORK/audit.db")"
