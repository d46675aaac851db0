/* simd.h: semantics of every Wasm 2.0 SIMD (v128) operation, bit-exact per the spec.
 *
 * Every operation is a static inline function on sk_v128, named sk_simd_<op> after its
 * SK_OP_<OP> row (opcodes_simd.def); the X-macro lists at the end group them by shape so the
 * interpreter can generate one handler per operation. By default the host's vector unit is
 * used where it is exact (GCC/Clang vector extensions, plus SSE2 intrinsics on x86-64, which
 * every x86-64 CPU has); -DSKIFF_SIMD_PORTABLE selects plain per-lane C for everything.
 * Lanes are little-endian like wasm memory (the host must be little-endian).
 */
#ifndef SK_SIMD_H
#define SK_SIMD_H

#include "../common/common.h"
#include <math.h>
#include "fp.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "Skiff's SIMD lanes assume a little-endian host"
#endif

#if !defined(SKIFF_SIMD_PORTABLE) && (defined(__GNUC__) || defined(__clang__))
#define SK_SIMD_VECEXT 1
#if defined(__SSE2__)
#define SK_SIMD_SSE2 1
#include <emmintrin.h>
#endif
#endif

#ifdef SK_SIMD_VECEXT
typedef int8_t sk_vi8 __attribute__((vector_size(16)));
typedef uint8_t sk_vu8 __attribute__((vector_size(16)));
typedef int16_t sk_vi16 __attribute__((vector_size(16)));
typedef uint16_t sk_vu16 __attribute__((vector_size(16)));
typedef int32_t sk_vi32 __attribute__((vector_size(16)));
typedef uint32_t sk_vu32 __attribute__((vector_size(16)));
typedef int64_t sk_vi64 __attribute__((vector_size(16)));
typedef uint64_t sk_vu64 __attribute__((vector_size(16)));
typedef float sk_vf32 __attribute__((vector_size(16)));
typedef double sk_vf64 __attribute__((vector_size(16)));
#endif

typedef union sk_v128 {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    uint64_t u64[2];
    int64_t i64[2];
    float f32[4];
    double f64[2];
#ifdef SK_SIMD_VECEXT
    sk_vi8 vi8;
    sk_vu8 vu8;
    sk_vi16 vi16;
    sk_vu16 vu16;
    sk_vi32 vi32;
    sk_vu32 vu32;
    sk_vi64 vi64;
    sk_vu64 vu64;
    sk_vf32 vf32;
    sk_vf64 vf64;
#endif
#ifdef SK_SIMD_SSE2
    __m128i m;
    __m128 mf;
    __m128d md;
#endif
} sk_v128;

/* Moves between sk_v128 and unaligned storage (frame slots, wasm memory, sk_val.v128). */
static inline sk_v128 sk_simd_get(const void *p)
{
    sk_v128 r;
    memcpy(&r, p, 16);
    return r;
}
static inline void sk_simd_put(void *p, sk_v128 v) { memcpy(p, &v, 16); }
static inline sk_v128 sk_simd_zero(void)
{
    sk_v128 r;
    memset(&r, 0, sizeof r);
    return r;
}

/* Lane-wise loops: r.<F>[i] = expr for every lane (a, b are the operands, i the lane). */
#define SK_SIMD_LANES(F, n, expr)                      \
    do {                                               \
        for (int i = 0; i < (n); i++) r.F[i] = (expr); \
    } while (0)
#define SK_SIMD_FN1(name, body)                     \
    static inline sk_v128 sk_simd_##name(sk_v128 a) \
    {                                               \
        sk_v128 r;                                  \
        body;                                       \
        return r;                                   \
    }
#define SK_SIMD_FN2(name, body)                                \
    static inline sk_v128 sk_simd_##name(sk_v128 a, sk_v128 b) \
    {                                                          \
        sk_v128 r;                                             \
        body;                                                  \
        return r;                                              \
    }

static inline int8_t sk_simd_sat_s8(int32_t x) { return (int8_t)(x < -128 ? -128 : x > 127 ? 127 : x); }
static inline uint8_t sk_simd_sat_u8(int32_t x) { return (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x); }
static inline int16_t sk_simd_sat_s16(int32_t x) { return (int16_t)(x < -32768 ? -32768 : x > 32767 ? 32767 : x); }
static inline uint16_t sk_simd_sat_u16(int32_t x) { return (uint16_t)(x < 0 ? 0 : x > 65535 ? 65535 : x); }
/* all-ones / zero lane masks */
#define SK_M8(c) ((uint8_t)((c) ? 0xFFu : 0))
#define SK_M16(c) ((uint16_t)((c) ? 0xFFFFu : 0))
#define SK_M32(c) ((uint32_t)((c) ? 0xFFFFFFFFu : 0))
#define SK_M64(c) ((uint64_t)((c) ? ~(uint64_t)0 : 0))

/* SK_V(vector form, per-lane form); SK_X86(SSE2 form, other form) */
#ifdef SK_SIMD_VECEXT
#define SK_V(vec, lanes) vec
#else
#define SK_V(vec, lanes) lanes
#endif
#ifdef SK_SIMD_SSE2
#define SK_X86(sse, other) sse
#else
#define SK_X86(sse, other) other
#endif

