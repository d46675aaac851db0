/**
 * @file wasm.h
 * @brief The standard WebAssembly C API (wasm-c-api), implemented by Skiff.
 *
 * wasm.h: the standard WebAssembly C API (wasm-c-api), implemented by Skiff.
 *
 * This header declares the same names, types, struct layouts, enum values and
 * inline helpers as the standard's wasm.h (github.com/WebAssembly/wasm-c-api),
 * so programs written against that API build unchanged against libskiff.
 *
 * Thread safety
 * -------------
 *  - An engine (wasm_engine_t) and a shared module (wasm_shared_module_t) may
 *    be used by several threads at once. Configs and type objects
 *    (wasm_valtype_t, wasm_functype_t, ...) hold no hidden shared state: any
 *    thread may use them, as long as one object is not modified by two
 *    threads at the same time.
 *  - A store (wasm_store_t) and every object created in it or obtained from it
 *    (modules, functions, globals, tables, memories, externs, instances,
 *    foreign objects, traps, frames) are used by one thread at a time. Moving
 *    a store to another thread between uses is fine; sharing it is not. To use
 *    a module in another store on another thread, wasm_module_share() it and
 *    wasm_module_obtain() it there.
 *
 * Ownership (the `own` marker)
 * ----------------------------
 *  `own` is a documentation marker (it expands to nothing):
 *  - `own wasm_xxx_t*` owns the object; release it with wasm_xxx_delete().
 *  - `own wasm_xxx_vec_t` owns the vector and every element in it.
 *  - an `own` parameter hands ownership from the caller to the callee;
 *    an `own` result hands it from the callee to the caller;
 *  - `own ... *out` parameters are filled by the callee and then owned by the caller.
 *  Unmarked pointers are borrowed: they stay owned by whoever gave them out.
 *  Deleting a reference (function, global, table, memory, extern, instance,
 *  foreign object) releases that handle only; the object itself lives as long
 *  as its store. Every store-bound handle must be deleted, and not used, after
 *  its store has been deleted. Modules and traps are independent of stores
 *  once created and may outlive them.
 *
 * Errors
 * ------
 *  Functions that create objects return NULL (or an empty vector) when they
 *  fail: invalid arguments, a module that does not decode or validate, or lack
 *  of memory. Nothing ever aborts the process. Execution errors come back as
 *  traps (wasm_trap_t) whose message uses the WebAssembly specification's
 *  wording, for example "integer divide by zero".
 *
 * Skiff specifics
 * ---------------
 *  - Values of type v128 cannot be represented by wasm_val_t; their type kind
 *    is reported as 4 (no standard name). Calling a function that takes or
 *    returns v128 through wasm_func_call() returns a trap; wasm_global_get() of
 *    a v128 global gives kind 4 with the low 64 bits in `of.i64`.
 *  - wasm_module_serialize() returns the module's binary; deserializing
 *    decodes and validates it again.
 *  - Host info finalizers of store-bound objects run when the store is deleted.
 */
#ifndef WASM_H
#define WASM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** Marks the functions exported from the shared library. */
#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#elif defined(__GNUC__) || defined(__clang__)
#define WASM_API_EXTERN __attribute__((visibility("default")))
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================= */
/* Auxiliaries                                                               */
/* ======================================================================= */

/* Machine types: the API passes floats and pointers through 32/64-bit slots. */
#ifdef __cplusplus
static_assert(sizeof(float) == sizeof(uint32_t), "incompatible float type");
static_assert(sizeof(double) == sizeof(uint64_t), "incompatible double type");
static_assert(sizeof(intptr_t) == sizeof(uint32_t) || sizeof(intptr_t) == sizeof(uint64_t),
              "incompatible pointer type");
#else
_Static_assert(sizeof(float) == sizeof(uint32_t), "incompatible float type");
_Static_assert(sizeof(double) == sizeof(uint64_t), "incompatible double type");
_Static_assert(sizeof(intptr_t) == sizeof(uint32_t) || sizeof(intptr_t) == sizeof(uint64_t),
               "incompatible pointer type");
#endif

/** A byte of a binary or of a name. */
typedef char byte_t;
/** A 32-bit IEEE 754 float. */
typedef float float32_t;
/** A 64-bit IEEE 754 float. */
typedef double float64_t;

/** Ownership marker (documentation only; see the top of this file). */
#define own

/* The declaration macros of the standard header, for extension headers that
 * declare further object kinds the standard way. This header itself spells
 * every declaration out so that each one can be documented. */
/** Declaration macro of the standard wasm.h (kept for extension headers): declares the owned-object family. */
#define WASM_DECLARE_OWN(name)                      \
    typedef struct wasm_##name##_t wasm_##name##_t; \
    WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t *);

/** Declaration macro of the standard wasm.h (kept for extension headers): declares the vector family. */
#define WASM_DECLARE_VEC(name, ptr_or_none)                                                                  \
    typedef struct wasm_##name##_vec_t {                                                                     \
        size_t size;                                                                                         \
        wasm_##name##_t ptr_or_none *data;                                                                   \
    } wasm_##name##_vec_t;                                                                                   \
    WASM_API_EXTERN void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t *out);                          \
    WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(own wasm_##name##_vec_t *out, size_t);          \
    WASM_API_EXTERN void wasm_##name##_vec_new(own wasm_##name##_vec_t *out, size_t,                         \
                                               own wasm_##name##_t ptr_or_none const[]);                     \
    WASM_API_EXTERN void wasm_##name##_vec_copy(own wasm_##name##_vec_t *out, const wasm_##name##_vec_t *);  \
    WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t *);

/** Declaration macro of the standard wasm.h (kept for extension headers): declares the type-object family. */
#define WASM_DECLARE_TYPE(name)     \
    WASM_DECLARE_OWN(name)          \
    WASM_DECLARE_VEC(name, *)       \
    WASM_API_EXTERN own wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *);

/** Declaration macro of the standard wasm.h (kept for extension headers): declares the reference-base family. */
#define WASM_DECLARE_REF_BASE(name)                                                               \
    WASM_DECLARE_OWN(name)                                                                        \
    WASM_API_EXTERN own wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *);             \
    WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t *, const wasm_##name##_t *);    \
    WASM_API_EXTERN void *wasm_##name##_get_host_info(const wasm_##name##_t *);                   \
    WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t *, void *);                  \
    WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *, void *,    \
                                                                    void (*)(void *));

/** Declaration macro of the standard wasm.h (kept for extension headers): declares the reference family. */
#define WASM_DECLARE_REF(name)                                                                    \
    WASM_DECLARE_REF_BASE(name)                                                                   \
    WASM_API_EXTERN wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *);                          \
    WASM_API_EXTERN wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *);                            \
    WASM_API_EXTERN const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *);        \
    WASM_API_EXTERN const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *);

/** Declaration macro of the standard wasm.h (kept for extension headers): declares the sharable-reference family. */
#define WASM_DECLARE_SHARABLE_REF(name)                                                            \
    WASM_DECLARE_REF(name)                                                                         \
    WASM_DECLARE_OWN(shared_##name)                                                                \
    WASM_API_EXTERN own wasm_shared_##name##_t *wasm_##name##_share(const wasm_##name##_t *);      \
    WASM_API_EXTERN own wasm_##name##_t *wasm_##name##_obtain(wasm_store_t *, const wasm_shared_##name##_t *);

/* ---- Byte vectors ---- */

/** A byte of a binary or name. */
typedef byte_t wasm_byte_t;

/** A vector of bytes: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_byte_vec_t {
    size_t size; /**< number of elements */
    wasm_byte_t *data; /**< the elements; NULL when size is 0 */
} wasm_byte_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_byte_vec_new_empty(own wasm_byte_vec_t *out);

/**
 * Makes a vector of `size` bytes, each zero, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_byte_vec_new_uninitialized(own wasm_byte_vec_t *out, size_t size);

/**
 * Makes a vector of `size` bytes from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_byte_vec_new(own wasm_byte_vec_t *out, size_t size, own wasm_byte_t const data[]);

/**
 * Makes a deep copy of a vector of bytes (bytes are copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_byte_vec_copy(own wasm_byte_vec_t *out, const wasm_byte_vec_t *v);

/**
 * Deletes a vector of bytes and frees its bytes. Afterwards *v is {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_byte_vec_delete(own wasm_byte_vec_t *v);

/** A name: a byte vector holding UTF-8 (not necessarily NUL-terminated). */
typedef wasm_byte_vec_t wasm_name_t;

/** Names are byte vectors: wasm_name is wasm_byte_vec. */
#define wasm_name wasm_byte_vec
/** Names are byte vectors: wasm_name_new is wasm_byte_vec_new. */
#define wasm_name_new wasm_byte_vec_new
/** Names are byte vectors: wasm_name_new_empty is wasm_byte_vec_new_empty. */
#define wasm_name_new_empty wasm_byte_vec_new_empty
/** Names are byte vectors: wasm_name_new_new_uninitialized is wasm_byte_vec_new_uninitialized. */
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized /* sic: the standard's spelling */
/** Names are byte vectors: wasm_name_new_uninitialized is wasm_byte_vec_new_uninitialized. */
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
/** Names are byte vectors: wasm_name_copy is wasm_byte_vec_copy. */
#define wasm_name_copy wasm_byte_vec_copy
/** Names are byte vectors: wasm_name_delete is wasm_byte_vec_delete. */
#define wasm_name_delete wasm_byte_vec_delete

