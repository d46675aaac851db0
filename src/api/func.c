/* func.c: wasm_func_t: host functions (with and without environment) and calls in both directions. */
#include "api.h"

/* Values on the C stack up to this many; more go to the heap. */
#define SK_API_SMALL_ARITY 16

/* The environment of a host function made through the API. */
typedef struct sk_api_host {
    wasm_store_t *store;
    sk_func *func;
    wasm_func_callback_t cb;
    wasm_func_callback_with_env_t cb_env;
    skiff_func_callback_t cb_caller; /* skiff.h: gets the caller context */
    void *env;
    void (*finalizer)(void *);
} sk_api_host;

static void host_finalize(void *p)
{
    sk_api_host *h = p;
    if (h->finalizer) h->finalizer(h->env);
    sk_free(h);
}

/* Releases the references held by n values. */
static void vals_release(wasm_val_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) wasm_val_delete(&v[i]);
}

/* The runtime calls this for every call of an API host function. */
static sk_trap *host_trampoline(sk_caller *caller, void *env, const sk_val *args, sk_val *results)
{
    sk_api_host *h = env;
    const sk_functype *ft = h->func->type;
    wasm_val_t small[2 * SK_API_SMALL_ARITY];
    wasm_val_t *a = small, *r;
    size_t n = (size_t)ft->nparams + ft->nresults;
    if (ft->nparams > SK_API_SMALL_ARITY || ft->nresults > SK_API_SMALL_ARITY) {
        a = sk_calloc(n ? n : 1, sizeof *a);
        if (!a) return sk_trap_new(SK_TRAP_OOM, NULL);
    }
    r = a + ft->nparams;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        if (!sk_api_val_from_sk(h->store, ft->params[i], args[i], &a[i])) {
            vals_release(a, i + 1);
            if (a != small) sk_free(a);
            return sk_trap_new(SK_TRAP_OOM, NULL);
        }
    }
    /* Result slots start as zero values of the right kinds. */
    for (uint32_t i = 0; i < ft->nresults; i++) {
        memset(&r[i], 0, sizeof r[i]);
        r[i].kind = sk_api_kind_from_sk(ft->results[i]);
    }
    wasm_val_vec_t av = {ft->nparams, ft->nparams ? a : NULL};
    wasm_val_vec_t rv = {ft->nresults, ft->nresults ? r : NULL};
    wasm_trap_t *trap;
    if (h->cb_caller) {
        skiff_caller_t ctx = {h->store, caller->instance};
        trap = h->cb_caller(h->env, &ctx, &av, &rv);
    } else {
        trap = h->cb_env ? h->cb_env(h->env, &av, &rv) : h->cb(&av, &rv);
    }
    vals_release(a, ft->nparams);

    sk_trap *out = NULL;
    if (trap) {
        out = sk_api_trap_to_sk(trap);
        wasm_trap_delete(trap);
    } else {
        for (uint32_t i = 0; i < ft->nresults && !out; i++) {
            const char *why = NULL;
            if (!sk_api_val_to_sk(h->store, ft->results[i], &r[i], &results[i], &why))
                out = sk_trap_newf(SK_TRAP_HOST, "host function result %u: %s", i, why);
        }
    }
    vals_release(r, ft->nresults);
    if (a != small) sk_free(a);
    SK_UNUSED(caller);
    return out;
}