/* ---- constants, splat, lanes ---- */
static inline sk_v128 sk_simd_i8x16_splat(uint64_t x)
{
    sk_v128 r;
    memset(r.u8, (int)(uint8_t)x, 16);
    return r;
}
static inline sk_v128 sk_simd_i16x8_splat(uint64_t x)
{
    sk_v128 r;
    SK_SIMD_LANES(u16, 8, (uint16_t)x);
    return r;
}
static inline sk_v128 sk_simd_i32x4_splat(uint64_t x)
{
    sk_v128 r;
    SK_SIMD_LANES(u32, 4, (uint32_t)x);
    return r;
}
static inline sk_v128 sk_simd_i64x2_splat(uint64_t x)
{
    sk_v128 r;
    r.u64[0] = r.u64[1] = x;
    return r;
}
static inline sk_v128 sk_simd_f32x4_splat(uint64_t x) { return sk_simd_i32x4_splat(x); }
static inline sk_v128 sk_simd_f64x2_splat(uint64_t x) { return sk_simd_i64x2_splat(x); }

/* Extracted values come back as slot bits: i32/f32 zero-extended to 64 bits. */
static inline uint64_t sk_simd_i8x16_extract_lane_s(sk_v128 a, unsigned l) { return (uint32_t)(int32_t)a.i8[l & 15]; }
static inline uint64_t sk_simd_i8x16_extract_lane_u(sk_v128 a, unsigned l) { return a.u8[l & 15]; }
static inline uint64_t sk_simd_i16x8_extract_lane_s(sk_v128 a, unsigned l) { return (uint32_t)(int32_t)a.i16[l & 7]; }
static inline uint64_t sk_simd_i16x8_extract_lane_u(sk_v128 a, unsigned l) { return a.u16[l & 7]; }
static inline uint64_t sk_simd_i32x4_extract_lane(sk_v128 a, unsigned l) { return a.u32[l & 3]; }
static inline uint64_t sk_simd_i64x2_extract_lane(sk_v128 a, unsigned l) { return a.u64[l & 1]; }
static inline uint64_t sk_simd_f32x4_extract_lane(sk_v128 a, unsigned l) { return a.u32[l & 3]; }
static inline uint64_t sk_simd_f64x2_extract_lane(sk_v128 a, unsigned l) { return a.u64[l & 1]; }
static inline sk_v128 sk_simd_i8x16_replace_lane(sk_v128 a, uint64_t x, unsigned l)
{
    a.u8[l & 15] = (uint8_t)x;
    return a;
}
static inline sk_v128 sk_simd_i16x8_replace_lane(sk_v128 a, uint64_t x, unsigned l)
{
    a.u16[l & 7] = (uint16_t)x;
    return a;
}
static inline sk_v128 sk_simd_i32x4_replace_lane(sk_v128 a, uint64_t x, unsigned l)
{
    a.u32[l & 3] = (uint32_t)x;
    return a;
}
static inline sk_v128 sk_simd_i64x2_replace_lane(sk_v128 a, uint64_t x, unsigned l)
{
    a.u64[l & 1] = x;
    return a;
}
static inline sk_v128 sk_simd_f32x4_replace_lane(sk_v128 a, uint64_t x, unsigned l)
{
    return sk_simd_i32x4_replace_lane(a, x, l);
}
static inline sk_v128 sk_simd_f64x2_replace_lane(sk_v128 a, uint64_t x, unsigned l)
{
    return sk_simd_i64x2_replace_lane(a, x, l);
}

static inline sk_v128 sk_simd_i8x16_shuffle(sk_v128 a, sk_v128 b, const uint8_t idx[16])
{
    uint8_t both[32];
    memcpy(both, a.u8, 16);
    memcpy(both + 16, b.u8, 16);
    sk_v128 r;
    SK_SIMD_LANES(u8, 16, both[idx[i] & 31]);
    return r;
}
SK_SIMD_FN2(i8x16_swizzle, SK_SIMD_LANES(u8, 16, b.u8[i] < 16 ? a.u8[b.u8[i]] : 0))

/* ---- bitwise ---- */
SK_SIMD_FN1(v128_not, SK_V(r.vu64 = ~a.vu64, SK_SIMD_LANES(u64, 2, ~a.u64[i])))
SK_SIMD_FN2(v128_and, SK_V(r.vu64 = a.vu64 & b.vu64, SK_SIMD_LANES(u64, 2, a.u64[i] & b.u64[i])))
SK_SIMD_FN2(v128_andnot, SK_V(r.vu64 = a.vu64 & ~b.vu64, SK_SIMD_LANES(u64, 2, a.u64[i] & ~b.u64[i])))
SK_SIMD_FN2(v128_or, SK_V(r.vu64 = a.vu64 | b.vu64, SK_SIMD_LANES(u64, 2, a.u64[i] | b.u64[i])))
SK_SIMD_FN2(v128_xor, SK_V(r.vu64 = a.vu64 ^ b.vu64, SK_SIMD_LANES(u64, 2, a.u64[i] ^ b.u64[i])))
static inline sk_v128 sk_simd_v128_bitselect(sk_v128 a, sk_v128 b, sk_v128 c)
{
    sk_v128 r;
    SK_V(r.vu64 = (a.vu64 & c.vu64) | (b.vu64 & ~c.vu64),
         SK_SIMD_LANES(u64, 2, (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i])));
    return r;
}
static inline uint32_t sk_simd_v128_any_true(sk_v128 a) { return (a.u64[0] | a.u64[1]) != 0; }

