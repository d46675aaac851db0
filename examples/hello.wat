;; hello.wat: a `_start` program that prints through the `spectest` host module,
;; and stores a string in its memory.
;;   skiff run examples/hello.wat   -> prints "42 : i32" and the string length "13 : i32"
(module
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello, world!")
  ;; length of the NUL-terminated string at $p
  (func $strlen (export "strlen") (param $p i32) (result i32)
    (local $n i32)
    (block $end
      (loop $scan
        (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $scan)))
    (local.get $n))
  (func (export "_start")
    (call $print_i32 (i32.const 42))
    (call $print_i32 (call $strlen (i32.const 16)))))
