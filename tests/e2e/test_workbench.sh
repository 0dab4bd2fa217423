#!/bin/sh
# The workbench in a real browser: starts the real `stratex serve` on a free loopback port
# with a fresh audit store and drives Debian's Chromium through it with Playwright
# (playwright-core from ui/node_modules; workbench.mjs has the walk).  Screenshots go to
# BUILD/ui-shots/.  Chromium is installed by the deps step, so a missing one is a failure,
# not a skip.  Prints "RESULT passed=N failed=M".
set -u
STRATEX="${STRATEX:-build/stratex}"
BUILD="${STRATEX_BUILD:-build}"
ROOT="${STRATEX_ROOT:-$(pwd)}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
WORK=$(mktemp -d /tmp/sx-workbench-XXXXXX)
PID=""

cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

fail_all() { echo "FAIL $1"; echo "RESULT passed=0 failed=1"; exit 1; }

[ -x "$CHROMIUM" ] || fail_all "no browser at $CHROMIUM (the deps step installs Debian's chromium)"
command -v node > /dev/null || fail_all "node is not installed (the deps step installs nodejs)"
[ -f "$ROOT/ui/node_modules/playwright-core/package.json" ] || fail_all "ui/node_modules is missing: run make"
UI="$BUILD/ui"
[ -f "$UI/index.html" ] || fail_all "the workbench is not built in $UI: run make"

"$STRATEX" serve --listen 127.0.0.1:0 --db "$WORK/audit.db" --ui "$UI" > "$WORK/out" 2> "$WORK/err" &
PID=$!
URL=""
i=0
while [ $i -lt 1800 ]; do  # up to 90 s: the bundled lists index slowly under ASan
    URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/out")
    [ -n "$URL" ] && break
    kill -0 "$PID" 2>/dev/null || break
    i=$((i + 1)); sleep 0.05  # polling for the startup line, not synchronising a result
done
[ -n "$URL" ] || { cat "$WORK/err"; fail_all "server did not start"; }

SHOTS="${SHOTS:-$BUILD/ui-shots}"  # SHOTS=docs/ui refreshes the screenshots in the docs
mkdir -p "$SHOTS"
STRATEX_URL="$URL" SHOTS="$SHOTS" CHROMIUM="$CHROMIUM" STRATEX_ROOT="$ROOT" \
    PROFILE="$WORK/profile" node "$ROOT/tests/e2e/workbench.mjs"
status=$?
if [ $status != 0 ]; then
    echo "--- server stderr"; tail -n 20 "$WORK/err"
fi
exit $status
