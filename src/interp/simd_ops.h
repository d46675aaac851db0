/* simd_ops.h: the SIMD operations of simd.h grouped by shape (X-macro lists, macros only, so
 * iops.def can include it too). Generated once from opcodes_simd.def; every SIMD row is in
 * exactly one list or named under "by hand". */
#ifndef SK_SIMD_OPS_H
#define SK_SIMD_OPS_H

/* ---- the operations grouped by shape (generated from opcodes_simd.def) ----
 *   LOADS        X(OP, fn, bytes)  sk_v128 fn(const uint8_t *p)
 *   LOAD_LANES   X(OP, fn, bytes)  sk_v128 fn(sk_v128 a, const uint8_t *p, unsigned lane)
 *   STORE_LANES  X(OP, fn, bytes)  void fn(uint8_t *p, sk_v128 a, unsigned lane)
 *   BINOPS       X(OP, fn)         sk_v128 fn(sk_v128 a, sk_v128 b)
 *   UNOPS        X(OP, fn)         sk_v128 fn(sk_v128 a)
 *   TERNOPS      X(OP, fn)         sk_v128 fn(sk_v128 a, sk_v128 b, sk_v128 c)
 *   TESTOPS      X(OP, fn)         uint32_t fn(sk_v128 a)          (result i32)
 *   SHIFTOPS     X(OP, fn)         sk_v128 fn(sk_v128 a, uint32_t count)
 *   SPLATS       X(OP, fn)         sk_v128 fn(uint64_t slot_bits)
 *   EXTRACTS     X(OP, fn)         uint64_t fn(sk_v128 a, unsigned lane)   (slot bits)
 *   REPLACES     X(OP, fn)         sk_v128 fn(sk_v128 a, uint64_t slot_bits, unsigned lane)
 * By hand: V128_CONST (16 immediate bytes), V128_STORE (sk_simd_v128_store),
 * I8X16_SHUFFLE (sk_simd_i8x16_shuffle with 16 immediate lane indices). */

#define SK_SIMD_LOADS(X) \
    X(V128_LOAD, v128_load, 16) \
    X(V128_LOAD8X8_S, v128_load8x8_s, 8) \
    X(V128_LOAD8X8_U, v128_load8x8_u, 8) \
    X(V128_LOAD16X4_S, v128_load16x4_s, 8) \
    X(V128_LOAD16X4_U, v128_load16x4_u, 8) \
    X(V128_LOAD32X2_S, v128_load32x2_s, 8) \
    X(V128_LOAD32X2_U, v128_load32x2_u, 8) \
    X(V128_LOAD8_SPLAT, v128_load8_splat, 1) \
    X(V128_LOAD16_SPLAT, v128_load16_splat, 2) \
    X(V128_LOAD32_SPLAT, v128_load32_splat, 4) \
    X(V128_LOAD64_SPLAT, v128_load64_splat, 8) \
    X(V128_LOAD32_ZERO, v128_load32_zero, 4) \
    X(V128_LOAD64_ZERO, v128_load64_zero, 8)

/* by hand: V128_STORE, V128_CONST, I8X16_SHUFFLE */

