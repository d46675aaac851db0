/* bench.h: shared helpers for the benchmark programs (scale argument, PRNG, checksum output). */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Work size: argv[1] if given (so `make bench` can scale runs down), else the default tuned to ~1 s natively. */
static inline long bench_scale(int argc, char **argv, long dflt)
{
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v > 0) return v;
    }
    return dflt;
}

/* xorshift64*: deterministic across compilers and targets. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* FNV-1a style mixing of one 64-bit value into a running checksum. */
static inline uint64_t bench_mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (i * 8)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static inline void bench_print(const char *name, uint64_t sum)
{
    printf("%s checksum %016llx\n", name, (unsigned long long)sum);
}
#endif
