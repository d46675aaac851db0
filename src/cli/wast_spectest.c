/* wast_spectest.c: the `spectest` host module that spec scripts import from. */
#include "cli.h"

/* One print function: its name and parameter types. */
typedef struct spectest_print {
    const char *name;
    uint8_t nparams;
    uint8_t params[2];
} spectest_print;

static const spectest_print k_prints[] = {
    {"print", 0, {0, 0}},
    {"print_i32", 1, {SK_I32, 0}},
    {"print_i64", 1, {SK_I64, 0}},
    {"print_f32", 1, {SK_F32, 0}},
    {"print_f64", 1, {SK_F64, 0}},
    {"print_i32_f32", 2, {SK_I32, SK_F32}},
    {"print_f64_f64", 2, {SK_F64, SK_F64}},
};
#define N_PRINTS SK_ARRAY_LEN(k_prints)

struct sk_spectest {
    sk_func *prints[N_PRINTS];
    sk_global *global_i32, *global_i64, *global_f32, *global_f64;
    sk_table *table;
    sk_memory *memory;
};

/* Prints each argument on its own line, "42 : i32", as the reference interpreter does. */
static sk_trap *spectest_print_fn(sk_caller *caller, void *env, const sk_val *args, sk_val *results)
{
    const spectest_print *p = env;
    for (uint32_t i = 0; i < p->nparams; i++) {
        char buf[64];
        sk_cli_format_val(buf, sizeof buf, p->params[i], &args[i]);
        printf("%s : %s\n", buf, sk_valtype_name(p->params[i]));
    }
    fflush(stdout);
    return NULL;
}

sk_spectest *sk_spectest_new(sk_store *s)
{
    sk_spectest *st = sk_calloc(1, sizeof *st);
    if (!st) return NULL;
    for (size_t i = 0; i < N_PRINTS; i++) {
        st->prints[i] = sk_func_new_host(s, k_prints[i].params, k_prints[i].nparams, NULL, 0, spectest_print_fn,
                                         (void *)&k_prints[i], NULL);
        if (!st->prints[i]) goto fail;
    }
    sk_globaltype gt = {SK_I32, false};
    sk_val v;
    memset(&v, 0, sizeof v);
    v.i32 = 666;
    if (!(st->global_i32 = sk_global_new(s, &gt, v))) goto fail;
    gt.type = SK_I64;
    memset(&v, 0, sizeof v);
    v.i64 = 666;
    if (!(st->global_i64 = sk_global_new(s, &gt, v))) goto fail;
    gt.type = SK_F32;
    memset(&v, 0, sizeof v);
    v.f32 = 666.6f;
    if (!(st->global_f32 = sk_global_new(s, &gt, v))) goto fail;
    gt.type = SK_F64;
    memset(&v, 0, sizeof v);
    v.f64 = 666.6;
    if (!(st->global_f64 = sk_global_new(s, &gt, v))) goto fail;
    sk_tabletype tt = {SK_FUNCREF, {10, 20, true}};
    if (!(st->table = sk_table_new(s, &tt, NULL))) goto fail;
    sk_memtype mt = {{1, 2, true}};
    if (!(st->memory = sk_memory_new(s, &mt))) goto fail;
    return st;
fail:
    sk_free(st); /* the objects already made belong to the store */
    return NULL;
}

void sk_spectest_free(sk_spectest *st) { sk_free(st); }

static bool name_is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && memcmp(name, want, len) == 0;
}

bool sk_spectest_lookup(const sk_spectest *st, const char *name, size_t len, sk_extern *out)
{
    if (!st) return false;
    for (size_t i = 0; i < N_PRINTS; i++) {
        if (name_is(name, len, k_prints[i].name)) {
            out->kind = SK_EXTERN_FUNC;
            out->of.func = st->prints[i];
            return true;
        }
    }
    static const char *globals[] = {"global_i32", "global_i64", "global_f32", "global_f64"};
    sk_global *gs[] = {st->global_i32, st->global_i64, st->global_f32, st->global_f64};
    for (size_t i = 0; i < 4; i++) {
        if (name_is(name, len, globals[i])) {
            out->kind = SK_EXTERN_GLOBAL;
            out->of.global = gs[i];
            return true;
        }
    }
    if (name_is(name, len, "table")) {
        out->kind = SK_EXTERN_TABLE;
        out->of.table = st->table;
        return true;
    }
    if (name_is(name, len, "memory")) {
        out->kind = SK_EXTERN_MEMORY;
        out->of.mem = st->memory;
        return true;
    }
    return false;
}
