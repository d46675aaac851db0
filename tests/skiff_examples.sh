#!/usr/bin/env bash
# skiff_examples.sh: builds every examples/skiff/*.c against the library (skiff.h) and compares its
# output with examples/skiff/NAME.out. With a sanitizer build (BUILD containing "san") the examples
# are built with ASan + UBSan too, so a leak or a sanitizer report fails the example.
# Usage: BUILD=build bash tests/skiff_examples.sh. Last line: "skiff_examples: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CC=${CC:-cc}
LIB="$BUILD/libskiff.a"
OUT="$BUILD/examples/skiff"
mkdir -p "$OUT"
if [ ! -f "$LIB" ]; then
    echo "skiff_examples: missing $LIB (run make first)"
    echo "skiff_examples: 0 passed, 1 failed"
    exit 1
fi
SAN=""
case "$BUILD" in *san*) SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" ;; esac
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
passed=0
failed=0
for src in examples/skiff/*.c; do
    name=$(basename "$src" .c)
    exe="$OUT/$name"
    if [ ! -f "examples/skiff/$name.out" ]; then
        echo "FAIL $name (no examples/skiff/$name.out)"
        failed=$((failed + 1))
        continue
    fi
    if ! $CC -std=gnu11 -O1 -g -Wall -Wextra -Werror $SAN -Iinclude -o "$exe" "$src" "$LIB" -lm -lpthread \
        2>"$OUT/$name.build.log"; then
        echo "FAIL $name (build, see $OUT/$name.build.log)"
        failed=$((failed + 1))
        continue
    fi
    if ! (cd "$OUT" && timeout 120 "./$name") >"$OUT/$name.actual" 2>"$OUT/$name.stderr"; then
        echo "FAIL $name (exit status; see $OUT/$name.stderr)"
        tail -n 20 "$OUT/$name.stderr"
        failed=$((failed + 1))
        continue
    fi
    if ! diff -u "examples/skiff/$name.out" "$OUT/$name.actual" >"$OUT/$name.diff"; then
        echo "FAIL $name (output differs; see $OUT/$name.diff)"
        head -n 30 "$OUT/$name.diff"
        failed=$((failed + 1))
        continue
    fi
    echo "ok   $name"
    passed=$((passed + 1))
done
# Every function declared in include/skiff.h is exported by libskiff.so, and every skiff_* export is declared.
if [ -f "$BUILD/libskiff.so" ] && command -v nm >/dev/null 2>&1; then
    declared=$(tr '\n' ' ' <include/skiff.h | grep -o 'WASM_API_EXTERN[^;]*;' | grep -o 'skiff_[a-z0-9_]*(' | tr -d '(' | sort -u)
    exported=$(nm -D --defined-only "$BUILD/libskiff.so" | awk '{print $NF}' | grep '^skiff_' | sort -u)
    if [ -n "$declared" ] && [ "$declared" = "$exported" ]; then
        echo "ok   skiff.h declares exactly the $(echo "$declared" | wc -l) skiff_* exports of libskiff.so"
        passed=$((passed + 1))
    else
        echo "FAIL skiff.h declarations and libskiff.so skiff_* exports differ:"
        diff <(echo "$declared") <(echo "$exported") | head -n 20
        failed=$((failed + 1))
    fi
fi
echo "skiff_examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
