/* start_trap.c: a start function that traps comes back as a trap, kept apart from errors (text, decoding, linking). */
#include <inttypes.h>

#include "common.h"

static const char wat[] =
    "(module\n"
    "  (import \"host\" \"hello\" (func $hello))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 0) \"initialized\")\n"
    "  (func $start (call $hello) (drop (i32.div_s (i32.const 1) (i32.const 0))))\n"
    "  (start $start))\n";

static wasm_trap_t *hello(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)env, (void)args, (void)results;
    wasm_memory_t *mem = skiff_caller_memory(caller);
    printf("  start function called the host; memory holds \"%.11s\"\n", mem ? wasm_memory_data(mem) : "?");
    wasm_memory_delete(mem);
    return NULL;
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    skiff_linker_t *linker = skiff_linker_new(engine);
    wasm_functype_t *ft = wasm_functype_new_0_0();
    check_error(skiff_linker_define_func(linker, "host", "hello", ft, hello, NULL, NULL), "defining");
    wasm_functype_delete(ft);

    printf("Instantiating a module whose start function traps...\n");
    wasm_module_t *module = compile_wat(engine, wat);
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    skiff_error_t *err = skiff_linker_instantiate(linker, store, module, &inst, &trap);
    printf("error: %s, instance: %s\n", err ? skiff_error_message(err) : "none", inst ? "made" : "none");
    skiff_error_delete(err);
    if (trap) {
        wasm_frame_t *origin = wasm_trap_origin(trap);
        if (origin)
            printf("trap origin: function %" PRIu32 "\n", wasm_frame_func_index(origin));
        wasm_frame_delete(origin);
    }
    print_trap("start", trap);

    printf("Text that does not parse...\n");
    const char *bad = "(module\n  (func (result i32)\n    (i32.const 1) (i32.frob)))";
    wasm_byte_vec_t bin;
    err = skiff_wat2wasm(bad, strlen(bad), &bin);
    uint32_t line = 0, col = 0;
    if (err && skiff_error_position(err, &line, &col)) {
        wasm_name_t text;
        skiff_error_format(err, &text);
        printf("error at line %" PRIu32 ", column %" PRIu32 ": %s\n", line, col, skiff_error_message(err));
        printf("formatted: %.*s\n", (int)text.size, text.data);
        wasm_name_delete(&text);
    }
    skiff_error_delete(err);
    wasm_byte_vec_delete(&bin);

    printf("A binary that does not decode...\n");
    static const uint8_t truncated[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01};
    wasm_module_t *m2 = NULL;
    err = skiff_module_new(engine, truncated, sizeof truncated, &m2);
    printf("error: %s, offset: %" PRId64 "\n", err ? skiff_error_message(err) : "none",
           err ? skiff_error_offset(err) : -1);
    skiff_error_delete(err);

    printf("A module that does not validate...\n");
    const char *invalid = "(module (func (result i32) (i64.const 1)))";
    err = skiff_wat2wasm(invalid, strlen(invalid), &bin);
    if (!err) err = skiff_module_validate(engine, (const uint8_t *)bin.data, bin.size);
    printf("error: %s\n", err ? skiff_error_message(err) : "none");
    skiff_error_delete(err);
    wasm_byte_vec_delete(&bin);

    printf("Shutting down...\n");
    wasm_module_delete(module);
    skiff_linker_delete(linker);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
