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

# oom_loop LABEL ARGS...: runs skiff ARGS with N = 0, 1, 2, ... until it succeeds (at most 5000).
oom_loop() {
    local label=$1
    shift
    local n bad=0
    for ((n = 0; n <= 5000; n++)); do
        SKIFF_FAIL_ALLOC_AFTER=$n "$SKIFF" "$@" >"$TMP/.out" 2>&1
        local rc=$?
        if [[ $rc -ne 0 && $rc -ne 1 && $rc -ne 3 ]] || grep -q 'Sanitizer\|runtime error' "$TMP/.out"; then
            LAST="SKIFF_FAIL_ALLOC_AFTER=$n skiff $*" RC=$rc OUT=$(head -c 1500 "$TMP/.out") ERR=""
            fail "$label: not a clean failure under allocation failure"
            bad=1
            break
        fi
        [[ $rc -eq 0 ]] && break
    done
    if [[ $bad -eq 0 ]]; then
        if [[ $n -gt 0 && $n -le 5000 ]]; then pass; else
            LAST="$label" RC=0 OUT="" ERR=""
            fail "$label: succeeded with no allocations (hook not working?) or never succeeded (n=$n)"
        fi
    fi
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