#define SK_SIMD_BINOPS(X) \
    X(I8X16_SWIZZLE, i8x16_swizzle) \
    X(I8X16_EQ, i8x16_eq) \
    X(I8X16_NE, i8x16_ne) \
    X(I8X16_LT_S, i8x16_lt_s) \
    X(I8X16_LT_U, i8x16_lt_u) \
    X(I8X16_GT_S, i8x16_gt_s) \
    X(I8X16_GT_U, i8x16_gt_u) \
    X(I8X16_LE_S, i8x16_le_s) \
    X(I8X16_LE_U, i8x16_le_u) \
    X(I8X16_GE_S, i8x16_ge_s) \
    X(I8X16_GE_U, i8x16_ge_u) \
    X(I16X8_EQ, i16x8_eq) \
    X(I16X8_NE, i16x8_ne) \
    X(I16X8_LT_S, i16x8_lt_s) \
    X(I16X8_LT_U, i16x8_lt_u) \
    X(I16X8_GT_S, i16x8_gt_s) \
    X(I16X8_GT_U, i16x8_gt_u) \
    X(I16X8_LE_S, i16x8_le_s) \
    X(I16X8_LE_U, i16x8_le_u) \
    X(I16X8_GE_S, i16x8_ge_s) \
    X(I16X8_GE_U, i16x8_ge_u) \
    X(I32X4_EQ, i32x4_eq) \
    X(I32X4_NE, i32x4_ne) \
    X(I32X4_LT_S, i32x4_lt_s) \
    X(I32X4_LT_U, i32x4_lt_u) \
    X(I32X4_GT_S, i32x4_gt_s) \
    X(I32X4_GT_U, i32x4_gt_u) \
    X(I32X4_LE_S, i32x4_le_s) \
    X(I32X4_LE_U, i32x4_le_u) \
    X(I32X4_GE_S, i32x4_ge_s) \
    X(I32X4_GE_U, i32x4_ge_u) \
    X(F32X4_EQ, f32x4_eq) \
    X(F32X4_NE, f32x4_ne) \
    X(F32X4_LT, f32x4_lt) \
    X(F32X4_GT, f32x4_gt) \
    X(F32X4_LE, f32x4_le) \
    X(F32X4_GE, f32x4_ge) \
    X(F64X2_EQ, f64x2_eq) \
    X(F64X2_NE, f64x2_ne) \
    X(F64X2_LT, f64x2_lt) \
    X(F64X2_GT, f64x2_gt) \
    X(F64X2_LE, f64x2_le) \
    X(F64X2_GE, f64x2_ge) \
    X(V128_AND, v128_and) \
    X(V128_ANDNOT, v128_andnot) \
    X(V128_OR, v128_or) \
    X(V128_XOR, v128_xor) \
    X(I8X16_NARROW_I16X8_S, i8x16_narrow_i16x8_s) \
    X(I8X16_NARROW_I16X8_U, i8x16_narrow_i16x8_u) \
    X(I8X16_ADD, i8x16_add) \
    X(I8X16_ADD_SAT_S, i8x16_add_sat_s) \
    X(I8X16_ADD_SAT_U, i8x16_add_sat_u) \
    X(I8X16_SUB, i8x16_sub) \
    X(I8X16_SUB_SAT_S, i8x16_sub_sat_s) \
    X(I8X16_SUB_SAT_U, i8x16_sub_sat_u) \
    X(I8X16_MIN_S, i8x16_min_s) \
    X(I8X16_MIN_U, i8x16_min_u) \
    X(I8X16_MAX_S, i8x16_max_s) \
    X(I8X16_MAX_U, i8x16_max_u) \
    X(I8X16_AVGR_U, i8x16_avgr_u) \
    X(I16X8_Q15MULR_SAT_S, i16x8_q15mulr_sat_s) \
    X(I16X8_NARROW_I32X4_S, i16x8_narrow_i32x4_s) \
    X(I16X8_NARROW_I32X4_U, i16x8_narrow_i32x4_u) \
    X(I16X8_ADD, i16x8_add) \
    X(I16X8_ADD_SAT_S, i16x8_add_sat_s) \
    X(I16X8_ADD_SAT_U, i16x8_add_sat_u) \
    X(I16X8_SUB, i16x8_sub) \
    X(I16X8_SUB_SAT_S, i16x8_sub_sat_s) \
    X(I16X8_SUB_SAT_U, i16x8_sub_sat_u) \
    X(I16X8_MUL, i16x8_mul) \
    X(I16X8_MIN_S, i16x8_min_s) \
    X(I16X8_MIN_U, i16x8_min_u) \
    X(I16X8_MAX_S, i16x8_max_s) \
    X(I16X8_MAX_U, i16x8_max_u) \
    X(I16X8_AVGR_U, i16x8_avgr_u) \
    X(I16X8_EXTMUL_LOW_I8X16_S, i16x8_extmul_low_i8x16_s) \
    X(I16X8_EXTMUL_HIGH_I8X16_S, i16x8_extmul_high_i8x16_s) \
    X(I16X8_EXTMUL_LOW_I8X16_U, i16x8_extmul_low_i8x16_u) \
    X(I16X8_EXTMUL_HIGH_I8X16_U, i16x8_extmul_high_i8x16_u) \
    X(I32X4_ADD, i32x4_add) \
    X(I32X4_SUB, i32x4_sub) \
    X(I32X4_MUL, i32x4_mul) \
    X(I32X4_MIN_S, i32x4_min_s) \
    X(I32X4_MIN_U, i32x4_min_u) \
    X(I32X4_MAX_S, i32x4_max_s) \
    X(I32X4_MAX_U, i32x4_max_u) \
    X(I32X4_DOT_I16X8_S, i32x4_dot_i16x8_s) \
    X(I32X4_EXTMUL_LOW_I16X8_S, i32x4_extmul_low_i16x8_s) \
    X(I32X4_EXTMUL_HIGH_I16X8_S, i32x4_extmul_high_i16x8_s) \
    X(I32X4_EXTMUL_LOW_I16X8_U, i32x4_extmul_low_i16x8_u) \
    X(I32X4_EXTMUL_HIGH_I16X8_U, i32x4_extmul_high_i16x8_u) \
    X(I64X2_ADD, i64x2_add) \
    X(I64X2_SUB, i64x2_sub) \
    X(I64X2_MUL, i64x2_mul) \
    X(I64X2_EQ, i64x2_eq) \
    X(I64X2_NE, i64x2_ne) \
    X(I64X2_LT_S, i64x2_lt_s) \
    X(I64X2_GT_S, i64x2_gt_s) \
    X(I64X2_LE_S, i64x2_le_s) \
    X(I64X2_GE_S, i64x2_ge_s) \
    X(I64X2_EXTMUL_LOW_I32X4_S, i64x2_extmul_low_i32x4_s) \
    X(I64X2_EXTMUL_HIGH_I32X4_S, i64x2_extmul_high_i32x4_s) \
    X(I64X2_EXTMUL_LOW_I32X4_U, i64x2_extmul_low_i32x4_u) \
    X(I64X2_EXTMUL_HIGH_I32X4_U, i64x2_extmul_high_i32x4_u) \
    X(F32X4_ADD, f32x4_add) \
    X(F32X4_SUB, f32x4_sub) \
    X(F32X4_MUL, f32x4_mul) \
    X(F32X4_DIV, f32x4_div) \
    X(F32X4_MIN, f32x4_min) \
    X(F32X4_MAX, f32x4_max) \
    X(F32X4_PMIN, f32x4_pmin) \
    X(F32X4_PMAX, f32x4_pmax) \
    X(F64X2_ADD, f64x2_add) \
    X(F64X2_SUB, f64x2_sub) \
    X(F64X2_MUL, f64x2_mul) \
    X(F64X2_DIV, f64x2_div) \
    X(F64X2_MIN, f64x2_min) \
    X(F64X2_MAX, f64x2_max) \
    X(F64X2_PMIN, f64x2_pmin) \
    X(F64X2_PMAX, f64x2_pmax)

