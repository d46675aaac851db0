/**
 * @file skiff.h
 * @brief Skiff's embedding API: everything beyond the standard wasm.h.
 *
 * skiff.h extends the objects of wasm.h (engines, stores, modules, functions,
 * instances, traps) with what an embedder needs in practice: engine
 * configuration (execution tier, proposal features), text-format compilation,
 * error objects kept apart from traps, a linker that resolves imports by name,
 * host functions that see their caller, fuel metering, interruption from
 * another thread, resource limits, and WASI.
 *
 * Thread safety
 * -------------
 *  The rules of wasm.h apply, plus:
 *  - Engines, shared modules and error objects may be used by any thread;
 *    an engine may be shared by several threads at once.
 *  - A store, and everything made in or obtained from it, is used by one
 *    thread at a time. The one exception is skiff_interrupt_handle_interrupt():
 *    an interrupt handle may be used from any thread, at any time, even after
 *    its store has been deleted.
 *  - A linker (skiff_linker_t) is used by one thread at a time while it is
 *    being changed (skiff_linker_define*). Once no longer changed it may be
 *    read (skiff_linker_instantiate) by several threads at once, each with its
 *    own store; only host functions defined with skiff_linker_define_func()
 *    and WASI can be shared that way (other definitions belong to one store).
 *  - WASI configurations are used by one thread at a time.
 *
 * Ownership
 * ---------
 *  As in wasm.h: an `own` result or out-parameter belongs to the caller, an
 *  `own` parameter is taken over by the callee, everything else is borrowed.
 *  Every skiff_error_t returned belongs to the caller, who deletes it with
 *  skiff_error_delete().
 *
 * Errors
 * ------
 *  Functions that can fail for reasons the embedder should see (a module that
 *  does not decode, validate or link, WAT text that does not parse, an unknown
 *  import, a resource limit) return an owned skiff_error_t, or NULL on success.
 *  Its message starts with the WebAssembly specification's wording (for
 *  example "unknown import" or "type mismatch"). Errors are not traps: a trap
 *  (wasm_trap_t) is what running WebAssembly code produced, such as
 *  "unreachable", "all fuel consumed" or "interrupt". When memory runs out,
 *  functions return an error whose message is "out of memory", or NULL where
 *  they return an object; nothing ever aborts the process.
 */
#ifndef SKIFF_H
#define SKIFF_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The ownership marker of wasm.h (which undefines it at its end); expands to nothing. */
#define own

/** Major version of the Skiff library this header belongs to. */
#define SKIFF_VERSION_MAJOR 0
/** Minor version of the Skiff library this header belongs to. */
#define SKIFF_VERSION_MINOR 1
/** Patch version of the Skiff library this header belongs to. */
#define SKIFF_VERSION_PATCH 0

/**
 * The version of the library actually linked, as "MAJOR.MINOR.PATCH".
 * @return a static string; never NULL.
 * @b Ownership: The string is static; do not free it.
 * @b Threads: any thread.
 */
WASM_API_EXTERN const char *skiff_version(void);

/* ======================================================================= */
/* Errors                                                                  */
/* ======================================================================= */

/**
 * An error: why a module did not decode, validate, link or instantiate, why
 * WAT text did not parse, or why a setting was refused. Errors are separate
 * from traps (wasm_trap_t). Created by Skiff, owned by the caller who got it,
 * deleted with skiff_error_delete().
 */
typedef struct skiff_error_t skiff_error_t;

/**
 * Deletes an error.
 * @param error the error; NULL is a no-op.
 * @b Ownership: Takes ownership of error.
 * @b Threads: any thread.
 */
WASM_API_EXTERN void skiff_error_delete(own skiff_error_t *error);

/**
 * The error's message, starting with the specification's wording
 * (for example "unexpected end", "type mismatch", "unknown import: env::f").
 * @param error the error; must not be NULL.
 * @return a NUL-terminated string, never NULL.
 * @b Ownership: Borrowed: valid until the error is deleted.
 * @b Threads: any thread.
 */
WASM_API_EXTERN const char *skiff_error_message(const skiff_error_t *error);

/**
 * Where in a binary module the error was found.
 * @param error the error; must not be NULL.
 * @return the byte offset from the start of the binary, or -1 when the error
 *         is not about a position in a binary.
 * @b Threads: any thread.
 */
WASM_API_EXTERN int64_t skiff_error_offset(const skiff_error_t *error);

