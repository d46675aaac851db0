/* store.c: wasm_config_t, wasm_engine_t and wasm_store_t. */
#include "api.h"
#include "../interp/interp.h"

wasm_config_t *wasm_config_new(void) { return sk_calloc(1, sizeof(wasm_config_t)); }
void wasm_config_delete(wasm_config_t *c) { sk_free(c); }

wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(NULL); }

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config)
{
    wasm_engine_t *e = sk_calloc(1, sizeof(wasm_engine_t));
    if (e && config) {
        e->disabled_features = config->disabled_features;
        e->tier = config->tier;
    }
    if (e) {
        uint8_t b = config ? config->bounds : SKIFF_BOUNDS_DEFAULT;
        e->guard_pages = b == SKIFF_BOUNDS_GUARD_PAGES || (b == SKIFF_BOUNDS_DEFAULT && sk_guard_pages_available());
    }
    wasm_config_delete(config);
    return e;
}

void wasm_engine_delete(wasm_engine_t *e) { sk_free(e); }

wasm_store_t *wasm_store_new(wasm_engine_t *engine)
{
    if (!engine) return NULL;
    wasm_store_t *s = sk_calloc(1, sizeof *s);
    if (!s) return NULL;
    s->engine = engine;
    s->rt = sk_store_new();
    if (!s->rt) {
        sk_free(s);
        return NULL;
    }
    s->rt->bounds_checks = !engine->guard_pages;
    sk_error_clear(&s->last_error);
    s->skiff.id = sk_api_next_id();
    return s;
}

void wasm_store_delete(wasm_store_t *s)
{
    if (!s) return;
    sk_api_skiff_store_delete(s); /* interrupt handles let go of the store before it goes */
    /* Host info finalizers first (newest object first), while everything they
     * might describe still exists. */
    for (uint32_t i = s->records.len; i-- > 0;) {
        wasm_ref_t *r = s->records.data[i];
        if (r->store_bound && r->finalizer) {
            void (*fin)(void *) = r->finalizer;
            r->finalizer = NULL;
            fin(r->host_info);
        }
    }
    /* The runtime store runs the finalizers of host functions' environments. */
    sk_store_free(s->rt);
    for (uint32_t i = s->records.len; i-- > 0;) {
        wasm_ref_t *r = s->records.data[i];
        if (r->store_bound) sk_api_ref_destroy(r, false);
        else sk_api_ref_release(r); /* a module or trap the store held as an externref */
    }
    SK_VEC_FREE(s->records);
    sk_api_map_free(&s->objects);
    for (uint32_t i = 0; i < s->modules.cap; i++)
        if (s->modules.keys[i]) sk_api_shared_release(s->modules.keys[i]);
    sk_api_map_free(&s->modules);
    sk_free(s);
}
