/* func.c: validation of function bodies and constant expressions (the spec appendix's stack algorithm). */
#include "validate.h"
#include "../common/opcodes.h"
#include <pthread.h>
#include <stdlib.h>

#define T_UNKNOWN 0 /* the bottom type of the polymorphic stack */

/* ---- Signatures of the "simple" instructions, decoded once from opcodes.def ---- */

typedef struct simple_sig {
    bool simple; /* sig string non-empty: checked generically */
    uint8_t np, nr;
    uint8_t p[4], r[2];
} simple_sig;

static simple_sig sig_tab[SK_OP_COUNT];
static pthread_once_t sig_once = PTHREAD_ONCE_INIT;

static uint8_t sig_char_type(char c)
{
    switch (c) {
    case 'i': return SK_I32;
    case 'I': return SK_I64;
    case 'f': return SK_F32;
    case 'F': return SK_F64;
    case 'V': return SK_V128;
    }
    return T_UNKNOWN;
}

static void build_sigs(void)
{
    for (int op = 0; op < SK_OP_COUNT; op++) {
        const char *s = sk_opinfo_table[op].sig;
        simple_sig *g = &sig_tab[op];
        bool after = false;
        g->simple = s[0] != 0;
        for (; *s; s++) {
            if (*s == '>') after = true;
            else if (!after && g->np < SK_ARRAY_LEN(g->p)) g->p[g->np++] = sig_char_type(*s);
            else if (after && g->nr < SK_ARRAY_LEN(g->r)) g->r[g->nr++] = sig_char_type(*s);
        }
    }
}

/* ---- Validator state for one body ---- */

typedef struct fv {
    sk_module *m;
    sk_vstacks *st;
    sk_error *err;
    sk_reader r;
    int64_t at; /* offset of the current instruction */
    const sk_functype *type;
    const uint8_t *locals; /* declared locals (after the params) */
    uint32_t nlocals;
} fv;

static bool oom(fv *v) { return sk_err(v->err, v->at, "out of memory"); }

static bool mismatch(fv *v, uint8_t expect, uint8_t got, bool empty)
{
    if (empty)
        return sk_err(v->err, v->at, "type mismatch: expected %s but the stack is empty",
                      expect ? sk_valtype_name(expect) : "a value");
    return sk_err(v->err, v->at, "type mismatch: expected %s, got %s", sk_valtype_name(expect),
                  sk_valtype_name(got));
}

static inline sk_vframe *top(fv *v) { return &v->st->ctrls.data[v->st->ctrls.len - 1]; }
static inline const uint8_t *frame_results(const sk_vframe *f) { return f->single_res ? &f->single : f->results; }
static inline const uint8_t *label_types(const sk_vframe *f, uint32_t *n)
{
    if (f->op == SK_OP_LOOP) {
        *n = f->nparams;
        return f->params;
    }
    *n = f->nresults;
    return frame_results(f);
}

static inline bool push(fv *v, uint8_t t)
{
    sk_vstacks *st = v->st;
    if (SK_UNLIKELY(st->vals.len == st->vals.cap) &&
        !sk_grow((void **)&st->vals.data, &st->vals.cap, st->vals.len + 1, 1))
        return oom(v);
    st->vals.data[st->vals.len++] = t;
    return true;
}

static inline bool push_vals(fv *v, const uint8_t *ts, uint32_t n)
{
    sk_vstacks *st = v->st;
    if (n == 0) return true;
    if (SK_UNLIKELY(st->vals.cap - st->vals.len < n) &&
        !sk_grow((void **)&st->vals.data, &st->vals.cap, st->vals.len + n, 1))
        return oom(v);
    memcpy(st->vals.data + st->vals.len, ts, n);
    st->vals.len += n;
    return true;
}

/* Pops any value; Unknown when the stack is polymorphic. */
static inline bool pop_any(fv *v, uint8_t *out)
{
    sk_vframe *f = top(v);
    if (v->st->vals.len == f->height) {
        if (f->unreachable) {
            *out = T_UNKNOWN;
            return true;
        }
        return mismatch(v, T_UNKNOWN, T_UNKNOWN, true);
    }
    *out = v->st->vals.data[--v->st->vals.len];
    return true;
}

