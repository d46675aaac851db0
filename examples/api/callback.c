/* callback.c: host functions with an environment (a closure) and with values in both directions. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "print" (func $print (param i32) (result i32)))
 *   (import "env" "counter" (func $counter (result i32)))
 *   (func (export "run") (param i32 i32) (result i32)
 *     (i32.add (call $print (i32.add (local.get 0) (local.get 1)))
 *              (call $counter))))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7f, 0x02, 0x1b, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x70, 0x72,
    0x69, 0x6e, 0x74, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x63, 0x6f,
    0x75, 0x6e, 0x74, 0x65, 0x72, 0x00, 0x01, 0x03, 0x02, 0x01, 0x02, 0x07,
    0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x02, 0x0a, 0x0e, 0x01, 0x0c,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x10, 0x00, 0x10, 0x01, 0x6a, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static void print_val(const wasm_val_t *v)
{
    switch (v->kind) {
    case WASM_I32: printf("%" PRId32, v->of.i32); break;
    case WASM_I64: printf("%" PRId64, v->of.i64); break;
    case WASM_F32: printf("%g", (double)v->of.f32); break;
    case WASM_F64: printf("%g", v->of.f64); break;
    default: printf("<ref %p>", (void *)v->of.ref); break;
    }
}

/* env.print: prints its argument and returns it. */
static wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    printf("Calling back...\n> ");
    print_val(&args->data[0]);
    printf("\n");
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

/* env.counter: a closure over a counter; returns how often it was called. */
typedef struct counter {
    int32_t calls;
    const char *name;
} counter;

static wasm_trap_t *counter_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    counter *c = env;
    c->calls++;
    printf("Calling back closure %s (call %" PRId32 ")...\n", c->name, c->calls);
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = c->calls;
    return NULL;
}

static void counter_finalize(void *env)
{
    counter *c = env;
    printf("Finalizing closure %s after %" PRId32 " calls\n", c->name, c->calls);
    free(c);
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

    printf("Creating callbacks...\n");
    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *print_func = wasm_func_new(store, print_type, print_callback);
    wasm_functype_delete(print_type);

    counter *c = malloc(sizeof *c);
    CHECK(c, "allocating closure");
    c->calls = 0;
    c->name = "counter";
    wasm_functype_t *counter_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *counter_func = wasm_func_new_with_env(store, counter_type, counter_callback, c, counter_finalize);
    wasm_functype_delete(counter_type);
    CHECK(print_func && counter_func, "creating callbacks");

    printf("Instantiating module...\n");
    wasm_extern_t *externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(counter_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance && !trap, "instantiating module");
    wasm_func_delete(print_func);
    wasm_func_delete(counter_func);

    printf("Extracting export...\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1, "reading exports");
    const wasm_func_t *run_func = wasm_extern_as_func(exports.data[0]);
    CHECK(run_func, "export is not a function");
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    for (int round = 0; round < 2; round++) {
        printf("Calling export...\n");
        wasm_val_t as[2] = {WASM_I32_VAL(3), WASM_I32_VAL(4 + round)};
        wasm_val_t rs[1] = {WASM_INIT_VAL};
        wasm_val_vec_t args = WASM_ARRAY_VEC(as);
        wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
        trap = wasm_func_call(run_func, &args, &results);
        CHECK(!trap, "calling function");
        printf("Printing result...\n> %" PRId32 "\n", rs[0].of.i32);
    }

    wasm_extern_vec_delete(&exports);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
