/* wast.c: the .wast script format: modules (text, binary, quote), actions and assertions. */
#include "text.h"
#include "text_internal.h"
#include <stdio.h>

typedef struct wast_parser {
    sk_toks toks;
    uint32_t pos;
    const char *file;
    sk_error *err;
    sk_wast_script *s;
} wast_parser;

static const sk_tok *cur(wast_parser *w) { return &w->toks.data[w->pos]; }
static const sk_tok *peek(wast_parser *w, uint32_t k)
{
    uint32_t i = w->pos + k;
    return &w->toks.data[i < w->toks.len ? i : w->toks.len - 1];
}
static void advance(wast_parser *w)
{
    if (w->toks.data[w->pos].kind != SK_TK_EOF) w->pos++;
}

static bool fail(wast_parser *w, const sk_tok *t, const char *what)
{
    if (t->kind == SK_TK_KEYWORD || t->kind == SK_TK_RESERVED || t->kind == SK_TK_ID || t->kind == SK_TK_STRING)
        return sk_err_text(w->err, w->file, t->line, t->col, "unexpected token %.*s, expected %s",
                           (int)(t->len > 40 ? 40 : t->len), t->p, what);
    return sk_err_text(w->err, w->file, t->line, t->col, "unexpected token, expected %s", what);
}

static bool oom(wast_parser *w) { return sk_err_text(w->err, w->file, cur(w)->line, cur(w)->col, "out of memory"); }

static bool lpar_kw(wast_parser *w, const char *kw) { return cur(w)->kind == SK_TK_LPAR && sk_tok_is(peek(w, 1), kw); }

static bool expect_rpar(wast_parser *w)
{
    if (cur(w)->kind != SK_TK_RPAR) return fail(w, cur(w), ")");
    advance(w);
    return true;
}

/* Decodes a string token into a NUL-terminated sk_malloc'd copy. */
static bool string_tok(wast_parser *w, char **out, uint32_t *len)
{
    const sk_tok *t = cur(w);
    if (t->kind != SK_TK_STRING) return fail(w, t, "a string");
    uint8_t *s;
    uint32_t n;
    if (!sk_text_string(t, &s, &n)) return oom(w);
    *out = (char *)s;
    if (len) *len = n;
    advance(w);
    return true;
}

static bool opt_name(wast_parser *w, char **out)
{
    *out = NULL;
    const sk_tok *t = cur(w);
    if (t->kind != SK_TK_ID) return true;
    *out = sk_strndup(t->p, t->len);
    if (!*out) return oom(w);
    advance(w);
    return true;
}

/* Concatenates the strings at the cursor. */
static bool strings(wast_parser *w, sk_buf *b)
{
    while (cur(w)->kind == SK_TK_STRING) {
        uint8_t *s;
        uint32_t n;
        if (!sk_text_string(cur(w), &s, &n)) return oom(w);
        sk_buf_bytes(b, s, n);
        sk_free(s);
        advance(w);
    }
    return b->oom ? oom(w) : true;
}

/* (module $name? ...) | (module $name? binary "..."*) | (module $name? quote "..."*) */
static bool module(wast_parser *w, sk_wast_module *m)
{
    memset(m, 0, sizeof *m);
    sk_error_clear(&m->text_err);
    if (!lpar_kw(w, "module")) return fail(w, cur(w), "(module ...)");
    uint32_t close = cur(w)->match;
    w->pos += 2;
    if (!opt_name(w, &m->name)) return false;
    if (sk_tok_is(cur(w), "binary")) {
        advance(w);
        m->form = SK_WM_BINARY;
        sk_buf b = {0};
        if (!strings(w, &b)) {
            sk_buf_free(&b);
            return false;
        }
        m->binary = b.data ? b.data : sk_malloc(1);
        m->len = b.len;
        if (!m->binary) return oom(w);
    } else if (sk_tok_is(cur(w), "quote")) {
        advance(w);
        m->form = SK_WM_QUOTE;
        sk_buf b = {0};
        if (!strings(w, &b)) {
            sk_buf_free(&b);
            return false;
        }
        if (!sk_wat2wasm(b.data ? (const char *)b.data : "", b.len, w->file, &m->binary, &m->len, &m->text_err)) {
            m->binary = NULL;
            m->len = 0;
            if (!m->text_err.msg[0]) sk_err(&m->text_err, -1, "malformed module");
        }
        sk_buf_free(&b);
    } else {
        m->form = SK_WM_TEXT;
        if (!sk_wat_encode(&w->toks, w->pos, close, w->file, &m->binary, &m->len, &m->text_err)) {
            m->binary = NULL;
            m->len = 0;
            if (!m->text_err.msg[0]) sk_err(&m->text_err, -1, "malformed module");
        }
        w->pos = close;
    }
    return expect_rpar(w);
}

static bool set_lanes(sk_wast_val *v, uint8_t kind)
{
    for (int i = 0; i < 16; i++) v->lane_kind[i] = kind;
    return true;
}

/* One literal, or a NaN pattern when allowed. `bits`: 32 or 64 for floats. */
static bool float_lit(wast_parser *w, unsigned bits, bool pattern, uint64_t *out, uint8_t *kind)
{
    const sk_tok *t = cur(w);
    *kind = SK_WV_EXACT;
    if (pattern && sk_tok_is(t, "nan:canonical")) {
        *kind = SK_WV_NAN_CANONICAL;
        *out = 0;
        advance(w);
        return true;
    }
    if (pattern && sk_tok_is(t, "nan:arithmetic")) {
        *kind = SK_WV_NAN_ARITHMETIC;
        *out = 0;
        advance(w);
        return true;
    }
    if (t->kind != SK_TK_RESERVED && t->kind != SK_TK_KEYWORD) return fail(w, t, "a float literal");
    int r;
    if (bits == 32) {
        uint32_t f = 0;
        r = sk_text_parse_f32(t->p, t->len, &f);
        *out = f;
    } else {
        r = sk_text_parse_f64(t->p, t->len, out);
    }
    if (r == SK_LIT_RANGE)
        return sk_err_text(w->err, w->file, t->line, t->col, "constant out of range");
    if (r) return fail(w, t, "a float literal");
    advance(w);
    return true;
}

static bool int_lit(wast_parser *w, unsigned bits, uint64_t *out)
{
    const sk_tok *t = cur(w);
    int r = t->kind == SK_TK_RESERVED ? sk_text_parse_int(t->p, t->len, bits, out) : SK_LIT_SYNTAX;
    if (r == SK_LIT_RANGE) return sk_err_text(w->err, w->file, t->line, t->col, "constant out of range");
    if (r) return fail(w, t, "an integer literal");
    advance(w);
    return true;
}

/* (t.const ...), (v128.const shape ...), (ref.null ht), (ref.extern n?), (ref.func) */
static bool value(wast_parser *w, sk_wast_val *v, bool pattern)
{
    memset(v, 0, sizeof *v);
    if (cur(w)->kind != SK_TK_LPAR) return fail(w, cur(w), "a constant");
    const sk_tok *kw = peek(w, 1);
    w->pos += 2;
    uint64_t x;
    uint8_t kind;
    if (sk_tok_is(kw, "i32.const")) {
        v->type = SK_I32;
        if (!int_lit(w, 32, &x)) return false;
        v->val.u32 = (uint32_t)x;
    } else if (sk_tok_is(kw, "i64.const")) {
        v->type = SK_I64;
        if (!int_lit(w, 64, &x)) return false;
        v->val.u64 = x;
    } else if (sk_tok_is(kw, "f32.const")) {
        v->type = SK_F32;
        if (!float_lit(w, 32, pattern, &x, &kind)) return false;
        v->kind = kind;
        v->val.u32 = (uint32_t)x;
    } else if (sk_tok_is(kw, "f64.const")) {
        v->type = SK_F64;
        if (!float_lit(w, 64, pattern, &x, &kind)) return false;
        v->kind = kind;
        v->val.u64 = x;
    } else if (sk_tok_is(kw, "v128.const")) {
        v->type = SK_V128;
        const sk_tok *sh = cur(w);
        static const struct {
            const char *name;
            uint8_t lane_type, bits;
        } shapes[] = {{"i8x16", SK_I32, 8},  {"i16x8", SK_I32, 16}, {"i32x4", SK_I32, 32},
                      {"i64x2", SK_I64, 64}, {"f32x4", SK_F32, 32}, {"f64x2", SK_F64, 64}};
        int si = -1;
        for (int i = 0; i < 6; i++)
            if (sk_tok_is(sh, shapes[i].name)) si = i;
        if (si < 0) return fail(w, sh, "a v128 shape");
        advance(w);
        v->lane_type = shapes[si].lane_type;
        v->lane_bits = shapes[si].bits;
        unsigned lanes = 128 / v->lane_bits, size = v->lane_bits / 8;
        bool any_pattern = false;
        for (unsigned i = 0; i < lanes; i++) {
            if (v->lane_type == SK_F32 || v->lane_type == SK_F64) {
                if (!float_lit(w, v->lane_bits, pattern, &x, &kind)) return false;
                v->lane_kind[i] = kind;
                if (kind != SK_WV_EXACT) any_pattern = true;
            } else {
                if (!int_lit(w, v->lane_bits, &x)) return false;
            }
            for (unsigned k = 0; k < size; k++) v->val.v128[i * size + k] = (uint8_t)(x >> (8 * k));
        }
        /* kind stays EXACT; lane_kind says which lanes are NaN patterns */
        SK_UNUSED(any_pattern);
    } else if (sk_tok_is(kw, "ref.null")) {
        const sk_tok *h = cur(w);
        if (sk_tok_is(h, "func") || sk_tok_is(h, "funcref")) v->type = SK_FUNCREF;
        else if (sk_tok_is(h, "extern") || sk_tok_is(h, "externref")) v->type = SK_EXTERNREF;
        else return fail(w, h, "func or extern");
        advance(w);
        v->kind = SK_WV_REF_NULL;
    } else if (sk_tok_is(kw, "ref.extern")) {
        v->type = SK_EXTERNREF;
        if (cur(w)->kind == SK_TK_RPAR && pattern) {
            v->kind = SK_WV_REF_ANY_EXTERN;
        } else {
            const sk_tok *t = cur(w);
            int r = t->kind == SK_TK_RESERVED ? sk_text_parse_uint(t->p, t->len, 64, &x) : SK_LIT_SYNTAX;
            if (r) return fail(w, t, "an extern reference number");
            advance(w);
            v->kind = SK_WV_REF_EXTERN;
            v->val.u64 = x;
        }
    } else if (sk_tok_is(kw, "ref.func") && pattern) {
        v->type = SK_FUNCREF;
        v->kind = SK_WV_REF_FUNC;
        if (cur(w)->kind != SK_TK_RPAR) advance(w); /* an optional index: any non-null funcref matches */
    } else {
        return fail(w, kw, "a constant (t.const, v128.const, ref.null, ref.extern)");
    }
    if (v->type != SK_V128) set_lanes(v, SK_WV_EXACT);
    return expect_rpar(w);
}

static bool push_val(wast_parser *w, sk_wast_val **arr, uint32_t *n, const sk_wast_val *v)
{
    uint32_t cap = *n; /* grow one at a time: value lists are short */
    sk_wast_val *na = sk_realloc(*arr, ((size_t)cap + 1) * sizeof *na);
    if (!na) return oom(w);
    na[cap] = *v;
    *arr = na;
    (*n)++;
    return true;
}

/* (invoke $M? "name" const*) | (get $M? "name") */
static bool action(wast_parser *w, sk_wast_action *a)
{
    memset(a, 0, sizeof *a);
    if (cur(w)->kind != SK_TK_LPAR) return fail(w, cur(w), "(invoke ...) or (get ...)");
    const sk_tok *kw = peek(w, 1);
    if (sk_tok_is(kw, "get")) a->is_get = true;
    else if (!sk_tok_is(kw, "invoke")) return fail(w, kw, "invoke or get");
    w->pos += 2;
    if (!opt_name(w, &a->module)) return false;
    if (!string_tok(w, &a->field, &a->field_len)) return false;
    while (!a->is_get && cur(w)->kind == SK_TK_LPAR) {
        sk_wast_val v;
        if (!value(w, &v, false) || !push_val(w, &a->args, &a->nargs, &v)) return false;
    }
    return expect_rpar(w);
}

static bool module_or_action(wast_parser *w, sk_wast_cmd *c)
{
    if (lpar_kw(w, "module")) {
        c->has_module = true;
        return module(w, &c->module);
    }
    c->has_action = true;
    return action(w, &c->action);
}

static void free_action(sk_wast_action *a)
{
    sk_free(a->module);
    sk_free(a->field);
    sk_free(a->args);
}

static void free_cmd(sk_wast_cmd *c)
{
    if (c->has_module) {
        sk_free(c->module.name);
        sk_free(c->module.binary);
    }
    if (c->has_action) free_action(&c->action);
    sk_free(c->expected);
    sk_free(c->text);
    sk_free(c->register_module);
}

void sk_wast_free(sk_wast_script *s)
{
    if (!s) return;
    for (uint32_t i = 0; i < s->ncmds; i++) free_cmd(&s->cmds[i]);
    sk_free(s->cmds);
    sk_free(s);
}

static bool command(wast_parser *w, sk_wast_cmd *c)
{
    const sk_tok *open = cur(w);
    c->line = open->line;
    c->col = open->col;
    if (open->kind != SK_TK_LPAR) return fail(w, open, "a command");
    uint32_t close = open->match;
    const sk_tok *kw = peek(w, 1);
    if (sk_tok_is(kw, "module")) {
        c->kind = SK_CMD_MODULE;
        c->has_module = true;
        return module(w, &c->module);
    }
    if (sk_tok_is(kw, "invoke") || sk_tok_is(kw, "get")) {
        c->kind = SK_CMD_ACTION;
        c->has_action = true;
        return action(w, &c->action);
    }
    w->pos += 2;
    bool ok;
    if (sk_tok_is(kw, "register")) {
        c->kind = SK_CMD_REGISTER;
        ok = string_tok(w, &c->text, NULL) && opt_name(w, &c->register_module);
    } else if (sk_tok_is(kw, "assert_return")) {
        c->kind = SK_CMD_ASSERT_RETURN;
        c->has_action = true;
        ok = action(w, &c->action);
        while (ok && cur(w)->kind == SK_TK_LPAR) {
            sk_wast_val v;
            ok = value(w, &v, true) && push_val(w, &c->expected, &c->nexpected, &v);
        }
    } else if (sk_tok_is(kw, "assert_trap")) {
        c->kind = SK_CMD_ASSERT_TRAP;
        ok = module_or_action(w, c) && string_tok(w, &c->text, NULL);
    } else if (sk_tok_is(kw, "assert_exhaustion")) {
        c->kind = SK_CMD_ASSERT_EXHAUSTION;
        c->has_action = true;
        ok = action(w, &c->action) && string_tok(w, &c->text, NULL);
    } else if (sk_tok_is(kw, "assert_malformed") || sk_tok_is(kw, "assert_invalid") ||
               sk_tok_is(kw, "assert_unlinkable") || sk_tok_is(kw, "assert_uninstantiable")) {
        c->kind = sk_tok_is(kw, "assert_malformed")    ? SK_CMD_ASSERT_MALFORMED
                  : sk_tok_is(kw, "assert_invalid")    ? SK_CMD_ASSERT_INVALID
                  : sk_tok_is(kw, "assert_unlinkable") ? SK_CMD_ASSERT_UNLINKABLE
                                                       : SK_CMD_ASSERT_UNINSTANTIABLE;
        c->has_module = true;
        ok = module(w, &c->module) && string_tok(w, &c->text, NULL);
    } else {
        c->kind = SK_CMD_UNSUPPORTED;
        w->pos = close;
        ok = true;
    }
    return ok && expect_rpar(w);
}

static bool is_module_field(const sk_tok *kw)
{
    static const char *fields[] = {"type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data"};
    for (size_t i = 0; i < SK_ARRAY_LEN(fields); i++)
        if (sk_tok_is(kw, fields[i])) return true;
    return false;
}

bool sk_wast_parse(const char *src, size_t len, const char *filename, sk_wast_script **out, sk_error *err)
{
    wast_parser w;
    memset(&w, 0, sizeof w);
    w.file = filename ? filename : "<script>";
    w.err = err;
    *out = NULL;
    if (!sk_text_lex(src, len, w.file, &w.toks, err)) return false;
    if (w.toks.bad_rpar != SK_NO_TOKEN) {
        const sk_tok *t = &w.toks.data[w.toks.bad_rpar];
        sk_err_text(err, w.file, t->line, t->col, "unexpected token \")\"");
        sk_text_toks_free(&w.toks);
        return false;
    }
    sk_wast_script *s = sk_calloc(1, sizeof *s);
    if (!s) {
        sk_text_toks_free(&w.toks);
        return sk_err(err, -1, "out of memory");
    }
    uint32_t cap = 0;
    bool ok = true;
    /* A script may also be one bare module (just its fields). */
    if (w.toks.len > 1 && w.toks.data[0].kind == SK_TK_LPAR && is_module_field(&w.toks.data[1])) {
        if (!sk_grow((void **)&s->cmds, &cap, 1, sizeof *s->cmds)) ok = oom(&w);
        else {
            sk_wast_cmd *c = &s->cmds[s->ncmds++];
            memset(c, 0, sizeof *c);
            c->kind = SK_CMD_MODULE;
            c->line = w.toks.data[0].line;
            c->col = w.toks.data[0].col;
            c->has_module = true;
            sk_error_clear(&c->module.text_err);
            if (!sk_wat_encode(&w.toks, 0, w.toks.len - 1, w.file, &c->module.binary, &c->module.len,
                               &c->module.text_err)) {
                c->module.binary = NULL;
                c->module.len = 0;
            }
            w.pos = w.toks.len - 1;
        }
    }
    while (ok && cur(&w)->kind != SK_TK_EOF) {
        if (!sk_grow((void **)&s->cmds, &cap, s->ncmds + 1, sizeof *s->cmds)) {
            ok = oom(&w);
            break;
        }
        sk_wast_cmd *c = &s->cmds[s->ncmds++];
        memset(c, 0, sizeof *c);
        sk_error_clear(&c->module.text_err);
        ok = command(&w, c);
    }
    sk_text_toks_free(&w.toks);
    if (!ok) {
        sk_wast_free(s);
        return false;
    }
    *out = s;
    return true;
}
