#!/usr/bin/env bash
# tests/simd/run.sh: SIMD checks beyond the default build's spec run. Last line "N passed, N failed".
#  1. builds the portable SIMD variant (make SIMD_PORTABLE=1, plain C lanes) into $BUILD/simd-portable
#     and runs its unit test and every simd_*.wast spec script with it;
#  2. compiles tests/simd/kernels.c with clang --target=wasm32-wasi -O2, with and without -msimd128,
#     checks that the build really uses v128 instructions, and that both print the same checksums
#     under skiff (default and portable builds) and natively; prints the time of each run;
#  3. runs tests/simd/slots.wast (v128 values in every place a value can live) with both builds;
#  4. checks v128 arguments and results of `skiff run --invoke`.
# environment: BUILD (default build), WASI_CC (default clang), ROUNDS (kernel rounds for timing, default 20)
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
PB=$BUILD/simd-portable
CC_WASM=${WASI_CC:-clang}
ROUNDS=${ROUNDS:-20}
pass=0
fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
T=$(mktemp -d /tmp/skiff-simd.XXXXXX)
trap 'rm -rf "$T"' EXIT

# ---- 1. the portable build ----
if make -s SIMD_PORTABLE=1 BUILD="$PB" "$PB/skiff" "$PB/tests/test_simd" >"$T/make.log" 2>&1; then
    ok "portable build"
    if "$PB/tests/test_simd" >"$T/unit.log" 2>&1; then ok "$(tail -n 1 "$T/unit.log")"; else
        bad "portable unit test"
        tail -n 20 "$T/unit.log"
    fi
    names=()
    for f in "${SKIFF_SPEC_DIR:-../shared/spec-testsuite/wasm-2.0}"/simd_*.wast; do [[ -f $f ]] && names+=("$(basename "$f")"); done
    if [[ ${#names[@]} -gt 0 ]]; then
        SKIFF="$PWD/$PB/skiff" bash tests/spec/run_spec.sh "${names[@]}" >"$T/spec.log" 2>&1
        if [[ $? -eq 0 ]]; then ok "portable build, ${#names[@]} simd spec scripts: $(grep '^commands:' "$T/spec.log")"; else
            bad "portable build on the simd spec scripts"
            grep -E '^(FAIL|files|commands)' "$T/spec.log" | head -n 20
        fi
    else
        echo "note: no simd_*.wast scripts found (SKIFF_SPEC_DIR), spec part skipped"
    fi
else
    bad "portable build (make SIMD_PORTABLE=1 BUILD=$PB)"
    tail -n 20 "$T/make.log"
fi

# ---- 2. auto-vectorised C, with and without -msimd128 ----
src=tests/simd/kernels.c
if ! "$CC_WASM" --target=wasm32-wasi -O2 -msimd128 "$src" -o "$T/k_simd.wasm" 2>"$T/cc.log" ||
    ! "$CC_WASM" --target=wasm32-wasi -O2 "$src" -o "$T/k_plain.wasm" 2>>"$T/cc.log"; then
    bad "cannot compile $src with $CC_WASM --target=wasm32-wasi (is wasi-libc installed?)"
    cat "$T/cc.log"
else
    nv=$(wasm-objdump -d "$T/k_simd.wasm" 2>/dev/null | grep -cE 'v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2')
    if command -v wasm-objdump >/dev/null 2>&1; then
        if [[ ${nv:-0} -gt 0 ]]; then ok "-msimd128 build has $nv SIMD instructions"; else bad "-msimd128 build has no SIMD instructions"; fi
    fi
    runs=("$BUILD/skiff:k_plain" "$BUILD/skiff:k_simd")
    [[ -x $PB/skiff ]] && runs+=("$PB/skiff:k_simd")
    ref=""
    if gcc -O2 -w "$src" -o "$T/native" 2>/dev/null; then
        "$T/native" 3 >"$T/native.out"
        ref=$T/native.out
    fi
    for r in "${runs[@]}"; do
        bin=${r%%:*} mod=${r##*:}
        if ! "$bin" run "$T/$mod.wasm" 3 >"$T/$mod.out" 2>&1; then
            bad "$bin run $mod.wasm failed"
            tail -n 5 "$T/$mod.out"
            continue
        fi
        [[ -z $ref ]] && ref=$T/$mod.out
        if cmp -s "$ref" "$T/$mod.out"; then ok "$bin: $mod.wasm prints the reference checksums"; else
            bad "$bin: $mod.wasm output differs"
            diff "$ref" "$T/$mod.out" | head -n 10
        fi
        start=$(date +%s.%N)
        "$bin" run "$T/$mod.wasm" "$ROUNDS" >/dev/null 2>&1
        end=$(date +%s.%N)
        echo "time: $bin $mod.wasm $ROUNDS rounds: $(echo "$end - $start" | bc) s"
    done
fi
# ---- 3. v128 slot accounting (locals, params, results, blocks, branches, calls, globals) ----
for bin in "$BUILD/skiff" "$PB/skiff"; do
    [[ -x $bin ]] || continue
    if "$bin" wast tests/simd/slots.wast >"$T/slots.log" 2>&1; then ok "$bin wast tests/simd/slots.wast: $(tail -n 1 "$T/slots.log")"; else
        bad "$bin wast tests/simd/slots.wast"
        grep -E 'failed' "$T/slots.log" | head -n 10
    fi
done

# ---- 4. v128 arguments and results of `skiff run --invoke` ----
cat >"$T/v.wat" <<'WAT'
(module
  (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i32 v128 f64) (result f64 v128 i32)
    (f64.add (local.get 2) (f64x2.extract_lane 1 (local.get 1)))
    (i8x16.splat (local.get 0))
    (i8x16.bitmask (local.get 1))))
WAT
expect_run() { # expected output, then arguments of skiff run
    local want=$1
    shift
    local got
    got=$("$BUILD/skiff" run "$@" 2>&1)
    if [[ $got == "$want" ]]; then ok "skiff run $*"; else bad "skiff run $*: got '$got', expected '$want'"; fi
}
expect_run "i32x4 11 22 33 -5 : v128" --invoke add "$T/v.wat" i32x4:1,2,3,-4 i32x4:10,20,30,0xffffffff
expect_run "i32x4 -32769 -1 -1 -2147418113 : v128" --invoke add "$T/v.wat" i16x8:-32768,65535,0,0,0,0,0,1 \
    i64x2:-1,0x7fffffffffffffff
expect_run $'-2 : f64\ni32x4 117901063 117901063 117901063 117901063 : v128\n32832 : i32' --invoke mix "$T/v.wat" 7 \
    f64x2:1.5,-2.25 0.25
for badarg in i32x4:1,2,3 i32x4:1,2,3,4,5 i8x16:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,256 i16x8:-32769,0,0,0,0,0,0,0 \
    x4:1,2,3,4 i32x4 f32x4:1,2,3,x; do
    "$BUILD/skiff" run --invoke add "$T/v.wat" "$badarg" i32x4:0,0,0,0 >/dev/null 2>&1
    rc=$?
    if [[ $rc -eq 2 ]]; then ok "bad v128 argument $badarg refused"; else bad "bad v128 argument $badarg: exit $rc, expected 2"; fi
done

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
