#!/usr/bin/env bash
# wast.sh: CLI tests of `skiff wast`: every command kind, counting, -v output, spectest imports.
source "$(dirname "$0")/lib.bash"

# 1. Everything passes.
cat >"$TMP/good.wast" <<'W'
(module $M
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "f32nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "f64arith") (param f64) (result f64) (f64.add (local.get 0) (f64.const 1)))
  (func (export "negzero") (result f64) (f64.const -0))
  (func (export "two") (result i64 f32) (i64.const -1) (f32.const 1.5))
  (func $loop (export "loop") (call $loop))
  (func (export "id_extern") (param externref) (result externref) (local.get 0))
  (func (export "null_func") (result funcref) (ref.null func))
  (func $f (export "some_func") (result funcref) (ref.func $f))
  (global (export "g") i64 (i64.const 77))
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke $M "add" (i32.const -1) (i32.const 0)) (i32.const 0xffffffff))
(assert_return (invoke "f32nan") (f32.const nan:arithmetic))
(assert_return (invoke "f64arith" (f64.const nan:0x4000000000000)) (f64.const nan:arithmetic))
(assert_return (invoke "f64arith" (f64.const 1.5)) (f64.const 2.5))
(assert_return (invoke "negzero") (f64.const -0))
(assert_return (invoke "two") (i64.const -1) (f32.const 1.5))
(assert_return (invoke "id_extern" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "id_extern" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null_func") (ref.null func))
(assert_return (invoke "some_func") (ref.func))
(assert_return (get "g") (i64.const 77))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_exhaustion (invoke "loop") "call stack exhausted")
(invoke "add" (i32.const 1) (i32.const 1))
(assert_malformed (module quote "(func (i32.const)") "unexpected token")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(register "M" $M)
(module
  (import "M" "add" (func $add (param i32 i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $g i32))
  (import "spectest" "global_f64" (global $gf f64))
  (import "spectest" "table" (table 10 funcref))
  (import "spectest" "memory" (memory 1 2))
  (func (export "sum") (result i32) (call $add (global.get $g) (i32.const 1)))
  (func (export "gf") (result f64) (global.get $gf))
  (func (export "p") (call $print (i32.const 42))))
(assert_return (invoke "sum") (i32.const 667))
(assert_return (invoke "gf") (f64.const 666.6))
(invoke "p")
W
sk wast "$TMP/good.wast"
expect_rc 0
expect_out_has "$TMP/good.wast: 28 passed, 0 failed"
expect_out_has "42 : i32"
expect_last_line "28 passed, 0 failed"

# 2. Failures are counted and, with -v, shown with file:line.
cat >"$TMP/bad.wast" <<'W'
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "nan") (result f32) (f32.const nan:0x200000))
  (func (export "trap") unreachable))
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "nan") (f32.const nan:canonical))
(assert_return (invoke "nan") (f32.const nan:arithmetic))
(assert_trap (invoke "one") "unreachable")
(assert_trap (invoke "trap") "integer overflow")
(assert_return (invoke "missing"))
(assert_return (invoke "one") (i64.const 1))
(assert_invalid (module (func)) "type mismatch")
(assert_malformed (module quote "(func)") "unexpected token")
(assert_invalid (module (func (result i32) (i64.const 0))) "unknown local")
(assert_return (invoke "one") (i32.const 1))
W
sk wast "$TMP/bad.wast"
expect_rc 1
expect_out_has "$TMP/bad.wast: 3 passed, 9 failed"
expect_last_line "3 passed, 9 failed"
expect_out_lacks "bad.wast:5:"
sk wast -v "$TMP/bad.wast"
expect_rc 1
expect_out_has "bad.wast:5: assert_return failed: result 0: expected (i32.const 2), got (i32.const 1)"
expect_out_has "bad.wast:6: assert_return failed"
expect_out_has "bad.wast:8: assert_trap failed"
expect_out_has "bad.wast:9: assert_trap failed: expected trap \"integer overflow\", got trap \"unreachable\""
expect_out_has "bad.wast:10: assert_return failed: unknown export"
expect_out_has "bad.wast:11: assert_return failed"
expect_out_has "bad.wast:12: assert_invalid failed: module loaded"
expect_out_has "bad.wast:13: assert_malformed failed: module loaded"
expect_out_has "bad.wast:14: assert_invalid: message mismatch"
expect_out_has "1 rejected modules passed with a different error message"
expect_last_line "3 passed, 9 failed"

