/* module.c: wasm_module_t (compile, validate, reflect, serialize) and wasm_shared_module_t. */
#include "api.h"
#include "../validate/validate.h"
#include "../interp/interp.h"

void sk_api_shared_release(wasm_shared_module_t *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
        sk_module_free(s->module);
        sk_free(s);
    }
}

/* A new module handle over `shared`, taking one count of it. */
static wasm_module_t *module_record(wasm_store_t *store, wasm_shared_module_t *shared)
{
    sk_api_module *m = sk_calloc(1, sizeof *m);
    if (!m) return NULL;
    m->ref.kind = SK_API_MODULE;
    m->ref.refs = 1;
    m->ref.store = store;
    m->shared = shared;
    atomic_fetch_add(&shared->refs, 1);
    return (wasm_module_t *)m;
}

static const sk_module *module_of(const wasm_module_t *m) { return ((const sk_api_module *)m)->shared->module; }

wasm_module_t *sk_api_module_new(const wasm_engine_t *engine, wasm_store_t *store, const uint8_t *bytes, size_t len,
                                 sk_error *err)
{
    wasm_shared_module_t *sh = sk_malloc(sizeof *sh);
    bool guard = engine ? engine->guard_pages : sk_guard_pages_available();
    sk_module *mod = sh ? sk_module_load_mode(bytes, len, guard, err) : NULL;
    if (mod && engine && !sk_api_features_check(engine, mod, err)) {
        sk_module_free(mod);
        mod = NULL;
    }
    if (!mod) {
        if (!sh) sk_err(err, -1, "out of memory");
        sk_free(sh);
        return NULL;
    }
    sh->module = mod;
    atomic_init(&sh->refs, 0);
    wasm_module_t *m = module_record(store, sh);
    if (!m) {
        sk_err(err, -1, "out of memory");
        sk_module_free(mod);
        sk_free(sh);
    }
    return m;
}

wasm_module_t *wasm_module_new(wasm_store_t *store, const wasm_byte_vec_t *binary)
{
    if (!binary || (!binary->data && binary->size)) return NULL;
    sk_error err;
    sk_error_clear(&err);
    wasm_module_t *m = sk_api_module_new(store ? store->engine : NULL, store, (const uint8_t *)binary->data,
                                         binary->size, &err);
    if (!m && store) store->last_error = err;
    return m;
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *store, const wasm_byte_vec_t *bytes)
{
    /* Serialized form is the binary itself. */
    return wasm_module_new(store, bytes);
}

bool wasm_module_validate(wasm_store_t *store, const wasm_byte_vec_t *binary)
{
    if (!binary || (!binary->data && binary->size)) return false;
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_decode((const uint8_t *)binary->data, binary->size, &err);
    bool ok = m && sk_validate(m, &err) && (!store || sk_api_features_check(store->engine, m, &err));
    sk_module_free(m);
    if (!ok && store) store->last_error = err;
    return ok;
}

void wasm_module_serialize(const wasm_module_t *m, wasm_byte_vec_t *out)
{
    const sk_module *mod = module_of(m);
    wasm_byte_vec_new(out, mod->len, (const wasm_byte_t *)mod->bytes);
}

wasm_shared_module_t *wasm_module_share(const wasm_module_t *m)
{
    wasm_shared_module_t *sh = ((const sk_api_module *)m)->shared;
    atomic_fetch_add(&sh->refs, 1);
    return sh;
}

wasm_module_t *wasm_module_obtain(wasm_store_t *store, const wasm_shared_module_t *shared)
{
    if (!shared) return NULL;
    return module_record(store, (wasm_shared_module_t *)shared);
}

void wasm_shared_module_delete(wasm_shared_module_t *s) { sk_api_shared_release(s); }

/* ---- Reflection ---- */

static bool name_new(wasm_name_t *out, const char *s, uint32_t len)
{
    wasm_name_new(out, len, s);
    return out->size == len;
}

/* The extern type of entity `index` of `kind` in module m (imports included). */
static wasm_externtype_t *entity_type(const sk_module *m, uint8_t kind, uint32_t index)
{
    switch (kind) {
    case SK_EXTERN_FUNC:
        if (index >= m->nfuncs || m->funcs[index].type_idx >= m->ntypes) return NULL;
        return (wasm_externtype_t *)sk_api_functype_from_sk(&m->types[m->funcs[index].type_idx]);
    case SK_EXTERN_TABLE:
        if (index >= m->ntables) return NULL;
        return (wasm_externtype_t *)sk_api_tabletype_from_sk(&m->tables[index].type);
    case SK_EXTERN_MEMORY:
        if (index >= m->nmems) return NULL;
        return (wasm_externtype_t *)sk_api_memorytype_from_sk(&m->mems[index].type);
    case SK_EXTERN_GLOBAL:
        if (index >= m->nglobals) return NULL;
        return (wasm_externtype_t *)sk_api_globaltype_from_sk(&m->globals[index].type);
    default: return NULL;
    }
}

static wasm_externtype_t *import_type(const sk_module *m, const sk_import *imp)
{
    switch (imp->kind) {
    case SK_EXTERN_FUNC:
        if (imp->desc.type_idx >= m->ntypes) return NULL;
        return (wasm_externtype_t *)sk_api_functype_from_sk(&m->types[imp->desc.type_idx]);
    case SK_EXTERN_TABLE: return (wasm_externtype_t *)sk_api_tabletype_from_sk(&imp->desc.table);
    case SK_EXTERN_MEMORY: return (wasm_externtype_t *)sk_api_memorytype_from_sk(&imp->desc.mem);
    case SK_EXTERN_GLOBAL: return (wasm_externtype_t *)sk_api_globaltype_from_sk(&imp->desc.global);
    default: return NULL;
    }
}

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out)
{
    const sk_module *m = module_of(module);
    wasm_importtype_vec_new_uninitialized(out, m->nimports);
    if (out->size != m->nimports) return;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *imp = &m->imports[i];
        wasm_name_t mod = {0, NULL}, name = {0, NULL};
        wasm_externtype_t *t = NULL;
        if (name_new(&mod, imp->module, imp->module_len) && name_new(&name, imp->name, imp->name_len))
            t = import_type(m, imp);
        /* importtype_new takes (and on failure frees) all three. */
        if (!t || !(out->data[i] = wasm_importtype_new(&mod, &name, t))) {
            if (!t) {
                wasm_name_delete(&mod);
                wasm_name_delete(&name);
            }
            wasm_importtype_vec_delete(out);
            return;
        }
    }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out)
{
    const sk_module *m = module_of(module);
    wasm_exporttype_vec_new_uninitialized(out, m->nexports);
    if (out->size != m->nexports) return;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *ex = &m->exports[i];
        wasm_name_t name = {0, NULL};
        wasm_externtype_t *t = NULL;
        if (name_new(&name, ex->name, ex->name_len)) t = entity_type(m, ex->kind, ex->index);
        if (!t || !(out->data[i] = wasm_exporttype_new(&name, t))) {
            if (!t) wasm_name_delete(&name);
            wasm_exporttype_vec_delete(out);
            return;
        }
    }
}