/**
 * Where in WAT text the error was found.
 * @param error the error; must not be NULL.
 * @param line receives the 1-based line, or 0; may be NULL.
 * @param column receives the 1-based column, or 0; may be NULL.
 * @return true when the error has a text position (line and column were set to it).
 * @b Threads: any thread.
 */
WASM_API_EXTERN bool skiff_error_position(const skiff_error_t *error, uint32_t *line, uint32_t *column);

/**
 * Formats the error with its position into a new name: "LINE:COL: message"
 * for text, "@0xOFFSET: message" for binaries, or just the message.
 * @param error the error; must not be NULL.
 * @param out receives the text (without a terminating NUL); empty when memory runs out.
 * @b Ownership: The caller owns *out (wasm_name_delete()).
 * @b Threads: any thread.
 */
WASM_API_EXTERN void skiff_error_format(const skiff_error_t *error, own wasm_name_t *out);

/* ======================================================================= */
/* Configuration                                                           */
/* ======================================================================= */

/** WebAssembly proposals (all of them standard in WebAssembly 2.0) that can be switched off. */
typedef enum skiff_feature_t {
    SKIFF_FEATURE_MUTABLE_GLOBALS = 0,     /**< import and export of mutable globals */
    SKIFF_FEATURE_SIGN_EXTENSION = 1,      /**< i32.extend8_s and friends */
    SKIFF_FEATURE_SATURATING_FLOAT_TO_INT = 2, /**< i32.trunc_sat_f32_s and friends */
    SKIFF_FEATURE_MULTI_VALUE = 3,         /**< several results; block parameters */
    SKIFF_FEATURE_BULK_MEMORY = 4,         /**< memory.copy/fill/init, data.drop, table.copy/init, elem.drop */
    SKIFF_FEATURE_REFERENCE_TYPES = 5,     /**< funcref/externref values, several tables, table.get/set/grow/size/fill */
    SKIFF_FEATURE_SIMD = 6,                /**< 128-bit SIMD: v128 values and instructions */
} skiff_feature_t;

/**
 * Enables or disables a proposal for engines made from this configuration.
 * By default every proposal is enabled (all of WebAssembly 2.0). A module that uses a disabled proposal fails to compile with
 * an error naming it (for example "feature disabled: sign-extension (i32.extend8_s)").
 * @param config the configuration; must not be NULL.
 * @param feature which proposal.
 * @param enable true to enable it.
 * @return true if the setting was applied; false when the feature is unknown
 *         (the configuration is then unchanged).
 * @b Threads: the thread that uses the configuration.
 */
WASM_API_EXTERN bool skiff_config_feature_set(wasm_config_t *config, skiff_feature_t feature, bool enable);

/**
 * Whether a proposal is enabled in a configuration.
 * @param config the configuration; must not be NULL.
 * @param feature which proposal.
 * @return true when it is enabled (unknown features: false).
 * @b Threads: the thread that uses the configuration.
 */
WASM_API_EXTERN bool skiff_config_feature_get(const wasm_config_t *config, skiff_feature_t feature);

/**
 * Chooses the execution tier by name. Available now: "interp" (the
 * interpreter). "default" or NULL selects the fastest available tier.
 * @param config the configuration; must not be NULL.
 * @param tier the tier's name, or NULL.
 * @return true if the tier exists; false (configuration unchanged) otherwise.
 * @b Threads: the thread that uses the configuration.
 */
WASM_API_EXTERN bool skiff_config_tier_set(wasm_config_t *config, const char *tier);

/**
 * The execution tier an engine uses.
 * @param engine the engine; must not be NULL.
 * @return the tier's name (for example "interp"); a static string.
 * @b Threads: any thread.
 */
WASM_API_EXTERN const char *skiff_engine_tier(const wasm_engine_t *engine);

/**
 * Whether a proposal is enabled in an engine.
 * @param engine the engine; must not be NULL.
 * @param feature which proposal.
 * @return true when it is enabled.
 * @b Threads: any thread.
 */
WASM_API_EXTERN bool skiff_engine_feature_get(const wasm_engine_t *engine, skiff_feature_t feature);

/** How linear-memory accesses are kept inside the memory. Both trap exactly as
 *  the specification says ("out of bounds memory access", same trap frames). */
typedef enum skiff_bounds_checks_t {
    SKIFF_BOUNDS_DEFAULT = 0,     /**< guard pages where available, else explicit checks */
    SKIFF_BOUNDS_GUARD_PAGES = 1, /**< each memory reserves 8 GiB of address space; loads and stores run
                                       unchecked and a fault past the memory's end becomes the trap (a
                                       SIGSEGV/SIGBUS handler, installed once per process, that passes
                                       every other fault on to the handler installed before it) */
    SKIFF_BOUNDS_EXPLICIT = 2,    /**< every access compares against the memory's size */
} skiff_bounds_checks_t;

/**
 * Chooses how engines made from this configuration check memory bounds.
 * Guard pages are available on 64-bit Linux (x86-64, aarch64); the first
 * request for them (here, or by making an engine with the default) installs
 * the process-wide SIGSEGV/SIGBUS handler. Modules compile for their engine's
 * mode and can only be instantiated in stores of an engine with the same mode
 * (otherwise instantiation fails with "bounds-check mode mismatch"). In guard
 * mode, creating a memory fails (never falls back to unchecked access) when its
 * 8 GiB of address space cannot be reserved, e.g. under a tight `ulimit -v`.
 * An embedder that installs its own SIGSEGV or SIGBUS handler after Skiff's
 * must pass the faults it does not handle on to the previous handler (as
 * Skiff's does), or use explicit checks.
 * @param config the configuration; must not be NULL.
 * @param mode the mode.
 * @return true if applied; false (configuration unchanged) when the mode is
 *         unknown or guard pages are not available on this host.
 * @b Threads: the thread that uses the configuration.
 */
WASM_API_EXTERN bool skiff_config_bounds_checks(wasm_config_t *config, skiff_bounds_checks_t mode);

/**
 * The bounds-check mode an engine uses (never SKIFF_BOUNDS_DEFAULT: the
 * default is resolved when the engine is made).
 * @param engine the engine; must not be NULL.
 * @return SKIFF_BOUNDS_GUARD_PAGES or SKIFF_BOUNDS_EXPLICIT.
 * @b Threads: any thread.
 */
WASM_API_EXTERN skiff_bounds_checks_t skiff_engine_bounds_checks(const wasm_engine_t *engine);

/* ======================================================================= */
/* Text format and modules                                                 */
/* ======================================================================= */

/**
 * Compiles WebAssembly text (a module in WAT) to a binary module.
 * @param text the text (UTF-8; need not be NUL-terminated); may be NULL if len is 0.
 * @param len its length in bytes.
 * @param out receives the binary on success; left empty on failure.
 * @return NULL on success, or an error whose position is the line and column
 *         of the problem (skiff_error_position()).
 * @b Ownership: The caller owns *out (wasm_byte_vec_delete()) and the error.
 * @b Threads: any thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_wat2wasm(const char *text, size_t len, own wasm_byte_vec_t *out);

/**
 * Compiles a binary module for an engine: decodes, validates (with the
 * engine's features) and prepares it for the engine's tier.
 * @param engine the engine; must not be NULL.
 * @param binary the bytes of the module; may be NULL if len is 0.
 * @param len the number of bytes.
 * @param module_out receives the module on success, NULL on failure; must not be NULL.
 * @return NULL on success, or an error (spec wording, byte offset).
 * @b Ownership: The caller owns *module_out (wasm_module_delete()) and the error.
 *    The module is not tied to any store: it may be instantiated in any store
 *    of the same engine.
 * @b Threads: any thread. The module object itself is then used by one thread
 *    at a time; use wasm_module_share() to hand it to other threads.
 */
WASM_API_EXTERN own skiff_error_t *skiff_module_new(wasm_engine_t *engine, const uint8_t *binary, size_t len,
                                                    own wasm_module_t **module_out);

/**
 * Checks that a binary module decodes and validates with the engine's features.
 * @param engine the engine; must not be NULL.
 * @param binary the bytes; may be NULL if len is 0.
 * @param len the number of bytes.
 * @return NULL if the module is valid, or an error.
 * @b Ownership: The caller owns the error.
 * @b Threads: any thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_module_validate(wasm_engine_t *engine, const uint8_t *binary, size_t len);

/**
 * Instantiates a module with imports given in the module's import order,
 * like wasm_instance_new(), but keeps link errors apart from traps.
 * @param store the store; must not be NULL.
 * @param module the module; must not be NULL.
 * @param imports the imports, one per import of the module, in order; may be
 *        NULL for a module without imports.
 * @param nimports how many imports are given.
 * @param instance_out receives the instance, or NULL; must not be NULL.
 * @param trap_out receives the trap when the start function (or a segment
 *        initialisation) trapped, else NULL; must not be NULL.
 * @return NULL on success or when a trap happened; an error when the imports
 *         do not match ("unknown import", "incompatible import type"), a
 *         resource limit refused the instance, or memory ran out.
 * @b Ownership: The instance belongs to the store (wasm_instance_delete()
 *    releases the handle); the caller owns *trap_out and the error.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_instance_new(wasm_store_t *store, const wasm_module_t *module,
                                                      const wasm_extern_t *const *imports, size_t nimports,
                                                      own wasm_instance_t **instance_out,
                                                      own wasm_trap_t **trap_out);

/**
 * Finds an export of an instance by name.
 * @param instance the instance; must not be NULL.
 * @param name the export's name (need not be NUL-terminated).
 * @param len the name's length in bytes.
 * @return the export, or NULL when there is none (or memory ran out).
 * @b Ownership: The caller owns the handle (wasm_extern_delete()); the object lives as long as its store.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN own wasm_extern_t *skiff_instance_export_get(const wasm_instance_t *instance, const char *name,
                                                           size_t len);

/**
 * Whether a trap is a WASI program's exit (proc_exit) rather than an error.
 * @param trap the trap; must not be NULL.
 * @param status receives the exit status when it is an exit; may be NULL.
 * @return true for an exit.
 * @b Threads: the thread that uses the trap.
 */
WASM_API_EXTERN bool skiff_trap_exit_status(const wasm_trap_t *trap, int *status);

/* ======================================================================= */
/* Host functions with a caller context                                    */
/* ======================================================================= */

/**
 * The context of a host function call: the store and the instance whose code
 * made the call. Only valid during the call it was passed to; do not keep it.
 */
typedef struct skiff_caller_t skiff_caller_t;

/**
 * A host function that receives its caller.
 * @param env the environment given when the function was defined.
 * @param caller the calling context; valid only during this call.
 * @param args the arguments (borrowed).
 * @param results the result slots to fill (the runtime owns the vector; fill
 *        each element with a value of the declared type).
 * @return NULL, or a trap (ownership passes to the runtime) to stop the caller.
 */
typedef own wasm_trap_t *(*skiff_func_callback_t)(void *env, skiff_caller_t *caller, const wasm_val_vec_t *args,
                                                  wasm_val_vec_t *results);

/**
 * Makes a host function that receives its caller.
 * @param store the store; must not be NULL.
 * @param type the function type (borrowed); must not be NULL.
 * @param callback the function; must not be NULL.
 * @param env passed to every call; may be NULL.
 * @param finalizer called with env when the store is deleted; may be NULL.
 *        It is not called when this function fails (NULL result).
 * @return the function, or NULL when memory runs out or the type is invalid.
 * @b Ownership: The store owns the function (wasm_func_delete() releases the handle).
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN own wasm_func_t *skiff_func_new(wasm_store_t *store, const wasm_functype_t *type,
                                               skiff_func_callback_t callback, void *env,
                                               void (*finalizer)(void *));

/**
 * Finds an export of the calling instance by name.
 * @param caller the context; must not be NULL.
 * @param name the export's name (need not be NUL-terminated).
 * @param len the name's length.
 * @return the export, or NULL when there is none or the function was called
 *         directly by the host (no calling instance).
 * @b Ownership: The caller owns the handle (wasm_extern_delete()); it stays
 *    usable after the call returns, for as long as the store lives.
 * @b Threads: the store's thread (inside the call).
 */
WASM_API_EXTERN own wasm_extern_t *skiff_caller_export_get(skiff_caller_t *caller, const char *name, size_t len);

/**
 * The calling instance's memory 0, exported or not.
 * @param caller the context; must not be NULL.
 * @return the memory, or NULL when the instance has none or there is no calling instance.
 * @b Ownership: The caller owns the handle (wasm_memory_delete()).
 * @b Threads: the store's thread (inside the call).
 */
WASM_API_EXTERN own wasm_memory_t *skiff_caller_memory(skiff_caller_t *caller);

/**
 * The store of the call.
 * @param caller the context; must not be NULL.
 * @return the store (borrowed).
 * @b Threads: the store's thread (inside the call).
 */
WASM_API_EXTERN wasm_store_t *skiff_caller_store(skiff_caller_t *caller);

/* ======================================================================= */
/* Linker                                                                  */
/* ======================================================================= */

