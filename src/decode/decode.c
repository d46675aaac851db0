/* decode.c: the WebAssembly 2.0 binary decoder (bytes -> sk_module), spec error wording. */
#include "module.h"
#include "../common/opcodes.h"
#include "../common/reader.h"
#include "../interp/interp.h"
#include <stdio.h>

/* Implementation limit on the declared locals of one function. The spec rule is
 * only that the u32 sum must not overflow, but the expanded locals array must fit
 * in memory; beyond this we reject with the same wording. */
#define SK_DECODE_MAX_LOCALS (1u << 24)
/* The same for the whole module, so that a small binary cannot make us allocate
 * gigabytes through many functions that each declare millions of locals. */
#define SK_DECODE_MAX_MODULE_LOCALS (1u << 26)

enum {
    SEC_CUSTOM = 0, SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY, SEC_GLOBAL,
    SEC_EXPORT, SEC_START, SEC_ELEMENT, SEC_CODE, SEC_DATA, SEC_DATACOUNT,
};

typedef struct dec {
    sk_module *m;
    sk_error *err;
    sk_reader r;             /* reader over the current section */
    /* capacities of the growable index spaces */
    uint32_t funcs_cap, tables_cap, mems_cap, globals_cap;
    uint32_t nfuncdecls;     /* entries of the function section */
    uint32_t ncodes;         /* entries of the code section */
    uint64_t total_locals;   /* expanded locals of all bodies so far */
    const uint8_t *sec_end;  /* declared end of the current section (may lie past the binary) */
    uint32_t name_custom;    /* index+1 of the "name" custom section, 0 if none */
} dec;

/* Reader wrappers that always define their output, so no value read here is ever
 * left unset on an error path (and -O2/-O3 see that too). */
static inline bool rd_u8(sk_reader *r, uint8_t *out)
{
    *out = 0;
    return sk_read_u8(r, out);
}
static inline bool rd_uleb(sk_reader *r, unsigned bits, uint64_t *out)
{
    *out = 0;
    return sk_read_uleb(r, bits, out);
}
static inline bool rd_sleb(sk_reader *r, unsigned bits, int64_t *out)
{
    *out = 0;
    return sk_read_sleb(r, bits, out);
}
static inline bool rd_u32(sk_reader *r, uint32_t *out)
{
    uint64_t v;
    bool ok = rd_uleb(r, 32, &v);
    *out = (uint32_t)v;
    return ok;
}
static inline bool rd_bytes(sk_reader *r, size_t n, const uint8_t **out)
{
    *out = NULL;
    return sk_read_bytes(r, n, out);
}

static const char *section_name(uint8_t id)
{
    static const char *names[] = {"custom section", "type section",   "import section", "function section",
                                  "table section",  "memory section", "global section", "export section",
                                  "start section",  "element section", "code section",  "data section",
                                  "data count section"};
    return id < SK_ARRAY_LEN(names) ? names[id] : "module";
}

/* Order of non-custom sections: data count (12) sits between element (9) and code (10). */
static int section_rank(uint8_t id)
{
    if (id == SEC_DATACOUNT) return 10;
    if (id >= SEC_CODE) return id + 1;
    return id;
}

static bool oom(dec *d) { return sk_err(d->err, sk_reader_offset(&d->r), "out of memory"); }

/* Grows an index-space array by one zeroed element. */
static void *grow_one(dec *d, void **data, uint32_t *cap, uint32_t len, size_t elem)
{
    if (len == UINT32_MAX || !sk_grow(data, cap, len + 1, elem)) {
        oom(d);
        return NULL;
    }
    uint8_t *p = (uint8_t *)*data + (size_t)len * elem;
    memset(p, 0, elem);
    return p;
}

/* Allocates a zeroed array for a vector of `count` entries; the count is bounded
 * by the bytes left (each entry takes at least `min_bytes`), so a lying count
 * cannot make us allocate much: reading then fails with "unexpected end". */
static void *alloc_vec(dec *d, uint32_t count, size_t elem, size_t min_bytes)
{
    size_t left = sk_reader_left(&d->r);
    if ((uint64_t)count * min_bytes > left) {
        sk_err(d->err, (int64_t)(d->r.end - d->r.base), "unexpected end");
        return NULL;
    }
    void *p = sk_calloc(count ? count : 1, elem);
    if (!p) oom(d);
    return p;
}

