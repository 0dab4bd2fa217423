#!/bin/sh
# A bare entry is never looser than one of its sub-items (tests/cases/test_scope_monotone.py).
exec python3 tests/cases/test_scope_monotone.py
