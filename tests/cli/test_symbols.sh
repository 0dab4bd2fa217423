#!/bin/sh
# HOUSE-STYLE: every exported library symbol carries the sx_ prefix.
sh "$STRATEX_ROOT/tools/check-symbols.sh" "$STRATEX_BUILD/libstratex.so"