/* ---- integer comparisons: lanes of all ones or zeros ---- */
#define SK_SIMD_CMP(name, VF, F, n, M, op)                                                      \
    SK_SIMD_FN2(name, SK_V(r.SK_SIMD_RES_##VF = (__typeof__(r.SK_SIMD_RES_##VF))(a.VF op b.VF), \
                           SK_SIMD_LANES(SK_SIMD_BITS_##F, n, M(a.F[i] op b.F[i]))))
/* per-lane result fields (unsigned of the same width) */
#define SK_SIMD_RES_vi8 vi8
#define SK_SIMD_RES_vu8 vi8
#define SK_SIMD_RES_vi16 vi16
#define SK_SIMD_RES_vu16 vi16
#define SK_SIMD_RES_vi32 vi32
#define SK_SIMD_RES_vu32 vi32
#define SK_SIMD_RES_vi64 vi64
#define SK_SIMD_RES_vf32 vi32
#define SK_SIMD_RES_vf64 vi64
#define SK_SIMD_BITS_i8 u8
#define SK_SIMD_BITS_u8 u8
#define SK_SIMD_BITS_i16 u16
#define SK_SIMD_BITS_u16 u16
#define SK_SIMD_BITS_i32 u32
#define SK_SIMD_BITS_u32 u32
#define SK_SIMD_BITS_i64 u64
#define SK_SIMD_BITS_f32 u32
#define SK_SIMD_BITS_f64 u64
SK_SIMD_CMP(i8x16_eq, vi8, i8, 16, SK_M8, ==)
SK_SIMD_CMP(i8x16_ne, vi8, i8, 16, SK_M8, !=)
SK_SIMD_CMP(i8x16_lt_s, vi8, i8, 16, SK_M8, <)
SK_SIMD_CMP(i8x16_lt_u, vu8, u8, 16, SK_M8, <)
SK_SIMD_CMP(i8x16_gt_s, vi8, i8, 16, SK_M8, >)
SK_SIMD_CMP(i8x16_gt_u, vu8, u8, 16, SK_M8, >)
SK_SIMD_CMP(i8x16_le_s, vi8, i8, 16, SK_M8, <=)
SK_SIMD_CMP(i8x16_le_u, vu8, u8, 16, SK_M8, <=)
SK_SIMD_CMP(i8x16_ge_s, vi8, i8, 16, SK_M8, >=)
SK_SIMD_CMP(i8x16_ge_u, vu8, u8, 16, SK_M8, >=)
SK_SIMD_CMP(i16x8_eq, vi16, i16, 8, SK_M16, ==)
SK_SIMD_CMP(i16x8_ne, vi16, i16, 8, SK_M16, !=)
SK_SIMD_CMP(i16x8_lt_s, vi16, i16, 8, SK_M16, <)
SK_SIMD_CMP(i16x8_lt_u, vu16, u16, 8, SK_M16, <)
SK_SIMD_CMP(i16x8_gt_s, vi16, i16, 8, SK_M16, >)
SK_SIMD_CMP(i16x8_gt_u, vu16, u16, 8, SK_M16, >)
SK_SIMD_CMP(i16x8_le_s, vi16, i16, 8, SK_M16, <=)
SK_SIMD_CMP(i16x8_le_u, vu16, u16, 8, SK_M16, <=)
SK_SIMD_CMP(i16x8_ge_s, vi16, i16, 8, SK_M16, >=)
SK_SIMD_CMP(i16x8_ge_u, vu16, u16, 8, SK_M16, >=)
SK_SIMD_CMP(i32x4_eq, vi32, i32, 4, SK_M32, ==)
SK_SIMD_CMP(i32x4_ne, vi32, i32, 4, SK_M32, !=)
SK_SIMD_CMP(i32x4_lt_s, vi32, i32, 4, SK_M32, <)
SK_SIMD_CMP(i32x4_lt_u, vu32, u32, 4, SK_M32, <)
SK_SIMD_CMP(i32x4_gt_s, vi32, i32, 4, SK_M32, >)
SK_SIMD_CMP(i32x4_gt_u, vu32, u32, 4, SK_M32, >)
SK_SIMD_CMP(i32x4_le_s, vi32, i32, 4, SK_M32, <=)
SK_SIMD_CMP(i32x4_le_u, vu32, u32, 4, SK_M32, <=)
SK_SIMD_CMP(i32x4_ge_s, vi32, i32, 4, SK_M32, >=)
SK_SIMD_CMP(i32x4_ge_u, vu32, u32, 4, SK_M32, >=)
SK_SIMD_CMP(i64x2_eq, vi64, i64, 2, SK_M64, ==)
SK_SIMD_CMP(i64x2_ne, vi64, i64, 2, SK_M64, !=)
SK_SIMD_CMP(i64x2_lt_s, vi64, i64, 2, SK_M64, <)
SK_SIMD_CMP(i64x2_gt_s, vi64, i64, 2, SK_M64, >)
SK_SIMD_CMP(i64x2_le_s, vi64, i64, 2, SK_M64, <=)
SK_SIMD_CMP(i64x2_ge_s, vi64, i64, 2, SK_M64, >=)
/* float comparisons: ordered except ne (true when either lane is NaN), as in C */
SK_SIMD_CMP(f32x4_eq, vf32, f32, 4, SK_M32, ==)
SK_SIMD_CMP(f32x4_ne, vf32, f32, 4, SK_M32, !=)
SK_SIMD_CMP(f32x4_lt, vf32, f32, 4, SK_M32, <)
SK_SIMD_CMP(f32x4_gt, vf32, f32, 4, SK_M32, >)
SK_SIMD_CMP(f32x4_le, vf32, f32, 4, SK_M32, <=)
SK_SIMD_CMP(f32x4_ge, vf32, f32, 4, SK_M32, >=)
SK_SIMD_CMP(f64x2_eq, vf64, f64, 2, SK_M64, ==)
SK_SIMD_CMP(f64x2_ne, vf64, f64, 2, SK_M64, !=)
SK_SIMD_CMP(f64x2_lt, vf64, f64, 2, SK_M64, <)
SK_SIMD_CMP(f64x2_gt, vf64, f64, 2, SK_M64, >)
SK_SIMD_CMP(f64x2_le, vf64, f64, 2, SK_M64, <=)
SK_SIMD_CMP(f64x2_ge, vf64, f64, 2, SK_M64, >=)

/* ---- integer arithmetic (wrapping; unsigned lanes avoid C overflow) ---- */
#define SK_SIMD_ARITH(name, VF, F, n, op) \
    SK_SIMD_FN2(name, SK_V(r.VF = a.VF op b.VF, SK_SIMD_LANES(F, n, (__typeof__(r.F[0]))((uint64_t)a.F[i] op b.F[i]))))
SK_SIMD_ARITH(i8x16_add, vu8, u8, 16, +)
SK_SIMD_ARITH(i8x16_sub, vu8, u8, 16, -)
SK_SIMD_ARITH(i16x8_add, vu16, u16, 8, +)
SK_SIMD_ARITH(i16x8_sub, vu16, u16, 8, -)
SK_SIMD_ARITH(i16x8_mul, vu16, u16, 8, *)
SK_SIMD_ARITH(i32x4_add, vu32, u32, 4, +)
SK_SIMD_ARITH(i32x4_sub, vu32, u32, 4, -)
SK_SIMD_ARITH(i32x4_mul, vu32, u32, 4, *)
SK_SIMD_ARITH(i64x2_add, vu64, u64, 2, +)
SK_SIMD_ARITH(i64x2_sub, vu64, u64, 2, -)
SK_SIMD_ARITH(i64x2_mul, vu64, u64, 2, *)

#define SK_SIMD_NEG(name, VF, F, n) \
    SK_SIMD_FN1(name, SK_V(r.VF = 0 - a.VF, SK_SIMD_LANES(F, n, (__typeof__(r.F[0]))(0u - a.F[i]))))
SK_SIMD_NEG(i8x16_neg, vu8, u8, 16)
SK_SIMD_NEG(i16x8_neg, vu16, u16, 8)
SK_SIMD_NEG(i32x4_neg, vu32, u32, 4)
SK_SIMD_NEG(i64x2_neg, vu64, u64, 2)
/* abs wraps: abs(min) == min */
#define SK_SIMD_ABS(name, S, U, n) \
    SK_SIMD_FN1(name, SK_SIMD_LANES(U, n, a.S[i] < 0 ? (__typeof__(r.U[0]))(0u - a.U[i]) : a.U[i]))
SK_SIMD_ABS(i8x16_abs, i8, u8, 16)
SK_SIMD_ABS(i16x8_abs, i16, u16, 8)
SK_SIMD_ABS(i32x4_abs, i32, u32, 4)
SK_SIMD_ABS(i64x2_abs, i64, u64, 2)

/* min/max: select by a lane mask in the vector form */
#define SK_SIMD_MINMAX(name, VF, RF, F, n, op)                  \
    SK_SIMD_FN2(name, SK_V(do {                                 \
        __typeof__(a.RF) m_ = (__typeof__(a.RF))(a.VF op b.VF); \
        r.RF = (a.RF & m_) | (b.RF & ~m_);                      \
    } while (0),                                                \
                           SK_SIMD_LANES(F, n, a.F[i] op b.F[i] ? a.F[i] : b.F[i])))
SK_SIMD_MINMAX(i8x16_min_s, vi8, vu8, i8, 16, <)
SK_SIMD_MINMAX(i8x16_max_s, vi8, vu8, i8, 16, >)
SK_SIMD_MINMAX(i16x8_min_u, vu16, vu16, u16, 8, <)
SK_SIMD_MINMAX(i16x8_max_u, vu16, vu16, u16, 8, >)
SK_SIMD_MINMAX(i32x4_min_s, vi32, vu32, i32, 4, <)
SK_SIMD_MINMAX(i32x4_min_u, vu32, vu32, u32, 4, <)
SK_SIMD_MINMAX(i32x4_max_s, vi32, vu32, i32, 4, >)
SK_SIMD_MINMAX(i32x4_max_u, vu32, vu32, u32, 4, >)
SK_SIMD_FN2(i8x16_min_u, SK_X86(r.m = _mm_min_epu8(a.m, b.m),
                                SK_SIMD_LANES(u8, 16, a.u8[i] < b.u8[i] ? a.u8[i] : b.u8[i])))
SK_SIMD_FN2(i8x16_max_u, SK_X86(r.m = _mm_max_epu8(a.m, b.m),
                                SK_SIMD_LANES(u8, 16, a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i])))
SK_SIMD_FN2(i16x8_min_s, SK_X86(r.m = _mm_min_epi16(a.m, b.m),
                                SK_SIMD_LANES(i16, 8, a.i16[i] < b.i16[i] ? a.i16[i] : b.i16[i])))
SK_SIMD_FN2(i16x8_max_s, SK_X86(r.m = _mm_max_epi16(a.m, b.m),
                                SK_SIMD_LANES(i16, 8, a.i16[i] > b.i16[i] ? a.i16[i] : b.i16[i])))

/* saturating add/sub */
SK_SIMD_FN2(i8x16_add_sat_s, SK_X86(r.m = _mm_adds_epi8(a.m, b.m),
                                    SK_SIMD_LANES(i8, 16, sk_simd_sat_s8(a.i8[i] + b.i8[i]))))
SK_SIMD_FN2(i8x16_add_sat_u, SK_X86(r.m = _mm_adds_epu8(a.m, b.m),
                                    SK_SIMD_LANES(u8, 16, sk_simd_sat_u8(a.u8[i] + b.u8[i]))))
SK_SIMD_FN2(i8x16_sub_sat_s, SK_X86(r.m = _mm_subs_epi8(a.m, b.m),
                                    SK_SIMD_LANES(i8, 16, sk_simd_sat_s8(a.i8[i] - b.i8[i]))))
SK_SIMD_FN2(i8x16_sub_sat_u, SK_X86(r.m = _mm_subs_epu8(a.m, b.m),
                                    SK_SIMD_LANES(u8, 16, sk_simd_sat_u8(a.u8[i] - b.u8[i]))))
SK_SIMD_FN2(i16x8_add_sat_s, SK_X86(r.m = _mm_adds_epi16(a.m, b.m),
                                    SK_SIMD_LANES(i16, 8, sk_simd_sat_s16(a.i16[i] + b.i16[i]))))
SK_SIMD_FN2(i16x8_add_sat_u, SK_X86(r.m = _mm_adds_epu16(a.m, b.m),
                                    SK_SIMD_LANES(u16, 8, sk_simd_sat_u16(a.u16[i] + b.u16[i]))))
SK_SIMD_FN2(i16x8_sub_sat_s, SK_X86(r.m = _mm_subs_epi16(a.m, b.m),
                                    SK_SIMD_LANES(i16, 8, sk_simd_sat_s16(a.i16[i] - b.i16[i]))))
SK_SIMD_FN2(i16x8_sub_sat_u, SK_X86(r.m = _mm_subs_epu16(a.m, b.m),
                                    SK_SIMD_LANES(u16, 8, sk_simd_sat_u16(a.u16[i] - b.u16[i]))))
/* rounding average: (a + b + 1) >> 1, no overflow */
SK_SIMD_FN2(i8x16_avgr_u, SK_X86(r.m = _mm_avg_epu8(a.m, b.m),
                                 SK_SIMD_LANES(u8, 16, (uint8_t)((a.u8[i] + b.u8[i] + 1u) >> 1))))
SK_SIMD_FN2(i16x8_avgr_u, SK_X86(r.m = _mm_avg_epu16(a.m, b.m),
                                 SK_SIMD_LANES(u16, 8, (uint16_t)((a.u16[i] + b.u16[i] + 1u) >> 1))))
/* (a * b + 2^14) >> 15, saturated (only -32768 * -32768 overflows) */
SK_SIMD_FN2(i16x8_q15mulr_sat_s, SK_SIMD_LANES(i16, 8, sk_simd_sat_s16((a.i16[i] * b.i16[i] + 0x4000) >> 15)))
SK_SIMD_FN1(i8x16_popcnt, SK_SIMD_LANES(u8, 16, (uint8_t)__builtin_popcount(a.u8[i])))

/* dot product of i16 pairs into i32 (wraps only for all four inputs -32768) */
SK_SIMD_FN2(i32x4_dot_i16x8_s, SK_X86(r.m = _mm_madd_epi16(a.m, b.m),
                                      SK_SIMD_LANES(u32, 4, (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) +
                                                                (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]))))

/* extend / extmul / extadd_pairwise: lane `i` of the result reads lane `i + off` */
#define SK_SIMD_EXTEND(name, DF, SF, n, off) SK_SIMD_FN1(name, SK_SIMD_LANES(DF, n, a.SF[i + (off)]))
SK_SIMD_EXTEND(i16x8_extend_low_i8x16_s, i16, i8, 8, 0)
SK_SIMD_EXTEND(i16x8_extend_high_i8x16_s, i16, i8, 8, 8)
SK_SIMD_EXTEND(i16x8_extend_low_i8x16_u, u16, u8, 8, 0)
SK_SIMD_EXTEND(i16x8_extend_high_i8x16_u, u16, u8, 8, 8)
SK_SIMD_EXTEND(i32x4_extend_low_i16x8_s, i32, i16, 4, 0)
SK_SIMD_EXTEND(i32x4_extend_high_i16x8_s, i32, i16, 4, 4)
SK_SIMD_EXTEND(i32x4_extend_low_i16x8_u, u32, u16, 4, 0)
SK_SIMD_EXTEND(i32x4_extend_high_i16x8_u, u32, u16, 4, 4)
SK_SIMD_EXTEND(i64x2_extend_low_i32x4_s, i64, i32, 2, 0)
SK_SIMD_EXTEND(i64x2_extend_high_i32x4_s, i64, i32, 2, 2)
SK_SIMD_EXTEND(i64x2_extend_low_i32x4_u, u64, u32, 2, 0)
SK_SIMD_EXTEND(i64x2_extend_high_i32x4_u, u64, u32, 2, 2)
#define SK_SIMD_EXTMUL(name, DF, SF, WT, n, off) \
    SK_SIMD_FN2(name, SK_SIMD_LANES(DF, n, (__typeof__(r.DF[0]))((WT)a.SF[i + (off)] * (WT)b.SF[i + (off)])))
SK_SIMD_EXTMUL(i16x8_extmul_low_i8x16_s, i16, i8, int32_t, 8, 0)
SK_SIMD_EXTMUL(i16x8_extmul_high_i8x16_s, i16, i8, int32_t, 8, 8)
SK_SIMD_EXTMUL(i16x8_extmul_low_i8x16_u, u16, u8, uint32_t, 8, 0)
SK_SIMD_EXTMUL(i16x8_extmul_high_i8x16_u, u16, u8, uint32_t, 8, 8)
SK_SIMD_EXTMUL(i32x4_extmul_low_i16x8_s, i32, i16, int32_t, 4, 0)
SK_SIMD_EXTMUL(i32x4_extmul_high_i16x8_s, i32, i16, int32_t, 4, 4)
SK_SIMD_EXTMUL(i32x4_extmul_low_i16x8_u, u32, u16, uint32_t, 4, 0)
SK_SIMD_EXTMUL(i32x4_extmul_high_i16x8_u, u32, u16, uint32_t, 4, 4)
SK_SIMD_EXTMUL(i64x2_extmul_low_i32x4_s, i64, i32, int64_t, 2, 0)
SK_SIMD_EXTMUL(i64x2_extmul_high_i32x4_s, i64, i32, int64_t, 2, 2)
SK_SIMD_EXTMUL(i64x2_extmul_low_i32x4_u, u64, u32, uint64_t, 2, 0)
SK_SIMD_EXTMUL(i64x2_extmul_high_i32x4_u, u64, u32, uint64_t, 2, 2)
SK_SIMD_FN1(i16x8_extadd_pairwise_i8x16_s, SK_SIMD_LANES(i16, 8, (int16_t)(a.i8[2 * i] + a.i8[2 * i + 1])))
SK_SIMD_FN1(i16x8_extadd_pairwise_i8x16_u, SK_SIMD_LANES(u16, 8, (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1])))
SK_SIMD_FN1(i32x4_extadd_pairwise_i16x8_s, SK_SIMD_LANES(i32, 4, a.i16[2 * i] + a.i16[2 * i + 1]))
SK_SIMD_FN1(i32x4_extadd_pairwise_i16x8_u, SK_SIMD_LANES(u32, 4, (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1]))

