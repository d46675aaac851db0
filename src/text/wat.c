/* wat.c: WAT modules: fields, abbreviations, name resolution and the binary layout. */
#include "wat_internal.h"
#include "text.h"
#include <stdarg.h>
#include <stdio.h>

static const char *space_name[SP_COUNT] = {"type", "func", "table", "memory", "global", "elem", "data", "local"};

enum { SEC_TYPE = 1, SEC_IMPORT, SEC_FUNC, SEC_TABLE, SEC_MEM, SEC_GLOBAL, SEC_EXPORT, SEC_START, SEC_ELEM,
       SEC_CODE, SEC_DATA, SEC_DATACOUNT };

/* ---- basics ---- */
bool sk_wat_fail(wat_parser *p, const sk_tok *t, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sk_err_text(p->err, p->file, t->line, t->col, "%s", msg);
}

bool sk_wat_oom(wat_parser *p)
{
    p->oom = true;
    return sk_wat_fail(p, sk_wat_cur(p), "out of memory");
}

const sk_tok *sk_wat_cur(wat_parser *p) { return &p->t[p->pos < p->end ? p->pos : p->end]; }

const sk_tok *sk_wat_peek(wat_parser *p, uint32_t k)
{
    uint32_t i = p->pos + k;
    return &p->t[i < p->end ? i : p->end];
}

static void advance(wat_parser *p)
{
    if (p->pos < p->end) p->pos++;
}

bool sk_wat_lpar_kw(wat_parser *p, const char *kw)
{
    return sk_wat_cur(p)->kind == SK_TK_LPAR && sk_tok_is(sk_wat_peek(p, 1), kw);
}

bool sk_wat_expect_rpar(wat_parser *p)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_RPAR) {
        if (t->kind == SK_TK_KEYWORD || t->kind == SK_TK_RESERVED || t->kind == SK_TK_ID)
            return sk_wat_fail(p, t, "unexpected token %.*s, expected )", (int)t->len, t->p);
        return sk_wat_fail(p, t, "unexpected token, expected )");
    }
    advance(p);
    return true;
}

static bool expect_lpar_kw(wat_parser *p, const char *kw)
{
    if (!sk_wat_lpar_kw(p, kw)) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected (%s ...)", kw);
    p->pos += 2;
    return true;
}

/* ---- names ---- */
static uint32_t hash_name(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

bool sk_wat_names_find(const wat_names *n, const char *s, uint32_t len, uint32_t *idx)
{
    if (!n->cap) return false;
    for (uint32_t i = hash_name(s, len) & (n->cap - 1);; i = (i + 1) & (n->cap - 1)) {
        const wat_slot *sl = &n->slots[i];
        if (!sl->p) return false;
        if (sl->len == len && memcmp(sl->p, s, len) == 0) {
            *idx = sl->idx;
            return true;
        }
    }
}

static bool names_insert(wat_names *n, const char *s, uint32_t len, uint32_t idx)
{
    if ((n->used + 1) * 2 > n->cap) {
        uint32_t ncap = n->cap ? n->cap * 2 : 16;
        if (ncap < n->cap) return false;
        wat_slot *ns = sk_calloc(ncap, sizeof *ns);
        if (!ns) return false;
        for (uint32_t i = 0; i < n->cap; i++) {
            wat_slot *o = &n->slots[i];
            if (!o->p) continue;
            uint32_t j = hash_name(o->p, o->len) & (ncap - 1);
            while (ns[j].p) j = (j + 1) & (ncap - 1);
            ns[j] = *o;
        }
        sk_free(n->slots);
        n->slots = ns;
        n->cap = ncap;
    }
    uint32_t j = hash_name(s, len) & (n->cap - 1);
    while (n->slots[j].p) j = (j + 1) & (n->cap - 1);
    n->slots[j].p = s;
    n->slots[j].len = len;
    n->slots[j].idx = idx;
    n->used++;
    return true;
}

static void names_free(wat_names *n)
{
    sk_free(n->slots);
    memset(n, 0, sizeof *n);
}

/* Hands out the next index of `space`, binding `id` (may be NULL) to it. */
static bool bind(wat_parser *p, int space, const sk_tok *id)
{
    wat_names *n = &p->names[space];
    if (id) {
        uint32_t dummy;
        if (sk_wat_names_find(n, id->p, id->len, &dummy))
            return sk_wat_fail(p, id, "duplicate %s %.*s", space_name[space], (int)id->len, id->p);
        if (!names_insert(n, id->p, id->len, n->count)) return sk_wat_oom(p);
    }
    n->count++;
    return true;
}

bool sk_wat_is_var(const sk_tok *t)
{
    return t->kind == SK_TK_ID || (t->kind == SK_TK_RESERVED && t->len && t->p[0] >= '0' && t->p[0] <= '9');
}

bool sk_wat_var(wat_parser *p, int space, uint32_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind == SK_TK_ID) {
        if (!sk_wat_names_find(&p->names[space], t->p, t->len, out))
            return sk_wat_fail(p, t, "unknown %s %.*s", space_name[space], (int)t->len, t->p);
        advance(p);
        return true;
    }
    if (t->kind == SK_TK_RESERVED) {
        uint64_t v;
        int r = sk_text_parse_uint(t->p, t->len, 32, &v);
        if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "constant out of range");
        if (r == SK_LIT_OK) {
            *out = (uint32_t)v;
            advance(p);
            return true;
        }
        return sk_wat_fail(p, t, "unknown operator %.*s, expected a %s index", (int)t->len, t->p, space_name[space]);
    }
    if (t->kind == SK_TK_KEYWORD || t->kind == SK_TK_RESERVED)
        return sk_wat_fail(p, t, "unexpected token %.*s, expected a %s index", (int)t->len, t->p, space_name[space]);
    return sk_wat_fail(p, t, "unexpected token, expected a %s index", space_name[space]);
}

static const sk_tok *opt_id(wat_parser *p)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_ID) return NULL;
    advance(p);
    return t;
}

/* ---- types ---- */
static int valtype_of(const sk_tok *t)
{
    static const struct {
        const char *name;
        uint8_t type;
    } vt[] = {{"i32", SK_I32},         {"i64", SK_I64},           {"f32", SK_F32}, {"f64", SK_F64},
              {"v128", SK_V128},       {"funcref", SK_FUNCREF}, {"externref", SK_EXTERNREF}};
    for (size_t i = 0; i < SK_ARRAY_LEN(vt); i++)
        if (sk_tok_is(t, vt[i].name)) return vt[i].type;
    return -1;
}

bool sk_wat_is_valtype_tok(const sk_tok *t) { return valtype_of(t) >= 0; }

bool sk_wat_valtype(wat_parser *p, uint8_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    int v = valtype_of(t);
    if (v < 0) {
        if (t->kind == SK_TK_KEYWORD) /* the reference interpreter's wording for unknown keywords */
            return sk_wat_fail(p, t, "unknown operator %.*s, expected a value type", (int)t->len, t->p);
        if (t->kind == SK_TK_RESERVED || t->kind == SK_TK_ID)
            return sk_wat_fail(p, t, "unexpected token %.*s, expected a value type", (int)t->len, t->p);
        return sk_wat_fail(p, t, "unexpected token, expected a value type");
    }
    *out = (uint8_t)v;
    advance(p);
    return true;
}

static bool reftype(wat_parser *p, uint8_t *out)
{
    const sk_tok *t = sk_wat_cur(p);
    if (sk_tok_is(t, "funcref")) *out = SK_FUNCREF;
    else if (sk_tok_is(t, "externref")) *out = SK_EXTERNREF;
    else return sk_wat_fail(p, t, "unexpected token, expected a reference type");
    advance(p);
    return true;
}

static bool push_local(wat_parser *p, const sk_tok *id, uint8_t type)
{
    if (!bind(p, SP_LOCAL, id)) return false;
    if (!SK_VEC_PUSH(p->local_types, type)) return sk_wat_oom(p);
    return true;
}

void sk_wat_typeuse_free(wat_typeuse *u)
{
    SK_VEC_FREE(u->params);
    SK_VEC_FREE(u->results);
}

/* (param ...)* (result ...)* into u; param ids bound as locals when bind_names. */
static bool signature(wat_parser *p, wat_typeuse *u, bool bind_names, bool allow_ids)
{
    while (sk_wat_lpar_kw(p, "param")) {
        u->has_inline = true;
        p->pos += 2;
        const sk_tok *id = opt_id(p);
        if (id && !allow_ids) return sk_wat_fail(p, id, "unexpected token %.*s: parameters here cannot be named", (int)id->len, id->p);
        if (id) {
            uint8_t vt;
            if (!sk_wat_valtype(p, &vt)) return false;
            if (!SK_VEC_PUSH(u->params, vt)) return sk_wat_oom(p);
            if (bind_names && !push_local(p, id, vt)) return false;
        } else {
            while (sk_wat_cur(p)->kind != SK_TK_RPAR) {
                uint8_t vt;
                if (!sk_wat_valtype(p, &vt)) return false;
                if (!SK_VEC_PUSH(u->params, vt)) return sk_wat_oom(p);
                if (bind_names && !push_local(p, NULL, vt)) return false;
            }
        }
        if (!sk_wat_expect_rpar(p)) return false;
    }
    while (sk_wat_lpar_kw(p, "result")) {
        u->has_inline = true;
        p->pos += 2;
        while (sk_wat_cur(p)->kind != SK_TK_RPAR) {
            uint8_t vt;
            if (!sk_wat_valtype(p, &vt)) return false;
            if (!SK_VEC_PUSH(u->results, vt)) return sk_wat_oom(p);
        }
        advance(p);
    }
    return true;
}

static bool sig_equal(const wat_functype *ft, const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr)
{
    return ft->nparams == np && ft->nresults == nr && (!np || memcmp(ft->types, params, np) == 0) &&
           (!nr || memcmp(ft->types + np, results, nr) == 0);
}

/* ---- signature hash: finds the first type with a given signature in O(1) ---- */
static uint32_t hash_sig(const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr)
{
    uint32_t h = 2166136261u ^ np;
    for (uint32_t i = 0; i < np; i++) h = (h ^ params[i]) * 16777619u;
    h = (h ^ 0xFFu ^ nr) * 16777619u;
    for (uint32_t i = 0; i < nr; i++) h = (h ^ results[i]) * 16777619u;
    return h;
}

static bool find_sig(const wat_parser *p, const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr,
                     uint32_t *idx)
{
    if (!p->type_cap) return false;
    for (uint32_t i = hash_sig(params, np, results, nr) & (p->type_cap - 1);; i = (i + 1) & (p->type_cap - 1)) {
        uint32_t v = p->type_slots[i];
        if (!v) return false;
        if (sig_equal(&p->types.data[v - 1], params, np, results, nr)) {
            *idx = v - 1;
            return true;
        }
    }
}

static void slot_put(uint32_t *slots, uint32_t cap, const wat_functype *ft, uint32_t idx)
{
    uint32_t i = hash_sig(ft->types, ft->nparams, ft->types + ft->nparams, ft->nresults) & (cap - 1);
    while (slots[i]) i = (i + 1) & (cap - 1);
    slots[i] = idx + 1;
}

/* Appends a type (taking ownership of ft.types) and indexes it unless an equal one exists. */
static bool add_type(wat_parser *p, wat_functype ft)
{
    if (!SK_VEC_PUSH(p->types, ft)) {
        sk_free(ft.types);
        return sk_wat_oom(p);
    }
    uint32_t idx = p->types.len - 1, dummy;
    if (find_sig(p, ft.types, ft.nparams, ft.types + ft.nparams, ft.nresults, &dummy)) return true;
    if ((p->type_used + 1) * 2 > p->type_cap) {
        uint32_t ncap = p->type_cap ? p->type_cap * 2 : 16;
        uint32_t *ns = ncap > p->type_cap ? sk_calloc(ncap, sizeof *ns) : NULL;
        if (!ns) return sk_wat_oom(p);
        for (uint32_t i = 0; i < p->type_cap; i++)
            if (p->type_slots[i]) slot_put(ns, ncap, &p->types.data[p->type_slots[i] - 1], p->type_slots[i] - 1);
        sk_free(p->type_slots);
        p->type_slots = ns;
        p->type_cap = ncap;
    }
    slot_put(p->type_slots, p->type_cap, &ft, idx);
    p->type_used++;
    return true;
}

