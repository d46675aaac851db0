/* wasi_link.c: the WASI function table, host-function creation, import resolution and version detection. */
#define _GNU_SOURCE /* openat O_PATH, accept4, IOV_MAX, renameat */
#include "wasi_internal.h"

typedef struct wasi_def {
    const char *name;
    const char *params;  /* 'i' = i32, 'I' = i64 */
    const char *results;
    wasi_impl impl;
} wasi_def;

static const wasi_def defs[] = {
#define X(n, p, r) {#n, p, r, wasi_##n},
    WASI_FUNCS(X)
#undef X
};
#define NDEFS SK_ARRAY_LEN(defs)

struct wasi_binding {
    sk_wasi *w;
    wasi_impl impl;
    bool unstable;
    bool has_result;
};

static const char *const ns_names[2] = {"wasi_snapshot_preview1", "wasi_unstable"};

static int ns_of(const char *name, size_t len)
{
    for (int k = 0; k < 2; k++)
        if (len == strlen(ns_names[k]) && memcmp(name, ns_names[k], len) == 0) return k;
    return -1;
}

/* sock_accept is new in preview1; snapshot 0 never had it. */
static bool in_namespace(const wasi_def *d, int ns) { return ns == 0 || strcmp(d->name, "sock_accept") != 0; }

bool sk_wasi_is_wasi_import(const sk_import *imp) { return ns_of(imp->module, imp->module_len) >= 0; }

sk_wasi_version sk_wasi_module_version(const sk_module *m)
{
    unsigned v = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        int ns = ns_of(m->imports[i].module, m->imports[i].module_len);
        if (ns == 0) v |= SK_WASI_PREVIEW1;
        if (ns == 1) v |= SK_WASI_UNSTABLE;
    }
    return (sk_wasi_version)v;
}

/* Every WASI function enters here: finds memory 0 of the calling instance and
 * runs the implementation; the result is the errno. */
static sk_trap *wasi_host(sk_caller *caller, void *env, const sk_val *args, sk_val *results)
{
    struct wasi_binding *b = env;
    wasi_call c;
    memset(&c, 0, sizeof c);
    c.w = b->w;
    c.store = caller->store;
    c.unstable = b->unstable;
    sk_instance *inst = caller->instance;
    if (inst && inst->module->nmems && inst->mems && inst->mems[0]) {
        c.mem = inst->mems[0]->data;
        c.memsize = inst->mems[0]->size;
    }
    uint16_t rc = b->impl(&c, args);
    if (c.trap) return c.trap;
    if (b->has_result) results[0].i32 = rc;
    return NULL;
}

static uint32_t sig_types(const char *s, uint8_t *out)
{
    uint32_t n = 0;
    for (; *s; s++) out[n++] = *s == 'I' ? SK_I64 : SK_I32;
    return n;
}

static bool type_equal(const sk_functype *ft, const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr)
{
    return ft->nparams == np && ft->nresults == nr && (!np || memcmp(ft->params, p, np) == 0) &&
           (!nr || memcmp(ft->results, r, nr) == 0);
}

sk_func *sk_wasi_resolve(sk_wasi *w, sk_store *s, const sk_module *m, const sk_import *imp, sk_error *err)
{
    int ns = ns_of(imp->module, imp->module_len);
    const wasi_def *d = NULL;
    uint32_t idx = 0;
    if (ns >= 0 && imp->kind == SK_EXTERN_FUNC)
        for (idx = 0; idx < NDEFS; idx++)
            if (imp->name_len == strlen(defs[idx].name) && memcmp(imp->name, defs[idx].name, imp->name_len) == 0 &&
                in_namespace(&defs[idx], ns)) {
                d = &defs[idx];
                break;
            }
    if (!d) {
        sk_err(err, -1, "unknown import \"%.*s\" \"%.*s\"", (int)imp->module_len, imp->module, (int)imp->name_len,
               imp->name);
        return NULL;
    }
    uint8_t p[16], r[4];
    uint32_t np = sig_types(d->params, p), nr = sig_types(d->results, r);
    if (imp->desc.type_idx >= m->ntypes || !type_equal(&m->types[imp->desc.type_idx], p, np, r, nr)) {
        sk_err(err, -1, "incompatible import type \"%.*s\" \"%.*s\"", (int)imp->module_len, imp->module,
               (int)imp->name_len, imp->name);
        return NULL;
    }
    if (w->store != s) { /* functions made for another store cannot be used here */
        for (int k = 0; k < 2; k++)
            if (w->funcs[k]) memset(w->funcs[k], 0, NDEFS * sizeof *w->funcs[k]);
        w->store = s;
    }
    if (!w->funcs[ns]) {
        w->funcs[ns] = sk_calloc(NDEFS, sizeof *w->funcs[ns]);
        w->bindings[ns] = sk_calloc(NDEFS, sizeof *w->bindings[ns]);
        if (!w->funcs[ns] || !w->bindings[ns]) {
            sk_free(w->funcs[ns]);
            sk_free(w->bindings[ns]);
            w->funcs[ns] = NULL;
            w->bindings[ns] = NULL;
            sk_err(err, -1, "out of memory");
            return NULL;
        }
    }
    if (!w->funcs[ns][idx]) {
        struct wasi_binding *b = &w->bindings[ns][idx];
        b->w = w;
        b->impl = d->impl;
        b->unstable = ns == 1;
        b->has_result = nr > 0;
        w->funcs[ns][idx] = sk_func_new_host(s, p, np, r, nr, wasi_host, b, NULL);
        if (!w->funcs[ns][idx]) {
            sk_err(err, -1, "out of memory");
            return NULL;
        }
    }
    return w->funcs[ns][idx];
}