/** Makes a name from a C string, without its terminating NUL. The caller owns *out. */
static inline void wasm_name_new_from_string(own wasm_name_t *out, const char *s) {
    wasm_name_new(out, strlen(s), s);
}

/** Makes a name from a C string, including its terminating NUL. The caller owns *out. */
static inline void wasm_name_new_from_string_nt(own wasm_name_t *out, const char *s) {
    wasm_name_new(out, strlen(s) + 1, s);
}

/* ======================================================================= */
/* Runtime environment                                                     */
/* ======================================================================= */

/* ---- Configuration ---- */

/** Engine configuration. Skiff has no options here yet; skiff.h will add them. */
typedef struct wasm_config_t wasm_config_t;

/**
 * Deletes a configuration that was not handed to wasm_engine_new_with_config().
 * @param config the configuration; NULL is a no-op.
 * @b Ownership: Takes ownership of config.
 * @b Threads: any thread (the object must not be modified concurrently).
 */
WASM_API_EXTERN void wasm_config_delete(own wasm_config_t *config);

/**
 * Makes a configuration with default settings.
 * @return a new configuration, or NULL when memory runs out.
 * @b Ownership: The caller owns the result; wasm_engine_new_with_config() takes it over.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_config_t *wasm_config_new(void);

/* ---- Engine ---- */

/** An engine: the compilation and execution environment shared by stores. */
typedef struct wasm_engine_t wasm_engine_t;

/**
 * Deletes an engine.
 * Every store made from it must have been deleted first.
 * @param engine the engine; NULL is a no-op.
 * @b Ownership: Takes ownership of engine.
 * @b Threads: any thread, once no other thread uses the engine.
 */
WASM_API_EXTERN void wasm_engine_delete(own wasm_engine_t *engine);

/**
 * Makes an engine with the default configuration.
 * @return a new engine, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread. The engine may then be used by several threads at once.
 */
WASM_API_EXTERN own wasm_engine_t *wasm_engine_new(void);

/**
 * Makes an engine with a configuration.
 * @param config the configuration; taken over and deleted (also on failure). NULL means defaults.
 * @return a new engine, or NULL when memory runs out.
 * @b Ownership: Takes ownership of config; the caller owns the result.
 * @b Threads: any thread. The engine may then be used by several threads at once.
 */
WASM_API_EXTERN own wasm_engine_t *wasm_engine_new_with_config(own wasm_config_t *config);

/* ---- Store ---- */

/** A store: owns every runtime object (instances, functions, globals, tables, memories). */
typedef struct wasm_store_t wasm_store_t;

/**
 * Deletes a store and every object in it.
 * Host info finalizers of its objects, and the finalizers given to
 * wasm_func_new_with_env(), run now. Handles to objects of the store become
 * invalid (modules and traps stay valid).
 * @param store the store; NULL is a no-op.
 * @b Ownership: Takes ownership of store.
 * @b Threads: the thread that uses the store.
 */
WASM_API_EXTERN void wasm_store_delete(own wasm_store_t *store);

/**
 * Makes an empty store in an engine.
 * @param engine the engine; must not be NULL and must outlive the store.
 * @return a new store, or NULL when memory runs out or engine is NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread; the new store is then used by one thread at a time.
 */
WASM_API_EXTERN own wasm_store_t *wasm_store_new(wasm_engine_t *engine);

/* ======================================================================= */
/* Type representations                                                    */
/* ======================================================================= */

/* ---- Type attributes ---- */

/** Mutability of a global: one of enum wasm_mutability_enum. */
typedef uint8_t wasm_mutability_t;
/** The values of wasm_mutability_t. */
enum wasm_mutability_enum {
    WASM_CONST, /**< immutable */
    WASM_VAR,   /**< mutable */
};

/** Limits of a table (elements) or memory (64 KiB pages). max == wasm_limits_max_default means none. */
typedef struct wasm_limits_t {
    uint32_t min; /**< minimum size */
    uint32_t max; /**< maximum size, or wasm_limits_max_default for none */
} wasm_limits_t;

/** The `max` of limits that have no maximum. */
static const uint32_t wasm_limits_max_default = 0xffffffff;

/* ---- Value types ---- */

/** A value type: i32, i64, f32, f64, externref or funcref. */
typedef struct wasm_valtype_t wasm_valtype_t;

/**
 * Deletes a value type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_valtype_delete(own wasm_valtype_t *t);

/** A vector of value types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_valtype_vec_t {
    size_t size; /**< number of elements */
    wasm_valtype_t **data; /**< the elements; NULL when size is 0 */
} wasm_valtype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_valtype_vec_new_empty(own wasm_valtype_vec_t *out);

/**
 * Makes a vector of `size` value types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_valtype_vec_new_uninitialized(own wasm_valtype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` value types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_valtype_vec_new(own wasm_valtype_vec_t *out, size_t size,
                                          own wasm_valtype_t *const data[]);

/**
 * Makes a deep copy of a vector of value types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_valtype_vec_copy(own wasm_valtype_vec_t *out, const wasm_valtype_vec_t *v);

/**
 * Deletes a vector of value types and deletes every element (NULL elements are skipped). Afterwards *v is {0,
 * NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_valtype_vec_delete(own wasm_valtype_vec_t *v);

/**
 * Makes a deep copy of a value type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t);

/** The kind of a value type: one of enum wasm_valkind_enum. */
typedef uint8_t wasm_valkind_t;
/** The values of wasm_valkind_t. */
enum wasm_valkind_enum {
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_EXTERNREF = 128,
    WASM_FUNCREF,
};

/**
 * Makes a value type.
 * @param kind one of enum wasm_valkind_enum.
 * @return a new value type, or NULL when kind is not a valid kind or memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind);

/**
 * Returns the kind of a value type.
 * @param t the type; must not be NULL.
 * @return the kind (4 for v128, which has no standard name).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t);

/** True for number kinds (i32, i64, f32, f64). */
static inline bool wasm_valkind_is_num(wasm_valkind_t k) {
    return k < WASM_EXTERNREF;
}
/** True for reference kinds (externref, funcref). */
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) {
    return k >= WASM_EXTERNREF;
}
/** True when t is a number type. */
static inline bool wasm_valtype_is_num(const wasm_valtype_t *t) {
    return wasm_valkind_is_num(wasm_valtype_kind(t));
}
/** True when t is a reference type. */
static inline bool wasm_valtype_is_ref(const wasm_valtype_t *t) {
    return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

/* ---- Function types ---- */

/** A function type: parameter and result value types. */
typedef struct wasm_functype_t wasm_functype_t;

/**
 * Deletes a function type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_functype_delete(own wasm_functype_t *t);

/** A vector of function types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_functype_vec_t {
    size_t size; /**< number of elements */
    wasm_functype_t **data; /**< the elements; NULL when size is 0 */
} wasm_functype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_functype_vec_new_empty(own wasm_functype_vec_t *out);

/**
 * Makes a vector of `size` function types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_functype_vec_new_uninitialized(own wasm_functype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` function types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_functype_vec_new(own wasm_functype_vec_t *out, size_t size,
                                           own wasm_functype_t *const data[]);

/**
 * Makes a deep copy of a vector of function types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_functype_vec_copy(own wasm_functype_vec_t *out, const wasm_functype_vec_t *v);

/**
 * Deletes a vector of function types and deletes every element (NULL elements are skipped). Afterwards *v is
 * {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_functype_vec_delete(own wasm_functype_vec_t *v);

/**
 * Makes a deep copy of a function type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_functype_t *wasm_functype_copy(const wasm_functype_t *t);

/**
 * Makes a function type.
 * @param params the parameter types; taken over (the vector is emptied).
 * @param results the result types; taken over (the vector is emptied).
 * @return a new function type, or NULL when memory runs out, an argument is NULL or an element is NULL.
 * @b Ownership: Takes ownership of both vectors and their elements, also on failure; the caller owns the
 *   result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_functype_t *wasm_functype_new(own wasm_valtype_vec_t *params,
                                                       own wasm_valtype_vec_t *results);

/**
 * Returns the parameter types of a function type.
 * @param t the type; must not be NULL.
 * @return the parameters, owned by t (valid while t lives).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t);

/**
 * Returns the result types of a function type.
 * @param t the type; must not be NULL.
 * @return the results, owned by t (valid while t lives).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t);

/* ---- Global types ---- */

/** A global type: a value type and a mutability. */
typedef struct wasm_globaltype_t wasm_globaltype_t;

/**
 * Deletes a global type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_globaltype_delete(own wasm_globaltype_t *t);

/** A vector of global types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_globaltype_vec_t {
    size_t size; /**< number of elements */
    wasm_globaltype_t **data; /**< the elements; NULL when size is 0 */
} wasm_globaltype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_globaltype_vec_new_empty(own wasm_globaltype_vec_t *out);

/**
 * Makes a vector of `size` global types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_globaltype_vec_new_uninitialized(own wasm_globaltype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` global types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_globaltype_vec_new(own wasm_globaltype_vec_t *out, size_t size,
                                             own wasm_globaltype_t *const data[]);

/**
 * Makes a deep copy of a vector of global types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_globaltype_vec_copy(own wasm_globaltype_vec_t *out, const wasm_globaltype_vec_t *v);

/**
 * Deletes a vector of global types and deletes every element (NULL elements are skipped). Afterwards *v is
 * {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_globaltype_vec_delete(own wasm_globaltype_vec_t *v);

/**
 * Makes a deep copy of a global type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_globaltype_t *wasm_globaltype_copy(const wasm_globaltype_t *t);

/**
 * Makes a global type.
 * @param content the value type; taken over.
 * @param mutability WASM_CONST or WASM_VAR.
 * @return a new global type, or NULL when content is NULL, mutability is invalid or memory runs out.
 * @b Ownership: Takes ownership of content, also on failure; the caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_globaltype_t *wasm_globaltype_new(own wasm_valtype_t *content,
                                                           wasm_mutability_t mutability);

/**
 * Returns the value type of a global type.
 * @param t the type; must not be NULL.
 * @return the value type, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t);

/**
 * Returns the mutability of a global type.
 * @param t the type; must not be NULL.
 * @return WASM_CONST or WASM_VAR.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t);

/* ---- Table types ---- */

/** A table type: an element reference type and limits. */
typedef struct wasm_tabletype_t wasm_tabletype_t;

/**
 * Deletes a table type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_tabletype_delete(own wasm_tabletype_t *t);

/** A vector of table types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_tabletype_vec_t {
    size_t size; /**< number of elements */
    wasm_tabletype_t **data; /**< the elements; NULL when size is 0 */
} wasm_tabletype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_tabletype_vec_new_empty(own wasm_tabletype_vec_t *out);

/**
 * Makes a vector of `size` table types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_tabletype_vec_new_uninitialized(own wasm_tabletype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` table types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_tabletype_vec_new(own wasm_tabletype_vec_t *out, size_t size,
                                            own wasm_tabletype_t *const data[]);

/**
 * Makes a deep copy of a vector of table types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_tabletype_vec_copy(own wasm_tabletype_vec_t *out, const wasm_tabletype_vec_t *v);

/**
 * Deletes a vector of table types and deletes every element (NULL elements are skipped). Afterwards *v is {0,
 * NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_tabletype_vec_delete(own wasm_tabletype_vec_t *v);

/**
 * Makes a deep copy of a table type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_tabletype_t *wasm_tabletype_copy(const wasm_tabletype_t *t);

/**
 * Makes a table type.
 * @param element the element type (externref or funcref); taken over.
 * @param limits the limits in elements; copied; must not be NULL.
 * @return a new table type, or NULL when element is NULL or not a reference type, min > max, or memory runs
 *   out.
 * @b Ownership: Takes ownership of element, also on failure; the caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_tabletype_t *wasm_tabletype_new(own wasm_valtype_t *element,
                                                         const wasm_limits_t *limits);

/**
 * Returns the element type of a table type.
 * @param t the type; must not be NULL.
 * @return the element type, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t);

/**
 * Returns the limits of a table type.
 * @param t the type; must not be NULL.
 * @return the limits (in elements), owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t);

/* ---- Memory types ---- */

/** A memory type: limits in 64 KiB pages. */
typedef struct wasm_memorytype_t wasm_memorytype_t;

/**
 * Deletes a memory type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_memorytype_delete(own wasm_memorytype_t *t);

/** A vector of memory types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_memorytype_vec_t {
    size_t size; /**< number of elements */
    wasm_memorytype_t **data; /**< the elements; NULL when size is 0 */
} wasm_memorytype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_memorytype_vec_new_empty(own wasm_memorytype_vec_t *out);

/**
 * Makes a vector of `size` memory types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_memorytype_vec_new_uninitialized(own wasm_memorytype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` memory types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_memorytype_vec_new(own wasm_memorytype_vec_t *out, size_t size,
                                             own wasm_memorytype_t *const data[]);

/**
 * Makes a deep copy of a vector of memory types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_memorytype_vec_copy(own wasm_memorytype_vec_t *out, const wasm_memorytype_vec_t *v);

/**
 * Deletes a vector of memory types and deletes every element (NULL elements are skipped). Afterwards *v is
 * {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_memorytype_vec_delete(own wasm_memorytype_vec_t *v);

/**
 * Makes a deep copy of a memory type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_memorytype_t *wasm_memorytype_copy(const wasm_memorytype_t *t);

/**
 * Makes a memory type.
 * @param limits the limits in pages; copied; must not be NULL.
 * @return a new memory type, or NULL when min > max, a bound exceeds 65536 pages, or memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits);

/**
 * Returns the limits of a memory type.
 * @param t the type; must not be NULL.
 * @return the limits (in pages), owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t);

/* ---- Extern types ---- */

/** The type of an extern: a function, global, table or memory type. */
typedef struct wasm_externtype_t wasm_externtype_t;

/**
 * Deletes an extern type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_externtype_delete(own wasm_externtype_t *t);

/** A vector of extern types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_externtype_vec_t {
    size_t size; /**< number of elements */
    wasm_externtype_t **data; /**< the elements; NULL when size is 0 */
} wasm_externtype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_externtype_vec_new_empty(own wasm_externtype_vec_t *out);

/**
 * Makes a vector of `size` extern types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_externtype_vec_new_uninitialized(own wasm_externtype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` extern types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_externtype_vec_new(own wasm_externtype_vec_t *out, size_t size,
                                             own wasm_externtype_t *const data[]);

/**
 * Makes a deep copy of a vector of extern types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_externtype_vec_copy(own wasm_externtype_vec_t *out, const wasm_externtype_vec_t *v);

/**
 * Deletes a vector of extern types and deletes every element (NULL elements are skipped). Afterwards *v is
 * {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_externtype_vec_delete(own wasm_externtype_vec_t *v);

/**
 * Makes a deep copy of an extern type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t);

/** The kind of an extern: one of enum wasm_externkind_enum. */
typedef uint8_t wasm_externkind_t;
/** The values of wasm_externkind_t. */
enum wasm_externkind_enum {
    WASM_EXTERN_FUNC,
    WASM_EXTERN_GLOBAL,
    WASM_EXTERN_TABLE,
    WASM_EXTERN_MEMORY,
};

/**
 * Returns the kind of an extern type.
 * @param t the type; must not be NULL.
 * @return a wasm_externkind_enum value.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t);

/**
 * Views a func type as an extern type.
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_externtype_t *wasm_functype_as_externtype(wasm_functype_t *t);

/**
 * Views a global type as an extern type.
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_externtype_t *wasm_globaltype_as_externtype(wasm_globaltype_t *t);

/**
 * Views a table type as an extern type.
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_externtype_t *wasm_tabletype_as_externtype(wasm_tabletype_t *t);

/**
 * Views a memory type as an extern type.
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_externtype_t *wasm_memorytype_as_externtype(wasm_memorytype_t *t);

/**
 * Views an extern type as a func type.
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a func type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_functype_t *wasm_externtype_as_functype(wasm_externtype_t *t);

/**
 * Views an extern type as a global type.
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a global type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_globaltype_t *wasm_externtype_as_globaltype(wasm_externtype_t *t);

/**
 * Views an extern type as a table type.
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a table type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_tabletype_t *wasm_externtype_as_tabletype(wasm_externtype_t *t);

/**
 * Views an extern type as a memory type.
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a memory type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN wasm_memorytype_t *wasm_externtype_as_memorytype(wasm_externtype_t *t);

/**
 * Views a func type as an extern type (const).
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_externtype_t *wasm_functype_as_externtype_const(const wasm_functype_t *t);

/**
 * Views a global type as an extern type (const).
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_externtype_t *wasm_globaltype_as_externtype_const(const wasm_globaltype_t *t);

/**
 * Views a table type as an extern type (const).
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_externtype_t *wasm_tabletype_as_externtype_const(const wasm_tabletype_t *t);

/**
 * Views a memory type as an extern type (const).
 * @param t the type; NULL gives NULL.
 * @return the same object seen as an extern type (not a copy).
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_externtype_t *wasm_memorytype_as_externtype_const(const wasm_memorytype_t *t);

/**
 * Views an extern type as a func type (const).
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a func type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_functype_t *wasm_externtype_as_functype_const(const wasm_externtype_t *t);

/**
 * Views an extern type as a global type (const).
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a global type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_globaltype_t *wasm_externtype_as_globaltype_const(const wasm_externtype_t *t);

/**
 * Views an extern type as a table type (const).
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a table type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_tabletype_t *wasm_externtype_as_tabletype_const(const wasm_externtype_t *t);

/**
 * Views an extern type as a memory type (const).
 * @param t the extern type; NULL gives NULL.
 * @return t seen as a memory type, or NULL when t is of another kind.
 * @b Ownership: Borrowed: the result is t itself and must not be deleted separately.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_memorytype_t *wasm_externtype_as_memorytype_const(const wasm_externtype_t *t);

/* ---- Import types ---- */

