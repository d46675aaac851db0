/* text.h: the WebAssembly text format: WAT to binary, and .wast scripts. */
#ifndef SK_TEXT_H
#define SK_TEXT_H

#include "../common/common.h"

/* Parses a WAT module (either a bare sequence of module fields or one
 * `(module ...)` form) and encodes it as a binary module.
 * On success *out is an sk_malloc'd buffer the caller frees with sk_free.
 * On failure returns false with *err holding "file:line:col" (err->line/col/file)
 * and a message saying what was expected. `filename` is used in errors only. */
SK_INTERNAL bool sk_wat2wasm(const char *src, size_t len, const char *filename, uint8_t **out, size_t *out_len,
                             sk_error *err);

/* ---- .wast scripts ---- */

/* A constant or a result pattern in a script. */
typedef enum sk_wast_val_kind {
    SK_WV_EXACT,          /* val holds the value (floats bit-exact) */
    SK_WV_NAN_CANONICAL,  /* nan:canonical (type f32 or f64) */
    SK_WV_NAN_ARITHMETIC, /* nan:arithmetic */
    SK_WV_REF_NULL,       /* (ref.null func|extern): type says which */
    SK_WV_REF_EXTERN,     /* (ref.extern N): val.u64 = N */
    SK_WV_REF_FUNC,       /* (ref.func): any non-null funcref (result patterns only) */
    SK_WV_REF_ANY_EXTERN, /* (ref.extern) without a number: any non-null externref */
} sk_wast_val_kind;

typedef struct sk_wast_val {
    uint8_t type;   /* sk_valtype */
    uint8_t kind;   /* sk_wast_val_kind */
    sk_val val;
    /* v128 only: lane shape and a per-lane kind (for f32x4/f64x2 NaN patterns). */
    uint8_t lane_type;      /* SK_I32 for i8x16/i16x8/i32x4 shapes (see lane_bits), SK_F32, SK_F64, SK_I64 */
    uint8_t lane_bits;      /* 8, 16, 32 or 64 */
    uint8_t lane_kind[16];  /* sk_wast_val_kind per lane */
} sk_wast_val;

typedef struct sk_wast_action {
    bool is_get;        /* (get ...) rather than (invoke ...) */
    char *module;       /* $name of the module, or NULL for the latest one */
    char *field;        /* export name (UTF-8, may contain NUL: use field_len) */
    uint32_t field_len;
    sk_wast_val *args;
    uint32_t nargs;
} sk_wast_action;

typedef enum sk_wast_module_form {
    SK_WM_TEXT,   /* (module ...) in text: binary holds the encoded module */
    SK_WM_BINARY, /* (module binary "..."): binary holds the bytes */
    SK_WM_QUOTE,  /* (module quote "..."): binary holds the encoding of the quoted text */
} sk_wast_module_form;

typedef struct sk_wast_module {
    uint8_t form;     /* sk_wast_module_form */
    char *name;       /* $name or NULL */
    uint8_t *binary;  /* encoded bytes; NULL if the text did not parse or encode */
    size_t len;
    sk_error text_err; /* why the text did not parse/encode (text_err.msg[0] != 0) */
} sk_wast_module;

typedef enum sk_wast_cmd_kind {
    SK_CMD_MODULE,
    SK_CMD_REGISTER,       /* (register "name" $mod?) */
    SK_CMD_ACTION,         /* a bare (invoke ...) or (get ...) */
    SK_CMD_ASSERT_RETURN,
    SK_CMD_ASSERT_TRAP,    /* action form or module form (module set) */
    SK_CMD_ASSERT_EXHAUSTION,
    SK_CMD_ASSERT_MALFORMED,
    SK_CMD_ASSERT_INVALID,
    SK_CMD_ASSERT_UNLINKABLE,
    SK_CMD_ASSERT_UNINSTANTIABLE,
    SK_CMD_UNSUPPORTED,    /* a command this parser does not know (kept so the runner can count it) */
} sk_wast_cmd_kind;

typedef struct sk_wast_cmd {
    uint8_t kind;        /* sk_wast_cmd_kind */
    uint32_t line, col;  /* where the command starts */
    bool has_module;     /* module is set (SK_CMD_MODULE, assert_malformed/invalid/unlinkable/uninstantiable, module-form assert_trap) */
    sk_wast_module module;
    bool has_action;
    sk_wast_action action;
    sk_wast_val *expected; /* assert_return results */
    uint32_t nexpected;
    char *text;            /* expected failure message, or the register name */
    char *register_module; /* (register "name" $mod): $mod or NULL */
} sk_wast_cmd;

typedef struct sk_wast_script {
    sk_wast_cmd *cmds;
    uint32_t ncmds;
} sk_wast_script;

/* Parses a whole script. Modules inside it are encoded as they are parsed; a
 * module whose text does not parse is kept with text_err set (that is what
 * assert_malformed expects), so one bad module never stops the script. Returns
 * false with *err only when the script itself is not well-formed S-expressions
 * or a command cannot be understood. Free with sk_wast_free. */
SK_INTERNAL bool sk_wast_parse(const char *src, size_t len, const char *filename, sk_wast_script **out,
                               sk_error *err);
SK_INTERNAL void sk_wast_free(sk_wast_script *s);

#endif
