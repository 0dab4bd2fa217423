#!/bin/sh
# `make run`: the main job on the embedded defaults — the HTTP server on 127.0.0.1:8080
# (STRATEX_LISTEN to change) with its durable SQLite audit store in BUILD/stratex-audit.db
# (STRATEX_DB to change).  It prints its URL and a curl example that works as printed;
# Ctrl-C stops it cleanly.  The order-book example: build/stratex check --batch
# examples/orders.csv --format csv
set -eu
BUILD="$1"
exec "$BUILD/stratex" serve --listen "${STRATEX_LISTEN:-127.0.0.1:8080}" \
    --db "${STRATEX_DB:-$BUILD/stratex-audit.db}"
