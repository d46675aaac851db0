/* interp.h: the interpreter tier: lowering of validated code and execution.
 *
 * Lowering (lower.c) turns each validated function body once into compact
 * internal code: operands are frame-slot offsets, branch targets are resolved,
 * immediates are decoded. Dispatch (interp.c) runs that code with a
 * direct-threaded loop (computed goto). The runtime calls in only through the
 * functions below, so later tiers can sit beside this one.
 */
#ifndef SK_INTERP_H
#define SK_INTERP_H

#include "../decode/module.h"
#include "../runtime/runtime.h"

/* Lowers every defined function of a validated module, storing the result in
 * m->funcs[i].code. Returns false with *err set only on allocation failure or
 * on a limit ("function too large"). */
SK_INTERNAL bool sk_lower_module(sk_module *m, sk_error *err);

/* Frees one function's lowered code (called by sk_module_free). */
SK_INTERNAL void sk_code_free(void *code);

/* Runs a wasm-defined function `f` (f->host == NULL) with `args` (f's params, in
 * order) and writes its results to `results`. Returns NULL on normal completion,
 * or an owned trap. Re-entrant: a host function called from wasm may call back in.
 * Uses and bounds the store's execution stack (exec); unbounded recursion ends
 * in SK_TRAP_STACK_EXHAUSTED. */
SK_INTERNAL sk_trap *sk_interp_call(sk_store *s, sk_func *f, const sk_val *args, sk_val *results);

/* Whether guard-page bounds checks can be used in this process: a 64-bit Linux host (x86-64, aarch64)
 * where the SIGSEGV/SIGBUS handler is installed (done once, on the first call; thread-safe). The
 * default mode of new modules and stores. Faults that are not a guest's out-of-bounds access go to
 * the handler installed before (or the default action). */
SK_INTERNAL bool sk_guard_pages_available(void);

#endif