/** An import of a module: module name, field name and extern type. */
typedef struct wasm_importtype_t wasm_importtype_t;

/**
 * Deletes an import type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_importtype_delete(own wasm_importtype_t *t);

/** A vector of import types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_importtype_vec_t {
    size_t size; /**< number of elements */
    wasm_importtype_t **data; /**< the elements; NULL when size is 0 */
} wasm_importtype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_importtype_vec_new_empty(own wasm_importtype_vec_t *out);

/**
 * Makes a vector of `size` import types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_importtype_vec_new_uninitialized(own wasm_importtype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` import types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_importtype_vec_new(own wasm_importtype_vec_t *out, size_t size,
                                             own wasm_importtype_t *const data[]);

/**
 * Makes a deep copy of a vector of import types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_importtype_vec_copy(own wasm_importtype_vec_t *out, const wasm_importtype_vec_t *v);

/**
 * Deletes a vector of import types and deletes every element (NULL elements are skipped). Afterwards *v is
 * {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_importtype_vec_delete(own wasm_importtype_vec_t *v);

/**
 * Makes a deep copy of an import type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t);

/**
 * Makes an import type.
 * @param module the module name; taken over (the vector is emptied).
 * @param name the field name; taken over (the vector is emptied).
 * @param type the extern type; taken over.
 * @return a new import type, or NULL when an argument is NULL or memory runs out.
 * @b Ownership: Takes ownership of all three arguments, also on failure; the caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_importtype_t *wasm_importtype_new(own wasm_name_t *module, own wasm_name_t *name,
                                                           own wasm_externtype_t *type);

/**
 * Returns the module name of an import.
 * @param t the import type; must not be NULL.
 * @return the name, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t);

/**
 * Returns the field name of an import.
 * @param t the import type; must not be NULL.
 * @return the name, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t);

/**
 * Returns the extern type of an import.
 * @param t the import type; must not be NULL.
 * @return the type, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t);

/* ---- Export types ---- */

/** An export of a module: name and extern type. */
typedef struct wasm_exporttype_t wasm_exporttype_t;

/**
 * Deletes an export type.
 * @param t the type; NULL is a no-op.
 * @b Ownership: Takes ownership of t (and of everything it owns).
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_exporttype_delete(own wasm_exporttype_t *t);

/** A vector of export types: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_exporttype_vec_t {
    size_t size; /**< number of elements */
    wasm_exporttype_t **data; /**< the elements; NULL when size is 0 */
} wasm_exporttype_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_exporttype_vec_new_empty(own wasm_exporttype_vec_t *out);

/**
 * Makes a vector of `size` export types, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_exporttype_vec_new_uninitialized(own wasm_exporttype_vec_t *out, size_t size);

/**
 * Makes a vector of `size` export types from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_exporttype_vec_new(own wasm_exporttype_vec_t *out, size_t size,
                                             own wasm_exporttype_t *const data[]);

/**
 * Makes a deep copy of a vector of export types (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_exporttype_vec_copy(own wasm_exporttype_vec_t *out, const wasm_exporttype_vec_t *v);

/**
 * Deletes a vector of export types and deletes every element (NULL elements are skipped). Afterwards *v is
 * {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN void wasm_exporttype_vec_delete(own wasm_exporttype_vec_t *v);

/**
 * Makes a deep copy of an export type.
 * @param t the type; NULL gives NULL.
 * @return a new type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t);

/**
 * Makes an export type.
 * @param name the export name; taken over (the vector is emptied).
 * @param type the extern type; taken over.
 * @return a new export type, or NULL when an argument is NULL or memory runs out.
 * @b Ownership: Takes ownership of both arguments, also on failure; the caller owns the result.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN own wasm_exporttype_t *wasm_exporttype_new(own wasm_name_t *name, own wasm_externtype_t *type);

/**
 * Returns the name of an export.
 * @param t the export type; must not be NULL.
 * @return the name, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t);

/**
 * Returns the extern type of an export.
 * @param t the export type; must not be NULL.
 * @return the type, owned by t.
 * @b Threads: any thread (no shared state).
 */
WASM_API_EXTERN const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t);

/* ======================================================================= */
/* Runtime objects                                                         */
/* ======================================================================= */

/* ---- Values ---- */

struct wasm_ref_t;

/** A value: a kind (enum wasm_valkind_enum) and the payload in `of`.
 * For reference kinds, `of.ref` is a reference handle or NULL (the null reference). */
typedef struct wasm_val_t {
    wasm_valkind_t kind; /**< which member of `of` holds the value */
    union {
        int32_t i32;
        int64_t i64;
        float32_t f32;
        float64_t f64;
        struct wasm_ref_t *ref;
    } of; /**< the payload: i32, i64, f32, f64 or ref, as `kind` says */
} wasm_val_t;

/**
 * Releases a value: deletes the reference it holds, if any.
 * Afterwards a reference value holds NULL.
 * @param v the value; NULL is a no-op.
 * @b Ownership: Takes ownership of *v's reference.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_val_delete(own wasm_val_t *v);

/**
 * Copies a value; a reference is copied with wasm_ref_copy().
 * @param out receives the copy; must not be NULL.
 * @param v the value; must not be NULL.
 * @b Ownership: The caller owns *out.
 * @b Errors: If a reference cannot be copied (out of memory), out holds a null reference.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t *out, const wasm_val_t *v);

/** A vector of values: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_val_vec_t {
    size_t size; /**< number of elements */
    wasm_val_t *data; /**< the elements; NULL when size is 0 */
} wasm_val_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_val_vec_new_empty(own wasm_val_vec_t *out);

/**
 * Makes a vector of `size` values, each zeroed (kind WASM_I32, value 0), for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_val_vec_new_uninitialized(own wasm_val_vec_t *out, size_t size);

/**
 * Makes a vector of `size` values from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the values are taken over as they are).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread for types; for runtime objects, their store's thread.
 */
WASM_API_EXTERN void wasm_val_vec_new(own wasm_val_vec_t *out, size_t size, own wasm_val_t const data[]);

/**
 * Makes a deep copy of a vector of values (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread for types; for runtime objects,
 *   their store's thread.
 */
WASM_API_EXTERN void wasm_val_vec_copy(own wasm_val_vec_t *out, const wasm_val_vec_t *v);

/**
 * Deletes a vector of values and deletes every value (wasm_val_delete()). Afterwards *v is {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread for types; for runtime objects, their store's thread.
 */
WASM_API_EXTERN void wasm_val_vec_delete(own wasm_val_vec_t *v);

/* ---- References ---- */

/** A reference handle to a runtime object (function, global, table, memory, extern,
 * instance, module, trap or foreign object). */
typedef struct wasm_ref_t wasm_ref_t;

/**
 * Deletes a handle to a reference.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_ref_delete(own wasm_ref_t *r);

/**
 * Makes a new handle to the same reference.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_ref_t *wasm_ref_copy(const wasm_ref_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_ref_same(const wasm_ref_t *a, const wasm_ref_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_ref_get_host_info(const wasm_ref_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_ref_set_host_info(wasm_ref_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_ref_set_host_info_with_finalizer(wasm_ref_t *r, void *info,
                                                           void (*finalizer)(void *));

/* ---- Frames ---- */

/** A frame of a trap's stack trace. */
typedef struct wasm_frame_t wasm_frame_t;

/**
 * Deletes a frame.
 * @param f the frame; NULL is a no-op.
 * @b Ownership: Takes ownership of f.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_frame_delete(own wasm_frame_t *f);

/** A vector of frames: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_frame_vec_t {
    size_t size; /**< number of elements */
    wasm_frame_t **data; /**< the elements; NULL when size is 0 */
} wasm_frame_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_frame_vec_new_empty(own wasm_frame_vec_t *out);

/**
 * Makes a vector of `size` frames, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_frame_vec_new_uninitialized(own wasm_frame_vec_t *out, size_t size);

/**
 * Makes a vector of `size` frames from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread for types; for runtime objects, their store's thread.
 */
WASM_API_EXTERN void wasm_frame_vec_new(own wasm_frame_vec_t *out, size_t size, own wasm_frame_t *const data[]);

/**
 * Makes a deep copy of a vector of frames (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread for types; for runtime objects,
 *   their store's thread.
 */
WASM_API_EXTERN void wasm_frame_vec_copy(own wasm_frame_vec_t *out, const wasm_frame_vec_t *v);

/**
 * Deletes a vector of frames and deletes every frame. Afterwards *v is {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread for types; for runtime objects, their store's thread.
 */
WASM_API_EXTERN void wasm_frame_vec_delete(own wasm_frame_vec_t *v);

