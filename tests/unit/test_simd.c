/* test_simd.c: edge cases of the SIMD lane semantics (src/interp/simd.h), plus a randomized
 * cross-check of the vectorised operations against independent per-lane reference code.
 * Built twice by the test suite: host vectors (default) and -DSKIFF_SIMD_PORTABLE. */
#include "test.h"
#include "interp/simd.h"
#include <inttypes.h>
#include <stdlib.h>

static sk_v128 i8s(const int v[16])
{
    sk_v128 r;
    for (int i = 0; i < 16; i++) r.i8[i] = (int8_t)v[i];
    return r;
}
static sk_v128 i16s(int a, int b, int c, int d, int e, int f, int g, int h)
{
    sk_v128 r;
    int v[8] = {a, b, c, d, e, f, g, h};
    for (int i = 0; i < 8; i++) r.i16[i] = (int16_t)v[i];
    return r;
}
static sk_v128 i32s(int64_t a, int64_t b, int64_t c, int64_t d)
{
    sk_v128 r;
    r.u32[0] = (uint32_t)a, r.u32[1] = (uint32_t)b, r.u32[2] = (uint32_t)c, r.u32[3] = (uint32_t)d;
    return r;
}
static sk_v128 f32s(float a, float b, float c, float d)
{
    sk_v128 r;
    r.f32[0] = a, r.f32[1] = b, r.f32[2] = c, r.f32[3] = d;
    return r;
}
static sk_v128 f64s(double a, double b)
{
    sk_v128 r;
    r.f64[0] = a, r.f64[1] = b;
    return r;
}
static bool is_canon32(uint32_t b) { return (b & 0x7FFFFFFFu) == 0x7FC00000u; }
static bool is_arith32(uint32_t b) { return (b & 0x7FC00000u) == 0x7FC00000u; }
static bool is_canon64(uint64_t b) { return (b & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }

static void test_integer_edges(void)
{
    sk_v128 r;
    /* saturating add/sub */
    r = sk_simd_i8x16_add_sat_s(sk_simd_i8x16_splat(127), sk_simd_i8x16_splat(1));
    CHECK(r.i8[0] == 127 && r.i8[15] == 127);
    r = sk_simd_i8x16_sub_sat_s(sk_simd_i8x16_splat(0x80), sk_simd_i8x16_splat(1));
    CHECK(r.i8[3] == -128);
    r = sk_simd_i8x16_add_sat_u(sk_simd_i8x16_splat(255), sk_simd_i8x16_splat(1));
    CHECK(r.u8[7] == 255);
    r = sk_simd_i8x16_sub_sat_u(sk_simd_i8x16_splat(0), sk_simd_i8x16_splat(1));
    CHECK(r.u8[7] == 0);
    r = sk_simd_i16x8_add_sat_s(sk_simd_i16x8_splat(32767), sk_simd_i16x8_splat(2));
    CHECK(r.i16[1] == 32767);
    r = sk_simd_i16x8_sub_sat_u(sk_simd_i16x8_splat(3), sk_simd_i16x8_splat(5));
    CHECK(r.u16[1] == 0);
    /* wrapping abs/neg */
    r = sk_simd_i8x16_abs(sk_simd_i8x16_splat(0x80));
    CHECK(r.i8[0] == -128);
    r = sk_simd_i32x4_abs(i32s(INT32_MIN, -5, 5, 0));
    CHECK(r.i32[0] == INT32_MIN && r.i32[1] == 5 && r.i32[2] == 5 && r.i32[3] == 0);
    r = sk_simd_i64x2_neg(sk_simd_i64x2_splat(0x8000000000000000ull));
    CHECK(r.u64[1] == 0x8000000000000000ull);
    /* narrow */
    r = sk_simd_i8x16_narrow_i16x8_s(i16s(300, -300, 127, -128, 128, -129, 0, 1), i16s(5, 0, 0, 0, 0, 0, 0, -1));
    CHECK(r.i8[0] == 127 && r.i8[1] == -128 && r.i8[2] == 127 && r.i8[3] == -128 && r.i8[4] == 127 &&
          r.i8[5] == -128 && r.i8[8] == 5 && r.i8[15] == -1);
    r = sk_simd_i8x16_narrow_i16x8_u(i16s(300, -300, 255, 256, -1, 0, 7, 0), i16s(0, 0, 0, 0, 0, 0, 0, 1000));
    CHECK(r.u8[0] == 255 && r.u8[1] == 0 && r.u8[2] == 255 && r.u8[3] == 255 && r.u8[4] == 0 && r.u8[6] == 7 &&
          r.u8[15] == 255);
    r = sk_simd_i16x8_narrow_i32x4_u(i32s(70000, -1, 65535, 12), i32s(INT32_MIN, INT32_MAX, 0, 1));
    CHECK(r.u16[0] == 65535 && r.u16[1] == 0 && r.u16[2] == 65535 && r.u16[3] == 12 && r.u16[4] == 0 &&
          r.u16[5] == 65535 && r.u16[7] == 1);
    r = sk_simd_i16x8_narrow_i32x4_s(i32s(70000, -70000, -32768, 32767), i32s(0, 0, 0, 0));
    CHECK(r.i16[0] == 32767 && r.i16[1] == -32768 && r.i16[2] == -32768 && r.i16[3] == 32767);
    /* shifts: count modulo the lane width */
    r = sk_simd_i8x16_shl(sk_simd_i8x16_splat(1), 9);
    CHECK(r.u8[0] == 2);
    r = sk_simd_i8x16_shr_s(sk_simd_i8x16_splat(0x80), 7);
    CHECK(r.i8[5] == -1);
    r = sk_simd_i8x16_shr_u(sk_simd_i8x16_splat(0x80), 15);
    CHECK(r.u8[5] == 1);
    r = sk_simd_i32x4_shl(sk_simd_i32x4_splat(1), 33);
    CHECK(r.u32[2] == 2);
    r = sk_simd_i64x2_shr_s(sk_simd_i64x2_splat(0x8000000000000000ull), 64);
    CHECK(r.u64[0] == 0x8000000000000000ull);
    r = sk_simd_i64x2_shr_s(sk_simd_i64x2_splat(0x8000000000000000ull), 63);
    CHECK(r.i64[0] == -1);
    r = sk_simd_i16x8_shr_u(sk_simd_i16x8_splat(0x8000), 0xFFFFFFFFu);
    CHECK(r.u16[0] == 1);
    /* bitmask / all_true / any_true */
    int v[16] = {-1, 0, -128, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -3};
    CHECK(sk_simd_i8x16_bitmask(i8s(v)) == 0x8005u);
    CHECK(sk_simd_i16x8_bitmask(i16s(-1, 1, -32768, 0, 0, 0, 0, -2)) == 0x85u);
    CHECK(sk_simd_i32x4_bitmask(i32s(-1, 1, INT32_MIN, 0)) == 5u);
    CHECK(sk_simd_i64x2_bitmask(sk_simd_i64x2_splat(0x8000000000000000ull)) == 3u);
    CHECK(sk_simd_i8x16_all_true(i8s(v)) == 0);
    CHECK(sk_simd_i8x16_all_true(sk_simd_i8x16_splat(0x10)) == 1);
    CHECK(sk_simd_i16x8_all_true(i16s(1, 1, 1, 1, 1, 1, 1, 0)) == 0);
    CHECK(sk_simd_i32x4_all_true(i32s(1, 2, 3, 0x100)) == 1);
    CHECK(sk_simd_i64x2_all_true(i32s(0, 1, 1, 0)) == 1);
    CHECK(sk_simd_i64x2_all_true(i32s(0, 0, 1, 0)) == 0);
    CHECK(sk_simd_v128_any_true(sk_simd_zero()) == 0);
    CHECK(sk_simd_v128_any_true(i32s(0, 0, 0, 1 << 30)) == 1);
    /* q15mulr, dot, avgr, popcnt, extadd */
    r = sk_simd_i16x8_q15mulr_sat_s(i16s(-32768, 16384, -16384, 1, 0, 0, 0, 0),
                                    i16s(-32768, 16384, 16384, 16384, 0, 0, 0, 0));
    CHECK(r.i16[0] == 32767 && r.i16[1] == 8192 && r.i16[2] == -8192 && r.i16[3] == 1);
    r = sk_simd_i32x4_dot_i16x8_s(sk_simd_i16x8_splat(0x8000), sk_simd_i16x8_splat(0x8000));
    CHECK(r.i32[0] == INT32_MIN && r.i32[3] == INT32_MIN);
    r = sk_simd_i32x4_dot_i16x8_s(i16s(1, 2, 3, 4, -5, 6, 7, 8), i16s(10, 20, 30, 40, 50, 60, 70, -80));
    CHECK(r.i32[0] == 50 && r.i32[1] == 250 && r.i32[2] == 110 && r.i32[3] == -150);
    r = sk_simd_i8x16_avgr_u(sk_simd_i8x16_splat(255), sk_simd_i8x16_splat(254));
    CHECK(r.u8[0] == 255);
    r = sk_simd_i16x8_avgr_u(sk_simd_i16x8_splat(0), sk_simd_i16x8_splat(1));
    CHECK(r.u16[4] == 1);
    r = sk_simd_i8x16_popcnt(sk_simd_i8x16_splat(0xF7));
    CHECK(r.u8[9] == 7);
    r = sk_simd_i16x8_extadd_pairwise_i8x16_s(sk_simd_i8x16_splat(0x80));
    CHECK(r.i16[0] == -256);
    r = sk_simd_i32x4_extadd_pairwise_i16x8_u(sk_simd_i16x8_splat(0xFFFF));
    CHECK(r.u32[0] == 0x1FFFEu);
    /* extend / extmul */
    r = sk_simd_i64x2_extend_high_i32x4_s(i32s(1, 2, -3, 4));
    CHECK(r.i64[0] == -3 && r.i64[1] == 4);
    r = sk_simd_i64x2_extend_high_i32x4_u(i32s(1, 2, -3, 4));
    CHECK(r.u64[0] == 0xFFFFFFFDull);
    r = sk_simd_i16x8_extmul_low_i8x16_u(sk_simd_i8x16_splat(255), sk_simd_i8x16_splat(255));
    CHECK(r.u16[0] == 65025);
    r = sk_simd_i16x8_extmul_high_i8x16_s(sk_simd_i8x16_splat(0x80), sk_simd_i8x16_splat(0x80));
    CHECK(r.i16[7] == 16384);
    r = sk_simd_i64x2_extmul_low_i32x4_u(sk_simd_i32x4_splat(0xFFFFFFFFu), sk_simd_i32x4_splat(0xFFFFFFFFu));
    CHECK(r.u64[0] == 0xFFFFFFFE00000001ull);
    r = sk_simd_i64x2_extmul_high_i32x4_s(i32s(0, 0, INT32_MIN, -1), i32s(0, 0, INT32_MIN, 5));
    CHECK(r.i64[0] == 0x4000000000000000ll && r.i64[1] == -5);
    /* comparisons: unsigned vs signed */
    r = sk_simd_i8x16_lt_u(sk_simd_i8x16_splat(0x80), sk_simd_i8x16_splat(1));
    CHECK(r.u8[0] == 0);
    r = sk_simd_i8x16_lt_s(sk_simd_i8x16_splat(0x80), sk_simd_i8x16_splat(1));
    CHECK(r.u8[0] == 0xFF);
    r = sk_simd_i64x2_le_s(sk_simd_i64x2_splat(0x8000000000000000ull), sk_simd_i64x2_splat(0));
    CHECK(r.u64[0] == ~0ull && r.u64[1] == ~0ull);
    r = sk_simd_i32x4_ge_u(i32s(-1, 0, 5, 5), i32s(1, 0, 6, 4));
    CHECK(r.u32[0] == 0xFFFFFFFFu && r.u32[1] == 0xFFFFFFFFu && r.u32[2] == 0 && r.u32[3] == 0xFFFFFFFFu);
    /* min/max */
    r = sk_simd_i8x16_min_u(sk_simd_i8x16_splat(0x80), sk_simd_i8x16_splat(1));
    CHECK(r.u8[0] == 1);
    r = sk_simd_i8x16_min_s(sk_simd_i8x16_splat(0x80), sk_simd_i8x16_splat(1));
    CHECK(r.u8[0] == 0x80);
    r = sk_simd_i16x8_max_s(sk_simd_i16x8_splat(0xFFFF), sk_simd_i16x8_splat(1));
    CHECK(r.u16[0] == 1);
    r = sk_simd_i32x4_max_u(sk_simd_i32x4_splat(0xFFFFFFFF), sk_simd_i32x4_splat(1));
    CHECK(r.u32[0] == 0xFFFFFFFFu);
}

static void test_lanes_and_memory(void)
{
    sk_v128 a, b, r;
    for (int i = 0; i < 16; i++) a.u8[i] = (uint8_t)i, b.u8[i] = (uint8_t)(0x10 + i);
    /* swizzle: out-of-range indices give 0 */
    sk_v128 idx;
    for (int i = 0; i < 16; i++) idx.u8[i] = (uint8_t)(15 - i);
    idx.u8[0] = 16, idx.u8[1] = 255, idx.u8[2] = 0x80;
    r = sk_simd_i8x16_swizzle(a, idx);
    CHECK(r.u8[0] == 0 && r.u8[1] == 0 && r.u8[2] == 0 && r.u8[3] == 12 && r.u8[15] == 0);
    /* shuffle: 16..31 select from b */
    uint8_t sh[16] = {0, 16, 31, 15, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22};
    r = sk_simd_i8x16_shuffle(a, b, sh);
    CHECK(r.u8[0] == 0 && r.u8[1] == 0x10 && r.u8[2] == 0x1F && r.u8[3] == 15 && r.u8[15] == 0x16);
    /* extract / replace */
    CHECK(sk_simd_i8x16_extract_lane_s(sk_simd_i8x16_splat(0xFF), 3) == 0xFFFFFFFFull);
    CHECK(sk_simd_i8x16_extract_lane_u(sk_simd_i8x16_splat(0xFF), 3) == 0xFFull);
    CHECK(sk_simd_i16x8_extract_lane_s(sk_simd_i16x8_splat(0x8000), 7) == 0xFFFF8000ull);
    CHECK(sk_simd_i64x2_extract_lane(i32s(1, 2, 3, 4), 1) == 0x0000000400000003ull);
    r = sk_simd_i16x8_replace_lane(sk_simd_zero(), 0x12345, 6);
    CHECK(r.u16[6] == 0x2345 && r.u16[5] == 0 && r.u16[7] == 0);
    r = sk_simd_f64x2_replace_lane(sk_simd_zero(), 0x7FF4000000000001ull, 1);
    CHECK(r.u64[1] == 0x7FF4000000000001ull); /* a signalling NaN is copied as is */
    r = sk_simd_f32x4_splat(0x7FA00001u);
    CHECK(r.u32[0] == 0x7FA00001u && r.u32[3] == 0x7FA00001u);
    /* loads and stores */
    uint8_t mem[24];
    for (int i = 0; i < 24; i++) mem[i] = (uint8_t)(0xF0 + i);
    r = sk_simd_v128_load8x8_s(mem);
    CHECK(r.i16[0] == -16 && r.i16[7] == -9);
    r = sk_simd_v128_load8x8_u(mem);
    CHECK(r.u16[0] == 0xF0 && r.u16[7] == 0xF7);
    r = sk_simd_v128_load16x4_s(mem);
    CHECK(r.i32[0] == (int16_t)0xF1F0);
    r = sk_simd_v128_load32x2_u(mem + 4);
    CHECK(r.u64[1] == 0xFBFAF9F8ull);
    r = sk_simd_v128_load16_splat(mem + 1);
    CHECK(r.u16[0] == 0xF2F1 && r.u16[7] == 0xF2F1);
    r = sk_simd_v128_load32_zero(mem);
    CHECK(r.u32[0] == 0xF3F2F1F0u && r.u32[1] == 0 && r.u64[1] == 0);
    r = sk_simd_v128_load64_zero(mem);
    CHECK(r.u64[0] == 0xF7F6F5F4F3F2F1F0ull && r.u64[1] == 0);
    r = sk_simd_v128_load16_lane(sk_simd_zero(), mem + 2, 5);
    CHECK(r.u16[5] == 0xF3F2 && r.u16[4] == 0 && r.u16[6] == 0);
    r = sk_simd_v128_load64_lane(sk_simd_i8x16_splat(0xAA), mem, 1);
    CHECK(r.u64[1] == 0xF7F6F5F4F3F2F1F0ull && r.u64[0] == 0xAAAAAAAAAAAAAAAAull);
    sk_simd_v128_store32_lane(mem, i32s(1, 2, 0x11223344, 4), 2);
    CHECK(mem[0] == 0x44 && mem[3] == 0x11 && mem[4] == 0xF4);
    sk_simd_v128_store8_lane(mem + 23, a, 9);
    CHECK(mem[23] == 9 && mem[22] == (uint8_t)(0xF0 + 22));
    sk_simd_v128_store(mem + 8, b);
    CHECK(mem[8] == 0x10 && mem[23] == 0x1F);
    r = sk_simd_v128_load(mem + 8);
    CHECK(r.u64[0] == b.u64[0] && r.u64[1] == b.u64[1]);
    /* bitwise */
    r = sk_simd_v128_bitselect(sk_simd_i8x16_splat(0xF0), sk_simd_i8x16_splat(0x0F), sk_simd_i8x16_splat(0x3C));
    CHECK(r.u8[0] == 0x33);
    r = sk_simd_v128_andnot(sk_simd_i8x16_splat(0xFF), sk_simd_i8x16_splat(0x0F));
    CHECK(r.u8[11] == 0xF0);
}

static void test_float_edges(void)
{
    const float nanf_ = f32_from(0x7FC00000u), snan = f32_from(0x7FA00000u);
    sk_v128 r;
    /* min/max: -0 < +0, NaN wins */
    r = sk_simd_f32x4_min(f32s(-0.0f, 0.0f, nanf_, 1.0f), f32s(0.0f, -0.0f, 1.0f, snan));
    CHECK(r.u32[0] == 0x80000000u && r.u32[1] == 0x80000000u && is_canon32(r.u32[2]) && is_arith32(r.u32[3]));
    r = sk_simd_f32x4_max(f32s(-0.0f, 0.0f, 2.0f, -1.0f), f32s(0.0f, -0.0f, 1.0f, -2.0f));
    CHECK(r.u32[0] == 0 && r.u32[1] == 0 && r.f32[2] == 2.0f && r.f32[3] == -1.0f);
    r = sk_simd_f64x2_min(f64s(-0.0, f64_from(0x7FF8000000000000ull)), f64s(0.0, 3.0));
    CHECK(r.u64[0] == 0x8000000000000000ull && is_canon64(r.u64[1]));
    /* pmin/pmax: plain compare-select; a NaN in a lane picks a */
    r = sk_simd_f32x4_pmin(f32s(nanf_, 1.0f, -0.0f, 0.0f), f32s(1.0f, nanf_, 0.0f, -0.0f));
    CHECK(is_canon32(r.u32[0]) && r.f32[1] == 1.0f && r.u32[2] == 0x80000000u && r.u32[3] == 0);
    r = sk_simd_f64x2_pmax(f64s(1.0, -0.0), f64s(2.0, 0.0));
    CHECK(r.f64[0] == 2.0 && r.u64[1] == 0x8000000000000000ull);
    /* rounding */
    r = sk_simd_f32x4_nearest(f32s(2.5f, -0.5f, 3.5f, -1.5f));
    CHECK(r.f32[0] == 2.0f && r.u32[1] == 0x80000000u && r.f32[2] == 4.0f && r.f32[3] == -2.0f);
    r = sk_simd_f32x4_ceil(f32s(-0.5f, 1.1f, snan, -0.0f));
    CHECK(r.u32[0] == 0x80000000u && r.f32[1] == 2.0f && is_arith32(r.u32[2]) && r.u32[3] == 0x80000000u);
    r = sk_simd_f64x2_floor(f64s(-0.5, 1.5));
    CHECK(r.f64[0] == -1.0 && r.f64[1] == 1.0);
    r = sk_simd_f64x2_trunc(f64s(-1.9, 1e300));
    CHECK(r.f64[0] == -1.0 && r.f64[1] == 1e300);
    /* comparisons with NaN: only ne is true */
    r = sk_simd_f32x4_eq(f32s(nanf_, 1, 1, 0.0f), f32s(nanf_, 1, 2, -0.0f));
    CHECK(r.u32[0] == 0 && r.u32[1] == 0xFFFFFFFFu && r.u32[2] == 0 && r.u32[3] == 0xFFFFFFFFu);
    r = sk_simd_f32x4_ne(f32s(nanf_, 1, 1, 0), f32s(nanf_, 1, 2, 0));
    CHECK(r.u32[0] == 0xFFFFFFFFu && r.u32[1] == 0 && r.u32[2] == 0xFFFFFFFFu && r.u32[3] == 0);
    r = sk_simd_f64x2_le(f64s(f64_from(0x7FF8000000000000ull), 1.0), f64s(1.0, 1.0));
    CHECK(r.u64[0] == 0 && r.u64[1] == ~0ull);
    /* abs/neg keep NaN payloads */
    r = sk_simd_f32x4_neg(f32s(snan, 0.0f, -1.0f, 1.0f));
    CHECK(r.u32[0] == 0xFFA00000u && r.u32[1] == 0x80000000u && r.f32[2] == 1.0f);
    r = sk_simd_f64x2_abs(f64s(f64_from(0xFFF0000000000001ull), -2.0));
    CHECK(r.u64[0] == 0x7FF0000000000001ull && r.f64[1] == 2.0);
    /* arithmetic NaNs */
    r = sk_simd_f32x4_add(f32s(snan, 1.0f, INFINITY, 0.0f), f32s(1.0f, nanf_, -INFINITY, 0.0f));
    CHECK(is_arith32(r.u32[0]) && is_canon32(r.u32[1]) && is_arith32(r.u32[2]) && r.u32[3] == 0);
    r = sk_simd_f32x4_sqrt(f32s(-1.0f, 4.0f, -0.0f, snan));
    CHECK(is_canon32(r.u32[0]) && r.f32[1] == 2.0f && r.u32[2] == 0x80000000u && is_arith32(r.u32[3]));
    r = sk_simd_f64x2_div(f64s(0.0, 1.0), f64s(0.0, 0.0));
    CHECK(is_canon64(r.u64[0]) && r.f64[1] == INFINITY);
    /* conversions */
    r = sk_simd_i32x4_trunc_sat_f32x4_s(f32s(nanf_, 3e9f, -3e9f, -1.9f));
    CHECK(r.i32[0] == 0 && r.i32[1] == INT32_MAX && r.i32[2] == INT32_MIN && r.i32[3] == -1);
    r = sk_simd_i32x4_trunc_sat_f32x4_u(f32s(-1.5f, 5e9f, 4294967040.0f, -0.9f));
    CHECK(r.u32[0] == 0 && r.u32[1] == UINT32_MAX && r.u32[2] == 4294967040u && r.u32[3] == 0);
    r = sk_simd_i32x4_trunc_sat_f64x2_s_zero(f64s(-2147483648.9, 2147483647.9));
    CHECK(r.i32[0] == INT32_MIN && r.i32[1] == INT32_MAX && r.u32[2] == 0 && r.u32[3] == 0);
    r = sk_simd_i32x4_trunc_sat_f64x2_u_zero(f64s(4294967295.9, -0.99));
    CHECK(r.u32[0] == UINT32_MAX && r.u32[1] == 0 && r.u64[1] == 0);
    r = sk_simd_f32x4_convert_i32x4_u(i32s(-1, 0x80000001, 16777217, 1));
    CHECK(r.f32[0] == 4294967296.0f && r.f32[1] == 2147483648.0f && r.f32[2] == 16777216.0f && r.f32[3] == 1.0f);
    r = sk_simd_f32x4_convert_i32x4_s(i32s(-1, INT32_MIN, 16777219, 0));
    CHECK(r.f32[0] == -1.0f && r.f32[1] == -2147483648.0f && r.f32[2] == 16777220.0f && r.u32[3] == 0);
    r = sk_simd_f64x2_convert_low_i32x4_u(i32s(-1, 7, 1, 1));
    CHECK(r.f64[0] == 4294967295.0 && r.f64[1] == 7.0);
    r = sk_simd_f32x4_demote_f64x2_zero(f64s(1e300, f64_from(0x7FF8000000000000ull)));
    CHECK(r.f32[0] == INFINITY && is_canon32(r.u32[1]) && r.u32[2] == 0 && r.u32[3] == 0);
    r = sk_simd_f64x2_promote_low_f32x4(f32s(0.1f, nanf_, 9, 9));
    CHECK(r.f64[0] == (double)0.1f && is_canon64(r.u64[1]));
}

/* ---- randomized cross-check against independent per-lane reference code ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
/* Random lanes biased to the edges (0, 1, -1, min, max) where overflow happens. */
static sk_v128 rnd_v128(void)
{
    sk_v128 r;
    r.u64[0] = rnd(), r.u64[1] = rnd();
    uint64_t mode = rnd() % 4;
    if (mode == 1) {
        static const uint8_t edge[] = {0, 1, 0xFF, 0x80, 0x7F, 0xFE, 0x81};
        for (int i = 0; i < 16; i++)
            if (rnd() & 1) r.u8[i] = edge[rnd() % sizeof edge];
    } else if (mode == 2) {
        static const uint16_t edge[] = {0, 1, 0xFFFF, 0x8000, 0x7FFF, 0xFFFE, 0x8001};
        for (int i = 0; i < 8; i++)
            if (rnd() & 1) r.u16[i] = edge[rnd() % 7];
    } else if (mode == 3) {
        static const uint32_t edge[] = {0, 1, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x7FC00000u, 0xFF800000u};
        for (int i = 0; i < 4; i++)
            if (rnd() & 1) r.u32[i] = edge[rnd() % 7];
    }
    return r;
}

static int64_t sx(uint64_t v, int bits) { return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits); }
static uint64_t lane(const sk_v128 *v, int bits, int i)
{
    uint64_t x = 0;
    memcpy(&x, v->u8 + i * bits / 8, (size_t)bits / 8);
    return x;
}
static void set_lane(sk_v128 *v, int bits, int i, uint64_t x) { memcpy(v->u8 + i * bits / 8, &x, (size_t)bits / 8); }
static uint64_t mask(int bits) { return bits == 64 ? ~0ull : (1ull << bits) - 1; }
static int64_t clamp(int64_t x, int64_t lo, int64_t hi) { return x < lo ? lo : x > hi ? hi : x; }

