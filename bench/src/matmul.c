/* matmul.c: dense double matrix multiply (i-k-j loop order), repeated with feedback. */
#include "bench.h"

int main(int argc, char **argv)
{
    long reps = bench_scale(argc, argv, 25);
    const int N = 384;
    double *a = malloc(sizeof(double) * N * N), *b = malloc(sizeof(double) * N * N),
           *c = malloc(sizeof(double) * N * N);
    if (!a || !b || !c) return 1;
    uint64_t seed = 12345;
    for (int i = 0; i < N * N; i++) {
        a[i] = (double)(bench_rand(&seed) % 1000) / 1000.0 - 0.5;
        b[i] = (double)(bench_rand(&seed) % 1000) / 1000.0 - 0.5;
    }
    uint64_t h = 14695981039346656037ULL;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N * N; i++) c[i] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i * N + k];
                for (int j = 0; j < N; j++) c[i * N + j] += aik * b[k * N + j];
            }
        double tr = 0;
        for (int i = 0; i < N; i++) tr += c[i * N + i];
        /* Feed back a scaled copy so every repetition does different work. */
        for (int i = 0; i < N * N; i++) a[i] = c[i] * (1.0 / 64.0) + (i % 7) * 0.001;
        h = bench_mix(h, (uint64_t)(long long)(tr * 1e6));
    }
    bench_print("matmul", h);
    return 0;
}
