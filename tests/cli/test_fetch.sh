#!/bin/sh
# lists fetch and serve --refresh/--notify against a publisher on loopback (fetch.py).
exec python3 "$STRATEX_ROOT/tests/cli/fetch.py"
