#!/bin/sh
# `make run`: the main job on the embedded defaults — check the bundled example order
# book and print the decisions.  (Becomes `stratex serve` once the server lands.)
set -eu
BUILD="$1"
exec "$BUILD/stratex" check --batch examples/orders.csv --format csv