/**
 * Copies a frame.
 * @param f the frame; NULL gives NULL.
 * @return a new frame, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f);

/**
 * Returns the instance a frame executes in.
 * @param f the frame; must not be NULL.
 * @return the instance, or NULL for a host function's frame.
 * @b Ownership: Borrowed: valid while the instance's store lives; do not delete it.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN struct wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f);

/**
 * Returns the function index of a frame (in its module's function index space, imports first).
 * @param f the frame; must not be NULL.
 * @return the function index.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t *f);

/**
 * Returns the byte offset of the frame's current instruction from the start of its function body.
 * @param f the frame; must not be NULL.
 * @return the offset, or SIZE_MAX when it is not known.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t *f);

/**
 * Returns the byte offset of the frame's current instruction in the module binary.
 * @param f the frame; must not be NULL.
 * @return the offset, or SIZE_MAX when it is not known.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t *f);

/* ---- Traps ---- */

/** A trap message: a name whose last byte is a NUL. */
typedef wasm_name_t wasm_message_t;

/** A trap: an execution error with a message and a stack trace. */
typedef struct wasm_trap_t wasm_trap_t;

/**
 * Deletes a handle to a trap.
 * The object itself lives on while other handles to it exist.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_trap_delete(own wasm_trap_t *r);

/**
 * Makes a new handle to the same trap.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_trap_t *wasm_trap_copy(const wasm_trap_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_trap_same(const wasm_trap_t *a, const wasm_trap_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_trap_get_host_info(const wasm_trap_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_trap_set_host_info(wasm_trap_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_trap_set_host_info_with_finalizer(wasm_trap_t *r, void *info,
                                                            void (*finalizer)(void *));

/**
 * Views a trap as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_trap_as_ref(wasm_trap_t *r);

/**
 * Views a generic reference as a trap.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a trap.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_trap_t *wasm_ref_as_trap(wasm_ref_t *r);

/**
 * Views a trap as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_trap_as_ref_const(const wasm_trap_t *r);

/**
 * Views a generic reference as a trap (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a trap.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_trap_t *wasm_ref_as_trap_const(const wasm_ref_t *r);

/**
 * Makes a trap with a message (for host functions to return).
 * @param store the store the trap is for; must not be NULL.
 * @param message the message; copied. Its last byte should be a NUL (one is added if missing).
 * @return a new trap, or NULL when memory runs out or an argument is NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *message);

/**
 * Returns a trap's message.
 * Messages of execution traps use the specification's wording, e.g. "unreachable".
 * @param trap the trap; must not be NULL.
 * @param out receives the message including a terminating NUL.
 * @b Ownership: The caller owns *out.
 * @b Errors: When memory runs out, *out is empty.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t *trap, own wasm_message_t *out);

/**
 * Returns the frame where a trap happened (the innermost one).
 * @param trap the trap; must not be NULL.
 * @return a new frame, or NULL when the trap has no trace (e.g. made by wasm_trap_new()) or memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_frame_t *wasm_trap_origin(const wasm_trap_t *trap);

/**
 * Returns a trap's stack trace, innermost frame first.
 * @param trap the trap; must not be NULL.
 * @param out receives the frames (empty when there is no trace).
 * @b Ownership: The caller owns *out.
 * @b Errors: When memory runs out, *out is empty.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t *trap, own wasm_frame_vec_t *out);

/* ---- Foreign objects ---- */

/** A foreign object: an opaque host object that wasm code can hold as an externref. */
typedef struct wasm_foreign_t wasm_foreign_t;

/**
 * Deletes a handle to a foreign object.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_foreign_delete(own wasm_foreign_t *r);

/**
 * Makes a new handle to the same foreign object.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_foreign_t *wasm_foreign_copy(const wasm_foreign_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_foreign_same(const wasm_foreign_t *a, const wasm_foreign_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_foreign_get_host_info(const wasm_foreign_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_foreign_set_host_info(wasm_foreign_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_foreign_set_host_info_with_finalizer(wasm_foreign_t *r, void *info,
                                                               void (*finalizer)(void *));

/**
 * Views a foreign object as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_foreign_as_ref(wasm_foreign_t *r);

/**
 * Views a generic reference as a foreign object.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a foreign object.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_foreign_t *wasm_ref_as_foreign(wasm_ref_t *r);

/**
 * Views a foreign object as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_foreign_as_ref_const(const wasm_foreign_t *r);

/**
 * Views a generic reference as a foreign object (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a foreign object.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_foreign_t *wasm_ref_as_foreign_const(const wasm_ref_t *r);

/**
 * Makes a foreign object in a store.
 * Attach data with wasm_foreign_set_host_info().
 * @param store the store; must not be NULL.
 * @return a new foreign object, or NULL when memory runs out.
 * @b Ownership: The caller owns the handle; the object lives as long as the store.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_foreign_t *wasm_foreign_new(wasm_store_t *store);

/* ---- Modules ---- */

/** A compiled (decoded, validated) module. */
typedef struct wasm_module_t wasm_module_t;

/**
 * Deletes a handle to a module.
 * The object itself lives on while other handles to it exist.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_module_delete(own wasm_module_t *r);

/**
 * Makes a new handle to the same module.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_module_t *wasm_module_copy(const wasm_module_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_module_same(const wasm_module_t *a, const wasm_module_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_module_get_host_info(const wasm_module_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_module_set_host_info(wasm_module_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_module_set_host_info_with_finalizer(wasm_module_t *r, void *info,
                                                              void (*finalizer)(void *));

/**
 * Views a module as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_module_as_ref(wasm_module_t *r);

/**
 * Views a generic reference as a module.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a module.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_module_t *wasm_ref_as_module(wasm_ref_t *r);

/**
 * Views a module as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_module_as_ref_const(const wasm_module_t *r);

/**
 * Views a generic reference as a module (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a module.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_module_t *wasm_ref_as_module_const(const wasm_ref_t *r);

/** A module in a form that may be passed to another thread and store. */
typedef struct wasm_shared_module_t wasm_shared_module_t;

/**
 * Deletes a shared module.
 * @param m the shared module; NULL is a no-op.
 * @b Ownership: Takes ownership of m.
 * @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_shared_module_delete(own wasm_shared_module_t *m);

/**
 * Makes a shareable form of a module (no copy of the code is made).
 * @param m the module; must not be NULL.
 * @return a new shared module, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses m's store. The result may go to any thread.
 */
WASM_API_EXTERN own wasm_shared_module_t *wasm_module_share(const wasm_module_t *m);

/**
 * Makes a module in a store from a shared module.
 * @param store the store; must not be NULL.
 * @param shared the shared module; must not be NULL.
 * @return a new module, or NULL when memory runs out.
 * @b Ownership: The caller owns the result; shared is unchanged.
 * @b Threads: the thread that uses store; any number of threads may obtain from one shared module at once.
 */
WASM_API_EXTERN own wasm_module_t *wasm_module_obtain(wasm_store_t *store, const wasm_shared_module_t *shared);

/**
 * Compiles a module: decodes and validates a binary.
 * @param store the store; must not be NULL.
 * @param binary the binary; copied; must not be NULL.
 * @return a new module, or NULL when the binary is malformed or invalid, or memory runs out.
 * @b Ownership: The caller owns the result. The module may be deleted while instances made from it are alive.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_module_t *wasm_module_new(wasm_store_t *store, const wasm_byte_vec_t *binary);

/**
 * Tells whether a binary is a valid module (decodes and validates it).
 * @param store the store; must not be NULL.
 * @param binary the binary; must not be NULL.
 * @return true when the binary is a valid module; false when it is not, or memory runs out.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t *store, const wasm_byte_vec_t *binary);

/**
 * Returns a module's imports, in order.
 * @param m the module; must not be NULL.
 * @param out receives the import types.
 * @b Ownership: The caller owns *out.
 * @b Errors: When memory runs out, *out is empty.
 * @b Threads: any thread (the object must not be modified concurrently).
 */
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t *m, own wasm_importtype_vec_t *out);

/**
 * Returns a module's exports, in order.
 * @param m the module; must not be NULL.
 * @param out receives the export types.
 * @b Ownership: The caller owns *out.
 * @b Errors: When memory runs out, *out is empty.
 * @b Threads: any thread (the object must not be modified concurrently).
 */
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t *m, own wasm_exporttype_vec_t *out);

/**
 * Serializes a module: Skiff returns a copy of the module's binary.
 * @param m the module; must not be NULL.
 * @param out receives the bytes.
 * @b Ownership: The caller owns *out.
 * @b Errors: When memory runs out, *out is empty.
 * @b Threads: any thread (the object must not be modified concurrently).
 */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t *m, own wasm_byte_vec_t *out);

/**
 * Makes a module from bytes produced by wasm_module_serialize().
 * @param store the store; must not be NULL.
 * @param bytes the serialized module; must not be NULL.
 * @return a new module, or NULL when the bytes are not a valid module or memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_module_t *wasm_module_deserialize(wasm_store_t *store, const wasm_byte_vec_t *bytes);

/* ---- Function instances ---- */

/** A function: defined by a module instance or by the host. */
typedef struct wasm_func_t wasm_func_t;

