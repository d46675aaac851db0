/* wasi.c: a WASI program with arguments and environment, its stdout captured for the host, and its exit status. */
#include "common.h"

/* Prints "hello from WASI: <argc> args, <environ count> env vars", then "ARG1=<argv[1]>", then exits with 7. */
static const char wat[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\" (func $args_sizes_get (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"args_get\" (func $args_get (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"environ_sizes_get\" (func $environ_sizes_get (param i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $proc_exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 100) \"hello from WASI: \")\n"
    "  (data (i32.const 200) \" args, \")\n"
    "  (data (i32.const 220) \" env vars\\nARG1=\")\n"
    "  (data (i32.const 240) \"\\n\")\n"
    "  ;; write(ptr, len) through one iovec at 0\n"
    "  (func $write (param i32 i32)\n"
    "    (i32.store (i32.const 0) (local.get 0))\n"
    "    (i32.store (i32.const 4) (local.get 1))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))\n"
    "  ;; a one-digit number\n"
    "  (func $digit (param i32)\n"
    "    (i32.store8 (i32.const 300) (i32.add (i32.const 48) (local.get 0)))\n"
    "    (call $write (i32.const 300) (i32.const 1)))\n"
    "  (func $strlen (param i32) (result i32) (local i32)\n"
    "    (block $done (loop $l\n"
    "      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get 0) (local.get 1)))))\n"
    "      (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br $l)))\n"
    "    (local.get 1))\n"
    "  (func (export \"_start\")\n"
    "    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))\n"
    "    (drop (call $environ_sizes_get (i32.const 24) (i32.const 28)))\n"
    "    (call $write (i32.const 100) (i32.const 17))\n"
    "    (call $digit (i32.load (i32.const 16)))\n"
    "    (call $write (i32.const 200) (i32.const 7))\n"
    "    (call $digit (i32.load (i32.const 24)))\n"
    "    (call $write (i32.const 220) (i32.const 15))\n"
    "    ;; argv pointers at 1024, strings at 2048\n"
    "    (drop (call $args_get (i32.const 1024) (i32.const 2048)))\n"
    "    (call $write (i32.load (i32.const 1028)) (call $strlen (i32.load (i32.const 1028))))\n"
    "    (call $write (i32.const 240) (i32.const 1))\n"
    "    (call $proc_exit (i32.const 7))))\n";

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    skiff_linker_t *linker = skiff_linker_new(engine);
    check_error(skiff_linker_define_wasi(linker), "defining WASI");
    wasm_module_t *module = compile_wat(engine, wat);

    printf("Instantiating without a WASI context in the store...\n");
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    skiff_error_t *err = skiff_linker_instantiate(linker, store, module, &inst, &trap);
    printf("error: %s\n", err ? skiff_error_message(err) : "none");
    skiff_error_delete(err);

    printf("Configuring WASI: 2 arguments, 2 variables, stdout captured...\n");
    skiff_wasi_config_t *wasi = skiff_wasi_config_new();
    if (!wasi) return 1;
    check_error(skiff_wasi_config_arg(wasi, "prog.wasm"), "arg");
    check_error(skiff_wasi_config_arg(wasi, "first-argument"), "arg");
    check_error(skiff_wasi_config_env(wasi, "HOME", "/nowhere"), "env");
    check_error(skiff_wasi_config_env(wasi, "LANG", "C"), "env");
    err = skiff_wasi_config_env(wasi, "BAD=KEY", "x");
    printf("invalid variable name: %s\n", err ? skiff_error_message(err) : "accepted");
    skiff_error_delete(err);
    err = skiff_wasi_config_preopen_dir(wasi, "/nonexistent/skiff-example-dir", "/data");
    printf("preopening a missing directory: %s\n", err ? "refused" : "accepted");
    skiff_error_delete(err);
    check_error(skiff_wasi_config_stdio(wasi, 1, SKIFF_WASI_STDIO_CAPTURE, NULL), "stdout");
    check_error(skiff_store_set_wasi(store, wasi), "setting WASI");

    printf("Running _start...\n");
    check_error(skiff_linker_instantiate(linker, store, module, &inst, &trap), "instantiating");
    trap = call_export(inst, "_start", NULL);
    int status = -1;
    if (trap && skiff_trap_exit_status(trap, &status)) printf("exit status: %d\n", status);
    wasm_trap_delete(trap);

    wasm_byte_vec_t out;
    if (skiff_store_wasi_output(store, 1, &out)) printf("captured stdout:\n%.*s", (int)out.size, out.data);
    wasm_byte_vec_delete(&out);
    printf("stderr captured: %s\n", skiff_store_wasi_output(store, 2, &out) ? "yes" : "no");

    printf("Shutting down...\n");
    wasm_instance_delete(inst);
    wasm_module_delete(module);
    skiff_linker_delete(linker);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
