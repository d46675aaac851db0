/* types.c: type objects of the wasm-c-api (value, function, global, table, memory, extern, import, export types). */
#include "api.h"

/* ---- Value kinds <-> runtime value types ---- */

uint8_t sk_api_kind_to_sk(wasm_valkind_t k)
{
    switch (k) {
    case WASM_I32: return SK_I32;
    case WASM_I64: return SK_I64;
    case WASM_F32: return SK_F32;
    case WASM_F64: return SK_F64;
    case SK_API_V128_KIND: return SK_V128;
    case WASM_EXTERNREF: return SK_EXTERNREF;
    case WASM_FUNCREF: return SK_FUNCREF;
    default: return 0;
    }
}

wasm_valkind_t sk_api_kind_from_sk(uint8_t t)
{
    switch (t) {
    case SK_I32: return WASM_I32;
    case SK_I64: return WASM_I64;
    case SK_F32: return WASM_F32;
    case SK_F64: return WASM_F64;
    case SK_V128: return SK_API_V128_KIND;
    case SK_EXTERNREF: return WASM_EXTERNREF;
    default: return WASM_FUNCREF;
    }
}

/* ---- Value types ---- */

wasm_valtype_t *sk_api_valtype_new(wasm_valkind_t k)
{
    if (!sk_api_kind_to_sk(k)) return NULL;
    wasm_valtype_t *t = sk_malloc(sizeof *t);
    if (t) t->kind = k;
    return t;
}

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t k)
{
    return k == SK_API_V128_KIND ? NULL : sk_api_valtype_new(k);
}

void wasm_valtype_delete(wasm_valtype_t *t) { sk_free(t); }

wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) { return t ? sk_api_valtype_new(t->kind) : NULL; }

wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }

/* ---- Function types ---- */

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results)
{
    wasm_functype_t *t = NULL;
    if (!params || !results) goto fail;
    for (size_t i = 0; i < params->size; i++)
        if (!params->data[i]) goto fail;
    for (size_t i = 0; i < results->size; i++)
        if (!results->data[i]) goto fail;
    t = sk_malloc(sizeof *t);
    if (!t) goto fail;
    t->ext.kind = WASM_EXTERN_FUNC;
    t->params = *params;
    t->results = *results;
    params->size = results->size = 0;
    params->data = NULL;
    results->data = NULL;
    return t;
fail:
    /* The vectors were handed over, so they are released even on failure. */
    wasm_valtype_vec_delete(params);
    wasm_valtype_vec_delete(results);
    return NULL;
}

void wasm_functype_delete(wasm_functype_t *t)
{
    if (!t) return;
    wasm_valtype_vec_delete(&t->params);
    wasm_valtype_vec_delete(&t->results);
    sk_free(t);
}

wasm_functype_t *wasm_functype_copy(const wasm_functype_t *t)
{
    if (!t) return NULL;
    wasm_valtype_vec_t p, r;
    wasm_valtype_vec_copy(&p, &t->params);
    wasm_valtype_vec_copy(&r, &t->results);
    if (p.size != t->params.size || r.size != t->results.size) {
        wasm_valtype_vec_delete(&p);
        wasm_valtype_vec_delete(&r);
        return NULL;
    }
    return wasm_functype_new(&p, &r);
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &t->params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &t->results; }

/* Builds a vector of value types from runtime type codes. */
static bool valtypes_from_sk(wasm_valtype_vec_t *out, const uint8_t *types, uint32_t n)
{
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n) return false;
    for (uint32_t i = 0; i < n; i++) {
        out->data[i] = sk_api_valtype_new(sk_api_kind_from_sk(types[i]));
        if (!out->data[i]) {
            wasm_valtype_vec_delete(out);
            return false;
        }
    }
    return true;
}

wasm_functype_t *sk_api_functype_from_sk(const sk_functype *ft)
{
    wasm_valtype_vec_t p, r;
    if (!valtypes_from_sk(&p, ft->params, ft->nparams)) return NULL;
    if (!valtypes_from_sk(&r, ft->results, ft->nresults)) {
        wasm_valtype_vec_delete(&p);
        return NULL;
    }
    return wasm_functype_new(&p, &r);
}

