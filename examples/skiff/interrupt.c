/* interrupt.c: another thread interrupts an infinite loop through an interrupt handle; handles outlive their store. */
#include <pthread.h>
#include <time.h>

#include "common.h"

static const char wat[] =
    "(module\n"
    "  (func (export \"spin\") (loop $l (br $l)))\n"
    "  (func $f (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (call $f (i32.sub (local.get 0) (i32.const 1))))))\n"
    "  (func (export \"calls\") (loop $l (drop (call $f (i32.const 1000))) (br $l)))\n"
    "  (func (export \"answer\") (result i32) (i32.const 42)))\n";

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void *interrupter(void *arg)
{
    sleep_ms(100);
    skiff_interrupt_handle_interrupt(arg);
    return NULL;
}

static void run_interrupted(wasm_instance_t *inst, skiff_interrupt_handle_t *h, const char *name)
{
    pthread_t t;
    if (pthread_create(&t, NULL, interrupter, h) != 0) exit(1);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    wasm_trap_t *trap = call_export(inst, name, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    pthread_join(t, NULL);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    char label[64];
    snprintf(label, sizeof label, "%s()", name);
    print_trap(label, trap);
    printf("stopped within 5 seconds: %s\n", secs < 5.0 ? "yes" : "no");
}

int main(void)
{
    printf("Initializing...\n");
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = compile_wat(engine, wat);
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    check_error(skiff_instance_new(store, module, NULL, 0, &inst, &trap), "instantiating");
    skiff_interrupt_handle_t *handle = skiff_interrupt_handle_new(store);
    if (!handle) return 1;

    printf("Interrupting an infinite loop from another thread...\n");
    run_interrupted(inst, handle, "spin");
    printf("Interrupting a loop full of calls...\n");
    run_interrupted(inst, handle, "calls");

    printf("The store is usable afterwards...\n");
    wasm_val_t r = WASM_INIT_VAL;
    trap = call_export(inst, "answer", &r);
    if (trap) return 1;
    printf("answer() = %d\n", (int)r.of.i32);

    printf("An interrupt requested while nothing runs stops the next call...\n");
    skiff_interrupt_handle_interrupt(handle);
    print_trap("answer()", call_export(inst, "answer", &r));
    trap = call_export(inst, "answer", &r);
    printf("the call after it: %s\n", trap ? "trapped" : "ran");
    wasm_trap_delete(trap);

    printf("Deleting the store; the handle stays safe to use...\n");
    wasm_instance_delete(inst);
    wasm_module_delete(module);
    wasm_store_delete(store);
    skiff_interrupt_handle_interrupt(handle);
    skiff_interrupt_handle_delete(handle);

    printf("Shutting down...\n");
    wasm_engine_delete(engine);
    printf("Done.\n");
    return 0;
}
