/* fuzz_exec.c: libFuzzer target (c): the fuzz bytes drive gen.h, a generator of valid modules; each
 * module must load, then is instantiated (with a host import) and every exported function is called
 * with zero and with simple arguments, under fuel and a call-depth limit. The whole run is done twice
 * in fresh stores, once lowered for guard-page bounds checks and once for explicit checks, and must give
 * identical results, traps and memory (a determinism oracle and a differential check of the two modes).
 * An input that starts with the wasm magic is taken as a module itself (so spec-test modules can seed
 * this target): if it loads, every import gets a stand-in of the right type and it runs the same way. */
#include "common/common.h"
#include "decode/module.h"
#include "runtime/runtime.h"
#include "gen.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long n_runs, n_inst_traps, n_calls, n_call_traps, n_fuel, n_stack;

static void report(void)
{
    fprintf(stderr, "fuzz_exec: %lu modules, %lu instantiation traps, %lu calls, %lu call traps (%lu fuel, %lu stack)\n",
            n_runs, n_inst_traps, n_calls, n_call_traps, n_fuel, n_stack);
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

typedef struct host_env {
    int depth;
} host_env;

/* env.host: (i32) -> (i32). 13 traps; 0x42 in the low byte re-enters the guest's f1. */
static sk_trap *host_fn(sk_caller *caller, void *env, const sk_val *args, sk_val *results)
{
    host_env *he = env;
    int32_t a = args[0].i32;
    if (a == 13) return sk_trap_new(SK_TRAP_HOST, "host trap: 13");
    if ((a & 0xFF) == 0x42 && he->depth < 3 && caller->instance) {
        sk_extern ex;
        if (sk_instance_export(caller->instance, "f1", 2, &ex) && ex.kind == SK_EXTERN_FUNC) {
            sk_val in[8], out[8];
            memset(in, 0, sizeof in);
            he->depth++;
            sk_trap *t = sk_call(caller->store, ex.of.func, in, out);
            he->depth--;
            if (t) return t;
        }
    }
    results[0].u32 = (uint32_t)a * 3u + 1u;
    return NULL;
}

static bool known_trap(const sk_trap *t)
{
    if (!t->message || t->kind <= SK_TRAP_NONE || t->kind > SK_TRAP_HOST) return false;
    const char *want = sk_trap_kind_message(t->kind);
    return strncmp(t->message, want, strlen(want)) == 0;
}

static uint64_t note_trap(uint64_t h, sk_trap *t)
{
    if (!known_trap(t)) {
        fprintf(stderr, "trap with unexpected kind/message: %d %s\n", (int)t->kind, t->message ? t->message : "(null)");
        abort();
    }
    if (t->kind == SK_TRAP_OUT_OF_FUEL) n_fuel++;
    if (t->kind == SK_TRAP_STACK_EXHAUSTED) n_stack++;
    h = mix(h, 0x7000 + (uint64_t)t->kind);
    sk_trap_free(t);
    return h;
}

static uint64_t value_bits(uint8_t type, sk_val v)
{
    switch (type) {
    case SK_I32:
    case SK_F32: return v.u32;
    case SK_I64:
    case SK_F64: return v.u64;
    default: return v.ref ? 1 : 0;
    }
}

/* Stand-in for any imported function: zero results. */
static sk_trap *host_zero(sk_caller *caller, void *env, const sk_val *args, sk_val *results)
{
    const sk_functype *ft = env;
    memset(results, 0, ft->nresults * sizeof *results);
    return NULL;
}

/* Imports for a module that is not ours: a stand-in of the right type for each. NULL on OOM. */
static sk_extern *stand_in_imports(sk_store *s, const sk_module *m)
{
    sk_extern *imps = calloc(m->nimports + 1, sizeof *imps);
    if (!imps) return NULL;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *im = &m->imports[i];
        imps[i].kind = im->kind;
        switch (im->kind) {
        case SK_EXTERN_FUNC: {
            const sk_functype *ft = &m->types[im->desc.type_idx];
            imps[i].of.func =
                sk_func_new_host(s, ft->params, ft->nparams, ft->results, ft->nresults, host_zero, (void *)ft, NULL);
            break;
        }
        case SK_EXTERN_MEMORY: imps[i].of.mem = sk_memory_new(s, &im->desc.mem); break;
        case SK_EXTERN_TABLE: imps[i].of.table = sk_table_new(s, &im->desc.table, NULL); break;
        default: {
            sk_val z;
            memset(&z, 0, sizeof z);
            imps[i].of.global = sk_global_new(s, &im->desc.global, z);
        }
        }
        if (!imps[i].of.ptr) {
            free(imps);
            return NULL;
        }
    }
    return imps;
}

