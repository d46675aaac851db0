#!/usr/bin/env bash
# api_examples.sh: builds every examples/api/*.c against the library and compares
# its output with examples/api/NAME.out. Usage: BUILD=build bash tests/api_examples.sh
# Prints one line per example and "api_examples: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CC=${CC:-cc}
LIB="$BUILD/libskiff.a"
OUT="$BUILD/examples/api"
mkdir -p "$OUT"
if [ ! -f "$LIB" ]; then
    echo "api_examples: missing $LIB (run make first)"
    echo "api_examples: 0 passed, 1 failed"
    exit 1
fi
SAN=""
case "$BUILD" in *san*) SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" ;; esac
passed=0
failed=0
for src in examples/api/*.c; do
    name=$(basename "$src" .c)
    exe="$OUT/$name"
    if ! $CC -std=gnu11 -O1 -g -Wall -Wextra -Werror $SAN -Iinclude -o "$exe" "$src" "$LIB" -lm -lpthread \
        2>"$OUT/$name.build.log"; then
        echo "FAIL $name (build, see $OUT/$name.build.log)"
        failed=$((failed + 1))
        continue
    fi
    if ! (cd "$OUT" && timeout 60 "./$name") >"$OUT/$name.actual" 2>"$OUT/$name.stderr"; then
        echo "FAIL $name (exit status; see $OUT/$name.stderr)"
        failed=$((failed + 1))
        continue
    fi
    if ! diff -u "examples/api/$name.out" "$OUT/$name.actual" >"$OUT/$name.diff"; then
        echo "FAIL $name (output differs; see $OUT/$name.diff)"
        failed=$((failed + 1))
        continue
    fi
    echo "ok   $name"
    passed=$((passed + 1))
done
echo "api_examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