/* narrow: signed inputs saturated to the narrower signed / unsigned range; a gives the low half */
SK_SIMD_FN2(i8x16_narrow_i16x8_s, SK_X86(r.m = _mm_packs_epi16(a.m, b.m),
                                         SK_SIMD_LANES(i8, 16, sk_simd_sat_s8(i < 8 ? a.i16[i] : b.i16[i - 8]))))
SK_SIMD_FN2(i8x16_narrow_i16x8_u, SK_X86(r.m = _mm_packus_epi16(a.m, b.m),
                                         SK_SIMD_LANES(u8, 16, sk_simd_sat_u8(i < 8 ? a.i16[i] : b.i16[i - 8]))))
SK_SIMD_FN2(i16x8_narrow_i32x4_s, SK_X86(r.m = _mm_packs_epi32(a.m, b.m),
                                         SK_SIMD_LANES(i16, 8, sk_simd_sat_s16(i < 4 ? a.i32[i] : b.i32[i - 4]))))
SK_SIMD_FN2(i16x8_narrow_i32x4_u, SK_SIMD_LANES(u16, 8, sk_simd_sat_u16(i < 4 ? a.i32[i] : b.i32[i - 4])))

/* ---- shifts: the count is taken modulo the lane width ---- */
#define SK_SIMD_SHIFT(name, VF, F, n, bits, op)                                           \
    static inline sk_v128 sk_simd_##name(sk_v128 a, uint32_t c)                           \
    {                                                                                     \
        sk_v128 r;                                                                        \
        int s_ = (int)(c & ((bits)-1));                                                   \
        SK_V(r.VF = a.VF op s_, SK_SIMD_LANES(F, n, (__typeof__(r.F[0]))(a.F[i] op s_))); \
        return r;                                                                         \
    }