# 3. A module that fails to load: later commands on it fail, nothing crashes.
cat >"$TMP/noload.wast" <<'W'
(module (func (export "f") (result i32) (i64.const 0)))
(assert_return (invoke "f") (i32.const 0))
(module $A (func (export "g") (result i32) (i32.const 5)))
(assert_return (invoke $A "g") (i32.const 5))
(assert_return (invoke $B "g") (i32.const 5))
(register "nothing" $B)
W
sk wast -v "$TMP/noload.wast"
expect_rc 1
expect_out_has "noload.wast:1: module failed: module rejected: type mismatch"
expect_out_has "noload.wast:2: assert_return failed: no module instance"
expect_out_has "noload.wast:5: assert_return failed: unknown module"
expect_last_line "2 passed, 4 failed"

# 4. Several files: one line each, then the total; a missing file counts as a failure.
sk wast "$TMP/good.wast" "$TMP/bad.wast" "$TMP/missing.wast"
expect_rc 1
expect_out_has "$TMP/good.wast: 28 passed, 0 failed"
expect_out_has "$TMP/bad.wast: 3 passed, 9 failed"
expect_out_has "$TMP/missing.wast: 0 passed, 1 failed"
expect_last_line "31 passed, 10 failed"

# 5. Each file has its own store: registrations do not leak between files.
cat >"$TMP/reg1.wast" <<'W'
(module (func (export "f")))
(register "R")
W
cat >"$TMP/reg2.wast" <<'W'
(assert_unlinkable (module (import "R" "f" (func))) "unknown import")
W
sk wast "$TMP/reg1.wast" "$TMP/reg2.wast"
expect_rc 0
expect_last_line "3 passed, 0 failed"

# 6. A script that is not well-formed.
printf '(module\n(assert_return' >"$TMP/broken.wast"
sk wast "$TMP/broken.wast"
expect_rc 1
expect_out_has "broken.wast: 0 passed, 1 failed"

# 7. Module forms (binary, quote, named), register, imports between modules, side effects of
#    a trapping instantiation, assert_uninstantiable.
cat >"$TMP/more.wast" <<'W'
(module $Mem (memory (export "m") 1) (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
(register "Mem")
;; the data segment is written before the start function traps, and stays (Wasm 2.0)
(assert_trap (module (import "Mem" "m" (memory 1)) (data (i32.const 5) "\2a") (func $s unreachable) (start $s)) "unreachable")
(assert_return (invoke $Mem "peek" (i32.const 5)) (i32.const 42))
(assert_uninstantiable (module (func $s unreachable) (start $s)) "unreachable")
(module binary "\00asm\01\00\00\00" "\01\05\01\60\00\01\7f" "\03\02\01\00" "\07\05\01\01\66\00\00" "\0a\06\01\04\00\41\07\0b")
(assert_return (invoke "f") (i32.const 7))
(module $Q quote "(func (export \"g\") (result f64) (f64.const -0))")
(assert_return (invoke $Q "g") (f64.const -0))
(register "Q")
(module (import "Q" "g" (func $g (result f64))) (func (export "h") (result f64) (call $g)))
(assert_return (invoke "h") (f64.const -0x0p+0))
W
sk wast -v "$TMP/more.wast"
expect_rc 0
expect_last_line "12 passed, 0 failed"

# 8. Wrong results of every kind are failures.
cat >"$TMP/morebad.wast" <<'W'
(module (memory (export "mem") 1) (func (export "z") (result f64) (f64.const 0)) (func (export "cn") (result f64) (f64.const nan:0x4000000000000))
  (func (export "two") (result i32 i32) (i32.const 1) (i32.const 2)))
(assert_return (invoke "z") (f64.const -0))
(assert_return (invoke "cn") (f64.const nan:canonical))
(assert_return (invoke "cn") (f64.const nan:arithmetic))
(assert_return (invoke "two") (i32.const 1))
(assert_trap (module (func)) "unreachable")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import")
(assert_return (invoke "z" (i32.const 1)) (f64.const 0))
(assert_return (get "m") (i32.const 0))
(assert_return (get "mem") (i32.const 0))
W
sk wast -v "$TMP/morebad.wast"
expect_rc 1
expect_out_has "morebad.wast:3: assert_return failed: result 0: expected (f64.const -0), got (f64.const 0)"
expect_out_has "morebad.wast:4: assert_return failed: result 0: expected (f64.const nan:canonical), got (f64.const nan:0x4000000000000)"
expect_out_has "morebad.wast:5: assert_return failed"
expect_out_has "morebad.wast:6: assert_return failed: 2 results, expected 1"
expect_out_has "morebad.wast:7: assert_trap failed: instantiated without a trap"
expect_out_has "morebad.wast:8: assert_unlinkable failed: module linked"
expect_out_has "morebad.wast:9: assert_return failed: 1 arguments given"
expect_out_has "morebad.wast:10: assert_return failed: unknown export \"m\""
expect_out_has "morebad.wast:11: assert_return failed: export \"mem\" is not a global"
expect_last_line "1 passed, 9 failed"

sk wast
expect_rc 2
finish