static inline bool pop_expect(fv *v, uint8_t expect)
{
    sk_vframe *f = top(v);
    if (v->st->vals.len == f->height) {
        if (f->unreachable) return true;
        return mismatch(v, expect, T_UNKNOWN, true);
    }
    uint8_t got = v->st->vals.data[--v->st->vals.len];
    if (got != expect && got != T_UNKNOWN && expect != T_UNKNOWN) return mismatch(v, expect, got, false);
    return true;
}

static inline bool pop_vals(fv *v, const uint8_t *ts, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        if (!pop_expect(v, ts[i])) return false;
    return true;
}

/* push_vals(pop_vals(ts)) of the appendix, done in place: checks the top n
 * values against ts; on a polymorphic stack, missing values become Unknown. */
static bool check_vals_keep(fv *v, const uint8_t *ts, uint32_t n)
{
    if (n == 0) return true; /* also keeps `NULL + 0` out when the stack was never allocated */
    sk_vframe *f = top(v);
    sk_vstacks *st = v->st;
    uint32_t avail = st->vals.len - f->height;
    if (avail < n) {
        if (!f->unreachable) {
            /* report what the spec's pops would: a wrong value, else the missing one */
            for (uint32_t k = 0; k < avail; k++) {
                uint8_t want = ts[n - 1 - k], got = st->vals.data[st->vals.len - 1 - k];
                if (got != want && got != T_UNKNOWN && want != T_UNKNOWN) return mismatch(v, want, got, false);
            }
            return mismatch(v, ts[n - 1 - avail], T_UNKNOWN, true);
        }
        uint32_t missing = n - avail;
        if (!sk_grow((void **)&st->vals.data, &st->vals.cap, st->vals.len + missing, 1)) return oom(v);
        uint8_t *base = st->vals.data + f->height;
        memmove(base + missing, base, avail);
        memset(base, T_UNKNOWN, missing);
        st->vals.len += missing;
    }
    const uint8_t *vals = st->vals.data + st->vals.len - n;
    for (uint32_t i = n; i-- > 0;)
        if (vals[i] != ts[i] && vals[i] != T_UNKNOWN && ts[i] != T_UNKNOWN) return mismatch(v, ts[i], vals[i], false);
    return true;
}

static bool push_ctrl(fv *v, uint16_t op, const sk_blocktype *bt)
{
    sk_vstacks *st = v->st;
    if (!sk_grow((void **)&st->ctrls.data, &st->ctrls.cap, st->ctrls.len + 1, sizeof(sk_vframe))) return oom(v);
    sk_vframe *f = &st->ctrls.data[st->ctrls.len++];
    f->op = op;
    f->unreachable = false;
    f->height = st->vals.len;
    f->nparams = bt->nparams;
    f->params = bt->params;
    f->nresults = bt->nresults;
    f->single_res = bt->results && bt->results == &bt->single;
    f->single = bt->single;
    f->results = f->single_res ? NULL : bt->results;
    return push_vals(v, bt->params, bt->nparams);
}

/* Pops the end types of the top frame and checks the stack is back at its height. */
static bool close_frame(fv *v)
{
    sk_vframe *f = top(v);
    if (!pop_vals(v, frame_results(f), f->nresults)) return false;
    if (v->st->vals.len != f->height)
        return sk_err(v->err, v->at, "type mismatch: %u value(s) left on the stack at the end of the block",
                      v->st->vals.len - f->height);
    return true;
}

static inline void set_unreachable(fv *v)
{
    sk_vframe *f = top(v);
    v->st->vals.len = f->height;
    f->unreachable = true;
}

/* ---- Immediates ---- */

/* u32 LEB with an initialised temporary (keeps gcc's -Wmaybe-uninitialized quiet after inlining). */
static inline bool read_u32(sk_reader *r, uint32_t *out)
{
    uint64_t x = 0;
    if (!sk_read_uleb(r, 32, &x)) return false;
    *out = (uint32_t)x;
    return true;
}
static inline bool rd_u32(fv *v, uint32_t *out) { return read_u32(&v->r, out); }

static bool need_memory(fv *v, uint32_t idx)
{
    if (idx >= v->m->nmems) return sk_err(v->err, v->at, "unknown memory %u", idx);
    return true;
}

static bool rd_memidx(fv *v)
{
    uint8_t b = 0;
    int64_t at = sk_reader_offset(&v->r);
    if (!sk_read_u8(&v->r, &b)) return false;
    if (b != 0) return sk_err(v->err, at, "zero byte expected");
    return true;
}

static bool need_data(fv *v, uint32_t idx)
{
    if (!v->m->has_data_count) return sk_err(v->err, v->at, "data count section required");
    if (idx >= v->m->data_count) return sk_err(v->err, v->at, "unknown data segment %u", idx);
    return true;
}

static bool need_table(fv *v, uint32_t idx)
{
    if (idx >= v->m->ntables) return sk_err(v->err, v->at, "unknown table %u", idx);
    return true;
}

static bool need_elem(fv *v, uint32_t idx)
{
    if (idx >= v->m->nelems) return sk_err(v->err, v->at, "unknown elem segment %u", idx);
    return true;
}

static bool need_func(fv *v, uint32_t idx)
{
    if (idx >= v->m->nfuncs) return sk_err(v->err, v->at, "unknown function %u", idx);
    return true;
}

static bool rd_valtype_vec1(fv *v, uint8_t *t)
{
    uint32_t n;
    if (!rd_u32(v, &n)) return false;
    if (n != 1) return sk_err(v->err, v->at, "invalid result arity");
    int64_t at = sk_reader_offset(&v->r);
    if (!sk_read_u8(&v->r, t)) return false;
    if (*t == SK_V128) v->m->uses_simd = true;
    if (!sk_is_valtype(*t)) return sk_err(v->err, at, "malformed value type");
    return true;
}

static bool local_type(fv *v, uint32_t idx, uint8_t *t)
{
    if (idx < v->type->nparams) *t = v->type->params[idx];
    else if ((uint64_t)idx - v->type->nparams < v->nlocals) *t = v->locals[idx - v->type->nparams];
    else return sk_err(v->err, v->at, "unknown local %u", idx);
    return true;
}

/* Lane count of a LANE / MEMARG_LANE instruction: from the shape in its name
 * ("i8x16.extract_lane_s") or, for v128.loadN_lane/storeN_lane, from its natural alignment. */
static uint32_t simd_lanes(const sk_opinfo *in)
{
    if (in->imm == SK_IMM_MEMARG_LANE) return 16u >> in->align;
    const char *x = strchr(in->text, 'x');
    return x ? (uint32_t)atoi(x + 1) : 0;
}

/* The generic path: instructions whose operand types come from opcodes.def. */
static bool simple_instr(fv *v, sk_op op, const sk_opinfo *in)
{
    uint32_t a = 0, b = 0;
    int64_t s = 0;
    const uint8_t *bytes;
    switch ((sk_imm_kind)in->imm) {
    case SK_IMM_NONE: break;
    case SK_IMM_MEMARG: {
        if (!rd_u32(v, &a) || !rd_u32(v, &b)) return false;
        if (!need_memory(v, 0)) return false;
        if (a > in->align) return sk_err(v->err, v->at, "alignment must not be larger than natural");
        break;
    }
    case SK_IMM_MEMIDX:
        if (!rd_memidx(v) || !need_memory(v, 0)) return false;
        break;
    case SK_IMM_I32:
    case SK_IMM_I64:
        if (!sk_read_sleb(&v->r, in->imm == SK_IMM_I32 ? 32 : 64, &s)) return false;
        break;
    case SK_IMM_F32:
        if (!sk_read_bytes(&v->r, 4, &bytes)) return false;
        break;
    case SK_IMM_F64:
        if (!sk_read_bytes(&v->r, 8, &bytes)) return false;
        break;
    case SK_IMM_MEMORY_INIT:
        if (!rd_u32(v, &a) || !rd_memidx(v)) return false;
        if (!need_memory(v, 0) || !need_data(v, a)) return false;
        break;
    case SK_IMM_DATA:
        if (!rd_u32(v, &a) || !need_data(v, a)) return false;
        break;
    case SK_IMM_MEMORY_COPY:
        if (!rd_memidx(v) || !rd_memidx(v) || !need_memory(v, 0)) return false;
        break;
    case SK_IMM_V128:
        if (!sk_read_bytes(&v->r, 16, &bytes)) return false;
        break;
    case SK_IMM_SHUFFLE:
        if (!sk_read_bytes(&v->r, 16, &bytes)) return false;
        for (int i = 0; i < 16; i++)
            if (bytes[i] >= 32) return sk_err(v->err, v->at, "invalid lane index %u", bytes[i]);
        break;
    case SK_IMM_LANE:
    case SK_IMM_MEMARG_LANE: {
        if (in->imm == SK_IMM_MEMARG_LANE) {
            if (!rd_u32(v, &a) || !rd_u32(v, &b)) return false;
            if (!need_memory(v, 0)) return false;
            if (a > in->align) return sk_err(v->err, v->at, "alignment must not be larger than natural");
        }
        uint8_t lane = 0;
        if (!sk_read_u8(&v->r, &lane)) return false;
        if (lane >= simd_lanes(in)) return sk_err(v->err, v->at, "invalid lane index %u", lane);
        break;
    }
    default: return sk_err(v->err, v->at, "illegal opcode %s", in->text);
    }
    const simple_sig *g = &sig_tab[op];
    if (!pop_vals(v, g->p, g->np)) return false;
    return push_vals(v, g->r, g->nr);
}