/**
 * A linker: a set of definitions named "module"::"name" that instantiation
 * uses to resolve a module's imports. Definitions are store objects (functions,
 * globals, tables, memories, or every export of an instance), host functions
 * that are made anew in each store that needs them, and WASI.
 */
typedef struct skiff_linker_t skiff_linker_t;

/**
 * Makes an empty linker.
 * @param engine the engine whose stores the linker will serve; must not be NULL.
 * @return the linker, or NULL when memory runs out.
 * @b Ownership: The caller owns the linker (skiff_linker_delete()). The engine must outlive it.
 * @b Threads: any thread.
 */
WASM_API_EXTERN own skiff_linker_t *skiff_linker_new(wasm_engine_t *engine);

/**
 * Deletes a linker. Host functions it made in stores stay usable there;
 * the finalizer of a host function's environment runs once the linker and
 * every store that made the function are gone.
 * @param linker the linker; NULL is a no-op.
 * @b Ownership: Takes ownership of linker.
 * @b Threads: one thread, once no other thread uses the linker.
 */
WASM_API_EXTERN void skiff_linker_delete(own skiff_linker_t *linker);

/**
 * Lets later definitions replace earlier ones with the same names (off by
 * default: a second definition is an error).
 * @param linker the linker; must not be NULL.
 * @param allow true to allow shadowing.
 * @b Threads: the linker's thread.
 */
WASM_API_EXTERN void skiff_linker_allow_shadowing(skiff_linker_t *linker, bool allow);

/**
 * Defines a function, global, table or memory of a store under module::name.
 * It can only satisfy imports of instances in that same store.
 * @param linker the linker; must not be NULL.
 * @param module the import module name (NUL-terminated); must not be NULL.
 * @param name the import name (NUL-terminated); must not be NULL.
 * @param item the extern (borrowed: the linker keeps a reference to the
 *        store's object, which lives as long as the store); must not be NULL.
 * @return NULL, or an error: "already defined: module::name" or "out of memory".
 * @b Ownership: The caller owns the error.
 * @b Threads: the linker's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_linker_define(skiff_linker_t *linker, const char *module, const char *name,
                                                      const wasm_extern_t *item);

/**
 * Defines every export of an instance under the module name `module`.
 * @param linker the linker; must not be NULL.
 * @param module the import module name (NUL-terminated); must not be NULL.
 * @param instance the instance (borrowed; it lives as long as its store); must not be NULL.
 * @return NULL, or an error ("already defined: module::name", "out of memory").
 *         Definitions made before an error stay.
 * @b Ownership: The caller owns the error.
 * @b Threads: the linker's thread, which must also be the instance's store's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_linker_define_instance(skiff_linker_t *linker, const char *module,
                                                               const wasm_instance_t *instance);

/**
 * Defines a host function under module::name. It is not tied to a store:
 * each store that instantiates through the linker gets its own function
 * object (made once per store), all sharing `env`.
 * @param linker the linker; must not be NULL.
 * @param module the import module name (NUL-terminated); must not be NULL.
 * @param name the import name (NUL-terminated); must not be NULL.
 * @param type the function's type (borrowed, copied); must not be NULL.
 * @param callback the function; must not be NULL. It may be called by several
 *        threads at once when stores on several threads use it.
 * @param env passed to every call; may be NULL.
 * @param finalizer called with env once the linker and every store that made
 *        this function have been deleted; may be NULL. Also called if this
 *        function fails.
 * @return NULL, or an error ("already defined: module::name", "out of memory").
 * @b Ownership: The caller owns the error; the linker owns env (see finalizer).
 * @b Threads: the linker's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_linker_define_func(skiff_linker_t *linker, const char *module,
                                                           const char *name, const wasm_functype_t *type,
                                                           skiff_func_callback_t callback, void *env,
                                                           void (*finalizer)(void *));

/**
 * Looks a definition up, making the host function in `store` if needed.
 * @param linker the linker; must not be NULL.
 * @param store the store that will use the result; must not be NULL.
 * @param module the module name (NUL-terminated); must not be NULL.
 * @param name the name (NUL-terminated); must not be NULL.
 * @return the extern, or NULL when there is no such definition, it belongs to
 *         another store, or memory ran out.
 * @b Ownership: The caller owns the handle (wasm_extern_delete()).
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN own wasm_extern_t *skiff_linker_get(const skiff_linker_t *linker, wasm_store_t *store,
                                                   const char *module, const char *name);

/**
 * Instantiates a module, resolving each import by its module and name.
 * @param linker the linker; must not be NULL.
 * @param store the store; must not be NULL.
 * @param module the module; must not be NULL.
 * @param instance_out receives the instance, or NULL; must not be NULL.
 * @param trap_out receives the trap when the start function (or a segment
 *        initialisation) trapped, else NULL; must not be NULL.
 * @return NULL on success or when a trap happened. An error when an import
 *         is missing ("unknown import: module::name"), does not match
 *         ("incompatible import type: module::name ..."), belongs to another
 *         store, a WASI import has no WASI configuration in the store, a
 *         resource limit refused the instance ("instance limit exceeded"),
 *         or memory ran out.
 * @b Ownership: The store owns the instance; the caller owns the handle, *trap_out and the error.
 * @b Threads: the store's thread. Several threads may instantiate through one
 *    unchanging linker at the same time, each in its own store.
 */
