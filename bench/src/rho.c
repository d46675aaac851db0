/* rho.c: Pollard's rho (Brent variant) factoring semiprimes with 64-bit modular multiplication. */
#include "bench.h"

/* 64-bit modular multiplication in Montgomery form, built from 64-bit operations only (no 128-bit
 * types: Debian's wasm32 compiler-rt cannot link __umodti3, and this way every target runs the same code). */
typedef struct { uint64_t n, ninv, r2; } mont;

static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    const uint64_t M = 0xffffffffu;
    uint64_t a0 = a & M, a1 = a >> 32, b0 = b & M, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & M) + (p10 & M);
    *lo = (mid << 32) | (p00 & M);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* REDC: (hi:lo) * 2^-64 mod n, for odd n < 2^63 and hi < n. */
static uint64_t redc(uint64_t hi, uint64_t lo, const mont *m)
{
    uint64_t q = lo * m->ninv, mh, ml;
    mul64(q, m->n, &mh, &ml);
    uint64_t t = hi + mh + (lo != 0);
    return t >= m->n ? t - m->n : t;
}

static uint64_t mulmod(uint64_t a, uint64_t b, const mont *m)
{
    uint64_t hi, lo;
    mul64(a, b, &hi, &lo);
    return redc(hi, lo, m);
}

static void mont_init(mont *m, uint64_t n)
{
    uint64_t inv = n;  /* Newton iteration for n^-1 mod 2^64 (n odd) */
    for (int i = 0; i < 5; i++) inv *= 2 - n * inv;
    m->n = n;
    m->ninv = (uint64_t)0 - inv;
    uint64_t r = ((uint64_t)0 - n) % n;  /* 2^64 mod n */
    for (int i = 0; i < 64; i++) r = r * 2 >= n ? r * 2 - n : r * 2;
    m->r2 = r;
}

static uint64_t to_mont(uint64_t a, const mont *m) { return mulmod(a % m->n, m->r2, m); }
static uint64_t from_mont(uint64_t a, const mont *m) { return redc(0, a, m); }

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) { uint64_t t = a % b; a = b; b = t; }
    return a;
}

/* b^e mod n; b and the result in Montgomery form. */
static uint64_t powmod(uint64_t b, uint64_t e, const mont *m)
{
    uint64_t r = to_mont(1, m);
    while (e) {
        if (e & 1) r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

static uint64_t addmod(uint64_t a, uint64_t b, uint64_t n)
{
    uint64_t t = a + b;  /* a, b < n < 2^63: no overflow */
    return t >= n ? t - n : t;
}

/* Deterministic Miller-Rabin for 64-bit n. */
static int is_prime(uint64_t n)
{
    if (n < 2) return 0;
    static const uint64_t bases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    for (int i = 0; i < 12; i++) {
        if (n % bases[i] == 0) return n == bases[i];
    }
    uint64_t d = n - 1;
    int s = 0;
    while (!(d & 1)) { d >>= 1; s++; }
    mont m;
    mont_init(&m, n);
    for (int i = 0; i < 12; i++) {
        uint64_t x = from_mont(powmod(to_mont(bases[i], &m), d, &m), &m);
        if (x == 1 || x == n - 1) continue;
        int ok = 0;
        for (int r = 1; r < s; r++) {
            x = from_mont(mulmod(to_mont(x, &m), to_mont(x, &m), &m), &m);
            if (x == n - 1) { ok = 1; break; }
        }
        if (!ok) return 0;
    }
    return 1;
}

/* Brent's rho on x -> x^2 + c, all in Montgomery form: gcd(q * R^k, n) = gcd(q, n) since R is a unit. */
static uint64_t rho(uint64_t n, uint64_t c0)
{
    if (!(n & 1)) return 2;
    mont mm;
    mont_init(&mm, n);
    const mont *M = &mm;
    uint64_t c = to_mont(c0, M);
    uint64_t y = to_mont(2, M), x = y, q = to_mont(1, M), g = 1, ys = y;
    const uint64_t m = 128;
    for (uint64_t r = 1; g == 1; r <<= 1) {
        x = y;
        for (uint64_t i = 0; i < r; i++) y = addmod(mulmod(y, y, M), c, n);
        for (uint64_t k = 0; k < r && g == 1; k += m) {
            ys = y;
            for (uint64_t i = 0; i < m && i < r - k; i++) {
                y = addmod(mulmod(y, y, M), c, n);
                q = mulmod(q, x > y ? x - y : y - x, M);
            }
            g = gcd(q, n);
        }
    }
    if (g == n) {
        do {
            ys = addmod(mulmod(ys, ys, M), c, n);
            g = gcd(x > ys ? x - ys : ys - x, n);
        } while (g == 1);
    }
    return g;
}

static uint64_t next_prime(uint64_t n)
{
    while (!is_prime(n)) n++;
    return n;
}

int main(int argc, char **argv)
{
    long count = bench_scale(argc, argv, 4000);
    uint64_t seed = 0x9E3779B97F4A7C15ULL, h = 14695981039346656037ULL;
    for (long i = 0; i < count; i++) {
        /* Two ~27-bit primes: rho needs on the order of 2^13.5 steps each. */
        uint64_t p = next_prime((bench_rand(&seed) >> 37) | (1ULL << 26));
        uint64_t q = next_prime((bench_rand(&seed) >> 37) | (1ULL << 26));
        uint64_t n = p * q, f = 1;
        for (uint64_t c = 1; f == 1 || f == n; c++) f = rho(n, c);
        uint64_t lo = f < n / f ? f : n / f;
        if (n % f != 0) { printf("bad factor\n"); return 1; }
        h = bench_mix(h, lo);
    }
    bench_print("rho", h);
    return 0;
}
