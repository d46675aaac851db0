/* ref.c: reference records (handles, host info, finalizers), the store's object map, foreign objects, frames. */
#include "api.h"

/* ---- Pointer map ---- */

static uint32_t hash_ptr(const void *p, uint32_t mask)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (uint32_t)x & mask;
}

void *sk_api_map_get(const sk_api_map *m, const void *key)
{
    if (!m->cap) return NULL;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash_ptr(key, mask);; i = (i + 1) & mask) {
        if (!m->keys[i]) return NULL;
        if (m->keys[i] == key) return m->vals[i];
    }
}

static bool map_insert(void **keys, void **vals, uint32_t cap, void *key, void *val)
{
    uint32_t mask = cap - 1;
    for (uint32_t i = hash_ptr(key, mask);; i = (i + 1) & mask) {
        if (!keys[i] || keys[i] == key) {
            bool fresh = !keys[i];
            keys[i] = key;
            vals[i] = val;
            return fresh;
        }
    }
}

bool sk_api_map_reserve(sk_api_map *m, uint32_t extra)
{
    if ((uint64_t)(m->len + extra) * 4 <= (uint64_t)m->cap * 3) return true;
    uint64_t ncap = m->cap ? m->cap : 64;
    while ((uint64_t)(m->len + extra) * 4 > ncap * 3) ncap *= 2;
    if (ncap > (1u << 30)) return false;
    void **nk = sk_calloc((size_t)ncap, sizeof(void *));
    void **nv = sk_calloc((size_t)ncap, sizeof(void *));
    if (!nk || !nv) {
        sk_free(nk);
        sk_free(nv);
        return false;
    }
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->keys[i]) map_insert(nk, nv, (uint32_t)ncap, m->keys[i], m->vals[i]);
    sk_free(m->keys);
    sk_free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = (uint32_t)ncap;
    return true;
}

bool sk_api_map_put(sk_api_map *m, void *key, void *val)
{
    if (!sk_api_map_reserve(m, 1)) return false;
    if (map_insert(m->keys, m->vals, m->cap, key, val)) m->len++;
    return true;
}

