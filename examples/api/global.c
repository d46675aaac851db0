/* global.c: globals imported from the host and exported by a module, read and written from both sides. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (global $ci (import "env" "const i64") i64)
 *   (global $vf (import "env" "var f32") (mut f32))
 *   (global $ce (export "const i32") i32 (i32.const 42))
 *   (global $ve (export "var f64") (mut f64) (f64.const 1.5))
 *   (func (export "get const i64 import") (result i64) (global.get $ci))
 *   (func (export "get var f32 import") (result f32) (global.get $vf))
 *   (func (export "set var f32 import") (param f32) (global.set $vf (local.get 0)))
 *   (func (export "get var f64 export") (result f64) (global.get $ve))
 *   (func (export "set var f64 export") (param f64) (global.set $ve (local.get 0))))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x15, 0x05, 0x60,
    0x00, 0x01, 0x7e, 0x60, 0x00, 0x01, 0x7d, 0x60, 0x01, 0x7d, 0x00, 0x60,
    0x00, 0x01, 0x7c, 0x60, 0x01, 0x7c, 0x00, 0x02, 0x21, 0x02, 0x03, 0x65,
    0x6e, 0x76, 0x09, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x69, 0x36, 0x34,
    0x03, 0x7e, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x76, 0x61, 0x72, 0x20,
    0x66, 0x33, 0x32, 0x03, 0x7d, 0x01, 0x03, 0x06, 0x05, 0x00, 0x01, 0x02,
    0x03, 0x04, 0x06, 0x12, 0x02, 0x7f, 0x00, 0x41, 0x2a, 0x0b, 0x7c, 0x01,
    0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, 0x0b, 0x07, 0x82,
    0x01, 0x07, 0x09, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x69, 0x33, 0x32,
    0x03, 0x02, 0x07, 0x76, 0x61, 0x72, 0x20, 0x66, 0x36, 0x34, 0x03, 0x03,
    0x14, 0x67, 0x65, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x69,
    0x36, 0x34, 0x20, 0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x00, 0x12,
    0x67, 0x65, 0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x66, 0x33, 0x32, 0x20,
    0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x01, 0x12, 0x73, 0x65, 0x74,
    0x20, 0x76, 0x61, 0x72, 0x20, 0x66, 0x33, 0x32, 0x20, 0x69, 0x6d, 0x70,
    0x6f, 0x72, 0x74, 0x00, 0x02, 0x12, 0x67, 0x65, 0x74, 0x20, 0x76, 0x61,
    0x72, 0x20, 0x66, 0x36, 0x34, 0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74,
    0x00, 0x03, 0x12, 0x73, 0x65, 0x74, 0x20, 0x76, 0x61, 0x72, 0x20, 0x66,
    0x36, 0x34, 0x20, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x04, 0x0a,
    0x1e, 0x05, 0x04, 0x00, 0x23, 0x00, 0x0b, 0x04, 0x00, 0x23, 0x01, 0x0b,
    0x06, 0x00, 0x20, 0x00, 0x24, 0x01, 0x0b, 0x04, 0x00, 0x23, 0x03, 0x0b,
    0x06, 0x00, 0x20, 0x00, 0x24, 0x03, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static wasm_func_t *get_func(const wasm_extern_vec_t *exports, size_t i)
{
    wasm_func_t *f = wasm_extern_as_func(exports->data[i]);
    CHECK(f, "export is not a function");
    return f;
}

/* Calls a function of no arguments and one result. */
static wasm_val_t call0(const wasm_func_t *f)
{
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(f, &args, &results), "calling function");
    return rs[0];
}

