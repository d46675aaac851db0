/* hashtab.c: open-addressing (linear probing) hash table of 64 MiB: inserts, hits, misses, deletes. */
#include "bench.h"
#include <string.h>

typedef struct { uint64_t key, val; } slot;  /* key 0 = empty, 1 = tombstone */

static uint64_t hash64(uint64_t k)
{
    k ^= k >> 33; k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ULL;
    return k ^ (k >> 33);
}

int main(int argc, char **argv)
{
    long rounds = bench_scale(argc, argv, 1);
    const uint32_t CAP = 1u << 22;  /* 4M slots x 16 bytes = 64 MiB */
    const uint32_t MASK = CAP - 1, NKEYS = CAP / 2;
    slot *t = malloc(sizeof(slot) * CAP);
    if (!t) return 1;
    uint64_t h = 14695981039346656037ULL;
    for (long r = 0; r < rounds; r++) {
        memset(t, 0, sizeof(slot) * CAP);
        uint64_t seed = 1000 + (uint64_t)r, s2;
        for (uint32_t i = 0; i < NKEYS; i++) {
            uint64_t k = (bench_rand(&seed) | 2);
            uint32_t p = (uint32_t)hash64(k) & MASK;
            while (t[p].key > 1 && t[p].key != k) p = (p + 1) & MASK;
            t[p].key = k;
            t[p].val += i;
        }
        /* Lookups: replay the same keys (hits) interleaved with fresh keys (mostly misses). */
        seed = 1000 + (uint64_t)r;
        s2 = 77777 + (uint64_t)r;
        uint64_t found = 0, vsum = 0;
        for (uint32_t i = 0; i < NKEYS; i++) {
            for (int w = 0; w < 2; w++) {
                uint64_t k = (bench_rand(w ? &s2 : &seed) | 2);
                uint32_t p = (uint32_t)hash64(k) & MASK;
                while (t[p].key != 0) {
                    if (t[p].key == k) { found++; vsum += t[p].val; break; }
                    p = (p + 1) & MASK;
                }
            }
        }
        /* Delete every other key, leaving tombstones. */
        seed = 1000 + (uint64_t)r;
        uint64_t deleted = 0;
        for (uint32_t i = 0; i < NKEYS; i++) {
            uint64_t k = (bench_rand(&seed) | 2);
            if (i & 1) continue;
            uint32_t p = (uint32_t)hash64(k) & MASK;
            while (t[p].key != 0) {
                if (t[p].key == k) { t[p].key = 1; deleted++; break; }
                p = (p + 1) & MASK;
            }
        }
        h = bench_mix(bench_mix(bench_mix(h, found), vsum), deleted);
    }
    bench_print("hashtab", h);
    return 0;
}
