/* limits.c: resource limits on a store: memory pages, table elements, instance count, a limiter callback, stack size. */
#include <inttypes.h>

#include "common.h"

static const char wat[] =
    "(module\n"
    "  (memory (export \"memory\") 1)\n"
    "  (table 1 funcref)\n"
    "  (func (export \"grow_memory\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
    "  (func (export \"grow_table\") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))\n"
    "  (func $deep (export \"deep\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1))))))))\n";

static int32_t call_i32(const wasm_instance_t *inst, const char *name, int32_t arg, wasm_trap_t **trap)
{
    wasm_extern_t *f = skiff_instance_export_get(inst, name, strlen(name));
    wasm_val_t a[1] = {WASM_I32_VAL(arg)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    *trap = wasm_func_call(wasm_extern_as_func(f), &args, &results);
    wasm_extern_delete(f);
    return r[0].of.i32;
}

static int asked;

/* Allows memories up to 4 pages and tables up to 10 elements, and tells what was asked. */
static bool limiter(void *env, wasm_externkind_t kind, uint64_t current, uint64_t desired, uint64_t maximum)
{
    (void)env;
    asked++;
    bool mem = kind == WASM_EXTERN_MEMORY;
    bool ok = desired <= (mem ? 4u : 10u);
    printf("  limiter: %s %" PRIu64 " -> %" PRIu64 " (maximum %" PRIu64 "): %s\n", mem ? "memory" : "table",
           current, desired, maximum, ok ? "allowed" : "refused");
    return ok;
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = compile_wat(engine, wat);
    wasm_trap_t *trap = NULL;

    printf("Memory limited to 8 pages, tables to 100 elements, 2 instances...\n");
    skiff_store_limit_memory_pages(store, 8);
    skiff_store_limit_table_elements(store, 100);
    skiff_store_limit_instances(store, 2);
    wasm_instance_t *inst = NULL;
    check_error(skiff_instance_new(store, module, NULL, 0, &inst, &trap), "instantiating");
    printf("grow_memory(3) = %d\n", call_i32(inst, "grow_memory", 3, &trap));
    printf("grow_memory(5) = %d\n", call_i32(inst, "grow_memory", 5, &trap));
    printf("grow_memory(4) = %d\n", call_i32(inst, "grow_memory", 4, &trap));
    printf("grow_table(99) = %d\n", call_i32(inst, "grow_table", 99, &trap));
    printf("grow_table(1) = %d\n", call_i32(inst, "grow_table", 1, &trap));

    wasm_instance_t *second = NULL, *third = NULL;
    check_error(skiff_instance_new(store, module, NULL, 0, &second, &trap), "instantiating again");
    skiff_error_t *err = skiff_instance_new(store, module, NULL, 0, &third, &trap);
    printf("third instance: %s\n", err ? skiff_error_message(err) : "made");
    skiff_error_delete(err);

    skiff_store_limit_instances(store, 10);
    const char *too_big[] = {"(module (memory 9))", "(module (table 101 funcref))"};
    for (int i = 0; i < 2; i++) {
        wasm_module_t *big = compile_wat(engine, too_big[i]);
        wasm_instance_t *big_inst = NULL;
        err = skiff_instance_new(store, big, NULL, 0, &big_inst, &trap);
        printf("%s: %s\n", too_big[i], err ? skiff_error_message(err) : "made");
        skiff_error_delete(err);
        wasm_module_delete(big);
    }

    printf("A limiter callback on a fresh store...\n");
    wasm_store_t *store2 = wasm_store_new(engine);
    skiff_store_limiter_set(store2, limiter, NULL, NULL);
    wasm_instance_t *inst2 = NULL;
    check_error(skiff_instance_new(store2, module, NULL, 0, &inst2, &trap), "instantiating");
    printf("grow_memory(2) = %d\n", call_i32(inst2, "grow_memory", 2, &trap));
    printf("grow_memory(2) = %d\n", call_i32(inst2, "grow_memory", 2, &trap));
    printf("grow_table(20) = %d\n", call_i32(inst2, "grow_table", 20, &trap));
    wasm_extern_t *mem = skiff_instance_export_get(inst2, "memory", 6);
    printf("wasm_memory_grow(1) from the host: %s\n", wasm_memory_grow(wasm_extern_as_memory(mem), 1) ? "grew" : "refused");
    wasm_extern_delete(mem);
    printf("limiter asked %d times\n", asked);

    printf("A 64 KiB wasm stack...\n");
    printf("setting it: %s\n", skiff_store_max_stack_set(store2, 64 * 1024) ? "ok" : "refused");
    printf("setting 100 bytes: %s\n", skiff_store_max_stack_set(store2, 100) ? "ok" : "refused");
    printf("deep(100) = %d\n", call_i32(inst2, "deep", 100, &trap));
    call_i32(inst2, "deep", 100000, &trap);
    print_trap("deep(100000)", trap);
    skiff_store_max_stack_set(store2, 64 * 1024 * 1024);
    printf("with 64 MiB: deep(100000) = %d\n", call_i32(inst2, "deep", 100000, &trap));
    wasm_trap_delete(trap);

    printf("Shutting down...\n");
    wasm_instance_delete(inst);
    wasm_instance_delete(second);
    wasm_instance_delete(inst2);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_store_delete(store2);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
