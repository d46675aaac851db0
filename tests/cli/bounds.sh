#!/usr/bin/env bash
# bounds.sh: CLI tests of --bounds-checks (guard pages or explicit checks) for `skiff run` and `skiff wast`.
source "$(dirname "$0")/lib.bash"

cat >"$TMP/mem.wat" <<'W'
(module
  (memory 1 2)
  (func $ld (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load") (param i32) (result i32) (call $ld (local.get 0)))
  (func (export "store") (param i32 i32) (result i32)
    (i64.store (local.get 0) (i64.extend_i32_u (local.get 1))) (i32.load (local.get 0)))
  (func (export "grow_load") (param i32) (result i32)
    (drop (memory.grow (i32.const 1))) (i32.load (local.get 0))))
W
cat >"$TMP/mem.wast" <<'W'
(module
  (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store8") (param i32) (i64.store (local.get 0) (i64.const -1))))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "store8" (i32.const 65529)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65528)) (i32.const 0))
(assert_trap (invoke "load" (i32.const -1)) "out of bounds memory access")
W

# --help documents the option for both commands.
sk run --help
expect_rc 0
expect_out_has "--bounds-checks MODE"
expect_out_has "explicit (a compare per access)"
sk wast --help
expect_rc 0
expect_out_has "--bounds-checks MODE"

# Usage errors: unknown mode, missing value.
sk run --bounds-checks=fast --invoke load "$TMP/mem.wat" 0
expect_rc 2
expect_err_has "--bounds-checks: unknown mode 'fast' (guard, explicit or default)"
sk run --invoke load "$TMP/mem.wat" 0 --bounds-checks
expect_rc 2
sk run --bounds-checks
expect_rc 2
expect_err_has "--bounds-checks needs a value"
sk wast --bounds-checks=fast "$TMP/mem.wast"
expect_rc 2
expect_err_has "skiff wast: --bounds-checks: unknown mode 'fast'"
sk wast --bounds-checks
expect_rc 2
expect_err_has "skiff wast: --bounds-checks needs a value"

modes="explicit default"
sk run --bounds-checks=guard --help
if [[ $RC -eq 0 ]]; then modes="guard $modes"; else echo "note: no guard pages on this host"; fi

# Every mode: same results, same traps, same backtraces.
ref_err=""
for m in $modes; do
    sk run --bounds-checks=$m --invoke load "$TMP/mem.wat" 65532
    expect_rc 0
    expect_out "0 : i32"
    sk run --bounds-checks $m --invoke store "$TMP/mem.wat" 65528 7
    expect_out "7 : i32"
    sk run --bounds-checks=$m --invoke load "$TMP/mem.wat" 65533
    expect_rc 3
    expect_err_has "out of bounds memory access"
    expect_err_has "#1 func 1"
    if [[ -z $ref_err ]]; then ref_err=$ERR; elif [[ $ERR == "$ref_err" ]]; then pass; else fail "backtrace differs from mode ${modes%% *}"; fi
    sk run --bounds-checks=$m --invoke store "$TMP/mem.wat" 65532 7
    expect_rc 3
    expect_err_has "out of bounds memory access"
    sk run --bounds-checks=$m --invoke grow_load "$TMP/mem.wat" 131068
    expect_rc 0
    expect_out "0 : i32"
    sk run --bounds-checks=$m --invoke grow_load "$TMP/mem.wat" 131069
    expect_rc 3
    sk wast --bounds-checks=$m "$TMP/mem.wast"
    expect_rc 0
    expect_last_line "6 passed, 0 failed"
done

# Guard pages need 8 GiB of address space per memory: under `ulimit -v` the module does not
# instantiate (a clear error, no unchecked fallback), while explicit checks still run. Skipped
# where the binary cannot even start under the limit (sanitizer builds reserve huge shadows).
if [[ $modes == guard* ]] && (ulimit -v 2000000 && "$SKIFF" --version >/dev/null 2>&1) 2>/dev/null; then
    (ulimit -v 2000000 && "$SKIFF" run --bounds-checks=guard --invoke load "$TMP/mem.wat" 0) >"$TMP/.out" 2>"$TMP/.err"
    RC=$? OUT=$(<"$TMP/.out") ERR=$(<"$TMP/.err") LAST="skiff run --bounds-checks=guard (ulimit -v)"
    expect_rc 1
    expect_err_has "guard-page bounds checks reserve 8 GiB of address space per memory"
    (ulimit -v 2000000 && "$SKIFF" run --bounds-checks=explicit --invoke load "$TMP/mem.wat" 0) >"$TMP/.out" 2>"$TMP/.err"
    RC=$? OUT=$(<"$TMP/.out") ERR=$(<"$TMP/.err") LAST="skiff run --bounds-checks=explicit (ulimit -v)"
    expect_rc 0
    expect_out "0 : i32"
    (ulimit -v 2000000 && "$SKIFF" wast --bounds-checks=guard "$TMP/mem.wast") >"$TMP/.out" 2>"$TMP/.err"
    RC=$? OUT=$(<"$TMP/.out") ERR=$(<"$TMP/.err") LAST="skiff wast --bounds-checks=guard (ulimit -v)"
    expect_rc 1
    expect_out_has "guard-page bounds checks reserve 8 GiB of address space per memory"
fi

finish