#define SK_SIMD_SPLATS(X) \
    X(I8X16_SPLAT, i8x16_splat) \
    X(I16X8_SPLAT, i16x8_splat) \
    X(I32X4_SPLAT, i32x4_splat) \
    X(I64X2_SPLAT, i64x2_splat) \
    X(F32X4_SPLAT, f32x4_splat) \
    X(F64X2_SPLAT, f64x2_splat)

#define SK_SIMD_EXTRACTS(X) \
    X(I8X16_EXTRACT_LANE_S, i8x16_extract_lane_s) \
    X(I8X16_EXTRACT_LANE_U, i8x16_extract_lane_u) \
    X(I16X8_EXTRACT_LANE_S, i16x8_extract_lane_s) \
    X(I16X8_EXTRACT_LANE_U, i16x8_extract_lane_u) \
    X(I32X4_EXTRACT_LANE, i32x4_extract_lane) \
    X(I64X2_EXTRACT_LANE, i64x2_extract_lane) \
    X(F32X4_EXTRACT_LANE, f32x4_extract_lane) \
    X(F64X2_EXTRACT_LANE, f64x2_extract_lane)

#define SK_SIMD_REPLACES(X) \
    X(I8X16_REPLACE_LANE, i8x16_replace_lane) \
    X(I16X8_REPLACE_LANE, i16x8_replace_lane) \
    X(I32X4_REPLACE_LANE, i32x4_replace_lane) \
    X(I64X2_REPLACE_LANE, i64x2_replace_lane) \
    X(F32X4_REPLACE_LANE, f32x4_replace_lane) \
    X(F64X2_REPLACE_LANE, f64x2_replace_lane)

