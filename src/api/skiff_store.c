/* skiff_store.c: skiff.h store controls: fuel, interrupt handles, resource limits, stack size; store teardown. */
#include "skiff_internal.h"

#include <pthread.h>

/* ---- Fuel ---- */

void skiff_store_fuel_set(wasm_store_t *store, uint64_t fuel)
{
    sk_store *rt = store->rt;
    uint64_t consumed = rt->fuel_enabled ? store->skiff.fuel_granted - rt->fuel : 0;
    store->skiff.fuel_granted = consumed + fuel;
    rt->fuel = fuel;
    rt->fuel_enabled = true;
}

bool skiff_store_fuel_get(const wasm_store_t *store, uint64_t *fuel)
{
    if (!store->rt->fuel_enabled) return false;
    *fuel = store->rt->fuel;
    return true;
}

bool skiff_store_fuel_consumed(const wasm_store_t *store, uint64_t *consumed)
{
    if (!store->rt->fuel_enabled) return false;
    *consumed = store->skiff.fuel_granted - store->rt->fuel;
    return true;
}

void skiff_store_fuel_disable(wasm_store_t *store)
{
    store->rt->fuel_enabled = false;
    store->rt->fuel = 0;
    store->skiff.fuel_granted = 0;
}

/* ---- Interrupt handles ----
 * The store and its handles share one record. The store clears `rt` (under
 * the lock) before it goes away, so a handle used from another thread either
 * reaches a live store or does nothing. */
struct sk_api_interrupt {
    pthread_mutex_t lock;
    sk_store *rt; /* NULL once the store is deleted */
    atomic_uint refs; /* the store plus each handle */
};

struct skiff_interrupt_handle_t {
    struct sk_api_interrupt *shared;
};

static void interrupt_release(struct sk_api_interrupt *in)
{
    if (in && atomic_fetch_sub(&in->refs, 1) == 1) {
        pthread_mutex_destroy(&in->lock);
        sk_free(in);
    }
}

skiff_interrupt_handle_t *skiff_interrupt_handle_new(wasm_store_t *store)
{
    skiff_interrupt_handle_t *h = sk_malloc(sizeof *h);
    if (!h) return NULL;
    struct sk_api_interrupt *in = store->skiff.interrupt;
    if (!in) {
        in = sk_malloc(sizeof *in);
        if (!in || pthread_mutex_init(&in->lock, NULL) != 0) {
            sk_free(in);
            sk_free(h);
            return NULL;
        }
        in->rt = store->rt;
        atomic_init(&in->refs, 1);
        store->skiff.interrupt = in;
    }
    atomic_fetch_add(&in->refs, 1);
    h->shared = in;
    return h;
}

void skiff_interrupt_handle_interrupt(skiff_interrupt_handle_t *handle)
{
    struct sk_api_interrupt *in = handle->shared;
    pthread_mutex_lock(&in->lock);
    if (in->rt) sk_store_interrupt(in->rt);
    pthread_mutex_unlock(&in->lock);
}

void skiff_interrupt_handle_delete(skiff_interrupt_handle_t *handle)
{
    if (!handle) return;
    interrupt_release(handle->shared);
    sk_free(handle);
}

/* ---- Limits ---- */

void skiff_store_limit_memory_pages(wasm_store_t *store, uint64_t pages) { store->rt->max_memory_pages = pages; }
void skiff_store_limit_table_elements(wasm_store_t *store, uint32_t elements)
{
    store->rt->max_table_elems = elements;
}
void skiff_store_limit_instances(wasm_store_t *store, uint32_t instances) { store->rt->max_instances = instances; }

/* The runtime's limiter hook, forwarding to the embedder's callback. */
static bool limiter_hook(void *env, uint8_t kind, uint64_t current, uint64_t desired, uint64_t maximum)
{
    wasm_store_t *store = env;
    wasm_externkind_t k = kind == SK_EXTERN_TABLE ? WASM_EXTERN_TABLE : WASM_EXTERN_MEMORY;
    return store->skiff.limiter(store->skiff.limiter_env, k, current, desired, maximum);
}

static void limiter_clear(wasm_store_t *store)
{
    void (*fin)(void *) = store->skiff.limiter_finalizer;
    void *env = store->skiff.limiter_env;
    store->skiff.limiter = NULL;
    store->skiff.limiter_env = NULL;
    store->skiff.limiter_finalizer = NULL;
    store->rt->grow_limiter = NULL;
    store->rt->grow_limiter_env = NULL;
    if (fin) fin(env);
}

void skiff_store_limiter_set(wasm_store_t *store, skiff_limiter_callback_t callback, void *env,
                             void (*finalizer)(void *))
{
    limiter_clear(store);
    if (!callback) {
        if (finalizer) finalizer(env); /* nothing will use env */
        return;
    }
    store->skiff.limiter = callback;
    store->skiff.limiter_env = env;
    store->skiff.limiter_finalizer = finalizer;
    store->rt->grow_limiter = limiter_hook;
    store->rt->grow_limiter_env = store;
}

bool skiff_store_max_stack_set(wasm_store_t *store, size_t bytes)
{
    sk_store *rt = store->rt;
    if (bytes < 4096 || rt->host_depth > 0) return false;
    rt->max_stack_bytes = bytes;
    /* The interpreter sizes its stack when it first runs; drop the old one so
     * the next call makes one of the new size. */
    if (rt->exec && rt->exec_free) {
        rt->exec_free(rt->exec);
        rt->exec = NULL;
    }
    return true;
}

/* ---- Teardown ---- */

void sk_api_skiff_store_delete(wasm_store_t *s)
{
    struct sk_api_interrupt *in = s->skiff.interrupt;
    if (in) {
        pthread_mutex_lock(&in->lock);
        in->rt = NULL;
        pthread_mutex_unlock(&in->lock);
        interrupt_release(in);
        s->skiff.interrupt = NULL;
    }
    limiter_clear(s);
    sk_api_wasi_free(s->skiff.wasi);
    s->skiff.wasi = NULL;
    sk_api_map_free(&s->skiff.linker_funcs);
}

uint64_t sk_api_next_id(void)
{
    static atomic_uint_fast64_t next = 1;
    return atomic_fetch_add(&next, 1);
}