/* A byte length, checked as the reference decoder does: it may not exceed what is
 * left of the binary counted from the length field itself ("length out of bounds"). */
static bool read_len(sk_reader *r, uint32_t *n)
{
    const uint8_t *at = r->p;
    if (!rd_u32(r, n)) return false;
    if (*n > (size_t)(r->end - at)) return sk_err(r->err, at - r->base, "length out of bounds");
    return true;
}

static bool read_name(dec *d, char **out, uint32_t *out_len)
{
    uint32_t n;
    const uint8_t *s;
    if (!read_len(&d->r, &n)) return false;
    int64_t at = sk_reader_offset(&d->r);
    if (!rd_bytes(&d->r, n, &s)) return false;
    if (!sk_utf8_valid(s, n)) return sk_err(d->err, at, "malformed UTF-8 encoding");
    char *c = sk_strndup((const char *)s, n);
    if (!c) return oom(d);
    *out = c;
    *out_len = n;
    return true;
}

/* Type codes are 7-bit signed LEBs in the spec grammar, so a continuation bit
 * is "integer representation too long", not a bad type. */
static bool read_typecode(sk_reader *r, uint8_t *out)
{
    int64_t v;
    if (!rd_sleb(r, 7, &v)) return false;
    *out = (uint8_t)(v & 0x7F);
    return true;
}

static bool read_valtype(dec *d, uint8_t *out)
{
    int64_t at = sk_reader_offset(&d->r);
    if (!read_typecode(&d->r, out)) return false;
    if (!sk_is_valtype(*out)) return sk_err(d->err, at, "malformed value type");
    return true;
}

static bool read_reftype(dec *d, uint8_t *out)
{
    int64_t at = sk_reader_offset(&d->r);
    if (!read_typecode(&d->r, out)) return false;
    if (!sk_is_reftype(*out)) return sk_err(d->err, at, "malformed reference type");
    return true;
}

/* Limits: the flag is a 1-bit LEB (so 0x02 is "integer too large" and 0x81 0x00
 * "integer representation too long", as the spec tests expect). */
static bool read_limits(dec *d, sk_limits *lim)
{
    uint64_t flags, v;
    if (!rd_uleb(&d->r, 1, &flags)) return false;
    if (!rd_uleb(&d->r, 32, &v)) return false;
    lim->min = v;
    lim->max = 0;
    lim->has_max = flags == 1;
    if (lim->has_max) {
        if (!rd_uleb(&d->r, 32, &v)) return false;
        lim->max = v;
    }
    return true;
}

static bool read_tabletype(dec *d, sk_tabletype *t)
{
    return read_reftype(d, &t->elem) && read_limits(d, &t->lim);
}

static bool read_globaltype(dec *d, sk_globaltype *g)
{
    uint8_t mut;
    if (!read_valtype(d, &g->type)) return false;
    if (!rd_u8(&d->r, &mut)) return false;
    if (mut > 1) return sk_err(d->err, sk_reader_offset(&d->r) - 1, "malformed mutability");
    g->mut = mut == 1;
    return true;
}

/* memarg: alignment exponent (>= 32 cannot be a Wasm 2.0 memop), then offset. */
static bool skip_memarg(sk_reader *r)
{
    uint32_t align, off;
    int64_t at = sk_reader_offset(r);
    if (!rd_u32(r, &align)) return false;
    if (align >= 32) return sk_err(r->err, at, "malformed memop flags");
    return rd_u32(r, &off);
}