void sk_api_map_free(sk_api_map *m)
{
    sk_free(m->keys);
    sk_free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- Records ---- */

/* Room for n more records beyond those already promised to prepared records. */
static bool store_reserve(wasm_store_t *s, uint32_t n)
{
    uint32_t want = s->records.len + s->reserved + n;
    return want >= n &&
           sk_grow((void **)&s->records.data, &s->records.cap, want, sizeof(wasm_ref_t *)) &&
           sk_api_map_reserve(&s->objects, s->reserved + n);
}

static void store_insert(wasm_store_t *s, void *key, wasm_ref_t *r)
{
    sk_api_map_put(&s->objects, key, r); /* room was reserved: cannot fail */
    s->records.data[s->records.len++] = r;
}

bool sk_api_store_track(wasm_store_t *s, void *key, wasm_ref_t *r)
{
    if (!store_reserve(s, 1)) return false;
    store_insert(s, key, r);
    return true;
}

wasm_ref_t *sk_api_record_prepare(wasm_store_t *s)
{
    wasm_ref_t *r = sk_calloc(1, sizeof *r);
    if (!r) return NULL;
    if (!store_reserve(s, 1)) {
        sk_free(r);
        return NULL;
    }
    s->reserved++;
    return r;
}

void sk_api_record_abandon(wasm_store_t *s, wasm_ref_t *r)
{
    if (!r) return;
    s->reserved--;
    sk_free(r);
}

wasm_ref_t *sk_api_record_commit(wasm_store_t *s, wasm_ref_t *r, uint8_t kind, void *obj)
{
    wasm_ref_t *old = sk_api_map_get(&s->objects, obj);
    if (old) { /* e.g. a start function already handed the object out: keep one record */
        sk_api_record_abandon(s, r);
        return old;
    }
    s->reserved--;
    r->kind = kind;
    r->store_bound = true;
    r->store = s;
    r->of.ptr = obj;
    store_insert(s, obj, r);
    return r;
}

wasm_ref_t *sk_api_wrap(wasm_store_t *s, uint8_t kind, void *obj)
{
    if (!obj) return NULL;
    wasm_ref_t *r = sk_api_map_get(&s->objects, obj);
    if (r) return r;
    r = sk_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->kind = kind;
    r->store_bound = true;
    r->store = s;
    r->of.ptr = obj;
    if (!sk_api_store_track(s, obj, r)) {
        sk_free(r);
        return NULL;
    }
    return r;
}

bool sk_api_pin(wasm_store_t *s, wasm_ref_t *r)
{
    if (r->store_bound || r->is_static || sk_api_map_get(&s->objects, r)) return true;
    if (!sk_api_store_track(s, r, r)) return false;
    r->refs++;
    return true;
}

wasm_ref_t *sk_api_ref_retain(wasm_ref_t *r)
{
    if (r && !r->store_bound && !r->is_static) r->refs++;
    return r;
}

void sk_api_ref_destroy(wasm_ref_t *r, bool run_finalizer)
{
    if (run_finalizer && r->finalizer) r->finalizer(r->host_info);
    switch (r->kind) {
    case SK_API_MODULE: sk_api_shared_release(((sk_api_module *)r)->shared); break;
    case SK_API_TRAP: {
        sk_api_trap *t = (sk_api_trap *)r;
        sk_free(t->message);
        sk_free(t->frames);
        break;
    }
    default: break;
    }
    sk_free(r);
}

void sk_api_ref_release(wasm_ref_t *r)
{
    /* Store-bound records live until their store is deleted. */
    if (!r || r->store_bound || r->is_static) return;
    if (--r->refs == 0) sk_api_ref_destroy(r, true);
}

/* ---- Generic reference functions, and the per-kind families ---- */

void wasm_ref_delete(wasm_ref_t *r) { sk_api_ref_release(r); }
wasm_ref_t *wasm_ref_copy(const wasm_ref_t *r) { return sk_api_ref_retain((wasm_ref_t *)r); }
bool wasm_ref_same(const wasm_ref_t *a, const wasm_ref_t *b) { return a == b; }
void *wasm_ref_get_host_info(const wasm_ref_t *r) { return r ? r->host_info : NULL; }

void wasm_ref_set_host_info_with_finalizer(wasm_ref_t *r, void *info, void (*finalizer)(void *))
{
    if (!r || r->is_static) return;
    r->host_info = info;
    r->finalizer = finalizer;
}

void wasm_ref_set_host_info(wasm_ref_t *r, void *info) { wasm_ref_set_host_info_with_finalizer(r, info, NULL); }

#define SK_API_REF_FAMILY(name, IS)                                                                       \
    void wasm_##name##_delete(wasm_##name##_t *r) { sk_api_ref_release((wasm_ref_t *)r); }                \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *r)                                         \
    {                                                                                                     \
        return (wasm_##name##_t *)sk_api_ref_retain((wasm_ref_t *)r);                                     \
    }                                                                                                     \
    bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) { return a == b; }        \
    void *wasm_##name##_get_host_info(const wasm_##name##_t *r)                                           \
    {                                                                                                     \
        return wasm_ref_get_host_info((const wasm_ref_t *)r);                                             \
    }                                                                                                     \
    void wasm_##name##_set_host_info(wasm_##name##_t *r, void *info)                                      \
    {                                                                                                     \
        wasm_ref_set_host_info((wasm_ref_t *)r, info);                                                    \
    }                                                                                                     \
    void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *r, void *info, void (*fin)(void *))  \
    {                                                                                                     \
        wasm_ref_set_host_info_with_finalizer((wasm_ref_t *)r, info, fin);                                \
    }                                                                                                     \
    wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *r) { return (wasm_ref_t *)r; }                      \
    const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *r) { return (const wasm_ref_t *)r; } \
    wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r) { return r && (IS) ? (wasm_##name##_t *)r : NULL; } \
    const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r)                                \
    {                                                                                                     \
        return r && (IS) ? (const wasm_##name##_t *)r : NULL;                                             \
    }

SK_API_REF_FAMILY(trap, r->kind == SK_API_TRAP)
SK_API_REF_FAMILY(foreign, r->kind == SK_API_FOREIGN)
SK_API_REF_FAMILY(module, r->kind == SK_API_MODULE)
SK_API_REF_FAMILY(func, r->kind == SK_API_FUNC)
SK_API_REF_FAMILY(global, r->kind == SK_API_GLOBAL)
SK_API_REF_FAMILY(table, r->kind == SK_API_TABLE)
SK_API_REF_FAMILY(memory, r->kind == SK_API_MEMORY)
SK_API_REF_FAMILY(extern, sk_api_is_extern(r))
SK_API_REF_FAMILY(instance, r->kind == SK_API_INSTANCE)

/* ---- Foreign objects: store-bound records with no runtime object; the
 * record itself is its key in the store's map. ---- */

wasm_foreign_t *wasm_foreign_new(wasm_store_t *s)
{
    if (!s) return NULL;
    wasm_ref_t *r = sk_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->kind = SK_API_FOREIGN;
    r->store_bound = true;
    r->store = s;
    if (!sk_api_store_track(s, r, r)) {
        sk_free(r);
        return NULL;
    }
    return (wasm_foreign_t *)r;
}

/* ---- Frames ---- */

void wasm_frame_delete(wasm_frame_t *f) { sk_free(f); }

wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f)
{
    if (!f) return NULL;
    wasm_frame_t *c = sk_malloc(sizeof *c);
    if (c) *c = *f;
    return c;
}

wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }
