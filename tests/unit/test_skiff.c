/* test_skiff.c: unit tests of skiff.h: features, tiers, errors, linker, fuel, limits, interrupt handles, WASI, out of memory. */
#define _GNU_SOURCE /* memmem */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "skiff.h"
#include "test.h"
#include "common/common.h" /* sk_alloc_fail_after */

static wasm_byte_vec_t wat(const char *text)
{
    wasm_byte_vec_t bin = {0, NULL};
    skiff_error_t *e = skiff_wat2wasm(text, strlen(text), &bin);
    CHECK_MSG(!e, "wat2wasm: %s", e ? skiff_error_message(e) : "");
    skiff_error_delete(e);
    return bin;
}

/* The message of compiling `text` in an engine, or "" when it compiles. */
static void compile_msg(wasm_engine_t *engine, const char *text, char *buf, size_t size)
{
    wasm_byte_vec_t bin = wat(text);
    wasm_module_t *m = NULL;
    skiff_error_t *e = skiff_module_new(engine, (const uint8_t *)bin.data, bin.size, &m);
    snprintf(buf, size, "%s", e ? skiff_error_message(e) : "");
    CHECK((e == NULL) == (m != NULL));
    skiff_error_delete(e);
    wasm_module_delete(m);
    wasm_byte_vec_delete(&bin);
}

static void test_features(void)
{
    static const struct {
        skiff_feature_t f;
        const char *uses;  /* a module using the feature */
        const char *words; /* in the error when it is disabled */
    } cases[] = {
        {SKIFF_FEATURE_SIGN_EXTENSION, "(module (func (param i32) (result i32) (i32.extend8_s (local.get 0))))",
         "feature disabled: sign-extension (i32.extend8_s)"},
        {SKIFF_FEATURE_SATURATING_FLOAT_TO_INT,
         "(module (func (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))",
         "feature disabled: saturating float-to-int"},
        {SKIFF_FEATURE_MULTI_VALUE, "(module (func (result i32 i32) (i32.const 1) (i32.const 2)))",
         "feature disabled: multi-value"},
        {SKIFF_FEATURE_MULTI_VALUE,
         "(module (func (result i32) (i32.const 1) (block (param i32) (result i32) (i32.const 2) (i32.add))))",
         "feature disabled: multi-value (block type)"},
        {SKIFF_FEATURE_BULK_MEMORY, "(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))",
         "feature disabled: bulk memory (memory.fill)"},
        {SKIFF_FEATURE_BULK_MEMORY, "(module (memory 1) (data \"passive\"))", "feature disabled: bulk memory"},
        {SKIFF_FEATURE_REFERENCE_TYPES, "(module (func (result externref) (ref.null extern)))",
         "feature disabled: reference types"},
        {SKIFF_FEATURE_REFERENCE_TYPES, "(module (table 1 funcref) (func (result i32) (table.size 0)))",
         "feature disabled: reference types (table.size)"},
        {SKIFF_FEATURE_REFERENCE_TYPES, "(module (table 1 funcref) (table 1 funcref))",
         "feature disabled: reference types (several tables)"},
        {SKIFF_FEATURE_MUTABLE_GLOBALS, "(module (global (export \"g\") (mut i32) (i32.const 0)))",
         "feature disabled: mutable-globals"},
        {SKIFF_FEATURE_MUTABLE_GLOBALS, "(module (import \"m\" \"g\" (global (mut i32))))",
         "feature disabled: mutable-globals"},
        {SKIFF_FEATURE_SIMD, "(module (func (local v128)))", "feature disabled: simd (local type)"},
        {SKIFF_FEATURE_SIMD, "(module (func (param v128)))", "feature disabled: simd (function type)"},
        {SKIFF_FEATURE_SIMD,
         "(module (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))",
         "feature disabled: simd (v128.const)"},
    };
    static const char *mvp =
        "(module (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0)) (elem (i32.const 0) 0)"
        " (func (param i32) (result i32) (block (result i32) (loop (br 1 (i32.const 1))) (i32.const 0)))"
        " (func (call_indirect (param i32) (result i32) (i32.const 0) (i32.const 0)) drop)"
        " (data (i32.const 0) \"x\"))";
    char msg[400];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wasm_config_t *c = wasm_config_new();
        CHECK(skiff_config_feature_get(c, cases[i].f));
        CHECK(skiff_config_feature_set(c, cases[i].f, false));
        CHECK(!skiff_config_feature_get(c, cases[i].f));
        wasm_engine_t *e = wasm_engine_new_with_config(c);
        CHECK(!skiff_engine_feature_get(e, cases[i].f));
        compile_msg(e, cases[i].uses, msg, sizeof msg);
        CHECK_MSG(strstr(msg, cases[i].words) == msg, "case %zu: got \"%s\", want \"%s...\"", i, msg, cases[i].words);
        compile_msg(e, mvp, msg, sizeof msg);
        CHECK_MSG(msg[0] == 0, "case %zu: an MVP module failed: %s", i, msg);
        /* wasm_module_new honours the store's engine too. */
        wasm_store_t *s = wasm_store_new(e);
        wasm_byte_vec_t bin = wat(cases[i].uses);
        wasm_module_t *m = wasm_module_new(s, &bin);
        CHECK(m == NULL);
        CHECK(!wasm_module_validate(s, &bin));
        wasm_module_delete(m);
        wasm_byte_vec_delete(&bin);
        wasm_store_delete(s);
        wasm_engine_delete(e);
        /* With the feature on (the default) it compiles. */
        e = wasm_engine_new();
        compile_msg(e, cases[i].uses, msg, sizeof msg);
        CHECK_MSG(msg[0] == 0, "case %zu with defaults: %s", i, msg);
        wasm_engine_delete(e);
    }
    wasm_config_t *c = wasm_config_new();
    CHECK(skiff_config_feature_get(c, SKIFF_FEATURE_SIMD));
    CHECK(skiff_config_feature_set(c, SKIFF_FEATURE_SIMD, false));
    CHECK(!skiff_config_feature_get(c, SKIFF_FEATURE_SIMD));
    CHECK(skiff_config_feature_set(c, SKIFF_FEATURE_SIMD, true));
    CHECK(skiff_config_feature_get(c, SKIFF_FEATURE_SIMD));
    CHECK(!skiff_config_feature_set(c, (skiff_feature_t)99, true));
    CHECK(skiff_config_tier_set(c, "interp"));
    CHECK(skiff_config_tier_set(c, NULL));
    CHECK(skiff_config_tier_set(c, "default"));
    CHECK(!skiff_config_tier_set(c, "jit"));
    wasm_engine_t *e = wasm_engine_new_with_config(c);
    CHECK(strcmp(skiff_engine_tier(e), "interp") == 0);
    wasm_engine_delete(e);
    CHECK(strcmp(skiff_version(), "0.1.0") == 0);
}

