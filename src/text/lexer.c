/* lexer.c: WAT/WAST tokens, string decoding, integer literals and byte buffers. */
#include "text_internal.h"

/* ---- byte buffers ---- */
static bool buf_reserve(sk_buf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->len + extra <= b->cap) return true;
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + extra) ncap *= 2;
    uint8_t *nd = sk_realloc(b->data, ncap);
    if (!nd) {
        b->oom = true;
        return false;
    }
    b->data = nd;
    b->cap = ncap;
    return true;
}

void sk_buf_bytes(sk_buf *b, const void *p, size_t n)
{
    if (!n || !buf_reserve(b, n)) return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void sk_buf_u8(sk_buf *b, uint8_t v)
{
    if (!buf_reserve(b, 1)) return;
    b->data[b->len++] = v;
}

void sk_buf_uleb(sk_buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        sk_buf_u8(b, byte | (v ? 0x80 : 0));
    } while (v);
}

void sk_buf_sleb(sk_buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7F;
        v >>= 7; /* arithmetic shift on gcc */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        sk_buf_u8(b, byte | (done ? 0 : 0x80));
        if (done) break;
    }
}

void sk_buf_free(sk_buf *b)
{
    sk_free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- lexer ---- */
static bool is_idchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return c && strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != NULL;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Length of the UTF-8 sequence at s (valid one), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || n > left) return 0;
    return sk_utf8_valid(s, n) ? n : 0;
}

/* Checks one string token starting at s[0] == '"'; returns its length (with quotes) or 0 with *why set. */
static size_t scan_string(const unsigned char *s, size_t left, const char **why, size_t *bad_at)
{
    size_t i = 1;
    while (i < left) {
        unsigned char c = s[i];
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (i + 1 >= left) break;
            unsigned char e = s[i + 1];
            if (strchr("tnr\"'\\", e) && e) {
                i += 2;
            } else if (e == 'u') {
                size_t j = i + 2;
                if (j >= left || s[j] != '{') goto bad_escape;
                j++;
                uint32_t v = 0;
                size_t digits = 0;
                while (j < left && hexval(s[j]) >= 0) {
                    if (v < 0x1000000) v = v * 16 + (uint32_t)hexval(s[j]);
                    j++, digits++;
                    if (j < left && s[j] == '_' && j + 1 < left && hexval(s[j + 1]) >= 0) j++;
                }
                if (!digits || j >= left || s[j] != '}') goto bad_escape;
                if (v >= 0x110000 || (v >= 0xD800 && v < 0xE000)) goto bad_escape;
                i = j + 1;
            } else if (hexval(e) >= 0 && i + 2 < left && hexval(s[i + 2]) >= 0) {
                i += 3;
            } else {
            bad_escape:
                *why = "malformed string escape";
                *bad_at = i;
                return 0;
            }
        } else if (c < 0x20 || c == 0x7F) {
            *why = c == '\n' ? "unclosed string" : "malformed string: control character";
            *bad_at = i;
            return 0;
        } else if (c >= 0x80) {
            size_t n = utf8_seq(s + i, left - i);
            if (!n) {
                *why = "malformed UTF-8 encoding";
                *bad_at = i;
                return 0;
            }
            i += n;
        } else {
            i++;
        }
    }
    *why = "unclosed string";
    *bad_at = 0;
    return 0;
}

bool sk_text_lex(const char *src, size_t len, const char *file, sk_toks *out, sk_error *err)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0;
    uint32_t line = 1;
    size_t line_start = 0;
    SK_VEC(uint32_t) stack = {0};
    memset(out, 0, sizeof *out);
    out->bad_rpar = SK_NO_TOKEN;
#define COL(pos) ((uint32_t)((pos) - line_start + 1))
#define FAIL(pos, ...)                                              \
    do {                                                            \
        sk_err_text(err, file, line, COL(pos), __VA_ARGS__);        \
        goto fail;                                                  \
    } while (0)
    while (i < len) {
        unsigned char c = s[i];
        if (c == '\n') {
            i++;
            line++;
            line_start = i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        if (c == ';') {
            if (i + 1 < len && s[i + 1] == ';') {
                while (i < len && s[i] != '\n' && s[i] != '\r') { /* both end a line comment */
                    size_t n = s[i] < 0x80 ? 1 : utf8_seq(s + i, len - i);
                    if (!n) FAIL(i, "malformed UTF-8 encoding");
                    i += n;
                }
                continue;
            }
            FAIL(i, "unexpected character ';'");
        }
        if (c == '(' && i + 1 < len && s[i + 1] == ';') {
            uint32_t sl = line, sc = COL(i);
            unsigned depth = 1;
            i += 2;
            while (depth) {
                if (i >= len) {
                    sk_err_text(err, file, sl, sc, "unclosed comment");
                    goto fail;
                }
                if (s[i] == '(' && i + 1 < len && s[i + 1] == ';') depth++, i += 2;
                else if (s[i] == ';' && i + 1 < len && s[i + 1] == ')') depth--, i += 2;
                else if (s[i] == '\n') i++, line++, line_start = i;
                else {
                    size_t n = s[i] < 0x80 ? 1 : utf8_seq(s + i, len - i);
                    if (!n) FAIL(i, "malformed UTF-8 encoding");
                    i += n;
                }
            }
            continue;
        }
        sk_tok t = {0};
        t.line = line;
        t.col = COL(i);
        t.p = src + i;
        if (c == '(') {
            t.kind = SK_TK_LPAR;
            t.len = 1;
            if (!SK_VEC_PUSH(stack, out->len)) FAIL(i, "out of memory");
            i++;
        } else if (c == ')') {
            t.kind = SK_TK_RPAR;
            t.len = 1;
            if (!stack.len) {
                if (out->bad_rpar == SK_NO_TOKEN) out->bad_rpar = out->len;
            } else {
                out->data[stack.data[--stack.len]].match = out->len;
            }
            i++;
        } else if (c == '"') {
            const char *why = NULL;
            size_t bad = 0;
            size_t n = scan_string(s + i, len - i, &why, &bad);
            if (!n) FAIL(i + bad, "%s", why);
            t.kind = SK_TK_STRING;
            t.len = (uint32_t)n;
            i += n;
            /* tokens other than parentheses must be separated by whitespace */
            if (i < len && (s[i] == '"' || is_idchar(s[i]))) FAIL(i, "unknown operator: tokens must be separated");
        } else if (is_idchar(c)) {
            size_t j = i;
            while (j < len && is_idchar(s[j])) j++;
            t.len = (uint32_t)(j - i);
            if (j < len && s[j] == '"') FAIL(j, "unknown operator: tokens must be separated");
            t.kind = c == '$' ? (t.len > 1 ? SK_TK_ID : SK_TK_RESERVED)
                     : (c >= 'a' && c <= 'z') ? SK_TK_KEYWORD
                                              : SK_TK_RESERVED;
            i = j;
        } else {
            FAIL(i, c >= 0x80 ? "malformed UTF-8 encoding or unexpected character" : "unexpected character '%c'", c);
        }
        if (len - i > UINT32_MAX || !sk_grow((void **)&out->data, &out->cap, out->len + 1, sizeof(sk_tok)))
            FAIL(i, "out of memory");
        out->data[out->len++] = t;
    }
    if (stack.len) {
        const sk_tok *open = &out->data[stack.data[stack.len - 1]];
        sk_err_text(err, file, open->line, open->col, "unexpected end: unclosed \"(\"");
        goto fail;
    }
    {
        sk_tok eof = {0};
        eof.kind = SK_TK_EOF;
        eof.line = line;
        eof.col = COL(i);
        eof.p = src + len;
        if (!sk_grow((void **)&out->data, &out->cap, out->len + 1, sizeof(sk_tok))) FAIL(i, "out of memory");
        out->data[out->len++] = eof;
    }
    SK_VEC_FREE(stack);
    return true;
fail:
    SK_VEC_FREE(stack);
    sk_text_toks_free(out);
    return false;
#undef FAIL
#undef COL
}

void sk_text_toks_free(sk_toks *t)
{
    sk_free(t->data);
    memset(t, 0, sizeof *t);
}

static void put_utf8(uint8_t *d, uint32_t *n, uint32_t v)
{
    if (v < 0x80) d[(*n)++] = (uint8_t)v;
    else if (v < 0x800) {
        d[(*n)++] = (uint8_t)(0xC0 | (v >> 6));
        d[(*n)++] = (uint8_t)(0x80 | (v & 0x3F));
    } else if (v < 0x10000) {
        d[(*n)++] = (uint8_t)(0xE0 | (v >> 12));
        d[(*n)++] = (uint8_t)(0x80 | ((v >> 6) & 0x3F));
        d[(*n)++] = (uint8_t)(0x80 | (v & 0x3F));
    } else {
        d[(*n)++] = (uint8_t)(0xF0 | (v >> 18));
        d[(*n)++] = (uint8_t)(0x80 | ((v >> 12) & 0x3F));
        d[(*n)++] = (uint8_t)(0x80 | ((v >> 6) & 0x3F));
        d[(*n)++] = (uint8_t)(0x80 | (v & 0x3F));
    }
}

/* The token was checked by the lexer, so escapes here are well-formed. */
bool sk_text_string(const sk_tok *t, uint8_t **out, uint32_t *len)
{
    const unsigned char *s = (const unsigned char *)t->p + 1;
    size_t n = t->len - 2;
    uint8_t *d = sk_malloc(n + 1);
    if (!d) return false;
    uint32_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            d[k++] = s[i++];
            continue;
        }
        unsigned char e = s[i + 1];
        switch (e) {
        case 't': d[k++] = '\t'; i += 2; break;
        case 'n': d[k++] = '\n'; i += 2; break;
        case 'r': d[k++] = '\r'; i += 2; break;
        case '"': d[k++] = '"'; i += 2; break;
        case '\'': d[k++] = '\''; i += 2; break;
        case '\\': d[k++] = '\\'; i += 2; break;
        case 'u': {
            uint32_t v = 0;
            i += 3;
            while (s[i] != '}') {
                if (s[i] != '_') v = v * 16 + (uint32_t)hexval(s[i]);
                i++;
            }
            i++;
            put_utf8(d, &k, v); /* \u{...} text is at least 4 bytes, its encoding at most 4 */
            break;
        }
        default:
            d[k++] = (uint8_t)(hexval(e) * 16 + hexval(s[i + 2]));
            i += 3;
        }
    }
    d[k] = 0;
    *out = d;
    *len = k;
    return true;
}

/* ---- numeric literals ---- */

/* Reads digits (base 10 or 16) with single '_' separators between digits.
 * Returns the number of characters consumed (0: no digit). Sets *overflow when
 * the value does not fit in 64 bits. */
size_t sk_text_digits(const char *p, size_t n, int base, uint64_t *val, bool *overflow)
{
    size_t i = 0;
    uint64_t v = 0;
    bool any = false;
    while (i < n) {
        int d = hexval((unsigned char)p[i]);
        if (d < 0 || d >= base) {
            if (p[i] == '_' && any && i + 1 < n) {
                int d2 = hexval((unsigned char)p[i + 1]);
                if (d2 >= 0 && d2 < base) {
                    i++;
                    continue;
                }
            }
            break;
        }
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) *overflow = true;
        v = v * (uint64_t)base + (uint64_t)d;
        any = true;
        i++;
    }
    *val = v;
    return any ? i : 0;
}

static int parse_unsigned_body(const char *p, size_t n, uint64_t *out, bool *overflow)
{
    int base = 10;
    if (n > 2 && p[0] == '0' && p[1] == 'x') {
        base = 16;
        p += 2;
        n -= 2;
    }
    size_t used = sk_text_digits(p, n, base, out, overflow);
    if (!used || used != n) return SK_LIT_SYNTAX;
    return SK_LIT_OK;
}

int sk_text_parse_uint(const char *p, size_t n, unsigned bits, uint64_t *out)
{
    bool of = false;
    if (!n || p[0] == '+' || p[0] == '-') return SK_LIT_SYNTAX;
    int r = parse_unsigned_body(p, n, out, &of);
    if (r) return r;
    if (of || (bits < 64 && *out >> bits)) return SK_LIT_RANGE;
    return SK_LIT_OK;
}

int sk_text_parse_int(const char *p, size_t n, unsigned bits, uint64_t *out)
{
    bool neg = false, sign = false, of = false;
    if (n && (p[0] == '+' || p[0] == '-')) {
        neg = p[0] == '-';
        sign = true;
        p++, n--;
    }
    uint64_t v;
    int r = parse_unsigned_body(p, n, &v, &of);
    if (r) return r;
    if (of) return SK_LIT_RANGE;
    uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    uint64_t smin = (uint64_t)1 << (bits - 1); /* magnitude of the most negative value */
    if (neg) {
        if (v > smin) return SK_LIT_RANGE;
        v = (uint64_t)0 - v;
    } else if (sign) {
        if (v > smin - 1) return SK_LIT_RANGE;
    } else if (v > umax) {
        return SK_LIT_RANGE;
    }
    *out = bits == 64 ? v : (v & umax);
    return SK_LIT_OK;
}