enum { R_ADD, R_SUB, R_MUL, R_EQ, R_NE, R_LTS, R_LTU, R_GTS, R_GTU, R_LES, R_LEU, R_GES, R_GEU, R_MINS, R_MINU,
       R_MAXS, R_MAXU, R_ADDSS, R_ADDSU, R_SUBSS, R_SUBSU, R_AVGR };
static sk_v128 ref_bin(int op, int bits, sk_v128 a, sk_v128 b)
{
    sk_v128 r;
    int n = 128 / bits;
    int64_t smin = -(int64_t)(mask(bits) >> 1) - 1, smax = (int64_t)(mask(bits) >> 1);
    for (int i = 0; i < n; i++) {
        uint64_t x = lane(&a, bits, i), y = lane(&b, bits, i), z = 0;
        int64_t xs = sx(x, bits), ys = sx(y, bits);
        switch (op) {
        case R_ADD: z = x + y; break;
        case R_SUB: z = x - y; break;
        case R_MUL: z = x * y; break;
        case R_EQ: z = x == y ? ~0ull : 0; break;
        case R_NE: z = x != y ? ~0ull : 0; break;
        case R_LTS: z = xs < ys ? ~0ull : 0; break;
        case R_LTU: z = x < y ? ~0ull : 0; break;
        case R_GTS: z = xs > ys ? ~0ull : 0; break;
        case R_GTU: z = x > y ? ~0ull : 0; break;
        case R_LES: z = xs <= ys ? ~0ull : 0; break;
        case R_LEU: z = x <= y ? ~0ull : 0; break;
        case R_GES: z = xs >= ys ? ~0ull : 0; break;
        case R_GEU: z = x >= y ? ~0ull : 0; break;
        case R_MINS: z = xs < ys ? x : y; break;
        case R_MINU: z = x < y ? x : y; break;
        case R_MAXS: z = xs > ys ? x : y; break;
        case R_MAXU: z = x > y ? x : y; break;
        case R_ADDSS: z = (uint64_t)clamp(xs + ys, smin, smax); break;
        case R_ADDSU: z = x + y > mask(bits) ? mask(bits) : x + y; break;
        case R_SUBSS: z = (uint64_t)clamp(xs - ys, smin, smax); break;
        case R_SUBSU: z = x < y ? 0 : x - y; break;
        case R_AVGR: z = (x + y + 1) >> 1; break;
        }
        set_lane(&r, bits, i, z & mask(bits));
    }
    return r;
}