static void test_errors(void)
{
    wasm_byte_vec_t bin;
    const char *text = "(module\n  (func\n    (i32.const)))";
    skiff_error_t *e = skiff_wat2wasm(text, strlen(text), &bin);
    CHECK(e != NULL && bin.size == 0 && bin.data == NULL);
    uint32_t line = 0, col = 0;
    CHECK(e && skiff_error_position(e, &line, &col) && line == 3);
    CHECK(e && skiff_error_offset(e) == -1);
    skiff_error_delete(e);
    skiff_error_delete(NULL);

    wasm_engine_t *engine = wasm_engine_new();
    static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00};
    wasm_module_t *m = (wasm_module_t *)1;
    e = skiff_module_new(engine, bad_magic, sizeof bad_magic, &m);
    CHECK(m == NULL);
    CHECK_MSG(e && strcmp(skiff_error_message(e), "magic header not detected") == 0, "got %s",
              e ? skiff_error_message(e) : "no error");
    CHECK(e && !skiff_error_position(e, NULL, NULL));
    if (e) {
        wasm_name_t f;
        skiff_error_format(e, &f);
        CHECK(f.size > 0 && memmem(f.data, f.size, "magic header not detected", 25) != NULL);
        wasm_name_delete(&f);
    }
    skiff_error_delete(e);
    e = skiff_module_new(engine, NULL, 0, &m);
    CHECK(e && m == NULL);
    skiff_error_delete(e);
    e = skiff_module_validate(engine, bad_magic, 4);
    CHECK(e != NULL);
    skiff_error_delete(e);
    wasm_byte_vec_t ok = wat("(module)");
    CHECK(skiff_module_validate(engine, (const uint8_t *)ok.data, ok.size) == NULL);
    wasm_byte_vec_delete(&ok);
    wasm_engine_delete(engine);
}