/* Reads and checks one instruction's immediates and operand types. Returns false
 * on error; sets *done when the function's final `end` was consumed. */
static bool instr(fv *v, bool *done)
{
    sk_module *m = v->m;
    v->at = sk_reader_offset(&v->r);
    uint8_t b = 0;
    if (!sk_read_u8(&v->r, &b)) return false;
    uint8_t prefix = 0;
    uint32_t code = b;
    if (b == 0xFD) m->uses_simd = true;
    if (b == 0xFC || b == 0xFD) {
        prefix = b;
        if (!rd_u32(v, &code)) return false;
    }
    sk_op op = sk_op_lookup(prefix, code);
    if (op == SK_OP_INVALID) {
        if (prefix) return sk_err(v->err, v->at, "illegal opcode %02x %x", prefix, code);
        return sk_err(v->err, v->at, "illegal opcode %02x", b);
    }
    const sk_opinfo *in = &sk_opinfo_table[op];
    if (sig_tab[op].simple) return simple_instr(v, op, in);

    uint32_t a = 0, c = 0;
    uint8_t t = 0, t1 = 0, t2 = 0;
    switch (op) {
    case SK_OP_UNREACHABLE: set_unreachable(v); return true;
    case SK_OP_BLOCK:
    case SK_OP_LOOP:
    case SK_OP_IF: {
        sk_blocktype bt;
        if (!sk_read_blocktype(m, &v->r, &bt)) return false;
        if (bt.single == SK_V128) m->uses_simd = true;
        if (op == SK_OP_IF && !pop_expect(v, SK_I32)) return false;
        if (!pop_vals(v, bt.params, bt.nparams)) return false;
        return push_ctrl(v, (uint16_t)op, &bt);
    }
    case SK_OP_ELSE: {
        sk_vframe *f = top(v);
        if (f->op != SK_OP_IF) return sk_err(v->err, v->at, "misplaced ELSE opcode");
        if (!close_frame(v)) return false;
        f->op = SK_OP_ELSE;
        f->unreachable = false;
        return push_vals(v, f->params, f->nparams);
    }
    case SK_OP_END: {
        sk_vframe *f = top(v);
        /* an `if` without `else` behaves as if its else branch passed the params through */
        if (f->op == SK_OP_IF &&
            (f->nparams != f->nresults || (f->nparams && memcmp(f->params, frame_results(f), f->nparams) != 0)))
            return sk_err(v->err, v->at, "type mismatch: if without else must have matching params and results");
        if (!close_frame(v)) return false;
        v->st->ctrls.len--;
        if (v->st->ctrls.len == 0) {
            *done = true;
            return true;
        }
        return push_vals(v, frame_results(f), f->nresults);
    }
    case SK_OP_BR:
    case SK_OP_BR_IF: {
        if (!rd_u32(v, &a)) return false;
        if (a >= v->st->ctrls.len) return sk_err(v->err, v->at, "unknown label %u", a);
        uint32_t n;
        const uint8_t *ts = label_types(&v->st->ctrls.data[v->st->ctrls.len - 1 - a], &n);
        if (op == SK_OP_BR) {
            if (!pop_vals(v, ts, n)) return false;
            set_unreachable(v);
            return true;
        }
        if (!pop_expect(v, SK_I32) || !pop_vals(v, ts, n)) return false;
        return push_vals(v, ts, n);
    }
    case SK_OP_BR_TABLE: {
        uint32_t n = 0, dflt = 0, l = 0;
        if (!rd_u32(v, &n)) return false;
        sk_reader labels = v->r;
        for (uint32_t i = 0; i < n; i++)
            if (!rd_u32(v, &l)) return false;
        if (!rd_u32(v, &dflt)) return false;
        if (!pop_expect(v, SK_I32)) return false;
        uint32_t depth = v->st->ctrls.len;
        if (dflt >= depth) return sk_err(v->err, v->at, "unknown label %u", dflt);
        uint32_t arity, ln;
        const uint8_t *dts = label_types(&v->st->ctrls.data[depth - 1 - dflt], &arity);
        for (uint32_t i = 0; i < n; i++) {
            read_u32(&labels, &l); /* already read successfully above */
            if (l >= depth) return sk_err(v->err, v->at, "unknown label %u", l);
            const uint8_t *ts = label_types(&v->st->ctrls.data[depth - 1 - l], &ln);
            if (ln != arity)
                return sk_err(v->err, v->at, "type mismatch: br_table targets have different arities (%u, %u)", ln,
                              arity);
            if (!check_vals_keep(v, ts, ln)) return false;
        }
        if (!pop_vals(v, dts, arity)) return false;
        set_unreachable(v);
        return true;
    }
    case SK_OP_RETURN: {
        const sk_vframe *f = &v->st->ctrls.data[0];
        if (!pop_vals(v, frame_results(f), f->nresults)) return false;
        set_unreachable(v);
        return true;
    }
    case SK_OP_CALL: {
        if (!rd_u32(v, &a) || !need_func(v, a)) return false;
        const sk_functype *ft = &m->types[m->funcs[a].type_idx];
        if (!pop_vals(v, ft->params, ft->nparams)) return false;
        return push_vals(v, ft->results, ft->nresults);
    }
    case SK_OP_CALL_INDIRECT: {
        if (!rd_u32(v, &a) || !rd_u32(v, &c)) return false;
        if (!need_table(v, c)) return false;
        if (a >= m->ntypes) return sk_err(v->err, v->at, "unknown type %u", a);
        if (m->tables[c].type.elem != SK_FUNCREF)
            return sk_err(v->err, v->at, "type mismatch: call_indirect needs a funcref table");
        const sk_functype *ft = &m->types[a];
        if (!pop_expect(v, SK_I32) || !pop_vals(v, ft->params, ft->nparams)) return false;
        return push_vals(v, ft->results, ft->nresults);
    }
    case SK_OP_DROP: return pop_any(v, &t);
    case SK_OP_SELECT: {
        if (!pop_expect(v, SK_I32) || !pop_any(v, &t1) || !pop_any(v, &t2)) return false;
        /* untyped select: numeric or vector operands only (v128 is in sk_is_numtype's range) */
        bool num = (t1 == T_UNKNOWN || sk_is_numtype(t1)) && (t2 == T_UNKNOWN || sk_is_numtype(t2));
        if (!num) return sk_err(v->err, v->at, "type mismatch: select without a type needs numeric operands");
        if (t1 != t2 && t1 != T_UNKNOWN && t2 != T_UNKNOWN) return mismatch(v, t1, t2, false);
        return push(v, t1 == T_UNKNOWN ? t2 : t1);
    }
    case SK_OP_SELECT_T:
        if (!rd_valtype_vec1(v, &t)) return false;
        if (!pop_expect(v, SK_I32) || !pop_expect(v, t) || !pop_expect(v, t)) return false;
        return push(v, t);
    case SK_OP_LOCAL_GET:
        if (!rd_u32(v, &a) || !local_type(v, a, &t)) return false;
        return push(v, t);
    case SK_OP_LOCAL_SET:
        if (!rd_u32(v, &a) || !local_type(v, a, &t)) return false;
        return pop_expect(v, t);
    case SK_OP_LOCAL_TEE:
        if (!rd_u32(v, &a) || !local_type(v, a, &t)) return false;
        if (!pop_expect(v, t)) return false;
        return push(v, t);
    case SK_OP_GLOBAL_GET:
        if (!rd_u32(v, &a)) return false;
        if (a >= m->nglobals) return sk_err(v->err, v->at, "unknown global %u", a);
        return push(v, m->globals[a].type.type);
    case SK_OP_GLOBAL_SET:
        if (!rd_u32(v, &a)) return false;
        if (a >= m->nglobals) return sk_err(v->err, v->at, "unknown global %u", a);
        if (!m->globals[a].type.mut) return sk_err(v->err, v->at, "global is immutable");
        return pop_expect(v, m->globals[a].type.type);
    case SK_OP_TABLE_GET:
        if (!rd_u32(v, &a) || !need_table(v, a)) return false;
        if (!pop_expect(v, SK_I32)) return false;
        return push(v, m->tables[a].type.elem);
    case SK_OP_TABLE_SET:
        if (!rd_u32(v, &a) || !need_table(v, a)) return false;
        return pop_expect(v, m->tables[a].type.elem) && pop_expect(v, SK_I32);
    case SK_OP_REF_NULL: {
        int64_t at = sk_reader_offset(&v->r);
        if (!sk_read_u8(&v->r, &t)) return false;
        if (!sk_is_reftype(t)) return sk_err(v->err, at, "malformed reference type");
        return push(v, t);
    }
    case SK_OP_REF_IS_NULL:
        if (!pop_any(v, &t)) return false;
        if (t != T_UNKNOWN && !sk_is_reftype(t))
            return sk_err(v->err, v->at, "type mismatch: ref.is_null needs a reference, got %s", sk_valtype_name(t));
        return push(v, SK_I32);
    case SK_OP_REF_FUNC:
        if (!rd_u32(v, &a) || !need_func(v, a)) return false;
        if (!m->func_declared[a]) return sk_err(v->err, v->at, "undeclared function reference %u", a);
        return push(v, SK_FUNCREF);
    case SK_OP_TABLE_INIT:
        if (!rd_u32(v, &a) || !rd_u32(v, &c)) return false; /* elem, then table */
        if (!need_table(v, c) || !need_elem(v, a)) return false;
        if (m->tables[c].type.elem != m->elems[a].type)
            return sk_err(v->err, v->at, "type mismatch: elem segment %u holds %s, table %u holds %s", a,
                          sk_valtype_name(m->elems[a].type), c, sk_valtype_name(m->tables[c].type.elem));
        return pop_expect(v, SK_I32) && pop_expect(v, SK_I32) && pop_expect(v, SK_I32);
    case SK_OP_ELEM_DROP:
        return rd_u32(v, &a) && need_elem(v, a);
    case SK_OP_TABLE_COPY:
        if (!rd_u32(v, &a) || !rd_u32(v, &c)) return false; /* destination, then source */
        if (!need_table(v, a) || !need_table(v, c)) return false;
        if (m->tables[a].type.elem != m->tables[c].type.elem)
            return sk_err(v->err, v->at, "type mismatch: table %u holds %s, table %u holds %s", a,
                          sk_valtype_name(m->tables[a].type.elem), c, sk_valtype_name(m->tables[c].type.elem));
        return pop_expect(v, SK_I32) && pop_expect(v, SK_I32) && pop_expect(v, SK_I32);
    case SK_OP_TABLE_GROW:
        if (!rd_u32(v, &a) || !need_table(v, a)) return false;
        if (!pop_expect(v, SK_I32) || !pop_expect(v, m->tables[a].type.elem)) return false;
        return push(v, SK_I32);
    case SK_OP_TABLE_SIZE:
        if (!rd_u32(v, &a) || !need_table(v, a)) return false;
        return push(v, SK_I32);
    case SK_OP_TABLE_FILL:
        if (!rd_u32(v, &a) || !need_table(v, a)) return false;
        return pop_expect(v, SK_I32) && pop_expect(v, m->tables[a].type.elem) && pop_expect(v, SK_I32);
    default: break;
    }
    return sk_err(v->err, v->at, "illegal opcode %s", in->text);
}

