#!/bin/sh
# The officer's loop on the command line on real OFAC list versions (tests/cli/workflow.py).
exec python3 "$STRATEX_ROOT/tests/cli/workflow.py"
