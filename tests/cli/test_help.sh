#!/bin/sh
# Every subcommand answers --help (exit 0, its usage on stdout, nothing on stderr); the
# command list of `stratex --help` is main.c's table; the man pages are made from the same
# texts; long batches show progress only on a terminal, and --quiet silences it.
set -u
S="$STRATEX"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }

"$S" --help > "$T/top" 2> "$T/err" && [ ! -s "$T/err" ] && grep -q '^Commands:' "$T/top" &&
    ok "stratex --help lists the commands" || bad "stratex --help"
commands=$(sed -n '/^Commands:$/,/^$/p' "$T/top" | awk 'NF > 1 {print $1}')
for c in check regime impact screen match serve audit; do
    echo "$commands" | grep -qx "$c" && ok "--help lists $c" || bad "--help lists $c"
done
for c in $commands; do
    "$S" "$c" --help > "$T/out" 2> "$T/err"; st=$?
    if [ "$st" = 0 ] && [ ! -s "$T/err" ] && head -1 "$T/out" | grep -q "^usage: stratex $c"; then
        ok "$c --help"
    else
        bad "$c --help (exit $st)"; head -3 "$T/out" "$T/err"
    fi
    "$S" help "$c" | cmp -s - "$T/out" && ok "stratex help $c is the same text" || bad "stratex help $c"
    # --help wins over whatever else the command line holds
    "$S" "$c" --no-such-option --help > "$T/out2" 2>/dev/null && cmp -s "$T/out" "$T/out2" &&
        ok "$c --help after a bad option" || bad "$c --help after a bad option"
    man="$STRATEX_BUILD/man/man1/stratex-$c.1"
    if [ -f "$man" ] && grep -q "^stratex-$c \\\\- " "$man"; then ok "man page stratex-$c(1)"
    else bad "man page stratex-$c(1)"; fi
done
[ -f "$STRATEX_BUILD/man/man1/stratex.1" ] && ok "man page stratex(1)" || bad "man page stratex(1)"

"$S" frobnicate > "$T/out" 2> "$T/err"; st=$?
[ "$st" = 2 ] && [ ! -s "$T/out" ] && grep -q 'unknown command "frobnicate"' "$T/err" &&
    ok "unknown command: exit 2, says which" || bad "unknown command (exit $st)"
"$S" help frobnicate > /dev/null 2>&1; [ $? = 2 ] && ok "help on an unknown command: exit 2" ||
    bad "help on an unknown command"
"$S" --version > "$T/out" && grep -qE '^stratex [0-9]+\.[0-9]+\.[0-9]+ \(espeak=[01]\)' "$T/out" &&
    ok "--version names the espeak build" || bad "--version: $(cat "$T/out")"

# Progress: a terminal (script(1) gives the command one) sees it on stderr; a file does not;
# --quiet silences it.  The answer goes to --output, so all the terminal shows is progress.
orders="$STRATEX_ROOT/examples/orders.csv"
"$S" check --batch "$orders" --output "$T/a.csv" 2> "$T/err"
[ ! -s "$T/err" ] && ok "no progress when stderr is a file" || bad "progress written to a file"
if command -v script > /dev/null; then
    script -qec "'$S' check --batch '$orders' --output '$T/b.csv'" "$T/tty.log" > /dev/null 2>&1
    grep -q 'stratex check: [0-9]* rows' "$T/tty.log" && ok "check --batch shows progress on a terminal" ||
        { bad "check --batch progress on a terminal"; cat "$T/tty.log"; }
    script -qec "'$S' check --batch '$orders' --output '$T/c.csv' --quiet" "$T/tty2.log" > /dev/null 2>&1
    ! grep -q 'rows' "$T/tty2.log" && ok "--quiet silences progress" || bad "--quiet still shows progress"
    cmp -s "$T/a.csv" "$T/b.csv" && ok "progress does not touch the answer" || bad "answer differs on a terminal"
else
    echo "note: script(1) missing, terminal progress not checked"
    skipped=2
fi
echo "RESULT passed=$pass failed=$fail skipped=${skipped:-0}"
[ "$fail" = 0 ]
