/* fp.h: scalar float semantics of WebAssembly (bit-exact), shared by the scalar
 * handlers (interp.c) and the per-lane SIMD operations (simd.h). */
#ifndef SK_FP_H
#define SK_FP_H

#include "../common/common.h"
#include <math.h>

static inline uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline float f32_from(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline uint64_t f64_bits(double f)
{
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}
static inline double f64_from(uint64_t u)
{
    double f;
    memcpy(&f, &u, 8);
    return f;
}
/* NaN in: a NaN out built by the FPU from the inputs (canonical stays canonical,
 * other payloads stay arithmetic); -0 is below +0. */
static inline float f32_min(float a, float b)
{
    if (isnan(a) || isnan(b)) return a + b;
    if (a == b) return f32_from(f32_bits(a) | f32_bits(b));
    return a < b ? a : b;
}
static inline float f32_max(float a, float b)
{
    if (isnan(a) || isnan(b)) return a + b;
    if (a == b) return f32_from(f32_bits(a) & f32_bits(b));
    return a > b ? a : b;
}
static inline double f64_min(double a, double b)
{
    if (isnan(a) || isnan(b)) return a + b;
    if (a == b) return f64_from(f64_bits(a) | f64_bits(b));
    return a < b ? a : b;
}
static inline double f64_max(double a, double b)
{
    if (isnan(a) || isnan(b)) return a + b;
    if (a == b) return f64_from(f64_bits(a) & f64_bits(b));
    return a > b ? a : b;
}
/* libm rounding may return a signalling NaN unchanged; wasm wants it quieted. */
#define SK_FP_ROUND(name, T, fn) \
    static inline T name(T x) { return isnan(x) ? x + x : fn(x); }
SK_FP_ROUND(f32_ceil, float, ceilf)
SK_FP_ROUND(f32_floor, float, floorf)
SK_FP_ROUND(f32_trunc, float, truncf)
SK_FP_ROUND(f32_nearest, float, nearbyintf)
SK_FP_ROUND(f64_ceil, double, ceil)
SK_FP_ROUND(f64_floor, double, floor)
SK_FP_ROUND(f64_trunc, double, trunc)
SK_FP_ROUND(f64_nearest, double, nearbyint)
static inline float f32_sqrt(float x) { return isnan(x) ? x + x : sqrtf(x); }
static inline double f64_sqrt(double x) { return isnan(x) ? x + x : sqrt(x); }
static inline int32_t sat_i32(double v)
{
    if (isnan(v)) return 0;
    if (v <= -2147483649.0) return INT32_MIN;
    if (v >= 2147483648.0) return INT32_MAX;
    return (int32_t)v;
}
static inline uint32_t sat_u32(double v)
{
    if (isnan(v) || v <= -1.0) return 0;
    if (v >= 4294967296.0) return UINT32_MAX;
    return (uint32_t)v;
}

#endif
