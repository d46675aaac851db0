/* module.h: the decoded form of a WebAssembly module (sk_module).
 *
 * Produced by the decoder (decode.c), checked by the validator (validate.c),
 * lowered by the interpreter's compiler (interp/lower.c), instantiated by the
 * runtime. Immutable after loading; may be shared by threads.
 *
 * Index spaces (funcs, tables, mems, globals) hold imports first, then the
 * module's own definitions, exactly as the spec numbers them.
 * All byte pointers point into `bytes`, the module's own copy of the binary.
 */
#ifndef SK_MODULE_H
#define SK_MODULE_H

#include "../common/common.h"

typedef struct sk_functype {
    uint32_t nparams, nresults;
    uint8_t *params;  /* sk_valtype[nparams] */
    uint8_t *results; /* sk_valtype[nresults] */
    uint32_t sig_id;  /* structural id: equal types have equal ids process-wide (sk_sig_intern) */
} sk_functype;

typedef struct sk_limits {
    uint64_t min;
    uint64_t max; /* valid when has_max */
    bool has_max;
} sk_limits;

typedef struct sk_tabletype {
    uint8_t elem; /* SK_FUNCREF or SK_EXTERNREF */
    sk_limits lim;
} sk_tabletype;

typedef struct sk_memtype {
    sk_limits lim; /* in 64 KiB pages */
} sk_memtype;

typedef struct sk_globaltype {
    uint8_t type; /* sk_valtype */
    bool mut;
} sk_globaltype;

/* A constant expression, kept as its instruction bytes (ending with `end`).
 * The validator checks it; the runtime evaluates it (runtime/constexpr). */
typedef struct sk_constexpr {
    const uint8_t *code; /* first instruction */
    uint32_t len;        /* bytes, including the final 0x0B */
    uint32_t offset;     /* module offset of `code`, for errors */
} sk_constexpr;

typedef struct sk_import {
    char *module; /* NUL-terminated copy; names may contain NUL, so use the lengths */
    char *name;
    uint32_t module_len, name_len;
    uint8_t kind; /* sk_externkind */
    union {
        uint32_t type_idx; /* SK_EXTERN_FUNC */
        sk_tabletype table;
        sk_memtype mem;
        sk_globaltype global;
    } desc;
} sk_import;

typedef struct sk_export {
    char *name;
    uint32_t name_len;
    uint8_t kind;   /* sk_externkind */
    uint32_t index; /* into the kind's index space */
} sk_export;

/* One entry of the function index space. */
typedef struct sk_funcdef {
    uint32_t type_idx;
    bool imported;
    uint32_t import_idx;    /* when imported: index into imports */
    /* defined functions only: */
    uint32_t nlocals;       /* declared locals, not counting params */
    uint8_t *locals;        /* sk_valtype[nlocals], expanded from the compressed form */
    const uint8_t *body;    /* first instruction (after the locals) */
    uint32_t body_len;      /* bytes up to and including the final `end` */
    uint32_t body_offset;   /* module offset of `body` */
    void *code;             /* lowered code, owned by the interpreter (sk_code_free) */
    char *name;             /* from the name section, or NULL */
} sk_funcdef;

typedef struct sk_tabledef {
    sk_tabletype type;
    bool imported;
} sk_tabledef;

typedef struct sk_memdef {
    sk_memtype type;
    bool imported;
} sk_memdef;

typedef struct sk_globaldef {
    sk_globaltype type;
    bool imported;
    sk_constexpr init; /* defined globals only */
} sk_globaldef;

typedef enum sk_segmode { SK_SEG_ACTIVE, SK_SEG_PASSIVE, SK_SEG_DECLARATIVE } sk_segmode;

typedef struct sk_elemseg {
    uint8_t mode;         /* sk_segmode */
    uint8_t type;         /* SK_FUNCREF or SK_EXTERNREF */
    uint32_t table_idx;   /* active only */
    sk_constexpr offset;  /* active only */
    uint32_t count;
    /* Exactly one of these is non-NULL (or both NULL when count == 0):
     * func_indices for the `vec(funcidx)` encodings, exprs for the expression encodings. */
    uint32_t *func_indices;
    sk_constexpr *exprs;
} sk_elemseg;

typedef struct sk_dataseg {
    uint8_t mode;        /* SK_SEG_ACTIVE or SK_SEG_PASSIVE */
    uint32_t mem_idx;    /* active only */
    sk_constexpr offset; /* active only */
    const uint8_t *data;
    uint32_t len;
} sk_dataseg;

typedef struct sk_custom {
    char *name;
    uint32_t name_len;
    const uint8_t *data;
    uint32_t len;
    uint32_t offset; /* module offset of data */
} sk_custom;

typedef struct sk_module {
    uint8_t *bytes; /* owned copy of the binary */
    size_t len;

    sk_functype *types;
    uint32_t ntypes;
    sk_import *imports;
    uint32_t nimports;
    sk_funcdef *funcs;
    uint32_t nfuncs, nimported_funcs;
    sk_tabledef *tables;
    uint32_t ntables, nimported_tables;
    sk_memdef *mems;
    uint32_t nmems, nimported_mems;
    sk_globaldef *globals;
    uint32_t nglobals, nimported_globals;
    sk_export *exports;
    uint32_t nexports;
    bool has_start;
    uint32_t start;
    sk_elemseg *elems;
    uint32_t nelems;
    sk_dataseg *datas;
    uint32_t ndatas;
    bool has_data_count;
    uint32_t data_count;
    sk_custom *customs;
    uint32_t ncustoms;
    char *name; /* module name from the name section, or NULL */

    /* Set by the validator: functions that may be referenced by ref.func in
     * function bodies (C.refs: those in exports, elem segments, global inits). */
    bool *func_declared; /* [nfuncs] */
    bool validated;
    bool uses_simd; /* any v128 type or SIMD instruction seen */
    bool guard_pages; /* lowered for guard-page bounds checks (runs only in such stores) */
} sk_module;

/* Frees the module and everything it owns (including lowered code). NULL is a no-op. */
SK_INTERNAL void sk_module_free(sk_module *m);

/* Decodes the binary (copied; the caller keeps `bytes`) into a new module.
 * Returns NULL and sets *err (spec wording, byte offset, section) on failure.
 * Does not validate function bodies or constant expressions beyond their framing. */
SK_INTERNAL sk_module *sk_decode(const uint8_t *bytes, size_t len, sk_error *err);

/* Name of a function for messages: the name section's name, else NULL. */
SK_INTERNAL const char *sk_module_func_name(const sk_module *m, uint32_t func_idx);

/* Interns a function type's structure, returning a process-wide id: two types
 * get the same id iff they have equal params and results. Thread-safe. Returns
 * UINT32_MAX on allocation failure. */
SK_INTERNAL uint32_t sk_sig_intern(const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr);

/* Full load pipeline: decode, validate, lower. What the API and CLI call.
 * On failure returns NULL with *err set. */
SK_INTERNAL sk_module *sk_module_load(const uint8_t *bytes, size_t len, sk_error *err);
/* The same with the bounds-check mode chosen (sk_module_load takes the process default:
 * guard pages where available). Guard pages where unavailable is an error. */
SK_INTERNAL sk_module *sk_module_load_mode(const uint8_t *bytes, size_t len, bool guard_pages, sk_error *err);

#endif
