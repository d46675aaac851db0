#!/usr/bin/env bash
# tests/run.sh: runs every test of Skiff and ends with one line "N passed, N failed".
# Called by `make test` (BUILD names the build directory: build or build/san).
# Each suite prints its own "N passed, N failed" line last; this script adds them up.
# A suite that exits non-zero without such a line counts as one failure.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export SKIFF="$PWD/$BUILD/skiff"
export BUILD
total_pass=0
total_fail=0
failed_suites=()
log_dir="$BUILD/test-logs"
mkdir -p "$log_dir"

run_suite() { # name, command...
    local name=$1
    shift
    local log="$log_dir/$(echo "$name" | tr '/ ' '__').log"
    "$@" >"$log" 2>&1
    local rc=$?
    local line
    line=$(grep -E '^([A-Za-z_./-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    local p=0 f=0
    if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        p=${BASH_REMATCH[1]}
        f=${BASH_REMATCH[2]}
    fi
    if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    if [[ $f -ne 0 ]]; then
        failed_suites+=("$name")
        printf '%-28s FAIL  %s passed, %s failed (exit %s) - log: %s\n' "$name" "$p" "$f" "$rc" "$log"
        tail -n 25 "$log" | sed 's/^/    | /'
    else
        printf '%-28s ok    %s passed\n' "$name" "$p"
    fi
}

# Unit tests (one binary per tests/unit/test_*.c).
for t in "$BUILD"/tests/test_*; do
    [[ -x $t ]] || continue
    run_suite "unit/$(basename "$t")" "$t"
done

# CLI tests.
for t in tests/cli/*.sh; do
    [[ -f $t ]] || continue
    run_suite "cli/$(basename "$t" .sh)" bash "$t"
done

# API examples and export checks.
for t in tests/api_*.sh tests/examples.sh; do
    [[ -f $t ]] || continue
    run_suite "$(basename "$t" .sh)" bash "$t"
done

# skiff.h examples, installation (make install + pkg-config) and the documentation build.
for t in tests/skiff_examples.sh tests/install.sh tests/docs.sh; do
    [[ -f $t ]] || continue
    run_suite "$(basename "$t" .sh)" bash "$t"
done

# WASI preview 1: C guests compiled with clang --target=wasm32-wasi, run through the test driver
# (every test, including those that need its extra stdio options) and through `skiff run`.
if [[ -f tests/wasi/run.sh ]]; then
    run_suite "wasi/driver" bash tests/wasi/run.sh
    RUNNER="$SKIFF run" run_suite "wasi/skiff-run" bash tests/wasi/run.sh
fi

# The official spec testsuite (wasm-2.0).
run_suite "spec/wasm-2.0" bash tests/spec/run_spec.sh

# SIMD: the portable build (plain C lanes) on the simd spec scripts, auto-vectorised C with and
# without -msimd128, v128 slot accounting, v128 CLI arguments.
if [[ -f tests/simd/run.sh ]]; then
    run_suite "simd" bash tests/simd/run.sh
fi

# Cross-check against Debian wabt, where installed.
if [[ -f tests/wabt_compare.sh ]]; then
    run_suite "wabt-compare" bash tests/wabt_compare.sh
fi

echo
if [[ ${#failed_suites[@]} -ne 0 ]]; then
    echo "failing suites: ${failed_suites[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 ]]