bool sk_validate_func(sk_module *m, uint32_t func_idx, sk_vstacks *st, sk_error *err)
{
    pthread_once(&sig_once, build_sigs);
    const sk_funcdef *fd = &m->funcs[func_idx];
    fv v = {0};
    v.m = m;
    v.st = st;
    v.err = err;
    v.type = &m->types[fd->type_idx];
    v.locals = fd->locals;
    v.nlocals = fd->nlocals;
    v.at = fd->body_offset;
    for (uint32_t i = 0; i < fd->nlocals; i++)
        if (fd->locals[i] == SK_V128) m->uses_simd = true;
    /* Offsets are relative to the module's bytes, where the body lives. */
    v.r = sk_reader_make(fd->body - fd->body_offset, fd->body, fd->body + fd->body_len, err);
    st->vals.len = 0;
    st->ctrls.len = 0;
    sk_blocktype fn = {0};
    fn.nresults = v.type->nresults;
    fn.results = v.type->results;
    if (!push_ctrl(&v, SK_OP_NOP, &fn)) return false;
    bool done = false;
    while (!done)
        if (!instr(&v, &done)) return false;
    if (!sk_reader_eof(&v.r)) return sk_err(err, sk_reader_offset(&v.r), "section size mismatch");
    return true;
}

/* ---- Constant expressions ---- */