static int env_finalized;
static void fin_count(void *env)
{
    (void)env;
    env_finalized++;
}
static wasm_trap_t *add_one(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)caller;
    results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 + (int32_t)(intptr_t)env);
    return NULL;
}
static wasm_trap_t *no_caller(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)env, (void)args;
    CHECK(skiff_caller_memory(caller) == NULL);
    CHECK(skiff_caller_export_get(caller, "x", 1) == NULL);
    results->data[0] = (wasm_val_t)WASM_I32_VAL(5);
    return NULL;
}

static int32_t call1(const wasm_instance_t *inst, const char *name, int32_t arg, wasm_trap_t **trap)
{
    wasm_extern_t *f = skiff_instance_export_get(inst, name, strlen(name));
    CHECK(f && wasm_extern_as_func(f));
    if (!f) return -1;
    wasm_val_t a[1] = {WASM_I32_VAL(arg)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    *trap = wasm_func_call(wasm_extern_as_func(f), &args, &results);
    wasm_extern_delete(f);
    return r[0].of.i32;
}

static wasm_module_t *module_of(wasm_engine_t *e, const char *text)
{
    wasm_byte_vec_t bin = wat(text);
    wasm_module_t *m = NULL;
    skiff_error_t *err = skiff_module_new(e, (const uint8_t *)bin.data, bin.size, &m);
    CHECK_MSG(!err, "module: %s", err ? skiff_error_message(err) : "");
    skiff_error_delete(err);
    wasm_byte_vec_delete(&bin);
    return m;
}

static void test_linker(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *s1 = wasm_store_new(engine), *s2 = wasm_store_new(engine);
    skiff_linker_t *l = skiff_linker_new(engine);
    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    env_finalized = 0;
    CHECK(!skiff_linker_define_func(l, "m", "f", ft, add_one, (void *)(intptr_t)1, fin_count));
    skiff_error_t *e = skiff_linker_define_func(l, "m", "f", ft, add_one, (void *)(intptr_t)2, fin_count);
    CHECK(e && strcmp(skiff_error_message(e), "already defined: m::f") == 0);
    CHECK(env_finalized == 1); /* a refused definition gives its environment back at once */
    skiff_error_delete(e);
    skiff_linker_allow_shadowing(l, true);
    CHECK(!skiff_linker_define_func(l, "m", "f", ft, add_one, (void *)(intptr_t)10, fin_count));
    CHECK(env_finalized == 2); /* the shadowed one is no longer used by anything */
    skiff_linker_allow_shadowing(l, false);

    wasm_module_t *m = module_of(engine, "(module (import \"m\" \"f\" (func $f (param i32) (result i32)))"
                                         " (func (export \"g\") (param i32) (result i32) (call $f (local.get 0))))");
    wasm_instance_t *i1 = NULL, *i2 = NULL;
    wasm_trap_t *trap = NULL;
    CHECK(!skiff_linker_instantiate(l, s1, m, &i1, &trap) && i1 && !trap);
    CHECK(!skiff_linker_instantiate(l, s2, m, &i2, &trap) && i2 && !trap);
    CHECK(call1(i1, "g", 5, &trap) == 15 && !trap);
    CHECK(call1(i2, "g", 6, &trap) == 16 && !trap);
    /* One function per store, made on first use. */
    wasm_extern_t *a = skiff_linker_get(l, s1, "m", "f"), *b = skiff_linker_get(l, s1, "m", "f");
    wasm_extern_t *c = skiff_linker_get(l, s2, "m", "f");
    CHECK(a && a == b && a != c);
    CHECK(skiff_linker_get(l, s1, "m", "nope") == NULL);
    wasm_extern_delete(a);
    wasm_extern_delete(b);
    wasm_extern_delete(c);
    /* Host call straight from the host: no calling instance. */
    wasm_func_t *direct = skiff_func_new(s1, ft, no_caller, NULL, NULL);
    wasm_val_t av[1] = {WASM_I32_VAL(0)}, rv[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(av), results = WASM_ARRAY_VEC(rv);
    trap = wasm_func_call(direct, &args, &results);
    CHECK(!trap && rv[0].of.i32 == 5);
    wasm_trap_delete(trap);
    wasm_func_delete(direct);

    /* A whole instance under a name, and kind mismatches. */
    CHECK(!skiff_linker_define_instance(l, "inst", i1));
    wasm_module_t *m2 = module_of(engine, "(module (import \"inst\" \"g\" (func (param i32) (result i32))))");
    wasm_instance_t *i3 = NULL;
    CHECK(!skiff_linker_instantiate(l, s1, m2, &i3, &trap) && i3);
    e = skiff_linker_instantiate(l, s2, m2, &i3, &trap);
    CHECK(e && i3 == NULL && strstr(skiff_error_message(e), "incompatible import type: inst::g") == skiff_error_message(e));
    skiff_error_delete(e);
    wasm_module_t *m3 = module_of(engine, "(module (import \"m\" \"f\" (memory 1)))");
    e = skiff_linker_instantiate(l, s1, m3, &i3, &trap);
    CHECK_MSG(e && strcmp(skiff_error_message(e), "incompatible import type: m::f (expected memory, got func)") == 0,
              "got %s", e ? skiff_error_message(e) : "none");
    skiff_error_delete(e);
    wasm_module_t *m4 = module_of(engine, "(module (import \"x\" \"y\" (func)))");
    e = skiff_linker_instantiate(l, s1, m4, &i3, &trap);
    CHECK(e && strcmp(skiff_error_message(e), "unknown import: x::y") == 0);
    skiff_error_delete(e);
    /* skiff_instance_new keeps errors and traps apart too. */
    e = skiff_instance_new(s1, m4, NULL, 0, &i3, &trap);
    CHECK(e && strcmp(skiff_error_message(e), "unknown import: x::y") == 0 && !trap);
    skiff_error_delete(e);

    wasm_module_delete(m);
    wasm_module_delete(m2);
    wasm_module_delete(m3);
    wasm_module_delete(m4);
    wasm_functype_delete(ft);
    /* The environment lives until the linker and both stores are gone. */
    wasm_store_delete(s1);
    skiff_linker_delete(l);
    CHECK(env_finalized == 2);
    wasm_store_delete(s2);
    CHECK(env_finalized == 3);
    wasm_engine_delete(engine);
}

static void test_fuel_and_limits(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *s = wasm_store_new(engine);
    wasm_module_t *m = module_of(engine, "(module (memory 1)"
                                         " (func (export \"loop\") (param i32) (result i32) (local i32)"
                                         "  (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
                                         "   (br_if $l (i32.lt_u (local.get 1) (local.get 0)))) (local.get 1))"
                                         " (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))");
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    CHECK(!skiff_instance_new(s, m, NULL, 0, &inst, &trap) && inst);
    uint64_t v = 77;
    CHECK(!skiff_store_fuel_get(s, &v) && v == 77);
    CHECK(!skiff_store_fuel_consumed(s, &v));
    skiff_store_fuel_set(s, 50);
    CHECK(call1(inst, "loop", 10, &trap) == 10 && !trap);
    uint64_t left = 0, used = 0;
    CHECK(skiff_store_fuel_get(s, &left) && skiff_store_fuel_consumed(s, &used) && left + used == 50 && used >= 10);
    call1(inst, "loop", 1000, &trap);
    wasm_message_t msg = {0, NULL};
    if (trap) wasm_trap_message(trap, &msg);
    CHECK(trap && msg.size && strcmp(msg.data, "all fuel consumed") == 0);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    CHECK(skiff_store_fuel_get(s, &left) && left == 0);
    CHECK(skiff_store_fuel_consumed(s, &used) && used == 50);
    skiff_store_fuel_set(s, 5);
    CHECK(skiff_store_fuel_consumed(s, &used) && used == 50);
    skiff_store_fuel_disable(s);
    CHECK(call1(inst, "loop", 1000, &trap) == 1000 && !trap);

    skiff_store_limit_memory_pages(s, 3);
    CHECK(call1(inst, "grow", 2, &trap) == 1);
    CHECK(call1(inst, "grow", 1, &trap) == -1);
    wasm_module_t *big = module_of(engine, "(module (memory 4))");
    wasm_instance_t *binst = NULL;
    skiff_error_t *be = skiff_instance_new(s, big, NULL, 0, &binst, &trap);
    CHECK_MSG(be && strcmp(skiff_error_message(be), "memory limit exceeded: 4 pages, the store allows 3") == 0, "got %s",
              be ? skiff_error_message(be) : "none");
    skiff_error_delete(be);
    wasm_module_delete(big);
    skiff_store_limit_instances(s, 1);
    wasm_instance_t *inst2 = NULL;
    skiff_error_t *e = skiff_instance_new(s, m, NULL, 0, &inst2, &trap);
    CHECK(e && strcmp(skiff_error_message(e), "instance limit exceeded") == 0 && !inst2 && !trap);
    skiff_error_delete(e);
    CHECK(!skiff_store_max_stack_set(s, 1));
    CHECK(skiff_store_max_stack_set(s, 1 << 20));
    CHECK(call1(inst, "loop", 3, &trap) == 3 && !trap);

    /* Interrupt handles: the request stops the next call, handles outlive the store. */
    skiff_interrupt_handle_t *h1 = skiff_interrupt_handle_new(s), *h2 = skiff_interrupt_handle_new(s);
    CHECK(h1 && h2);
    skiff_interrupt_handle_interrupt(h2);
    call1(inst, "loop", 3, &trap);
    CHECK(trap != NULL);
    wasm_trap_delete(trap);
    CHECK(call1(inst, "loop", 3, &trap) == 3 && !trap);
    skiff_interrupt_handle_delete(h1);
    wasm_module_delete(m);
    wasm_store_delete(s);
    skiff_interrupt_handle_interrupt(h2);
    skiff_interrupt_handle_delete(h2);
    skiff_interrupt_handle_delete(NULL);
    wasm_engine_delete(engine);
}

static void test_wasi(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *s = wasm_store_new(engine);
    skiff_linker_t *l = skiff_linker_new(engine);
    CHECK(!skiff_linker_define_wasi(l));
    skiff_error_t *e = skiff_linker_define_wasi(l);
    CHECK(e != NULL);
    skiff_error_delete(e);
    /* Echo stdin to stderr: read up to 64 bytes at 100, write them to fd 2. */
    wasm_module_t *m = module_of(
        engine, "(module (import \"wasi_snapshot_preview1\" \"fd_read\" (func $r (param i32 i32 i32 i32) (result i32)))"
                " (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
                " (memory 1)"
                " (func (export \"echo\") (param i32) (result i32)"
                "  (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 64))"
                "  (drop (call $r (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))"
                "  (i32.store (i32.const 4) (i32.load (i32.const 8)))"
                "  (drop (call $w (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))"
                "  (i32.load (i32.const 8))))");
    wasm_module_t *bad = module_of(engine, "(module (import \"wasi_snapshot_preview1\" \"no_such_fn\" (func)))");
    skiff_wasi_config_t *c = skiff_wasi_config_new();
    CHECK(!skiff_wasi_config_stdin_bytes(c, "ping!", 5));
    CHECK(!skiff_wasi_config_stdio(c, 2, SKIFF_WASI_STDIO_CAPTURE, NULL));
    e = skiff_wasi_config_stdio(c, 7, SKIFF_WASI_STDIO_NULL, NULL);
    CHECK(e != NULL);
    skiff_error_delete(e);
    CHECK(!skiff_wasi_config_inherit_env(c));
    CHECK(!skiff_store_set_wasi(s, c));
    skiff_wasi_config_t *c2 = skiff_wasi_config_new();
    e = skiff_store_set_wasi(s, c2); /* a second one is refused (and deleted) */
    CHECK(e != NULL);
    skiff_error_delete(e);
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    CHECK(!skiff_linker_instantiate(l, s, m, &inst, &trap) && inst);
    CHECK(call1(inst, "echo", 0, &trap) == 5 && !trap);
    wasm_byte_vec_t out;
    CHECK(skiff_store_wasi_output(s, 2, &out) && out.size == 5 && memcmp(out.data, "ping!", 5) == 0);
    wasm_byte_vec_delete(&out);
    CHECK(!skiff_store_wasi_output(s, 1, &out) && out.size == 0);
    e = skiff_linker_instantiate(l, s, bad, &inst, &trap);
    CHECK(e && strcmp(skiff_error_message(e), "unknown import: wasi_snapshot_preview1::no_such_fn") == 0);
    skiff_error_delete(e);
    wasm_module_delete(m);
    wasm_module_delete(bad);
    skiff_linker_delete(l);
    wasm_store_delete(s);
    wasm_engine_delete(engine);
}

/* A whole embedding run; returns 2 when everything worked. Used under allocation failure. */
static int oom_envs;
static void oom_fin(void *env)
{
    (void)env;
    oom_envs--;
}
static int oom_scenario(void)
{
    int ok = 0;
    static const char text[] = "(module (import \"h\" \"f\" (func $f (param i32) (result i32)))"
                               " (memory (export \"mem\") 1)"
                               " (func (export \"g\") (param i32) (result i32) (call $f (local.get 0))))";
    wasm_byte_vec_t bin = {0, NULL};
    skiff_error_t *e = skiff_wat2wasm(text, sizeof text - 1, &bin);
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *s = engine ? wasm_store_new(engine) : NULL;
    skiff_linker_t *l = engine ? skiff_linker_new(engine) : NULL;
    wasm_module_t *m = NULL;
    skiff_error_t *e2 = NULL, *e3 = NULL, *e4 = NULL;
    if (!e && engine) e2 = skiff_module_new(engine, (const uint8_t *)bin.data, bin.size, &m);
    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    if (l && ft) {
        oom_envs++;
        e3 = skiff_linker_define_func(l, "h", "f", ft, add_one, (void *)(intptr_t)1, oom_fin);
    }
    skiff_interrupt_handle_t *h = s ? skiff_interrupt_handle_new(s) : NULL;
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    if (l && s && m && !e3) e4 = skiff_linker_instantiate(l, s, m, &inst, &trap);
    if (inst) {
        ok++;
        wasm_extern_t *g = skiff_instance_export_get(inst, "g", 1);
        if (g) {
            wasm_val_t a[1] = {WASM_I32_VAL(1)}, r[1] = {WASM_INIT_VAL};
            wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
            wasm_trap_t *t = wasm_func_call(wasm_extern_as_func(g), &args, &results);
            if (!t && r[0].of.i32 == 2) ok++;
            wasm_trap_delete(t);
        }
        wasm_extern_delete(g);
    }
    wasm_trap_delete(trap);
    wasm_instance_delete(inst);
    skiff_error_delete(e);
    skiff_error_delete(e2);
    skiff_error_delete(e3);
    skiff_error_delete(e4);
    wasm_functype_delete(ft);
    wasm_module_delete(m);
    wasm_byte_vec_delete(&bin);
    skiff_linker_delete(l);
    wasm_store_delete(s);
    skiff_interrupt_handle_delete(h);
    wasm_engine_delete(engine);
    return ok;
}

static void test_oom(void)
{
    long n;
    bool covered = false;
    int bad_envs = 0;
    for (n = 0; n < 100000 && !covered; n++) {
        sk_alloc_fail_after(n);
        oom_scenario();
        void *probe = sk_malloc(1);
        sk_alloc_fail_after(-1);
        covered = probe != NULL;
        sk_free(probe);
        if (oom_envs != 0) bad_envs++;
        oom_envs = 0;
    }
    CHECK_MSG(covered, "out-of-memory runs did not finish (%ld tried)", n);
    CHECK_MSG(bad_envs == 0, "%d runs did not finalize the linker environment exactly once", bad_envs);
    printf("test_skiff: out-of-memory scenario survived a failure at each of its %ld allocations\n", n - 1);
    CHECK(oom_scenario() == 2 && oom_envs == 0);
}

int main(void)
{
    test_features();
    test_errors();
    test_linker();
    test_fuel_and_limits();
    test_wasi();
    test_oom();
    TEST_DONE("test_skiff");
}