/* Skips the immediates of one instruction (shared framing for constant expressions). */
static bool skip_imm(sk_reader *r, sk_imm_kind k)
{
    uint32_t a;
    int64_t s;
    uint8_t b;
    const uint8_t *bytes;
    switch (k) {
    case SK_IMM_NONE: return true;
    case SK_IMM_BLOCKTYPE: return rd_sleb(r, 33, &s);
    case SK_IMM_LABEL:
    case SK_IMM_FUNC:
    case SK_IMM_LOCAL:
    case SK_IMM_GLOBAL:
    case SK_IMM_TABLE:
    case SK_IMM_DATA:
    case SK_IMM_ELEM: return rd_u32(r, &a);
    case SK_IMM_BR_TABLE:
        if (!rd_u32(r, &a)) return false;
        for (uint64_t i = 0; i <= a; i++) {
            uint32_t l;
            if (!rd_u32(r, &l)) return false;
        }
        return true;
    case SK_IMM_MEMARG: return skip_memarg(r);
    case SK_IMM_CALL_INDIRECT:
    case SK_IMM_TABLE_INIT:
    case SK_IMM_TABLE_COPY: return rd_u32(r, &a) && rd_u32(r, &a);
    case SK_IMM_MEMIDX:
        if (!rd_u8(r, &b)) return false;
        if (b != 0) return sk_err(r->err, sk_reader_offset(r) - 1, "zero byte expected");
        return true;
    case SK_IMM_I32: return rd_sleb(r, 32, &s);
    case SK_IMM_I64: return rd_sleb(r, 64, &s);
    case SK_IMM_F32: return rd_bytes(r, 4, &bytes);
    case SK_IMM_F64: return rd_bytes(r, 8, &bytes);
    case SK_IMM_SELECT_T:
        if (!rd_u32(r, &a)) return false;
        return rd_bytes(r, a, &bytes);
    case SK_IMM_REFTYPE:
    case SK_IMM_LANE: return rd_u8(r, &b);
    case SK_IMM_MEMORY_INIT:
        if (!rd_u32(r, &a)) return false;
        return skip_imm(r, SK_IMM_MEMIDX);
    case SK_IMM_MEMORY_COPY: return skip_imm(r, SK_IMM_MEMIDX) && skip_imm(r, SK_IMM_MEMIDX);
    case SK_IMM_V128:
    case SK_IMM_SHUFFLE: return rd_bytes(r, 16, &bytes);
    case SK_IMM_MEMARG_LANE: return skip_memarg(r) && rd_u8(r, &b);
    }
    return sk_err(r->err, sk_reader_offset(r), "illegal opcode");
}

/* Reads one opcode; returns its immediate kind through *k, or fails with "illegal opcode". */
static bool read_opcode(sk_reader *r, sk_op *op, sk_imm_kind *k)
{
    int64_t at = sk_reader_offset(r);
    uint8_t b, prefix = 0;
    uint32_t code;
    if (!rd_u8(r, &b)) return false;
    code = b;
    if (b == 0xFC || b == 0xFD) {
        prefix = b;
        if (!rd_u32(r, &code)) return false;
    }
    *op = sk_op_lookup(prefix, code);
    if (*op != SK_OP_INVALID) {
        *k = (sk_imm_kind)sk_op_info(*op)->imm;
        return true;
    }
    if (prefix) return sk_err(r->err, at, "illegal opcode %02x %x", prefix, code);
    return sk_err(r->err, at, "illegal opcode %02x", b);
}

/* Frames a constant expression: reads instructions up to the `end` at depth 0. */
static bool read_constexpr(dec *d, sk_constexpr *ce)
{
    sk_reader *r = &d->r;
    const uint8_t *start = r->p;
    uint32_t depth = 0;
    for (;;) {
        sk_op op = SK_OP_INVALID;
        sk_imm_kind k = SK_IMM_NONE;
        if (!read_opcode(r, &op, &k)) return false;
        if (op == SK_OP_BLOCK || op == SK_OP_LOOP || op == SK_OP_IF) depth++;
        if (op == SK_OP_END) {
            if (depth == 0) break;
            depth--;
        }
        if (!skip_imm(r, k)) return false;
    }
    ce->code = start;
    ce->len = (uint32_t)(r->p - start);
    ce->offset = (uint32_t)(start - r->base);
    return true;
}

/* Frames a function body as the reference decoder does: instructions are read
 * (up to the end of the binary) until the final `end`; `else` is only allowed
 * once inside `if`. Returns the end position through *end_out. Opcode-level
 * errors ("illegal opcode", "zero byte expected", "malformed memop flags",
 * "data count section required", LEB errors) are decode errors. */