static void call1(const wasm_func_t *f, wasm_val_t arg)
{
    wasm_val_t as[1] = {arg};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_EMPTY_VEC;
    CHECK(!wasm_func_call(f, &args, &results), "calling function");
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    CHECK(engine && store, "creating engine and store");

    printf("Compiling module...\n");
    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, sizeof module_wasm, (const wasm_byte_t *)module_wasm);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(module, "compiling module");

    printf("Creating globals...\n");
    wasm_globaltype_t *i64_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
    wasm_globaltype_t *f32_type = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
    wasm_val_t v1 = WASM_I64_VAL(-7);
    wasm_val_t v2 = WASM_F32_VAL(2.5f);
    wasm_global_t *const_i64 = wasm_global_new(store, i64_type, &v1);
    wasm_global_t *var_f32 = wasm_global_new(store, f32_type, &v2);
    wasm_globaltype_delete(i64_type);
    wasm_globaltype_delete(f32_type);
    CHECK(const_i64 && var_f32, "creating globals");

    /* A value of the wrong kind is refused. */
    wasm_globaltype_t *bad_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    CHECK(!wasm_global_new(store, bad_type, &v1), "global with a mismatched value");
    wasm_globaltype_delete(bad_type);

    printf("Instantiating module...\n");
    wasm_extern_t *externs[] = {wasm_global_as_extern(const_i64), wasm_global_as_extern(var_f32)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance && !trap, "instantiating module");
    wasm_module_delete(module);

    printf("Extracting exports...\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 7, "reading exports");
    wasm_global_t *const_i32 = wasm_extern_as_global(exports.data[0]);
    wasm_global_t *var_f64 = wasm_extern_as_global(exports.data[1]);
    CHECK(const_i32 && var_f64, "export is not a global");
    wasm_func_t *get_i64_import = get_func(&exports, 2);
    wasm_func_t *get_f32_import = get_func(&exports, 3);
    wasm_func_t *set_f32_import = get_func(&exports, 4);
    wasm_func_t *get_f64_export = get_func(&exports, 5);
    wasm_func_t *set_f64_export = get_func(&exports, 6);

    printf("Reading globals...\n");
    wasm_val_t v;
    wasm_global_get(const_i32, &v);
    printf("const i32 export = %" PRId32 "\n", v.of.i32);
    wasm_global_get(var_f64, &v);
    printf("var f64 export = %g (wasm sees %g)\n", v.of.f64, call0(get_f64_export).of.f64);
    printf("const i64 import = %" PRId64 " (wasm sees %" PRId64 ")\n", (wasm_global_get(const_i64, &v), v.of.i64),
           call0(get_i64_import).of.i64);
    printf("var f32 import = %g (wasm sees %g)\n", (wasm_global_get(var_f32, &v), (double)v.of.f32),
           (double)call0(get_f32_import).of.f32);

    printf("Writing globals from the host...\n");
    wasm_val_t nf32 = WASM_F32_VAL(-0.25f), nf64 = WASM_F64_VAL(1e100), ni32 = WASM_I32_VAL(0);
    wasm_global_set(var_f32, &nf32);
    wasm_global_set(var_f64, &nf64);
    wasm_global_set(const_i32, &ni32); /* immutable: ignored */
    wasm_global_set(var_f64, &nf32);   /* wrong kind: ignored */
    wasm_global_get(const_i32, &v);
    printf("const i32 export = %" PRId32 "\n", v.of.i32);
    printf("var f32 import: wasm sees %g\n", (double)call0(get_f32_import).of.f32);
    printf("var f64 export: wasm sees %g\n", call0(get_f64_export).of.f64);

    printf("Writing globals from wasm...\n");
    call1(set_f32_import, (wasm_val_t)WASM_F32_VAL(8.0f));
    call1(set_f64_export, (wasm_val_t)WASM_F64_VAL(-3.5));
    printf("var f32 import = %g\n", (wasm_global_get(var_f32, &v), (double)v.of.f32));
    printf("var f64 export = %g\n", (wasm_global_get(var_f64, &v), v.of.f64));

    printf("Types...\n");
    wasm_globaltype_t *gt = wasm_global_type(var_f64);
    printf("var f64 export: kind %d, %s\n", wasm_valtype_kind(wasm_globaltype_content(gt)),
           wasm_globaltype_mutability(gt) == WASM_VAR ? "mutable" : "immutable");
    wasm_globaltype_delete(gt);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_global_delete(const_i64);
    wasm_global_delete(var_f32);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