/* One full run in a fresh store; returns a hash of everything observable. */
/* FUZZ_EXEC_PRINT (with FUZZ_EXEC_NOIMPORT, used by diff_wabt.sh): runs like `wasm-interp
 * --run-all-exports` (parameterless exports, once each, wasm-interp's limits) and prints the first
 * run's results in its format. */
static bool print_mode, print_now;

static void print_result(const char *name, uint32_t len, const sk_functype *ft, const sk_val *res, const sk_trap *t)
{
    printf("%.*s() =>", (int)len, name);
    if (t) {
        printf(" error: %s\n", t->message);
        return;
    }
    for (uint32_t i = 0; i < ft->nresults; i++) {
        const char *sep = i ? "," : "";
        switch (ft->results[i]) {
        case SK_I32: printf("%s i32:%u", sep, res[i].u32); break;
        case SK_I64: printf("%s i64:%llu", sep, (unsigned long long)res[i].u64); break;
        case SK_F32: printf("%s f32:%f", sep, (double)res[i].f32); break;
        case SK_F64: printf("%s f64:%f", sep, res[i].f64); break;
        default: printf("%s ref", sep); break;
        }
    }
    printf("\n");
}

static uint64_t run(const sk_module *m, bool ours, const uint8_t *argbytes, size_t nargbytes)
{
    uint64_t h = 0xcbf29ce484222325ull;
    sk_store *s = sk_store_new();
    if (!s) abort();
    s->bounds_checks = !m->guard_pages; /* the store's mode must be the one the module was lowered for */
    s->max_call_depth = 300;
    s->max_memory_pages = print_mode ? SK_MAX_PAGES : 32;
    s->max_table_elems = print_mode ? 10000000 : 4096;
    s->fuel_enabled = true;
    s->fuel = 4000;
    host_env he = {0};
    static const uint8_t i32[] = {SK_I32};
    sk_extern imp1, *imps = &imp1;
    if (ours) {
        sk_func *host = sk_func_new_host(s, i32, 1, i32, 1, host_fn, &he, NULL);
        if (!host) abort();
        imp1 = (sk_extern){.kind = SK_EXTERN_FUNC, .of.func = host};
    } else {
        imps = stand_in_imports(s, m);
        if (!imps) { /* e.g. an imported memory or table over the store's limits */
            sk_store_free(s);
            return h;
        }
    }
    sk_trap *trap = NULL;
    sk_error err;
    sk_error_clear(&err);
    sk_instance *inst = sk_instantiate(s, m, imps, m->nimports, &trap, &err);
    if (imps != &imp1) free(imps);
    if (!inst) {
        if (!ours && !trap) { /* link errors are possible for modules that are not ours */
            if (!sk_error_is_set(&err)) abort();
            sk_store_free(s);
            return h;
        }
        if (!trap) {
            fprintf(stderr, "instantiation failed without a trap: %s\n", err.msg);
            abort();
        }
        n_inst_traps++;
        if (print_now) printf("instantiation trap: %s\n", trap->message);
        if (getenv("FUZZ_EXEC_VERBOSE")) fprintf(stderr, "instantiation trap: %s\n", trap->message);
        h = note_trap(h, trap);
        sk_store_free(s);
        return h;
    }
    for (uint32_t e = 0; e < m->nexports; e++) {
        const sk_export *ex = &m->exports[e];
        if (ex->kind != SK_EXTERN_FUNC) continue;
        sk_func *f = inst->funcs[ex->index];
        if (f->type->nparams > 8 || f->type->nresults > 8) continue;
        if (print_mode && f->type->nparams) continue; /* wasm-interp runs only these */
        for (int round = 0; round < (print_mode ? 1 : 2); round++) {
            sk_val args[8], res[8];
            memset(args, 0, sizeof args);
            memset(res, 0, sizeof res);
            for (uint32_t i = 0; round && i < f->type->nparams && i < 8; i++) {
                static const uint64_t simple[] = {1, (uint64_t)-1, 0x42, 13, 0x80000000u, 65536, 0x7ff8000000000000ull};
                size_t k = (e * 8 + i) % (nargbytes ? nargbytes : 1);
                uint64_t v = simple[(nargbytes ? argbytes[k] : i) % SK_TEST_ARRAY_LEN(simple)];
                if (f->type->params[i] == SK_I32 || f->type->params[i] == SK_F32) args[i].u32 = (uint32_t)v;
                else args[i].u64 = v;
            }
            s->fuel = print_mode ? 2000000 : 4000;
            n_calls++;
            sk_trap *t = sk_call(s, f, args, res);
            if (print_now) print_result(ex->name, ex->name_len, f->type, res, t);
            if (t) {
                n_call_traps++;
                h = note_trap(h, t);
            } else {
                for (uint32_t i = 0; i < f->type->nresults; i++)
                    h = mix(h, value_bits(f->type->results[i], res[i]));
            }
        }
    }
    if (m->nmems && inst->mems[0]) {
        const sk_memory *mem = inst->mems[0];
        h = mix(h, mem->size);
        for (uint64_t i = 0; i < mem->size; i += 8) {
            uint64_t w;
            memcpy(&w, mem->data + i, 8);
            if (w) h = mix(h, i ^ w);
        }
    }
    for (uint32_t i = 0; i < m->nglobals; i++) /* refs: only null or not (addresses differ per store) */
        h = mix(h, value_bits(inst->globals[i]->type.type, inst->globals[i]->val));
    sk_store_free(s);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (n_runs++ == 0) atexit(report);
    if (size >= 8 && memcmp(data, "\0asm", 4) == 0) {
        sk_error err;
        sk_error_clear(&err);
        sk_module *m = sk_module_load_mode(data, size, true, &err);
        if (!m) return 0;
        sk_module *mx = sk_module_load_mode(data, size, false, &err);
        if (!mx) abort(); /* the same bytes loaded once: the mode cannot change validity */
        uint64_t h1 = run(m, false, NULL, 0), h2 = run(mx, false, NULL, 0);
        if (h1 != h2) {
            fprintf(stderr, "guard-page and explicit bounds-check runs of the same module differ\n");
            abort();
        }
        sk_module_free(m);
        sk_module_free(mx);
        return 0;
    }
    gsrc src = {data, size};
    wbuf bin = {0};
    static int env_read;
    static bool with_import = true;
    if (!env_read) {
        env_read = 1;
        print_mode = getenv("FUZZ_EXEC_PRINT") != NULL;
        with_import = getenv("FUZZ_EXEC_NOIMPORT") == NULL;
    }
    gen_module(&src, &bin, with_import);
    if (bin.oom) abort();
    if (getenv("FUZZ_EXEC_DUMP")) {
        FILE *f = fopen(getenv("FUZZ_EXEC_DUMP"), "wb");
        if (f) {
            fwrite(bin.p, 1, bin.len, f);
            fclose(f);
        }
    }
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load_mode(bin.p, bin.len, true, &err);
    sk_module *mx = m ? sk_module_load_mode(bin.p, bin.len, false, &err) : NULL;
    if (!m || !mx) {
        fprintf(stderr, "generated module rejected: %s (offset 0x%llx, %s)\n", err.msg, (long long)err.offset,
                err.where);
        abort();
    }
    /* Bytes the generator did not use choose the arguments. */
    static bool printed; /* libFuzzer may run a single input more than once: print it once */
    print_now = print_mode && !printed;
    printed = true;
    uint64_t h1 = run(m, true, src.p, src.n);
    print_now = false;
    fflush(stdout);
    uint64_t h2 = run(mx, true, src.p, src.n);
    if (h1 != h2) {
        fprintf(stderr, "guard-page and explicit bounds-check runs of the same module differ\n");
        abort();
    }
    sk_module_free(m);
    sk_module_free(mx);
    wb_free(&bin);
    return 0;
}