static bool frame_body(dec *d, const uint8_t *start, const uint8_t **end_out)
{
    sk_reader r = sk_reader_make(d->r.base, start, d->r.end, d->err);
    SK_VEC(uint8_t) stack = {0}; /* per open block: 1 = `if` still allowing `else` */
    bool ok = false;
    if (!SK_VEC_PUSH(stack, 0)) goto oom;
    for (;;) {
        sk_op op = SK_OP_INVALID;
        sk_imm_kind k = SK_IMM_NONE;
        int64_t at = sk_reader_offset(&r);
        if (!read_opcode(&r, &op, &k)) goto out;
        if ((op == SK_OP_MEMORY_INIT || op == SK_OP_DATA_DROP) && !d->m->has_data_count) {
            sk_err(d->err, at, "data count section required");
            goto out;
        }
        if (op == SK_OP_BLOCK || op == SK_OP_LOOP || op == SK_OP_IF) {
            if (!SK_VEC_PUSH(stack, op == SK_OP_IF)) goto oom;
        } else if (op == SK_OP_ELSE) {
            if (!stack.data[stack.len - 1]) {
                sk_err(d->err, at, "END opcode expected");
                goto out;
            }
            stack.data[stack.len - 1] = 0;
        } else if (op == SK_OP_END) {
            if (--stack.len == 0) break;
        }
        if (!skip_imm(&r, k)) goto out;
    }
    *end_out = r.p;
    ok = true;
    goto out;
oom:
    oom(d);
out:
    SK_VEC_FREE(stack);
    return ok;
}

/* ---- sections ---- */

static bool dec_types(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    if (!(m->types = alloc_vec(d, n, sizeof *m->types, 1))) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_functype *t = &m->types[i];
        uint8_t form;
        uint32_t np, nr;
        int64_t at = sk_reader_offset(&d->r);
        if (!read_typecode(&d->r, &form)) return false;
        if (form != 0x60) return sk_err(d->err, at, "malformed function type");
        if (!rd_u32(&d->r, &np)) return false;
        if (np > sk_reader_left(&d->r)) return sk_err(d->err, (int64_t)(d->r.end - d->r.base), "unexpected end");
        m->ntypes = i + 1; /* from here on, the entry is owned by the module */
        if (!(t->params = sk_malloc(np ? np : 1))) return oom(d);
        t->nparams = np;
        for (uint32_t k = 0; k < np; k++)
            if (!read_valtype(d, &t->params[k])) return false;
        if (!rd_u32(&d->r, &nr)) return false;
        if (nr > sk_reader_left(&d->r)) return sk_err(d->err, (int64_t)(d->r.end - d->r.base), "unexpected end");
        if (!(t->results = sk_malloc(nr ? nr : 1))) return oom(d);
        t->nresults = nr;
        for (uint32_t k = 0; k < nr; k++)
            if (!read_valtype(d, &t->results[k])) return false;
        t->sig_id = sk_sig_intern(t->params, np, t->results, nr);
        if (t->sig_id == UINT32_MAX) return oom(d);
    }
    return true;
}

static bool dec_imports(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    if (!(m->imports = alloc_vec(d, n, sizeof *m->imports, 1))) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_import *im = &m->imports[i];
        m->nimports = i + 1;
        if (!read_name(d, &im->module, &im->module_len)) return false;
        if (!read_name(d, &im->name, &im->name_len)) return false;
        if (!rd_u8(&d->r, &im->kind)) return false;
        switch (im->kind) {
        case SK_EXTERN_FUNC: {
            if (!rd_u32(&d->r, &im->desc.type_idx)) return false;
            sk_funcdef *f = grow_one(d, (void **)&m->funcs, &d->funcs_cap, m->nfuncs, sizeof *f);
            if (!f) return false;
            f->type_idx = im->desc.type_idx;
            f->imported = true;
            f->import_idx = i;
            m->nfuncs++;
            m->nimported_funcs++;
            break;
        }
        case SK_EXTERN_TABLE: {
            if (!read_tabletype(d, &im->desc.table)) return false;
            sk_tabledef *t = grow_one(d, (void **)&m->tables, &d->tables_cap, m->ntables, sizeof *t);
            if (!t) return false;
            t->type = im->desc.table;
            t->imported = true;
            m->ntables++;
            m->nimported_tables++;
            break;
        }
        case SK_EXTERN_MEMORY: {
            if (!read_limits(d, &im->desc.mem.lim)) return false;
            sk_memdef *mm = grow_one(d, (void **)&m->mems, &d->mems_cap, m->nmems, sizeof *mm);
            if (!mm) return false;
            mm->type = im->desc.mem;
            mm->imported = true;
            m->nmems++;
            m->nimported_mems++;
            break;
        }
        case SK_EXTERN_GLOBAL: {
            if (!read_globaltype(d, &im->desc.global)) return false;
            sk_globaldef *g = grow_one(d, (void **)&m->globals, &d->globals_cap, m->nglobals, sizeof *g);
            if (!g) return false;
            g->type = im->desc.global;
            g->imported = true;
            m->nglobals++;
            m->nimported_globals++;
            break;
        }
        default: return sk_err(d->err, sk_reader_offset(&d->r) - 1, "malformed import kind");
        }
    }
    return true;
}