/* ---- Global types ---- */

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mutability)
{
    if (!content || mutability > WASM_VAR) {
        wasm_valtype_delete(content);
        return NULL;
    }
    wasm_globaltype_t *t = sk_malloc(sizeof *t);
    if (!t) {
        wasm_valtype_delete(content);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_GLOBAL;
    t->content = content;
    t->mutability = mutability;
    return t;
}

void wasm_globaltype_delete(wasm_globaltype_t *t)
{
    if (!t) return;
    wasm_valtype_delete(t->content);
    sk_free(t);
}

wasm_globaltype_t *wasm_globaltype_copy(const wasm_globaltype_t *t)
{
    if (!t) return NULL;
    wasm_valtype_t *c = wasm_valtype_copy(t->content);
    return c ? wasm_globaltype_new(c, t->mutability) : NULL;
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return t->mutability; }

wasm_globaltype_t *sk_api_globaltype_from_sk(const sk_globaltype *gt)
{
    wasm_valtype_t *c = sk_api_valtype_new(sk_api_kind_from_sk(gt->type));
    return c ? wasm_globaltype_new(c, gt->mut ? WASM_VAR : WASM_CONST) : NULL;
}

/* ---- Limits ---- */

wasm_limits_t sk_api_limits_from_sk(const sk_limits *l)
{
    wasm_limits_t r;
    r.min = l->min > UINT32_MAX ? UINT32_MAX : (uint32_t)l->min;
    r.max = !l->has_max || l->max > UINT32_MAX ? wasm_limits_max_default : (uint32_t)l->max;
    return r;
}

sk_limits sk_api_limits_to_sk(const wasm_limits_t *l)
{
    sk_limits r;
    r.min = l->min;
    r.has_max = l->max != wasm_limits_max_default;
    r.max = r.has_max ? l->max : 0;
    return r;
}

/* ---- Table types ---- */

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits)
{
    if (!element || !limits || !wasm_valkind_is_ref(element->kind) || limits->min > limits->max) {
        wasm_valtype_delete(element);
        return NULL;
    }
    wasm_tabletype_t *t = sk_malloc(sizeof *t);
    if (!t) {
        wasm_valtype_delete(element);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_TABLE;
    t->element = element;
    t->limits = *limits;
    return t;
}

void wasm_tabletype_delete(wasm_tabletype_t *t)
{
    if (!t) return;
    wasm_valtype_delete(t->element);
    sk_free(t);
}

wasm_tabletype_t *wasm_tabletype_copy(const wasm_tabletype_t *t)
{
    if (!t) return NULL;
    wasm_valtype_t *e = wasm_valtype_copy(t->element);
    return e ? wasm_tabletype_new(e, &t->limits) : NULL;
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return t->element; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &t->limits; }

wasm_tabletype_t *sk_api_tabletype_from_sk(const sk_tabletype *tt)
{
    wasm_valtype_t *e = sk_api_valtype_new(sk_api_kind_from_sk(tt->elem));
    wasm_limits_t l = sk_api_limits_from_sk(&tt->lim);
    return e ? wasm_tabletype_new(e, &l) : NULL;
}

/* ---- Memory types ---- */

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits)
{
    if (!limits || limits->min > limits->max || limits->min > SK_MAX_PAGES ||
        (limits->max != wasm_limits_max_default && limits->max > SK_MAX_PAGES))
        return NULL;
    wasm_memorytype_t *t = sk_malloc(sizeof *t);
    if (!t) return NULL;
    t->ext.kind = WASM_EXTERN_MEMORY;
    t->limits = *limits;
    return t;
}

void wasm_memorytype_delete(wasm_memorytype_t *t) { sk_free(t); }

wasm_memorytype_t *wasm_memorytype_copy(const wasm_memorytype_t *t)
{
    return t ? wasm_memorytype_new(&t->limits) : NULL;
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &t->limits; }