/**
 * Deletes a handle to a function.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_func_delete(own wasm_func_t *r);

/**
 * Makes a new handle to the same function.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_func_t *wasm_func_copy(const wasm_func_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_func_same(const wasm_func_t *a, const wasm_func_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_func_get_host_info(const wasm_func_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_func_set_host_info(wasm_func_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_func_set_host_info_with_finalizer(wasm_func_t *r, void *info,
                                                            void (*finalizer)(void *));

/**
 * Views a function as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_func_as_ref(wasm_func_t *r);

/**
 * Views a generic reference as a function.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a function.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_func_t *wasm_ref_as_func(wasm_ref_t *r);

/**
 * Views a function as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_func_as_ref_const(const wasm_func_t *r);

/**
 * Views a generic reference as a function (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a function.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_func_t *wasm_ref_as_func_const(const wasm_ref_t *r);

/** A host function. `args` holds the arguments (borrowed, kinds match the function type);
 * `results` has exactly as many slots as the type has results, to be filled with
 * values of the result kinds (references in them are handed over). Returns NULL, or a
 * trap (e.g. from wasm_trap_new()) that ends the call; ownership of the trap moves to Skiff. */
typedef own wasm_trap_t *(*wasm_func_callback_t)(const wasm_val_vec_t *args, own wasm_val_vec_t *results);
/** A host function with an environment pointer; otherwise as wasm_func_callback_t. */
typedef own wasm_trap_t *(*wasm_func_callback_with_env_t)(void *env, const wasm_val_vec_t *args,
                                                          wasm_val_vec_t *results);

/**
 * Makes a host function.
 * @param store the store; must not be NULL.
 * @param type the function type; copied; must not be NULL.
 * @param callback the function to call; must not be NULL.
 * @return a new function, or NULL when an argument is NULL or memory runs out.
 * @b Ownership: The caller owns the handle; the function lives as long as the store.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_func_t *wasm_func_new(wasm_store_t *store, const wasm_functype_t *type,
                                               wasm_func_callback_t callback);

/**
 * Makes a host function with an environment.
 * @param store the store; must not be NULL.
 * @param type the function type; copied; must not be NULL.
 * @param callback the function to call; must not be NULL.
 * @param env passed to every call of callback.
 * @param finalizer called with env when the store is deleted, or NULL.
 * @return a new function, or NULL when an argument is NULL or memory runs out (then finalizer is not called).
 * @b Ownership: The caller owns the handle; the function lives as long as the store.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_func_t *wasm_func_new_with_env(wasm_store_t *store, const wasm_functype_t *type,
                                                        wasm_func_callback_with_env_t callback, void *env,
                                                        void (*finalizer)(void *));

/**
 * Returns a function's type.
 * @param f the function; must not be NULL.
 * @return a new function type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_functype_t *wasm_func_type(const wasm_func_t *f);

/**
 * Returns the number of parameters of a function.
 * @param f the function; must not be NULL.
 * @return the count.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t *f);

/**
 * Returns the number of results of a function.
 * @param f the function; must not be NULL.
 * @return the count.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t *f);

/**
 * Calls a function.
 * The arguments must match the parameter types in number and kind; `results`
 * must have exactly wasm_func_result_arity() slots, which receive the results.
 * Reference results are new handles owned by the caller; when a trap is returned
 * the result slots are left as they were. Host functions may call back into wasm
 * (re-entrantly).
 * @param f the function; must not be NULL.
 * @param args the arguments (borrowed); NULL means none.
 * @param results receives the results; NULL allowed when there are none.
 * @return NULL on success, or a trap: an execution trap (spec wording, with a stack trace), a trap returned
 *   by a host function, or a trap saying the arguments or result slots do not match the type.
 * @b Ownership: The caller owns the returned trap.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_trap_t *wasm_func_call(const wasm_func_t *f, const wasm_val_vec_t *args,
                                                wasm_val_vec_t *results);

/* ---- Global instances ---- */

/** A global variable. */
typedef struct wasm_global_t wasm_global_t;

/**
 * Deletes a handle to a global.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_global_delete(own wasm_global_t *r);

/**
 * Makes a new handle to the same global.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_global_t *wasm_global_copy(const wasm_global_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_global_same(const wasm_global_t *a, const wasm_global_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_global_get_host_info(const wasm_global_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_global_set_host_info(wasm_global_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_global_set_host_info_with_finalizer(wasm_global_t *r, void *info,
                                                              void (*finalizer)(void *));

/**
 * Views a global as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_global_as_ref(wasm_global_t *r);

/**
 * Views a generic reference as a global.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a global.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_global_t *wasm_ref_as_global(wasm_ref_t *r);

/**
 * Views a global as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_global_as_ref_const(const wasm_global_t *r);

/**
 * Views a generic reference as a global (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a global.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_global_t *wasm_ref_as_global_const(const wasm_ref_t *r);

/**
 * Makes a global.
 * @param store the store; must not be NULL.
 * @param type the global type; copied; must not be NULL.
 * @param val the initial value; its kind must match the type's content; references are copied.
 * @return a new global, or NULL when an argument is NULL, the value does not match, or memory runs out.
 * @b Ownership: The caller owns the handle; the global lives as long as the store.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_global_t *wasm_global_new(wasm_store_t *store, const wasm_globaltype_t *type,
                                                   const wasm_val_t *val);

/**
 * Returns a global's type.
 * @param g the global; must not be NULL.
 * @return a new global type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_globaltype_t *wasm_global_type(const wasm_global_t *g);

/**
 * Reads a global.
 * @param g the global; must not be NULL.
 * @param out receives the value.
 * @b Ownership: The caller owns *out (a reference in it is a new handle).
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_global_get(const wasm_global_t *g, own wasm_val_t *out);

/**
 * Writes a global.
 * Nothing happens when the global is immutable or the value's kind does not
 * match (the standard API has no way to report it).
 * @param g the global; must not be NULL.
 * @param val the new value (borrowed; a reference is not taken over).
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_global_set(wasm_global_t *g, const wasm_val_t *val);

/* ---- Table instances ---- */

/** A table of references. */
typedef struct wasm_table_t wasm_table_t;

/**
 * Deletes a handle to a table.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_table_delete(own wasm_table_t *r);

/**
 * Makes a new handle to the same table.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_table_t *wasm_table_copy(const wasm_table_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_table_same(const wasm_table_t *a, const wasm_table_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_table_get_host_info(const wasm_table_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_table_set_host_info(wasm_table_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_table_set_host_info_with_finalizer(wasm_table_t *r, void *info,
                                                             void (*finalizer)(void *));

/**
 * Views a table as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_table_as_ref(wasm_table_t *r);

/**
 * Views a generic reference as a table.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a table.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_table_t *wasm_ref_as_table(wasm_ref_t *r);

/**
 * Views a table as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_table_as_ref_const(const wasm_table_t *r);

/**
 * Views a generic reference as a table (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a table.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_table_t *wasm_ref_as_table_const(const wasm_ref_t *r);

/** A table size or index, in elements. */
typedef uint32_t wasm_table_size_t;

/**
 * Makes a table.
 * @param store the store; must not be NULL.
 * @param type the table type; copied; must not be NULL.
 * @param init the initial value of every element (borrowed), or NULL for null references.
 * @return a new table, or NULL when an argument is NULL, init does not match the element type, or memory runs
 *   out.
 * @b Ownership: The caller owns the handle; the table lives as long as the store.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_table_t *wasm_table_new(wasm_store_t *store, const wasm_tabletype_t *type,
                                                 wasm_ref_t *init);

/**
 * Returns a table's current type (its minimum is the current size).
 * @param t the table; must not be NULL.
 * @return a new table type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_tabletype_t *wasm_table_type(const wasm_table_t *t);

/**
 * Reads a table element.
 * @param t the table; must not be NULL.
 * @param index the element index.
 * @return a new handle to the element, or NULL when the element is null or index is out of bounds.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index);

/**
 * Writes a table element.
 * @param t the table; must not be NULL.
 * @param index the element index.
 * @param ref the new element (borrowed), or NULL for a null reference.
 * @return true on success; false when index is out of bounds or ref does not match the element type.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *ref);

/**
 * Returns a table's current size.
 * @param t the table; must not be NULL.
 * @return the size in elements.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t *t);

/**
 * Grows a table.
 * @param t the table; must not be NULL.
 * @param delta the number of elements to add.
 * @param init the value of the new elements (borrowed), or NULL.
 * @return true on success; false when the maximum or a store limit would be exceeded, init does not match, or
 *   memory runs out.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init);

/* ---- Memory instances ---- */

/** A linear memory. */
typedef struct wasm_memory_t wasm_memory_t;

/**
 * Deletes a handle to a memory.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_memory_delete(own wasm_memory_t *r);

/**
 * Makes a new handle to the same memory.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_memory_t *wasm_memory_copy(const wasm_memory_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_memory_same(const wasm_memory_t *a, const wasm_memory_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_memory_get_host_info(const wasm_memory_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_memory_set_host_info(wasm_memory_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_memory_set_host_info_with_finalizer(wasm_memory_t *r, void *info,
                                                              void (*finalizer)(void *));

/**
 * Views a memory as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_memory_as_ref(wasm_memory_t *r);

/**
 * Views a generic reference as a memory.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a memory.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_memory_t *wasm_ref_as_memory(wasm_ref_t *r);

/**
 * Views a memory as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_memory_as_ref_const(const wasm_memory_t *r);

/**
 * Views a generic reference as a memory (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote a memory.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_memory_t *wasm_ref_as_memory_const(const wasm_ref_t *r);

/** A memory size, in 64 KiB pages. */
typedef uint32_t wasm_memory_pages_t;

