/* table.c: table instances: growable arrays of references (sk_func* or externref pointers). */
#include "rt_internal.h"

/* Largest size this table may ever reach. */
static uint64_t elem_limit(const sk_store *s, const sk_tabletype *type)
{
    uint64_t lim = UINT32_MAX;
    if (type->lim.has_max && type->lim.max < lim) lim = type->lim.max;
    if (s->max_table_elems < lim) lim = s->max_table_elems;
    return lim;
}

static bool reserve_elems(sk_table *t, uint64_t need)
{
    if (need <= t->cap) return true;
    uint64_t cap = t->cap ? (uint64_t)t->cap * 2 : 8;
    if (cap < need) cap = need;
    if (cap > UINT32_MAX) cap = UINT32_MAX;
    if (cap > SIZE_MAX / sizeof(void *)) return false;
    void **e = sk_realloc(t->elems, (size_t)cap * sizeof(void *));
    if (!e) return false;
    t->elems = e;
    t->cap = (uint32_t)cap;
    return true;
}

sk_table *sk_table_new(sk_store *s, const sk_tabletype *type, void *init)
{
    if (type->lim.min > elem_limit(s, type)) return NULL;
    sk_table *t = sk_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->type = *type;
    if (!reserve_elems(t, type->lim.min)) {
        sk_free(t);
        return NULL;
    }
    t->size = (uint32_t)type->lim.min;
    for (uint32_t i = 0; i < t->size; i++) t->elems[i] = init;
    if (!sk_store_adopt(s, SK_OBJ_TABLE, t)) return NULL;
    return t;
}

void sk_table_destroy(sk_table *t)
{
    if (!t) return;
    sk_free(t->elems);
    sk_free(t);
}

int64_t sk_table_grow(sk_store *s, sk_table *t, uint32_t delta, void *init)
{
    uint32_t old = t->size;
    if (delta == 0) return old;
    uint64_t want = (uint64_t)old + delta;
    uint64_t limit = elem_limit(s, &t->type);
    if (want > limit) return -1;
    if (s->grow_limiter && !s->grow_limiter(s->grow_limiter_env, SK_EXTERN_TABLE, old, want, limit)) return -1;
    if (!reserve_elems(t, want)) return -1;
    for (uint64_t i = old; i < want; i++) t->elems[i] = init;
    t->size = (uint32_t)want;
    t->type.lim.min = want;
    return old;
}