static bool dec_functions(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    if (n > sk_reader_left(&d->r)) return sk_err(d->err, (int64_t)(d->r.end - d->r.base), "unexpected end");
    if ((uint64_t)m->nfuncs + n > UINT32_MAX) return oom(d);
    if (!sk_grow((void **)&m->funcs, &d->funcs_cap, m->nfuncs + n, sizeof *m->funcs)) return oom(d);
    for (uint32_t i = 0; i < n; i++) {
        sk_funcdef *f = &m->funcs[m->nfuncs];
        memset(f, 0, sizeof *f);
        if (!rd_u32(&d->r, &f->type_idx)) return false;
        m->nfuncs++;
        d->nfuncdecls++;
    }
    return true;
}

static bool dec_tables(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_tabletype tt;
        if (!read_tabletype(d, &tt)) return false;
        sk_tabledef *t = grow_one(d, (void **)&m->tables, &d->tables_cap, m->ntables, sizeof *t);
        if (!t) return false;
        t->type = tt;
        m->ntables++;
    }
    return true;
}

static bool dec_mems(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_limits lim;
        if (!read_limits(d, &lim)) return false;
        sk_memdef *mm = grow_one(d, (void **)&m->mems, &d->mems_cap, m->nmems, sizeof *mm);
        if (!mm) return false;
        mm->type.lim = lim;
        m->nmems++;
    }
    return true;
}

static bool dec_globals(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_globaltype gt;
        sk_constexpr ce;
        if (!read_globaltype(d, &gt) || !read_constexpr(d, &ce)) return false;
        sk_globaldef *g = grow_one(d, (void **)&m->globals, &d->globals_cap, m->nglobals, sizeof *g);
        if (!g) return false;
        g->type = gt;
        g->init = ce;
        m->nglobals++;
    }
    return true;
}

static bool dec_exports(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    if (!(m->exports = alloc_vec(d, n, sizeof *m->exports, 1))) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_export *e = &m->exports[i];
        m->nexports = i + 1;
        if (!read_name(d, &e->name, &e->name_len)) return false;
        if (!rd_u8(&d->r, &e->kind)) return false;
        if (e->kind > SK_EXTERN_GLOBAL) return sk_err(d->err, sk_reader_offset(&d->r) - 1, "malformed export kind");
        if (!rd_u32(&d->r, &e->index)) return false;
    }
    return true;
}

static bool dec_start(dec *d)
{
    if (!rd_u32(&d->r, &d->m->start)) return false;
    d->m->has_start = true;
    return true;
}

static bool dec_elems(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    if (!(m->elems = alloc_vec(d, n, sizeof *m->elems, 1))) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_elemseg *s = &m->elems[i];
        uint32_t flags, count;
        m->nelems = i + 1;
        int64_t at = sk_reader_offset(&d->r);
        if (!rd_u32(&d->r, &flags)) return false;
        if (flags > 7) return sk_err(d->err, at, "malformed elements segment kind");
        /* bit 0: passive/declarative, bit 1: explicit table (active) or declarative,
         * bit 2: expressions instead of function indices */
        bool exprs = flags & 4;
        s->type = SK_FUNCREF;
        if (flags & 1) {
            s->mode = (flags & 2) ? SK_SEG_DECLARATIVE : SK_SEG_PASSIVE;
        } else {
            s->mode = SK_SEG_ACTIVE;
            if ((flags & 2) && !rd_u32(&d->r, &s->table_idx)) return false;
            if (!read_constexpr(d, &s->offset)) return false;
        }
        if (flags & 3) { /* elemkind (0x00 = funcref) or reftype follows */
            if (exprs) {
                if (!read_reftype(d, &s->type)) return false;
            } else {
                uint8_t kind;
                if (!rd_u8(&d->r, &kind)) return false;
                if (kind != 0) return sk_err(d->err, sk_reader_offset(&d->r) - 1, "malformed element kind");
            }
        }
        if (!rd_u32(&d->r, &count)) return false;
        if (count == 0) continue;
        if (exprs) {
            if (!(s->exprs = alloc_vec(d, count, sizeof *s->exprs, 1))) return false;
            for (uint32_t k = 0; k < count; k++)
                if (!read_constexpr(d, &s->exprs[k])) return false;
        } else {
            if (!(s->func_indices = alloc_vec(d, count, sizeof *s->func_indices, 1))) return false;
            for (uint32_t k = 0; k < count; k++)
                if (!rd_u32(&d->r, &s->func_indices[k])) return false;
        }
        s->count = count;
    }
    return true;
}

