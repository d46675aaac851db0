/* constexpr.c: evaluation of validated constant expressions (Wasm 2.0, plus 3.0's extended i32/i64 add/sub/mul). */
#include "rt_internal.h"

/* Opcode bytes that may appear in a constant expression. */
enum {
    OP_END = 0x0B,
    OP_GLOBAL_GET = 0x23,
    OP_I32_CONST = 0x41,
    OP_I64_CONST = 0x42,
    OP_F32_CONST = 0x43,
    OP_F64_CONST = 0x44,
    OP_I32_ADD = 0x6A,
    OP_I32_SUB = 0x6B,
    OP_I32_MUL = 0x6C,
    OP_I64_ADD = 0x7C,
    OP_I64_SUB = 0x7D,
    OP_I64_MUL = 0x7E,
    OP_REF_NULL = 0xD0,
    OP_REF_FUNC = 0xD2,
    OP_SIMD = 0xFD,
    SIMD_V128_CONST = 12,
};

/* A value stack that starts in a local buffer and moves to the heap only for
 * unusually deep (extended) expressions. */
typedef struct cstack {
    sk_val local[16];
    sk_val *v;
    uint32_t len, cap;
} cstack;

static bool push(cstack *st, sk_val x)
{
    if (st->len == st->cap) {
        if (st->cap > UINT32_MAX / 2) return false;
        uint32_t ncap = st->cap * 2;
        sk_val *nv = st->v == st->local ? sk_malloc(ncap * sizeof *nv) : sk_realloc(st->v, ncap * sizeof *nv);
        if (!nv) return false;
        if (st->v == st->local) memcpy(nv, st->local, sizeof st->local);
        st->v = nv;
        st->cap = ncap;
    }
    st->v[st->len++] = x;
    return true;
}

/* Wasm integer arithmetic wraps: compute in unsigned to avoid C overflow. */
static bool binop(cstack *st, uint8_t op)
{
    if (st->len < 2) return false;
    sk_val b = st->v[--st->len];
    sk_val *a = &st->v[st->len - 1];
    switch (op) {
    case OP_I32_ADD: a->u32 = a->u32 + b.u32; break;
    case OP_I32_SUB: a->u32 = a->u32 - b.u32; break;
    case OP_I32_MUL: a->u32 = a->u32 * b.u32; break;
    case OP_I64_ADD: a->u64 = a->u64 + b.u64; break;
    case OP_I64_SUB: a->u64 = a->u64 - b.u64; break;
    case OP_I64_MUL: a->u64 = a->u64 * b.u64; break;
    default: return false;
    }
    return true;
}

/* A cursor over the expression's bytes. The expression was validated, so a
 * short or malformed encoding only means "refuse", never a detailed error. */
typedef struct cursor {
    const uint8_t *p, *end;
} cursor;

static bool rd_byte(cursor *c, uint8_t *out)
{
    if (c->p >= c->end) return false;
    *out = *c->p++;
    return true;
}

/* LEB128 of at most 10 bytes; sign-extends when `is_signed`. */
static bool rd_leb(cursor *c, bool is_signed, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b = 0;
    do {
        if (shift >= 70 || !rd_byte(c, &b)) return false;
        if (shift < 64) v |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
    } while (b & 0x80);
    if (is_signed && shift < 64 && (b & 0x40)) v |= ~(uint64_t)0 << shift;
    *out = v;
    return true;
}

static bool rd_raw(cursor *c, void *out, size_t n)
{
    if ((size_t)(c->end - c->p) < n) return false;
    memcpy(out, c->p, n); /* little-endian hosts only, like reader.h */
    c->p += n;
    return true;
}

static bool run(sk_instance *inst, const sk_constexpr *e, cstack *st, sk_val *out)
{
    const sk_module *m = inst->module;
    cursor c = {e->code, e->code + e->len};
    for (;;) {
        uint8_t op = 0;
        uint64_t imm = 0;
        sk_val x;
        memset(&x, 0, sizeof x);
        if (!rd_byte(&c, &op)) return false;
        switch (op) {
        case OP_END:
            if (st->len != 1) return false;
            *out = st->v[0];
            return true;
        case OP_I32_CONST:
            if (!rd_leb(&c, true, &imm)) return false;
            x.u32 = (uint32_t)imm;
            break;
        case OP_I64_CONST:
            if (!rd_leb(&c, true, &imm)) return false;
            x.u64 = imm;
            break;
        case OP_F32_CONST:
            if (!rd_raw(&c, &x.u32, 4)) return false;
            break;
        case OP_F64_CONST:
            if (!rd_raw(&c, &x.u64, 8)) return false;
            break;
        case OP_REF_NULL:
            if (!rd_byte(&c, &op)) return false; /* the reftype; null is NULL for both */
            x.ref = NULL;
            break;
        case OP_REF_FUNC:
            if (!rd_leb(&c, false, &imm) || imm >= m->nfuncs || !inst->funcs[imm]) return false;
            x.ref = inst->funcs[imm];
            break;
        case OP_GLOBAL_GET:
            if (!rd_leb(&c, false, &imm) || imm >= m->nglobals || !inst->globals[imm]) return false;
            x = inst->globals[imm]->val;
            break;
        case OP_I32_ADD: case OP_I32_SUB: case OP_I32_MUL:
        case OP_I64_ADD: case OP_I64_SUB: case OP_I64_MUL:
            if (!binop(st, op)) return false;
            continue;
        case OP_SIMD:
            if (!rd_leb(&c, false, &imm) || imm != SIMD_V128_CONST || !rd_raw(&c, x.v128, 16)) return false;
            break;
        default:
            return false; /* not a constant instruction: the validator should have refused it */
        }
        if (!push(st, x)) return false;
    }
}

bool sk_eval_const(sk_instance *inst, const sk_constexpr *e, sk_val *out)
{
    cstack st;
    st.v = st.local;
    st.len = 0;
    st.cap = SK_ARRAY_LEN(st.local);
    bool ok = run(inst, e, &st, out);
    if (st.v != st.local) sk_free(st.v);
    return ok;
}
