/* common.h: types and helpers shared by every stage of Skiff.
 *
 * Everything here is internal (hidden visibility). Each fact has one home:
 *  - value types and values ............ this file
 *  - the allocator hook ................ sk_malloc/sk_realloc/sk_free (alloc.c)
 *  - the error helper .................. sk_error, sk_err() (error.c)
 *  - trap kinds and their spec wording . SK_TRAPS below
 *  - opcodes ........................... opcodes.def (X-macro), opcodes.h
 */
#ifndef SK_COMMON_H
#define SK_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SK_INTERNAL __attribute__((visibility("hidden")))
#define SK_API __attribute__((visibility("default")))
#define SK_UNUSED(x) ((void)(x))
#define SK_LIKELY(x) __builtin_expect(!!(x), 1)
#define SK_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Value types: the binary encodings are the enum values. ---- */
typedef enum sk_valtype {
    SK_I32 = 0x7F,
    SK_I64 = 0x7E,
    SK_F32 = 0x7D,
    SK_F64 = 0x7C,
    SK_V128 = 0x7B,
    SK_FUNCREF = 0x70,
    SK_EXTERNREF = 0x6F,
} sk_valtype;

static inline bool sk_is_numtype(uint8_t t) { return t >= SK_V128 && t <= SK_I32; }
static inline bool sk_is_reftype(uint8_t t) { return t == SK_FUNCREF || t == SK_EXTERNREF; }
static inline bool sk_is_valtype(uint8_t t) { return sk_is_numtype(t) || sk_is_reftype(t); }
SK_INTERNAL const char *sk_valtype_name(uint8_t t); /* "i32", ..., "funcref", "externref" */

/* A runtime value. Floats are kept as their bit patterns when moved around
 * (u32/u64), so NaN payloads and signed zeros survive every copy.
 * funcref: a `struct sk_func *` or NULL; externref: an opaque host pointer or NULL. */
typedef union sk_val {
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    uint64_t u64;
    float f32;
    double f64;
    void *ref;
    uint8_t v128[16];
    uint64_t v128_u64[2];
} sk_val;

/* ---- Extern kinds (binary encodings of import/export descriptors). ---- */
typedef enum sk_externkind {
    SK_EXTERN_FUNC = 0,
    SK_EXTERN_TABLE = 1,
    SK_EXTERN_MEMORY = 2,
    SK_EXTERN_GLOBAL = 3,
} sk_externkind;
SK_INTERNAL const char *sk_externkind_name(uint8_t k); /* "func", "table", "memory", "global" */

/* ---- Allocator hook: every allocation in the library goes through these. ----
 * sk_malloc/sk_calloc/sk_realloc return NULL on failure (never abort). A test build
 * can make the N-th allocation fail (sk_alloc_fail_after). */
SK_INTERNAL void *sk_malloc(size_t n);
SK_INTERNAL void *sk_calloc(size_t count, size_t size);
SK_INTERNAL void *sk_realloc(void *p, size_t n);
SK_INTERNAL void sk_free(void *p);
SK_INTERNAL char *sk_strndup(const char *s, size_t n);
/* Failure injection for tests: after `n` more successful allocations, fail every
 * later one (n < 0 disables). */
SK_INTERNAL void sk_alloc_fail_after(long n);

/* Grow a dynamic array so it holds at least `need` elements of `elem` bytes.
 * Returns false (array untouched) on overflow or allocation failure. */
SK_INTERNAL bool sk_grow(void **data, uint32_t *cap, uint32_t need, size_t elem);
#define SK_VEC(T)     \
    struct {          \
        T *data;      \
        uint32_t len; \
        uint32_t cap; \
    }
/* Appends x to a SK_VEC; evaluates to false on allocation failure. */
#define SK_VEC_PUSH(v, x) \
    (sk_grow((void **)&(v).data, &(v).cap, (v).len + 1, sizeof(*(v).data)) ? ((v).data[(v).len++] = (x), true) : false)
#define SK_VEC_FREE(v) (sk_free((v).data), (v).data = NULL, (v).len = (v).cap = 0)

/* ---- Errors (load-time: decode, validate, link, text) ----
 * `msg` begins with the spec's wording ("unexpected end", "type mismatch", ...),
 * optionally followed by detail. The location is kept apart: a byte offset for
 * binaries, line:col for text. Runners compare by "msg starts with / contains". */
typedef struct sk_error {
    char msg[320];
    int64_t offset;     /* byte offset in the binary, or -1 */
    uint32_t line, col; /* 1-based position in text, or 0 */
    char file[128];     /* text file name, or "" */
    char where[96];     /* e.g. "code section", "function 3", or "" */
} sk_error;

/* Sets *e (if e is non-NULL) from a printf format; always returns false so callers
 * can write `return sk_err(e, off, "unexpected end");`. Keeps the first error:
 * if e->msg is already set, it is not overwritten. */
SK_INTERNAL bool sk_err(sk_error *e, int64_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
SK_INTERNAL bool sk_err_text(sk_error *e, const char *file, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
SK_INTERNAL void sk_error_clear(sk_error *e);
static inline bool sk_error_is_set(const sk_error *e) { return e && e->msg[0] != 0; }
/* Renders "file:line:col: msg" or "<where> @0xOFF: msg" into buf. */
SK_INTERNAL void sk_error_format(const sk_error *e, char *buf, size_t size);

/* ---- Traps: one table, the spec's wording. ---- */
#define SK_TRAPS(X)                                                     \
    X(UNREACHABLE, "unreachable")                                       \
    X(DIV_ZERO, "integer divide by zero")                               \
    X(INT_OVERFLOW, "integer overflow")                                 \
    X(INVALID_CONV, "invalid conversion to integer")                    \
    X(OOB_MEMORY, "out of bounds memory access")                        \
    X(OOB_TABLE, "out of bounds table access")                          \
    X(UNDEFINED_ELEMENT, "undefined element")                           \
    X(UNINIT_ELEMENT, "uninitialized element")                          \
    X(INDIRECT_TYPE_MISMATCH, "indirect call type mismatch")            \
    X(STACK_EXHAUSTED, "call stack exhausted")                          \
    X(OUT_OF_FUEL, "all fuel consumed")                                 \
    X(INTERRUPT, "interrupt")                                           \
    X(NULL_REFERENCE, "null reference")                                 \
    X(OOM, "out of memory")                                             \
    X(HOST, "host trap")

typedef enum sk_trap_kind {
    SK_TRAP_NONE = 0,
#define X(id, msg) SK_TRAP_##id,
    SK_TRAPS(X)
#undef X
} sk_trap_kind;
SK_INTERNAL const char *sk_trap_kind_message(sk_trap_kind k);

/* ---- Small helpers ---- */
SK_INTERNAL bool sk_utf8_valid(const uint8_t *s, size_t n);
SK_INTERNAL bool sk_read_file(const char *path, uint8_t **out, size_t *len, sk_error *e);

#endif