#define SK_SIMD_UNOPS(X) \
    X(V128_NOT, v128_not) \
    X(F32X4_DEMOTE_F64X2_ZERO, f32x4_demote_f64x2_zero) \
    X(F64X2_PROMOTE_LOW_F32X4, f64x2_promote_low_f32x4) \
    X(I8X16_ABS, i8x16_abs) \
    X(I8X16_NEG, i8x16_neg) \
    X(I8X16_POPCNT, i8x16_popcnt) \
    X(F32X4_CEIL, f32x4_ceil) \
    X(F32X4_FLOOR, f32x4_floor) \
    X(F32X4_TRUNC, f32x4_trunc) \
    X(F32X4_NEAREST, f32x4_nearest) \
    X(F64X2_CEIL, f64x2_ceil) \
    X(F64X2_FLOOR, f64x2_floor) \
    X(F64X2_TRUNC, f64x2_trunc) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_S, i16x8_extadd_pairwise_i8x16_s) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_U, i16x8_extadd_pairwise_i8x16_u) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_S, i32x4_extadd_pairwise_i16x8_s) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_U, i32x4_extadd_pairwise_i16x8_u) \
    X(I16X8_ABS, i16x8_abs) \
    X(I16X8_NEG, i16x8_neg) \
    X(I16X8_EXTEND_LOW_I8X16_S, i16x8_extend_low_i8x16_s) \
    X(I16X8_EXTEND_HIGH_I8X16_S, i16x8_extend_high_i8x16_s) \
    X(I16X8_EXTEND_LOW_I8X16_U, i16x8_extend_low_i8x16_u) \
    X(I16X8_EXTEND_HIGH_I8X16_U, i16x8_extend_high_i8x16_u) \
    X(F64X2_NEAREST, f64x2_nearest) \
    X(I32X4_ABS, i32x4_abs) \
    X(I32X4_NEG, i32x4_neg) \
    X(I32X4_EXTEND_LOW_I16X8_S, i32x4_extend_low_i16x8_s) \
    X(I32X4_EXTEND_HIGH_I16X8_S, i32x4_extend_high_i16x8_s) \
    X(I32X4_EXTEND_LOW_I16X8_U, i32x4_extend_low_i16x8_u) \
    X(I32X4_EXTEND_HIGH_I16X8_U, i32x4_extend_high_i16x8_u) \
    X(I64X2_ABS, i64x2_abs) \
    X(I64X2_NEG, i64x2_neg) \
    X(I64X2_EXTEND_LOW_I32X4_S, i64x2_extend_low_i32x4_s) \
    X(I64X2_EXTEND_HIGH_I32X4_S, i64x2_extend_high_i32x4_s) \
    X(I64X2_EXTEND_LOW_I32X4_U, i64x2_extend_low_i32x4_u) \
    X(I64X2_EXTEND_HIGH_I32X4_U, i64x2_extend_high_i32x4_u) \
    X(F32X4_ABS, f32x4_abs) \
    X(F32X4_NEG, f32x4_neg) \
    X(F32X4_SQRT, f32x4_sqrt) \
    X(F64X2_ABS, f64x2_abs) \
    X(F64X2_NEG, f64x2_neg) \
    X(F64X2_SQRT, f64x2_sqrt) \
    X(I32X4_TRUNC_SAT_F32X4_S, i32x4_trunc_sat_f32x4_s) \
    X(I32X4_TRUNC_SAT_F32X4_U, i32x4_trunc_sat_f32x4_u) \
    X(F32X4_CONVERT_I32X4_S, f32x4_convert_i32x4_s) \
    X(F32X4_CONVERT_I32X4_U, f32x4_convert_i32x4_u) \
    X(I32X4_TRUNC_SAT_F64X2_S_ZERO, i32x4_trunc_sat_f64x2_s_zero) \
    X(I32X4_TRUNC_SAT_F64X2_U_ZERO, i32x4_trunc_sat_f64x2_u_zero) \
    X(F64X2_CONVERT_LOW_I32X4_S, f64x2_convert_low_i32x4_s) \
    X(F64X2_CONVERT_LOW_I32X4_U, f64x2_convert_low_i32x4_u)

