/* table.c: a funcref table used from the host (get, set, grow) and from wasm (call_indirect). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (table (export "table") 2 10 funcref)
 *   (type $i2i (func (param i32) (result i32)))
 *   (func (export "call_indirect") (param i32 i32) (result i32)
 *     (call_indirect (type $i2i) (local.get 0) (local.get 1)))
 *   (func $f (export "f") (param i32) (result i32) (local.get 0))
 *   (func (export "g") (param i32) (result i32) (i32.const 666))
 *   (elem (i32.const 1) $f))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x04,
    0x03, 0x01, 0x00, 0x00, 0x04, 0x05, 0x01, 0x70, 0x01, 0x02, 0x0a, 0x07,
    0x21, 0x04, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, 0x0d, 0x63,
    0x61, 0x6c, 0x6c, 0x5f, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74,
    0x00, 0x00, 0x01, 0x66, 0x00, 0x01, 0x01, 0x67, 0x00, 0x02, 0x09, 0x07,
    0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x01, 0x0a, 0x16, 0x03, 0x09, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x11, 0x00, 0x00, 0x0b, 0x04, 0x00, 0x20, 0x00,
    0x0b, 0x05, 0x00, 0x41, 0x9a, 0x05, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

/* A host function (i32) -> i32 that adds 1. */
static wasm_trap_t *inc_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = args->data[0].of.i32 + 1;
    return NULL;
}

static wasm_func_t *call_indirect;

/* Calls call_indirect(arg, index): prints the result or the trap. */
static void try_call(int32_t arg, int32_t index)
{
    wasm_val_t as[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
    wasm_trap_t *trap = wasm_func_call(call_indirect, &args, &results);
    if (trap) {
        wasm_message_t msg;
        wasm_trap_message(trap, &msg);
        printf("call_indirect(%" PRId32 ", %" PRId32 ") -> trap: %s\n", arg, index, msg.data);
        wasm_byte_vec_delete(&msg);
        wasm_trap_delete(trap);
    } else {
        printf("call_indirect(%" PRId32 ", %" PRId32 ") -> %" PRId32 "\n", arg, index, rs[0].of.i32);
    }
}

static void show(const wasm_table_t *table, const wasm_func_t *f, const wasm_func_t *g, const wasm_func_t *h)
{
    printf("size %" PRIu32 ":", wasm_table_size(table));
    for (wasm_table_size_t i = 0; i < wasm_table_size(table); i++) {
        wasm_ref_t *r = wasm_table_get(table, i);
        wasm_func_t *fn = r ? wasm_ref_as_func(r) : NULL;
        printf(" %s", !r ? "null" : wasm_func_same(fn, f) ? "f" : wasm_func_same(fn, g) ? "g" : wasm_func_same(fn, h) ? "h" : "?");
        wasm_ref_delete(r);
    }
    printf("\n");
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
    wasm_instance_t *instance = wasm_instance_new(store, module, NULL, NULL);
    CHECK(instance, "instantiating module");
    wasm_module_delete(module);

    printf("Extracting exports...\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 4, "reading exports");
    wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
    call_indirect = wasm_extern_as_func(exports.data[1]);
    wasm_func_t *f = wasm_extern_as_func(exports.data[2]);
    wasm_func_t *g = wasm_extern_as_func(exports.data[3]);
    CHECK(table && call_indirect && f && g, "export kinds");

    printf("Creating host function h...\n");
    wasm_functype_t *h_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *h = wasm_func_new(store, h_type, inc_callback);
    wasm_functype_delete(h_type);
    CHECK(h, "creating host function");

    printf("Checking table...\n");
    show(table, f, g, h);
    wasm_tabletype_t *tt = wasm_table_type(table);
    printf("type: element kind %d, min %" PRIu32 ", max %" PRIu32 "\n", wasm_valtype_kind(wasm_tabletype_element(tt)),
           wasm_tabletype_limits(tt)->min, wasm_tabletype_limits(tt)->max);
    wasm_tabletype_delete(tt);
    try_call(7, 0);
    try_call(7, 1);
    try_call(7, 2);

    printf("Mutating table...\n");
    CHECK(wasm_table_set(table, 0, wasm_func_as_ref(g)), "set 0");
    CHECK(wasm_table_set(table, 1, NULL), "set 1");
    CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(f)), "set out of bounds must fail");
    show(table, f, g, h);
    try_call(7, 0);
    try_call(7, 1);

    printf("Growing table...\n");
    CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(h)), "grow by 3");
    CHECK(wasm_table_set(table, 4, wasm_func_as_ref(f)), "set 4");
    show(table, f, g, h);
    try_call(5, 2);
    try_call(5, 4);
    try_call(5, 5);
    CHECK(wasm_table_grow(table, 5, NULL), "grow to the maximum");
    CHECK(!wasm_table_grow(table, 1, NULL), "grow past the maximum must fail");
    printf("size after growing to the maximum: %" PRIu32 "\n", wasm_table_size(table));

    printf("Creating stand-alone table...\n");
    wasm_limits_t limits = {5, 5};
    wasm_tabletype_t *type = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_table_t *table2 = wasm_table_new(store, type, wasm_func_as_ref(h));
    wasm_tabletype_delete(type);
    CHECK(table2, "creating table");
    show(table2, f, g, h);
    CHECK(!wasm_table_grow(table2, 1, NULL), "grow past the maximum must fail");
    wasm_table_delete(table2);

    wasm_func_delete(h);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