static bool same(sk_v128 a, sk_v128 b) { return memcmp(&a, &b, 16) == 0; }

static void test_crosscheck(void)
{
    int bad = 0;
    for (int iter = 0; iter < 4000; iter++) {
        sk_v128 a = rnd_v128(), b = rnd_v128();
        uint32_t cnt = (uint32_t)rnd();
#define BIN(fn, op, bits)                                                                       \
    if (!same(sk_simd_##fn(a, b), ref_bin(op, bits, a, b)) && bad++ < 10)                       \
        fprintf(stderr, "crosscheck: %s differs for %016" PRIx64 "%016" PRIx64 ", %016" PRIx64 "%016" PRIx64 "\n", \
                #fn, a.u64[1], a.u64[0], b.u64[1], b.u64[0]);
        BIN(i8x16_add, R_ADD, 8) BIN(i8x16_sub, R_SUB, 8) BIN(i16x8_add, R_ADD, 16) BIN(i16x8_sub, R_SUB, 16)
        BIN(i16x8_mul, R_MUL, 16) BIN(i32x4_add, R_ADD, 32) BIN(i32x4_sub, R_SUB, 32) BIN(i32x4_mul, R_MUL, 32)
        BIN(i64x2_add, R_ADD, 64) BIN(i64x2_sub, R_SUB, 64) BIN(i64x2_mul, R_MUL, 64)
        BIN(i8x16_eq, R_EQ, 8) BIN(i8x16_ne, R_NE, 8) BIN(i8x16_lt_s, R_LTS, 8) BIN(i8x16_lt_u, R_LTU, 8)
        BIN(i8x16_gt_s, R_GTS, 8) BIN(i8x16_gt_u, R_GTU, 8) BIN(i8x16_le_s, R_LES, 8) BIN(i8x16_le_u, R_LEU, 8)
        BIN(i8x16_ge_s, R_GES, 8) BIN(i8x16_ge_u, R_GEU, 8)
        BIN(i16x8_eq, R_EQ, 16) BIN(i16x8_ne, R_NE, 16) BIN(i16x8_lt_s, R_LTS, 16) BIN(i16x8_lt_u, R_LTU, 16)
        BIN(i16x8_gt_s, R_GTS, 16) BIN(i16x8_gt_u, R_GTU, 16) BIN(i16x8_le_s, R_LES, 16)
        BIN(i16x8_le_u, R_LEU, 16) BIN(i16x8_ge_s, R_GES, 16) BIN(i16x8_ge_u, R_GEU, 16)
        BIN(i32x4_eq, R_EQ, 32) BIN(i32x4_ne, R_NE, 32) BIN(i32x4_lt_s, R_LTS, 32) BIN(i32x4_lt_u, R_LTU, 32)
        BIN(i32x4_gt_s, R_GTS, 32) BIN(i32x4_gt_u, R_GTU, 32) BIN(i32x4_le_s, R_LES, 32)
        BIN(i32x4_le_u, R_LEU, 32) BIN(i32x4_ge_s, R_GES, 32) BIN(i32x4_ge_u, R_GEU, 32)
        BIN(i64x2_eq, R_EQ, 64) BIN(i64x2_ne, R_NE, 64) BIN(i64x2_lt_s, R_LTS, 64) BIN(i64x2_gt_s, R_GTS, 64)
        BIN(i64x2_le_s, R_LES, 64) BIN(i64x2_ge_s, R_GES, 64)
        BIN(i8x16_min_s, R_MINS, 8) BIN(i8x16_min_u, R_MINU, 8) BIN(i8x16_max_s, R_MAXS, 8)
        BIN(i8x16_max_u, R_MAXU, 8) BIN(i16x8_min_s, R_MINS, 16) BIN(i16x8_min_u, R_MINU, 16)
        BIN(i16x8_max_s, R_MAXS, 16) BIN(i16x8_max_u, R_MAXU, 16) BIN(i32x4_min_s, R_MINS, 32)
        BIN(i32x4_min_u, R_MINU, 32) BIN(i32x4_max_s, R_MAXS, 32) BIN(i32x4_max_u, R_MAXU, 32)
        BIN(i8x16_add_sat_s, R_ADDSS, 8) BIN(i8x16_add_sat_u, R_ADDSU, 8) BIN(i8x16_sub_sat_s, R_SUBSS, 8)
        BIN(i8x16_sub_sat_u, R_SUBSU, 8) BIN(i16x8_add_sat_s, R_ADDSS, 16) BIN(i16x8_add_sat_u, R_ADDSU, 16)
        BIN(i16x8_sub_sat_s, R_SUBSS, 16) BIN(i16x8_sub_sat_u, R_SUBSU, 16) BIN(i8x16_avgr_u, R_AVGR, 8)
        BIN(i16x8_avgr_u, R_AVGR, 16)
#undef BIN
        /* shifts, neg, bitmask, narrow, dot against the reference lanes */
        static const int widths[4] = {8, 16, 32, 64};
        sk_v128 shl[4] = {sk_simd_i8x16_shl(a, cnt), sk_simd_i16x8_shl(a, cnt), sk_simd_i32x4_shl(a, cnt),
                          sk_simd_i64x2_shl(a, cnt)};
        sk_v128 shrs[4] = {sk_simd_i8x16_shr_s(a, cnt), sk_simd_i16x8_shr_s(a, cnt), sk_simd_i32x4_shr_s(a, cnt),
                           sk_simd_i64x2_shr_s(a, cnt)};
        sk_v128 shru[4] = {sk_simd_i8x16_shr_u(a, cnt), sk_simd_i16x8_shr_u(a, cnt), sk_simd_i32x4_shr_u(a, cnt),
                           sk_simd_i64x2_shr_u(a, cnt)};
        sk_v128 neg[4] = {sk_simd_i8x16_neg(a), sk_simd_i16x8_neg(a), sk_simd_i32x4_neg(a), sk_simd_i64x2_neg(a)};
        uint32_t bm[4] = {sk_simd_i8x16_bitmask(a), sk_simd_i16x8_bitmask(a), sk_simd_i32x4_bitmask(a),
                          sk_simd_i64x2_bitmask(a)};
        uint32_t at[4] = {sk_simd_i8x16_all_true(a), sk_simd_i16x8_all_true(a), sk_simd_i32x4_all_true(a),
                          sk_simd_i64x2_all_true(a)};
        for (int w = 0; w < 4; w++) {
            int bits = widths[w], n = 128 / bits, s = (int)(cnt % (uint32_t)bits);
            uint32_t wbm = 0, wat = 1;
            for (int i = 0; i < n; i++) {
                uint64_t x = lane(&a, bits, i);
                bool ok = lane(&shl[w], bits, i) == ((x << s) & mask(bits)) &&
                          lane(&shrs[w], bits, i) == ((uint64_t)(sx(x, bits) >> s) & mask(bits)) &&
                          lane(&shru[w], bits, i) == (x >> s) && lane(&neg[w], bits, i) == ((0 - x) & mask(bits));
                if (!ok && bad++ < 10) fprintf(stderr, "crosscheck: shift/neg %d-bit lane %d differs\n", bits, i);
                wbm |= (uint32_t)(sx(x, bits) < 0) << i;
                if (!x) wat = 0;
            }
            if ((bm[w] != wbm || at[w] != wat) && bad++ < 10)
                fprintf(stderr, "crosscheck: bitmask/all_true %d-bit differs\n", bits);
        }
        sk_v128 n8s = sk_simd_i8x16_narrow_i16x8_s(a, b), n8u = sk_simd_i8x16_narrow_i16x8_u(a, b);
        sk_v128 n16s = sk_simd_i16x8_narrow_i32x4_s(a, b), n16u = sk_simd_i16x8_narrow_i32x4_u(a, b);
        for (int i = 0; i < 16; i++) {
            int16_t x = i < 8 ? a.i16[i] : b.i16[i - 8];
            if ((n8s.i8[i] != clamp(x, -128, 127) || n8u.u8[i] != clamp(x, 0, 255)) && bad++ < 10)
                fprintf(stderr, "crosscheck: narrow_i16x8 lane %d differs\n", i);
        }
        for (int i = 0; i < 8; i++) {
            int32_t x = i < 4 ? a.i32[i] : b.i32[i - 4];
            if ((n16s.i16[i] != clamp(x, -32768, 32767) || n16u.u16[i] != clamp(x, 0, 65535)) && bad++ < 10)
                fprintf(stderr, "crosscheck: narrow_i32x4 lane %d differs\n", i);
        }
        sk_v128 dot = sk_simd_i32x4_dot_i16x8_s(a, b);
        for (int i = 0; i < 4; i++) {
            int64_t d = (int64_t)a.i16[2 * i] * b.i16[2 * i] + (int64_t)a.i16[2 * i + 1] * b.i16[2 * i + 1];
            if (dot.u32[i] != (uint32_t)d && bad++ < 10) fprintf(stderr, "crosscheck: dot lane %d differs\n", i);
        }
        /* float lanes: exact results (non-NaN) must match the scalar operations */
        sk_v128 fadd = sk_simd_f32x4_add(a, b), fmul = sk_simd_f32x4_mul(a, b), fdiv = sk_simd_f64x2_div(a, b);
        sk_v128 fsq = sk_simd_f32x4_sqrt(a), fcv = sk_simd_f32x4_convert_i32x4_s(a), flt = sk_simd_f32x4_lt(a, b);
        for (int i = 0; i < 4; i++) {
            float x = a.f32[i], y = b.f32[i];
            bool ok = (isnan(x + y) ? isnan(fadd.f32[i]) : fadd.f32[i] == x + y) &&
                      (isnan(x * y) ? isnan(fmul.f32[i]) : fmul.f32[i] == x * y) &&
                      (isnan(sqrtf(x)) ? isnan(fsq.f32[i])
                                       : f32_bits(fsq.f32[i]) == f32_bits(sqrtf(x))) &&
                      fcv.f32[i] == (float)a.i32[i] && flt.u32[i] == (x < y ? 0xFFFFFFFFu : 0);
            if (i < 2) {
                double q = a.f64[i] / b.f64[i];
                ok = ok && (isnan(q) ? isnan(fdiv.f64[i]) : f64_bits(fdiv.f64[i]) == f64_bits(q));
            }
            if (!ok && bad++ < 10) fprintf(stderr, "crosscheck: float lane %d differs\n", i);
        }
    }
    CHECK_MSG(bad == 0, "%d randomized cross-check differences", bad);
}

int main(void)
{
    test_integer_edges();
    test_lanes_and_memory();
    test_float_edges();
    test_crosscheck();
#ifdef SKIFF_SIMD_PORTABLE
    TEST_DONE("test_simd (portable)");
#else
    TEST_DONE("test_simd");
#endif
}