bool sk_wat_typeuse_parse(wat_parser *p, wat_typeuse *u, bool bind_names, bool allow_ids)
{
    memset(u, 0, sizeof *u);
    const sk_tok *start = sk_wat_cur(p);
    if (sk_wat_lpar_kw(p, "type")) {
        p->pos += 2;
        u->has_type = true;
        if (!sk_wat_var(p, SP_TYPE, &u->idx) || !sk_wat_expect_rpar(p)) return false;
    }
    if (!signature(p, u, bind_names, allow_ids)) {
        sk_wat_typeuse_free(u);
        return false;
    }
    if (u->has_type && u->has_inline && u->idx >= p->types.len) {
        sk_wat_typeuse_free(u);
        return sk_wat_fail(p, start, "unknown type %u", u->idx);
    }
    if (u->has_type && u->idx < p->types.len) {
        const wat_functype *ft = &p->types.data[u->idx];
        if (u->has_inline) {
            if (!sig_equal(ft, u->params.data, u->params.len, u->results.data, u->results.len)) {
                sk_wat_typeuse_free(u);
                return sk_wat_fail(p, start, "inline function type does not match the type it names (unexpected token)");
            }
        } else if (bind_names) {
            for (uint32_t i = 0; i < ft->nparams; i++)
                if (!push_local(p, NULL, ft->types[i])) {
                    sk_wat_typeuse_free(u);
                    return false;
                }
        }
    }
    return true;
}

bool sk_wat_typeuse_index(wat_parser *p, wat_typeuse *u, uint32_t *idx)
{
    if (u->has_type) {
        *idx = u->idx;
        return true;
    }
    if (find_sig(p, u->params.data, u->params.len, u->results.data, u->results.len, idx)) return true;
    wat_functype ft = {0};
    ft.nparams = u->params.len;
    ft.nresults = u->results.len;
    ft.types = sk_malloc((size_t)ft.nparams + ft.nresults);
    if (!ft.types) return sk_wat_oom(p);
    if (ft.nparams) memcpy(ft.types, u->params.data, ft.nparams);
    if (ft.nresults) memcpy(ft.types + ft.nparams, u->results.data, ft.nresults);
    if (!add_type(p, ft)) return false;
    *idx = p->types.len - 1;
    return true;
}

bool sk_wat_typeuse(wat_parser *p, uint32_t *typeidx, bool bind_names, bool allow_ids)
{
    wat_typeuse u;
    if (!sk_wat_typeuse_parse(p, &u, bind_names, allow_ids)) return false;
    bool ok = sk_wat_typeuse_index(p, &u, typeidx);
    sk_wat_typeuse_free(&u);
    return ok;
}

/* (type $id? (func (param ...)* (result ...)*)) -- the cursor is after `type`. */
static bool type_def(wat_parser *p)
{
    const sk_tok *id = opt_id(p);
    if (!bind(p, SP_TYPE, id)) return false;
    if (!expect_lpar_kw(p, "func")) return false;
    wat_typeuse u = {0};
    bool ok = signature(p, &u, false, true) && sk_wat_expect_rpar(p);
    if (ok) {
        wat_functype ft = {0};
        ft.nparams = u.params.len;
        ft.nresults = u.results.len;
        ft.types = sk_malloc((size_t)ft.nparams + ft.nresults);
        if (!ft.types) ok = sk_wat_oom(p);
        else {
            if (ft.nparams) memcpy(ft.types, u.params.data, ft.nparams);
            if (ft.nresults) memcpy(ft.types + ft.nparams, u.results.data, ft.nresults);
            ok = add_type(p, ft);
        }
    }
    sk_wat_typeuse_free(&u);
    return ok;
}

/* ---- pass 1: index spaces ---- */
static int field_space(const sk_tok *kw)
{
    if (sk_tok_is(kw, "func")) return SP_FUNC;
    if (sk_tok_is(kw, "table")) return SP_TABLE;
    if (sk_tok_is(kw, "memory")) return SP_MEM;
    if (sk_tok_is(kw, "global")) return SP_GLOBAL;
    return -1;
}

static const char *def_kind_name(int space)
{
    return space == SP_FUNC ? "function" : space == SP_TABLE ? "table" : space == SP_MEM ? "memory" : "global";
}

/* Skips (export ...)* ; returns the position after them. */
static void skip_exports(wat_parser *p)
{
    while (sk_wat_lpar_kw(p, "export")) p->pos = sk_wat_cur(p)->match + 1;
}

