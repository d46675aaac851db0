/* memory.c: an exported memory seen from the host (data, size, grow) and from wasm (loads, stores, traps). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (memory (export "memory") 2 3)
 *   (func (export "size") (result i32) (memory.size))
 *   (func (export "load") (param i32) (result i32) (i32.load8_s (local.get 0)))
 *   (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
 *   (data (i32.const 0x1000) "\01\02\03\04"))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60,
    0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f,
    0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x04, 0x01, 0x01, 0x02,
    0x03, 0x07, 0x20, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x04, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x00, 0x04, 0x6c, 0x6f, 0x61,
    0x64, 0x00, 0x01, 0x05, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x02, 0x0a,
    0x18, 0x03, 0x04, 0x00, 0x3f, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x2c,
    0x00, 0x00, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x3a, 0x00, 0x00,
    0x0b, 0x0b, 0x0b, 0x01, 0x00, 0x41, 0x80, 0x20, 0x0b, 0x04, 0x01, 0x02,
    0x03, 0x04,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static wasm_func_t *size_func, *load_func, *store_func;

/* Calls f with up to two i32 arguments; prints a trap's message instead of a result. */
static int32_t call(const wasm_func_t *f, int nargs, int32_t a0, int32_t a1, int *trapped)
{
    wasm_val_t as[2] = {WASM_I32_VAL(a0), WASM_I32_VAL(a1)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {(size_t)nargs, as};
    wasm_val_vec_t results = {wasm_func_result_arity(f), rs};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    *trapped = trap != NULL;
    if (trap) {
        wasm_message_t msg;
        wasm_trap_message(trap, &msg);
        printf("> trap: %s\n", msg.data);
        wasm_byte_vec_delete(&msg);
        wasm_trap_delete(trap);
        return 0;
    }
    return results.size ? rs[0].of.i32 : 0;
}

static void check_load(int32_t addr, int32_t expected)
{
    int trapped;
    int32_t v = call(load_func, 1, addr, 0, &trapped);
    printf("load(0x%" PRIx32 ") = %" PRId32 "%s\n", (uint32_t)addr, v, !trapped && v == expected ? "" : "  (unexpected)");
}

static void check_trap_load(int32_t addr)
{
    int trapped;
    call(load_func, 1, addr, 0, &trapped);
    CHECK(trapped, "expected a trap");
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

    printf("Instantiating module...\n");
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance, "instantiating module");

    printf("Extracting exports...\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 4, "reading exports");
    wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
    size_func = wasm_extern_as_func(exports.data[1]);
    load_func = wasm_extern_as_func(exports.data[2]);
    store_func = wasm_extern_as_func(exports.data[3]);
    CHECK(memory && size_func && load_func && store_func, "export kinds");
    wasm_module_delete(module);

    printf("Checking memory...\n");
    int trapped;
    int32_t size = call(size_func, 0, 0, 0, &trapped);
    printf("pages = %" PRIu32 ", bytes = %zu, memory.size = %" PRId32 "\n", wasm_memory_size(memory),
           wasm_memory_data_size(memory), size);
    byte_t *data = wasm_memory_data(memory);
    printf("data[0] = %d, data[0x1000..0x1003] = %d %d %d %d\n", data[0], data[0x1000], data[0x1001], data[0x1002],
           data[0x1003]);
    check_load(0, 0);
    check_load(0x1000, 1);
    check_load(0x1003, 4);
    check_load(0x1ffff, 0);
    check_trap_load(0x20000);

    printf("Mutating memory...\n");
    data[0x1003] = 5;
    call(store_func, 2, 0x1002, 6, &trapped);
    CHECK(!trapped, "store");
    printf("data[0x1002] = %d\n", data[0x1002]);
    check_load(0x1003, 5);
    call(store_func, 2, 0x20000, 0, &trapped);
    CHECK(trapped, "store out of bounds");

    printf("Growing memory...\n");
    bool grown = wasm_memory_grow(memory, 1);
    printf("grow by 1: %s, pages = %" PRIu32 "\n", grown ? "ok" : "failed", wasm_memory_size(memory));
    check_load(0x20000, 0);
    check_trap_load(0x30000);
    printf("grow by 1: %s\n", wasm_memory_grow(memory, 1) ? "ok" : "failed (maximum is 3)");
    printf("grow by 0: %s\n", wasm_memory_grow(memory, 0) ? "ok" : "failed");
    wasm_memorytype_t *mt = wasm_memory_type(memory);
    const wasm_limits_t *lim = wasm_memorytype_limits(mt);
    printf("type: min %" PRIu32 " max %" PRIu32 "\n", lim->min, lim->max);
    wasm_memorytype_delete(mt);

    printf("Creating a stand-alone memory...\n");
    wasm_limits_t limits = {5, 5};
    wasm_memorytype_t *type = wasm_memorytype_new(&limits);
    wasm_memory_t *memory2 = wasm_memory_new(store, type);
    CHECK(memory2, "creating memory");
    printf("pages = %" PRIu32 "\n", wasm_memory_size(memory2));
    printf("grow by 1: %s\n", wasm_memory_grow(memory2, 1) ? "ok" : "failed (maximum is 5)");
    printf("grow by 0: %s\n", wasm_memory_grow(memory2, 0) ? "ok" : "failed");
    wasm_memorytype_delete(type);
    wasm_memory_delete(memory2);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
