;; fib.wat: Fibonacci numbers, iteratively and recursively.
;;   skiff run --invoke fib examples/fib.wat 50       -> 12586269025 : i64
;;   skiff run --invoke fib_rec examples/fib.wat 20   -> 6765 : i64
(module
  (func $fib (export "fib") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))
  (func $fib_rec (export "fib_rec") (param $n i32) (result i64)
    (if (result i64) (i32.lt_u (local.get $n) (i32.const 2))
      (then (i64.extend_i32_u (local.get $n)))
      (else
        (i64.add
          (call $fib_rec (i32.sub (local.get $n) (i32.const 1)))
          (call $fib_rec (i32.sub (local.get $n) (i32.const 2))))))))
