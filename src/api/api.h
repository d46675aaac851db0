/* api.h: private definitions behind include/wasm.h (object layouts, the store's object map, value conversion). */
#ifndef SK_API_H
#define SK_API_H

#include "wasm.h"
#include "skiff.h"

#include "../common/common.h"
#include "../decode/module.h"
#include "../runtime/runtime.h"
#include <stdatomic.h>

/* v128 has no standard wasm_valkind_t; Skiff reports it with this value. */
#define SK_API_V128_KIND 4

/* ---- Engine and configuration (options: skiff.h, skiff_config.c). Zero is
 * the default: every implemented feature on, the fastest tier. ---- */
struct wasm_config_t {
    uint32_t disabled_features; /* bit (1 << skiff_feature_t) set = disabled */
    uint8_t tier;               /* sk_api_tier */
    uint8_t bounds;             /* skiff_bounds_checks_t */
};
struct wasm_engine_t {
    uint32_t disabled_features;
    uint8_t tier;
    bool guard_pages; /* the bounds mode, resolved at creation: its modules and stores use it */
};
typedef enum sk_api_tier { SK_API_TIER_INTERP = 0 } sk_api_tier;

/* ---- Type objects: plain owned values. The four extern types start with an
 * externtype header so wasm_xxxtype_as_externtype is a cast. ---- */
struct wasm_valtype_t {
    wasm_valkind_t kind;
};
struct wasm_externtype_t {
    wasm_externkind_t kind;
};
struct wasm_functype_t {
    wasm_externtype_t ext;
    wasm_valtype_vec_t params, results;
};
struct wasm_globaltype_t {
    wasm_externtype_t ext;
    wasm_valtype_t *content;
    wasm_mutability_t mutability;
};
struct wasm_tabletype_t {
    wasm_externtype_t ext;
    wasm_valtype_t *element;
    wasm_limits_t limits;
};
struct wasm_memorytype_t {
    wasm_externtype_t ext;
    wasm_limits_t limits;
};
struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};
struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

/* ---- References ----
 * Every reference object (func, global, table, memory, extern, instance,
 * foreign, module, trap) is a record that starts with wasm_ref_t, so the
 * as_ref/as_extern conversions are casts and `same` is pointer equality.
 * Store-bound records (runtime objects and foreign objects) have one record
 * per object, found through the store's map, and are freed with the store;
 * their handles are not counted. Modules and traps are counted (refs) and die
 * with their last handle; a store that holds one as an externref counts as a
 * handle. The four extern kinds use the wasm_externkind_t values. */
typedef enum sk_api_kind {
    SK_API_FUNC = WASM_EXTERN_FUNC,
    SK_API_GLOBAL = WASM_EXTERN_GLOBAL,
    SK_API_TABLE = WASM_EXTERN_TABLE,
    SK_API_MEMORY = WASM_EXTERN_MEMORY,
    SK_API_INSTANCE,
    SK_API_FOREIGN,
    SK_API_MODULE,
    SK_API_TRAP,
} sk_api_kind;

struct wasm_ref_t {
    uint8_t kind;      /* sk_api_kind */
    bool store_bound;  /* freed by wasm_store_delete */
    bool is_static;    /* the preallocated out-of-memory trap: never freed or changed */
    uint32_t refs;     /* handles, for counted records */
    wasm_store_t *store;
    void *host_info;
    void (*finalizer)(void *);
    union {
        sk_func *func;
        sk_global *global;
        sk_table *table;
        sk_memory *memory;
        sk_instance *instance;
        void *ptr;
    } of;
};

static inline bool sk_api_is_extern(const wasm_ref_t *r) { return r->kind <= SK_API_MEMORY; }

/* A module shared by stores and threads: the loaded module and a count of its
 * users (module handles, shared handles, stores with instances of it). */
struct wasm_shared_module_t {
    sk_module *module;
    atomic_uint refs;
};
SK_INTERNAL void sk_api_shared_release(wasm_shared_module_t *s);

typedef struct sk_api_module {
    wasm_ref_t ref;
    wasm_shared_module_t *shared;
} sk_api_module;

