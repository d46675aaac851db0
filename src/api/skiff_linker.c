/* skiff_linker.c: skiff.h linker (imports resolved by module::name) and host functions with a caller context. */
#include "skiff_internal.h"

#include <stdio.h>

/* ---- Caller context ---- */

wasm_func_t *skiff_func_new(wasm_store_t *store, const wasm_functype_t *type, skiff_func_callback_t callback,
                            void *env, void (*finalizer)(void *))
{
    if (!callback) return NULL;
    return sk_api_func_new(store, type, NULL, NULL, callback, env, finalizer);
}

wasm_extern_t *skiff_caller_export_get(skiff_caller_t *caller, const char *name, size_t len)
{
    sk_extern ext;
    if (!caller->instance || !name || !sk_instance_export(caller->instance, name, len, &ext)) return NULL;
    return sk_api_extern_wrap(caller->store, ext.kind, ext.of.ptr);
}

wasm_memory_t *skiff_caller_memory(skiff_caller_t *caller)
{
    sk_instance *inst = caller->instance;
    if (!inst || !inst->module->nmems || !inst->mems || !inst->mems[0]) return NULL;
    return (wasm_memory_t *)sk_api_wrap(caller->store, SK_API_MEMORY, inst->mems[0]);
}

wasm_store_t *skiff_caller_store(skiff_caller_t *caller) { return caller->store; }

/* ---- Linker ---- */

/* A host function defined in a linker: made once per store that needs it.
 * Counted: the linker and each store's function hold one count each. */
typedef struct host_def {
    atomic_uint refs;
    uint64_t id; /* key of the store's cache (wasm_store_t.skiff.linker_funcs) */
    wasm_functype_t *type;
    skiff_func_callback_t cb;
    void *env;
    void (*finalizer)(void *);
} host_def;

typedef struct link_item {
    char *module, *name; /* NUL-terminated copies */
    wasm_ref_t *ext;     /* a store object (borrowed: its store owns it), or NULL */
    uint64_t store_id;   /* the store of ext */
    host_def *host;      /* or a host function definition */
} link_item;

struct skiff_linker_t {
    wasm_engine_t *engine;
    SK_VEC(link_item) items;
    bool shadowing;
    bool wasi;
};

static void host_def_release(void *p)
{
    host_def *d = p;
    if (d && atomic_fetch_sub(&d->refs, 1) == 1) {
        if (d->finalizer) d->finalizer(d->env);
        wasm_functype_delete(d->type);
        sk_free(d);
    }
}

skiff_linker_t *skiff_linker_new(wasm_engine_t *engine)
{
    if (!engine) return NULL;
    skiff_linker_t *l = sk_calloc(1, sizeof *l);
    if (l) l->engine = engine;
    return l;
}

static void item_free(link_item *it)
{
    sk_free(it->module);
    sk_free(it->name);
    host_def_release(it->host);
}

void skiff_linker_delete(skiff_linker_t *l)
{
    if (!l) return;
    for (uint32_t i = 0; i < l->items.len; i++) item_free(&l->items.data[i]);
    SK_VEC_FREE(l->items);
    sk_free(l);
}

void skiff_linker_allow_shadowing(skiff_linker_t *l, bool allow) { l->shadowing = allow; }

static link_item *find(const skiff_linker_t *l, const char *module, size_t mlen, const char *name, size_t nlen)
{
    for (uint32_t i = 0; i < l->items.len; i++) {
        link_item *it = &l->items.data[i];
        if (strlen(it->module) == mlen && strlen(it->name) == nlen && memcmp(it->module, module, mlen) == 0 &&
            memcmp(it->name, name, nlen) == 0)
            return it;
    }
    return NULL;
}

