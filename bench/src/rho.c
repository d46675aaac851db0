/* rho.c: Pollard's rho (Brent variant) factoring semiprimes with 64-bit modular multiplication. */
#include "bench.h"

typedef unsigned __int128 u128;

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((u128)a * b % m); }

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) { uint64_t t = a % b; a = b; b = t; }
    return a;
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
    uint64_t r = 1;
    b %= m;
    while (e) {
        if (e & 1) r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
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
    for (int i = 0; i < 12; i++) {
        uint64_t x = powmod(bases[i], d, n);
        if (x == 1 || x == n - 1) continue;
        int ok = 0;
        for (int r = 1; r < s; r++) {
            x = mulmod(x, x, n);
            if (x == n - 1) { ok = 1; break; }
        }
        if (!ok) return 0;
    }
    return 1;
}

static uint64_t rho(uint64_t n, uint64_t c)
{
    if (!(n & 1)) return 2;
    uint64_t y = 2, x = 2, q = 1, g = 1, ys = 2;
    const uint64_t m = 128;
    for (uint64_t r = 1; g == 1; r <<= 1) {
        x = y;
        for (uint64_t i = 0; i < r; i++) y = (mulmod(y, y, n) + c) % n;
        for (uint64_t k = 0; k < r && g == 1; k += m) {
            ys = y;
            for (uint64_t i = 0; i < m && i < r - k; i++) {
                y = (mulmod(y, y, n) + c) % n;
                q = mulmod(q, x > y ? x - y : y - x, n);
            }
            g = gcd(q, n);
        }
    }
    if (g == n) {
        do {
            ys = (mulmod(ys, ys, n) + c) % n;
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
    long count = bench_scale(argc, argv, 2000);
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