static bool scan(wat_parser *p)
{
    int last_def = -1;
    uint32_t end = p->end;
    while (p->pos < end) {
        const sk_tok *open = sk_wat_cur(p);
        if (open->kind != SK_TK_LPAR) return sk_wat_fail(p, open, "unexpected token, expected a module field");
        uint32_t close = open->match;
        const sk_tok *kw = sk_wat_peek(p, 1);
        p->pos += 2;
        if (sk_tok_is(kw, "type")) {
            p->end = close;
            bool ok = type_def(p);
            p->end = end;
            if (!ok) return false;
            if (p->pos != close) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected )");
            p->pos = close + 1;
            continue;
        }
        int space = field_space(kw);
        if (sk_tok_is(kw, "import")) {
            /* (import "m" "n" (kind $id? ...)) */
            if (sk_wat_cur(p)->kind != SK_TK_STRING || sk_wat_peek(p, 1)->kind != SK_TK_STRING)
                return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected the import's module and name");
            p->pos += 2;
            if (sk_wat_cur(p)->kind != SK_TK_LPAR)
                return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected an import description");
            const sk_tok *dk = sk_wat_peek(p, 1);
            int s = field_space(dk);
            if (s < 0) return sk_wat_fail(p, dk, "unexpected token, expected func, table, memory or global");
            if (last_def >= 0) return sk_wat_fail(p, open, "import after %s", def_kind_name(last_def));
            p->pos += 2;
            if (!bind(p, s, opt_id(p))) return false;
        } else if (space >= 0) {
            const sk_tok *id = opt_id(p);
            if (!bind(p, space, id)) return false;
            skip_exports(p);
            if (sk_wat_lpar_kw(p, "import")) {
                if (last_def >= 0) return sk_wat_fail(p, open, "import after %s", def_kind_name(last_def));
            } else {
                last_def = space;
                /* implicit segments of (table ... (elem ...)) and (memory (data ...)) */
                if (space == SP_TABLE && sk_wat_is_valtype_tok(sk_wat_cur(p)) &&
                    sk_tok_is(sk_wat_peek(p, 2), "elem") && sk_wat_peek(p, 1)->kind == SK_TK_LPAR) {
                    if (!bind(p, SP_ELEM, NULL)) return false;
                }
                if (space == SP_MEM && sk_wat_lpar_kw(p, "data")) {
                    if (!bind(p, SP_DATA, NULL)) return false;
                }
            }
        } else if (sk_tok_is(kw, "elem")) {
            if (!bind(p, SP_ELEM, opt_id(p))) return false;
        } else if (sk_tok_is(kw, "data")) {
            if (!bind(p, SP_DATA, opt_id(p))) return false;
        } else if (sk_tok_is(kw, "export") || sk_tok_is(kw, "start")) {
            /* no index */
        } else {
            if (kw->kind == SK_TK_KEYWORD || kw->kind == SK_TK_RESERVED)
                return sk_wat_fail(p, kw, "unexpected token %.*s, expected a module field", (int)kw->len, kw->p);
            return sk_wat_fail(p, kw, "unexpected token, expected a module field");
        }
        p->pos = close + 1;
    }
    return true;
}

/* ---- pass 2: encoding ---- */
static bool name_string(wat_parser *p, sk_buf *b)
{
    const sk_tok *t = sk_wat_cur(p);
    if (t->kind != SK_TK_STRING) return sk_wat_fail(p, t, "unexpected token, expected a string");
    uint8_t *s;
    uint32_t n;
    if (!sk_text_string(t, &s, &n)) return sk_wat_oom(p);
    if (!sk_utf8_valid(s, n)) {
        sk_free(s);
        return sk_wat_fail(p, t, "malformed UTF-8 encoding");
    }
    sk_buf_uleb(b, n);
    sk_buf_bytes(b, s, n);
    sk_free(s);
    advance(p);
    return true;
}

/* Inline (export "name")* for the definition `idx` of `kind`. */
static bool inline_exports(wat_parser *p, uint8_t kind, uint32_t idx)
{
    while (sk_wat_lpar_kw(p, "export")) {
        p->pos += 2;
        sk_buf *b = &p->sec[SEC_EXPORT];
        if (!name_string(p, b) || !sk_wat_expect_rpar(p)) return false;
        sk_buf_u8(b, kind);
        sk_buf_uleb(b, idx);
        p->count[SEC_EXPORT]++;
    }
    return true;
}

/* (import "m" "n") inside a definition: writes module and name. */
static bool inline_import(wat_parser *p)
{
    p->pos += 2;
    sk_buf *b = &p->sec[SEC_IMPORT];
    if (!name_string(p, b) || !name_string(p, b) || !sk_wat_expect_rpar(p)) return false;
    p->count[SEC_IMPORT]++;
    return true;
}

static bool limits(wat_parser *p, sk_buf *b)
{
    uint64_t min, max = 0;
    bool has_max = false;
    const sk_tok *t = sk_wat_cur(p);
    int r = t->kind == SK_TK_RESERVED ? sk_text_parse_uint(t->p, t->len, 32, &min) : SK_LIT_SYNTAX;
    if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "i32 constant out of range");
    if (r) return sk_wat_fail(p, t, "unexpected token, expected a size limit");
    advance(p);
    t = sk_wat_cur(p);
    if (t->kind == SK_TK_RESERVED) {
        r = sk_text_parse_uint(t->p, t->len, 32, &max);
        if (r == SK_LIT_RANGE) return sk_wat_fail(p, t, "i32 constant out of range");
        if (r) return sk_wat_fail(p, t, "unexpected token, expected a size limit");
        has_max = true;
        advance(p);
    }
    sk_buf_u8(b, has_max ? 1 : 0);
    sk_buf_uleb(b, min);
    if (has_max) sk_buf_uleb(b, max);
    return true;
}

static bool globaltype(wat_parser *p, sk_buf *b)
{
    uint8_t vt;
    if (sk_wat_lpar_kw(p, "mut")) {
        p->pos += 2;
        if (!sk_wat_valtype(p, &vt) || !sk_wat_expect_rpar(p)) return false;
        sk_buf_u8(b, vt);
        sk_buf_u8(b, 1);
        return true;
    }
    if (!sk_wat_valtype(p, &vt)) return false;
    sk_buf_u8(b, vt);
    sk_buf_u8(b, 0);
    return true;
}

/* Resets per-function state (locals and labels). */
static void reset_locals(wat_parser *p)
{
    names_free(&p->names[SP_LOCAL]);
    p->local_types.len = 0;
    p->labels.len = 0;
}

/* Import descriptor after the names: (func|table|memory|global $id? ...) */
static bool import_desc(wat_parser *p, sk_buf *b)
{
    const sk_tok *kw = sk_wat_peek(p, 1);
    int space = field_space(kw);
    p->pos += 2;
    opt_id(p);
    p->ndefs[space]++;
    switch (space) {
    case SP_FUNC: {
        uint32_t ti;
        reset_locals(p);
        if (!sk_wat_typeuse(p, &ti, false, true)) return false;
        sk_buf_u8(b, SK_EXTERN_FUNC);
        sk_buf_uleb(b, ti);
        break;
    }
    case SP_TABLE: {
        sk_buf lim = {0};
        uint8_t rt;
        bool ok = limits(p, &lim) && reftype(p, &rt);
        if (ok) {
            sk_buf_u8(b, SK_EXTERN_TABLE);
            sk_buf_u8(b, rt);
            sk_buf_bytes(b, lim.data, lim.len);
        }
        sk_buf_free(&lim);
        if (!ok) return false;
        break;
    }
    case SP_MEM:
        sk_buf_u8(b, SK_EXTERN_MEMORY);
        if (!limits(p, b)) return false;
        break;
    default:
        sk_buf_u8(b, SK_EXTERN_GLOBAL);
        if (!globaltype(p, b)) return false;
        break;
    }
    return sk_wat_expect_rpar(p);
}