/** The size of a memory page in bytes. */
static const size_t MEMORY_PAGE_SIZE = 0x10000;

/**
 * Makes a memory.
 * @param store the store; must not be NULL.
 * @param type the memory type; copied; must not be NULL.
 * @return a new memory, or NULL when an argument is NULL, the store's limits forbid it, or memory runs out.
 * @b Ownership: The caller owns the handle; the memory lives as long as the store.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_memory_t *wasm_memory_new(wasm_store_t *store, const wasm_memorytype_t *type);

/**
 * Returns a memory's current type (its minimum is the current size).
 * @param m the memory; must not be NULL.
 * @return a new memory type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m);

/**
 * Returns the base address of a memory's bytes.
 * The address stays the same when the memory grows.
 * @param m the memory; must not be NULL.
 * @return the base address (may be NULL when the size is 0).
 * @b Ownership: Borrowed: valid while the store lives.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN byte_t *wasm_memory_data(wasm_memory_t *m);

/**
 * Returns a memory's size in bytes.
 * @param m the memory; must not be NULL.
 * @return the size.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t *m);

/**
 * Returns a memory's size in pages.
 * @param m the memory; must not be NULL.
 * @return the size.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m);

/**
 * Grows a memory; new bytes are zero.
 * @param m the memory; must not be NULL.
 * @param delta the number of pages to add.
 * @return true on success; false when the maximum or a store limit would be exceeded or memory runs out.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta);

/* ---- Externals ---- */

/** An extern: a function, global, table or memory, as imported or exported. */
typedef struct wasm_extern_t wasm_extern_t;

/**
 * Deletes a handle to an extern.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_extern_delete(own wasm_extern_t *r);

/**
 * Makes a new handle to the same extern.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_extern_t *wasm_extern_copy(const wasm_extern_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_extern_same(const wasm_extern_t *a, const wasm_extern_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_extern_get_host_info(const wasm_extern_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_extern_set_host_info(wasm_extern_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_extern_set_host_info_with_finalizer(wasm_extern_t *r, void *info,
                                                              void (*finalizer)(void *));

/**
 * Views an extern as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_extern_as_ref(wasm_extern_t *r);

/**
 * Views a generic reference as an extern.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote an extern.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_extern_t *wasm_ref_as_extern(wasm_ref_t *r);

/**
 * Views an extern as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_extern_as_ref_const(const wasm_extern_t *r);

/**
 * Views a generic reference as an extern (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote an extern.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_extern_t *wasm_ref_as_extern_const(const wasm_ref_t *r);

/** A vector of externs: `size` elements at `data` (NULL when size is 0). */
typedef struct wasm_extern_vec_t {
    size_t size; /**< number of elements */
    wasm_extern_t **data; /**< the elements; NULL when size is 0 */
} wasm_extern_vec_t;

/** Sets *out (not NULL) to the empty vector {0, NULL}, owned by the caller. @b Threads: any thread. */
WASM_API_EXTERN void wasm_extern_vec_new_empty(own wasm_extern_vec_t *out);

/**
 * Makes a vector of `size` externs, each NULL, for the caller to fill in.
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread.
 */
WASM_API_EXTERN void wasm_extern_vec_new_uninitialized(own wasm_extern_vec_t *out, size_t size);

/**
 * Makes a vector of `size` externs from an array (the array is copied, not kept).
 * @param out receives the vector (owned by the caller); must not be NULL.
 * @param size number of elements.
 * @param data the elements; may be NULL only when size is 0.
 * @b Ownership: the elements move into the vector (the element pointers are taken over).
 * @b Errors: when memory runs out, *out is {0, NULL} and the elements are deleted.
 * @b Threads: any thread for types; for runtime objects, their store's thread.
 */
WASM_API_EXTERN void wasm_extern_vec_new(own wasm_extern_vec_t *out, size_t size,
                                         own wasm_extern_t *const data[]);

/**
 * Makes a deep copy of a vector of externs (each element is copied).
 * @param out receives the copy (owned by the caller); must not be NULL.
 * @param v the vector to copy; must not be NULL.
 * @b Errors: when memory runs out, *out is {0, NULL}. @b Threads: any thread for types; for runtime objects,
 *   their store's thread.
 */
WASM_API_EXTERN void wasm_extern_vec_copy(own wasm_extern_vec_t *out, const wasm_extern_vec_t *v);

/**
 * Deletes a vector of externs and deletes every extern handle. Afterwards *v is {0, NULL}.
 * @param v the vector (taken over); NULL is a no-op.
 * @b Threads: any thread for types; for runtime objects, their store's thread.
 */
WASM_API_EXTERN void wasm_extern_vec_delete(own wasm_extern_vec_t *v);

/**
 * Returns the kind of an extern.
 * @param e the extern; must not be NULL.
 * @return a wasm_externkind_enum value.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e);

/**
 * Returns the type of an extern.
 * @param e the extern; must not be NULL.
 * @return a new extern type, or NULL when memory runs out.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e);

/**
 * Views a function as an extern.
 * @param x the function; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_extern_t *wasm_func_as_extern(wasm_func_t *x);

/**
 * Views a global as an extern.
 * @param x the global; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_extern_t *wasm_global_as_extern(wasm_global_t *x);

/**
 * Views a table as an extern.
 * @param x the table; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_extern_t *wasm_table_as_extern(wasm_table_t *x);

/**
 * Views a memory as an extern.
 * @param x the memory; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_extern_t *wasm_memory_as_extern(wasm_memory_t *x);

/**
 * Views an extern as a function.
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a function, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_func_t *wasm_extern_as_func(wasm_extern_t *e);

/**
 * Views an extern as a global.
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a global, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_global_t *wasm_extern_as_global(wasm_extern_t *e);

/**
 * Views an extern as a table.
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a table, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_table_t *wasm_extern_as_table(wasm_extern_t *e);

/**
 * Views an extern as a memory.
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a memory, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_memory_t *wasm_extern_as_memory(wasm_extern_t *e);

/**
 * Views a function as an extern (const).
 * @param x the function; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_extern_t *wasm_func_as_extern_const(const wasm_func_t *x);

/**
 * Views a global as an extern (const).
 * @param x the global; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_extern_t *wasm_global_as_extern_const(const wasm_global_t *x);

/**
 * Views a table as an extern (const).
 * @param x the table; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_extern_t *wasm_table_as_extern_const(const wasm_table_t *x);

/**
 * Views a memory as an extern (const).
 * @param x the memory; NULL gives NULL.
 * @return x itself seen as an extern.
 * @b Ownership: Borrowed: the result is x and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_extern_t *wasm_memory_as_extern_const(const wasm_memory_t *x);

/**
 * Views an extern as a function (const).
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a function, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_func_t *wasm_extern_as_func_const(const wasm_extern_t *e);

/**
 * Views an extern as a global (const).
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a global, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_global_t *wasm_extern_as_global_const(const wasm_extern_t *e);

/**
 * Views an extern as a table (const).
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a table, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_table_t *wasm_extern_as_table_const(const wasm_extern_t *e);

/**
 * Views an extern as a memory (const).
 * @param e the extern; NULL gives NULL.
 * @return e itself seen as a memory, or NULL when e is of another kind.
 * @b Ownership: Borrowed: the result is e and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_memory_t *wasm_extern_as_memory_const(const wasm_extern_t *e);

/* ---- Module instances ---- */

/** An instance of a module. */
typedef struct wasm_instance_t wasm_instance_t;