struct wasm_frame_t {
    wasm_instance_t *instance; /* a record of its store; never dereferenced here */
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

typedef struct sk_api_trap {
    wasm_ref_t ref;
    sk_trap_kind kind; /* SK_TRAP_NONE for traps made with wasm_trap_new */
    char *message;     /* NUL-terminated */
    size_t message_len; /* without the NUL */
    wasm_frame_t *frames;
    uint32_t nframes;
    bool is_exit;
    int exit_code;
} sk_api_trap;

/* ---- Pointer map (open addressing, no removal): store object lookup. ---- */
typedef struct sk_api_map {
    void **keys;
    void **vals;
    uint32_t cap; /* power of two, or 0 */
    uint32_t len;
} sk_api_map;
SK_INTERNAL void *sk_api_map_get(const sk_api_map *m, const void *key);
SK_INTERNAL bool sk_api_map_put(sk_api_map *m, void *key, void *val);
/* Makes room for `extra` more keys, so the next puts cannot fail. */
SK_INTERNAL bool sk_api_map_reserve(sk_api_map *m, uint32_t extra);
SK_INTERNAL void sk_api_map_free(sk_api_map *m);

struct wasm_store_t {
    wasm_engine_t *engine;
    sk_store *rt;
    sk_api_map objects; /* runtime object or record -> its wasm_ref_t record */
    SK_VEC(wasm_ref_t *) records; /* the same records in creation order (finalizers run newest first) */
    uint32_t reserved;            /* room kept in both for prepared, not yet committed records */
    sk_api_map modules; /* wasm_shared_module_t -> itself: modules its instances use */
    sk_error last_error; /* why the last module or instance creation failed */
    struct sk_api_skiff_store {   /* skiff.h state (skiff_store.c); zero is the default */
        uint64_t id;              /* unique per store in the process (linkers tell stores apart by it) */
        uint64_t fuel_granted;    /* fuel given since metering was turned on: consumed = granted - left */
        struct sk_api_interrupt *interrupt; /* shared with interrupt handles, or NULL */
        skiff_limiter_callback_t limiter;
        void *limiter_env;
        void (*limiter_finalizer)(void *);
        skiff_wasi_config_t *wasi; /* owned WASI context, or NULL */
        sk_api_map linker_funcs;  /* linker host-function id -> its wasm_func_t in this store */
    } skiff;
};

/* ---- skiff.h support used by the wasm.h files ---- */
/* Frees the skiff.h state of a store; called first thing by wasm_store_delete. */
SK_INTERNAL void sk_api_skiff_store_delete(wasm_store_t *s);
/* A process-wide unique, non-zero id (stores, linker host functions). Thread-safe. */
SK_INTERNAL uint64_t sk_api_next_id(void);
/* Checks a loaded module against the engine's disabled features; false with *err set. */
SK_INTERNAL bool sk_api_features_check(const wasm_engine_t *e, const sk_module *m, sk_error *err);

/* The caller context given to skiff_func_callback_t functions. */
struct skiff_caller_t {
    wasm_store_t *store;
    sk_instance *instance; /* NULL when called from the host */
};

/* ---- References (ref.c) ---- */
/* Registers record r under `key` in the store (map and creation list). False on OOM. */
SK_INTERNAL bool sk_api_store_track(wasm_store_t *s, void *key, wasm_ref_t *r);
/* Making an object and its record together: prepare allocates the record and
 * reserves room in the store (NULL on OOM), so that once the runtime object
 * exists, commit cannot fail (other records made meanwhile, e.g. by a start
 * function, do not use the reserved room). An unused one must be abandoned. */
SK_INTERNAL wasm_ref_t *sk_api_record_prepare(wasm_store_t *s);
SK_INTERNAL wasm_ref_t *sk_api_record_commit(wasm_store_t *s, wasm_ref_t *r, uint8_t kind, void *obj);
SK_INTERNAL void sk_api_record_abandon(wasm_store_t *s, wasm_ref_t *r);
/* Finds or makes the record of a runtime object of `kind` in `s`; NULL on OOM. */
SK_INTERNAL wasm_ref_t *sk_api_wrap(wasm_store_t *s, uint8_t kind, void *obj);
/* Makes the store hold a counted record (module, trap) for as long as it lives,
 * so wasm code may keep it as an externref. False on OOM. */
SK_INTERNAL bool sk_api_pin(wasm_store_t *s, wasm_ref_t *r);
SK_INTERNAL wasm_ref_t *sk_api_ref_retain(wasm_ref_t *r);
SK_INTERNAL void sk_api_ref_release(wasm_ref_t *r);
/* Frees a record whose time has come, running its host-info finalizer first
 * unless it already ran. */
SK_INTERNAL void sk_api_ref_destroy(wasm_ref_t *r, bool run_finalizer);

/* ---- Modules (module.c) ---- */
/* Loads a module and checks it against the engine's features (engine may be
 * NULL: no check). The record names `store` (may be NULL). NULL with *err set. */
SK_INTERNAL wasm_module_t *sk_api_module_new(const wasm_engine_t *engine, wasm_store_t *store, const uint8_t *bytes,
                                             size_t len, sk_error *err);

/* ---- Host functions (func.c) ---- */
/* Makes an API host function with exactly one of cb, cb_env, cb_caller set.
 * NULL on failure, when the finalizer has not run. */
SK_INTERNAL wasm_func_t *sk_api_func_new(wasm_store_t *store, const wasm_functype_t *type, wasm_func_callback_t cb,
                                         wasm_func_callback_with_env_t cb_env, skiff_func_callback_t cb_caller,
                                         void *env, void (*finalizer)(void *));

/* ---- Traps (trap.c) ---- */
/* A new trap record holding `message` (len bytes, NUL added). Never NULL: on OOM
 * it is the static out-of-memory trap. */
SK_INTERNAL wasm_trap_t *sk_api_trap_make(sk_trap_kind kind, const char *message, size_t len);
SK_INTERNAL wasm_trap_t *sk_api_trap_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Turns a runtime trap into a trap record (frames resolved in `s`) and frees it. Never NULL. */
SK_INTERNAL wasm_trap_t *sk_api_trap_from_sk(wasm_store_t *s, sk_trap *t);
/* Turns a trap record into a runtime trap (the record is left alone). */
SK_INTERNAL sk_trap *sk_api_trap_to_sk(const wasm_trap_t *t);

/* ---- Types (types.c) ---- */
SK_INTERNAL uint8_t sk_api_kind_to_sk(wasm_valkind_t k); /* 0 when not a value kind */
SK_INTERNAL wasm_valkind_t sk_api_kind_from_sk(uint8_t t);
SK_INTERNAL wasm_valtype_t *sk_api_valtype_new(wasm_valkind_t k); /* also accepts SK_API_V128_KIND */
SK_INTERNAL wasm_functype_t *sk_api_functype_from_sk(const sk_functype *t);
SK_INTERNAL wasm_globaltype_t *sk_api_globaltype_from_sk(const sk_globaltype *t);
SK_INTERNAL wasm_tabletype_t *sk_api_tabletype_from_sk(const sk_tabletype *t);
SK_INTERNAL wasm_memorytype_t *sk_api_memorytype_from_sk(const sk_memtype *t);
SK_INTERNAL wasm_limits_t sk_api_limits_from_sk(const sk_limits *l);
SK_INTERNAL sk_limits sk_api_limits_to_sk(const wasm_limits_t *l);

/* ---- Values (val.c) ---- */
/* Converts an API value to a runtime value of type `type`. Refs must belong to
 * `s`; counted refs are pinned in it. False with *why set when the value does
 * not fit the type (or on OOM). */
SK_INTERNAL bool sk_api_val_to_sk(wasm_store_t *s, uint8_t type, const wasm_val_t *v, sk_val *out, const char **why);
/* A reference pointer for a runtime slot of type `type` (funcref/externref). */
SK_INTERNAL bool sk_api_ref_to_sk(wasm_store_t *s, uint8_t type, wasm_ref_t *r, void **out, const char **why);
/* Converts a runtime value to an API value; references become new handles the
 * caller owns. False on OOM (out then holds a null reference). */
SK_INTERNAL bool sk_api_val_from_sk(wasm_store_t *s, uint8_t type, sk_val v, wasm_val_t *out);
SK_INTERNAL wasm_ref_t *sk_api_ref_from_sk(wasm_store_t *s, uint8_t type, void *p, bool *oom);

#endif