#define SK_SIMD_TERNOPS(X) \
    X(V128_BITSELECT, v128_bitselect)

#define SK_SIMD_TESTOPS(X) \
    X(V128_ANY_TRUE, v128_any_true) \
    X(I8X16_ALL_TRUE, i8x16_all_true) \
    X(I8X16_BITMASK, i8x16_bitmask) \
    X(I16X8_ALL_TRUE, i16x8_all_true) \
    X(I16X8_BITMASK, i16x8_bitmask) \
    X(I32X4_ALL_TRUE, i32x4_all_true) \
    X(I32X4_BITMASK, i32x4_bitmask) \
    X(I64X2_ALL_TRUE, i64x2_all_true) \
    X(I64X2_BITMASK, i64x2_bitmask)

#define SK_SIMD_LOAD_LANES(X) \
    X(V128_LOAD8_LANE, v128_load8_lane, 1) \
    X(V128_LOAD16_LANE, v128_load16_lane, 2) \
    X(V128_LOAD32_LANE, v128_load32_lane, 4) \
    X(V128_LOAD64_LANE, v128_load64_lane, 8)

#define SK_SIMD_STORE_LANES(X) \
    X(V128_STORE8_LANE, v128_store8_lane, 1) \
    X(V128_STORE16_LANE, v128_store16_lane, 2) \
    X(V128_STORE32_LANE, v128_store32_lane, 4) \
    X(V128_STORE64_LANE, v128_store64_lane, 8)

#define SK_SIMD_SHIFTOPS(X) \
    X(I8X16_SHL, i8x16_shl) \
    X(I8X16_SHR_S, i8x16_shr_s) \
    X(I8X16_SHR_U, i8x16_shr_u) \
    X(I16X8_SHL, i16x8_shl) \
    X(I16X8_SHR_S, i16x8_shr_s) \
    X(I16X8_SHR_U, i16x8_shr_u) \
    X(I32X4_SHL, i32x4_shl) \
    X(I32X4_SHR_S, i32x4_shr_s) \
    X(I32X4_SHR_U, i32x4_shr_u) \
    X(I64X2_SHL, i64x2_shl) \
    X(I64X2_SHR_S, i64x2_shr_s) \
    X(I64X2_SHR_U, i64x2_shr_u)

#endif
