/* fuel.c: fuel metering stops an infinite loop with "all fuel consumed"; a host function refuels to let code go on. */
#include <inttypes.h>

#include "common.h"

static const char wat[] =
    "(module\n"
    "  (import \"host\" \"tick\" (func $tick))\n"
    "  (func (export \"spin\") (loop $l (br $l)))\n"
    "  (func (export \"count\") (param i32) (result i32) (local i32)\n"
    "    (loop $l\n"
    "      (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))\n"
    "    (local.get 1))\n"
    "  (func (export \"ticks\") (loop $l (call $tick) (br $l))))\n";

static int ticks;

/* host.tick: refuels the store a few times, then lets the fuel run out. */
static wasm_trap_t *tick(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)env, (void)args, (void)results;
    uint64_t left = 0;
    wasm_store_t *store = skiff_caller_store(caller);
    skiff_store_fuel_get(store, &left);
    if (left < 10 && ticks < 3) {
        ticks++;
        printf("  tick: %" PRIu64 " fuel left, refuelling (%d)\n", left, ticks);
        skiff_store_fuel_set(store, 1000);
    }
    return NULL;
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    skiff_linker_t *linker = skiff_linker_new(engine);
    wasm_functype_t *ft = wasm_functype_new_0_0();
    check_error(skiff_linker_define_func(linker, "host", "tick", ft, tick, NULL, NULL), "defining tick");
    wasm_functype_delete(ft);
    wasm_module_t *module = compile_wat(engine, wat);
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    check_error(skiff_linker_instantiate(linker, store, module, &inst, &trap), "instantiating");

    uint64_t fuel = 0;
    printf("Metering before it is turned on: %s\n", skiff_store_fuel_get(store, &fuel) ? "on" : "off");
    skiff_store_fuel_set(store, 10000);
    printf("Running an infinite loop with 10000 units of fuel...\n");
    print_trap("spin()", call_export(inst, "spin", NULL));
    uint64_t consumed = 0;
    skiff_store_fuel_get(store, &fuel);
    skiff_store_fuel_consumed(store, &consumed);
    printf("fuel left: %" PRIu64 ", consumed: %" PRIu64 "\n", fuel, consumed);

    printf("Counting to 100 with 1000 units of fuel...\n");
    skiff_store_fuel_set(store, 1000);
    wasm_extern_t *count = skiff_instance_export_get(inst, "count", 5);
    wasm_val_t a[1] = {WASM_I32_VAL(100)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    trap = wasm_func_call(wasm_extern_as_func(count), &args, &results);
    if (trap) return 1;
    skiff_store_fuel_get(store, &fuel);
    skiff_store_fuel_consumed(store, &consumed);
    printf("count(100) = %" PRId32 ", fuel left: %" PRIu64 ", consumed in all: %" PRIu64 "\n", r[0].of.i32, fuel,
           consumed);

    printf("Counting to 100000 with what is left...\n");
    a[0] = (wasm_val_t)WASM_I32_VAL(100000);
    print_trap("count(100000)", wasm_func_call(wasm_extern_as_func(count), &args, &results));
    wasm_extern_delete(count);

    printf("A loop calling a host function that refuels three times...\n");
    skiff_store_fuel_set(store, 100);
    print_trap("ticks()", call_export(inst, "ticks", NULL));
    skiff_store_fuel_consumed(store, &consumed);
    printf("ticks: %d, consumed in all: %" PRIu64 "\n", ticks, consumed);

    printf("Without metering the same loop runs to the end...\n");
    skiff_store_fuel_disable(store);
    a[0] = (wasm_val_t)WASM_I32_VAL(100000);
    count = skiff_instance_export_get(inst, "count", 5);
    trap = wasm_func_call(wasm_extern_as_func(count), &args, &results);
    wasm_extern_delete(count);
    if (trap) return 1;
    printf("count(100000) = %" PRId32 ", metering: %s\n", r[0].of.i32,
           skiff_store_fuel_get(store, &fuel) ? "on" : "off");

    printf("Shutting down...\n");
    wasm_instance_delete(inst);
    wasm_module_delete(module);
    skiff_linker_delete(linker);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
