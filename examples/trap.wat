;; trap.wat: functions that trap, to show how `skiff run` reports traps (exit status 3).
;;   skiff run --invoke divide examples/trap.wat 1 0   -> trap: integer divide by zero
;;   skiff run --invoke recurse examples/trap.wat      -> trap: call stack exhausted
(module
  (memory 1)
  (func $div (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "divide") (param i32 i32) (result i32)
    (call $div (local.get 0) (local.get 1)))
  (func (export "oob") (result i32)
    (i32.load (i32.const 65536)))
  (func (export "boom")
    unreachable)
  (func $recurse (export "recurse")
    (call $recurse)))