static bool field_import(wat_parser *p)
{
    sk_buf *b = &p->sec[SEC_IMPORT];
    if (!name_string(p, b) || !name_string(p, b)) return false;
    p->count[SEC_IMPORT]++;
    return import_desc(p, b);
}

static void encode_locals(sk_buf *b, const uint8_t *types, uint32_t n)
{
    uint32_t groups = 0;
    for (uint32_t i = 0; i < n; i++)
        if (i == 0 || types[i] != types[i - 1]) groups++;
    sk_buf_uleb(b, groups);
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i;
        while (j < n && types[j] == types[i]) j++;
        sk_buf_uleb(b, j - i);
        sk_buf_u8(b, types[i]);
        i = j;
    }
}

static bool field_func(wat_parser *p)
{
    const sk_tok *id = opt_id(p);
    SK_UNUSED(id);
    uint32_t idx = p->ndefs[SP_FUNC]++;
    if (!inline_exports(p, SK_EXTERN_FUNC, idx)) return false;
    reset_locals(p);
    if (sk_wat_lpar_kw(p, "import")) {
        if (!inline_import(p)) return false;
        uint32_t ti;
        if (!sk_wat_typeuse(p, &ti, false, true)) return false;
        sk_buf_u8(&p->sec[SEC_IMPORT], SK_EXTERN_FUNC);
        sk_buf_uleb(&p->sec[SEC_IMPORT], ti);
        return true;
    }
    uint32_t ti;
    if (!sk_wat_typeuse(p, &ti, true, true)) return false;
    sk_buf_uleb(&p->sec[SEC_FUNC], ti);
    p->count[SEC_FUNC]++;
    uint32_t nparams = p->local_types.len;
    while (sk_wat_lpar_kw(p, "local")) {
        p->pos += 2;
        const sk_tok *lid = opt_id(p);
        if (lid) {
            uint8_t vt;
            if (!sk_wat_valtype(p, &vt) || !push_local(p, lid, vt)) return false;
        } else {
            while (sk_wat_cur(p)->kind != SK_TK_RPAR) {
                uint8_t vt;
                if (!sk_wat_valtype(p, &vt) || !push_local(p, NULL, vt)) return false;
            }
        }
        if (!sk_wat_expect_rpar(p)) return false;
    }
    sk_buf body = {0};
    encode_locals(&body, p->local_types.len > nparams ? p->local_types.data + nparams : NULL,
                  p->local_types.len - nparams);
    bool ok = sk_wat_expr(p, &body);
    if (ok) {
        if (body.oom) ok = sk_wat_oom(p);
        sk_buf_uleb(&p->sec[SEC_CODE], body.len);
        sk_buf_bytes(&p->sec[SEC_CODE], body.data, body.len);
        p->count[SEC_CODE]++;
    }
    sk_buf_free(&body);
    return ok;
}

/* One element of a segment; expressions live in a shared buffer. */
typedef struct elem_item {
    bool is_func; /* exactly (ref.func x) */
    uint32_t func;
    size_t off, len; /* expression bytes in the shared buffer */
} elem_item;
typedef SK_VEC(elem_item) elem_items;

/* Element items: function indices (funcs) or expressions, each `(item instr*)` or one folded instruction. */
static bool elem_items_parse(wat_parser *p, bool funcs, elem_items *items, sk_buf *exprs)
{
    while (sk_wat_cur(p)->kind != SK_TK_RPAR) {
        elem_item it = {0};
        if (funcs) {
            if (!sk_wat_var(p, SP_FUNC, &it.func)) return false;
            it.is_func = true;
        } else {
            it.off = exprs->len;
            if (sk_wat_lpar_kw(p, "item")) {
                p->pos += 2;
                if (!sk_wat_expr(p, exprs) || !sk_wat_expect_rpar(p)) return false;
            } else {
                if (!sk_wat_folded(p, exprs)) return false;
                sk_buf_u8(exprs, 0x0B);
            }
            it.len = exprs->len - it.off;
            /* exactly `ref.func x end`: such items can use the function-index encoding */
            if (!exprs->oom && it.len >= 3 && exprs->data[it.off] == 0xD2 && exprs->data[it.off + it.len - 1] == 0x0B) {
                uint64_t v = 0;
                unsigned shift = 0;
                size_t i = it.off + 1;
                while (i < it.off + it.len - 1 && shift < 64) {
                    uint8_t byte = exprs->data[i++];
                    v |= (uint64_t)(byte & 0x7F) << shift;
                    shift += 7;
                    if (!(byte & 0x80)) break;
                }
                if (i == it.off + it.len - 1) {
                    it.is_func = true;
                    it.func = (uint32_t)v;
                }
            }
        }
        if (!SK_VEC_PUSH(*items, it)) return sk_wat_oom(p);
    }
    return true;
}

/* An element list: `func x*`, `reftype item*`, or bare x* (legacy abbreviation). */
static bool elem_list(wat_parser *p, bool allow_bare, uint8_t *etype, elem_items *items, sk_buf *exprs)
{
    const sk_tok *t = sk_wat_cur(p);
    bool funcs = false;
    if (sk_tok_is(t, "func")) {
        advance(p);
        funcs = true;
        *etype = SK_FUNCREF;
    } else if (sk_tok_is(t, "funcref") || sk_tok_is(t, "externref")) {
        if (!reftype(p, etype)) return false;
    } else if (allow_bare) {
        funcs = true;
        *etype = SK_FUNCREF;
    } else {
        return sk_wat_fail(p, t, "unexpected token, expected an element list");
    }
    return elem_items_parse(p, funcs, items, exprs);
}