SK_SIMD_SHIFT(i8x16_shl, vu8, u8, 16, 8, <<)
SK_SIMD_SHIFT(i8x16_shr_s, vi8, i8, 16, 8, >>)
SK_SIMD_SHIFT(i8x16_shr_u, vu8, u8, 16, 8, >>)
SK_SIMD_SHIFT(i16x8_shl, vu16, u16, 8, 16, <<)
SK_SIMD_SHIFT(i16x8_shr_s, vi16, i16, 8, 16, >>)
SK_SIMD_SHIFT(i16x8_shr_u, vu16, u16, 8, 16, >>)
SK_SIMD_SHIFT(i32x4_shl, vu32, u32, 4, 32, <<)
SK_SIMD_SHIFT(i32x4_shr_s, vi32, i32, 4, 32, >>)
SK_SIMD_SHIFT(i32x4_shr_u, vu32, u32, 4, 32, >>)
SK_SIMD_SHIFT(i64x2_shl, vu64, u64, 2, 64, <<)
SK_SIMD_SHIFT(i64x2_shr_s, vi64, i64, 2, 64, >>)
SK_SIMD_SHIFT(i64x2_shr_u, vu64, u64, 2, 64, >>)

/* ---- all_true / bitmask ---- */
#define SK_SIMD_ALLTRUE(name, F, n)                  \
    static inline uint32_t sk_simd_##name(sk_v128 a) \
    {                                                \
        for (int i = 0; i < (n); i++)                \
            if (!a.F[i]) return 0;                   \
        return 1;                                    \
    }
