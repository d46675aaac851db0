/* extern.c: globals, tables, memories, externs and instances of the wasm-c-api. */
#include "api.h"

#define REC(x) ((wasm_ref_t *)(x))
#define CREC(x) ((const wasm_ref_t *)(x))

/* ---- Globals ---- */

wasm_global_t *wasm_global_new(wasm_store_t *store, const wasm_globaltype_t *type, const wasm_val_t *val)
{
    if (!store || !type || !val) return NULL;
    sk_globaltype gt = {sk_api_kind_to_sk(type->content->kind), type->mutability == WASM_VAR};
    sk_val v;
    const char *why = NULL;
    if (!gt.type || !sk_api_val_to_sk(store, gt.type, val, &v, &why)) return NULL;
    wasm_ref_t *r = sk_api_record_prepare(store);
    sk_global *g = r ? sk_global_new(store->rt, &gt, v) : NULL;
    if (!g) {
        sk_api_record_abandon(store, r);
        return NULL;
    }
    return (wasm_global_t *)sk_api_record_commit(store, r, SK_API_GLOBAL, g);
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *g)
{
    return sk_api_globaltype_from_sk(&CREC(g)->of.global->type);
}

void wasm_global_get(const wasm_global_t *g, wasm_val_t *out)
{
    const wasm_ref_t *r = CREC(g);
    sk_api_val_from_sk(r->store, r->of.global->type.type, r->of.global->val, out);
}

void wasm_global_set(wasm_global_t *g, const wasm_val_t *val)
{
    wasm_ref_t *r = REC(g);
    sk_global *gl = r->of.global;
    sk_val v;
    const char *why = NULL;
    if (!gl->type.mut || !val || !sk_api_val_to_sk(r->store, gl->type.type, val, &v, &why)) return;
    gl->val = v;
}

/* ---- Tables ---- */

wasm_table_t *wasm_table_new(wasm_store_t *store, const wasm_tabletype_t *type, wasm_ref_t *init)
{
    if (!store || !type) return NULL;
    sk_tabletype tt;
    tt.elem = sk_api_kind_to_sk(type->element->kind);
    tt.lim = sk_api_limits_to_sk(&type->limits);
    void *p;
    const char *why = NULL;
    if (!sk_is_reftype(tt.elem) || !sk_api_ref_to_sk(store, tt.elem, init, &p, &why)) return NULL;
    wasm_ref_t *r = sk_api_record_prepare(store);
    sk_table *t = r ? sk_table_new(store->rt, &tt, p) : NULL;
    if (!t) {
        sk_api_record_abandon(store, r);
        return NULL;
    }
    return (wasm_table_t *)sk_api_record_commit(store, r, SK_API_TABLE, t);
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *t) { return sk_api_tabletype_from_sk(&CREC(t)->of.table->type); }

wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index)
{
    const wasm_ref_t *r = CREC(t);
    sk_table *tab = r->of.table;
    if (index >= tab->size) return NULL;
    bool oom = false;
    return sk_api_ref_from_sk(r->store, tab->type.elem, tab->elems[index], &oom);
}

bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *ref)
{
    wasm_ref_t *r = REC(t);
    sk_table *tab = r->of.table;
    void *p;
    const char *why = NULL;
    if (index >= tab->size || !sk_api_ref_to_sk(r->store, tab->type.elem, ref, &p, &why)) return false;
    tab->elems[index] = p;
    return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *t) { return CREC(t)->of.table->size; }

bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init)
{
    wasm_ref_t *r = REC(t);
    void *p;
    const char *why = NULL;
    if (!sk_api_ref_to_sk(r->store, r->of.table->type.elem, init, &p, &why)) return false;
    return sk_table_grow(r->store->rt, r->of.table, delta, p) >= 0;
}

/* ---- Memories ---- */