WASM_API_EXTERN own skiff_error_t *skiff_linker_instantiate(const skiff_linker_t *linker, wasm_store_t *store,
                                                           const wasm_module_t *module,
                                                           own wasm_instance_t **instance_out,
                                                           own wasm_trap_t **trap_out);

/* ======================================================================= */
/* Fuel, interruption, limits                                              */
/* ======================================================================= */

/**
 * Turns fuel metering on for a store and sets the fuel left. Running code
 * spends one unit on each function entry and each loop iteration; when none
 * is left it traps with "all fuel consumed". The fuel can be set again
 * (also from a host function) to let code continue.
 * @param store the store; must not be NULL.
 * @param fuel the units available from now on.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN void skiff_store_fuel_set(wasm_store_t *store, uint64_t fuel);

/**
 * The fuel left in a store.
 * @param store the store; must not be NULL.
 * @param fuel receives the units left; must not be NULL.
 * @return false (and *fuel untouched) when metering is off.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN bool skiff_store_fuel_get(const wasm_store_t *store, uint64_t *fuel);

/**
 * The fuel a store has spent since metering was turned on.
 * @param store the store; must not be NULL.
 * @param consumed receives the units spent; must not be NULL.
 * @return false (and *consumed untouched) when metering is off.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN bool skiff_store_fuel_consumed(const wasm_store_t *store, uint64_t *consumed);

/**
 * Turns fuel metering off (the default); code then runs without a budget.
 * @param store the store; must not be NULL.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN void skiff_store_fuel_disable(wasm_store_t *store);

/**
 * A handle that can stop code running in a store from any thread.
 */
typedef struct skiff_interrupt_handle_t skiff_interrupt_handle_t;

/**
 * Makes an interrupt handle for a store.
 * @param store the store; must not be NULL.
 * @return the handle, or NULL when memory runs out.
 * @b Ownership: The caller owns the handle (skiff_interrupt_handle_delete()).
 *    It may outlive the store: it then does nothing.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN own skiff_interrupt_handle_t *skiff_interrupt_handle_new(wasm_store_t *store);

/**
 * Asks the code running in the handle's store to stop. It traps with
 * "interrupt" at its next function entry or loop iteration, so promptly even
 * inside an infinite loop. If no code is running, the next call into the
 * store traps that way as soon as it starts; the request is used up by the
 * trap it causes. Safe to call at any time, also after the store is gone.
 * @param handle the handle; must not be NULL.
 * @b Threads: any thread, concurrently with the store's thread.
 */
WASM_API_EXTERN void skiff_interrupt_handle_interrupt(skiff_interrupt_handle_t *handle);

/**
 * Deletes an interrupt handle.
 * @param handle the handle; NULL is a no-op.
 * @b Ownership: Takes ownership of handle.
 * @b Threads: any thread, once no other thread uses this handle.
 */
WASM_API_EXTERN void skiff_interrupt_handle_delete(own skiff_interrupt_handle_t *handle);

