/* finalizers.c: 100,000 instantiations across 100 stores; every host-info and environment finalizer runs exactly once. */
#include "common.h"

#define STORES 100
#define PER_STORE 1000

static const char wat[] =
    "(module\n"
    "  (import \"host\" \"count\" (func $count))\n"
    "  (memory 1)\n"
    "  (table 2 funcref)\n"
    "  (func $start (call $count))\n"
    "  (start $start))\n";

static long live_instances, finalized_instances, calls, live_envs, live_limiters;

static void finalize_instance(void *p)
{
    (void)p;
    live_instances--;
    finalized_instances++;
}

static void finalize_env(void *env)
{
    printf("Finalizing linker function environment \"%s\"\n", (const char *)env);
    live_envs--;
}

static void finalize_limiter(void *env)
{
    (void)env;
    live_limiters--;
}

static bool allow_all(void *env, wasm_externkind_t kind, uint64_t current, uint64_t desired, uint64_t maximum)
{
    (void)env, (void)kind, (void)current, (void)desired, (void)maximum;
    return true;
}

static wasm_trap_t *count(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)env, (void)caller, (void)args, (void)results;
    calls++;
    return NULL;
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    skiff_linker_t *linker = skiff_linker_new(engine);
    wasm_functype_t *ft = wasm_functype_new_0_0();
    live_envs++;
    check_error(skiff_linker_define_func(linker, "host", "count", ft, count, "count", finalize_env), "defining");
    wasm_functype_delete(ft);
    wasm_module_t *module = compile_wat(engine, wat);

    printf("Instantiating %d times in %d stores...\n", STORES * PER_STORE, STORES);
    for (int s = 0; s < STORES; s++) {
        wasm_store_t *store = wasm_store_new(engine);
        live_limiters++;
        skiff_store_limiter_set(store, allow_all, NULL, finalize_limiter);
        skiff_interrupt_handle_t *h = skiff_interrupt_handle_new(store);
        for (int i = 0; i < PER_STORE; i++) {
            wasm_instance_t *inst = NULL;
            wasm_trap_t *trap = NULL;
            skiff_error_t *err = skiff_linker_instantiate(linker, store, module, &inst, &trap);
            if (err || trap) {
                printf("> Error instantiating\n");
                return 1;
            }
            live_instances++;
            wasm_instance_set_host_info_with_finalizer(inst, NULL, finalize_instance);
            wasm_instance_delete(inst);
        }
        if (s == 0) printf("Live after the first store: %ld instances\n", live_instances);
        wasm_store_delete(store);
        skiff_interrupt_handle_delete(h);
    }
    printf("Start functions run: %ld, instances finalized: %ld, live: %ld\n", calls, finalized_instances,
           live_instances);
    printf("Limiters live: %ld\n", live_limiters);

    printf("Deleting the linker...\n");
    skiff_linker_delete(linker);
    printf("Environments live: %ld\n", live_envs);

    printf("Shutting down...\n");
    wasm_module_delete(module);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
