/* runtime.h: the runtime model: store, instances, and the function, table,
 * memory and global instances of the spec, plus traps.
 *
 * Ownership: a store owns every object created in it (instances, host
 * functions, memories, tables, globals) and frees them all in sk_store_free.
 * Modules are not owned by stores; they must outlive every instance made from
 * them. A store and its objects are used by one thread at a time, except
 * sk_store_interrupt, which may be called from any thread.
 */
#ifndef SK_RUNTIME_H
#define SK_RUNTIME_H

#include "../decode/module.h"
#include <stdatomic.h>

#define SK_PAGE_SIZE 65536u
#define SK_MAX_PAGES 65536u /* 4 GiB for a 32-bit memory */

typedef struct sk_store sk_store;
typedef struct sk_instance sk_instance;
typedef struct sk_func sk_func;

/* ---- Traps ---- */
typedef struct sk_frame {
    sk_instance *inst;      /* may be NULL for host frames */
    uint32_t func_idx;      /* index in the instance's function index space */
    uint32_t func_offset;   /* byte offset of the instruction within the function body, or UINT32_MAX */
    uint64_t module_offset; /* byte offset in the module binary, or UINT64_MAX */
} sk_frame;

typedef struct sk_trap {
    sk_trap_kind kind;
    char *message;     /* owned; begins with the spec's wording for the kind */
    sk_frame *frames;  /* owned; innermost first; may be NULL */
    uint32_t nframes;
    bool is_exit;      /* WASI proc_exit: not an error, exit_code holds the status */
    int exit_code;
} sk_trap;

/* New trap of a kind; msg NULL means the kind's spec message. NULL on OOM only
 * if even the fallback static trap cannot be used (never: falls back to a
 * preallocated static trap that sk_trap_free ignores). */