/* Reads one code entry into f: locals (expanded from the compressed form) and body framing. */
static bool dec_body(dec *d, sk_funcdef *f)
{
    uint32_t size, ngroups;
    const uint8_t *body;
    if (!read_len(&d->r, &size)) return false;
    if (!rd_bytes(&d->r, size, &body)) return false;
    sk_reader br = sk_reader_make(d->r.base, body, body + size, d->err);
    if (!rd_u32(&br, &ngroups)) return false;
    /* First pass: check and count the locals (u32 sum) without allocating. */
    const uint8_t *groups = br.p;
    uint64_t total = 0;
    for (uint32_t g = 0; g < ngroups; g++) {
        uint32_t cnt;
        uint8_t t;
        if (!rd_u32(&br, &cnt)) return false;
        int64_t tat = sk_reader_offset(&br);
        if (!read_typecode(&br, &t)) return false;
        if (!sk_is_valtype(t)) return sk_err(d->err, tat, "malformed value type");
        total += cnt;
        if (total > UINT32_MAX || total > SK_DECODE_MAX_LOCALS ||
            d->total_locals + total > SK_DECODE_MAX_MODULE_LOCALS)
            return sk_err(d->err, tat, "too many locals");
    }
    d->total_locals += total;
    f->locals = sk_malloc(total ? (size_t)total : 1);
    if (!f->locals) return oom(d);
    /* Second pass: expand (already checked, cannot fail). */
    sk_reader er = sk_reader_make(d->r.base, groups, br.p, NULL);
    uint32_t k = 0;
    for (uint32_t g = 0; g < ngroups; g++) {
        uint32_t cnt = 0;
        uint8_t t = 0;
        rd_u32(&er, &cnt);
        read_typecode(&er, &t);
        memset(f->locals + k, t, cnt);
        k += cnt;
    }
    f->nlocals = (uint32_t)total;
    const uint8_t *body_end;
    if (!frame_body(d, br.p, &body_end)) return false;
    if (body_end != br.end) return sk_err(d->err, body_end - br.base, "section size mismatch");
    f->body = br.p;
    f->body_len = (uint32_t)(br.end - br.p);
    f->body_offset = (uint32_t)(br.p - br.base);
    return true;
}

/* The count check against the function section is made after the last section,
 * as the reference decoder does (so misplaced sections are reported first). */
static bool dec_code(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    d->ncodes = n;
    for (uint32_t i = 0; i < n; i++) {
        if (i < d->nfuncdecls) {
            if (!dec_body(d, &m->funcs[m->nimported_funcs + i])) return false;
        } else {
            sk_funcdef scratch = {0};
            bool ok = dec_body(d, &scratch);
            sk_free(scratch.locals);
            if (!ok) return false;
        }
    }
    return true;
}

static bool dec_data(dec *d)
{
    sk_module *m = d->m;
    uint32_t n;
    if (!rd_u32(&d->r, &n)) return false;
    if (!(m->datas = alloc_vec(d, n, sizeof *m->datas, 1))) return false;
    for (uint32_t i = 0; i < n; i++) {
        sk_dataseg *s = &m->datas[i];
        uint32_t flags, len;
        m->ndatas = i + 1;
        int64_t fat = sk_reader_offset(&d->r);
        if (!rd_u32(&d->r, &flags)) return false;
        if (flags > 2) return sk_err(d->err, fat, "malformed data segment kind");
        if (flags == 1) {
            s->mode = SK_SEG_PASSIVE;
        } else {
            s->mode = SK_SEG_ACTIVE;
            if (flags == 2 && !rd_u32(&d->r, &s->mem_idx)) return false;
            if (!read_constexpr(d, &s->offset)) return false;
        }
        if (!read_len(&d->r, &len)) return false;
        if (!rd_bytes(&d->r, len, &s->data)) return false;
        s->len = len;
    }
    return true;
}

