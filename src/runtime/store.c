/* store.c: stores (ownership of every runtime object), host functions, globals, and sk_call. */
#define _GNU_SOURCE /* pthread_getattr_np */
#include <pthread.h>

#include "rt_internal.h"
#include "../interp/interp.h"

/* Host->wasm re-entry: each level costs a host frame plus an interpreter
 * activation on the C stack, so it is bounded both by count and by the C stack
 * actually left on this thread (SK_HOST_STACK_RESERVE bytes, or a quarter of a
 * smaller stack, are kept free). */
#define SK_HOST_DEPTH_MAX 10000u
#define SK_HOST_STACK_RESERVE (512u * 1024u)

sk_store *sk_store_new(void)
{
    sk_store *s = sk_calloc(1, sizeof *s);
    if (!s) return NULL;
    s->max_stack_bytes = 8u * 1024 * 1024;
    s->max_call_depth = 100000;
    s->max_memory_pages = SK_MAX_PAGES;
    s->max_table_elems = 10000000;
    s->bounds_checks = !sk_guard_pages_available();
    s->max_instances = UINT32_MAX;
    atomic_init(&s->interrupt, 0);
    atomic_init(&s->poll_word, NULL);
    return s;
}

static void free_object(uint8_t kind, void *obj)
{
    switch (kind) {
    case SK_OBJ_FUNC: {
        sk_func *f = obj;
        if (f->finalizer) f->finalizer(f->env);
        sk_free(f->own_type.params);
        sk_free(f->own_type.results);
        sk_free(f);
        break;
    }
    case SK_OBJ_MEMORY: sk_memory_destroy(obj); break;
    case SK_OBJ_TABLE: sk_table_destroy(obj); break;
    case SK_OBJ_GLOBAL: sk_free(obj); break;
    case SK_OBJ_INSTANCE: sk_instance_destroy(obj); break;
    default: break;
    }
}

bool sk_store_adopt(sk_store *s, uint8_t kind, void *obj)
{
    /* Reserve room in both vectors first so they never get out of step. */
    if (!sk_grow((void **)&s->objects.data, &s->objects.cap, s->objects.len + 1, sizeof(void *)) ||
        !sk_grow((void **)&s->object_kinds.data, &s->object_kinds.cap, s->object_kinds.len + 1, 1)) {
        free_object(kind, obj);
        return false;
    }
    s->objects.data[s->objects.len++] = obj;
    s->object_kinds.data[s->object_kinds.len++] = kind;
    return true;
}

void sk_store_free(sk_store *s)
{
    if (!s) return;
    /* Newest first: instances go before the objects they were built from. */
    for (uint32_t i = s->objects.len; i-- > 0;) free_object(s->object_kinds.data[i], s->objects.data[i]);
    SK_VEC_FREE(s->objects);
    SK_VEC_FREE(s->object_kinds);
    if (s->exec && s->exec_free) s->exec_free(s->exec);
    sk_free(s);
}

void sk_store_interrupt(sk_store *s)
{
    atomic_fetch_or(&s->interrupt, SK_POLL_INTERRUPT);
    atomic_int *w = atomic_load(&s->poll_word);
    if (w) atomic_fetch_or(w, SK_POLL_INTERRUPT);
}

sk_func *sk_func_new_host(sk_store *s, const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr,
                          sk_host_fn fn, void *env, void (*finalizer)(void *))
{
    sk_func *f = sk_calloc(1, sizeof *f);
    if (!f) return NULL;
    f->own_type.params = sk_malloc(np ? np : 1);
    f->own_type.results = sk_malloc(nr ? nr : 1);
    uint32_t sig = UINT32_MAX;
    if (f->own_type.params && f->own_type.results) sig = sk_sig_intern(params, np, results, nr);
    if (sig == UINT32_MAX) {
        sk_free(f->own_type.params);
        sk_free(f->own_type.results);
        sk_free(f);
        return NULL;
    }
    if (np) memcpy(f->own_type.params, params, np);
    if (nr) memcpy(f->own_type.results, results, nr);
    f->own_type.nparams = np;
    f->own_type.nresults = nr;
    f->own_type.sig_id = sig;
    f->type = &f->own_type;
    f->sig_id = sig;
    f->host = fn;
    f->env = env;
    /* The finalizer is set only once the store owns f, so a failed adopt
     * does not run it: the caller still owns env then. */
    if (!sk_store_adopt(s, SK_OBJ_FUNC, f)) return NULL;
    f->finalizer = finalizer;
    return f;
}

sk_global *sk_global_new(sk_store *s, const sk_globaltype *type, sk_val val)
{
    sk_global *g = sk_calloc(1, sizeof *g);
    if (!g) return NULL;
    g->type = *type;
    g->val = val;
    if (!sk_store_adopt(s, SK_OBJ_GLOBAL, g)) return NULL;
    return g;
}

/* This thread's stack: lowest address and the headroom to keep, or low == 0 if unknown. */
typedef struct stack_info {
    uintptr_t low;
    size_t reserve;
} stack_info;

static const stack_info *this_stack(void)
{
    static _Thread_local stack_info info;
    static _Thread_local bool known;
    if (!known) {
        known = true;
        pthread_attr_t attr;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            void *addr;
            size_t size;
            if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
                info.low = (uintptr_t)addr;
                /* Small thread stacks keep a quarter, so wasm can still run there. */
                info.reserve = size / 4 < SK_HOST_STACK_RESERVE ? size / 4 : SK_HOST_STACK_RESERVE;
            }
            pthread_attr_destroy(&attr);
        }
    }
    return &info;
}

/* Stacks grow down on every supported host (x86-64, aarch64). */
static bool c_stack_low(void)
{
    const stack_info *st = this_stack();
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0); /* the real frame, even under ASan's fake stacks */
    return st->low && sp > st->low && sp - st->low < st->reserve;
}

sk_trap *sk_call(sk_store *s, sk_func *f, const sk_val *args, sk_val *results)
{
    if (!f) return sk_trap_new(SK_TRAP_NULL_REFERENCE, NULL);
    if (f->host) {
        sk_caller caller = {s, NULL};
        return f->host(&caller, f->env, args, results);
    }
    if (s->host_depth >= SK_HOST_DEPTH_MAX || c_stack_low()) return sk_trap_new(SK_TRAP_STACK_EXHAUSTED, NULL);
    s->host_depth++;
    sk_trap *t = sk_interp_call(s, f, args, results);
    s->host_depth--;
    return t;
}
