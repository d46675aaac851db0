/* threads.c: several threads share one engine, one module and one linker; each runs in its own store. */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>

#include "common.h"

#define NTHREADS 8
#define ROUNDS 50

static const char wat[] =
    "(module\n"
    "  (import \"host\" \"report\" (func $report (param i32 i64)))\n"
    "  (global $id (mut i32) (i32.const 0))\n"
    "  (func $fib (param i32) (result i64)\n"
    "    (if (result i64) (i32.lt_u (local.get 0) (i32.const 2))\n"
    "      (then (i64.extend_i32_u (local.get 0)))\n"
    "      (else (i64.add (call $fib (i32.sub (local.get 0) (i32.const 1)))\n"
    "                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))\n"
    "  (func (export \"run\") (param i32 i32)\n"
    "    (global.set $id (local.get 0))\n"
    "    (call $report (global.get $id) (call $fib (local.get 1)))))\n";

static atomic_int reports;

typedef struct job {
    wasm_engine_t *engine;
    wasm_shared_module_t *shared;
    const skiff_linker_t *linker;
    int id;
    int64_t result; /* last fib value this thread's instance reported */
    int ok_rounds;
} job;

/* host.report(id, value): called concurrently from every thread. */
static wasm_trap_t *report(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)caller, (void)results;
    job *jobs = env;
    int id = args->data[0].of.i32;
    jobs[id].result = args->data[1].of.i64;
    atomic_fetch_add(&reports, 1);
    return NULL;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        wasm_store_t *store = wasm_store_new(j->engine);
        wasm_module_t *module = wasm_module_obtain(store, j->shared);
        wasm_instance_t *inst = NULL;
        wasm_trap_t *trap = NULL;
        skiff_error_t *err = skiff_linker_instantiate(j->linker, store, module, &inst, &trap);
        if (!err && !trap) {
            wasm_extern_t *run = skiff_instance_export_get(inst, "run", 3);
            wasm_val_t a[2] = {WASM_I32_VAL(j->id), WASM_I32_VAL(15 + j->id)};
            wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_EMPTY_VEC;
            trap = wasm_func_call(wasm_extern_as_func(run), &args, &results);
            if (!trap) j->ok_rounds++;
            wasm_extern_delete(run);
        }
        skiff_error_delete(err);
        wasm_trap_delete(trap);
        wasm_instance_delete(inst);
        wasm_module_delete(module);
        wasm_store_delete(store);
    }
    return NULL;
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    job jobs[NTHREADS];
    skiff_linker_t *linker = skiff_linker_new(engine);
    wasm_functype_t *ft = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64());
    check_error(skiff_linker_define_func(linker, "host", "report", ft, report, jobs, NULL), "defining");
    wasm_functype_delete(ft);

    printf("Compiling once...\n");
    wasm_module_t *module = compile_wat(engine, wat);
    wasm_shared_module_t *shared = wasm_module_share(module);
    wasm_module_delete(module);

    printf("Running %d threads, %d stores each...\n", NTHREADS, ROUNDS);
    pthread_t threads[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (job){engine, shared, linker, i, -1, 0};
        if (pthread_create(&threads[i], NULL, worker, &jobs[i]) != 0) return 1;
    }
    for (int i = 0; i < NTHREADS; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < NTHREADS; i++)
        printf("thread %d: %d rounds, fib(%d) = %" PRId64 "\n", i, jobs[i].ok_rounds, 15 + i, jobs[i].result);
    printf("reports: %d\n", atomic_load(&reports));

    printf("Shutting down...\n");
    wasm_shared_module_delete(shared);
    skiff_linker_delete(linker);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