SK_SIMD_ALLTRUE(i16x8_all_true, u16, 8)
SK_SIMD_ALLTRUE(i32x4_all_true, u32, 4)
SK_SIMD_ALLTRUE(i64x2_all_true, u64, 2)
static inline uint32_t sk_simd_i8x16_all_true(sk_v128 a)
{
#ifdef SK_SIMD_SSE2
    return _mm_movemask_epi8(_mm_cmpeq_epi8(a.m, _mm_setzero_si128())) == 0;
#else
    for (int i = 0; i < 16; i++)
        if (!a.u8[i]) return 0;
    return 1;
#endif
}
#define SK_SIMD_BITMASK(name, F, n)                  \
    static inline uint32_t sk_simd_##name(sk_v128 a) \
    {                                                \
        uint32_t m = 0;                              \
        for (int i = 0; i < (n); i++)                \
            m |= (uint32_t)(a.F[i] < 0) << i;        \
        return m;                                    \
    }
#ifdef SK_SIMD_SSE2
static inline uint32_t sk_simd_i8x16_bitmask(sk_v128 a) { return (uint32_t)_mm_movemask_epi8(a.m); }
static inline uint32_t sk_simd_i16x8_bitmask(sk_v128 a)
{
    return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16(a.m, _mm_setzero_si128()));
}
static inline uint32_t sk_simd_i32x4_bitmask(sk_v128 a) { return (uint32_t)_mm_movemask_ps(a.mf); }
static inline uint32_t sk_simd_i64x2_bitmask(sk_v128 a) { return (uint32_t)_mm_movemask_pd(a.md); }
#else
SK_SIMD_BITMASK(i8x16_bitmask, i8, 16)
SK_SIMD_BITMASK(i16x8_bitmask, i16, 8)
SK_SIMD_BITMASK(i32x4_bitmask, i32, 4)
SK_SIMD_BITMASK(i64x2_bitmask, i64, 2)
#endif

