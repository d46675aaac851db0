/* sieve.c: Sieve of Eratosthenes over a byte array, repeated. */
#include "bench.h"
#include <string.h>

int main(int argc, char **argv)
{
    long reps = bench_scale(argc, argv, 8);
    const uint32_t N = 16u << 20;
    uint8_t *s = malloc(N + 1);
    if (!s) return 1;
    uint64_t h = 14695981039346656037ULL;
    for (long r = 0; r < reps; r++) {
        uint32_t lim = N - (uint32_t)r * 1000;
        memset(s, 1, lim + 1);
        s[0] = s[1] = 0;
        for (uint32_t i = 2; (uint64_t)i * i <= lim; i++)
            if (s[i])
                for (uint32_t j = i * i; j <= lim; j += i) s[j] = 0;
        uint32_t count = 0;
        uint64_t sum = 0;
        for (uint32_t i = 0; i <= lim; i++)
            if (s[i]) count++, sum += i;
        h = bench_mix(bench_mix(h, count), sum);
    }
    bench_print("sieve", h);
    return 0;
}
