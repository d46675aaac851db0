/* rt_util.h: helpers over the internal runtime API shared by the unit tests that load and instantiate
 * modules directly (test_acc, test_calls, test_guard, test_interp). Include after the runtime headers and
 * text/text.h. */
#ifndef SK_RT_UTIL_H
#define SK_RT_UTIL_H
#include <stdio.h>
#include <string.h>

/* Encodes WAT text and loads it lowered for guard-page (true) or explicit (false) bounds checks; NULL
 * (and the reason on stderr) on failure. */
static inline sk_module *load_wat_mode(const char *wat, bool guard)
{
    uint8_t *bin = NULL;
    size_t n = 0;
    sk_error e;
    sk_error_clear(&e);
    if (!sk_wat2wasm(wat, strlen(wat), "test", &bin, &n, &e)) {
        fprintf(stderr, "wat2wasm: %s (line %u)\n", e.msg, e.line);
        return NULL;
    }
    sk_module *m = sk_module_load_mode(bin, n, guard, &e);
    if (!m) fprintf(stderr, "load: %s\n", e.msg);
    sk_free(bin);
    return m;
}

/* Instantiates m in s with n imports; NULL (and the reason on stderr) on failure or when s or m is NULL. */
static inline sk_instance *inst_new(sk_store *s, sk_module *m, const sk_extern *imps, uint32_t n)
{
    if (!s || !m) return NULL;
    sk_trap *t = NULL;
    sk_error e;
    sk_error_clear(&e);
    sk_instance *i = sk_instantiate(s, m, imps, n, &t, &e);
    if (!i) fprintf(stderr, "instantiate: %s %s\n", e.msg, t ? t->message : "");
    if (t) sk_trap_free(t);
    return i;
}

/* The exported function `name` of i, or NULL. */
static inline sk_func *fn(sk_instance *i, const char *name)
{
    sk_extern x;
    if (!i || !sk_instance_export(i, name, strlen(name), &x) || x.kind != SK_EXTERN_FUNC) return NULL;
    return x.of.func;
}
#endif
