/* qsort.c: hand-written quicksort (median of three, insertion sort for small runs) on 32-bit keys. */
#include "bench.h"

static void isort(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void quicksort(uint32_t *a, long n)
{
    while (n > 16) {
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        /* Recurse on the smaller half, loop on the larger: bounded stack depth. */
        if (j + 1 < n - j - 1) { quicksort(a, j + 1); a += j + 1; n -= j + 1; }
        else { quicksort(a + j + 1, n - j - 1); n = j + 1; }
    }
    isort(a, n);
}

int main(int argc, char **argv)
{
    long reps = bench_scale(argc, argv, 3);
    const long N = 2000000;
    uint32_t *a = malloc(sizeof(uint32_t) * N);
    if (!a) return 1;
    uint64_t seed = 99, h = 14695981039346656037ULL;
    for (long r = 0; r < reps; r++) {
        for (long i = 0; i < N; i++) a[i] = (uint32_t)(bench_rand(&seed) >> 32) % (r & 1 ? 1000 : 0xffffffffu);
        quicksort(a, N);
        for (long i = 1; i < N; i++)
            if (a[i - 1] > a[i]) { printf("not sorted\n"); return 1; }
        h = bench_mix(bench_mix(h, a[N / 3]), a[N - 1]);
    }
    bench_print("qsort", h);
    return 0;
}
