/* fib.c: naive recursive Fibonacci (call-heavy). */
#include "bench.h"

static uint32_t __attribute__((noinline)) fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    long n = bench_scale(argc, argv, 40);
    uint64_t h = 14695981039346656037ULL;
    /* A small sweep so the compiler cannot fold one constant call. */
    for (long k = n - 2; k <= n; k++) h = bench_mix(h, fib((uint32_t)k));
    bench_print("fib", h);
    return 0;
}
