#!/bin/sh
# Golden cases for every dated boundary (see tests/cases/<jur>/*.json).
exec python3 "$(dirname "$0")/run_cases.py"
