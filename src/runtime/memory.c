/* memory.c: linear memories: address space reserved up front, committed by mprotect as they grow. */
#include "rt_internal.h"
#include <sys/mman.h>

/* 8 GiB per memory on 64-bit hosts: any 32-bit address plus a 32-bit offset
 * lands inside the reservation, so a guard-page mode can drop bounds checks.
 * The base never moves; growing only changes page protections. */
#define SK_MEM_RESERVE_FULL ((uint64_t)8 << 30)

static void *reserve(uint64_t bytes)
{
    if (bytes == 0 || bytes > SIZE_MAX) return NULL;
    void *p = mmap(NULL, (size_t)bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* Largest page count this memory may ever reach. */
static uint64_t page_limit(const sk_store *s, const sk_memtype *type)
{
    uint64_t lim = SK_MAX_PAGES;
    if (type->lim.has_max && type->lim.max < lim) lim = type->lim.max;
    if (s->max_memory_pages < lim) lim = s->max_memory_pages;
    return lim;
}

sk_memory *sk_memory_new(sk_store *s, const sk_memtype *type)
{
    uint64_t limit = page_limit(s, type);
    if (type->lim.min > limit) return NULL;
    sk_memory *m = sk_calloc(1, sizeof *m);
    if (!m) return NULL;

    uint64_t want = SIZE_MAX > UINT32_MAX ? SK_MEM_RESERVE_FULL : 0;
    void *base = want ? reserve(want) : NULL;
    if (!base && !s->bounds_checks) {
        /* guard-page code has no checks to fall back on: no memory rather than an unsafe one */
        sk_free(m);
        return NULL;
    }
    if (!base) {
        /* The full reservation failed (e.g. a tight `ulimit -v`, or a 32-bit host):
         * reserve only what this memory can ever use, i.e. its maximum (or 4 GiB).
         * Accesses then rely on the explicit bounds checks. As a last resort reserve
         * just the initial size; such a memory cannot grow (grow returns -1). */
        want = limit * SK_PAGE_SIZE;
        if (want == 0) want = SK_PAGE_SIZE; /* keep a valid, never-accessible base */
        base = reserve(want);
        if (!base && type->lim.min < limit) {
            want = type->lim.min ? type->lim.min * SK_PAGE_SIZE : SK_PAGE_SIZE;
            base = reserve(want);
        }
    }
    if (!base) {
        sk_free(m);
        return NULL;
    }
    m->data = base;
    m->reserved = (size_t)want;
    m->type = *type;
    if (type->lim.min) {
        uint64_t bytes = type->lim.min * SK_PAGE_SIZE;
        if (mprotect(base, (size_t)bytes, PROT_READ | PROT_WRITE) != 0) {
            munmap(base, m->reserved);
            sk_free(m);
            return NULL;
        }
    }
    m->pages = type->lim.min;
    m->size = m->pages * SK_PAGE_SIZE;
    if (!sk_store_adopt(s, SK_OBJ_MEMORY, m)) return NULL;
    return m;
}

bool sk_store_owns_guest_address(const sk_store *s, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    for (uint32_t i = 0; i < s->objects.len; i++) {
        if (s->object_kinds.data[i] != SK_OBJ_MEMORY) continue;
        const sk_memory *m = s->objects.data[i];
        if (a - (uintptr_t)m->data < m->reserved) return true;
    }
    return false;
}

void sk_memory_destroy(sk_memory *m)
{
    if (!m) return;
    if (m->data) munmap(m->data, m->reserved);
    sk_free(m);
}

int64_t sk_memory_grow(sk_store *s, sk_memory *m, uint64_t delta)
{
    uint64_t old = m->pages;
    if (delta == 0) return (int64_t)old;
    uint64_t limit = page_limit(s, &m->type);
    if (delta > limit || old > limit - delta) return -1;
    uint64_t new_bytes = (old + delta) * SK_PAGE_SIZE;
    if (new_bytes > m->reserved) return -1;
    if (s->grow_limiter && !s->grow_limiter(s->grow_limiter_env, SK_EXTERN_MEMORY, old, old + delta, limit)) return -1;
    /* Fresh anonymous pages read as zero, and pages past the old size were never
     * accessible, so the new region is zero without a memset. */
    if (mprotect(m->data + m->size, (size_t)(new_bytes - m->size), PROT_READ | PROT_WRITE) != 0) return -1;
    m->pages = old + delta;
    m->size = new_bytes;
    m->type.lim.min = m->pages;
    return (int64_t)old;
}