/* Adds (or, with shadowing, replaces) a definition. Takes over `host` (one count) in every case. */
static skiff_error_t *add(skiff_linker_t *l, const char *module, const char *name, wasm_ref_t *ext,
                          host_def *host)
{
    if (!module || !name) {
        host_def_release(host);
        return sk_api_error_printf("no module or name");
    }
    link_item *old = find(l, module, strlen(module), name, strlen(name));
    if (old && !l->shadowing) {
        host_def_release(host);
        return sk_api_error_printf("already defined: %s::%s", module, name);
    }
    link_item it = {0};
    it.ext = ext;
    it.store_id = ext ? ext->store->skiff.id : 0;
    it.host = host;
    if (old) { /* keep the names, swap the definition */
        host_def_release(old->host);
        old->ext = it.ext;
        old->store_id = it.store_id;
        old->host = it.host;
        return NULL;
    }
    it.module = sk_strndup(module, strlen(module));
    it.name = sk_strndup(name, strlen(name));
    if (!it.module || !it.name || !SK_VEC_PUSH(l->items, it)) {
        item_free(&it);
        return sk_api_error_oom();
    }
    return NULL;
}

skiff_error_t *skiff_linker_define(skiff_linker_t *l, const char *module, const char *name,
                                   const wasm_extern_t *item)
{
    const wasm_ref_t *r = (const wasm_ref_t *)item;
    if (!r || !sk_api_is_extern(r)) return sk_api_error_printf("not an extern");
    return add(l, module, name, (wasm_ref_t *)r, NULL);
}

skiff_error_t *skiff_linker_define_instance(skiff_linker_t *l, const char *module, const wasm_instance_t *instance)
{
    const wasm_ref_t *r = (const wasm_ref_t *)instance;
    if (!r || r->kind != SK_API_INSTANCE || !module) return sk_api_error_printf("no instance or module name");
    const sk_instance *inst = r->of.instance;
    const sk_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *ex = &m->exports[i];
        sk_extern ext;
        if (!sk_instance_export(inst, ex->name, ex->name_len, &ext)) continue;
        if (memchr(ex->name, 0, ex->name_len)) continue; /* cannot be named by a C string */
        wasm_extern_t *x = sk_api_extern_wrap(r->store, ext.kind, ext.of.ptr);
        if (!x) return sk_api_error_oom();
        skiff_error_t *e = add(l, module, ex->name, (wasm_ref_t *)x, NULL);
        if (e) return e;
    }
    return NULL;
}

skiff_error_t *skiff_linker_define_func(skiff_linker_t *l, const char *module, const char *name,
                                        const wasm_functype_t *type, skiff_func_callback_t callback, void *env,
                                        void (*finalizer)(void *))
{
    if (!type || !callback) {
        if (finalizer) finalizer(env);
        return sk_api_error_printf("no function type or callback");
    }
    host_def *d = sk_calloc(1, sizeof *d);
    wasm_functype_t *t = d ? wasm_functype_copy(type) : NULL;
    if (!t) {
        sk_free(d);
        if (finalizer) finalizer(env);
        return sk_api_error_oom();
    }
    atomic_init(&d->refs, 1);
    d->id = sk_api_next_id();
    d->type = t;
    d->cb = callback;
    d->env = env;
    d->finalizer = finalizer;
    return add(l, module, name, NULL, d);
}

skiff_error_t *skiff_linker_define_wasi(skiff_linker_t *l)
{
    if (l->wasi && !l->shadowing) return sk_api_error_printf("already defined: wasi_snapshot_preview1::*");
    l->wasi = true;
    return NULL;
}

/* Every call of a linker host function passes through here to the embedder's callback. */
static wasm_trap_t *host_call(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args,
                              wasm_val_vec_t *results)
{
    host_def *d = env;
    return d->cb(d->env, caller, args, results);
}

/* The function of host definition d in store s, made on first use. NULL on OOM. */
static wasm_ref_t *host_in_store(wasm_store_t *s, host_def *d)
{
    void *key = (void *)(uintptr_t)d->id;
    wasm_ref_t *f = sk_api_map_get(&s->skiff.linker_funcs, key);
    if (f) return f;
    if (!sk_api_map_reserve(&s->skiff.linker_funcs, 1)) return NULL;
    atomic_fetch_add(&d->refs, 1);
    f = (wasm_ref_t *)sk_api_func_new(s, d->type, NULL, NULL, host_call, d, host_def_release);
    if (!f) {
        host_def_release(d); /* the function was not made: its finalizer did not run */
        return NULL;
    }
    sk_api_map_put(&s->skiff.linker_funcs, key, f); /* room reserved */
    return f;
}

