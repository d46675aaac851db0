/* linker.c: a linker resolving imports by name: a host function that reads the guest's memory through its caller,
 * a store global, and a whole instance defined under a module name. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skiff.h"

/* A library module whose exports another module imports through the linker. */
static const char lib_wat[] =
    "(module\n"
    "  (func (export \"double\") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))\n";

static const char app_wat[] =
    "(module\n"
    "  (import \"host\" \"log\" (func $log (param i32 i32)))\n"
    "  (import \"host\" \"base\" (global $base i32))\n"
    "  (import \"lib\" \"double\" (func $double (param i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"Hello from guest memory!\")\n"
    "  (func (export \"run\") (result i32)\n"
    "    (call $log (i32.const 16) (i32.const 24))\n"
    "    (call $double (global.get $base))))\n";

static void check_error(skiff_error_t *e, const char *what)
{
    if (!e) return;
    printf("> Error %s: %s\n", what, skiff_error_message(e));
    skiff_error_delete(e);
    exit(1);
}

static wasm_module_t *compile(wasm_engine_t *engine, const char *wat)
{
    wasm_byte_vec_t bin;
    check_error(skiff_wat2wasm(wat, strlen(wat), &bin), "compiling text");
    wasm_module_t *m = NULL;
    check_error(skiff_module_new(engine, (const uint8_t *)bin.data, bin.size, &m), "compiling module");
    wasm_byte_vec_delete(&bin);
    return m;
}

static int calls;

/* host.log(ptr, len): prints a string from the calling instance's memory. */
static wasm_trap_t *log_string(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args,
                               wasm_val_vec_t *results)
{
    (void)results;
    const char *prefix = env;
    wasm_memory_t *mem = skiff_caller_memory(caller);
    if (!mem) return wasm_trap_new(skiff_caller_store(caller), &(wasm_message_t){0, NULL});
    uint32_t ptr = (uint32_t)args->data[0].of.i32, len = (uint32_t)args->data[1].of.i32;
    if ((uint64_t)ptr + len > wasm_memory_data_size(mem)) {
        wasm_memory_delete(mem);
        wasm_message_t msg;
        wasm_name_new_from_string_nt(&msg, "log: string out of bounds");
        wasm_trap_t *t = wasm_trap_new(skiff_caller_store(caller), &msg);
        wasm_byte_vec_delete(&msg);
        return t;
    }
    printf("%s%.*s\n", prefix, (int)len, wasm_memory_data(mem) + ptr);
    wasm_memory_delete(mem);

    /* The same memory, found by its export name. */
    wasm_extern_t *ext = skiff_caller_export_get(caller, "memory", 6);
    printf("  export \"memory\" found through the caller: %s\n",
           ext && wasm_extern_kind(ext) == WASM_EXTERN_MEMORY ? "yes" : "no");
    wasm_extern_delete(ext);
    calls++;
    return NULL;
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    skiff_linker_t *linker = skiff_linker_new(engine);
    if (!engine || !store || !linker) return 1;

    printf("Defining host functions and globals...\n");
    wasm_functype_t *log_type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    check_error(skiff_linker_define_func(linker, "host", "log", log_type, log_string, "[guest] ", NULL),
                "defining host.log");
    wasm_functype_delete(log_type);

    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t base = WASM_I32_VAL(21);
    wasm_global_t *global = wasm_global_new(store, gt, &base);
    wasm_globaltype_delete(gt);
    check_error(skiff_linker_define(linker, "host", "base", wasm_global_as_extern(global)), "defining host.base");

    skiff_error_t *dup = skiff_linker_define(linker, "host", "base", wasm_global_as_extern(global));
    printf("Defining host.base twice: %s\n", dup ? skiff_error_message(dup) : "accepted");
    skiff_error_delete(dup);
    wasm_global_delete(global);

    printf("Instantiating the library and defining it as \"lib\"...\n");
    wasm_module_t *lib = compile(engine, lib_wat);
    wasm_instance_t *lib_inst = NULL;
    wasm_trap_t *trap = NULL;
    check_error(skiff_linker_instantiate(linker, store, lib, &lib_inst, &trap), "instantiating lib");
    if (trap) return 1;
    check_error(skiff_linker_define_instance(linker, "lib", lib_inst), "defining lib");

    printf("Instantiating the application...\n");
    wasm_module_t *app = compile(engine, app_wat);
    wasm_instance_t *app_inst = NULL;
    check_error(skiff_linker_instantiate(linker, store, app, &app_inst, &trap), "instantiating app");
    if (trap) return 1;

    printf("Calling run...\n");
    wasm_extern_t *run = skiff_instance_export_get(app_inst, "run", 3);
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(res);
    trap = wasm_func_call(wasm_extern_as_func(run), &args, &results);
    if (trap) return 1;
    printf("run() = %" PRId32 ", host calls: %d\n", res[0].of.i32, calls);
    wasm_extern_delete(run);

    printf("A module with an import nobody defined...\n");
    const char *bad_wat = "(module (import \"env\" \"missing\" (func)))";
    wasm_module_t *bad = compile(engine, bad_wat);
    wasm_instance_t *bad_inst = NULL;
    skiff_error_t *err = skiff_linker_instantiate(linker, store, bad, &bad_inst, &trap);
    printf("error: %s\n", err ? skiff_error_message(err) : "(none)");
    skiff_error_delete(err);

    printf("A module whose import has the wrong type...\n");
    const char *wrong_wat = "(module (import \"lib\" \"double\" (func (param i64))))";
    wasm_module_t *wrong = compile(engine, wrong_wat);
    err = skiff_linker_instantiate(linker, store, wrong, &bad_inst, &trap);
    printf("error: %s\n", err ? skiff_error_message(err) : "(none)");
    skiff_error_delete(err);

    printf("Using a store-bound definition from another store...\n");
    wasm_store_t *other = wasm_store_new(engine);
    err = skiff_linker_instantiate(linker, other, app, &bad_inst, &trap);
    printf("error: %s\n", err ? skiff_error_message(err) : "(none)");
    skiff_error_delete(err);
    wasm_store_delete(other);

    printf("Shutting down...\n");
    wasm_module_delete(bad);
    wasm_module_delete(wrong);
    wasm_instance_delete(app_inst);
    wasm_instance_delete(lib_inst);
    wasm_module_delete(app);
    wasm_module_delete(lib);
    skiff_linker_delete(linker);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
