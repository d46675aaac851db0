/* text_internal.h: private interfaces of the text-format parser (lexer, literals, buffers, module parser). */
#ifndef SK_TEXT_INTERNAL_H
#define SK_TEXT_INTERNAL_H

#include "../common/common.h"
#include "../common/opcodes.h"

/* ---- tokens ---- */
typedef enum sk_tok_kind {
    SK_TK_EOF,
    SK_TK_LPAR,
    SK_TK_RPAR,
    SK_TK_KEYWORD,  /* idchars starting with a lowercase letter */
    SK_TK_ID,       /* $idchars */
    SK_TK_STRING,   /* "...", text includes the quotes */
    SK_TK_RESERVED, /* any other idchars: numbers live here (sign or digit first) */
} sk_tok_kind;

typedef struct sk_tok {
    uint8_t kind;
    uint32_t line, col;
    const char *p; /* points into the source */
    uint32_t len;
    uint32_t match; /* LPAR: index of the matching RPAR */
} sk_tok;

typedef struct sk_toks {
    sk_tok *data;
    uint32_t len, cap;
    uint32_t bad_rpar; /* index of the first unmatched ")", or SK_NO_TOKEN */
} sk_toks;
#define SK_NO_TOKEN UINT32_MAX

/* Splits src into tokens (ending with one SK_TK_EOF) and pairs parentheses.
 * An unmatched ")" is not an error here (it is recorded in bad_rpar) so that a
 * parser can first report errors in the text before it, as the reference
 * interpreter does. Errors carry file:line:col. */
SK_INTERNAL bool sk_text_lex(const char *src, size_t len, const char *file, sk_toks *out, sk_error *err);
SK_INTERNAL void sk_text_toks_free(sk_toks *t);
/* Decodes a string token into bytes (sk_malloc'd, NUL-terminated for convenience). */
SK_INTERNAL bool sk_text_string(const sk_tok *t, uint8_t **out, uint32_t *len);
static inline bool sk_tok_is(const sk_tok *t, const char *kw)
{
    size_t n = strlen(kw);
    return t->kind == SK_TK_KEYWORD && t->len == n && memcmp(t->p, kw, n) == 0;
}

/* ---- literals ---- (return values: 0 ok, 1 bad syntax, 2 out of range) */
enum { SK_LIT_OK = 0, SK_LIT_SYNTAX = 1, SK_LIT_RANGE = 2 };
/* Integer literal of `bits` (32 or 64): accepts signed and unsigned ranges. */
SK_INTERNAL int sk_text_parse_int(const char *p, size_t n, unsigned bits, uint64_t *out);
/* Unsigned integer (no sign) that must fit in `bits`. */
SK_INTERNAL int sk_text_parse_uint(const char *p, size_t n, unsigned bits, uint64_t *out);
/* Reads digits of `base` with single '_' separators between digits; returns the
 * characters used (0: no digit). *overflow is set when the value exceeds 64 bits. */
SK_INTERNAL size_t sk_text_digits(const char *p, size_t n, int base, uint64_t *val, bool *overflow);
/* Float literals (float.c), correctly rounded (round to nearest, ties to even). */
SK_INTERNAL int sk_text_parse_f32(const char *p, size_t n, uint32_t *bits);
SK_INTERNAL int sk_text_parse_f64(const char *p, size_t n, uint64_t *bits);

/* ---- byte buffers with sticky out-of-memory ---- */
typedef struct sk_buf {
    uint8_t *data;
    size_t len, cap;
    bool oom;
} sk_buf;
SK_INTERNAL void sk_buf_bytes(sk_buf *b, const void *p, size_t n);
SK_INTERNAL void sk_buf_u8(sk_buf *b, uint8_t v);
SK_INTERNAL void sk_buf_uleb(sk_buf *b, uint64_t v);
SK_INTERNAL void sk_buf_sleb(sk_buf *b, int64_t v);
SK_INTERNAL void sk_buf_free(sk_buf *b);

/* ---- module parser ---- */
/* Parses the fields of one module from toks[start] up to (not including) toks[end]
 * and encodes the binary. Used by sk_wat2wasm and by the script parser. */
SK_INTERNAL bool sk_wat_encode(const sk_toks *toks, uint32_t start, uint32_t end, const char *file, uint8_t **out,
                               size_t *out_len, sk_error *err);

#endif
