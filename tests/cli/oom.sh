#!/usr/bin/env bash
# oom.sh: out-of-memory robustness of every command. SKIFF_FAIL_ALLOC_AFTER=N makes every
# allocation after the first N fail; for each N up to the point where the command succeeds, the
# command must end cleanly (exit 0, 1 or 3: no crash, no sanitizer report).
source "$(dirname "$0")/lib.bash"
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99} LSAN_OPTIONS=${LSAN_OPTIONS:-exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=99}

cat >"$TMP/s.wast" <<'W'
(module $M
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (memory (export "mem") 1)
  (data (i32.const 0) "abc")
  (table (export "t") 2 funcref)
  (elem (i32.const 0) 0 1)
  (global (export "g") (mut i64) (i64.const 5)))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(register "M" $M)
(module (import "M" "add" (func (param i32 i32) (result i32))) (import "spectest" "print_i32" (func (param i32))))
(assert_unlinkable (module (import "M" "nope" (func))) "unknown import")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module quote "(func") "unexpected")
(assert_return (get $M "g") (i64.const 5))
W

# oom_loop LABEL ARGS...: runs skiff ARGS with N = 0, 1, 2, ... until it gives the same exit
# status and output as without failures (at most 3000 steps). Every earlier run must fail cleanly.
oom_loop() {
    local label=$1
    shift
    "$SKIFF" "$@" >"$TMP/.ref" 2>&1
    local ref_rc=$? ref
    ref=$(<"$TMP/.ref")
    local n rc out
    for ((n = 0; n <= 3000; n++)); do
        SKIFF_FAIL_ALLOC_AFTER=$n "$SKIFF" "$@" >"$TMP/.out" 2>&1
        rc=$?
        out=$(<"$TMP/.out")
        if [[ $rc -eq $ref_rc && $out == "$ref" ]]; then break; fi
        if [[ $rc -gt 3 || $rc -eq 2 ]] || [[ $out == *Sanitizer* || $out == *"runtime error"* ]]; then
            LAST="SKIFF_FAIL_ALLOC_AFTER=$n skiff $*" RC=$rc OUT=${out:0:1500} ERR=""
            fail "$label: not a clean failure when allocation $((n + 1)) fails"
            return
        fi
    done
    LAST="$label" RC=$rc OUT="" ERR=""
    if [[ $n -eq 0 ]]; then fail "$label: succeeded with no allocations: is SKIFF_FAIL_ALLOC_AFTER working?"
    elif [[ $n -gt 3000 ]]; then fail "$label: never gave its normal result"
    else pass; fi
}

oom_loop wast wast "$TMP/s.wast"
oom_loop run run --invoke fac "$EX/fac.wat" 10
oom_loop run-start run "$EX/hello.wat"
oom_loop trap run --invoke divide "$EX/trap.wat" 1 0
oom_loop validate validate "$EX/fib.wat"
oom_loop inspect inspect "$EX/hello.wat"
oom_loop wat2wasm wat2wasm "$EX/add.wat" -o "$TMP/add.wasm"

# With no allocation failures the hook changes nothing.
SKIFF_FAIL_ALLOC_AFTER=-1 sk run --invoke fac "$EX/fac.wat" 10
expect_out "3628800 : i64"
finish
