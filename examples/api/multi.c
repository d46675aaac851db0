/* multi.c: functions with several parameters and results, in both directions. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "f" (func $f (param i32 i64 i64 i32) (result i32 i64 i64 i32)))
 *   (func (export "g") (param i32 i64 i64 i32) (result i32 i64 i64 i32)
 *     (call $f (local.get 0) (local.get 2) (local.get 1) (local.get 3)))
 *   (func (export "swap") (param f32 f64) (result f64 f32)
 *     (local.get 1) (local.get 0)))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x13, 0x02, 0x60,
    0x04, 0x7f, 0x7e, 0x7e, 0x7f, 0x04, 0x7f, 0x7e, 0x7e, 0x7f, 0x60, 0x02,
    0x7d, 0x7c, 0x02, 0x7c, 0x7d, 0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76,
    0x01, 0x66, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x01, 0x07, 0x0c, 0x02,
    0x01, 0x67, 0x00, 0x01, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x02, 0x0a,
    0x15, 0x02, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x02, 0x20, 0x01, 0x20, 0x03,
    0x10, 0x00, 0x0b, 0x06, 0x00, 0x20, 0x01, 0x20, 0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

/* env.f: (i32 i64 i64 i32) -> (i32 i64 i64 i32), returns its arguments reversed. */
static wasm_trap_t *reverse_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    printf("Calling back...\n> %" PRId32 " %" PRId64 " %" PRId64 " %" PRId32 "\n", args->data[0].of.i32,
           args->data[1].of.i64, args->data[2].of.i64, args->data[3].of.i32);
    for (size_t i = 0; i < 4; i++) results->data[i] = args->data[3 - i];
    return NULL;
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

    printf("Creating callback...\n");
    wasm_valtype_t *ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                             wasm_valtype_new_i32()};
    wasm_valtype_t *rs[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                             wasm_valtype_new_i32()};
    wasm_valtype_vec_t params, results;
    wasm_valtype_vec_new(&params, 4, ps);
    wasm_valtype_vec_new(&results, 4, rs);
    wasm_functype_t *type = wasm_functype_new(&params, &results);
    wasm_func_t *callback = wasm_func_new(store, type, reverse_callback);
    wasm_functype_delete(type);
    CHECK(callback, "creating callback");

    printf("Instantiating module...\n");
    wasm_extern_t *externs[] = {wasm_func_as_extern(callback)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance, "instantiating module");
    wasm_module_delete(module);

    printf("Extracting exports...\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 2, "reading exports");
    const wasm_func_t *g = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *swap = wasm_extern_as_func(exports.data[1]);
    CHECK(g && swap, "export kinds");
    printf("g: %zu params, %zu results\n", wasm_func_param_arity(g), wasm_func_result_arity(g));

    printf("Calling g...\n");
    wasm_val_t as[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
    wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t res = WASM_ARRAY_VEC(out);
    CHECK(!wasm_func_call(g, &args, &res), "calling g");
    printf("Printing result...\n> %" PRId32 " %" PRId64 " %" PRId64 " %" PRId32 "\n", out[0].of.i32, out[1].of.i64,
           out[2].of.i64, out[3].of.i32);

    printf("Calling swap...\n");
    wasm_val_t sa[2] = {WASM_F32_VAL(1.25f), WASM_F64_VAL(-2.5)};
    wasm_val_t so[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t sargs = WASM_ARRAY_VEC(sa);
    wasm_val_vec_t sres = WASM_ARRAY_VEC(so);
    CHECK(!wasm_func_call(swap, &sargs, &sres), "calling swap");
    printf("> kinds %d %d, values %g %g\n", so[0].kind, so[1].kind, so[0].of.f64, (double)so[1].of.f32);

    printf("Calling with a wrong argument kind...\n");
    sa[0].kind = WASM_I32;
    wasm_trap_t *trap = wasm_func_call(swap, &sargs, &sres);
    CHECK(trap, "a mismatched argument must trap");
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("> %s\n", msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(callback);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