SK_INTERNAL sk_trap *sk_trap_new(sk_trap_kind kind, const char *msg);
SK_INTERNAL sk_trap *sk_trap_newf(sk_trap_kind kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
SK_INTERNAL void sk_trap_free(sk_trap *t);
/* Appends a frame (innermost first order: call as frames unwind outward). Ignores OOM. */
SK_INTERNAL void sk_trap_push_frame(sk_trap *t, sk_instance *inst, uint32_t func_idx, uint32_t func_offset,
                                    uint64_t module_offset);

/* ---- Function instances ---- */
typedef struct sk_caller {
    sk_store *store;
    sk_instance *instance; /* the calling wasm instance, or NULL when called from the host */
} sk_caller;

/* A host function: reads args (as many as the type's params), writes results.
 * Returns NULL or an owned trap. */
typedef sk_trap *(*sk_host_fn)(sk_caller *caller, void *env, const sk_val *args, sk_val *results);

struct sk_func {
    const sk_functype *type; /* into the module's types, or &own_type for host functions */
    uint32_t sig_id;         /* == type->sig_id, for call_indirect checks */
    sk_instance *inst;       /* defining instance; NULL for host functions */
    uint32_t func_idx;       /* index in inst->module's function space */
    const sk_funcdef *def;   /* the definition (def->code is the lowered code); NULL for host */
    sk_host_fn host;         /* non-NULL for host functions */
    void *env;
    void (*finalizer)(void *env);
    sk_functype own_type; /* host functions: owned copy of the type */
};

/* ---- Memory instances ---- */
typedef struct sk_memory {
    uint8_t *data;   /* base address; never moves (address space is reserved up front) */
    uint64_t size;   /* current size in bytes == pages * SK_PAGE_SIZE */
    uint64_t pages;
    sk_memtype type; /* current type: lim.min tracks the current size */
    size_t reserved; /* bytes of address space reserved at data */
} sk_memory;

/* ---- Table instances ---- */
typedef struct sk_table {
    sk_tabletype type; /* lim.min tracks the current size */
    uint32_t size;
    void **elems;      /* sk_func* (funcref) or host pointer (externref); NULL is null */
    uint32_t cap;
} sk_table;

/* ---- Global instances ---- */
typedef struct sk_global {
    sk_globaltype type;
    sk_val val;
} sk_global;

/* ---- Externals ---- */
typedef struct sk_extern {
    uint8_t kind; /* sk_externkind */
    union {
        sk_func *func;
        sk_table *table;
        sk_memory *mem;
        sk_global *global;
        void *ptr;
    } of;
} sk_extern;

/* ---- Module instances ---- */
struct sk_instance {
    sk_store *store;
    const sk_module *module;
    sk_func **funcs; /* [module->nfuncs] imports first */
    sk_table **tables;
    sk_memory **mems;
    sk_global **globals;
    /* Segments at run time: element refs are resolved at instantiation;
     * a dropped segment has length 0. */
    void ***elem_refs;     /* [module->nelems][elem_len[i]] */
    uint32_t *elem_len;
    uint32_t *data_len;    /* [module->ndatas]; data bytes are module->datas[i].data */
};

/* ---- Stores ---- */
struct sk_store {
    /* Everything the store owns, freed by sk_store_free (in reverse order). */
    SK_VEC(void *) objects;
    SK_VEC(uint8_t) object_kinds;

    /* Execution state, owned by the interpreter (lazily allocated by it,
     * freed by sk_store_free through exec_free). */
    void *exec;
    void (*exec_free)(void *exec);

    /* Limits and controls (issue "embedding API" extends these). */
    size_t max_stack_bytes;   /* wasm value/frame stack, default 8 MiB */
    uint32_t max_call_depth;  /* nested wasm calls, default 100000 */
    uint32_t host_depth;      /* current host->wasm re-entry depth */
    uint64_t max_memory_pages; /* per memory, default SK_MAX_PAGES */
    uint32_t max_table_elems;  /* per table, default 10,000,000 */
    bool fuel_enabled;
    uint64_t fuel;            /* remaining, when fuel_enabled */
    /* Interrupt requests: sk_store_interrupt sets SK_POLL_INTERRUPT here and, once the interpreter's
     * execution state exists, in its poll word too (poll_word points at it; set once, before the
     * interpreter takes over any request made here: no request is lost). Running code polls only the
     * execution state's word, which also carries SK_POLL_FUEL while fuel_enabled. */
    atomic_int interrupt;
    _Atomic(atomic_int *) poll_word;
    bool bounds_checks;       /* explicit bounds checks; false: guard pages (every memory reserves 8 GiB and
                               * only modules lowered for guard pages run). Set before creating objects. */

    /* Embedder limits (skiff.h). The limiter, when set, is asked before a
     * memory (kind SK_EXTERN_MEMORY, pages) or table (SK_EXTERN_TABLE,
     * elements) grows, after the fixed limits passed; false refuses (-1). */
    bool (*grow_limiter)(void *env, uint8_t kind, uint64_t current, uint64_t desired, uint64_t maximum);
    void *grow_limiter_env;
    uint32_t max_instances; /* sk_instantiate fails with "instance limit exceeded" beyond it; default UINT32_MAX */
    uint32_t ninstances;    /* instances made so far (including ones whose start trapped) */
};

/* Creates an empty store with default limits. NULL on OOM. */
SK_INTERNAL sk_store *sk_store_new(void);
/* Frees the store and every object in it (finalizers of host functions run). */
SK_INTERNAL void sk_store_free(sk_store *s);
#define SK_POLL_INTERRUPT 1
#define SK_POLL_FUEL 2
/* Asks running code in the store to stop with an "interrupt" trap. Any thread. */
SK_INTERNAL void sk_store_interrupt(sk_store *s);

/* Object constructors; the store owns the result. NULL on OOM or when a limit
 * is exceeded (memory: min pages over max_memory_pages, etc.). */
SK_INTERNAL sk_func *sk_func_new_host(sk_store *s, const uint8_t *params, uint32_t np, const uint8_t *results,
                                      uint32_t nr, sk_host_fn fn, void *env, void (*finalizer)(void *));
SK_INTERNAL sk_memory *sk_memory_new(sk_store *s, const sk_memtype *type);
SK_INTERNAL sk_table *sk_table_new(sk_store *s, const sk_tabletype *type, void *init);
SK_INTERNAL sk_global *sk_global_new(sk_store *s, const sk_globaltype *type, sk_val val);

/* Whether address p lies in the reserved range of a memory of the store. Async-signal-safe
 * (no locks, no allocation): the guard-page fault handler calls it. */
SK_INTERNAL bool sk_store_owns_guest_address(const sk_store *s, const void *p);

/* memory.grow: grows by `delta` pages. Returns the old size in pages, or -1 if
 * the memory cannot grow (maximum, store limit, or out of memory). New bytes are zero. */
SK_INTERNAL int64_t sk_memory_grow(sk_store *s, sk_memory *m, uint64_t delta);
/* table.grow: returns the old size, or -1. New elements are `init`. */
SK_INTERNAL int64_t sk_table_grow(sk_store *s, sk_table *t, uint32_t delta, void *init);

/* Instantiates `m` with `imports` given in the module's import order
 * (nimports must equal m->nimports). Link errors ("incompatible import type",
 * "unknown import") return NULL with *err set. A trap while initialising
 * segments or running the start function returns NULL with *trap set; what
 * was written to imported tables and memories before it stays (spec 2.0).
 * The store owns the instance. */
SK_INTERNAL sk_instance *sk_instantiate(sk_store *s, const sk_module *m, const sk_extern *imports,
                                        uint32_t nimports, sk_trap **trap, sk_error *err);

/* Looks an export up by name. Returns false if there is none. */
SK_INTERNAL bool sk_instance_export(const sk_instance *inst, const char *name, size_t len, sk_extern *out);

/* Checks that extern `ext` matches import type `imp` (spec import subtyping,
 * including limits). Returns false with *err = "incompatible import type". */
SK_INTERNAL bool sk_extern_matches(const sk_module *m, const sk_import *imp, const sk_extern *ext, sk_error *err);

/* Calls any function (host or wasm) from the host. `args` holds the params,
 * `results` receives the results. Returns NULL or an owned trap. */
SK_INTERNAL sk_trap *sk_call(sk_store *s, sk_func *f, const sk_val *args, sk_val *results);

/* Evaluates a validated constant expression in the context of `inst`
 * (globals, functions). Returns false on allocation failure. */
SK_INTERNAL bool sk_eval_const(sk_instance *inst, const sk_constexpr *e, sk_val *out);

#endif