wasm_memory_t *wasm_memory_new(wasm_store_t *store, const wasm_memorytype_t *type)
{
    if (!store || !type) return NULL;
    sk_memtype mt;
    mt.lim = sk_api_limits_to_sk(&type->limits);
    wasm_ref_t *r = sk_api_record_prepare(store);
    sk_memory *m = r ? sk_memory_new(store->rt, &mt) : NULL;
    if (!m) {
        sk_api_record_abandon(store, r);
        return NULL;
    }
    return (wasm_memory_t *)sk_api_record_commit(store, r, SK_API_MEMORY, m);
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m)
{
    return sk_api_memorytype_from_sk(&CREC(m)->of.memory->type);
}
byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)REC(m)->of.memory->data; }
size_t wasm_memory_data_size(const wasm_memory_t *m) { return (size_t)CREC(m)->of.memory->size; }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m)
{
    uint64_t pages = CREC(m)->of.memory->pages;
    return pages > UINT32_MAX ? UINT32_MAX : (wasm_memory_pages_t)pages;
}

bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta)
{
    wasm_ref_t *r = REC(m);
    return sk_memory_grow(r->store->rt, r->of.memory, delta) >= 0;
}

/* ---- Externs: the same records, seen through their extern kind. ---- */

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e) { return CREC(e)->kind; }

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e)
{
    const wasm_ref_t *r = CREC(e);
    switch (r->kind) {
    case SK_API_FUNC: return (wasm_externtype_t *)sk_api_functype_from_sk(r->of.func->type);
    case SK_API_GLOBAL: return (wasm_externtype_t *)sk_api_globaltype_from_sk(&r->of.global->type);
    case SK_API_TABLE: return (wasm_externtype_t *)sk_api_tabletype_from_sk(&r->of.table->type);
    case SK_API_MEMORY: return (wasm_externtype_t *)sk_api_memorytype_from_sk(&r->of.memory->type);
    default: return NULL;
    }
}