static bool dec_datacount(dec *d)
{
    if (!rd_u32(&d->r, &d->m->data_count)) return false;
    d->m->has_data_count = true;
    return true;
}

static bool dec_custom(dec *d)
{
    sk_module *m = d->m;
    sk_custom c = {0};
    if (!read_name(d, &c.name, &c.name_len)) return false;
    if (d->r.p > d->sec_end || d->sec_end > d->r.end) {
        sk_free(c.name);
        return sk_err(d->err, sk_reader_offset(&d->r), "unexpected end");
    }
    c.data = d->r.p;
    c.len = (uint32_t)(d->sec_end - d->r.p);
    c.offset = (uint32_t)(d->r.p - d->r.base);
    d->r.p = d->sec_end;
    sk_custom *nc = sk_realloc(m->customs, ((size_t)m->ncustoms + 1) * sizeof *nc);
    if (!nc) {
        sk_free(c.name);
        return oom(d);
    }
    m->customs = nc;
    m->customs[m->ncustoms++] = c;
    if (c.name_len == 4 && memcmp(c.name, "name", 4) == 0 && !d->name_custom) d->name_custom = m->ncustoms;
    return true;
}

/* ---- the name section (errors here never make the module invalid) ---- */

static bool name_read(sk_reader *r, char **out)
{
    uint32_t n;
    const uint8_t *s;
    if (!rd_u32(r, &n) || !rd_bytes(r, n, &s)) return false;
    if (!sk_utf8_valid(s, n)) return false;
    *out = sk_strndup((const char *)s, n);
    return *out != NULL;
}

static bool parse_names(sk_module *m, const sk_custom *c)
{
    sk_error e;
    sk_error_clear(&e);
    sk_reader r = sk_reader_make(m->bytes, c->data, c->data + c->len, &e);
    int last = -1;
    while (!sk_reader_eof(&r)) {
        uint8_t id;
        uint32_t size;
        const uint8_t *sub;
        if (!rd_u8(&r, &id) || !rd_u32(&r, &size) || !rd_bytes(&r, size, &sub)) return false;
        if ((int)id <= last) return false; /* subsections are ordered and unique */
        last = id;
        sk_reader s = sk_reader_make(m->bytes, sub, sub + size, &e);
        if (id == 0) {
            if (!name_read(&s, &m->name)) return false;
        } else if (id == 1) {
            uint32_t n;
            int64_t prev = -1;
            if (!rd_u32(&s, &n)) return false;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t idx;
                char *name = NULL;
                if (!rd_u32(&s, &idx)) return false;
                if ((int64_t)idx <= prev || idx >= m->nfuncs) return false;
                prev = idx;
                if (!name_read(&s, &name)) return false;
                m->funcs[idx].name = name;
            }
        } else {
            continue; /* other subsections (locals, ...) are not used */
        }
        if (!sk_reader_eof(&s)) return false;
    }
    return true;
}

static void apply_names(sk_module *m, uint32_t custom_idx)
{
    if (parse_names(m, &m->customs[custom_idx])) return;
    /* Malformed: drop whatever was taken from it. */
    sk_free(m->name);
    m->name = NULL;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        sk_free(m->funcs[i].name);
        m->funcs[i].name = NULL;
    }
}

/* ---- the module ---- */

static bool dec_section(dec *d, uint8_t id)
{
    switch (id) {
    case SEC_CUSTOM: return dec_custom(d);
    case SEC_TYPE: return dec_types(d);
    case SEC_IMPORT: return dec_imports(d);
    case SEC_FUNCTION: return dec_functions(d);
    case SEC_TABLE: return dec_tables(d);
    case SEC_MEMORY: return dec_mems(d);
    case SEC_GLOBAL: return dec_globals(d);
    case SEC_EXPORT: return dec_exports(d);
    case SEC_START: return dec_start(d);
    case SEC_ELEMENT: return dec_elems(d);
    case SEC_CODE: return dec_code(d);
    case SEC_DATA: return dec_data(d);
    case SEC_DATACOUNT: return dec_datacount(d);
    }
    return false;
}

