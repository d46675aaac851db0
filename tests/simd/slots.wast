;; slots.wast: v128 values take two interpreter slots; these mix them with scalars everywhere a
;; value can live (locals, params, results, block params/results, branches, br_table, select,
;; globals, direct/indirect calls, calls across instances). Run by tests/simd/run.sh.

(module $A
  (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  (func (export "swap") (param i32 v128 i64) (result i64 v128 i32)
    (local.get 2) (local.get 1) (local.get 0))
  (func (export "get_g") (result v128) (global.get $g))
  (func (export "set_g") (param v128) (global.set $g (local.get 0)))
)
(register "A" $A)

(module
  (import "A" "swap" (func $swap (param i32 v128 i64) (result i64 v128 i32)))
  (import "A" "g" (global $g (mut v128)))
  (type $t (func (param v128 i32 v128) (result v128)))
  (table 2 funcref)
  (elem (i32.const 0) $pick $addv)
  (func $pick (type $t) (select (local.get 0) (local.get 2) (local.get 1)))
  (func $addv (type $t) (i32x4.add (local.get 0) (i32x4.add (local.get 2) (i32x4.splat (local.get 1)))))

  ;; locals of mixed widths around a v128 local
  (func (export "locals") (param i32) (result i32)
    (local i64 v128 i32 v128 f64)
    (local.set 1 (i64.const 5))
    (local.set 2 (i32x4.splat (local.get 0)))
    (local.set 3 (i32.const 7))
    (local.set 4 (local.tee 2 (i32x4.add (local.get 2) (local.get 2))))
    (local.set 5 (f64.const 1.5))
    (i32.add
      (i32.add (i32x4.extract_lane 3 (local.get 4)) (local.get 3))
      (i32.add (i32.wrap_i64 (local.get 1)) (i32.trunc_f64_s (local.get 5)))))

  ;; a cross-instance call with v128 in the middle of params and results
  (func (export "cross") (result i64 i32 i32)
    (local i32)
    (call $swap (i32.const 11) (v128.const i32x4 100 200 300 400) (i64.const 22))
    (local.set 0)
    (i32x4.extract_lane 2)
    (local.get 0))

  ;; blocks with v128 params/results, a loop carrying a v128
  (func (export "loop") (param i32) (result v128 i32)
    (v128.const i32x4 0 0 0 0)
    (local.get 0)
    (loop $l (param v128 i32) (result v128 i32)
      (i32.sub (i32.const 1))
      (local.set 0)
      (i32x4.add (i32x4.splat (i32.const 1)))
      (local.get 0)
      (br_if $l (local.get 0)))
  )

  ;; br_table carrying (i32 v128 i64) to different labels
  (func (export "table") (param i32) (result i32 v128 i64)
    (block $a (result i32 v128 i64)
      (block $b (result i32 v128 i64)
        (i32.const 1) (v128.const i64x2 2 3) (i64.const 4)
        (br_table $a $b (local.get 0)))
      (i64.add (i64.const 100))))

  ;; if/else with v128 param and result
  (func (export "ifv") (param i32 v128) (result v128)
    (local.get 1)
    (if (param v128) (result v128) (local.get 0)
      (then (i8x16.neg))
      (else (v128.not))))

  ;; select of v128, indirect calls
  (func (export "indirect") (param i32) (result v128)
    (call_indirect (type $t) (v128.const i32x4 1 1 1 1) (i32.const 10) (v128.const i32x4 5 6 7 8) (local.get 0)))

  ;; an imported mutable v128 global
  (func (export "bump") (result v128)
    (global.set $g (i32x4.mul (global.get $g) (global.get $g)))
    (global.get $g))

  ;; many v128 values live at once (deep operand stack)
  (func (export "deep") (result i32)
    (i32x4.extract_lane 0
      (i32x4.add (v128.const i32x4 1 0 0 0)
        (i32x4.add (v128.const i32x4 2 0 0 0)
          (i32x4.add (v128.const i32x4 3 0 0 0)
            (i32x4.add (v128.const i32x4 4 0 0 0)
              (i32x4.add (v128.const i32x4 5 0 0 0) (v128.const i32x4 6 0 0 0))))))))

  ;; return from inside a block with a v128 under scalars
  (func (export "ret") (param i32) (result f32 v128 i32)
    (block (result f32 v128 i32)
      (f32.const 2.5) (v128.const f32x4 1 2 3 4) (local.get 0)
      (br_if 1 (local.get 0))
      (drop) (drop) (drop)
      (f32.const -1) (v128.const i32x4 9 9 9 9) (i32.const 0)))
)

(assert_return (invoke "locals" (i32.const 3)) (i32.const 19))
(assert_return (invoke "cross") (i64.const 22) (i32.const 300) (i32.const 11))
(assert_return (invoke "loop" (i32.const 5)) (v128.const i32x4 5 5 5 5) (i32.const 0))
(assert_return (invoke "table" (i32.const 0)) (i32.const 1) (v128.const i64x2 2 3) (i64.const 4))
(assert_return (invoke "table" (i32.const 1)) (i32.const 1) (v128.const i64x2 2 3) (i64.const 104))
(assert_return (invoke "table" (i32.const 7)) (i32.const 1) (v128.const i64x2 2 3) (i64.const 104))
(assert_return (invoke "ifv" (i32.const 1) (v128.const i8x16 1 -1 0 127 -128 2 3 4 5 6 7 8 9 10 11 12))
  (v128.const i8x16 -1 1 0 -127 -128 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12))
(assert_return (invoke "ifv" (i32.const 0) (v128.const i64x2 0 -1)) (v128.const i64x2 -1 0))
(assert_return (invoke "indirect" (i32.const 0)) (v128.const i32x4 1 1 1 1))
(assert_return (invoke "indirect" (i32.const 1)) (v128.const i32x4 16 17 18 19))
(assert_trap (invoke "indirect" (i32.const 2)) "undefined element")
(assert_return (invoke "bump") (v128.const i32x4 1 4 9 16))
(assert_return (invoke $A "get_g") (v128.const i32x4 1 4 9 16))
(assert_return (invoke "deep") (i32.const 21))
(assert_return (invoke "ret" (i32.const 3)) (f32.const 2.5) (v128.const f32x4 1 2 3 4) (i32.const 3))
(assert_return (invoke "ret" (i32.const 0)) (f32.const -1) (v128.const i32x4 9 9 9 9) (i32.const 0))
(invoke $A "set_g" (v128.const f64x2 nan -0))
(assert_return (invoke $A "get_g") (v128.const f64x2 nan:canonical -0))
