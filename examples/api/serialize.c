/* serialize.c: a module serialized to bytes, deserialized in another store, and run there. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "hello" (func $hello (param i32)))
 *   (func (export "run") (param i32) (call $hello (i32.mul (local.get 0) (i32.const 2)))))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x01, 0x7f, 0x00, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x68,
    0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07,
    0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x0b, 0x01, 0x09, 0x00,
    0x20, 0x00, 0x41, 0x02, 0x6c, 0x10, 0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    printf("Calling back...\n> Hello %" PRId32 "!\n", args->data[0].of.i32);
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
    CHECK(module, "compiling module");

    printf("Serializing module...\n");
    wasm_byte_vec_t serialized;
    wasm_module_serialize(module, &serialized);
    printf("> %zu bytes, %s the binary\n", serialized.size,
           serialized.size == binary.size && memcmp(serialized.data, binary.data, binary.size) == 0 ? "equal to"
                                                                                                   : "different from");
    wasm_byte_vec_delete(&binary);
    wasm_module_delete(module);
    wasm_store_delete(store);

    printf("Deserializing module in a new store...\n");
    store = wasm_store_new(engine);
    CHECK(store, "creating store");
    wasm_module_t *deserialized = wasm_module_deserialize(store, &serialized);
    wasm_byte_vec_delete(&serialized);
    CHECK(deserialized, "deserializing module");

    printf("Rejecting damaged bytes...\n");
    wasm_byte_vec_t damaged;
    wasm_byte_vec_new(&damaged, 8, "\0asm\2\0\0\0");
    CHECK(!wasm_module_deserialize(store, &damaged), "a damaged module must be refused");
    CHECK(!wasm_module_validate(store, &damaged), "a damaged module is not valid");
    wasm_byte_vec_delete(&damaged);

    printf("Creating callback...\n");
    wasm_functype_t *hello_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *hello_func = wasm_func_new(store, hello_type, hello_callback);
    wasm_functype_delete(hello_type);
    CHECK(hello_func, "creating callback");

    printf("Instantiating deserialized module...\n");
    wasm_extern_t *externs[] = {wasm_func_as_extern(hello_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, deserialized, &imports, NULL);
    CHECK(instance, "instantiating module");
    wasm_func_delete(hello_func);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1, "reading exports");
    const wasm_func_t *run_func = wasm_extern_as_func(exports.data[0]);
    CHECK(run_func, "export kind");
    wasm_module_delete(deserialized);
    wasm_instance_delete(instance);

    printf("Calling export...\n");
    wasm_val_t as[1] = {WASM_I32_VAL(21)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_EMPTY_VEC;
    CHECK(!wasm_func_call(run_func, &args, &results), "calling function");
    wasm_extern_vec_delete(&exports);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
