#!/bin/sh
# Two servers behind HAProxy on one PostgreSQL store, one killed under load (fleet.py).
exec python3 "$STRATEX_ROOT/tests/server/fleet.py"