/* Writes one element segment. mode: 0 active, 1 passive, 3 declarative. */
static void write_elem(wat_parser *p, int mode, uint32_t table, const sk_buf *offset, uint8_t etype,
                       const elem_item *items, uint32_t n, const sk_buf *exprs)
{
    sk_buf *b = &p->sec[SEC_ELEM];
    bool use_exprs = etype != SK_FUNCREF;
    for (uint32_t i = 0; i < n; i++)
        if (!items[i].is_func) use_exprs = true;
    uint8_t flags = (uint8_t)mode;
    if (mode == 0 && (table != 0 || etype != SK_FUNCREF)) flags |= 2;
    if (use_exprs) flags |= 4;
    sk_buf_u8(b, flags);
    if (mode == 0) {
        if (flags & 2) sk_buf_uleb(b, table);
        sk_buf_bytes(b, offset->data, offset->len);
    }
    if (flags & 3) sk_buf_u8(b, use_exprs ? etype : 0x00);
    sk_buf_uleb(b, n);
    for (uint32_t i = 0; i < n; i++) {
        if (!use_exprs) {
            sk_buf_uleb(b, items[i].func);
        } else if (items[i].len) {
            sk_buf_bytes(b, exprs->data + items[i].off, items[i].len);
        } else { /* a func-list entry in expression form */
            sk_buf_u8(b, 0xD2);
            sk_buf_uleb(b, items[i].func);
            sk_buf_u8(b, 0x0B);
        }
    }
    p->count[SEC_ELEM]++;
}

static bool field_table(wat_parser *p)
{
    opt_id(p);
    uint32_t idx = p->ndefs[SP_TABLE]++;
    if (!inline_exports(p, SK_EXTERN_TABLE, idx)) return false;
    if (sk_wat_lpar_kw(p, "import")) {
        if (!inline_import(p)) return false;
        sk_buf *b = &p->sec[SEC_IMPORT];
        sk_buf lim = {0};
        uint8_t rt;
        bool ok = limits(p, &lim) && reftype(p, &rt);
        if (ok) {
            sk_buf_u8(b, SK_EXTERN_TABLE);
            sk_buf_u8(b, rt);
            sk_buf_bytes(b, lim.data, lim.len);
        }
        sk_buf_free(&lim);
        return ok;
    }
    sk_buf *b = &p->sec[SEC_TABLE];
    p->count[SEC_TABLE]++;
    if (sk_wat_is_valtype_tok(sk_wat_cur(p))) {
        /* reftype (elem ...): a table sized to fit its segment */
        uint8_t rt;
        if (!reftype(p, &rt) || !expect_lpar_kw(p, "elem")) return false;
        elem_items items = {0};
        sk_buf exprs = {0};
        bool ok = elem_items_parse(p, sk_wat_cur(p)->kind != SK_TK_LPAR, &items, &exprs) && sk_wat_expect_rpar(p);
        if (ok) {
            sk_buf_u8(b, rt);
            sk_buf_u8(b, 1);
            sk_buf_uleb(b, items.len);
            sk_buf_uleb(b, items.len);
            sk_buf off = {0};
            sk_buf_u8(&off, 0x41);
            sk_buf_u8(&off, 0);
            sk_buf_u8(&off, 0x0B);
            write_elem(p, 0, idx, &off, rt, items.data, items.len, &exprs);
            sk_buf_free(&off);
            p->ndefs[SP_ELEM]++;
        }
        SK_VEC_FREE(items);
        sk_buf_free(&exprs);
        return ok;
    }
    sk_buf lim = {0};
    uint8_t rt;
    bool ok = limits(p, &lim) && reftype(p, &rt);
    if (ok) {
        sk_buf_u8(b, rt);
        sk_buf_bytes(b, lim.data, lim.len);
    }
    sk_buf_free(&lim);
    return ok;
}

/* Concatenates the strings of a data segment into b (as a vec). */
static bool data_strings(wat_parser *p, sk_buf *b)
{
    sk_buf all = {0};
    while (sk_wat_cur(p)->kind == SK_TK_STRING) {
        uint8_t *s;
        uint32_t n;
        if (!sk_text_string(sk_wat_cur(p), &s, &n)) {
            sk_buf_free(&all);
            return sk_wat_oom(p);
        }
        sk_buf_bytes(&all, s, n);
        sk_free(s);
        advance(p);
    }
    if (all.oom) {
        sk_buf_free(&all);
        return sk_wat_oom(p);
    }
    sk_buf_uleb(b, all.len);
    sk_buf_bytes(b, all.data, all.len);
    sk_buf_free(&all);
    return true;
}

static bool field_memory(wat_parser *p)
{
    opt_id(p);
    uint32_t idx = p->ndefs[SP_MEM]++;
    if (!inline_exports(p, SK_EXTERN_MEMORY, idx)) return false;
    if (sk_wat_lpar_kw(p, "import")) {
        if (!inline_import(p)) return false;
        sk_buf_u8(&p->sec[SEC_IMPORT], SK_EXTERN_MEMORY);
        return limits(p, &p->sec[SEC_IMPORT]);
    }
    p->count[SEC_MEM]++;
    if (sk_wat_lpar_kw(p, "data")) {
        p->pos += 2;
        sk_buf d = {0};
        if (!data_strings(p, &d) || !sk_wat_expect_rpar(p)) {
            sk_buf_free(&d);
            return false;
        }
        /* size = the vec length prefix's value */
        uint64_t len = 0;
        unsigned shift = 0;
        for (size_t i = 0; i < d.len; i++) {
            len |= (uint64_t)(d.data[i] & 0x7F) << shift;
            shift += 7;
            if (!(d.data[i] & 0x80)) break;
        }
        uint64_t pages = (len + 65535) / 65536;
        sk_buf *m = &p->sec[SEC_MEM];
        sk_buf_u8(m, 1);
        sk_buf_uleb(m, pages);
        sk_buf_uleb(m, pages);
        sk_buf *ds = &p->sec[SEC_DATA];
        if (idx == 0) sk_buf_u8(ds, 0);
        else {
            sk_buf_u8(ds, 2);
            sk_buf_uleb(ds, idx);
        }
        sk_buf_u8(ds, 0x41);
        sk_buf_u8(ds, 0);
        sk_buf_u8(ds, 0x0B);
        sk_buf_bytes(ds, d.data, d.len);
        sk_buf_free(&d);
        p->count[SEC_DATA]++;
        p->ndefs[SP_DATA]++;
        return true;
    }
    return limits(p, &p->sec[SEC_MEM]);
}