static bool dec_module(dec *d)
{
    sk_module *m = d->m;
    sk_error *err = d->err;
    const uint8_t *base = m->bytes, *end = m->bytes + m->len;
    d->r = sk_reader_make(base, base, end, err);
    const uint8_t *magic, *version;
    if (!rd_bytes(&d->r, 4, &magic)) return false;
    if (memcmp(magic, "\0asm", 4) != 0) return sk_err(err, 0, "magic header not detected");
    if (!rd_bytes(&d->r, 4, &version)) return false;
    if (memcmp(version, "\1\0\0\0", 4) != 0) return sk_err(err, 4, "unknown binary version");

    int last_rank = 0;
    while (d->r.p < end) {
        int64_t sec_at = sk_reader_offset(&d->r);
        uint8_t id;
        uint32_t size;
        rd_u8(&d->r, &id);
        if (id > SEC_DATACOUNT) return sk_err(err, sec_at, "malformed section id");
        snprintf(err->where, sizeof err->where, "%s", section_name(id));
        if (!read_len(&d->r, &size)) return false;
        /* Like the reference decoder, section contents are read up to the end of the
         * binary, and the declared size is checked afterwards. */
        d->sec_end = d->r.p + size;
        if (id != SEC_CUSTOM) {
            int rank = section_rank(id);
            if (rank <= last_rank) return sk_err(err, sec_at, "unexpected content after last section");
            last_rank = rank;
        }
        if (!dec_section(d, id)) {
            if (strcmp(err->msg, "unexpected end") == 0)
                snprintf(err->msg, sizeof err->msg, "unexpected end of section or function");
            return false;
        }
        if (d->r.p != d->sec_end) return sk_err(err, sk_reader_offset(&d->r), "section size mismatch");
    }
    err->where[0] = 0;
    if (d->nfuncdecls != d->ncodes)
        return sk_err(err, (int64_t)m->len, "function and code section have inconsistent lengths");
    if (m->has_data_count && m->data_count != m->ndatas)
        return sk_err(err, (int64_t)m->len, "data count and data section have inconsistent lengths");
    if (d->name_custom) apply_names(m, d->name_custom - 1);
    return true;
}

sk_module *sk_decode(const uint8_t *bytes, size_t len, sk_error *err)
{
    sk_error local;
    if (!err) err = &local;
    sk_error_clear(err);
    if (len > UINT32_MAX) {
        sk_err(err, -1, "module too large");
        return NULL;
    }
    sk_module *m = sk_calloc(1, sizeof *m);
    if (!m) {
        sk_err(err, -1, "out of memory");
        return NULL;
    }
    m->bytes = sk_malloc(len ? len : 1);
    if (!m->bytes) {
        sk_free(m);
        sk_err(err, -1, "out of memory");
        return NULL;
    }
    if (len) memcpy(m->bytes, bytes, len);
    m->len = len;
    dec d = {.m = m, .err = err};
    if (!dec_module(&d)) {
        if (!sk_error_is_set(err)) sk_err(err, -1, "malformed module");
        sk_module_free(m);
        return NULL;
    }
    return m;
}

void sk_module_free(sk_module *m)
{
    if (!m) return;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        sk_free(m->types[i].params);
        sk_free(m->types[i].results);
    }
    sk_free(m->types);
    for (uint32_t i = 0; i < m->nimports; i++) {
        sk_free(m->imports[i].module);
        sk_free(m->imports[i].name);
    }
    sk_free(m->imports);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        sk_funcdef *f = &m->funcs[i];
        sk_free(f->locals);
        sk_free(f->name);
        if (f->code) sk_code_free(f->code);
    }
    sk_free(m->funcs);
    sk_free(m->tables);
    sk_free(m->mems);
    sk_free(m->globals);
    for (uint32_t i = 0; i < m->nexports; i++) sk_free(m->exports[i].name);
    sk_free(m->exports);
    for (uint32_t i = 0; i < m->nelems; i++) {
        sk_free(m->elems[i].func_indices);
        sk_free(m->elems[i].exprs);
    }
    sk_free(m->elems);
    sk_free(m->datas);
    for (uint32_t i = 0; i < m->ncustoms; i++) sk_free(m->customs[i].name);
    sk_free(m->customs);
    sk_free(m->name);
    sk_free(m->func_declared);
    sk_free(m->bytes);
    sk_free(m);
}

const char *sk_module_func_name(const sk_module *m, uint32_t func_idx)
{
    if (!m || func_idx >= m->nfuncs) return NULL;
    return m->funcs[func_idx].name;
}
