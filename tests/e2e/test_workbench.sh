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

PID2=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    [ -n "$PID2" ] && kill "$PID2" 2>/dev/null && wait "$PID2" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

fail_all() { echo "FAIL $1"; echo "RESULT passed=0 failed=1"; exit 1; }

[ -x "$CHROMIUM" ] || fail_all "no browser at $CHROMIUM (the deps step installs Debian's chromium)"
command -v node > /dev/null || fail_all "node is not installed (the deps step installs nodejs)"
[ -f "$ROOT/ui/node_modules/playwright-core/package.json" ] || fail_all "ui/node_modules is missing: run make"
UI="$BUILD/ui"
[ -f "$UI/index.html" ] || fail_all "the workbench is not built in $UI: run make"

# start NAME [serve options...]: starts a server; its URL is in $URL, its pid in $PID.
start() {
    name=$1; shift
    "$STRATEX" serve --listen 127.0.0.1:0 --db "$WORK/$name.db" --ui "$UI" "$@" \
        > "$WORK/$name.out" 2> "$WORK/$name.err" &
    PID=$!
    URL=""
    i=0
    while [ $i -lt 1800 ]; do  # up to 90 s: the bundled lists index slowly under ASan
        URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/$name.out")
        [ -n "$URL" ] && return 0
        kill -0 "$PID" 2>/dev/null || break
        i=$((i + 1)); sleep 0.05  # polling for the startup line, not synchronising a result
    done
    cat "$WORK/$name.err"
    fail_all "server $name did not start"
}

# One server open (loopback, no tokens), one asking for tokens with two roles.
printf '%s screen analyst\n%s review officer\n' \
    "$(printf %s tok-screen | sha256sum | cut -d' ' -f1)" \
    "$(printf %s tok-review | sha256sum | cut -d' ' -f1)" > "$WORK/tokens"
start tokens --tokens "$WORK/tokens"
PID2=$PID URL2=$URL
start open

SHOTS="${SHOTS:-$BUILD/ui-shots}"
mkdir -p "$SHOTS"
# DOCS_SHOTS=docs/ui also refreshes the docs' screenshots (one per screen and language).
STRATEX_URL="$URL" STRATEX_URL_TOKENS="$URL2" SHOTS="$SHOTS" DOCS_SHOTS="${DOCS_SHOTS:-}" CHROMIUM="$CHROMIUM" STRATEX_ROOT="$ROOT" \
    PROFILE="$WORK/profile" node "$ROOT/tests/e2e/workbench.mjs"
status=$?
if [ $status != 0 ]; then
    echo "--- server stderr"; tail -n 20 "$WORK/open.err"
fi
exit $status
