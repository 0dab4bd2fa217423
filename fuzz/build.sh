#!/bin/sh
# Builds every fuzz/fuzz_*.c as a libFuzzer binary (clang, ASan + UBSan) into $1.
# Run one with: $1/fuzz_NAME fuzz/corpus/NAME
set -eu
OUT="$1"
mkdir -p "$OUT"
SRC=$(find src/lib src/util src/server -name '*.c')  # the server: fuzz_http_request
for f in fuzz/fuzz_*.c; do
    name=$(basename "$f" .c)
    clang -std=c11 -D_GNU_SOURCE -DSX_DEFAULT_DATA_DIR="\"$(pwd)/data\"" -g -O1 -fsanitize=fuzzer,address,undefined \
        -Iinclude -Isrc -I/usr/include/libxml2 -I/usr/include/postgresql \
        -o "$OUT/$name" "$f" $SRC \
        -lutf8proc -ljansson -lyaml -lxml2 -lsqlite3 -lpq -lmicrohttpd -lcrypto \
        -lmecab -lespeak-ng -licui18n -licuuc -lcurl -lz -lm -pthread
    echo "built $OUT/$name"
done
