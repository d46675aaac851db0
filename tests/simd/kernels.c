/* kernels.c: loops clang auto-vectorises with -msimd128 (byte histogram, dot products, saxpy,
 * min/max, byte counting, string compare, pixel blend); prints one checksum per kernel.
 * Built with and without -msimd128 (tests/simd/run.sh): both builds must print the same.
 * usage: kernels.wasm [ROUNDS]   (default 3; more for timing) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N (1 << 18)

static uint8_t bytes[N], bytes2[N];
static int16_t s16a[N], s16b[N];
static int32_t i32a[N], i32b[N];
static float fx[N], fy[N];
static uint32_t seed = 12345;

static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ull; }

static uint64_t histogram(void)
{
    uint32_t hist[256] = {0};
    for (int i = 0; i < N; i++) hist[bytes[i]]++;
    uint64_t h = 0;
    for (int i = 0; i < 256; i++) h = mix(h, hist[i]);
    return h;
}

static int64_t dot16(void)
{
    uint32_t acc = 0; /* wraps: unsigned */
    for (int i = 0; i < N; i++) acc += (uint32_t)(s16a[i] * s16b[i]);
    return (int32_t)acc;
}

static int64_t dot32(void)
{
    int64_t acc = 0;
    for (int i = 0; i < N; i++) acc += (int64_t)i32a[i] * i32b[i];
    return acc;
}

static uint64_t saxpy(float a)
{
    for (int i = 0; i < N; i++) fy[i] = a * fx[i] + fy[i];
    uint64_t h = 0;
    for (int i = 0; i < N; i += 97) {
        uint32_t b;
        memcpy(&b, &fy[i], 4);
        h = mix(h, b);
    }
    return h;
}

static uint64_t minmax(void)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (int i = 0; i < N; i++) {
        lo = i32a[i] < lo ? i32a[i] : lo;
        hi = i32a[i] > hi ? i32a[i] : hi;
    }
    uint8_t blo = 255, bhi = 0;
    for (int i = 0; i < N; i++) {
        blo = bytes[i] < blo ? bytes[i] : blo;
        bhi = bytes[i] > bhi ? bytes[i] : bhi;
    }
    return mix(mix(mix((uint32_t)lo, (uint32_t)hi), blo), bhi);
}

static uint64_t count_and_sum(void)
{
    uint32_t count = 0, sum = 0;
    for (int i = 0; i < N; i++) count += bytes[i] == 'e';
    for (int i = 0; i < N; i++) sum += bytes[i];
    return mix(count, sum);
}

static uint64_t blend(void)
{
    /* saturating-ish average of two images, then absolute difference */
    uint64_t h = 0;
    for (int i = 0; i < N; i++) bytes2[i] = (uint8_t)((bytes[i] + bytes2[i] + 1) >> 1);
    uint32_t sad = 0;
    for (int i = 0; i < N; i++) {
        int d = bytes[i] - bytes2[i];
        sad += (uint32_t)(d < 0 ? -d : d);
    }
    h = mix(h, sad);
    for (int i = 0; i < N; i++) {
        int v = bytes2[i] + 100;
        bytes2[i] = (uint8_t)(v > 255 ? 255 : v);
    }
    return mix(h, bytes2[N / 3]);
}

static uint64_t widen(void)
{
    for (int i = 0; i < N; i++) i32b[i] = (int32_t)s16a[i] * 3 + (bytes[i] >> 2);
    uint64_t h = 0;
    for (int i = 0; i < N; i += 101) h = mix(h, (uint32_t)i32b[i]);
    return h;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 3;
    for (int i = 0; i < N; i++) {
        uint32_t r = rnd();
        bytes[i] = (uint8_t)("the quick brown fox jumps over the lazy dog"[r % 43] ^ (r >> 16 & 1));
        bytes2[i] = (uint8_t)(r >> 3);
        s16a[i] = (int16_t)(rnd() & 0xFFFF);
        s16b[i] = (int16_t)(rnd() & 0xFFFF);
        i32a[i] = (int32_t)(rnd() << 7) ^ (int32_t)rnd();
        i32b[i] = (int32_t)rnd() - (1 << 23);
        fx[i] = (float)(int32_t)(rnd() & 0xFFFF) / 256.0f;
        fy[i] = (float)i * 0.5f;
    }
    uint64_t h[8] = {0};
    for (int r = 0; r < rounds; r++) {
        h[0] = mix(h[0], histogram());
        h[1] = mix(h[1], (uint64_t)dot16());
        h[2] = mix(h[2], (uint64_t)dot32());
        h[3] = mix(h[3], saxpy(0.75f + (float)r));
        h[4] = mix(h[4], minmax());
        h[5] = mix(h[5], count_and_sum());
        h[6] = mix(h[6], blend());
        h[7] = mix(h[7], widen());
    }
    static const char *names[8] = {"histogram", "dot16", "dot32", "saxpy", "minmax", "count_sum", "blend", "widen"};
    for (int i = 0; i < 8; i++) printf("%-10s %016llx\n", names[i], (unsigned long long)h[i]);
    return 0;
}