/**
 * Limits the size of every memory of a store: instantiating a module whose
 * memory needs more pages fails with the error "memory limit exceeded" (and
 * wasm_memory_new() returns NULL); memory.grow beyond it returns -1
 * (wasm_memory_grow() false).
 * @param store the store; must not be NULL.
 * @param pages the most 64 KiB pages one memory may have (default 65536, i.e. 4 GiB).
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN void skiff_store_limit_memory_pages(wasm_store_t *store, uint64_t pages);

/**
 * Limits the size of every table of a store: instantiating a module whose
 * table needs more elements fails with the error "table limit exceeded" (and
 * wasm_table_new() returns NULL); table.grow beyond it returns -1
 * (wasm_table_grow() false).
 * @param store the store; must not be NULL.
 * @param elements the most elements one table may have (default 10,000,000).
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN void skiff_store_limit_table_elements(wasm_store_t *store, uint32_t elements);

/**
 * Limits how many instances a store may ever hold; instantiating beyond it
 * fails with the error "instance limit exceeded".
 * @param store the store; must not be NULL.
 * @param instances the most instances (default UINT32_MAX, no limit).
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN void skiff_store_limit_instances(wasm_store_t *store, uint32_t instances);

/**
 * Decides whether a memory or table may grow.
 * @param env the environment given to skiff_store_limiter_set().
 * @param kind WASM_EXTERN_MEMORY (sizes in pages) or WASM_EXTERN_TABLE (sizes in elements).
 * @param current the current size.
 * @param desired the size asked for.
 * @param maximum the largest size the type and the store limits allow.
 * @return true to let it grow, false to refuse (memory.grow/table.grow then return -1).
 */
typedef bool (*skiff_limiter_callback_t)(void *env, wasm_externkind_t kind, uint64_t current, uint64_t desired,
                                         uint64_t maximum);

/**
 * Installs a callback asked before every memory and table of the store grows
 * (after the fixed limits were checked). Replaces an earlier limiter, whose
 * finalizer then runs.
 * @param store the store; must not be NULL.
 * @param callback the callback, or NULL to remove the limiter.
 * @param env passed to the callback; may be NULL.
 * @param finalizer called with env when the limiter is replaced or the store is deleted; may be NULL.
 * @b Ownership: The store owns env (see finalizer).
 * @b Threads: the store's thread. The callback runs on it.
 */
WASM_API_EXTERN void skiff_store_limiter_set(wasm_store_t *store, skiff_limiter_callback_t callback, void *env,
                                             void (*finalizer)(void *));

/**
 * Sets the size of the WebAssembly value and frame stack of a store; deeper
 * recursion traps with "call stack exhausted".
 * @param store the store; must not be NULL.
 * @param bytes the stack size in bytes (at least 4096; default 8 MiB).
 * @return false when bytes is below 4096 or code is running in the store
 *         (from a host function), leaving the setting unchanged.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN bool skiff_store_max_stack_set(wasm_store_t *store, size_t bytes);

/* ======================================================================= */
/* WASI                                                                    */
/* ======================================================================= */

/**
 * A WASI (preview 1, "wasi_snapshot_preview1" and "wasi_unstable") context
 * being configured: arguments, environment, preopened directories, standard
 * streams. Handed to a store with skiff_store_set_wasi().
 */
typedef struct skiff_wasi_config_t skiff_wasi_config_t;

/** How a standard stream of a WASI program is connected. */
typedef enum skiff_wasi_stdio_t {
    SKIFF_WASI_STDIO_INHERIT = 0, /**< the host process's own stream (the default) */
    SKIFF_WASI_STDIO_NULL = 1,    /**< /dev/null */
    SKIFF_WASI_STDIO_FILE = 2,    /**< a host file: read for stdin, created or truncated for stdout/stderr */
    SKIFF_WASI_STDIO_CAPTURE = 3, /**< stdout/stderr: kept in memory for the host (skiff_store_wasi_output()); stdin: empty */
} skiff_wasi_stdio_t;

/**
 * Makes a WASI configuration: no arguments, empty environment, no
 * preopened directories, standard streams inherited.
 * @return the configuration, or NULL when memory runs out.
 * @b Ownership: The caller owns it (skiff_wasi_config_delete(), or hand it to skiff_store_set_wasi()).
 * @b Threads: any thread.
 */
WASM_API_EXTERN own skiff_wasi_config_t *skiff_wasi_config_new(void);

/**
 * Deletes a WASI configuration that was not given to a store, closing the
 * directories and files it opened.
 * @param config the configuration; NULL is a no-op.
 * @b Ownership: Takes ownership of config.
 * @b Threads: the configuration's thread.
 */
WASM_API_EXTERN void skiff_wasi_config_delete(own skiff_wasi_config_t *config);