bool sk_validate_constexpr(sk_module *m, const sk_constexpr *ce, uint8_t type, uint32_t nglobals, bool declare,
                           sk_error *err)
{
    const uint8_t *base = ce->code - ce->offset;
    sk_reader r = sk_reader_make(base, ce->code, ce->code + ce->len, err);
    uint32_t count = 0; /* values produced (no constant instruction consumes any) */
    uint8_t last = T_UNKNOWN;
    for (;;) {
        int64_t at = sk_reader_offset(&r);
        uint8_t b = 0, t = 0;
        uint32_t idx = 0;
        int64_t s;
        const uint8_t *bytes;
        if (!sk_read_u8(&r, &b)) return false;
        switch (b) {
        case 0x0B: /* end */
            if (!sk_reader_eof(&r)) return sk_err(err, sk_reader_offset(&r), "section size mismatch");
            if (count != 1 || last != type)
                return sk_err(err, at, "type mismatch: constant expression must produce one %s",
                              sk_valtype_name(type));
            return true;
        case 0x41:
            if (!sk_read_sleb(&r, 32, &s)) return false;
            t = SK_I32;
            break;
        case 0x42:
            if (!sk_read_sleb(&r, 64, &s)) return false;
            t = SK_I64;
            break;
        case 0x43:
            if (!sk_read_bytes(&r, 4, &bytes)) return false;
            t = SK_F32;
            break;
        case 0x44:
            if (!sk_read_bytes(&r, 8, &bytes)) return false;
            t = SK_F64;
            break;
        case 0xD0:
            if (!sk_read_u8(&r, &t)) return false;
            if (!sk_is_reftype(t)) return sk_err(err, at + 1, "malformed reference type");
            break;
        case 0xD2:
            if (!read_u32(&r, &idx)) return false;
            if (idx >= m->nfuncs) return sk_err(err, at, "unknown function %u", idx);
            if (declare) m->func_declared[idx] = true;
            t = SK_FUNCREF;
            break;
        case 0x23:
            if (!read_u32(&r, &idx)) return false;
            if (idx >= nglobals) return sk_err(err, at, "unknown global %u", idx);
            if (m->globals[idx].type.mut) return sk_err(err, at, "constant expression required");
            t = m->globals[idx].type.type;
            break;
        case 0xFD: /* only v128.const is constant */
            if (!read_u32(&r, &idx)) return false;
            if (idx != 0x0C) return sk_err(err, at, "constant expression required");
            if (!sk_read_bytes(&r, 16, &bytes)) return false;
            m->uses_simd = true;
            t = SK_V128;
            break;
        default: return sk_err(err, at, "constant expression required");
        }
        count++;
        last = t;
    }
}
