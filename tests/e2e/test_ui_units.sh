#!/bin/sh
# The workbench's own unit tests (vitest): every message key in all three catalogues with
# the same placeholders, the CSV reader and writer, the timeline's membership intervals.
set -u
ROOT="${STRATEX_ROOT:-$(pwd)}"
[ -f "$ROOT/ui/node_modules/vitest/package.json" ] || { echo "ui/node_modules is missing: run make"; exit 1; }
cd "$ROOT/ui" && npx vitest run --reporter=dot