static bool field_global(wat_parser *p)
{
    opt_id(p);
    uint32_t idx = p->ndefs[SP_GLOBAL]++;
    if (!inline_exports(p, SK_EXTERN_GLOBAL, idx)) return false;
    reset_locals(p);
    if (sk_wat_lpar_kw(p, "import")) {
        if (!inline_import(p)) return false;
        sk_buf_u8(&p->sec[SEC_IMPORT], SK_EXTERN_GLOBAL);
        return globaltype(p, &p->sec[SEC_IMPORT]);
    }
    sk_buf *b = &p->sec[SEC_GLOBAL];
    p->count[SEC_GLOBAL]++;
    return globaltype(p, b) && sk_wat_expr(p, b);
}

static bool field_export(wat_parser *p)
{
    sk_buf *b = &p->sec[SEC_EXPORT];
    if (!name_string(p, b)) return false;
    const sk_tok *t = sk_wat_cur(p);
    int space = t->kind == SK_TK_LPAR ? field_space(sk_wat_peek(p, 1)) : -1;
    if (space < 0) return sk_wat_fail(p, t, "unexpected token, expected (func|table|memory|global x)");
    p->pos += 2;
    uint32_t x;
    if (!sk_wat_var(p, space, &x) || !sk_wat_expect_rpar(p)) return false;
    sk_buf_u8(b, (uint8_t)(space - SP_FUNC));
    sk_buf_uleb(b, x);
    p->count[SEC_EXPORT]++;
    return true;
}

static bool field_start(wat_parser *p, const sk_tok *kw)
{
    if (p->has_start) return sk_wat_fail(p, kw, "multiple start sections");
    uint32_t x;
    if (!sk_wat_var(p, SP_FUNC, &x)) return false;
    p->has_start = true;
    sk_buf_uleb(&p->sec[SEC_START], x);
    return true;
}

/* An offset: (offset instr*) or one folded instruction. */
static bool offset_expr(wat_parser *p, sk_buf *b)
{
    reset_locals(p);
    if (sk_wat_lpar_kw(p, "offset")) {
        p->pos += 2;
        return sk_wat_expr(p, b) && sk_wat_expect_rpar(p);
    }
    if (sk_wat_cur(p)->kind != SK_TK_LPAR) return sk_wat_fail(p, sk_wat_cur(p), "unexpected token, expected an offset");
    if (!sk_wat_folded(p, b)) return false;
    sk_buf_u8(b, 0x0B);
    return true;
}

static bool field_elem(wat_parser *p)
{
    opt_id(p);
    p->ndefs[SP_ELEM]++;
    int mode = 1;
    uint32_t table = 0;
    sk_buf off = {0}, exprs = {0};
    elem_items items = {0};
    bool ok = true, bare = false;
    reset_locals(p);
    if (sk_tok_is(sk_wat_cur(p), "declare")) {
        advance(p);
        mode = 3;
    } else if (sk_wat_lpar_kw(p, "table")) {
        p->pos += 2;
        mode = 0;
        ok = sk_wat_var(p, SP_TABLE, &table) && sk_wat_expect_rpar(p) && offset_expr(p, &off);
    } else if (sk_wat_is_var(sk_wat_cur(p))) {
        /* legacy: (elem x (offset) ...) */
        mode = 0;
        ok = sk_wat_var(p, SP_TABLE, &table) && offset_expr(p, &off);
        bare = true;
    } else if (sk_wat_cur(p)->kind == SK_TK_LPAR) {
        mode = 0;
        bare = true;
        ok = offset_expr(p, &off);
    }
    uint8_t et = SK_FUNCREF;
    if (ok) ok = elem_list(p, bare, &et, &items, &exprs);
    if (ok) write_elem(p, mode, table, &off, et, items.data, items.len, &exprs);
    if (exprs.oom || off.oom) ok = sk_wat_oom(p);
    sk_buf_free(&off);
    sk_buf_free(&exprs);
    SK_VEC_FREE(items);
    return ok;
}

static bool field_data(wat_parser *p)
{
    opt_id(p);
    p->ndefs[SP_DATA]++;
    sk_buf *b = &p->sec[SEC_DATA];
    uint32_t mem = 0;
    bool active = false;
    if (sk_wat_lpar_kw(p, "memory")) {
        p->pos += 2;
        if (!sk_wat_var(p, SP_MEM, &mem) || !sk_wat_expect_rpar(p)) return false;
        active = true;
    } else if (sk_wat_is_var(sk_wat_cur(p))) {
        if (!sk_wat_var(p, SP_MEM, &mem)) return false;
        active = true;
    } else if (sk_wat_cur(p)->kind == SK_TK_LPAR) {
        active = true;
    }
    if (active) {
        sk_buf off = {0};
        if (!offset_expr(p, &off)) {
            sk_buf_free(&off);
            return false;
        }
        if (mem == 0) sk_buf_u8(b, 0);
        else {
            sk_buf_u8(b, 2);
            sk_buf_uleb(b, mem);
        }
        sk_buf_bytes(b, off.data, off.len);
        if (off.oom) b->oom = true;
        sk_buf_free(&off);
    } else {
        sk_buf_u8(b, 1);
    }
    p->count[SEC_DATA]++;
    return data_strings(p, b);
}

