#!/bin/sh
# SIGTERM answers the requests already sent but not yet read (drain.py).
exec python3 "$STRATEX_ROOT/tests/server/drain.py"
