;; add.wat: small arithmetic exports for `skiff run --invoke` (integers and floats).
;;   skiff run --invoke add examples/add.wat 2 40        -> 42 : i32
;;   skiff run --invoke mul_f64 examples/add.wat 1.5 4   -> 6 : f64
(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func (export "add_i64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  (func (export "mul_f64") (param f64 f64) (result f64)
    (f64.mul (local.get 0) (local.get 1)))
  (func (export "div_f32") (param f32 f32) (result f32)
    (f32.div (local.get 0) (local.get 1)))
  ;; two results: the quotient and remainder of an unsigned division
  (func (export "divmod") (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1))))
