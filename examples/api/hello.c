/* hello.c: the smallest embedding: a host function imported by a module and called from wasm. */
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "hello" (func $hello))
 *   (func (export "run") (call $hello)))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x68, 0x65,
    0x6c, 0x6c, 0x6f, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01,
    0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10,
    0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

/* The import env.hello: takes and returns nothing. */
static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    printf("Calling back...\n");
    printf("> Hello World!\n");
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
    wasm_functype_t *hello_type = wasm_functype_new_0_0();
    wasm_func_t *hello_func = wasm_func_new(store, hello_type, hello_callback);
    wasm_functype_delete(hello_type);
    CHECK(hello_func, "creating callback");

    printf("Instantiating module...\n");
    wasm_extern_t *externs[] = {wasm_func_as_extern(hello_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance && !trap, "instantiating module");
    wasm_func_delete(hello_func);

    printf("Extracting export...\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1, "reading exports");
    const wasm_func_t *run_func = wasm_extern_as_func(exports.data[0]);
    CHECK(run_func, "export is not a function");

    /* The module and instance handles may go; the store keeps what runs. */
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    printf("Calling export...\n");
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_vec_t results = WASM_EMPTY_VEC;
    trap = wasm_func_call(run_func, &args, &results);
    CHECK(!trap, "calling function");

    wasm_extern_vec_delete(&exports);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
