#!/bin/sh
# The workflow over HTTP, on SQLite and on PostgreSQL with two servers (workflow_server.py).
exec python3 "$STRATEX_ROOT/tests/server/workflow_server.py"
