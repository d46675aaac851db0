/* common.h: small helpers shared by the examples/skiff programs (compile WAT text, fail loudly). */
#ifndef SKIFF_EXAMPLE_COMMON_H
#define SKIFF_EXAMPLE_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skiff.h"

/* Prints the error and exits when e is set. */
static inline void check_error(skiff_error_t *e, const char *what)
{
    if (!e) return;
    printf("> Error %s: %s\n", what, skiff_error_message(e));
    skiff_error_delete(e);
    exit(1);
}

/* Compiles WAT text to a module of the engine, or exits. */
static inline wasm_module_t *compile_wat(wasm_engine_t *engine, const char *wat)
{
    wasm_byte_vec_t bin;
    check_error(skiff_wat2wasm(wat, strlen(wat), &bin), "compiling text");
    wasm_module_t *m = NULL;
    check_error(skiff_module_new(engine, (const uint8_t *)bin.data, bin.size, &m), "compiling module");
    wasm_byte_vec_delete(&bin);
    return m;
}

/* Prints a trap's message and deletes it. */
static inline void print_trap(const char *what, wasm_trap_t *trap)
{
    if (!trap) {
        printf("%s: no trap\n", what);
        return;
    }
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("%s: trap \"%.*s\"\n", what, msg.size ? (int)msg.size - 1 : 0, msg.data); /* message includes its NUL */
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
}

/* Calls export `name` of an instance with no arguments and up to one result. */
static inline wasm_trap_t *call_export(const wasm_instance_t *inst, const char *name, wasm_val_t *result)
{
    wasm_extern_t *f = skiff_instance_export_get(inst, name, strlen(name));
    if (!f || !wasm_extern_as_func(f)) {
        printf("> Error: no function export \"%s\"\n", name);
        exit(1);
    }
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_vec_t results = {result ? 1 : 0, result};
    wasm_trap_t *t = wasm_func_call(wasm_extern_as_func(f), &args, &results);
    wasm_extern_delete(f);
    return t;
}

#endif