/**
 * Appends a program argument. The first one is argv[0], the program's name.
 * @param config the configuration; must not be NULL.
 * @param arg the argument (NUL-terminated, copied); must not be NULL.
 * @return NULL, or an "out of memory" error.
 * @b Ownership: The caller owns the error.
 * @b Threads: the configuration's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_wasi_config_arg(skiff_wasi_config_t *config, const char *arg);

/**
 * Sets an environment variable (replacing an earlier one with the same key).
 * @param config the configuration; must not be NULL.
 * @param key the name (non-empty, without '='); must not be NULL.
 * @param value the value; must not be NULL.
 * @return NULL, or an error (an invalid key, or out of memory).
 * @b Ownership: The caller owns the error.
 * @b Threads: the configuration's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_wasi_config_env(skiff_wasi_config_t *config, const char *key,
                                                        const char *value);

/**
 * Copies the host process's environment into the program's (variables set
 * with skiff_wasi_config_env() afterwards override these).
 * @param config the configuration; must not be NULL.
 * @return NULL, or an error.
 * @b Ownership: The caller owns the error.
 * @b Threads: the configuration's thread (it reads the process environment).
 */
WASM_API_EXTERN own skiff_error_t *skiff_wasi_config_inherit_env(skiff_wasi_config_t *config);

/**
 * Grants the program a host directory, seen by it under `guest_path`. The
 * program can reach no other part of the host file system. Directories get
 * the file descriptors 3, 4, ... in the order they are added.
 * @param config the configuration; must not be NULL.
 * @param host_path the directory on the host; must not be NULL. It is opened now.
 * @param guest_path its name for the program, or NULL for the same as host_path.
 * @return NULL, or an error (the directory cannot be opened, out of memory).
 * @b Ownership: The caller owns the error.
 * @b Threads: the configuration's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_wasi_config_preopen_dir(skiff_wasi_config_t *config, const char *host_path,
                                                                const char *guest_path);

/**
 * Connects standard stream 0 (stdin), 1 (stdout) or 2 (stderr).
 * @param config the configuration; must not be NULL.
 * @param fd 0, 1 or 2.
 * @param mode how to connect it.
 * @param path the host file for SKIFF_WASI_STDIO_FILE (opened now); ignored otherwise, may be NULL.
 * @return NULL, or an error (bad fd, file cannot be opened, out of memory).
 * @b Ownership: The caller owns the error.
 * @b Threads: the configuration's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_wasi_config_stdio(skiff_wasi_config_t *config, int fd,
                                                          skiff_wasi_stdio_t mode, const char *path);

/**
 * Makes stdin read from a copy of these bytes.
 * @param config the configuration; must not be NULL.
 * @param data the bytes; may be NULL if len is 0.
 * @param len how many.
 * @return NULL, or an "out of memory" error.
 * @b Ownership: The caller owns the error; the bytes are copied.
 * @b Threads: the configuration's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_wasi_config_stdin_bytes(skiff_wasi_config_t *config, const void *data,
                                                                size_t len);

/**
 * Gives a store its WASI context. Imports from "wasi_snapshot_preview1" and
 * "wasi_unstable" of instances made through a linker with
 * skiff_linker_define_wasi() then use it. A store has at most one WASI
 * context for its whole life (its instances keep using it).
 * @param store the store; must not be NULL.
 * @param config the configuration; must not be NULL.
 * @return NULL, or an error when the store already has a WASI context (config is then deleted).
 * @b Ownership: Takes ownership of config in every case; the store deletes it
 *    with itself. The caller owns the error.
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_store_set_wasi(wasm_store_t *store, own skiff_wasi_config_t *config);

/**
 * Copies what the WASI program wrote so far to a captured stdout (fd 1) or stderr (fd 2).
 * @param store the store; must not be NULL.
 * @param fd 1 or 2.
 * @param out receives a copy of the bytes (empty when nothing was written).
 * @return false (and *out empty) when the store has no WASI context or that fd is not captured.
 * @b Ownership: The caller owns *out (wasm_byte_vec_delete()).
 * @b Threads: the store's thread.
 */
WASM_API_EXTERN bool skiff_store_wasi_output(const wasm_store_t *store, int fd, own wasm_byte_vec_t *out);

/**
 * Makes the linker resolve imports from "wasi_snapshot_preview1" and
 * "wasi_unstable" with WASI functions bound to the instantiating store's WASI
 * context (skiff_store_set_wasi()). Instantiation fails with an error if the
 * store has none.
 * @param linker the linker; must not be NULL.
 * @return NULL, or an error ("already defined: wasi_snapshot_preview1::*").
 * @b Ownership: The caller owns the error.
 * @b Threads: the linker's thread.
 */
WASM_API_EXTERN own skiff_error_t *skiff_linker_define_wasi(skiff_linker_t *linker);

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SKIFF_H */
