/* reflect.c: the import and export types of a module, and the types of an instance's exports. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "log" (func (param i32 i64)))
 *   (import "env" "mem" (memory 1 2))
 *   (import "env" "tab" (table 3 externref))
 *   (import "env" "g" (global (mut f32)))
 *   (func (export "func") (param i32 f64 f32) (result i32) (unreachable))
 *   (global (export "global") f64 (f64.const 0))
 *   (table (export "table") 0 50 funcref)
 *   (export "memory" (memory 0)))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x02, 0x60,
    0x02, 0x7f, 0x7e, 0x00, 0x60, 0x03, 0x7f, 0x7c, 0x7d, 0x01, 0x7f, 0x02,
    0x2c, 0x04, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6c, 0x6f, 0x67, 0x00, 0x00,
    0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x01, 0x01, 0x02,
    0x03, 0x65, 0x6e, 0x76, 0x03, 0x74, 0x61, 0x62, 0x01, 0x6f, 0x00, 0x03,
    0x03, 0x65, 0x6e, 0x76, 0x01, 0x67, 0x03, 0x7d, 0x01, 0x03, 0x02, 0x01,
    0x01, 0x04, 0x05, 0x01, 0x70, 0x01, 0x00, 0x32, 0x06, 0x0d, 0x01, 0x7c,
    0x00, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x07,
    0x22, 0x04, 0x04, 0x66, 0x75, 0x6e, 0x63, 0x00, 0x01, 0x06, 0x67, 0x6c,
    0x6f, 0x62, 0x61, 0x6c, 0x03, 0x01, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65,
    0x01, 0x01, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x0a,
    0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static void print_valtype(const wasm_valtype_t *t)
{
    switch (wasm_valtype_kind(t)) {
    case WASM_I32: printf("i32"); break;
    case WASM_I64: printf("i64"); break;
    case WASM_F32: printf("f32"); break;
    case WASM_F64: printf("f64"); break;
    case WASM_EXTERNREF: printf("externref"); break;
    case WASM_FUNCREF: printf("funcref"); break;
    default: printf("kind%d", wasm_valtype_kind(t)); break;
    }
}

static void print_valtypes(const wasm_valtype_vec_t *ts)
{
    printf("[");
    for (size_t i = 0; i < ts->size; i++) {
        if (i) printf(" ");
        print_valtype(ts->data[i]);
    }
    printf("]");
}

static void print_limits(const wasm_limits_t *l)
{
    printf("%" PRIu32, l->min);
    if (l->max != wasm_limits_max_default) printf("..%" PRIu32, l->max);
}

static void print_externtype(const wasm_externtype_t *t)
{
    switch (wasm_externtype_kind(t)) {
    case WASM_EXTERN_FUNC: {
        const wasm_functype_t *ft = wasm_externtype_as_functype_const(t);
        printf("func ");
        print_valtypes(wasm_functype_params(ft));
        printf(" -> ");
        print_valtypes(wasm_functype_results(ft));
        break;
    }
    case WASM_EXTERN_GLOBAL: {
        const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(t);
        printf("global %s ", wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const");
        print_valtype(wasm_globaltype_content(gt));
        break;
    }
    case WASM_EXTERN_TABLE: {
        const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(t);
        printf("table ");
        print_limits(wasm_tabletype_limits(tt));
        printf(" ");
        print_valtype(wasm_tabletype_element(tt));
        break;
    }
    case WASM_EXTERN_MEMORY:
        printf("memory ");
        print_limits(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t)));
        break;
    }
}

static wasm_trap_t *log_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    return NULL;
}

static void print_name(const wasm_name_t *name) { printf("\"%.*s\"", (int)name->size, name->data); }

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

    printf("Imports:\n");
    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    for (size_t i = 0; i < imports.size; i++) {
        printf("  %zu: ", i);
        print_name(wasm_importtype_module(imports.data[i]));
        printf(" ");
        print_name(wasm_importtype_name(imports.data[i]));
        printf(": ");
        print_externtype(wasm_importtype_type(imports.data[i]));
        printf("\n");
    }

    printf("Exports:\n");
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    for (size_t i = 0; i < exports.size; i++) {
        printf("  %zu: ", i);
        print_name(wasm_exporttype_name(exports.data[i]));
        printf(": ");
        print_externtype(wasm_exporttype_type(exports.data[i]));
        printf("\n");
    }

    printf("Copying the type vectors...\n");
    wasm_exporttype_vec_t copy;
    wasm_exporttype_vec_copy(&copy, &exports);
    CHECK(copy.size == exports.size, "copying exports");
    CHECK(wasm_externtype_kind(wasm_exporttype_type(copy.data[0])) == WASM_EXTERN_FUNC, "copied export kind");
    wasm_exporttype_vec_delete(&copy);

    printf("Providing the imports...\n");
    wasm_extern_t *provided[4] = {NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < imports.size; i++) {
        const wasm_externtype_t *t = wasm_importtype_type(imports.data[i]);
        switch (wasm_externtype_kind(t)) {
        case WASM_EXTERN_MEMORY:
            provided[i] = wasm_memory_as_extern(wasm_memory_new(store, wasm_externtype_as_memorytype_const(t)));
            break;
        case WASM_EXTERN_TABLE:
            provided[i] = wasm_table_as_extern(wasm_table_new(store, wasm_externtype_as_tabletype_const(t), NULL));
            break;
        case WASM_EXTERN_GLOBAL: {
            wasm_val_t zero = WASM_F32_VAL(0.0f);
            provided[i] = wasm_global_as_extern(wasm_global_new(store, wasm_externtype_as_globaltype_const(t), &zero));
            break;
        }
        default: break; /* the function is left out on purpose */
        }
    }
    wasm_extern_vec_t given = WASM_ARRAY_VEC(provided);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &given, &trap);
    CHECK(!instance && trap, "a missing import must fail");
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("> %s\n", msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);

    printf("Instantiating with all imports...\n");
    wasm_functype_t *log_type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64());
    CHECK(!wasm_func_new(store, log_type, NULL), "a function without callback must be refused");
    wasm_func_t *log_func = wasm_func_new(store, log_type, log_callback);
    wasm_functype_delete(log_type);
    CHECK(log_func, "creating function");
    provided[0] = wasm_func_as_extern(log_func);
    instance = wasm_instance_new(store, module, &given, &trap);
    CHECK(instance && !trap, "instantiating module");

    printf("Instance export types:\n");
    wasm_extern_vec_t externs;
    wasm_instance_exports(instance, &externs);
    for (size_t i = 0; i < externs.size; i++) {
        wasm_externtype_t *t = wasm_extern_type(externs.data[i]);
        printf("  %zu: kind %d: ", i, wasm_extern_kind(externs.data[i]));
        print_externtype(t);
        printf("\n");
        wasm_externtype_delete(t);
    }
    /* The exported memory is the imported one. */
    CHECK(wasm_memory_same(wasm_extern_as_memory(externs.data[3]), wasm_extern_as_memory(provided[1])), "same memory");
    wasm_extern_vec_delete(&externs);
    wasm_instance_delete(instance);

    wasm_importtype_vec_delete(&imports);
    wasm_exporttype_vec_delete(&exports);
    for (size_t i = 0; i < 4; i++) wasm_extern_delete(provided[i]);
    wasm_module_delete(module);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