/* ---- floating point ---- */
#define SK_SIMD_FARITH(name, VF, F, n, op) \
    SK_SIMD_FN2(name, SK_V(r.VF = a.VF op b.VF, SK_SIMD_LANES(F, n, a.F[i] op b.F[i])))
SK_SIMD_FARITH(f32x4_add, vf32, f32, 4, +)
SK_SIMD_FARITH(f32x4_sub, vf32, f32, 4, -)
SK_SIMD_FARITH(f32x4_mul, vf32, f32, 4, *)
SK_SIMD_FARITH(f32x4_div, vf32, f32, 4, /)
SK_SIMD_FARITH(f64x2_add, vf64, f64, 2, +)
SK_SIMD_FARITH(f64x2_sub, vf64, f64, 2, -)
SK_SIMD_FARITH(f64x2_mul, vf64, f64, 2, *)
SK_SIMD_FARITH(f64x2_div, vf64, f64, 2, /)
/* abs / neg only touch the sign bit (NaN payloads kept) */
SK_SIMD_FN1(f32x4_abs, SK_V(r.vu32 = a.vu32 & 0x7FFFFFFFu, SK_SIMD_LANES(u32, 4, a.u32[i] & 0x7FFFFFFFu)))
SK_SIMD_FN1(f32x4_neg, SK_V(r.vu32 = a.vu32 ^ 0x80000000u, SK_SIMD_LANES(u32, 4, a.u32[i] ^ 0x80000000u)))
SK_SIMD_FN1(f64x2_abs, SK_V(r.vu64 = a.vu64 & 0x7FFFFFFFFFFFFFFFull,
                            SK_SIMD_LANES(u64, 2, a.u64[i] & 0x7FFFFFFFFFFFFFFFull)))
SK_SIMD_FN1(f64x2_neg, SK_V(r.vu64 = a.vu64 ^ 0x8000000000000000ull,
                            SK_SIMD_LANES(u64, 2, a.u64[i] ^ 0x8000000000000000ull)))
SK_SIMD_FN1(f32x4_sqrt, SK_X86(r.mf = _mm_sqrt_ps(a.mf), SK_SIMD_LANES(f32, 4, f32_sqrt(a.f32[i]))))
SK_SIMD_FN1(f64x2_sqrt, SK_X86(r.md = _mm_sqrt_pd(a.md), SK_SIMD_LANES(f64, 2, f64_sqrt(a.f64[i]))))
SK_SIMD_FN2(f32x4_min, SK_SIMD_LANES(f32, 4, f32_min(a.f32[i], b.f32[i])))
SK_SIMD_FN2(f32x4_max, SK_SIMD_LANES(f32, 4, f32_max(a.f32[i], b.f32[i])))
SK_SIMD_FN2(f64x2_min, SK_SIMD_LANES(f64, 2, f64_min(a.f64[i], b.f64[i])))
SK_SIMD_FN2(f64x2_max, SK_SIMD_LANES(f64, 2, f64_max(a.f64[i], b.f64[i])))
/* pmin = b < a ? b : a, pmax = a < b ? b : a (NaN lanes pick a); exact bit copies */
SK_SIMD_FN2(f32x4_pmin, SK_SIMD_LANES(u32, 4, b.f32[i] < a.f32[i] ? b.u32[i] : a.u32[i]))
SK_SIMD_FN2(f32x4_pmax, SK_SIMD_LANES(u32, 4, a.f32[i] < b.f32[i] ? b.u32[i] : a.u32[i]))
SK_SIMD_FN2(f64x2_pmin, SK_SIMD_LANES(u64, 2, b.f64[i] < a.f64[i] ? b.u64[i] : a.u64[i]))
SK_SIMD_FN2(f64x2_pmax, SK_SIMD_LANES(u64, 2, a.f64[i] < b.f64[i] ? b.u64[i] : a.u64[i]))
SK_SIMD_FN1(f32x4_ceil, SK_SIMD_LANES(f32, 4, f32_ceil(a.f32[i])))
SK_SIMD_FN1(f32x4_floor, SK_SIMD_LANES(f32, 4, f32_floor(a.f32[i])))
SK_SIMD_FN1(f32x4_trunc, SK_SIMD_LANES(f32, 4, f32_trunc(a.f32[i])))
SK_SIMD_FN1(f32x4_nearest, SK_SIMD_LANES(f32, 4, f32_nearest(a.f32[i])))
SK_SIMD_FN1(f64x2_ceil, SK_SIMD_LANES(f64, 2, f64_ceil(a.f64[i])))
SK_SIMD_FN1(f64x2_floor, SK_SIMD_LANES(f64, 2, f64_floor(a.f64[i])))
SK_SIMD_FN1(f64x2_trunc, SK_SIMD_LANES(f64, 2, f64_trunc(a.f64[i])))
SK_SIMD_FN1(f64x2_nearest, SK_SIMD_LANES(f64, 2, f64_nearest(a.f64[i])))