#define NAME_ARGS(imp)                                                                                  \
    (int)((imp)->module_len > 64 ? 64 : (imp)->module_len), (imp)->module,                            \
        (int)((imp)->name_len > 64 ? 64 : (imp)->name_len), (imp)->name

/* Resolves one import in store s: the extern, or NULL with *error set. */
static wasm_extern_t *resolve(const skiff_linker_t *l, wasm_store_t *s, const sk_module *m, const sk_import *imp,
                              skiff_error_t **error)
{
    link_item *it = find(l, imp->module, imp->module_len, imp->name, imp->name_len);
    wasm_ref_t *x = NULL;
    if (!it) {
        if (l->wasi && sk_api_wasi_is_import(imp)) {
            sk_error err;
            sk_error_clear(&err);
            wasm_extern_t *w = sk_api_wasi_resolve(s, m, imp, &err);
            if (!w) *error = sk_api_error_from(&err);
            return w;
        }
        *error = sk_api_error_printf("unknown import: %.*s::%.*s", NAME_ARGS(imp));
        return NULL;
    }
    if (it->host) {
        x = host_in_store(s, it->host);
        if (!x) {
            *error = sk_api_error_oom();
            return NULL;
        }
    } else {
        if (it->store_id != s->skiff.id) {
            *error = sk_api_error_printf("incompatible import type: %.*s::%.*s is defined in another store",
                                         NAME_ARGS(imp));
            return NULL;
        }
        x = it->ext;
    }
    sk_extern ext;
    sk_error err;
    sk_error_clear(&err);
    ext.kind = x->kind == SK_API_FUNC     ? SK_EXTERN_FUNC
               : x->kind == SK_API_GLOBAL ? SK_EXTERN_GLOBAL
               : x->kind == SK_API_TABLE  ? SK_EXTERN_TABLE
                                          : SK_EXTERN_MEMORY;
    ext.of.ptr = x->of.ptr;
    if (!sk_extern_matches(m, imp, &ext, &err)) {
        if (ext.kind != imp->kind)
            *error = sk_api_error_printf("incompatible import type: %.*s::%.*s (expected %s, got %s)", NAME_ARGS(imp),
                                         sk_externkind_name(imp->kind), sk_externkind_name(ext.kind));
        else
            *error = sk_api_error_printf("incompatible import type: %.*s::%.*s (the %s's type does not match)",
                                         NAME_ARGS(imp), sk_externkind_name(imp->kind));
        return NULL;
    }
    return (wasm_extern_t *)x;
}

wasm_extern_t *skiff_linker_get(const skiff_linker_t *l, wasm_store_t *store, const char *module, const char *name)
{
    if (!module || !name) return NULL;
    link_item *it = find(l, module, strlen(module), name, strlen(name));
    if (!it) return NULL;
    if (it->host) return (wasm_extern_t *)host_in_store(store, it->host);
    return it->store_id == store->skiff.id ? (wasm_extern_t *)it->ext : NULL;
}

skiff_error_t *skiff_linker_instantiate(const skiff_linker_t *l, wasm_store_t *store, const wasm_module_t *module,
                                        wasm_instance_t **instance_out, wasm_trap_t **trap_out)
{
    *instance_out = NULL;
    *trap_out = NULL;
    if (!store || !module) return sk_api_error_printf("no store or module");
    const sk_module *m = ((const sk_api_module *)module)->shared->module;
    wasm_extern_t *small[16];
    wasm_extern_t **xs = small;
    if (m->nimports > SK_ARRAY_LEN(small) && !(xs = sk_calloc(m->nimports, sizeof *xs))) return sk_api_error_oom();
    skiff_error_t *error = NULL;
    for (uint32_t i = 0; i < m->nimports && !error; i++) xs[i] = resolve(l, store, m, &m->imports[i], &error);
    if (!error)
        error = sk_api_instantiate(store, module, (const wasm_extern_t *const *)xs, m->nimports, instance_out,
                                   trap_out);
    if (xs != small) sk_free(xs);
    return error;
}
