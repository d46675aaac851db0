/* skiff_internal.h: private definitions shared by the src/api/skiff_*.c files (skiff.h's implementation). */
#ifndef SK_SKIFF_INTERNAL_H
#define SK_SKIFF_INTERNAL_H

#include "api.h"

struct skiff_error_t {
    char *message;   /* NUL-terminated */
    char *where;     /* e.g. "code section", or NULL */
    int64_t offset;  /* -1 if none */
    uint32_t line, col;
    bool is_static;  /* the preallocated out-of-memory error: never freed */
};

/* A new error from a runtime error record. Never NULL (out of memory gives a static error). */
SK_INTERNAL skiff_error_t *sk_api_error_from(const sk_error *e);
/* A new error with a formatted message and no position. Never NULL. */
SK_INTERNAL skiff_error_t *sk_api_error_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The static "out of memory" error. */
SK_INTERNAL skiff_error_t *sk_api_error_oom(void);

/* Wraps a runtime extern of sk_externkind `kind` as an API extern handle of store s; NULL on OOM. */
SK_INTERNAL wasm_extern_t *sk_api_extern_wrap(wasm_store_t *s, uint8_t kind, void *obj);

/* Instantiates with already resolved imports (module order): link errors come
 * back as an error, traps through *trap_out. */
SK_INTERNAL skiff_error_t *sk_api_instantiate(wasm_store_t *store, const wasm_module_t *module,
                                              const wasm_extern_t *const *imports, size_t nimports,
                                              wasm_instance_t **instance_out, wasm_trap_t **trap_out);

/* The WASI host function for import `imp` of module m in store s (skiff_wasi.c).
 * NULL with *err set when the store has no WASI context, the import is not a
 * WASI function or its type differs. */
SK_INTERNAL wasm_extern_t *sk_api_wasi_resolve(wasm_store_t *s, const sk_module *m, const sk_import *imp,
                                               sk_error *err);
/* Whether an import's module name is a WASI one. */
SK_INTERNAL bool sk_api_wasi_is_import(const sk_import *imp);
/* Frees a store's WASI context (store deletion). */
SK_INTERNAL void sk_api_wasi_free(skiff_wasi_config_t *c);

#endif