/* ---- conversions ---- */
SK_SIMD_FN1(i32x4_trunc_sat_f32x4_s, SK_SIMD_LANES(i32, 4, sat_i32(a.f32[i])))
SK_SIMD_FN1(i32x4_trunc_sat_f32x4_u, SK_SIMD_LANES(u32, 4, sat_u32(a.f32[i])))
SK_SIMD_FN1(i32x4_trunc_sat_f64x2_s_zero, SK_SIMD_LANES(i32, 4, i < 2 ? sat_i32(a.f64[i]) : 0))
SK_SIMD_FN1(i32x4_trunc_sat_f64x2_u_zero, SK_SIMD_LANES(u32, 4, i < 2 ? sat_u32(a.f64[i]) : 0))
SK_SIMD_FN1(f32x4_convert_i32x4_s, SK_V(r.vf32 = __builtin_convertvector(a.vi32, sk_vf32),
                                        SK_SIMD_LANES(f32, 4, (float)a.i32[i])))
SK_SIMD_FN1(f32x4_convert_i32x4_u, SK_SIMD_LANES(f32, 4, (float)a.u32[i]))
SK_SIMD_FN1(f64x2_convert_low_i32x4_s, SK_SIMD_LANES(f64, 2, (double)a.i32[i]))
SK_SIMD_FN1(f64x2_convert_low_i32x4_u, SK_SIMD_LANES(f64, 2, (double)a.u32[i]))
/* demote/promote: the FPU keeps NaNs quiet with their payload's top bits (arithmetic NaNs) */
SK_SIMD_FN1(f32x4_demote_f64x2_zero, SK_SIMD_LANES(f32, 4, i < 2 ? (float)a.f64[i] : 0.0f))
SK_SIMD_FN1(f64x2_promote_low_f32x4, SK_SIMD_LANES(f64, 2, (double)a.f32[i]))

/* ---- memory helpers: p points at the accessed bytes (bounds already checked) ---- */
static inline sk_v128 sk_simd_v128_load(const uint8_t *p) { return sk_simd_get(p); }
#define SK_SIMD_LOADX(name, DF, ST, n)                     \
    static inline sk_v128 sk_simd_##name(const uint8_t *p) \
    {                                                      \
        ST s_[n];                                          \
        memcpy(s_, p, sizeof s_);                          \
        sk_v128 r;                                         \
        SK_SIMD_LANES(DF, n, s_[i]);                       \
        return r;                                          \
    }
SK_SIMD_LOADX(v128_load8x8_s, i16, int8_t, 8)
SK_SIMD_LOADX(v128_load8x8_u, u16, uint8_t, 8)
SK_SIMD_LOADX(v128_load16x4_s, i32, int16_t, 4)
SK_SIMD_LOADX(v128_load16x4_u, u32, uint16_t, 4)
SK_SIMD_LOADX(v128_load32x2_s, i64, int32_t, 2)
SK_SIMD_LOADX(v128_load32x2_u, u64, uint32_t, 2)
#define SK_SIMD_LOADSPLAT(name, F, T, n)                   \
    static inline sk_v128 sk_simd_##name(const uint8_t *p) \
    {                                                      \
        T x_;                                              \
        memcpy(&x_, p, sizeof x_);                         \
        sk_v128 r;                                         \
        SK_SIMD_LANES(F, n, x_);                           \
        return r;                                          \
    }
SK_SIMD_LOADSPLAT(v128_load8_splat, u8, uint8_t, 16)
SK_SIMD_LOADSPLAT(v128_load16_splat, u16, uint16_t, 8)
SK_SIMD_LOADSPLAT(v128_load32_splat, u32, uint32_t, 4)
SK_SIMD_LOADSPLAT(v128_load64_splat, u64, uint64_t, 2)
static inline sk_v128 sk_simd_v128_load32_zero(const uint8_t *p)
{
    sk_v128 r = sk_simd_zero();
    memcpy(r.u8, p, 4);
    return r;
}
static inline sk_v128 sk_simd_v128_load64_zero(const uint8_t *p)
{
    sk_v128 r = sk_simd_zero();
    memcpy(r.u8, p, 8);
    return r;
}
#define SK_SIMD_LOADLANE(name, n)                                                 \
    static inline sk_v128 sk_simd_##name(sk_v128 a, const uint8_t *p, unsigned l) \
    {                                                                             \
        memcpy(a.u8 + (l & (16 / (n)-1)) * (n), p, (n));                          \
        return a;                                                                 \
    }
#define SK_SIMD_STORELANE(name, n)                                       \
    static inline void sk_simd_##name(uint8_t *p, sk_v128 a, unsigned l) \
    {                                                                    \
        memcpy(p, a.u8 + (l & (16 / (n)-1)) * (n), (n));                 \
    }
SK_SIMD_LOADLANE(v128_load8_lane, 1)
SK_SIMD_LOADLANE(v128_load16_lane, 2)
SK_SIMD_LOADLANE(v128_load32_lane, 4)
SK_SIMD_LOADLANE(v128_load64_lane, 8)
SK_SIMD_STORELANE(v128_store8_lane, 1)
SK_SIMD_STORELANE(v128_store16_lane, 2)
SK_SIMD_STORELANE(v128_store32_lane, 4)
SK_SIMD_STORELANE(v128_store64_lane, 8)
static inline void sk_simd_v128_store(uint8_t *p, sk_v128 a) { sk_simd_put(p, a); }

#include "simd_ops.h"

#endif
