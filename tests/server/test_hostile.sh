#!/bin/sh
# The server under hostile clients (issue 14): real server, real sockets.  The checks are
# in hostile.py; it prints "RESULT passed=N failed=M".
exec python3 "${STRATEX_ROOT:-.}/tests/server/hostile.py"