wasm_func_t *sk_api_func_new(wasm_store_t *store, const wasm_functype_t *type, wasm_func_callback_t cb,
                             wasm_func_callback_with_env_t cb_env, skiff_func_callback_t cb_caller, void *env,
                             void (*finalizer)(void *))
{
    if (!store || !type || (!cb && !cb_env && !cb_caller)) return NULL;
    size_t np = type->params.size, nr = type->results.size;
    if (np > UINT32_MAX || nr > UINT32_MAX) return NULL;
    uint8_t *types = sk_malloc(np + nr + 1);
    sk_api_host *h = sk_calloc(1, sizeof *h);
    wasm_ref_t *rec = sk_api_record_prepare(store);
    if (!types || !h || !rec) goto fail;
    for (size_t i = 0; i < np + nr; i++) {
        const wasm_valtype_t *vt = i < np ? type->params.data[i] : type->results.data[i - np];
        if (!vt || !(types[i] = sk_api_kind_to_sk(vt->kind))) goto fail;
    }
    h->store = store;
    h->cb = cb;
    h->cb_env = cb_env;
    h->cb_caller = cb_caller;
    h->env = env;
    h->finalizer = finalizer;
    h->func = sk_func_new_host(store->rt, types, (uint32_t)np, types + np, (uint32_t)nr, host_trampoline, h,
                               host_finalize);
    if (!h->func) goto fail; /* the runtime did not take h: its finalizer has not run */
    sk_free(types);
    /* The store owns h now; the prepared record makes this step infallible, so a
     * function that exists is always returned (and a NULL result never finalizes). */
    return (wasm_func_t *)sk_api_record_commit(store, rec, SK_API_FUNC, h->func);
fail:
    sk_free(types);
    sk_free(h);
    sk_api_record_abandon(store, rec);
    return NULL;
}

wasm_func_t *wasm_func_new(wasm_store_t *store, const wasm_functype_t *type, wasm_func_callback_t cb)
{
    return sk_api_func_new(store, type, cb, NULL, NULL, NULL, NULL);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *store, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t cb, void *env, void (*finalizer)(void *))
{
    return sk_api_func_new(store, type, NULL, cb, NULL, env, finalizer);
}

static sk_func *func_of(const wasm_func_t *f) { return ((const wasm_ref_t *)f)->of.func; }

wasm_functype_t *wasm_func_type(const wasm_func_t *f) { return sk_api_functype_from_sk(func_of(f)->type); }
size_t wasm_func_param_arity(const wasm_func_t *f) { return func_of(f)->type->nparams; }
size_t wasm_func_result_arity(const wasm_func_t *f) { return func_of(f)->type->nresults; }

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    const wasm_ref_t *rec = (const wasm_ref_t *)func;
    wasm_store_t *s = rec->store;
    sk_func *f = rec->of.func;
    const sk_functype *ft = f->type;
    size_t nargs = args ? args->size : 0, nres = results ? results->size : 0;
    if (nargs != ft->nparams)
        return sk_api_trap_printf("wrong number of arguments: expected %u, got %zu", ft->nparams, nargs);
    if (nres != ft->nresults)
        return sk_api_trap_printf("wrong number of result slots: expected %u, got %zu", ft->nresults, nres);
    if ((nargs && !args->data) || (nres && !results->data)) return sk_api_trap_printf("vector without data");

    sk_val small[2 * SK_API_SMALL_ARITY];
    sk_val *a = small;
    if (nargs > SK_API_SMALL_ARITY || nres > SK_API_SMALL_ARITY) {
        a = sk_calloc(nargs + nres + 1, sizeof *a);
        if (!a) return sk_api_trap_make(SK_TRAP_OOM, "out of memory", 13);
    }
    sk_val *r = a + nargs;
    memset(r, 0, nres * sizeof *r); /* results the callee leaves alone read as zero */
    wasm_trap_t *trap = NULL;
    for (size_t i = 0; i < nargs && !trap; i++) {
        const char *why = NULL;
        if (!sk_api_val_to_sk(s, ft->params[i], &args->data[i], &a[i], &why))
            trap = sk_api_trap_printf("argument %zu: %s", i, why);
    }
    for (uint32_t i = 0; i < ft->nresults && !trap; i++)
        if (ft->results[i] == SK_V128)
            trap = sk_api_trap_printf("result %u: v128 values are not supported by the C API", i);
    if (!trap) {
        sk_trap *t = sk_call(s->rt, f, a, r);
        if (t) trap = sk_api_trap_from_sk(s, t);
    }
    if (!trap) {
        bool oom = false;
        for (size_t i = 0; i < nres; i++) oom |= !sk_api_val_from_sk(s, ft->results[i], r[i], &results->data[i]);
        if (oom) {
            vals_release(results->data, nres);
            trap = sk_api_trap_make(SK_TRAP_OOM, "out of memory", 13);
        }
    }
    if (a != small) sk_free(a);
    return trap;
}
