/* trap.c: traps from wasm (with a stack trace), from host functions, and from a start function. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

/* The module, built from this text with wat2wasm:
 * (module
 *   (import "env" "fail" (func $fail (result i32)))
 *   (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
 *   (func (export "divide") (param i32) (result i32) (call $inner (local.get 0)))
 *   (func (export "host_fail") (result i32) (call $fail))
 *   (func (export "unreachable") (unreachable)))
 */
static const unsigned char module_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x03, 0x60,
    0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02,
    0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x66, 0x61, 0x69, 0x6c, 0x00,
    0x00, 0x03, 0x05, 0x04, 0x01, 0x01, 0x00, 0x02, 0x07, 0x24, 0x03, 0x06,
    0x64, 0x69, 0x76, 0x69, 0x64, 0x65, 0x00, 0x02, 0x09, 0x68, 0x6f, 0x73,
    0x74, 0x5f, 0x66, 0x61, 0x69, 0x6c, 0x00, 0x03, 0x0b, 0x75, 0x6e, 0x72,
    0x65, 0x61, 0x63, 0x68, 0x61, 0x62, 0x6c, 0x65, 0x00, 0x04, 0x0a, 0x19,
    0x04, 0x07, 0x00, 0x41, 0x01, 0x20, 0x00, 0x6e, 0x0b, 0x06, 0x00, 0x20,
    0x00, 0x10, 0x01, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x03, 0x00, 0x00,
    0x0b,
};

/* The module, built from this text with wat2wasm:
 * (module
 *   (func $start (unreachable))
 *   (start $start))
 */
static const unsigned char start_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x05, 0x01,
    0x03, 0x00, 0x00, 0x0b,
};

#define CHECK(cond, what)                        \
    do {                                         \
        if (!(cond)) {                           \
            printf("> Error: %s\n", what);       \
            exit(1);                             \
        }                                        \
    } while (0)

static wasm_store_t *store;
static wasm_instance_t *instance;

/* env.fail: always fails with a host trap. */
static wasm_trap_t *fail_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    printf("Calling back...\n");
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "callback abort");
    wasm_trap_t *trap = wasm_trap_new(store, &message);
    wasm_name_delete(&message);
    return trap;
}

static void print_frame(const wasm_frame_t *frame)
{
    printf("  func %" PRIu32 " at function offset 0x%zx, module offset 0x%zx, %s\n", wasm_frame_func_index(frame),
           wasm_frame_func_offset(frame), wasm_frame_module_offset(frame),
           wasm_frame_instance(frame) == NULL            ? "host"
           : wasm_instance_same(wasm_frame_instance(frame), instance) ? "in our instance"
                                                          : "in another instance");
}

static void report(wasm_trap_t *trap)
{
    CHECK(trap, "expected a trap");
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("> Trap: %s\n", message.data);
    wasm_byte_vec_delete(&message);

    wasm_frame_t *origin = wasm_trap_origin(trap);
    if (origin) {
        printf("Origin:\n");
        print_frame(origin);
        wasm_frame_delete(origin);
    } else {
        printf("No origin.\n");
    }
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    printf("Trace (%zu frames):\n", trace.size);
    for (size_t i = 0; i < trace.size; i++) print_frame(trace.data[i]);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    store = wasm_store_new(engine);
    CHECK(engine && store, "creating engine and store");

    printf("Compiling module...\n");
    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, sizeof module_wasm, (const wasm_byte_t *)module_wasm);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(module, "compiling module");

    printf("Creating callback...\n");
    wasm_functype_t *fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail_func = wasm_func_new(store, fail_type, fail_callback);
    wasm_functype_delete(fail_type);
    CHECK(fail_func, "creating callback");

    printf("Instantiating module...\n");
    wasm_extern_t *externs[] = {wasm_func_as_extern(fail_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_trap_t *trap = NULL;
    instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance && !trap, "instantiating module");
    wasm_func_delete(fail_func);
    wasm_module_delete(module);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 3, "reading exports");
    const wasm_func_t *divide = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *host_fail = wasm_extern_as_func(exports.data[1]);
    const wasm_func_t *unreachable = wasm_extern_as_func(exports.data[2]);
    CHECK(divide && host_fail && unreachable, "export kinds");

    printf("Calling divide(4)...\n");
    wasm_val_t as[1] = {WASM_I32_VAL(4)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(divide, &args, &results), "divide(4)");
    printf("> %" PRId32 "\n", rs[0].of.i32);

    printf("Calling divide(0)...\n");
    as[0].of.i32 = 0;
    report(wasm_func_call(divide, &args, &results));

    printf("Calling host_fail...\n");
    wasm_val_vec_t no_args = WASM_EMPTY_VEC;
    report(wasm_func_call(host_fail, &no_args, &results));

    printf("Calling unreachable...\n");
    wasm_val_vec_t no_results = WASM_EMPTY_VEC;
    report(wasm_func_call(unreachable, &no_args, &no_results));

    printf("Instantiating a module whose start function traps...\n");
    wasm_byte_vec_new(&binary, sizeof start_wasm, (const wasm_byte_t *)start_wasm);
    wasm_module_t *start_module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(start_module, "compiling start module");
    trap = NULL;
    wasm_instance_t *none = wasm_instance_new(store, start_module, NULL, &trap);
    CHECK(!none, "instantiation must fail");
    report(trap);

    printf("Instantiating with a missing import...\n");
    wasm_byte_vec_new(&binary, sizeof module_wasm, (const wasm_byte_t *)module_wasm);
    module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(module, "compiling module");
    none = wasm_instance_new(store, module, NULL, &trap);
    CHECK(!none, "instantiation must fail");
    report(trap);
    wasm_module_delete(module);
    wasm_module_delete(start_module);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);

    printf("Shutting down...\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
