/* shared.c: one compiled module shared by threads, each with its own store (wasm_module_share/obtain). */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "id" (global i32))
 *   (func $fib (param i32) (result i32)
 *     (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
 *       (then (local.get 0))
 *       (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
 *                      (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
 *   (func (export "run") (result i32) (call $fib (i32.add (global.get 0) (i32.const 10)))))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x0b, 0x01, 0x03,
    0x65, 0x6e, 0x76, 0x02, 0x69, 0x64, 0x03, 0x7f, 0x00, 0x03, 0x03, 0x02,
    0x00, 0x01, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a,
    0x28, 0x02, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04, 0x7f, 0x20,
    0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x20, 0x00, 0x41,
    0x02, 0x6b, 0x10, 0x00, 0x6a, 0x0b, 0x0b, 0x09, 0x00, 0x23, 0x00, 0x41,
    0x0a, 0x6a, 0x10, 0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

#define NTHREADS 4

typedef struct job {
    wasm_engine_t *engine;          /* shared by all threads */
    wasm_shared_module_t *shared;   /* shared by all threads */
    int32_t id;
    int32_t result;
    int ok;
} job;

static void *run(void *arg)
{
    job *j = arg;
    wasm_store_t *store = wasm_store_new(j->engine);
    if (!store) return NULL;
    wasm_module_t *module = wasm_module_obtain(store, j->shared);
    wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t id = WASM_I32_VAL(j->id);
    wasm_global_t *global = type ? wasm_global_new(store, type, &id) : NULL;
    wasm_globaltype_delete(type);
    if (module && global) {
        wasm_extern_t *externs[] = {wasm_global_as_extern(global)};
        wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
        wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
        if (instance) {
            wasm_extern_vec_t exports;
            wasm_instance_exports(instance, &exports);
            wasm_val_t rs[1] = {WASM_INIT_VAL};
            wasm_val_vec_t args = WASM_EMPTY_VEC;
            wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
            if (exports.size == 1 && !wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results)) {
                j->result = rs[0].of.i32;
                j->ok = 1;
            }
            wasm_extern_vec_delete(&exports);
            wasm_instance_delete(instance);
        }
    }
    wasm_global_delete(global);
    wasm_module_delete(module);
    wasm_store_delete(store);
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

    printf("Sharing module...\n");
    wasm_shared_module_t *shared = wasm_module_share(module);
    CHECK(shared, "sharing module");
    /* The original module and its store may go: the shared module keeps the code. */
    wasm_module_delete(module);
    wasm_store_delete(store);

    printf("Running %d threads...\n", NTHREADS);
    pthread_t threads[NTHREADS];
    job jobs[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (job){engine, shared, i, 0, 0};
        CHECK(pthread_create(&threads[i], NULL, run, &jobs[i]) == 0, "starting thread");
    }
    for (int i = 0; i < NTHREADS; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < NTHREADS; i++) {
        CHECK(jobs[i].ok, "thread failed");
        printf("Thread %d: fib(%d) = %" PRId32 "\n", i, i + 10, jobs[i].result);
    }

    printf("Shutting down...\n");
    wasm_shared_module_delete(shared);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