static bool encode_fields(wat_parser *p)
{
    uint32_t end = p->end;
    while (p->pos < end) {
        const sk_tok *open = sk_wat_cur(p);
        uint32_t close = open->match;
        const sk_tok *kw = sk_wat_peek(p, 1);
        p->pos += 2;
        p->end = close; /* a field cannot read past its own ')' */
        bool ok;
        if (sk_tok_is(kw, "type")) {
            ok = true;
            p->pos = close;
        } else if (sk_tok_is(kw, "import")) ok = field_import(p);
        else if (sk_tok_is(kw, "func")) ok = field_func(p);
        else if (sk_tok_is(kw, "table")) ok = field_table(p);
        else if (sk_tok_is(kw, "memory")) ok = field_memory(p);
        else if (sk_tok_is(kw, "global")) ok = field_global(p);
        else if (sk_tok_is(kw, "export")) ok = field_export(p);
        else if (sk_tok_is(kw, "start")) ok = field_start(p, kw);
        else if (sk_tok_is(kw, "elem")) ok = field_elem(p);
        else ok = field_data(p);
        if (ok && p->pos != close) {
            const sk_tok *t = sk_wat_cur(p);
            if (t->kind == SK_TK_KEYWORD || t->kind == SK_TK_RESERVED || t->kind == SK_TK_ID)
                ok = sk_wat_fail(p, t, "unexpected token %.*s", (int)t->len, t->p);
            else ok = sk_wat_fail(p, t, "unexpected token");
        }
        p->end = end;
        if (!ok) return false;
        for (int i = 0; i < 13; i++)
            if (p->sec[i].oom) return sk_wat_oom(p);
        p->pos = close + 1;
    }
    return true;
}

static void emit_section(sk_buf *out, uint8_t id, const sk_buf *body, uint32_t count, bool with_count)
{
    sk_buf tmp = {0};
    if (with_count) sk_buf_uleb(&tmp, count);
    sk_buf_bytes(&tmp, body->data, body->len);
    if (tmp.oom) out->oom = true;
    sk_buf_u8(out, id);
    sk_buf_uleb(out, tmp.len);
    sk_buf_bytes(out, tmp.data, tmp.len);
    sk_buf_free(&tmp);
}

static void parser_free(wat_parser *p)
{
    for (int i = 0; i < SP_COUNT; i++) names_free(&p->names[i]);
    for (uint32_t i = 0; i < p->types.len; i++) sk_free(p->types.data[i].types);
    SK_VEC_FREE(p->types);
    sk_free(p->type_slots);
    SK_VEC_FREE(p->labels);
    SK_VEC_FREE(p->local_types);
    for (int i = 0; i < 13; i++) sk_buf_free(&p->sec[i]);
}

bool sk_wat_encode(const sk_toks *toks, uint32_t start, uint32_t end, const char *file, uint8_t **out,
                   size_t *out_len, sk_error *err)
{
    wat_parser p;
    memset(&p, 0, sizeof p);
    p.t = toks->data;
    p.pos = start;
    p.end = end;
    p.file = file;
    p.err = err;
    bool ok = scan(&p);
    if (ok) {
        p.pos = start;
        ok = encode_fields(&p);
    }
    sk_buf mod = {0};
    if (ok) {
        static const uint8_t header[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
        sk_buf_bytes(&mod, header, 8);
        if (p.types.len) {
            sk_buf *tb = &p.sec[SEC_TYPE];
            for (uint32_t i = 0; i < p.types.len; i++) {
                const wat_functype *ft = &p.types.data[i];
                sk_buf_u8(tb, 0x60);
                sk_buf_uleb(tb, ft->nparams);
                sk_buf_bytes(tb, ft->types, ft->nparams);
                sk_buf_uleb(tb, ft->nresults);
                sk_buf_bytes(tb, ft->types + ft->nparams, ft->nresults);
            }
            emit_section(&mod, SEC_TYPE, tb, p.types.len, true);
        }
        static const uint8_t order[] = {SEC_IMPORT, SEC_FUNC,  SEC_TABLE, SEC_MEM,       SEC_GLOBAL, SEC_EXPORT,
                                        SEC_START,  SEC_ELEM,  SEC_DATACOUNT, SEC_CODE, SEC_DATA};
        for (size_t i = 0; i < sizeof order; i++) {
            uint8_t s = order[i];
            if (s == SEC_START) {
                if (p.has_start) emit_section(&mod, SEC_START, &p.sec[SEC_START], 0, false);
            } else if (s == SEC_DATACOUNT) {
                if (p.uses_datacount) {
                    sk_buf dc = {0};
                    emit_section(&mod, SEC_DATACOUNT, &dc, p.count[SEC_DATA], true);
                }
            } else if (p.count[s]) {
                emit_section(&mod, s, &p.sec[s], p.count[s], true);
            }
        }
        if (mod.oom) ok = sk_wat_oom(&p);
    }
    parser_free(&p);
    if (!ok) {
        sk_buf_free(&mod);
        return false;
    }
    *out = mod.data;
    *out_len = mod.len;
    return true;
}

bool sk_wat2wasm(const char *src, size_t len, const char *filename, uint8_t **out, size_t *out_len, sk_error *err)
{
    sk_toks toks;
    if (!filename) filename = "<input>";
    if (!sk_text_lex(src, len, filename, &toks, err)) return false;
    /* with an unmatched ")", the text before it is parsed first for a better error */
    uint32_t limit = toks.bad_rpar != SK_NO_TOKEN ? toks.bad_rpar : toks.len - 1;
    uint32_t start = 0, end = limit;
    const sk_tok *t = toks.data;
    if (limit > 1 && t[0].kind == SK_TK_LPAR && sk_tok_is(&t[1], "module")) {
        uint32_t close = t[0].match;
        if (close != limit - 1) {
            const sk_tok *extra = &t[close + 1];
            sk_err_text(err, filename, extra->line, extra->col, "unexpected token after the module");
            sk_text_toks_free(&toks);
            return false;
        }
        start = 2;
        if (t[2].kind == SK_TK_ID) start = 3;
        end = close;
        if (start < end && (sk_tok_is(&t[start], "binary") || sk_tok_is(&t[start], "quote"))) {
            sk_err_text(err, filename, t[start].line, t[start].col,
                        "unexpected token: binary and quote modules belong in scripts");
            sk_text_toks_free(&toks);
            return false;
        }
    }
    bool ok = sk_wat_encode(&toks, start, end, filename, out, out_len, err);
    if (ok && limit != toks.len - 1) {
        sk_free(*out);
        *out = NULL;
        ok = sk_err_text(err, filename, t[limit].line, t[limit].col, "unexpected token \")\"");
    }
    sk_text_toks_free(&toks);
    return ok;
}