#define SK_API_EXTERN_VIEWS(name, KIND)                                                              \
    wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) { return (wasm_extern_t *)x; }        \
    const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x)                     \
    {                                                                                                \
        return (const wasm_extern_t *)x;                                                             \
    }                                                                                                \
    wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e)                                         \
    {                                                                                                \
        return e && REC(e)->kind == KIND ? (wasm_##name##_t *)e : NULL;                              \
    }                                                                                                \
    const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e)                     \
    {                                                                                                \
        return e && CREC(e)->kind == KIND ? (const wasm_##name##_t *)e : NULL;                       \
    }

SK_API_EXTERN_VIEWS(func, SK_API_FUNC)
SK_API_EXTERN_VIEWS(global, SK_API_GLOBAL)
SK_API_EXTERN_VIEWS(table, SK_API_TABLE)
SK_API_EXTERN_VIEWS(memory, SK_API_MEMORY)

/* ---- Instances ---- */

static uint8_t kind_to_sk(uint8_t api_kind)
{
    switch (api_kind) {
    case SK_API_FUNC: return SK_EXTERN_FUNC;
    case SK_API_GLOBAL: return SK_EXTERN_GLOBAL;
    case SK_API_TABLE: return SK_EXTERN_TABLE;
    default: return SK_EXTERN_MEMORY;
    }
}

static uint8_t kind_from_sk(uint8_t sk_kind)
{
    switch (sk_kind) {
    case SK_EXTERN_FUNC: return SK_API_FUNC;
    case SK_EXTERN_GLOBAL: return SK_API_GLOBAL;
    case SK_EXTERN_TABLE: return SK_API_TABLE;
    default: return SK_API_MEMORY;
    }
}

/* A link error as a trap, also remembered in the store. */
static wasm_instance_t *link_error(wasm_store_t *store, wasm_trap_t **trap, const sk_error *err)
{
    store->last_error = *err;
    if (trap) *trap = sk_api_trap_make(SK_TRAP_NONE, err->msg, strlen(err->msg));
    return NULL;
}

wasm_instance_t *wasm_instance_new(wasm_store_t *store, const wasm_module_t *module, const wasm_extern_vec_t *imports,
                                   wasm_trap_t **trap)
{
    if (trap) *trap = NULL;
    if (!store || !module) return NULL;
    wasm_shared_module_t *sh = ((const sk_api_module *)module)->shared;
    const sk_module *m = sh->module;
    sk_error err;
    sk_error_clear(&err);
    size_t given = imports ? imports->size : 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *imp = &m->imports[i];
        const wasm_ref_t *x = i < given && imports->data ? CREC(imports->data[i]) : NULL;
        if (!x) {
            sk_err(&err, -1, "unknown import \"%.*s\" \"%.*s\"", (int)(imp->module_len > 64 ? 64 : imp->module_len),
                   imp->module, (int)(imp->name_len > 64 ? 64 : imp->name_len), imp->name);
            return link_error(store, trap, &err);
        }
        if (!sk_api_is_extern(x) || x->store != store) {
            sk_err(&err, -1, "incompatible import type for \"%.*s\" \"%.*s\"%s",
                   (int)(imp->module_len > 64 ? 64 : imp->module_len), imp->module,
                   (int)(imp->name_len > 64 ? 64 : imp->name_len), imp->name,
                   sk_api_is_extern(x) ? " (extern from another store)" : "");
            return link_error(store, trap, &err);
        }
    }
    /* The store keeps the module alive for as long as instances of it may run. */
    if (!sk_api_map_get(&store->modules, sh)) {
        if (!sk_api_map_put(&store->modules, sh, sh)) {
            sk_err(&err, -1, "out of memory");
            return link_error(store, trap, &err);
        }
        atomic_fetch_add(&sh->refs, 1);
    }
    sk_extern small[16];
    sk_extern *xs = small;
    /* The record is made first, so a new instance always gets one. */
    wasm_ref_t *rec = sk_api_record_prepare(store);
    if (!rec || (m->nimports > SK_ARRAY_LEN(small) && !(xs = sk_calloc(m->nimports, sizeof *xs)))) {
        sk_api_record_abandon(store, rec);
        sk_err(&err, -1, "out of memory");
        return link_error(store, trap, &err);
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wasm_ref_t *x = CREC(imports->data[i]);
        xs[i].kind = kind_to_sk(x->kind);
        xs[i].of.ptr = x->of.ptr;
    }
    sk_trap *t = NULL;
    sk_instance *inst = sk_instantiate(store->rt, m, xs, m->nimports, &t, &err);
    if (xs != small) sk_free(xs);
    if (!inst) {
        sk_api_record_abandon(store, rec);
        if (!t) {
            if (!sk_error_is_set(&err)) sk_err(&err, -1, "instantiation failed");
            return link_error(store, trap, &err);
        }
        wasm_trap_t *w = sk_api_trap_from_sk(store, t);
        if (trap) *trap = w;
        else wasm_trap_delete(w);
        return NULL;
    }
    return (wasm_instance_t *)sk_api_record_commit(store, rec, SK_API_INSTANCE, inst);
}

void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out)
{
    const wasm_ref_t *r = CREC(instance);
    sk_instance *inst = r->of.instance;
    const sk_module *m = inst->module;
    wasm_extern_vec_new_uninitialized(out, m->nexports);
    if (out->size != m->nexports) return;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *ex = &m->exports[i];
        void *obj = NULL;
        switch (ex->kind) {
        case SK_EXTERN_FUNC: obj = inst->funcs[ex->index]; break;
        case SK_EXTERN_TABLE: obj = inst->tables[ex->index]; break;
        case SK_EXTERN_MEMORY: obj = inst->mems[ex->index]; break;
        case SK_EXTERN_GLOBAL: obj = inst->globals[ex->index]; break;
        default: break;
        }
        out->data[i] = (wasm_extern_t *)sk_api_wrap(r->store, kind_from_sk(ex->kind), obj);
        if (!out->data[i]) {
            wasm_extern_vec_delete(out);
            return;
        }
    }
}
