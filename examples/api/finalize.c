/* finalize.c: host info and finalizers on instances, functions and foreign objects held by wasm code. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "f" (func $f (param externref) (result externref)))
 *   (global $g (export "global") (mut externref) (ref.null extern))
 *   (table $t (export "table") 4 externref)
 *   (func (export "roundtrip") (param externref) (result externref) (call $f (local.get 0)))
 *   (func (export "keep") (param externref) (global.set $g (local.get 0)))
 *   (func (export "get") (result externref) (global.get $g)))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x03, 0x60,
    0x01, 0x6f, 0x01, 0x6f, 0x60, 0x01, 0x6f, 0x00, 0x60, 0x00, 0x01, 0x6f,
    0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x66, 0x00, 0x00, 0x03,
    0x04, 0x03, 0x00, 0x01, 0x02, 0x04, 0x04, 0x01, 0x6f, 0x00, 0x04, 0x06,
    0x06, 0x01, 0x6f, 0x01, 0xd0, 0x6f, 0x0b, 0x07, 0x2b, 0x05, 0x06, 0x67,
    0x6c, 0x6f, 0x62, 0x61, 0x6c, 0x03, 0x00, 0x05, 0x74, 0x61, 0x62, 0x6c,
    0x65, 0x01, 0x00, 0x09, 0x72, 0x6f, 0x75, 0x6e, 0x64, 0x74, 0x72, 0x69,
    0x70, 0x00, 0x01, 0x04, 0x6b, 0x65, 0x65, 0x70, 0x00, 0x02, 0x03, 0x67,
    0x65, 0x74, 0x00, 0x03, 0x0a, 0x14, 0x03, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x00, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x24, 0x00, 0x0b, 0x04, 0x00, 0x23,
    0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static int live_instances, live_foreigns, live_envs;

static void finalize_instance(void *data)
{
    (void)data;
    live_instances--;
}

static void finalize_foreign(void *data)
{
    printf("Finalizing foreign object \"%s\"\n", (const char *)data);
    live_foreigns--;
}

static void finalize_env(void *env)
{
    printf("Finalizing function environment %d\n", (int)(intptr_t)env);
    live_envs--;
}

/* env.f: returns its externref argument, as a new reference. */
static wasm_trap_t *identity(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)env;
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static const char *foreign_name(const wasm_ref_t *r)
{
    const wasm_foreign_t *f = r ? wasm_ref_as_foreign_const(r) : NULL;
    return f ? (const char *)wasm_foreign_get_host_info(f) : "(null)";
}

static void run_in_store(wasm_store_t *store, int iterations)
{
    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, sizeof module_wasm, (const wasm_byte_t *)module_wasm);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(module, "compiling module");

    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
    wasm_func_t *f = wasm_func_new_with_env(store, type, identity, (void *)(intptr_t)(live_envs + 1), finalize_env);
    wasm_functype_delete(type);
    CHECK(f, "creating function");
    live_envs++;

    printf("Instantiating %d times...\n", iterations);
    wasm_extern_t *externs[] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *last = NULL;
    for (int i = 0; i < iterations; i++) {
        wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
        CHECK(instance, "instantiating module");
        wasm_instance_set_host_info_with_finalizer(instance, (void *)(intptr_t)i, finalize_instance);
        live_instances++;
        if (last) wasm_instance_delete(last);
        last = instance;
    }
    wasm_module_delete(module);
    wasm_func_delete(f);

    printf("Passing foreign objects through wasm...\n");
    wasm_foreign_t *a = wasm_foreign_new(store);
    wasm_foreign_t *b = wasm_foreign_new(store);
    CHECK(a && b, "creating foreign objects");
    wasm_foreign_set_host_info_with_finalizer(a, "apple", finalize_foreign);
    wasm_foreign_set_host_info_with_finalizer(b, "banana", finalize_foreign);
    live_foreigns += 2;

    wasm_extern_vec_t exports;
    wasm_instance_exports(last, &exports);
    CHECK(exports.size == 5, "reading exports");
    wasm_global_t *global = wasm_extern_as_global(exports.data[0]);
    wasm_table_t *table = wasm_extern_as_table(exports.data[1]);
    const wasm_func_t *roundtrip = wasm_extern_as_func(exports.data[2]);
    const wasm_func_t *keep = wasm_extern_as_func(exports.data[3]);
    const wasm_func_t *get = wasm_extern_as_func(exports.data[4]);
    CHECK(global && table && roundtrip && keep && get, "export kinds");

    wasm_val_t as[1] = {WASM_REF_VAL(wasm_foreign_as_ref(a))};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(roundtrip, &args, &results), "roundtrip");
    printf("roundtrip(apple) = %s, same object: %s\n", foreign_name(rs[0].of.ref),
           wasm_ref_same(rs[0].of.ref, wasm_foreign_as_ref(a)) ? "yes" : "no");
    wasm_val_delete(&rs[0]);

    as[0].of.ref = wasm_foreign_as_ref(b);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    CHECK(!wasm_func_call(keep, &args, &none), "keep");
    CHECK(wasm_table_set(table, 2, wasm_foreign_as_ref(a)), "table.set");
    wasm_foreign_delete(a);
    wasm_foreign_delete(b);

    CHECK(!wasm_func_call(get, &none, &results), "get");
    printf("global holds %s\n", foreign_name(rs[0].of.ref));
    wasm_val_delete(&rs[0]);
    wasm_val_t gv;
    wasm_global_get(global, &gv);
    printf("global (read by the host) holds %s\n", foreign_name(gv.of.ref));
    wasm_val_delete(&gv);
    wasm_ref_t *slot = wasm_table_get(table, 2);
    printf("table[2] holds %s, table[1] holds %s\n", foreign_name(slot), foreign_name(wasm_table_get(table, 1)));
    wasm_ref_delete(slot);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(last);
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    CHECK(engine, "creating engine");

    printf("Creating store 1...\n");
    wasm_store_t *store1 = wasm_store_new(engine);
    CHECK(store1, "creating store");
    run_in_store(store1, 1000);
    printf("Live: %d instances, %d foreign objects, %d environments\n", live_instances, live_foreigns, live_envs);

    printf("Creating store 2...\n");
    wasm_store_t *store2 = wasm_store_new(engine);
    CHECK(store2, "creating store");
    run_in_store(store2, 10);
    printf("Live: %d instances, %d foreign objects, %d environments\n", live_instances, live_foreigns, live_envs);

    printf("Deleting store 2...\n");
    wasm_store_delete(store2);
    printf("Live: %d instances, %d foreign objects, %d environments\n", live_instances, live_foreigns, live_envs);

    printf("Deleting store 1...\n");
    wasm_store_delete(store1);
    printf("Live: %d instances, %d foreign objects, %d environments\n", live_instances, live_foreigns, live_envs);
    CHECK(live_instances == 0 && live_foreigns == 0 && live_envs == 0, "everything finalized");

    printf("Shutting down...\n");
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
