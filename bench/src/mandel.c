/* mandel.c: Mandelbrot set escape-time iteration (double arithmetic, tight loop). */
#include "bench.h"

int main(int argc, char **argv)
{
    long size = bench_scale(argc, argv, 1700);
    const int maxit = 200;
    uint64_t h = 14695981039346656037ULL, total = 0;
    for (long y = 0; y < size; y++) {
        uint64_t row = 0;
        for (long x = 0; x < size; x++) {
            double cr = -2.0 + 2.5 * (double)x / (double)size, ci = -1.25 + 2.5 * (double)y / (double)size;
            double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int it = 0;
            while (it < maxit && zr2 + zi2 <= 4.0) {
                zi = 2.0 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                it++;
            }
            row = row * 31 + (uint64_t)it;
            total += (uint64_t)it;
        }
        h = bench_mix(h, row);
    }
    printf("iterations %llu\n", (unsigned long long)total);
    bench_print("mandel", h);
    return 0;
}