/**
 * Deletes a handle to an instance.
 * The object itself lives on while other handles to it exist or while its store lives.
 * @param r the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of r.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_instance_delete(own wasm_instance_t *r);

/**
 * Makes a new handle to the same instance.
 * @param r the handle; NULL gives NULL.
 * @return a new handle, or NULL.
 * @b Ownership: The caller owns the result.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_instance_t *wasm_instance_copy(const wasm_instance_t *r);

/**
 * Tells whether two handles denote the same object.
 * @param a a handle, or NULL.
 * @param b a handle, or NULL.
 * @return true if both are NULL or both denote the same object.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN bool wasm_instance_same(const wasm_instance_t *a, const wasm_instance_t *b);

/**
 * Returns the host info attached to the object.
 * @param r the handle; NULL gives NULL.
 * @return the pointer last set with a set_host_info function, or NULL.
 * @b Ownership: Not interpreted by Skiff.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void *wasm_instance_get_host_info(const wasm_instance_t *r);

/**
 * Attaches host info to the object (shared by all handles to it), with no finalizer.
 * A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_instance_set_host_info(wasm_instance_t *r, void *info);

/**
 * Attaches host info and a finalizer to the object.
 * The finalizer is called once with info when the object dies: for store-bound
 * objects when their store is deleted, for modules and traps when the last handle
 * is deleted. A previous host info is replaced; its finalizer is not called.
 * @param r the handle; NULL is a no-op.
 * @param info any pointer.
 * @param finalizer the function to call, or NULL.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_instance_set_host_info_with_finalizer(wasm_instance_t *r, void *info,
                                                                void (*finalizer)(void *));

/**
 * Views an instance as a generic reference.
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_ref_t *wasm_instance_as_ref(wasm_instance_t *r);

/**
 * Views a generic reference as an instance.
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote an instance.
 * @b Ownership: Borrowed: the result is r and must not be deleted separately.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN wasm_instance_t *wasm_ref_as_instance(wasm_ref_t *r);

/**
 * Views an instance as a generic reference (const).
 * @param r the handle; NULL gives NULL.
 * @return r itself seen as a reference.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_ref_t *wasm_instance_as_ref_const(const wasm_instance_t *r);

/**
 * Views a generic reference as an instance (const).
 * @param r the reference; NULL gives NULL.
 * @return r itself, or NULL when r does not denote an instance.
 * @b Ownership: Borrowed.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN const wasm_instance_t *wasm_ref_as_instance_const(const wasm_ref_t *r);

/**
 * Instantiates a module.
 * Imports are resolved by position: imports->data[i] provides the module's i-th
 * import (see wasm_module_imports()); entries beyond the module's imports are
 * ignored. Each must be an extern of the same store. Element and data segments are
 * applied and the start function runs.
 * @param store the store; must not be NULL.
 * @param module the module; must not be NULL.
 * @param imports the imports (borrowed); NULL means none.
 * @param trap if not NULL, receives NULL on success, or a trap on failure: a trap from a segment or the start
 *   function, or a trap whose message explains a link error ("unknown import", "incompatible import type").
 * @return a new instance, or NULL on failure.
 * @b Ownership: The caller owns the result and *trap. The store keeps the instance alive.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN own wasm_instance_t *wasm_instance_new(wasm_store_t *store, const wasm_module_t *module,
                                                       const wasm_extern_vec_t *imports,
                                                       own wasm_trap_t **trap);

/**
 * Returns an instance's exports, in the module's export order.
 * @param i the instance; must not be NULL.
 * @param out receives new handles to the exports.
 * @b Ownership: The caller owns *out.
 * @b Errors: When memory runs out, *out is empty.
 * @b Threads: the thread that uses the object's store.
 */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t *i, own wasm_extern_vec_t *out);

/* ======================================================================= */
/* Convenience                                                             */
/* ======================================================================= */

/* ---- Vectors ---- */

/** Initializer of an empty vector. */
#define WASM_EMPTY_VEC {0, NULL}
/** Initializer of a vector over a C array (borrowed). */
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

/* ---- Value type short-hands (each returns a new, owned value type) ---- */

/** A new value type of kind i32; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_valtype_t *wasm_valtype_new_i32(void) {
    return wasm_valtype_new(WASM_I32);
}
/** A new value type of kind i64; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_valtype_t *wasm_valtype_new_i64(void) {
    return wasm_valtype_new(WASM_I64);
}
/** A new value type of kind f32; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_valtype_t *wasm_valtype_new_f32(void) {
    return wasm_valtype_new(WASM_F32);
}
/** A new value type of kind f64; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_valtype_t *wasm_valtype_new_f64(void) {
    return wasm_valtype_new(WASM_F64);
}
/** A new value type of kind externref; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_valtype_t *wasm_valtype_new_externref(void) {
    return wasm_valtype_new(WASM_EXTERNREF);
}
/** A new value type of kind funcref; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_valtype_t *wasm_valtype_new_funcref(void) {
    return wasm_valtype_new(WASM_FUNCREF);
}

/* ---- Function type short-hands: wasm_functype_new_P_R takes P parameter and
 * R result types (all taken over) and returns a new function type or NULL. ---- */

/** Helper of the wasm_functype_new_P_R short-hands: a function type from arrays of value types (all taken over), or NULL. */
static inline own wasm_functype_t *skiff_functype_from_arrays(size_t np, wasm_valtype_t **ps, size_t nr,
                                                              wasm_valtype_t **rs) {
    wasm_valtype_vec_t params, results;
    if (np) wasm_valtype_vec_new(&params, np, ps);
    else wasm_valtype_vec_new_empty(&params);
    if (nr) wasm_valtype_vec_new(&results, nr, rs);
    else wasm_valtype_vec_new_empty(&results);
    return wasm_functype_new(&params, &results);
}

/** A new function type with 0 parameter(s) and 0 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_0_0(void) {
    return skiff_functype_from_arrays(0, NULL, 0, NULL);
}
/** A new function type with 1 parameter(s) and 0 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_1_0(own wasm_valtype_t *p1) {
    wasm_valtype_t *ps[1] = {p1};
    return skiff_functype_from_arrays(1, ps, 0, NULL);
}
/** A new function type with 2 parameter(s) and 0 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_2_0(own wasm_valtype_t *p1, own wasm_valtype_t *p2) {
    wasm_valtype_t *ps[2] = {p1, p2};
    return skiff_functype_from_arrays(2, ps, 0, NULL);
}
/** A new function type with 3 parameter(s) and 0 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_3_0(own wasm_valtype_t *p1, own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *p3) {
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    return skiff_functype_from_arrays(3, ps, 0, NULL);
}
/** A new function type with 0 parameter(s) and 1 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_0_1(own wasm_valtype_t *r1) {
    wasm_valtype_t *rs[1] = {r1};
    return skiff_functype_from_arrays(0, NULL, 1, rs);
}
/** A new function type with 1 parameter(s) and 1 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_1_1(own wasm_valtype_t *p1, own wasm_valtype_t *r1) {
    wasm_valtype_t *ps[1] = {p1};
    wasm_valtype_t *rs[1] = {r1};
    return skiff_functype_from_arrays(1, ps, 1, rs);
}
/** A new function type with 2 parameter(s) and 1 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_2_1(own wasm_valtype_t *p1, own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *r1) {
    wasm_valtype_t *ps[2] = {p1, p2};
    wasm_valtype_t *rs[1] = {r1};
    return skiff_functype_from_arrays(2, ps, 1, rs);
}
/** A new function type with 3 parameter(s) and 1 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_3_1(own wasm_valtype_t *p1, own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *p3, own wasm_valtype_t *r1) {
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    wasm_valtype_t *rs[1] = {r1};
    return skiff_functype_from_arrays(3, ps, 1, rs);
}
/** A new function type with 0 parameter(s) and 2 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_0_2(own wasm_valtype_t *r1, own wasm_valtype_t *r2) {
    wasm_valtype_t *rs[2] = {r1, r2};
    return skiff_functype_from_arrays(0, NULL, 2, rs);
}
/** A new function type with 1 parameter(s) and 2 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_1_2(own wasm_valtype_t *p1, own wasm_valtype_t *r1,
                                                         own wasm_valtype_t *r2) {
    wasm_valtype_t *ps[1] = {p1};
    wasm_valtype_t *rs[2] = {r1, r2};
    return skiff_functype_from_arrays(1, ps, 2, rs);
}
/** A new function type with 2 parameter(s) and 2 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_2_2(own wasm_valtype_t *p1, own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *r1, own wasm_valtype_t *r2) {
    wasm_valtype_t *ps[2] = {p1, p2};
    wasm_valtype_t *rs[2] = {r1, r2};
    return skiff_functype_from_arrays(2, ps, 2, rs);
}
/** A new function type with 3 parameter(s) and 2 result(s), all value types taken over; the caller owns it (NULL when memory runs out). @b Threads: any thread. */
static inline own wasm_functype_t *wasm_functype_new_3_2(own wasm_valtype_t *p1, own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *p3, own wasm_valtype_t *r1,
                                                         own wasm_valtype_t *r2) {
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    wasm_valtype_t *rs[2] = {r1, r2};
    return skiff_functype_from_arrays(3, ps, 2, rs);
}

/* ---- Value short-hands ---- */

/** Stores a host pointer in a value (as i32 or i64, whichever is pointer-sized). */
static inline void wasm_val_init_ptr(own wasm_val_t *out, void *p) {
#if UINTPTR_MAX == UINT32_MAX
    out->kind = WASM_I32;
    out->of.i32 = (int32_t)(intptr_t)p;
#else
    out->kind = WASM_I64;
    out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

/** Reads back a host pointer stored with wasm_val_init_ptr(). */
static inline void *wasm_val_ptr(const wasm_val_t *val) {
#if UINTPTR_MAX == UINT32_MAX
    return (void *)(intptr_t)val->of.i32;
#else
    return (void *)(intptr_t)val->of.i64;
#endif
}

/** Initializer of a wasm_val_t of kind i32. */
#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
/** Initializer of a wasm_val_t of kind i64. */
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
/** Initializer of a wasm_val_t of kind f32. */
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
/** Initializer of a wasm_val_t of kind f64. */
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
/** Initializer of a wasm_val_t of kind ref. */
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
/** Initializer of a wasm_val_t of kind init. */
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM_H */
