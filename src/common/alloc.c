/* alloc.c: the one allocator hook of Skiff, with failure injection for tests. */
#include "common.h"
#include <stdatomic.h>
#include <stdlib.h>

static _Atomic long fail_after = -1;

void sk_alloc_fail_after(long n) { atomic_store(&fail_after, n); }

static bool should_fail(void)
{
    long n = atomic_load_explicit(&fail_after, memory_order_relaxed);
    if (SK_LIKELY(n < 0)) return false;
    for (;;) {
        if (n == 0) return true;
        if (atomic_compare_exchange_weak(&fail_after, &n, n - 1)) return false;
        if (n < 0) return false;
    }
}

void *sk_malloc(size_t n)
{
    if (should_fail()) return NULL;
    return malloc(n ? n : 1);
}

void *sk_calloc(size_t count, size_t size)
{
    if (should_fail()) return NULL;
    if (count == 0 || size == 0) count = size = 1;
    return calloc(count, size);
}

void *sk_realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    return realloc(p, n ? n : 1);
}

void sk_free(void *p) { free(p); }

char *sk_strndup(const char *s, size_t n)
{
    char *d = sk_malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

bool sk_grow(void **data, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return true;
    uint64_t ncap = *cap ? (uint64_t)*cap * 2 : 8;
    while (ncap < need) ncap *= 2;
    if (ncap > UINT32_MAX) ncap = UINT32_MAX;
    if (ncap < need || ncap * elem > (uint64_t)SIZE_MAX / 2) return false;
    void *nd = sk_realloc(*data, (size_t)(ncap * elem));
    if (!nd) return false;
    *data = nd;
    *cap = (uint32_t)ncap;
    return true;
}