wasm_memorytype_t *sk_api_memorytype_from_sk(const sk_memtype *mt)
{
    wasm_limits_t l = sk_api_limits_from_sk(&mt->lim);
    return wasm_memorytype_new(&l);
}

/* ---- Extern types ---- */

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

void wasm_externtype_delete(wasm_externtype_t *t)
{
    if (!t) return;
    switch (t->kind) {
    case WASM_EXTERN_FUNC: wasm_functype_delete((wasm_functype_t *)t); break;
    case WASM_EXTERN_GLOBAL: wasm_globaltype_delete((wasm_globaltype_t *)t); break;
    case WASM_EXTERN_TABLE: wasm_tabletype_delete((wasm_tabletype_t *)t); break;
    case WASM_EXTERN_MEMORY: wasm_memorytype_delete((wasm_memorytype_t *)t); break;
    default: break;
    }
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t)
{
    if (!t) return NULL;
    switch (t->kind) {
    case WASM_EXTERN_FUNC: return (wasm_externtype_t *)wasm_functype_copy((const wasm_functype_t *)t);
    case WASM_EXTERN_GLOBAL: return (wasm_externtype_t *)wasm_globaltype_copy((const wasm_globaltype_t *)t);
    case WASM_EXTERN_TABLE: return (wasm_externtype_t *)wasm_tabletype_copy((const wasm_tabletype_t *)t);
    case WASM_EXTERN_MEMORY: return (wasm_externtype_t *)wasm_memorytype_copy((const wasm_memorytype_t *)t);
    default: return NULL;
    }
}

/* The extern type header is the first member, so these views are casts. */
#define SK_API_EXTERNTYPE_VIEWS(name, KIND)                                                       \
    wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t)                            \
    {                                                                                             \
        return t ? &t->ext : NULL;                                                                \
    }                                                                                             \
    const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t)          \
    {                                                                                             \
        return t ? &t->ext : NULL;                                                                \
    }                                                                                             \
    wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t)                              \
    {                                                                                             \
        return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;                                \
    }                                                                                             \
    const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t)          \
    {                                                                                             \
        return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;                          \
    }

SK_API_EXTERNTYPE_VIEWS(functype, WASM_EXTERN_FUNC)
SK_API_EXTERNTYPE_VIEWS(globaltype, WASM_EXTERN_GLOBAL)
SK_API_EXTERNTYPE_VIEWS(tabletype, WASM_EXTERN_TABLE)
SK_API_EXTERNTYPE_VIEWS(memorytype, WASM_EXTERN_MEMORY)

/* ---- Import and export types ---- */

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_importtype_t *t = NULL;
    if (module && name && type) t = sk_malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->module = *module;
    t->name = *name;
    t->type = type;
    module->size = name->size = 0;
    module->data = name->data = NULL;
    return t;
}

void wasm_importtype_delete(wasm_importtype_t *t)
{
    if (!t) return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    sk_free(t);
}

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t)
{
    if (!t) return NULL;
    wasm_name_t m, n;
    wasm_name_copy(&m, &t->module);
    wasm_name_copy(&n, &t->name);
    wasm_externtype_t *ty = wasm_externtype_copy(t->type);
    if (m.size != t->module.size || n.size != t->name.size || !ty) {
        wasm_name_delete(&m);
        wasm_name_delete(&n);
        wasm_externtype_delete(ty);
        return NULL;
    }
    return wasm_importtype_new(&m, &n, ty);
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_exporttype_t *t = NULL;
    if (name && type) t = sk_malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->name = *name;
    t->type = type;
    name->size = 0;
    name->data = NULL;
    return t;
}

void wasm_exporttype_delete(wasm_exporttype_t *t)
{
    if (!t) return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    sk_free(t);
}

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t)
{
    if (!t) return NULL;
    wasm_name_t n;
    wasm_name_copy(&n, &t->name);
    wasm_externtype_t *ty = wasm_externtype_copy(t->type);
    if (n.size != t->name.size || !ty) {
        wasm_name_delete(&n);
        wasm_externtype_delete(ty);
        return NULL;
    }
    return wasm_exporttype_new(&n, ty);
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }
