/* wat_instr.c: WAT instructions (flat and folded) and their immediates, encoded to binary. */
#include "wat_internal.h"

static bool instr(wat_parser *p, sk_buf *b);

static void advance(wat_parser *p)
{
    if (p->pos < p->end) p->pos++;
}

static void emit_op(sk_buf *b, sk_op op)
{
    const sk_opinfo *in = sk_op_info(op);
    if (in->prefix) {
        sk_buf_u8(b, in->prefix);
        sk_buf_uleb(b, in->code);
    } else {
        sk_buf_u8(b, (uint8_t)in->code);
    }
}

static bool tok_text_eq(const sk_tok *a, const sk_tok *b)
{
    return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* ---- labels ---- */
static bool push_label(wat_parser *p, const sk_tok *id)
{
    wat_label l = {id};
    return SK_VEC_PUSH(p->labels, l) ? true : sk_wat_oom(p);
}

static bool label_var(wat_parser *p, uint32_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind == SK_TK_ID) {
        for (uint32_t i = p->labels.len; i-- > 0;) {
            const sk_tok *id = p->labels.data[i].id;
            if (id && tok_text_eq(id, t)) {
                *out = p->labels.len - 1 - i;
                advance(p);
                return true;
            }
        }
        return sk_wat_fail(p, t, "unknown label %.*s", (int)t->len, t->p);
    }
    if (t->kind == SK_TK_RESERVED) {
        uint64_t v;
        int r = sk_text_parse_uint(t->p, t->len, 32, &v);
        if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "constant out of range");
        if (r) return sk_wat_fail(p, t, "unknown operator %.*s, expected a label", (int)t->len, t->p);
        *out = (uint32_t)v;
        advance(p);
        return true;
    }
    return sk_wat_fail(p, t, "unexpected token, expected a label");
}

/* After `end` or `else`: an optional id that must repeat the block's label. */
static bool end_label(wat_parser *p, const sk_tok *label)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_ID) return true;
    if (!label || !tok_text_eq(label, t)) return sk_wat_fail(p, t, "mismatching label");
    advance(p);
    return true;
}

/* ---- block types ---- */
static bool blocktype(wat_parser *p, sk_buf *b)
{
    wat_typeuse u;
    if (!sk_wat_typeuse_parse(p, &u, false, false)) return false;
    bool ok = true;
    const uint8_t *params = u.params.data, *results = u.results.data;
    uint32_t np = u.params.len, nr = u.results.len;
    if (u.has_type && !u.has_inline) {
        if (u.idx < p->types.len) {
            const wat_functype *ft = &p->types.data[u.idx];
            params = ft->types, np = ft->nparams;
            results = ft->types + ft->nparams, nr = ft->nresults;
        } else {
            np = 1; /* unknown type: keep the index for the validator to report */
        }
    }
    SK_UNUSED(params);
    if (np == 0 && nr <= 1) {
        sk_buf_u8(b, nr ? results[0] : 0x40);
    } else {
        uint32_t idx;
        ok = sk_wat_typeuse_index(p, &u, &idx);
        if (ok) sk_buf_sleb(b, (int64_t)idx);
    }
    sk_wat_typeuse_free(&u);
    return ok;
}

/* ---- literals ---- */
static bool lit_int(wat_parser *p, unsigned bits, uint64_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_RESERVED && t->kind != SK_TK_KEYWORD)
        return sk_wat_fail(p, t, "unexpected token, expected an i%u literal", bits);
    int r = sk_text_parse_int(t->p, t->len, bits, out);
    if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "constant out of range");
    if (r && t->kind == SK_TK_KEYWORD) return sk_wat_fail(p, t, "unexpected token %.*s, expected an i%u literal", (int)t->len, t->p, bits);
    if (r) return sk_wat_fail(p, t, "unknown operator: malformed i%u literal %.*s", bits, (int)t->len, t->p);
    advance(p);
    return true;
}

/* Keywords that look like float literals but are not ("nan:1", "infinity") are
 * "unknown operator" to the reference interpreter; NaN patterns are tokens of their own. */
static bool malformed_float_kw(const sk_tok *t)
{
    if (sk_tok_is(t, "nan:canonical") || sk_tok_is(t, "nan:arithmetic")) return false;
    return t->len >= 3 && (memcmp(t->p, "nan", 3) == 0 || memcmp(t->p, "inf", 3) == 0);
}

static bool lit_f32(wat_parser *p, uint32_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_RESERVED && t->kind != SK_TK_KEYWORD)
        return sk_wat_fail(p, t, "unexpected token, expected an f32 literal");
    int r = sk_text_parse_f32(t->p, t->len, out);
    if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "constant out of range");
    if (r && t->kind == SK_TK_KEYWORD && !malformed_float_kw(t))
        return sk_wat_fail(p, t, "unexpected token %.*s, expected an f32 literal", (int)t->len, t->p);
    if (r) return sk_wat_fail(p, t, "unknown operator: malformed f32 literal %.*s", (int)t->len, t->p);
    advance(p);
    return true;
}

static bool lit_f64(wat_parser *p, uint64_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_RESERVED && t->kind != SK_TK_KEYWORD)
        return sk_wat_fail(p, t, "unexpected token, expected an f64 literal");
    int r = sk_text_parse_f64(t->p, t->len, out);
    if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "constant out of range");
    if (r && t->kind == SK_TK_KEYWORD && !malformed_float_kw(t))
        return sk_wat_fail(p, t, "unexpected token %.*s, expected an f64 literal", (int)t->len, t->p);
    if (r) return sk_wat_fail(p, t, "unknown operator: malformed f64 literal %.*s", (int)t->len, t->p);
    advance(p);
    return true;
}

/* Wording as the reference interpreter: a shuffle reports any bad lane as a
 * "malformed lane index"; a single lane immediate reports only out-of-range numbers so. */
static bool lane_index(wat_parser *p, uint8_t *out, bool shuffle)
{
    const sk_tok *t = sk_wat_cur(p);
    uint64_t v = 0;
    int r = t->kind == SK_TK_RESERVED ? sk_text_parse_uint(t->p, t->len, 8, &v) : SK_LIT_SYNTAX;
    if (r == SK_LIT_RANGE || (r && shuffle && (t->kind == SK_TK_RESERVED || t->kind == SK_TK_KEYWORD)))
        return sk_wat_fail(p, t, "malformed lane index");
    if (r) return sk_wat_fail(p, t, "unexpected token, expected a lane index");
    *out = (uint8_t)v;
    advance(p);
    return true;
}

static void put_le(uint8_t *d, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) d[i] = (uint8_t)(v >> (8 * i));
}

/* Could this token be a lane of v128.const? (An instruction may follow in flat form.) */
static bool lane_literal_tok(const sk_tok *t)
{
    if (t->kind == SK_TK_RESERVED) return true;
    return t->kind == SK_TK_KEYWORD && t->len >= 3 && (memcmp(t->p, "nan", 3) == 0 || memcmp(t->p, "inf", 3) == 0);
}

static bool v128_const(wat_parser *p, uint8_t out[16])
{
    const sk_tok *t = sk_wat_cur(p);
    static const char *shapes[] = {"i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"};
    int shape = -1;
    for (int i = 0; i < 6; i++)
        if (sk_tok_is(t, shapes[i])) shape = i;
    if (shape < 0) return sk_wat_fail(p, t, "unexpected token, expected a v128 shape (i8x16, i16x8, ...)");
    advance(p);
    unsigned lanes = shape == 0 ? 16 : shape == 1 ? 8 : (shape == 2 || shape == 4) ? 4 : 2;
    unsigned size = 16 / lanes;
    unsigned given = 0;
    while (given <= lanes && lane_literal_tok(sk_wat_peek(p, given))) given++;
    if (given != lanes) return sk_wat_fail(p, sk_wat_peek(p, given < lanes ? given : lanes), "wrong number of lane literals");
    for (unsigned i = 0; i < lanes; i++) {
        uint64_t v = 0;
        if (shape <= 3) {
            if (!lit_int(p, size * 8, &v)) return false;
        } else if (shape == 4) {
            uint32_t f;
            if (!lit_f32(p, &f)) return false;
            v = f;
        } else {
            if (!lit_f64(p, &v)) return false;
        }
        put_le(out + i * size, v, size);
    }
    return true;
}

/* ---- memarg ---- */
static bool kw_prefix(const sk_tok *t, const char *pre)
{
    size_t n = strlen(pre);
    return t->kind == SK_TK_KEYWORD && t->len > n && memcmp(t->p, pre, n) == 0;
}

static bool memarg(wat_parser *p, sk_buf *b, uint8_t natural)
{
    uint64_t offset = 0, align = (uint64_t)1 << natural;
    const sk_tok *t = sk_wat_cur(p);
    if (kw_prefix(t, "offset=")) {
        int r = sk_text_parse_uint(t->p + 7, t->len - 7, 32, &offset);
        if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "i32 constant out of range");
        if (r) return sk_wat_fail(p, t, "unknown operator: malformed offset %.*s", (int)t->len, t->p);
        advance(p);
        t = sk_wat_cur(p);
    }
    if (kw_prefix(t, "align=")) {
        int r = sk_text_parse_uint(t->p + 6, t->len - 6, 32, &align);
        if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "i32 constant out of range");
        if (r) return sk_wat_fail(p, t, "unknown operator: malformed alignment %.*s", (int)t->len, t->p);
        if (align == 0 || (align & (align - 1))) return sk_wat_fail(p, t, "alignment must be a power of two");
        advance(p);
    }
    uint32_t lg = 0;
    while (((uint64_t)1 << lg) < align) lg++;
    sk_buf_uleb(b, lg);
    sk_buf_uleb(b, offset);
    return true;
}

static bool opt_var(wat_parser *p, int space, uint32_t *out)
{
    *out = 0;
    if (!sk_wat_is_var(sk_wat_cur(p))) return true;
    return sk_wat_var(p, space, out);
}

/* One plain (non-block) instruction: the mnemonic at the cursor and its immediates. */
static bool plain(wat_parser *p, sk_buf *b)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_KEYWORD) return sk_wat_fail(p, t, "unexpected token, expected an instruction");
    sk_op op = sk_op_from_text(t->p, t->len);
    if (op == SK_OP_INVALID) {
        static const char *clauses[] = {"type", "param", "result", "local", "then", "else", "item", "offset",
                                        "export", "import", "mut", "func", "elem", "data", "table", "memory", "global"};
        for (size_t i = 0; i < SK_ARRAY_LEN(clauses); i++)
            if (sk_tok_is(t, clauses[i])) return sk_wat_fail(p, t, "unexpected token %s", clauses[i]);
        return sk_wat_fail(p, t, "unknown operator %.*s", (int)t->len, t->p);
    }
    if (op == SK_OP_ELSE || op == SK_OP_END || op == SK_OP_BLOCK || op == SK_OP_LOOP || op == SK_OP_IF)
        return sk_wat_fail(p, t, "unexpected token %.*s", (int)t->len, t->p);
    advance(p);
    const sk_opinfo *in = sk_op_info(op);
    uint32_t x, y;
    uint64_t v;
    switch ((sk_imm_kind)in->imm) {
    case SK_IMM_NONE:
        if (op == SK_OP_SELECT && sk_wat_lpar_kw(p, "result")) {
            SK_VEC(uint8_t) ts = {0};
            while (sk_wat_lpar_kw(p, "result")) {
                p->pos += 2;
                while (sk_wat_cur(p)->kind != SK_TK_RPAR) {
                    uint8_t vt;
                    if (!sk_wat_valtype(p, &vt)) {
                        SK_VEC_FREE(ts);
                        return false;
                    }
                    if (!SK_VEC_PUSH(ts, vt)) {
                        SK_VEC_FREE(ts);
                        return sk_wat_oom(p);
                    }
                }
                advance(p);
            }
            emit_op(b, SK_OP_SELECT_T);
            sk_buf_uleb(b, ts.len);
            sk_buf_bytes(b, ts.data, ts.len);
            SK_VEC_FREE(ts);
            return true;
        }
        emit_op(b, op);
        return true;
    case SK_IMM_LABEL:
        if (!label_var(p, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_BR_TABLE: {
        SK_VEC(uint32_t) ls = {0};
        while (sk_wat_is_var(sk_wat_cur(p))) {
            if (!label_var(p, &x)) {
                SK_VEC_FREE(ls);
                return false;
            }
            if (!SK_VEC_PUSH(ls, x)) {
                SK_VEC_FREE(ls);
                return sk_wat_oom(p);
            }
        }
        if (!ls.len) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected a label");
        emit_op(b, op);
        sk_buf_uleb(b, ls.len - 1);
        for (uint32_t i = 0; i < ls.len; i++) sk_buf_uleb(b, ls.data[i]);
        SK_VEC_FREE(ls);
        return true;
    }
    case SK_IMM_FUNC:
        if (!sk_wat_var(p, SP_FUNC, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_CALL_INDIRECT:
        if (!opt_var(p, SP_TABLE, &y)) return false;
        if (!sk_wat_typeuse(p, &x, false, false)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        sk_buf_uleb(b, y);
        return true;
    case SK_IMM_LOCAL:
        if (!sk_wat_var(p, SP_LOCAL, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_GLOBAL:
        if (!sk_wat_var(p, SP_GLOBAL, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_TABLE:
        if (!opt_var(p, SP_TABLE, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_MEMARG:
        emit_op(b, op);
        return memarg(p, b, in->align);
    case SK_IMM_MEMIDX:
        emit_op(b, op);
        sk_buf_u8(b, 0);
        return true;
    case SK_IMM_I32:
        if (!lit_int(p, 32, &v)) return false;
        emit_op(b, op);
        sk_buf_sleb(b, (int32_t)(uint32_t)v);
        return true;
    case SK_IMM_I64:
        if (!lit_int(p, 64, &v)) return false;
        emit_op(b, op);
        sk_buf_sleb(b, (int64_t)v);
        return true;
    case SK_IMM_F32: {
        uint32_t f;
        uint8_t d[4];
        if (!lit_f32(p, &f)) return false;
        emit_op(b, op);
        put_le(d, f, 4);
        sk_buf_bytes(b, d, 4);
        return true;
    }
    case SK_IMM_F64: {
        uint8_t d[8];
        if (!lit_f64(p, &v)) return false;
        emit_op(b, op);
        put_le(d, v, 8);
        sk_buf_bytes(b, d, 8);
        return true;
    }
    case SK_IMM_REFTYPE: {
        const sk_tok *h = sk_wat_cur(p);
        uint8_t rt;
        if (sk_tok_is(h, "func")) rt = SK_FUNCREF;
        else if (sk_tok_is(h, "extern")) rt = SK_EXTERNREF;
        else return sk_wat_fail(p, h, "unexpected token, expected a heap type (func or extern)");
        advance(p);
        emit_op(b, op);
        sk_buf_u8(b, rt);
        return true;
    }
    case SK_IMM_MEMORY_INIT:
        if (!sk_wat_var(p, SP_DATA, &x)) return false;
        p->uses_datacount = true;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        sk_buf_u8(b, 0);
        return true;
    case SK_IMM_DATA:
        if (!sk_wat_var(p, SP_DATA, &x)) return false;
        p->uses_datacount = true;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_MEMORY_COPY:
        emit_op(b, op);
        sk_buf_u8(b, 0);
        sk_buf_u8(b, 0);
        return true;
    case SK_IMM_TABLE_INIT:
        y = 0;
        if (sk_wat_is_var(sk_wat_cur(p)) && sk_wat_is_var(sk_wat_peek(p, 1))) {
            if (!sk_wat_var(p, SP_TABLE, &y)) return false;
        }
        if (!sk_wat_var(p, SP_ELEM, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        sk_buf_uleb(b, y);
        return true;
    case SK_IMM_ELEM:
        if (!sk_wat_var(p, SP_ELEM, &x)) return false;
        emit_op(b, op);
        sk_buf_uleb(b, x);
        return true;
    case SK_IMM_TABLE_COPY:
        x = y = 0;
        if (sk_wat_is_var(sk_wat_cur(p))) {
            if (!sk_wat_var(p, SP_TABLE, &x) || !sk_wat_var(p, SP_TABLE, &y)) return false;
        }
        emit_op(b, op);
        sk_buf_uleb(b, x);
        sk_buf_uleb(b, y);
        return true;
    case SK_IMM_V128: {
        uint8_t d[16];
        if (!v128_const(p, d)) return false;
        emit_op(b, op);
        sk_buf_bytes(b, d, 16);
        return true;
    }
    case SK_IMM_SHUFFLE: {
        uint8_t d[16];
        for (int i = 0; i < 16; i++) {
            const sk_tok *lt = sk_wat_cur(p);
            if (lt->kind == SK_TK_RPAR || lt->kind == SK_TK_LPAR || lt->kind == SK_TK_EOF)
                return sk_wat_fail(p, lt, "invalid lane length");
            if (!lane_index(p, &d[i], true)) return false;
        }
        if (sk_wat_cur(p)->kind == SK_TK_RESERVED) return sk_wat_fail(p, sk_wat_cur(p), "invalid lane length");
        emit_op(b, op);
        sk_buf_bytes(b, d, 16);
        return true;
    }
    case SK_IMM_LANE: {
        uint8_t l;
        if (!lane_index(p, &l, false)) return false;
        emit_op(b, op);
        sk_buf_u8(b, l);
        return true;
    }
    case SK_IMM_MEMARG_LANE: {
        uint8_t l;
        sk_buf tmp = {0};
        if (!memarg(p, &tmp, in->align) || !lane_index(p, &l, false)) {
            sk_buf_free(&tmp);
            return false;
        }
        emit_op(b, op);
        sk_buf_bytes(b, tmp.data, tmp.len);
        if (tmp.oom) b->oom = true;
        sk_buf_free(&tmp);
        sk_buf_u8(b, l);
        return true;
    }
    case SK_IMM_BLOCKTYPE:
    case SK_IMM_SELECT_T:
        break;
    }
    return sk_wat_fail(p, t, "unexpected token %.*s", (int)t->len, t->p);
}

static const sk_tok *opt_label(wat_parser *p)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_ID) return NULL;
    advance(p);
    return t;
}

/* block/loop/if ... end in flat form; the cursor is on the keyword. */
static bool block_flat_inner(wat_parser *p, sk_buf *b, sk_op op);
static bool block_flat(wat_parser *p, sk_buf *b, sk_op op)
{
    if (++p->depth > SK_WAT_MAX_DEPTH) return sk_wat_fail(p, sk_wat_cur(p), "nesting too deep");
    bool ok = block_flat_inner(p, b, op);
    p->depth--;
    return ok;
}

static bool block_flat_inner(wat_parser *p, sk_buf *b, sk_op op)
{
    advance(p);
    const sk_tok *label = opt_label(p);
    emit_op(b, op);
    if (!blocktype(p, b) || !push_label(p, label)) return false;
    if (!sk_wat_instrs(p, b)) return false;
    if (op == SK_OP_IF && sk_tok_is(sk_wat_cur(p), "else")) {
        advance(p);
        if (!end_label(p, label)) return false;
        emit_op(b, SK_OP_ELSE);
        size_t at = b->len;
        if (!sk_wat_instrs(p, b)) return false;
        if (b->len == at && !b->oom) b->len--; /* like wabt: an empty else is left out */
    }
    if (!sk_tok_is(sk_wat_cur(p), "end")) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected end");
    advance(p);
    if (!end_label(p, label)) return false;
    emit_op(b, SK_OP_END);
    p->labels.len--;
    return true;
}

static bool folded_body(wat_parser *p, sk_buf *b)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_KEYWORD) return sk_wat_fail(p, t, "unexpected token, expected an instruction");
    sk_op op = sk_op_from_text(t->p, t->len);
    if (op == SK_OP_BLOCK || op == SK_OP_LOOP) {
        advance(p);
        const sk_tok *label = opt_label(p);
        emit_op(b, op);
        if (!blocktype(p, b) || !push_label(p, label) || !sk_wat_instrs(p, b)) return false;
        p->labels.len--;
        emit_op(b, SK_OP_END);
        return true;
    }
    if (op == SK_OP_IF) {
        advance(p);
        const sk_tok *label = opt_label(p);
        sk_buf bt = {0};
        if (!blocktype(p, &bt)) {
            sk_buf_free(&bt);
            return false;
        }
        while (sk_wat_cur(p)->kind == SK_TK_LPAR && !sk_wat_lpar_kw(p, "then")) {
            if (!sk_wat_folded(p, b)) {
                sk_buf_free(&bt);
                return false;
            }
        }
        emit_op(b, SK_OP_IF);
        sk_buf_bytes(b, bt.data, bt.len);
        if (bt.oom) b->oom = true;
        sk_buf_free(&bt);
        if (!sk_wat_lpar_kw(p, "then")) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected (then ...)");
        if (!push_label(p, label)) return false;
        p->pos += 2;
        if (!sk_wat_instrs(p, b) || !sk_wat_expect_rpar(p)) return false;
        if (sk_wat_lpar_kw(p, "else")) {
            p->pos += 2;
            emit_op(b, SK_OP_ELSE);
            size_t at = b->len;
            if (!sk_wat_instrs(p, b) || !sk_wat_expect_rpar(p)) return false;
            if (b->len == at && !b->oom) b->len--; /* like wabt: an empty else is left out */
        }
        p->labels.len--;
        emit_op(b, SK_OP_END);
        return true;
    }
    sk_buf tmp = {0};
    bool ok = plain(p, &tmp);
    while (ok && sk_wat_cur(p)->kind == SK_TK_LPAR) ok = sk_wat_folded(p, b);
    if (ok) {
        sk_buf_bytes(b, tmp.data, tmp.len);
        if (tmp.oom) b->oom = true;
    }
    sk_buf_free(&tmp);
    return ok;
}

bool sk_wat_folded(wat_parser *p, sk_buf *b)
{
    const sk_tok *open = sk_wat_cur(p);
    if (open->kind != SK_TK_LPAR) return sk_wat_fail(p, open, "unexpected token, expected (");
    uint32_t close = open->match;
    advance(p);
    if (++p->depth > SK_WAT_MAX_DEPTH) return sk_wat_fail(p, open, "nesting too deep");
    bool ok = folded_body(p, b);
    p->depth--;
    if (!ok) return false;
    if (p->pos != close) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected )");
    advance(p);
    return true;
}

static bool instr(wat_parser *p, sk_buf *b)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind == SK_TK_LPAR) return sk_wat_folded(p, b);
    if (t->kind == SK_TK_KEYWORD) {
        sk_op op = sk_op_from_text(t->p, t->len);
        if (op == SK_OP_BLOCK || op == SK_OP_LOOP || op == SK_OP_IF) return block_flat(p, b, op);
    }
    return plain(p, b);
}

bool sk_wat_instrs(wat_parser *p, sk_buf *b)
{
    for (;;) {
        if (b->oom) return sk_wat_oom(p);
        const sk_tok *t = sk_wat_cur(p);
        if (t->kind == SK_TK_RPAR || t->kind == SK_TK_EOF) return true;
        if (sk_tok_is(t, "end") || sk_tok_is(t, "else")) return true;
        if (!instr(p, b)) return false;
    }
}

bool sk_wat_expr(wat_parser *p, sk_buf *b)
{
    if (!sk_wat_instrs(p, b)) return false;
    if (sk_wat_cur(p)->kind != SK_TK_RPAR) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected )");
    emit_op(b, SK_OP_END);
    return b->oom ? sk_wat_oom(p) : true;
}
