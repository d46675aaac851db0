/* lower.c: lowers validated function bodies once into the interpreter's register code (icode.h). */
#include "icode.h"
#include "../common/opcodes.h"
#include "../common/reader.h"
#include "../validate/validate.h"
#include "simd_ops.h"
#include "fuse_ops.h"

#define NONE UINT32_MAX
#define MAX_UNITS (1u << 30) /* keeps cell offsets well inside int32 */
#define POOL_MAX 64           /* constants per function kept in frame slots */

/* Abstract operand stack entry. Since the wasm stack height is static, position i
 * always lives in the same home slot (nlt + kcap + i); a pending entry (a local read or
 * a constant) is not written there until something needs it there. */
enum { V_SLOT, V_LOCAL, V_CONST };
typedef struct vent {
    uint8_t kind;
    uint8_t w;     /* slots the value takes: 2 for v128, else 1 */
    uint32_t slot; /* first slot, relative to the operand stack's base */
    uint32_t local;
    uint64_t c;
} vent;

enum { C_FUNC, C_BLOCK, C_LOOP, C_IF, C_ELSE };
typedef struct ctrl {
    uint8_t kind;
    uint32_t height; /* operand height at entry, below the params */
    uint32_t np, nr;
    uint32_t loop_cell;   /* loop: the branch target */
    uint32_t patch_start; /* first pending forward branch that may belong to this frame */
    uint32_t else_unit;   /* if: offset unit of the branch to the else arm, or NONE */
    uint32_t else_instr;
    const uint8_t *pt, *rt; /* param / result types (rt NULL: the one result in `single`) */
    uint8_t single;
} ctrl;

/* A forward branch waiting for its label: the offset unit and the branch's first cell. */
typedef struct patch {
    uint32_t unit, instr, ctrl;
} patch;

/* Branch condition, possibly fused from the compare that produced it. */
enum { REL_PLAIN = -1, REL_EQZ = 10, REL64 = 11, REL64_EQZ = 21 };
/* An i32.add (reg or imm form) that was the last instruction. */
typedef struct addrec {
    bool valid, imm;
    uint32_t start, a, b, dst; /* dst: the home slot it was emitted with (a local.tee may retarget it) */
    /* merged: it is the second half of an I32_ADD2 starting at `start` (the first add has an immediate
     * if first_imm); a fusion that takes the add splits the pair first (add_drop) */
    bool merged, first_imm;
} addrec;

/* A plain LD_I32 or LD_I32_8U that was the last instruction before a compare (for the LBR forms). */
typedef struct ldnote {
    bool valid;
    sk_iop io;
    uint32_t start;
} ldnote;

typedef struct cond {
    int rel; /* REL_PLAIN, REL_EQZ, an i32 relation 0..9 (order of SK_OP_I32_EQ..GE_U),
              * REL64 + an i64 relation, or REL64_EQZ */
    bool imm;
    uint32_t a, b;
    /* the add computing `a` directly precedes the condition (loop back-edge fusion) */
    bool has_add;
    addrec add;
    ldnote ld; /* the load right before the compare, if any */
    uint32_t len; /* code length when the condition was popped */
} cond;

static const uint8_t rel_swap[10] = {0, 1, 4, 5, 2, 3, 8, 9, 6, 7};   /* a R b == b swap(R) a */
static const uint8_t rel_invert[10] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3}; /* !(a R b) == a inv(R) b */

/* One emitted instruction (for the accumulator pass): its first cell, its instruction, and the
 * unit that held the previous instruction's dst when it was emitted (NONE: no usable one). */
typedef struct insrec {
    uint32_t start, prev;
    uint16_t io;
} insrec;

typedef struct lower {
    const sk_module *m;
    const void *const *h;
    SK_VEC(uint32_t) code; /* 32-bit units; instructions start at even units (cells) */
    SK_VEC(vent) vs;
    SK_VEC(ctrl) cs;
    SK_VEC(patch) patches;
    SK_VEC(sk_pcmap) pcmap;
    SK_VEC(insrec) ins; /* every instruction of the code, in order */
    uint32_t acc_hint;  /* prev for the next instruction when last_dst is NONE (see pop_cond) */
    uint32_t *pend; /* [nlt] pending reads of each local on the stack */
    uint32_t npend; /* allocated entries of pend */
    uint32_t nlt;   /* params + declared locals */
    uint32_t *lslot; /* [nlt] first slot of each local (a v128 local takes two) */
    uint8_t *lw;     /* [nlt] slots of each local */
    uint32_t nls;    /* slots of all params and locals */
    /* Constant pool: constants read by instructions live in frame slots nlt..nlt+kcap-1,
     * copied in at function entry. Pass 1 collects them (and materializes as usual);
     * pass 2 runs with the pool frozen and reads them from their slots. */
    SK_VEC(uint64_t) pool;
    bool frozen;
    uint32_t kcap;
    uint32_t max_h;
    uint32_t solid;    /* entries [0, solid) are all V_SLOT */
    uint32_t last_dst; /* unit holding the dst of the last instruction, if it may be retargeted */
    struct {
        bool valid, imm;
        int rel;
        uint32_t start, a, b, dst;
        addrec padd; /* an add right before the compare */
        ldnote pld;  /* a load right before the compare */
    } cmp; /* the last instruction, when it is an i32 compare (for branch fusion) */
    addrec add; /* the last instruction, when it is an i32 add (address and back-edge fusion) */
    struct {
        bool valid;
        uint32_t start, n;
    } mov; /* the last instruction, when it is a MOV..MOV7 (more moves get merged into it) */
    /* An f64 multiply with a memory operand (F64_MUL_M or _MI), for F64_MULADD_MST: k * mem[addr + imm + off]
     * into dst; it spans `cells` cells from `start`. */
    struct mulrec {
        bool valid;
        uint32_t start, cells, dst, k, addr, imm, off;
        uint32_t a2start; /* an I32_ADD2 right before it starts here (NONE: none) */
        sk_iop a2io;
    } mul; /* the last instruction, when it is such a multiply */
    struct {
        bool valid;
        sk_iop io; /* LD_I32 or LD_I64, or LDI_I32 / LDI_I64 (address slot + imm) */
        uint32_t start, addr, imm, off, dst;
        struct mulrec pm; /* the multiply right before this load, if any */
        uint32_t a2start; /* an I32_ADD2 right before this load starts here (NONE: none) */
        sk_iop a2io;
    } ld; /* the last instruction, when it is a 32/64-bit load (for load-op fusion) */
    ldnote ldn; /* the last instruction, when it is a plain LD_I32 / LD_I32_8U (its dst may be retargeted) */
    /* A chain of xor'ed rotations: n (1..3) pairs (a, k), dst = rotl(a1, k1) ^ ..., `cells` long. */
    struct xrrec {
        bool valid;
        uint32_t start, cells, dst, n, a[3], k[3];
    } xr; /* the last instruction, when it is an I32_ROTL or I32_ROTL_XR (chains grow into I32_ROT3) */
    struct {
        bool valid;
        uint32_t start, dst, a, k;
        struct xrrec prev; /* the chain right before this rotl */
    } rot; /* the last instruction, when it is an i32.rotl in register form (for I32_XOR_ROTL) */
    struct {
        bool valid;
        uint32_t start, dst, a, addr, off;
        struct mulrec pm; /* the multiply right before its load, if any (for F64_MULADD_MST) */
    } addm; /* the last instruction, when it is an F64_ADD_M (for F64_ADD_MST) */
    struct {
        bool valid;
        sk_iop io;
        uint32_t start, dst, a, b; /* b: a slot, or the immediate of an _IMM op */
    } bin; /* the last instruction, when it is a numeric binop (first half of an SK_FUSE_PAIRS pair) */
    struct {
        bool valid;
        sk_iop io;
        uint32_t start;
    } add2; /* the last instruction, when it is an I32_ADD2 */
    struct {
        bool valid;
        sk_iop io; /* its NAME_ADD form */
        uint32_t start, dst, a, b, c;
    } tri; /* the last instruction, when it is a pair of SK_FUSE_PAIRS_ADD (for its NAME_ADD chain form) */
    uint32_t label_cell; /* the last cell a label (loop start, else, end) was bound to */
    bool unreach, oom, bad;
    uint32_t cur_off;
    const char *bad_msg;
} lower;

/* lower.c computes instruction ids by offset within these groups (see iops.def) */
_Static_assert(SK_IOP_BR_BACK - SK_IOP_BR == SK_IOP_BR64_GE_U_BACK - SK_IOP_BR64_GE_U, "branch groups");
_Static_assert(SK_IOP_BR_GE_U_IMM - SK_IOP_BR_EQ_IMM == 9 && SK_IOP_BR64_GE_U - SK_IOP_BR64_EQ == 9, "relations");
_Static_assert(SK_IOP_AB_EQ_IMM_BACK - SK_IOP_AB_NZ_BACK == 11 && SK_IOP_ABI_NZ_BACK - SK_IOP_AB_NZ_BACK == 21 &&
                   SK_IOP_ABI_GE_U_IMM_BACK - SK_IOP_ABI_NZ_BACK == 20,
               "add-branch groups");
_Static_assert(SK_IOP_LDX_I32 - SK_IOP_LD_I32 == SK_IOP_STX_64 - SK_IOP_ST_64 &&
                   SK_IOP_LDI_I32 - SK_IOP_LD_I32 == SK_IOP_STI_64 - SK_IOP_ST_64,
               "memory groups");
_Static_assert(SK_IOP_I32_GE_U_IMM - SK_IOP_I32_EQ_IMM == 9, "compare-immediate group");
_Static_assert(SK_IOP_MOV4 - SK_IOP_MOV == 3 && SK_IOP_MOV8 - SK_IOP_MOV4 == 4 &&
                   SK_IOP_MOV8_BACK - SK_IOP_MOV1_BACK == 7,
               "move groups");
_Static_assert(SK_IOP_MEMMOV_64 - SK_IOP_MEMMOV_8 == 2, "memory-move group");
_Static_assert(SK_IOP_LBR32_EQ_IMM_BACK - SK_IOP_LBR32_EQ == 30 && SK_IOP_LBR8_GE_U_IMM_BACK - SK_IOP_LBR32_EQ == 79,
               "load-branch group");
_Static_assert(SK_IOP_SELECT_GE_U - SK_IOP_SELECT_EQ == 9 && SK_IOP_SELECT64_GE_U - SK_IOP_SELECT64_EQ == 9,
               "select-compare groups");
_Static_assert(SK_IOP_I32_ADD2_II - SK_IOP_I32_ADD2_SS == 3 &&
                   SK_IOP_F64_MULADD_MST_A2II - SK_IOP_F64_MULADD_MST_A2SS == 3 &&
                   SK_IOP_F64_MULADD_MST_D2I - SK_IOP_F64_MULADD_MST_D2S == 1 &&
                   SK_IOP_F64_MULADD_MST_D2I_T - SK_IOP_F64_MULADD_MST_D2S_T == 1,
               "add-pair groups");
_Static_assert(SK_IOP_I64_XOR_MI - SK_IOP_F64_ADD_MI == SK_IOP_I64_XOR_M - SK_IOP_F64_ADD_M, "memory-operand groups");
_Static_assert(SK_IOP_I32_GE_U - SK_IOP_I32_EQ == 9 && SK_IOP_I64_GE_U - SK_IOP_I64_EQ == 9, "compare groups");

/* Accumulator forms of each instruction (iops.def ACC/ACCU/ACCB/ACCX): the variants (a: result to acc, 0
 * when there is none; y, ya: for the operand in U2), and the unit the passed value is read from by
 * x and xa. */
typedef struct accinfo {
    uint16_t a, x, xa, y, ya;
    uint8_t unit;
} accinfo;
static const accinfo acc_info[SK_IOP_COUNT] = {
#define IOP(n)
#define ACC(n) [SK_IOP_##n] = {SK_IOP_##n##_A, SK_IOP_##n##_X, SK_IOP_##n##_XA, 0, 0, 1},
#define ACCU(n, k) [SK_IOP_##n] = {SK_IOP_##n##_A, SK_IOP_##n##_X, SK_IOP_##n##_XA, 0, 0, k},
#define ACCB(n) [SK_IOP_##n] = {SK_IOP_##n##_A, SK_IOP_##n##_X, SK_IOP_##n##_XA, SK_IOP_##n##_Y, SK_IOP_##n##_YA, 1},
#define ACCX(n, k) [SK_IOP_##n] = {0, SK_IOP_##n##_X, 0, 0, 0, k},
#include "iops.def"
#undef IOP
};

static const uint16_t num_map[SK_OP_COUNT] = {
#define IOP(n)
#define NUM(n) [SK_OP_##n] = SK_IOP_##n + 1,
#include "iops.def"
#undef IOP
};

/* Loop back-edge tails (iops.def TBACK): op, its length in cells, the back-edge after it, the fused form. */
static const struct {
    uint16_t op, back, fused;
    uint8_t n;
} tback[] = {
#define IOP(n)
#define TBACK(o, k, b) {SK_IOP_##o, SK_IOP_##b, SK_IOP_##o##__##b, k},
#include "iops.def"
#undef IOP
};

/* ---- emission ---- */

static void unit(lower *L, uint32_t v)
{
    if (SK_LIKELY(L->code.len < L->code.cap)) L->code.data[L->code.len++] = v;
    else if (!SK_VEC_PUSH(L->code, v)) L->oom = true;
}
static uint32_t cell_now(const lower *L) { return L->code.len / 2; }
static void set_unit(lower *L, uint32_t u, uint32_t v)
{
    if (u < L->code.len) L->code.data[u] = v;
}

/* Ends every pending fusion (records of the last instructions that a following one may absorb). */
static void no_fuse(lower *L)
{
    L->last_dst = NONE;
    L->cmp.valid = false;
    L->add.valid = false;
    L->mov.valid = false;
    L->ld.valid = false;
    L->ldn.valid = false;
    L->rot.valid = false;
    L->addm.valid = false;
    L->bin.valid = false;
    L->mul.valid = false;
    L->xr.valid = false;
    L->add2.valid = false;
    L->tri.valid = false;
}
static uint32_t op(lower *L, sk_iop o)
{
    if (L->code.len & 1) unit(L, 0);
    insrec e = {cell_now(L), L->last_dst != NONE ? L->last_dst : L->acc_hint, (uint16_t)o};
    if (!SK_VEC_PUSH(L->ins, e)) L->oom = true;
    L->acc_hint = NONE;
    no_fuse(L); /* a new instruction ends every pending fusion */
    uint32_t start = cell_now(L);
    uint64_t hv = (uint64_t)(uintptr_t)L->h[o];
    unit(L, (uint32_t)hv);
    unit(L, (uint32_t)(hv >> 32));
    return start;
}
static void imm64(lower *L, uint64_t v)
{
    if (L->code.len & 1) unit(L, 0);
    unit(L, (uint32_t)v);
    unit(L, (uint32_t)(v >> 32));
}
static void endi(lower *L)
{
    if (L->code.len & 1) unit(L, 0);
}
/* The instruction starting at `start` has its dst in unit 0: a following local.set may retarget it. */
static void set_dst(lower *L, uint32_t start) { L->last_dst = start * 2 + 2; }
static void pc(lower *L)
{
    sk_pcmap e = {cell_now(L), L->cur_off};
    if (L->pcmap.len && L->pcmap.data[L->pcmap.len - 1].cell == e.cell) {
        L->pcmap.data[L->pcmap.len - 1] = e;
        return;
    }
    if (!SK_VEC_PUSH(L->pcmap, e)) L->oom = true;
}

/* What a compare about to be emitted records of the instruction before it (see cond.ld). */
static ldnote note_ld(const lower *L)
{
    return L->ldn;
}

static void put_handler(lower *L, uint32_t start, sk_iop o)
{
    uint64_t hv = (uint64_t)(uintptr_t)L->h[o];
    set_unit(L, start * 2, (uint32_t)hv);
    set_unit(L, start * 2 + 1, (uint32_t)(hv >> 32));
}
static void set_handler(lower *L, uint32_t start, sk_iop o)
{
    put_handler(L, start, o);
    for (uint32_t k = L->ins.len; k-- > 0;) /* a recent instruction, as a rule the last one */
        if (L->ins.data[k].start == start) {
            L->ins.data[k].io = (uint16_t)o;
            break;
        }
}
/* Drops the code from unit `units` on (instructions about to be replaced by a fused one, or the tail
 * of one being shortened), with the records of the instructions that started there; returns the prev
 * of the first dropped instruction, i.e. what last_dst was before it. Every truncation of the code goes
 * through here, so the accumulator pass never sees a stale record. */
static uint32_t cut_units(lower *L, uint32_t units)
{
    uint32_t prev = NONE;
    L->code.len = units;
    while (L->ins.len && L->ins.data[L->ins.len - 1].start * 2 >= units) prev = L->ins.data[--L->ins.len].prev;
    L->acc_hint = NONE;
    return prev;
}
static uint32_t cut(lower *L, uint32_t start) { return cut_units(L, start * 2); }

/* The slot an add record's instruction writes now (a local.set/tee may have retargeted it). */
static uint32_t add_dst(const lower *L, const addrec *a)
{
    uint32_t u = a->start * 2 + (a->merged ? 5 : 2);
    return u < L->code.len ? L->code.data[u] : NONE;
}
/* Removes the add of record a, the last instruction, so that a fusion can take it over; an I32_ADD2
 * goes back to its first add alone. */
static uint32_t add_drop(lower *L, const addrec *a)
{
    if (a->merged) {
        set_handler(L, a->start, a->first_imm ? SK_IOP_I32_ADD_IMM : SK_IOP_I32_ADD);
        cut_units(L, (a->start + 3) * 2);
        return NONE; /* the first add stays: no accumulator pairing through it */
    }
    return cut(L, a->start);
}

/* A move; directly following moves are merged into one MOV2..MOV8 (same order, one dispatch). */
static void emit_mov1(lower *L, uint32_t dst, uint32_t src)
{
    if (L->mov.valid && L->mov.n < 8) {
        /* the MOVn is the last instruction: append a pair (2 + 2n units, never padded) */
        uint32_t end = L->mov.start * 2 + 2 + 2 * L->mov.n;
        if (end <= L->code.len) {
            L->code.len = end;
            unit(L, dst);
            unit(L, src);
            endi(L);
            L->mov.n++;
            set_handler(L, L->mov.start, (sk_iop)(SK_IOP_MOV + L->mov.n - 1));
            return;
        }
    }
    uint32_t start = op(L, SK_IOP_MOV);
    unit(L, dst);
    unit(L, src);
    endi(L);
    L->mov.valid = true;
    L->mov.start = start;
    L->mov.n = 1;
}
/* A move of a value of w slots: a v128 is two slot moves, low slot first (every overlapping
 * move goes down: dst < src). */
static void emit_mov(lower *L, uint32_t dst, uint32_t src, uint32_t w)
{
    for (uint32_t k = 0; k < w; k++) emit_mov1(L, dst + k, src + k);
}
static void emit_const(lower *L, uint32_t dst, uint64_t c)
{
    if ((c >> 32) == 0) {
        op(L, SK_IOP_CONST32);
        unit(L, dst);
        unit(L, (uint32_t)c);
    } else {
        op(L, SK_IOP_CONST64);
        unit(L, dst);
        imm64(L, c);
    }
    endi(L);
}

/* ---- the abstract operand stack ---- */

/* Slot offset (from the operand stack's base) of stack position i <= height: v128 entries take
 * two slots, so it is the sum of the widths below i. */
static uint32_t slot_at(const lower *L, uint32_t i)
{
    if (i < L->vs.len) return L->vs.data[i].slot;
    if (L->vs.len == 0) return 0;
    const vent *t = &L->vs.data[L->vs.len - 1];
    return t->slot + t->w;
}
static uint32_t home(const lower *L, uint32_t i) { return L->nls + L->kcap + slot_at(L, i); }
static uint32_t type_w(uint8_t t) { return t == SK_V128 ? 2 : 1; }

static void push_w(lower *L, uint8_t kind, uint32_t local, uint64_t c, uint32_t w)
{
    vent e = {kind, (uint8_t)w, slot_at(L, L->vs.len), local, c};
    if (SK_LIKELY(L->vs.len < L->vs.cap)) L->vs.data[L->vs.len++] = e;
    else if (!SK_VEC_PUSH(L->vs, e)) {
        L->oom = true;
        return;
    }
    if (kind == V_LOCAL) L->pend[local]++;
    if (e.slot + w > L->max_h) L->max_h = e.slot + w;
}
static void push(lower *L, uint8_t kind, uint32_t local, uint64_t c)
{
    push_w(L, kind, local, c, kind == V_LOCAL ? L->lw[local] : 1);
}
static void push_slot(lower *L) { push(L, V_SLOT, 0, 0); }
static void push_slot_w(lower *L, uint32_t w) { push_w(L, V_SLOT, 0, 0, w); }

static void pop_n(lower *L, uint32_t n)
{
    if (n > L->vs.len) {
        L->bad = true;
        n = L->vs.len;
    }
    for (uint32_t k = 0; k < n; k++) {
        vent *e = &L->vs.data[--L->vs.len];
        if (e->kind == V_LOCAL) L->pend[e->local]--;
    }
    if (L->solid > L->vs.len) L->solid = L->vs.len;
}

static void materialize(lower *L, uint32_t i)
{
    vent *e = &L->vs.data[i];
    if (e->kind == V_LOCAL) {
        uint32_t l = e->local;
        e->kind = V_SLOT;
        L->pend[l]--;
        emit_mov(L, home(L, i), L->lslot[l], e->w);
    } else if (e->kind == V_CONST) {
        e->kind = V_SLOT;
        emit_const(L, home(L, i), e->c);
    }
}
static void materialize_all(lower *L)
{
    for (uint32_t i = L->solid; i < L->vs.len; i++) materialize(L, i);
    L->solid = L->vs.len;
}
/* Writes pending reads of local x to their home slots (before x is overwritten). */
static void materialize_local(lower *L, uint32_t x)
{
    for (uint32_t i = L->vs.len; i-- > L->solid && L->pend[x] > 0;)
        if (L->vs.data[i].kind == V_LOCAL && L->vs.data[i].local == x) materialize(L, i);
}
/* The slot an instruction can read entry i from: pooled constants are read from their
 * slot, other constants get materialized. */
static uint32_t operand(lower *L, uint32_t i)
{
    vent *e = &L->vs.data[i];
    if (e->kind == V_CONST) {
        uint32_t k = 0;
        while (k < L->pool.len && L->pool.data[k] != e->c) k++;
        if (L->frozen && k < L->kcap) return L->nls + k;
        if (!L->frozen && k == L->pool.len && k < POOL_MAX && !SK_VEC_PUSH(L->pool, e->c)) L->oom = true;
        materialize(L, i);
    }
    return e->kind == V_LOCAL ? L->lslot[e->local] : home(L, i);
}
static bool need(lower *L, uint32_t n)
{
    if (L->vs.len < n) L->bad = true;
    return !L->bad;
}

/* ---- branches ---- */

static uint32_t ctrl_index(lower *L, uint32_t depth)
{
    if (depth >= L->cs.len) {
        L->bad = true;
        return 0;
    }
    return L->cs.len - 1 - depth;
}
static uint32_t label_arity(const ctrl *c) { return c->kind == C_LOOP ? c->np : c->nr; }

/* Points the offset unit `ou` of the branch `io` starting at cell `start` at label `ci`.
 * A branch back to a loop becomes its _BACK variant, which polls for interrupts and fuel
 * (io == SK_IOP_COUNT: a br_table entry; BR_TABLE polls on backward offsets itself). */
static void ref_label(lower *L, uint32_t ou, uint32_t start, uint32_t ci, sk_iop io)
{
    ctrl *c = &L->cs.data[ci];
    if (c->kind == C_LOOP) {
        set_unit(L, ou, c->loop_cell - start);
        if (io >= SK_IOP_LBR32_EQ && io <= SK_IOP_LBR8_GE_U_IMM_BACK) set_handler(L, start, (sk_iop)(io + 20));
        else if (io != SK_IOP_COUNT) set_handler(L, start, (sk_iop)(io + (SK_IOP_BR_BACK - SK_IOP_BR)));
        return;
    }
    patch p = {ou, start, ci};
    if (!SK_VEC_PUSH(L->patches, p)) L->oom = true;
}
static void bind_patches(lower *L, uint32_t ci, uint32_t target)
{
    ctrl *c = &L->cs.data[ci];
    uint32_t w = c->patch_start;
    for (uint32_t r = c->patch_start; r < L->patches.len; r++) {
        patch p = L->patches.data[r];
        if (p.ctrl == ci) set_unit(L, p.unit, target - p.instr);
        else L->patches.data[w++] = p;
    }
    L->patches.len = w;
}

/* Moves the function's results (top of stack) to slots 0.. and returns. */
static void emit_return(lower *L)
{
    uint32_t n = L->cs.data[0].nr;
    if (!need(L, n)) return;
    uint32_t base = L->vs.len - n;
    if (n == 1 && L->vs.data[base].kind == V_SLOT && L->last_dst != NONE && L->last_dst < L->code.len &&
        L->code.data[L->last_dst] == home(L, base)) {
        L->code.data[L->last_dst] = 0; /* the producer writes the result slot directly */
        if (L->add.valid && !L->add.imm && !L->add.merged && L->last_dst == L->add.start * 2 + 2) {
            set_handler(L, L->add.start, SK_IOP_I32_ADD_RET); /* and returns */
            no_fuse(L);
            return;
        }
        op(L, SK_IOP_RET);
        endi(L);
        return;
    }
    if (n == 1 && L->vs.data[base].kind != V_SLOT) { /* one pending value: straight to slot 0 */
        vent *e = &L->vs.data[base];
        if (e->kind == V_CONST) emit_const(L, 0, e->c);
        else if (L->lslot[e->local] != 0) emit_mov(L, 0, L->lslot[e->local], e->w);
        op(L, SK_IOP_RET);
        endi(L);
        return;
    }
    for (uint32_t k = 0; k < n; k++) materialize(L, base + k);
    /* result k goes to its slot offset among the results (moving down, so in order is safe) */
    for (uint32_t k = 0; k < n; k++) {
        uint32_t d = L->vs.data[base + k].slot - L->vs.data[base].slot;
        if (home(L, base + k) != d) emit_mov(L, d, home(L, base + k), L->vs.data[base + k].w);
    }
    op(L, SK_IOP_RET);
    endi(L);
}

/* Does a branch to label ci need code besides the jump (value moves, or a return)? */
static bool needs_moves(lower *L, uint32_t ci)
{
    const ctrl *c = &L->cs.data[ci];
    if (c->kind == C_FUNC) return true;
    uint32_t n = label_arity(c);
    return n > 0 && L->vs.len - n != c->height;
}

/* Unconditional branch to label ci; the stack must be materialized. */
static void emit_jump(lower *L, uint32_t ci)
{
    const ctrl *c = &L->cs.data[ci];
    if (c->kind == C_FUNC) {
        emit_return(L);
        return;
    }
    uint32_t n = label_arity(c);
    if (!need(L, n)) return;
    uint32_t src = L->vs.len - n;
    if (src != c->height)
        for (uint32_t k = 0; k < n; k++) /* the label's values sit at the same offsets from its height */
            emit_mov(L, home(L, c->height) + (L->vs.data[src + k].slot - L->vs.data[src].slot), home(L, src + k),
                     L->vs.data[src + k].w);
    if (c->kind == C_LOOP && L->mov.valid && L->code.len == L->mov.start * 2 + 2 + 2 * L->mov.n) {
        /* back to a loop right after moves: one MOV<k>_BACK; the branch's trap-frame entry at cell k */
        uint32_t ms = L->mov.start, k = L->mov.n;
        set_handler(L, ms, (sk_iop)(SK_IOP_MOV1_BACK + k - 1));
        unit(L, c->loop_cell - (ms + k));
        endi(L);
        sk_pcmap e = {ms + k, L->cur_off};
        if (!SK_VEC_PUSH(L->pcmap, e)) L->oom = true;
        no_fuse(L);
        return;
    }
    pc(L);
    uint32_t start = op(L, SK_IOP_BR);
    uint32_t ou = L->code.len;
    unit(L, 0);
    endi(L);
    ref_label(L, ou, start, ci, SK_IOP_BR);
}

/* Pops a branch condition; fuses it with the compare just emitted when possible. */
static cond pop_cond(lower *L)
{
    cond c;
    memset(&c, 0, sizeof c);
    c.rel = REL_PLAIN;
    if (!need(L, 1)) return c;
    uint32_t top = L->vs.len - 1;
    if (L->vs.data[top].kind == V_SLOT && L->cmp.valid && L->cmp.dst == home(L, top)) {
        c.rel = L->cmp.rel;
        c.imm = L->cmp.imm;
        c.a = L->cmp.a;
        c.b = L->cmp.b;
        addrec pa = L->cmp.padd;
        c.ld = L->cmp.pld;
        c.ld.valid = c.ld.valid && c.ld.start + 3 == L->cmp.start;
        uint32_t prev = cut(L, L->cmp.start); /* drop the compare: the branch does it */
        no_fuse(L);
        L->acc_hint = prev; /* the branch reads the compare's operands: it may pair like the compare */
        pop_n(L, 1);
        /* an add right before, whose result the compare tests: candidates for back-edge fusion */
        uint32_t d = pa.valid ? add_dst(L, &pa) : NONE;
        if (d != NONE && c.rel >= 0 && c.rel < 10) {
            if (c.a != d && !c.imm && c.b == d) { /* n > i  ->  i < n */
                c.rel = rel_swap[c.rel];
                c.b = c.a;
                c.a = d;
            }
            c.has_add = c.a == d && (c.imm || c.b != d);
        } else if (d != NONE && c.rel == REL_EQZ && c.a == d) {
            c.has_add = true; /* v == 0 */
        }
        c.add = pa;
        c.len = L->code.len;
        return c;
    }
    bool pa = L->add.valid;
    addrec ar = L->add;
    c.a = operand(L, top);
    pop_n(L, 1);
    c.has_add = pa && L->add.valid && add_dst(L, &ar) == c.a; /* branch if the add's result != 0 */
    c.add = ar;
    c.len = L->code.len;
    return c;
}

/* Emits the add + compare + backward branch superinstruction for c (see iops.def). */
static void emit_add_backbr(lower *L, cond c, uint32_t ci)
{
    uint32_t dst = add_dst(L, &c.add);
    add_drop(L, &c.add); /* drop the add too: the branch does it */
    no_fuse(L);
    sk_iop base = c.add.imm ? SK_IOP_ABI_NZ_BACK : SK_IOP_AB_NZ_BACK;
    sk_iop io = base;
    bool has_c = c.rel != REL_PLAIN;
    if (c.rel == REL_EQZ) io = (sk_iop)(base + 11 + 0); /* EQ with immediate 0 */
    else if (has_c) io = (sk_iop)(base + (c.imm ? 11 : 1) + c.rel);
    pc(L);
    uint32_t start = op(L, io);
    unit(L, dst);
    unit(L, c.add.a);
    unit(L, c.add.b);
    if (has_c) unit(L, c.rel == REL_EQZ ? 0 : c.b);
    uint32_t ou = L->code.len;
    unit(L, 0);
    endi(L);
    set_unit(L, ou, L->cs.data[ci].loop_cell - start);
}

/* Emits a conditional branch on c (inverted when inv); returns its first cell, *ou its
 * offset unit and *io the instruction used. */
static uint32_t emit_condbr(lower *L, cond c, bool inv, uint32_t *ou, sk_iop *io)
{
    uint32_t start;
    pc(L);
    if (c.rel == REL_PLAIN || c.rel == REL_EQZ) {
        bool z = (c.rel == REL_EQZ) != inv;
        *io = z ? SK_IOP_BR_Z : SK_IOP_BR_NZ;
        start = op(L, *io);
        unit(L, c.a);
    } else if (c.rel == REL64_EQZ) {
        *io = inv ? SK_IOP_BR_NZ64 : SK_IOP_BR_Z64;
        start = op(L, *io);
        unit(L, c.a);
    } else if (c.rel >= REL64) {
        int r = inv ? rel_invert[c.rel - REL64] : c.rel - REL64;
        *io = (sk_iop)(SK_IOP_BR64_EQ + r);
        start = op(L, *io);
        unit(L, c.a);
        unit(L, c.b);
    } else {
        int r = inv ? rel_invert[c.rel] : c.rel;
        *io = (sk_iop)((c.imm ? SK_IOP_BR_EQ_IMM : SK_IOP_BR_EQ) + r);
        start = op(L, *io);
        unit(L, c.a);
        unit(L, c.b);
    }
    *ou = L->code.len;
    unit(L, 0);
    endi(L);
    return start;
}

/* A conditional branch on an i32 compare whose operand was loaded by the instruction right before it (c.ld):
 * both in one LBR instruction, in place of the load. The load keeps writing its dst (it may be a local read
 * again) and its trap-frame entry (cell 0); the branch's entry goes to cell 2. Returns false (nothing
 * emitted) when c does not have that shape. */
static bool emit_ldbr(lower *L, cond c, bool inv, uint32_t *ou, uint32_t *startp, sk_iop *iop)
{
    if (!c.ld.valid || c.rel < 0 || c.rel >= 10 || L->code.len != c.len || c.len != (c.ld.start + 3) * 2 ||
        !L->pcmap.len || L->pcmap.data[L->pcmap.len - 1].cell != c.ld.start)
        return false;
    const uint32_t *u = L->code.data + c.ld.start * 2;
    uint32_t d = u[2], addr = u[3], off = u[4];
    int r = c.rel;
    uint32_t b = c.b;
    if (c.a != d) {
        if (c.imm || c.b != d) return false;
        r = rel_swap[r]; /* b rel v  ->  v swap(rel) b */
        b = c.a;
    }
    if (inv) r = rel_invert[r];
    uint32_t prev = cut(L, c.ld.start);
    no_fuse(L);
    L->acc_hint = prev;
    sk_iop io = (sk_iop)(SK_IOP_LBR32_EQ + (c.ld.io == SK_IOP_LD_I32_8U ? 40 : 0) + (c.imm ? 10 : 0) + r);
    uint32_t start = op(L, io);
    unit(L, d);
    unit(L, addr);
    unit(L, off);
    unit(L, b);
    *ou = L->code.len;
    unit(L, 0);
    endi(L);
    sk_pcmap e = {start + 2, L->cur_off};
    if (!SK_VEC_PUSH(L->pcmap, e)) L->oom = true;
    *startp = start;
    *iop = io;
    return true;
}

/* A forward br_if on an i32.eq/ne of two byte loads in the LDX form, the last two instructions (no label
 * since the first), whose values are dead temporaries: one LLBR8 in their place. The loads' trap-frame
 * entries go to cells 0 and 2. Returns false (nothing emitted) otherwise; *basep: the cell the branch
 * offset counts from. */
static bool emit_llbr(lower *L, cond c, uint32_t *ou, uint32_t *basep)
{
    uint32_t n = L->ins.len, np = L->pcmap.len;
    if ((c.rel != 0 && c.rel != 1) || c.imm || L->code.len != c.len || n < 2 || np < 2) return false;
    const insrec *i1 = &L->ins.data[n - 2], *i2 = &L->ins.data[n - 1];
    if (i1->io != SK_IOP_LDX_I32_8U || i2->io != SK_IOP_LDX_I32_8U || i2->start != i1->start + 3 ||
        c.len != (i2->start + 3) * 2 || L->label_cell > i1->start || L->pcmap.data[np - 2].cell != i1->start ||
        L->pcmap.data[np - 1].cell != i2->start)
        return false;
    const uint32_t *u1 = L->code.data + i1->start * 2 + 2, *u2 = L->code.data + i2->start * 2 + 2;
    uint32_t d1 = u1[0], d2 = u2[0], temps = L->nls + L->kcap;
    if (d1 == d2 || d1 < temps || d2 < temps || !((c.a == d1 && c.b == d2) || (c.a == d2 && c.b == d1)) ||
        u2[1] == d1 || u2[2] == d1)
        return false;
    uint32_t a1 = u1[1], b1 = u1[2], off1 = u1[3], a2 = u2[1], b2 = u2[2], off2 = u2[3];
    uint32_t w1 = L->pcmap.data[np - 2].off, w2 = L->pcmap.data[np - 1].off;
    L->pcmap.len -= 2;
    cut(L, i1->start);
    no_fuse(L);
    uint32_t start = op(L, c.rel == 0 ? SK_IOP_LLBR8_EQ : SK_IOP_LLBR8_NE);
    unit(L, a1);
    unit(L, b1);
    unit(L, off1);
    unit(L, a2);
    unit(L, b2);
    unit(L, off2);
    *ou = L->code.len;
    unit(L, 0);
    endi(L);
    sk_pcmap e1 = {start, w1}, e2 = {start + 2, w2};
    if (!SK_VEC_PUSH(L->pcmap, e1) || !SK_VEC_PUSH(L->pcmap, e2)) L->oom = true;
    *basep = start + 2;
    return true;
}

/* ---- reading ---- */

/* Reader wrappers that always define their output (reader.h reports errors through
 * sk_err(), which the compiler cannot see always returns false). */
static inline bool rd_u8(sk_reader *r, uint8_t *out)
{
    *out = 0;
    return sk_read_u8(r, out);
}
static inline bool rd_sleb(sk_reader *r, unsigned bits, int64_t *out)
{
    *out = 0;
    return sk_read_sleb(r, bits, out);
}
static inline bool rd_u32(sk_reader *r, uint32_t *out)
{
    uint64_t v = 0;
    bool ok = sk_read_uleb(r, 32, &v);
    *out = (uint32_t)v;
    return ok;
}
static inline bool rd_bytes(sk_reader *r, size_t n, const uint8_t **out)
{
    *out = NULL;
    return sk_read_bytes(r, n, out);
}

static bool read_op(sk_reader *r, sk_op *out)
{
    uint8_t b;
    if (!rd_u8(r, &b)) return false;
    uint32_t code = b;
    uint8_t prefix = 0;
    if (b == 0xFC || b == 0xFD) {
        prefix = b;
        if (!rd_u32(r, &code)) return false;
    }
    *out = sk_op_lookup(prefix, code);
    return *out != SK_OP_INVALID;
}

static bool skip_imm(const sk_module *m, sk_reader *r, uint8_t kind)
{
    uint32_t a;
    int64_t s;
    uint8_t b;
    const uint8_t *p;
    switch (kind) {
    case SK_IMM_NONE: return true;
    case SK_IMM_BLOCKTYPE: {
        sk_blocktype bt;
        return sk_read_blocktype(m, r, &bt);
    }
    case SK_IMM_LABEL:
    case SK_IMM_FUNC:
    case SK_IMM_LOCAL:
    case SK_IMM_GLOBAL:
    case SK_IMM_TABLE:
    case SK_IMM_DATA:
    case SK_IMM_ELEM: return rd_u32(r, &a);
    case SK_IMM_BR_TABLE: {
        uint32_t n;
        if (!rd_u32(r, &n)) return false;
        for (uint64_t k = 0; k <= n; k++)
            if (!rd_u32(r, &a)) return false;
        return true;
    }
    case SK_IMM_CALL_INDIRECT:
    case SK_IMM_MEMARG:
    case SK_IMM_TABLE_INIT:
    case SK_IMM_TABLE_COPY: return rd_u32(r, &a) && rd_u32(r, &a);
    case SK_IMM_MEMIDX:
    case SK_IMM_REFTYPE:
    case SK_IMM_LANE: return rd_u8(r, &b);
    case SK_IMM_I32: return rd_sleb(r, 32, &s);
    case SK_IMM_I64: return rd_sleb(r, 64, &s);
    case SK_IMM_F32: return rd_bytes(r, 4, &p);
    case SK_IMM_F64: return rd_bytes(r, 8, &p);
    case SK_IMM_SELECT_T: {
        uint32_t n;
        return rd_u32(r, &n) && rd_bytes(r, n, &p);
    }
    case SK_IMM_MEMORY_INIT: return rd_u32(r, &a) && rd_u8(r, &b);
    case SK_IMM_MEMORY_COPY: return rd_u8(r, &b) && rd_u8(r, &b);
    case SK_IMM_V128:
    case SK_IMM_SHUFFLE: return rd_bytes(r, 16, &p);
    case SK_IMM_MEMARG_LANE: return rd_u32(r, &a) && rd_u32(r, &a) && rd_u8(r, &b);
    }
    return false;
}

/* After br/br_table/return/unreachable: skips to the matching else/end (left unread). */
static void skip_dead(lower *L, sk_reader *r)
{
    uint32_t depth = 0;
    for (;;) {
        const uint8_t *save = r->p;
        sk_op o;
        if (!read_op(r, &o)) {
            L->bad = true;
            return;
        }
        if (o == SK_OP_END || o == SK_OP_ELSE) {
            if (depth == 0) {
                r->p = save;
                break;
            }
            if (o == SK_OP_END) depth--;
            continue;
        }
        if (o == SK_OP_BLOCK || o == SK_OP_LOOP || o == SK_OP_IF) depth++;
        if (!skip_imm(L->m, r, sk_op_info(o)->imm)) {
            L->bad = true;
            return;
        }
    }
    L->unreach = true;
    no_fuse(L);
}

/* ---- instruction groups ---- */

static void lower_unop(lower *L, sk_iop io)
{
    if (!need(L, 1)) return;
    uint32_t top = L->vs.len - 1;
    if (io == SK_IOP_I64_EXTEND_I32_U && L->vs.data[top].kind == V_SLOT && L->cmp.valid &&
        L->cmp.dst == home(L, top) && L->last_dst == L->cmp.start * 2 + 2) {
        /* of a compare just emitted: its slot already holds the 0 or 1 zero-extended, nothing to do
         * (the compare stays retargetable by a local.set, but is no longer an i32 branch condition) */
        L->cmp.valid = false;
        L->bin.valid = false;
        return;
    }
    uint32_t a = operand(L, top);
    pop_n(L, 1);
    uint32_t dst = home(L, top);
    push_slot(L);
    L->cmp.padd = L->add;
    L->cmp.pld = note_ld(L);
    uint32_t start = op(L, io);
    unit(L, dst);
    unit(L, a);
    endi(L);
    set_dst(L, start);
    if (io == SK_IOP_I32_EQZ || io == SK_IOP_I64_EQZ) {
        L->cmp.valid = true;
        L->cmp.rel = io == SK_IOP_I32_EQZ ? REL_EQZ : REL64_EQZ;
        L->cmp.imm = false;
        L->cmp.start = start;
        L->cmp.a = a;
        L->cmp.dst = dst;
    }
}

/* i32/i64 ops with an immediate form; *neg for sub (turned into add of -c). */
static sk_iop imm_form(sk_op o, bool *neg)
{
    *neg = false;
    switch (o) {
    case SK_OP_I32_SUB: *neg = true; /* fallthrough */
    case SK_OP_I32_ADD: return SK_IOP_I32_ADD_IMM;
    case SK_OP_I32_MUL: return SK_IOP_I32_MUL_IMM;
    case SK_OP_I32_AND: return SK_IOP_I32_AND_IMM;
    case SK_OP_I32_OR: return SK_IOP_I32_OR_IMM;
    case SK_OP_I32_XOR: return SK_IOP_I32_XOR_IMM;
    case SK_OP_I32_SHL: return SK_IOP_I32_SHL_IMM;
    case SK_OP_I32_SHR_S: return SK_IOP_I32_SHR_S_IMM;
    case SK_OP_I32_SHR_U: return SK_IOP_I32_SHR_U_IMM;
    case SK_OP_I64_SUB: *neg = true; /* fallthrough */
    case SK_OP_I64_ADD: return SK_IOP_I64_ADD_IMM;
    case SK_OP_I64_MUL: return SK_IOP_I64_MUL_IMM;
    case SK_OP_I64_AND: return SK_IOP_I64_AND_IMM;
    case SK_OP_I64_OR: return SK_IOP_I64_OR_IMM;
    case SK_OP_I64_XOR: return SK_IOP_I64_XOR_IMM;
    case SK_OP_I64_SHL: return SK_IOP_I64_SHL_IMM;
    case SK_OP_I64_SHR_S: return SK_IOP_I64_SHR_S_IMM;
    case SK_OP_I64_SHR_U: return SK_IOP_I64_SHR_U_IMM;
    default: break;
    }
    if (o >= SK_OP_I32_EQ && o <= SK_OP_I32_GE_U) return (sk_iop)(SK_IOP_I32_EQ_IMM + (o - SK_OP_I32_EQ));
    return SK_IOP_COUNT;
}
static bool commutes(sk_op o)
{
    switch (o) {
    case SK_OP_I32_ADD:
    case SK_OP_I32_MUL:
    case SK_OP_I32_AND:
    case SK_OP_I32_OR:
    case SK_OP_I32_XOR:
    case SK_OP_I64_ADD:
    case SK_OP_I64_MUL:
    case SK_OP_I64_AND:
    case SK_OP_I64_OR:
    case SK_OP_I64_XOR: return true;
    default: return o >= SK_OP_I32_EQ && o <= SK_OP_I32_GE_U; /* with the relation swapped */
    }
}

/* Is `x o c` just x? (then no instruction is needed) */
static bool is_identity(sk_op o, uint64_t c)
{
    switch (o) {
    case SK_OP_I32_ADD:
    case SK_OP_I32_SUB:
    case SK_OP_I32_OR:
    case SK_OP_I32_XOR: return (uint32_t)c == 0;
    case SK_OP_I32_SHL:
    case SK_OP_I32_SHR_S:
    case SK_OP_I32_SHR_U: return (c & 31) == 0;
    case SK_OP_I32_MUL: return (uint32_t)c == 1;
    case SK_OP_I32_AND: return (uint32_t)c == UINT32_MAX;
    case SK_OP_I64_ADD:
    case SK_OP_I64_SUB:
    case SK_OP_I64_OR:
    case SK_OP_I64_XOR: return c == 0;
    case SK_OP_I64_SHL:
    case SK_OP_I64_SHR_S:
    case SK_OP_I64_SHR_U: return (c & 63) == 0;
    case SK_OP_I64_MUL: return c == 1;
    case SK_OP_I64_AND: return c == UINT64_MAX;
    default: return false;
    }
}

/* Binary ops with a memory-operand form (iops.def *_M). */
static sk_iop mem_form(sk_op o)
{
    switch (o) {
    case SK_OP_F64_ADD: return SK_IOP_F64_ADD_M;
    case SK_OP_F64_SUB: return SK_IOP_F64_SUB_M;
    case SK_OP_F64_MUL: return SK_IOP_F64_MUL_M;
    case SK_OP_F64_DIV: return SK_IOP_F64_DIV_M;
    case SK_OP_F32_ADD: return SK_IOP_F32_ADD_M;
    case SK_OP_F32_SUB: return SK_IOP_F32_SUB_M;
    case SK_OP_F32_MUL: return SK_IOP_F32_MUL_M;
    case SK_OP_F32_DIV: return SK_IOP_F32_DIV_M;
    case SK_OP_I32_ADD: return SK_IOP_I32_ADD_M;
    case SK_OP_I32_SUB: return SK_IOP_I32_SUB_M;
    case SK_OP_I32_MUL: return SK_IOP_I32_MUL_M;
    case SK_OP_I32_AND: return SK_IOP_I32_AND_M;
    case SK_OP_I32_OR: return SK_IOP_I32_OR_M;
    case SK_OP_I32_XOR: return SK_IOP_I32_XOR_M;
    case SK_OP_I64_ADD: return SK_IOP_I64_ADD_M;
    case SK_OP_I64_SUB: return SK_IOP_I64_SUB_M;
    case SK_OP_I64_MUL: return SK_IOP_I64_MUL_M;
    case SK_OP_I64_AND: return SK_IOP_I64_AND_M;
    case SK_OP_I64_OR: return SK_IOP_I64_OR_M;
    case SK_OP_I64_XOR: return SK_IOP_I64_XOR_M;
    default: return SK_IOP_COUNT;
    }
}
/* Replaces the i32.rotl just emitted: dst = c ^ rotl(a, k). Neither op traps (no trap-frame
 * entry), and every operand is read before dst is written, as in the pair. */
static void emit_xor_rotl(lower *L, uint32_t dst, uint32_t c)
{
    uint32_t a = L->rot.a, k = L->rot.k;
    struct xrrec x = L->rot.prev;
    /* c is the result of a rotation chain just before this rotl, and a temporary: extend the chain */
    if (x.valid && x.n < 3 && x.dst == c && c >= L->nls + L->kcap && x.start + x.cells == L->rot.start) {
        cut(L, x.start);
        no_fuse(L);
        pop_n(L, 2);
        push_slot(L);
        x.a[x.n] = a;
        x.k[x.n] = k;
        x.n++;
        /* rotations of one value by pooled constants: the amounts as immediates (the _I forms) */
        bool imm = L->frozen;
        for (uint32_t i = 0; i < x.n; i++)
            imm = imm && x.a[i] == x.a[0] && x.k[i] >= L->nls && x.k[i] < L->nls + L->kcap;
        uint32_t start = op(L, x.n == 2 ? (imm ? SK_IOP_I32_ROTL_XRI : SK_IOP_I32_ROTL_XR)
                                        : (imm ? SK_IOP_I32_ROT3I : SK_IOP_I32_ROT3));
        unit(L, dst);
        if (imm) unit(L, x.a[0]);
        for (uint32_t i = 0; i < x.n; i++) {
            if (!imm) unit(L, x.a[i]);
            unit(L, imm ? (uint32_t)L->pool.data[x.k[i] - L->nls] & 31 : x.k[i]);
        }
        endi(L);
        set_dst(L, start);
        x.start = start;
        x.cells = cell_now(L) - start;
        x.dst = dst;
        L->xr = x;
        return;
    }
    uint32_t prev = cut(L, L->rot.start);
    no_fuse(L);
    L->acc_hint = prev; /* c may be the result of the instruction before the rotl */
    pop_n(L, 2);
    push_slot(L);
    uint32_t start = op(L, SK_IOP_I32_XOR_ROTL);
    unit(L, dst);
    unit(L, c);
    unit(L, a);
    unit(L, k);
    endi(L);
    set_dst(L, start);
}
/* May the loaded operand be the first one (x op y == y op x; for floats only NaN payload
 * choice differs, which the spec leaves open)? */
static bool mem_commutes(sk_op o)
{
    return o != SK_OP_F64_SUB && o != SK_OP_F64_DIV && o != SK_OP_F32_SUB && o != SK_OP_F32_DIV &&
           o != SK_OP_I32_SUB && o != SK_OP_I64_SUB;
}

/* Replaces the load just emitted by `mio`, which reads that memory itself: dst = other op mem.
 * The load's trap-frame entry stays valid: the new instruction starts at the same cell. */
static void emit_mem_op(lower *L, sk_iop mio, uint32_t dst, uint32_t other)
{
    uint32_t addr = L->ld.addr, imm = L->ld.imm, off = L->ld.off, a2start = L->ld.a2start;
    sk_iop a2io = L->ld.a2io;
    bool mi = L->ld.io == SK_IOP_LDI_I32 || L->ld.io == SK_IOP_LDI_I64;
    struct mulrec pm = L->ld.pm;
    uint32_t prev = cut(L, L->ld.start);
    no_fuse(L);
    L->acc_hint = prev; /* `other` may be the result of the instruction before the load */
    pop_n(L, 2);
    push_slot(L);
    uint32_t start = op(L, mi ? (sk_iop)(mio + (SK_IOP_F64_ADD_MI - SK_IOP_F64_ADD_M)) : mio);
    unit(L, dst);
    unit(L, other);
    unit(L, addr);
    if (mi) unit(L, imm);
    unit(L, off);
    endi(L);
    set_dst(L, start);
    if (mio == SK_IOP_F64_MUL_M) {
        L->mul.valid = true;
        L->mul.start = start;
        L->mul.cells = cell_now(L) - start;
        L->mul.dst = dst;
        L->mul.k = other;
        L->mul.addr = addr;
        L->mul.imm = mi ? imm : 0;
        L->mul.off = off;
        L->mul.a2start = a2start;
        L->mul.a2io = a2io;
    }
    if (mio == SK_IOP_F64_ADD_M && !mi) {
        L->addm.pm = pm;
        L->addm.valid = true;
        L->addm.start = start;
        L->addm.dst = dst;
        L->addm.a = other;
        L->addm.addr = addr;
        L->addm.off = off;
    }
}

/* The fusable pairs (fuse_ops.h) as data: FIRST's internal op, SECOND's wasm op, where the temporary may
 * sit among SECOND's operands, whether c is an immediate, and the fused op. */
enum { FS_L = 1, FS_R = 2, FS_E = 3, FC_S = 0, FC_I = 1 };
typedef struct fuse_pair {
    uint16_t first, second, fused;
    uint8_t side, cimm;
} fuse_pair;
static const fuse_pair fuse_pairs[] = {
#define SK_FUSE_ROW_(NAME, K, FIRST, BK, E1, SECOND, SIDE, CK, E2) \
    {SK_IOP_##FIRST, SK_OP_##SECOND, SK_IOP_##NAME, FS_##SIDE, FC_##CK},
    SK_FUSE_PAIRS(SK_FUSE_ROW_)
#undef SK_FUSE_ROW_
};

/* The NAME_ADD chain form of each pair of SK_FUSE_PAIRS_ADD (0: none) */
static const uint16_t pair_add[SK_IOP_COUNT] = {
#define SK_FUSE_ADD_ROW_(NAME, ...) [SK_IOP_##NAME] = SK_IOP_##NAME##_ADD,
    SK_FUSE_PAIRS_ADD(SK_FUSE_ADD_ROW_)
#undef SK_FUSE_ADD_ROW_
};

/* Second half of a pair: the binop `o` on entries p, p+1 consumes the result of the binop just emitted
 * (L->bin) as a dead temporary. Replaces both by one SK_FUSE_PAIRS op; returns false if no pair fits.
 * Neither op traps, so no trap-frame entry is involved; every operand is read before dst is written. */
static bool fuse_pair_try(lower *L, sk_op o, uint32_t p)
{
    const vent *ea = &L->vs.data[p], *eb = &L->vs.data[p + 1];
    bool tl = ea->kind == V_SLOT && home(L, p) == L->bin.dst;
    bool tr = !tl && eb->kind == V_SLOT && home(L, p + 1) == L->bin.dst;
    if (!tl && !tr) return false;
    uint32_t oi = tl ? p + 1 : p;
    const vent *oe = &L->vs.data[oi];
    bool cimm = oe->kind == V_CONST && (oe->c >> 32) == 0;
    const fuse_pair *f = NULL;
    for (size_t k = 0; k < SK_ARRAY_LEN(fuse_pairs); k++) {
        const fuse_pair *q = &fuse_pairs[k];
        if (q->first != L->bin.io || q->second != o || !(q->side & (tl ? FS_L : FS_R))) continue;
        if (q->cimm == FC_I ? cimm : !f) f = q;
        if (f && f->cimm == FC_I) break;
    }
    if (!f) return false;
    uint32_t c;
    if (f->cimm == FC_I) {
        c = (uint32_t)oe->c;
    } else {
        c = operand(L, oi);
        if (!L->bin.valid) return false; /* the operand needed code of its own */
    }
    uint32_t a = L->bin.a, b = L->bin.b, dst = home(L, p);
    cut(L, L->bin.start);
    no_fuse(L);
    pop_n(L, 2);
    push_slot(L);
    uint32_t start = op(L, (sk_iop)f->fused);
    unit(L, dst);
    unit(L, a);
    unit(L, b);
    unit(L, c);
    endi(L);
    set_dst(L, start);
    if (pair_add[f->fused]) {
        L->tri.valid = true;
        L->tri.io = (sk_iop)pair_add[f->fused];
        L->tri.start = start;
        L->tri.dst = dst;
        L->tri.a = a;
        L->tri.b = b;
        L->tri.c = c;
    }
    return true;
}

/* An i32.add on entries p, p+1 of the result of the pair just emitted (L->tri, a dead temporary) and d: the
 * pair's NAME_ADD form. Returns false if it does not fit. */
static bool pair_add_try(lower *L, uint32_t p)
{
    const vent *ea = &L->vs.data[p], *eb = &L->vs.data[p + 1];
    uint32_t t = L->tri.dst;
    if (t < L->nls + L->kcap) return false;
    bool tl = ea->kind == V_SLOT && home(L, p) == t;
    if (!tl && !(eb->kind == V_SLOT && home(L, p + 1) == t)) return false;
    uint32_t d = operand(L, tl ? p + 1 : p);
    if (!L->tri.valid) return false; /* the operand needed code of its own */
    uint32_t a = L->tri.a, b = L->tri.b, c = L->tri.c, dst = home(L, p), n = L->ins.len, cut_at = L->tri.start;
    sk_iop io = L->tri.io;
    /* c from an I32_ROTL_XRI of the same a right before (a dead temporary, no label between): all in one */
    const insrec *ix = n >= 2 ? &L->ins.data[n - 2] : NULL;
    const uint32_t *ux = ix ? L->code.data + ix->start * 2 + 2 : NULL;
    bool xri = io == SK_IOP_I32_SHRUI_XOR_ADD && ix && ix->io == SK_IOP_I32_ROTL_XRI && ix->start + 3 == cut_at &&
               L->label_cell <= ix->start && ux[0] == c && ux[1] == a && c != a && c >= L->nls + L->kcap;
    uint32_t k1 = xri ? ux[2] : 0, k2 = xri ? ux[3] : 0;
    if (xri) cut_at = ix->start;
    cut(L, cut_at);
    no_fuse(L);
    pop_n(L, 2);
    push_slot(L);
    uint32_t start = op(L, xri ? SK_IOP_I32_XRI_SHRUI_ADD : io);
    unit(L, dst);
    unit(L, a);
    if (xri) {
        unit(L, k1);
        unit(L, k2);
        unit(L, b);
    } else {
        unit(L, b);
        unit(L, c);
    }
    unit(L, d);
    endi(L);
    set_dst(L, start);
    return true;
}

/* An i32.add on entries p, p+1 of the result of the I32_ROT3I just emitted (L->xr, a dead temporary) and c:
 * one I32_ROT3I_ADD. Returns false if it does not fit (nothing changed). */
static bool rot3i_add_try(lower *L, uint32_t p)
{
    const vent *ea = &L->vs.data[p], *eb = &L->vs.data[p + 1];
    uint32_t n = L->ins.len, t = L->xr.dst;
    if (!n || L->ins.data[n - 1].io != SK_IOP_I32_ROT3I || L->ins.data[n - 1].start != L->xr.start ||
        t < L->nls + L->kcap)
        return false;
    bool tl = ea->kind == V_SLOT && home(L, p) == t;
    if (!tl && !(eb->kind == V_SLOT && home(L, p + 1) == t)) return false;
    uint32_t c = operand(L, tl ? p + 1 : p);
    if (!L->xr.valid) return false; /* the operand needed code of its own */
    uint32_t k[4], dst = home(L, p);
    memcpy(k, L->code.data + L->xr.start * 2 + 3, sizeof k); /* a, k1, k2, k3 */
    cut(L, L->xr.start);
    no_fuse(L);
    pop_n(L, 2);
    push_slot(L);
    uint32_t start = op(L, SK_IOP_I32_ROT3I_ADD);
    unit(L, dst);
    for (int i = 0; i < 4; i++) unit(L, k[i]);
    unit(L, c);
    endi(L);
    set_dst(L, start);
    return true;
}

static void lower_binop(lower *L, sk_op o, sk_iop io)
{
    if (!need(L, 2)) return;
    uint32_t p = L->vs.len - 2;
    vent *ea = &L->vs.data[p], *eb = &L->vs.data[p + 1];
    bool neg, is_cmp = o >= SK_OP_I32_EQ && o <= SK_OP_I32_GE_U;
    bool is_cmp64 = o >= SK_OP_I64_EQ && o <= SK_OP_I64_GE_U;
    sk_iop imm_io = imm_form(o, &neg);
    bool is64 = o >= SK_OP_I64_ADD && o <= SK_OP_I64_SHR_U;
    int rel = is_cmp ? (int)(o - SK_OP_I32_EQ) : is_cmp64 ? (int)(o - SK_OP_I64_EQ) : 0;
    uint32_t a, b, start, dst = home(L, p);
    uint64_t imm64v = 0;
    addrec prev_add = L->add; /* an add that is the last instruction (its result may be stored already) */
    struct xrrec prev_xr = L->xr;
    if (imm_io != SK_IOP_COUNT && eb->kind == V_CONST && is_identity(o, eb->c)) {
        pop_n(L, 1); /* x op identity == x: the operand stays as it is */
        return;
    }
    if (L->bin.valid && fuse_pair_try(L, o, p)) return;
    if (o == SK_OP_I32_ADD && L->xr.valid && rot3i_add_try(L, p)) return;
    if (o == SK_OP_I32_ADD && L->tri.valid && pair_add_try(L, p)) return;
    if (imm_io != SK_IOP_COUNT && (eb->kind == V_CONST || (ea->kind == V_CONST && commutes(o)))) {
        uint64_t c;
        if (eb->kind == V_CONST) {
            c = eb->c;
            a = operand(L, p);
        } else {
            c = ea->c;
            a = operand(L, p + 1);
            if (is_cmp) {
                rel = rel_swap[rel];
                imm_io = (sk_iop)(SK_IOP_I32_EQ_IMM + rel);
            }
        }
        if (neg) c = (uint64_t)0 - c;
        imm64v = c;
        pop_n(L, 2);
        push_slot(L);
        L->cmp.padd = L->add;
        L->cmp.pld = note_ld(L);
        start = op(L, imm_io);
        unit(L, dst);
        unit(L, a);
        if (is64) imm64(L, c);
        else unit(L, (uint32_t)c);
        endi(L);
        b = (uint32_t)c;
    } else {
        /* an operand loaded by the instruction just before: read memory directly instead */
        sk_iop mio = mem_form(o);
        bool w64 = o == SK_OP_F64_ADD || o == SK_OP_F64_SUB || o == SK_OP_F64_MUL || o == SK_OP_F64_DIV ||
                   (o >= SK_OP_I64_ADD && o <= SK_OP_I64_XOR);
        bool ldok = mio != SK_IOP_COUNT && L->ld.valid &&
                    (L->ld.io == (w64 ? SK_IOP_LD_I64 : SK_IOP_LD_I32) ||
                     L->ld.io == (w64 ? SK_IOP_LDI_I64 : SK_IOP_LDI_I32));
        if (ldok && eb->kind == V_SLOT && L->ld.dst == home(L, p + 1)) {
            a = operand(L, p);
            if (L->ld.valid) {
                emit_mem_op(L, mio, dst, a);
                return;
            }
        } else if (ldok && ea->kind == V_SLOT && L->ld.dst == home(L, p) && mem_commutes(o)) {
            b = operand(L, p + 1);
            if (L->ld.valid) {
                emit_mem_op(L, mio, dst, b);
                return;
            }
        }
        /* c ^ rotl(a, k) with the rotl just before: one instruction, its temporary never written */
        if (o == SK_OP_I32_XOR && L->rot.valid) {
            bool top = eb->kind == V_SLOT && L->rot.dst == home(L, p + 1);
            if (top || (ea->kind == V_SLOT && L->rot.dst == home(L, p))) {
                uint32_t c = operand(L, top ? p : p + 1);
                if (L->rot.valid) {
                    emit_xor_rotl(L, dst, c);
                    return;
                }
            }
        }
        a = operand(L, p);
        b = operand(L, p + 1);
        /* b is the result of the instruction just before: swap the operands so that it is the one
         * (U1) the accumulator pass can pass in a register */
        if (a != b && L->last_dst != NONE && L->last_dst < L->code.len && L->code.data[L->last_dst] == b &&
            (commutes(o) || is_cmp64)) {
            b = a;
            a = L->code.data[L->last_dst];
            if (is_cmp) {
                rel = rel_swap[rel];
                io = (sk_iop)(SK_IOP_I32_EQ + rel);
            } else if (is_cmp64) {
                rel = rel_swap[rel];
                io = (sk_iop)(SK_IOP_I64_EQ + rel);
            }
        }
        pop_n(L, 2);
        push_slot(L);
        switch (o) {
        case SK_OP_I32_DIV_S:
        case SK_OP_I32_DIV_U:
        case SK_OP_I32_REM_S:
        case SK_OP_I32_REM_U:
        case SK_OP_I64_DIV_S:
        case SK_OP_I64_DIV_U:
        case SK_OP_I64_REM_S:
        case SK_OP_I64_REM_U: pc(L); break;
        default: break;
        }
        L->cmp.padd = L->add;
        L->cmp.pld = note_ld(L);
        start = op(L, io);
        unit(L, dst);
        unit(L, a);
        unit(L, b);
        endi(L);
        imm_io = SK_IOP_COUNT; /* marks the register form for the compare record */
    }
    set_dst(L, start);
    if (imm_io == SK_IOP_COUNT || !is64 || (imm64v >> 32) == 0) {
        /* a candidate first half of a pair (an i64 immediate only when it fits in 32 bits) */
        L->bin.valid = true;
        L->bin.io = imm_io == SK_IOP_COUNT ? io : imm_io;
        L->bin.start = start;
        L->bin.dst = dst;
        L->bin.a = a;
        L->bin.b = b;
    }
    if (o == SK_OP_I32_ROTL && imm_io == SK_IOP_COUNT) {
        L->rot.prev = prev_xr;
        L->rot.prev.valid = prev_xr.valid && prev_xr.start + prev_xr.cells == start;
        L->xr.valid = true;
        L->xr.start = start;
        L->xr.cells = cell_now(L) - start;
        L->xr.dst = dst;
        L->xr.n = 1;
        L->xr.a[0] = a;
        L->xr.k[0] = b;
        L->rot.valid = true;
        L->rot.start = start;
        L->rot.dst = dst;
        L->rot.a = a;
        L->rot.k = b;
    }
    bool is_add = o == SK_OP_I32_ADD || (o == SK_OP_I32_SUB && imm_io != SK_IOP_COUNT);
    if (is_add && prev_add.valid && !prev_add.merged && prev_add.start + 3 == start && !L->oom) {
        /* right after another add: both in one I32_ADD2 (3 + 3 units; the first one's padding unit is
         * where the second begins) */
        uint32_t p0 = prev_add.start * 2;
        cut_units(L, p0 + 5);
        no_fuse(L);
        unit(L, dst);
        unit(L, a);
        unit(L, b);
        endi(L);
        sk_iop a2 = (sk_iop)(SK_IOP_I32_ADD2_SS + (prev_add.imm ? 2 : 0) + (imm_io != SK_IOP_COUNT ? 1 : 0));
        set_handler(L, prev_add.start, a2);
        L->last_dst = p0 + 5;
        L->add2.valid = true;
        L->add2.io = a2;
        L->add2.start = prev_add.start;
        addrec m2 = {true, imm_io != SK_IOP_COUNT, prev_add.start, a, b, dst, true, prev_add.imm};
        L->add = m2;
        return;
    }
    if (is_add) {
        L->add.merged = false;
        L->add.valid = true;
        L->add.imm = imm_io != SK_IOP_COUNT;
        L->add.start = start;
        L->add.a = a;
        L->add.b = b;
        L->add.dst = dst;
    }
    if (is_cmp64) {
        L->cmp.valid = true;
        L->cmp.rel = REL64 + rel;
        L->cmp.imm = false;
        L->cmp.start = start;
        L->cmp.a = a;
        L->cmp.b = b;
        L->cmp.dst = dst;
    }
    if (is_cmp) {
        L->cmp.valid = true;
        L->cmp.rel = rel;
        L->cmp.imm = imm_io != SK_IOP_COUNT;
        L->cmp.start = start;
        L->cmp.a = a;
        L->cmp.b = b;
        L->cmp.dst = dst;
    }
}

static void lower_local_set(lower *L, uint32_t x, bool tee)
{
    if (!need(L, 1) || x >= L->nlt) {
        L->bad = true;
        return;
    }
    uint32_t top = L->vs.len - 1;
    vent e = L->vs.data[top];
    pop_n(L, 1);
    if (L->pend[x]) materialize_local(L, x);
    uint32_t xs = L->lslot[x];
    if (e.kind == V_SLOT) {
        if (L->last_dst != NONE && L->last_dst < L->code.len && L->code.data[L->last_dst] == home(L, top)) {
            L->code.data[L->last_dst] = xs; /* the producer writes the local directly */
            L->cmp.valid = false;
            L->ld.valid = false;
            L->rot.valid = false;
            L->addm.valid = false;
            L->bin.valid = false;
            L->mul.valid = false;
            L->xr.valid = false; /* (an I32_ADD2 stays one: only its start is recorded) */
        } else {
            emit_mov(L, xs, home(L, top), e.w);
        }
    } else if (e.kind == V_CONST) {
        emit_const(L, xs, e.c);
    } else if (e.local != x) {
        emit_mov(L, xs, L->lslot[e.local], e.w);
    }
    L->last_dst = NONE;
    if (tee) push(L, V_LOCAL, x, 0);
}

static sk_iop load_iop(sk_op o)
{
    switch (o) {
    case SK_OP_I32_LOAD:
    case SK_OP_F32_LOAD: return SK_IOP_LD_I32;
    case SK_OP_I64_LOAD:
    case SK_OP_F64_LOAD: return SK_IOP_LD_I64;
    case SK_OP_I32_LOAD8_S: return SK_IOP_LD_I32_8S;
    case SK_OP_I32_LOAD8_U: return SK_IOP_LD_I32_8U;
    case SK_OP_I32_LOAD16_S: return SK_IOP_LD_I32_16S;
    case SK_OP_I32_LOAD16_U: return SK_IOP_LD_I32_16U;
    case SK_OP_I64_LOAD8_S: return SK_IOP_LD_I64_8S;
    case SK_OP_I64_LOAD8_U: return SK_IOP_LD_I64_8U;
    case SK_OP_I64_LOAD16_S: return SK_IOP_LD_I64_16S;
    case SK_OP_I64_LOAD16_U: return SK_IOP_LD_I64_16U;
    case SK_OP_I64_LOAD32_S: return SK_IOP_LD_I64_32S;
    case SK_OP_I64_LOAD32_U: return SK_IOP_LD_I64_32U;
    case SK_OP_I32_STORE:
    case SK_OP_F32_STORE:
    case SK_OP_I64_STORE32: return SK_IOP_ST_32;
    case SK_OP_I64_STORE:
    case SK_OP_F64_STORE: return SK_IOP_ST_64;
    case SK_OP_I32_STORE8:
    case SK_OP_I64_STORE8: return SK_IOP_ST_8;
    case SK_OP_I32_STORE16:
    case SK_OP_I64_STORE16: return SK_IOP_ST_16;
    default: return SK_IOP_COUNT;
    }
}

/* Emits `io` reading the top n entries (deepest first) plus extra immediate units; pops them.
 * `traps`: record the instruction's wasm offset for trap frames. */
/* `result`: slots of the result (0: none, 2: a v128). */
static uint32_t emit_consume(lower *L, sk_iop io, uint32_t n, uint32_t result, const uint32_t *imms, uint32_t nimm,
                             bool traps)
{
    if (!need(L, n)) return 0;
    uint32_t base = L->vs.len - n, slots[3];
    for (uint32_t k = 0; k < n; k++) slots[k] = operand(L, base + k);
    pop_n(L, n);
    if (result) push_slot_w(L, result);
    if (traps) pc(L);
    uint32_t start = op(L, io);
    if (result) unit(L, home(L, base));
    for (uint32_t k = 0; k < n; k++) unit(L, slots[k]);
    for (uint32_t k = 0; k < nimm; k++) unit(L, imms[k]);
    endi(L);
    if (result) set_dst(L, start);
    return start;
}

/* f64.store of `k * mem[b] + mem[c]` to c, where the multiply (F64_MUL_M/_MI), the load of c and the add
 * (F64_ADD_M, with the load fused in) are the last instructions: one F64_MULADD_MST. The multiply's
 * trap-frame entry (the b load) stays at the first cell; the c load's entry moves to cell 3, from where the
 * handler reports a trap at c. The store cannot trap when the c load did not. */
static bool emit_muladd_mst(lower *L, uint32_t caddr, uint32_t coff)
{
    struct mulrec m = L->addm.pm;
    /* the trap-frame entries of the b load (at the multiply) and of the c load (last) */
    uint32_t n = L->pcmap.len;
    if (n < 2 || L->pcmap.data[n - 2].cell != m.start || L->pcmap.data[n - 1].cell != L->addm.start) return false;
    uint32_t b_off = L->pcmap.data[n - 2].off, c_off = L->pcmap.data[n - 1].off;
    /* an I32_ADD2 right before joins in: it cannot trap, and nothing between is a branch target */
    bool a2 = m.a2start != NONE && m.a2start + 4 == m.start;
    uint32_t first = a2 ? m.a2start : m.start, a2u[6];
    if (a2) memcpy(a2u, &L->code.data[m.a2start * 2 + 2], sizeof a2u);
    L->pcmap.len -= 2;
    while (L->pcmap.len && L->pcmap.data[L->pcmap.len - 1].cell >= first) L->pcmap.len--;
    cut(L, first);
    no_fuse(L);
    pop_n(L, 2);
    /* b's address is the second sum and c's the first (two different slots), both sums add the same j, no
     * offsets: the D2 form. The handler reads j, a2 and k before it writes d1 (and k before d2): none of them
     * may be d1 or d2, as the unfused code would read them after. */
    bool same_j = (m.a2io == SK_IOP_I32_ADD2_SS || m.a2io == SK_IOP_I32_ADD2_II) && a2u[2] == a2u[5];
    bool j_slot = m.a2io == SK_IOP_I32_ADD2_SS;
    bool d2 = a2 && same_j && m.addr == a2u[3] && caddr == a2u[0] && a2u[0] != a2u[3] && !m.imm && !m.off &&
              !coff && a2u[4] != a2u[0] && !(j_slot && a2u[2] == a2u[0]) && m.k != a2u[0] && m.k != a2u[3];
    /* the b address sum is an operand-stack temporary that the b load consumed: dead, not written */
    bool dead = d2 && a2u[3] >= L->nls + L->kcap;
    sk_iop io = SK_IOP_F64_MULADD_MST;
    if (d2) io = (sk_iop)((dead ? SK_IOP_F64_MULADD_MST_D2S_T : SK_IOP_F64_MULADD_MST_D2S) + !j_slot);
    else if (a2) io = (sk_iop)(SK_IOP_F64_MULADD_MST_A2SS + (m.a2io - SK_IOP_I32_ADD2_SS));
    uint32_t start = op(L, io);
    if (d2) {
        unit(L, a2u[0]);
        unit(L, a2u[1]);
        unit(L, a2u[2]);
        unit(L, a2u[3]);
        unit(L, a2u[4]);
        unit(L, m.k);
        endi(L);
        sk_pcmap eb = {start, b_off}, ec = {start + 2, c_off};
        if (!SK_VEC_PUSH(L->pcmap, eb) || !SK_VEC_PUSH(L->pcmap, ec)) L->oom = true;
        return true;
    }
    if (a2)
        for (int k = 0; k < 6; k++) unit(L, a2u[k]);
    unit(L, m.k);
    unit(L, m.addr);
    unit(L, m.imm);
    unit(L, m.off);
    unit(L, caddr);
    unit(L, coff);
    endi(L);
    sk_pcmap eb = {start, b_off}, ec = {start + (a2 ? 6 : 3), c_off};
    if (!SK_VEC_PUSH(L->pcmap, eb) || !SK_VEC_PUSH(L->pcmap, ec)) L->oom = true;
    return true;
}

/* The store (of n = 2 entries: address, value) of the value that the plain load just emitted (L->ld) put
 * in a dead temporary: one MEMMOV at the load's cell. The load's trap-frame entry stays at the first
 * cell; the store's (the current instruction) goes to cell 2. */
static bool emit_memmov(lower *L, sk_iop io, uint32_t dst_addr, uint32_t off)
{
    uint32_t src = L->ld.addr, soff = L->ld.off;
    cut(L, L->ld.start);
    no_fuse(L);
    pop_n(L, 2);
    uint32_t start = op(L, io);
    unit(L, dst_addr);
    unit(L, off);
    unit(L, src);
    unit(L, soff);
    endi(L);
    sk_pcmap e = {start + 2, L->cur_off};
    if (!SK_VEC_PUSH(L->pcmap, e)) L->oom = true;
    return true;
}

/* f64 ops that cannot trap and have dst U0: what may run between a load and its use in F64_SUB_MST */
static const bool f64_pure[SK_IOP_COUNT] = {
    [SK_IOP_F64_ADD] = true, [SK_IOP_F64_SUB] = true, [SK_IOP_F64_MUL] = true, [SK_IOP_F64_DIV] = true,
#define SK_FUSE_F64_(NAME, K, ...) [SK_IOP_##NAME] = SK_FUSE_IS_F64_##K,
#define SK_FUSE_IS_F64_I32 false
#define SK_FUSE_IS_F64_I64 false
#define SK_FUSE_IS_F64_F64 true
#define SK_FUSE_IS_F64_F64C false
    SK_FUSE_PAIRS(SK_FUSE_F64_)
#undef SK_FUSE_F64_
};

/* f64.store of `mem[addr + off] - x` back to that address, where the last three instructions are the plain
 * f64.load (LD_I64, its value a dead temporary), a non-trapping f64 op P computing x (a dead temporary), and
 * the f64.sub: P, then one F64_SUB_MST (the load moves after P, which cannot trap or touch memory, so every
 * trap stays where it was; the load's trap-frame entry goes to the F64_SUB_MST). Returns false (nothing
 * changed) otherwise. */
/* The F64_ADD_MST / F64_SUB_MST just emitted (fio its fused form), when its value is the result of an
 * F64_MUL_MUL right before it (a dead temporary, no label between): both in one op at the multiply's cell,
 * where the read-modify-write's trap-frame entry moves (the products cannot trap). */
static void mm_mst_try(lower *L, sk_iop fio)
{
    uint32_t n = L->ins.len, np = L->pcmap.len;
    if (n < 2 || !np || L->oom) return;
    const insrec *im = &L->ins.data[n - 2], *is = &L->ins.data[n - 1];
    if (im->io != SK_IOP_F64_MUL_MUL || im->start + 3 != is->start || L->code.len != (is->start + 3) * 2 ||
        L->label_cell > im->start || L->pcmap.data[np - 1].cell != is->start)
        return;
    const uint32_t *um = L->code.data + im->start * 2 + 2, *us = L->code.data + is->start * 2 + 2;
    if (us[0] != um[0] || um[0] < L->nls + L->kcap) return;
    uint32_t a = um[1], b = um[2], c = um[3], addr = us[1], off = us[2], mstart = im->start;
    cut(L, mstart);
    no_fuse(L);
    uint32_t start = op(L, fio);
    unit(L, a);
    unit(L, b);
    unit(L, c);
    unit(L, addr);
    unit(L, off);
    endi(L);
    sk_pcmap *e = &L->pcmap.data[L->pcmap.len - 1];
    e->cell = start;
    if (L->pcmap.len >= 2 && e[-1].cell == start) { /* the multiply's own entry (an f64 op may note one) */
        e[-1] = *e;
        L->pcmap.len--;
    }
}

static bool emit_sub_mst(lower *L, uint32_t ap, uint32_t off)
{
    uint32_t n = L->ins.len, np = L->pcmap.len, temps = L->nls + L->kcap;
    if (n < 3 || !np || L->vs.data[ap].kind == V_CONST || L->vs.data[ap + 1].kind != V_SLOT) return false;
    const insrec *il = &L->ins.data[n - 3], *ip = &L->ins.data[n - 2], *is = &L->ins.data[n - 1];
    uint32_t pcells = is->start - ip->start;
    if (il->io != SK_IOP_LD_I64 || !f64_pure[ip->io] || is->io != SK_IOP_F64_SUB || ip->start != il->start + 3 ||
        pcells > 4 || L->code.len != (is->start + 3) * 2 || L->label_cell > il->start ||
        L->pcmap.data[np - 1].cell != il->start)
        return false;
    const uint32_t *ul = L->code.data + il->start * 2 + 2, *us = L->code.data + is->start * 2 + 2;
    uint32_t d = ul[0], addr = ul[1], pdst = L->code.data[ip->start * 2 + 2];
    if (ul[2] != off || us[0] != home(L, ap + 1) || us[1] != d || us[2] != pdst || d < temps || pdst < temps ||
        d == pdst || pdst == addr || L->vs.data[ap].kind == V_CONST || operand(L, ap) != addr)
        return false;
    uint32_t pu[8], np_units = pcells * 2 - 2, ld_off = L->pcmap.data[np - 1].off;
    sk_iop pio = (sk_iop)ip->io;
    memcpy(pu, L->code.data + ip->start * 2 + 2, np_units * sizeof *pu);
    L->pcmap.len--;
    cut(L, il->start);
    no_fuse(L);
    pop_n(L, 2);
    uint32_t ps = op(L, pio);
    for (uint32_t k = 0; k < np_units; k++) unit(L, pu[k]);
    set_dst(L, ps); /* P may pass x to the F64_SUB_MST in the accumulator */
    uint32_t start = op(L, SK_IOP_F64_SUB_MST);
    unit(L, pdst);
    unit(L, addr);
    unit(L, off);
    endi(L);
    sk_pcmap e = {start, ld_off};
    if (!SK_VEC_PUSH(L->pcmap, e)) L->oom = true;
    mm_mst_try(L, SK_IOP_F64_MUL_MUL_SUB_MST);
    return true;
}

/* Loads and stores; an i32.add that just computed the address is fused in (LDX/LDI/STX/STI). */
static void lower_mem(lower *L, sk_iop lio, uint32_t off)
{
    bool is_store = lio >= SK_IOP_ST_8;
    uint32_t n = is_store ? 2 : 1;
    if (!need(L, n)) return;
    uint32_t ap = L->vs.len - n;
    /* f64.store of an F64_ADD_M's result to the address it read: one read-modify-write. The add's
     * trap-frame entry stays (same cell, and the store cannot trap when the load did not). */
    if (lio == SK_IOP_ST_64 && L->addm.valid && off == L->addm.off && L->vs.data[ap].kind != V_CONST &&
        L->vs.data[ap + 1].kind == V_SLOT && home(L, ap + 1) == L->addm.dst && operand(L, ap) == L->addm.addr &&
        L->addm.valid) {
        uint32_t a = L->addm.a, addr = L->addm.addr;
        const struct mulrec *pm = &L->addm.pm;
        if (pm->valid && pm->dst == a && pm->start + pm->cells == L->addm.start && L->pcmap.len >= 2 &&
            L->pcmap.data[L->pcmap.len - 1].cell == L->addm.start &&
            L->pcmap.data[L->pcmap.len - 2].cell == pm->start) {
            if (emit_muladd_mst(L, addr, off)) return;
        }
        uint32_t prev = cut(L, L->addm.start);
        no_fuse(L);
        L->acc_hint = prev;
        pop_n(L, 2);
        op(L, SK_IOP_F64_ADD_MST);
        unit(L, a);
        unit(L, addr);
        unit(L, off);
        endi(L);
        mm_mst_try(L, SK_IOP_F64_MUL_MUL_ADD_MST);
        return;
    }
    if (lio == SK_IOP_ST_64 && emit_sub_mst(L, ap, off)) return;
    /* (an I32_ADD2 stays whole: its second add's result is taken from its slot, and the pair may still join
     * an F64_MULADD_MST) */
    /* a store of the value loaded by the instruction just before: one MEMMOV */
    sk_iop mv = lio == SK_IOP_ST_8 ? SK_IOP_LD_I32_8U : lio == SK_IOP_ST_32 ? SK_IOP_LD_I32
                                                : lio == SK_IOP_ST_64 ? SK_IOP_LD_I64 : SK_IOP_COUNT;
    if (mv != SK_IOP_COUNT && L->ld.valid && L->ld.io == mv && L->vs.data[ap + 1].kind == V_SLOT &&
        home(L, ap + 1) == L->ld.dst && L->pcmap.len && L->pcmap.data[L->pcmap.len - 1].cell == L->ld.start) {
        uint32_t dst_addr = operand(L, ap);
        if (L->ld.valid && emit_memmov(L, (sk_iop)(SK_IOP_MEMMOV_8 + (lio == SK_IOP_ST_8 ? 0 : lio == SK_IOP_ST_32 ? 1 : 2)),
                                       dst_addr, off))
            return;
    }
    bool fuse = L->vs.data[ap].kind == V_SLOT && L->add.valid && !L->add.merged && add_dst(L, &L->add) == home(L, ap);
    /* a store's value must not need code of its own (it would come after the add) */
    uint32_t val = is_store && fuse ? operand(L, ap + 1) : 0;
    if (!fuse || !L->add.valid) {
        struct mulrec pm = L->mul;
        bool a2 = L->add2.valid;
        uint32_t a2start = L->add2.start;
        sk_iop a2io = L->add2.io;
        uint32_t start = emit_consume(L, lio, n, !is_store, &off, 1, true);
        if ((lio == SK_IOP_LD_I32 || lio == SK_IOP_LD_I32_8U) && !L->oom && !L->bad) {
            ldnote ln = {true, lio, start};
            L->ldn = ln;
        }
        if ((lio == SK_IOP_LD_I32 || lio == SK_IOP_LD_I64 || lio == SK_IOP_LD_I32_8U) && !L->oom && !L->bad) {
            L->ld.valid = true;
            L->ld.io = lio;
            L->ld.start = start;
            L->ld.addr = L->code.data[start * 2 + 3];
            L->ld.imm = 0;
            L->ld.off = off;
            L->ld.dst = home(L, ap);
            L->ld.pm = pm;
            L->ld.pm.valid = pm.valid && pm.start + pm.cells == start; /* directly after the multiply */
            L->ld.a2start = a2 && a2start + 4 == start ? a2start : NONE;
            L->ld.a2io = a2io;
        }
        return;
    }
    uint32_t a = L->add.a, b = L->add.b;
    sk_iop fio = (sk_iop)(lio + ((L->add.imm ? SK_IOP_LDI_I32 : SK_IOP_LDX_I32) - SK_IOP_LD_I32));
    uint32_t prev = add_drop(L, &L->add); /* drop the add: the access does it */
    no_fuse(L);
    L->acc_hint = prev;
    pop_n(L, n);
    if (!is_store) push_slot(L);
    pc(L);
    uint32_t start = op(L, fio);
    if (!is_store) unit(L, home(L, ap));
    unit(L, a);
    unit(L, b);
    if (is_store) unit(L, val);
    unit(L, off);
    endi(L);
    if (!is_store) set_dst(L, start);
    if (L->add.imm && (lio == SK_IOP_LD_I32 || lio == SK_IOP_LD_I64) && !L->oom && !L->bad) {
        L->ld.valid = true; /* LDI: an op can take it as a memory operand (the _MI forms) */
        L->ld.io = fio;
        L->ld.start = start;
        L->ld.addr = a;
        L->ld.imm = b;
        L->ld.off = off;
        L->ld.dst = home(L, ap);
        L->ld.pm.valid = false;
        L->ld.a2start = NONE;
    }
}

static void enter_block(lower *L, uint8_t kind, const sk_blocktype *bt)
{
    if (!need(L, bt->nparams)) return;
    bool single = bt->results == &bt->single;
    ctrl c = {kind, L->vs.len - bt->nparams, bt->nparams, bt->nresults, 0, L->patches.len, NONE, 0,
              bt->params, single ? NULL : bt->results, bt->single};
    if (!SK_VEC_PUSH(L->cs, c)) L->oom = true;
}

/* Resets the operand stack to the frame's height plus fresh slot entries of the types ts[0..n). */
static void reset_stack(lower *L, const ctrl *c, uint32_t n, const uint8_t *ts)
{
    if (L->vs.len < c->height) {
        L->bad = true;
        return;
    }
    pop_n(L, L->vs.len - c->height);
    for (uint32_t k = 0; k < n; k++) push_slot_w(L, type_w(ts[k]));
    L->solid = L->vs.len;
}

/* Calls: the arguments go to their home slots, where the callee's frame begins.
 * CALL_LOCAL embeds the callee's code (same module, so the same instance). */
static void lower_call(lower *L, const sk_functype *ft, sk_iop io, const uint32_t *pre, uint32_t npre,
                       uint32_t idx_slot, const void *callee_code)
{
    if (!need(L, ft->nparams)) return;
    uint32_t base = L->vs.len - ft->nparams;
    for (uint32_t k = base; k < L->vs.len; k++) materialize(L, k);
    if (io == SK_IOP_CALL_LOCAL && L->add.valid && L->add.imm && !L->add.merged && L->add.start + 3 == cell_now(L)) {
        /* the add just before (an argument, typically): done by the call instruction */
        uint32_t d = add_dst(L, &L->add), a = L->add.a, b = L->add.b;
        cut(L, L->add.start);
        no_fuse(L);
        pc(L);
        op(L, SK_IOP_CALL_LOCAL_ADDI);
        unit(L, home(L, base));
        unit(L, d);
        unit(L, a);
        unit(L, b);
        imm64(L, (uint64_t)(uintptr_t)callee_code);
        endi(L);
        pop_n(L, ft->nparams);
        for (uint32_t k = 0; k < ft->nresults; k++) push_slot_w(L, type_w(ft->results[k]));
        return;
    }
    pc(L);
    op(L, io);
    for (uint32_t k = 0; k < npre; k++) unit(L, pre[k]);
    unit(L, home(L, base));
    if (io == SK_IOP_CALL_INDIRECT) unit(L, idx_slot);
    if (io == SK_IOP_CALL_LOCAL) imm64(L, (uint64_t)(uintptr_t)callee_code);
    endi(L);
    pop_n(L, ft->nparams);
    for (uint32_t k = 0; k < ft->nresults; k++) push_slot_w(L, type_w(ft->results[k]));
}

static void lower_br_table(lower *L, sk_reader *r)
{
    uint32_t n;
    if (!rd_u32(r, &n) || n > sk_reader_left(r)) {
        L->bad = true;
        return;
    }
    uint32_t *t = sk_malloc(((size_t)n + 1) * sizeof *t);
    uint32_t *stub = sk_malloc((size_t)L->cs.len * sizeof *stub);
    if (!t || !stub) {
        sk_free(t);
        sk_free(stub);
        L->oom = true;
        return;
    }
    for (uint32_t k = 0; k <= n && !L->bad; k++)
        if (!rd_u32(r, &t[k]) || t[k] >= L->cs.len) L->bad = true;
    for (uint32_t k = 0; k < L->cs.len; k++) stub[k] = NONE;
    if (!L->bad && need(L, 1)) {
        uint32_t idx = operand(L, L->vs.len - 1);
        pop_n(L, 1);
        materialize_all(L);
        uint32_t start = op(L, SK_IOP_BR_TABLE);
        unit(L, idx);
        unit(L, n);
        uint32_t first = L->code.len;
        for (uint32_t k = 0; k <= n; k++) unit(L, 0);
        endi(L);
        for (uint32_t k = 0; k <= n && !L->oom; k++) {
            uint32_t ci = L->cs.len - 1 - t[k];
            if (needs_moves(L, ci)) {
                if (stub[ci] == NONE) {
                    stub[ci] = cell_now(L);
                    emit_jump(L, ci);
                }
                set_unit(L, first + k, stub[ci] - start);
            } else {
                ref_label(L, first + k, start, ci, SK_IOP_COUNT);
            }
        }
    }
    sk_free(t);
    sk_free(stub);
}

/* ---- SIMD (v128 values take two slots; layouts in iops.def) ---- */

static const uint16_t simd_map[SK_OP_COUNT] = {
#define SK_SIMD_MAP_(OP, ...) [SK_OP_##OP] = SK_IOP_##OP + 1,
    SK_SIMD_LOADS(SK_SIMD_MAP_) SK_SIMD_LOAD_LANES(SK_SIMD_MAP_) SK_SIMD_STORE_LANES(SK_SIMD_MAP_)
    SK_SIMD_BINOPS(SK_SIMD_MAP_) SK_SIMD_UNOPS(SK_SIMD_MAP_) SK_SIMD_TERNOPS(SK_SIMD_MAP_)
    SK_SIMD_TESTOPS(SK_SIMD_MAP_) SK_SIMD_SHIFTOPS(SK_SIMD_MAP_) SK_SIMD_SPLATS(SK_SIMD_MAP_)
    SK_SIMD_EXTRACTS(SK_SIMD_MAP_) SK_SIMD_REPLACES(SK_SIMD_MAP_)
    SK_SIMD_MAP_(V128_STORE) SK_SIMD_MAP_(V128_CONST) SK_SIMD_MAP_(I8X16_SHUFFLE)
#undef SK_SIMD_MAP_
};

/* Lowers one 0xFD instruction (validated: operand types follow its signature in opcodes_simd.def). */
static bool lower_simd(lower *L, sk_reader *r, sk_op o)
{
    const sk_opinfo *info = sk_op_info(o);
    if (!simd_map[o]) {
        L->bad_msg = "unsupported instruction";
        return false;
    }
    sk_iop io = (sk_iop)(simd_map[o] - 1);
    const char *sig = info->sig;
    uint32_t nin = 0, rw = 0;
    while (sig[nin] && sig[nin] != '>') nin++;
    if (sig[nin] == '>' && sig[nin + 1]) rw = sig[nin + 1] == 'V' ? 2 : 1;
    uint32_t imm[2], nimm = 0, a;
    const uint8_t *p;
    uint8_t lane;
    switch ((sk_imm_kind)info->imm) {
    case SK_IMM_NONE: break;
    case SK_IMM_LANE:
        if (!rd_u8(r, &lane)) return false;
        imm[nimm++] = lane;
        break;
    case SK_IMM_MEMARG:
    case SK_IMM_MEMARG_LANE:
        if (!rd_u32(r, &a) || !rd_u32(r, &imm[nimm++])) return false; /* align, offset */
        if (info->imm == SK_IMM_MEMARG_LANE) {
            if (!rd_u8(r, &lane)) return false;
            imm[nimm++] = lane;
        }
        break;
    case SK_IMM_V128: {
        if (!rd_bytes(r, 16, &p)) return false;
        uint64_t lo, hi;
        memcpy(&lo, p, 8);
        memcpy(&hi, p + 8, 8);
        push_slot_w(L, 2);
        uint32_t start = op(L, SK_IOP_V128_CONST);
        unit(L, home(L, L->vs.len - 1));
        endi(L);
        imm64(L, lo);
        imm64(L, hi);
        set_dst(L, start);
        return true;
    }
    case SK_IMM_SHUFFLE: {
        if (!rd_bytes(r, 16, &p)) return false;
        uint64_t lo, hi;
        memcpy(&lo, p, 8);
        memcpy(&hi, p + 8, 8);
        uint32_t start = emit_consume(L, io, 2, 2, NULL, 0, false);
        imm64(L, lo);
        imm64(L, hi);
        set_dst(L, start);
        return true;
    }
    default: L->bad_msg = "unsupported instruction"; return false;
    }
    bool traps = info->imm == SK_IMM_MEMARG || info->imm == SK_IMM_MEMARG_LANE;
    emit_consume(L, io, nin, rw, imm, nimm, traps);
    return true;
}

/* A select whose condition is a compare of two slots just emitted (its result a dead temporary): one
 * SELECT_<rel> or SELECT64_<rel> in place of both. Neither traps. */
static bool lower_select_cmp(lower *L)
{
    if (!need(L, 3)) return false;
    uint32_t base = L->vs.len - 3;
    const vent *ce = &L->vs.data[base + 2];
    if (ce->kind != V_SLOT || !L->cmp.valid || L->cmp.imm || L->cmp.dst != home(L, base + 2) ||
        L->last_dst != L->cmp.start * 2 + 2)
        return false;
    int rel = L->cmp.rel;
    sk_iop io;
    if (rel >= 0 && rel < 10) io = (sk_iop)(SK_IOP_SELECT_EQ + rel);
    else if (rel >= REL64 && rel < REL64 + 10) io = (sk_iop)(SK_IOP_SELECT64_EQ + (rel - REL64));
    else return false;
    uint32_t x = operand(L, base), y = operand(L, base + 1);
    if (!L->cmp.valid) return false; /* an operand needed code of its own */
    uint32_t a = L->cmp.a, b = L->cmp.b;
    cut(L, L->cmp.start);
    no_fuse(L);
    pop_n(L, 3);
    push_slot(L);
    uint32_t start = op(L, io);
    unit(L, home(L, base));
    unit(L, x);
    unit(L, y);
    unit(L, a);
    unit(L, b);
    endi(L);
    set_dst(L, start);
    return true;
}

/* ---- the main loop ---- */

static bool lower_body(lower *L, sk_reader *r, const sk_module *m)
{
    while (L->cs.len > 0 && !L->oom && !L->bad) {
        if (L->code.len > MAX_UNITS) {
            L->bad_msg = "function too large";
            return false;
        }
        L->cur_off = (uint32_t)(r->p - m->bytes); /* made body-relative by lower_func */
        sk_op o;
        if (!read_op(r, &o)) return false;
        const sk_opinfo *info = sk_op_info(o);
        uint32_t a = 0, b = 0;
        switch (o) {
        case SK_OP_UNREACHABLE:
            pc(L);
            op(L, SK_IOP_UNREACHABLE);
            endi(L);
            skip_dead(L, r);
            break;
        case SK_OP_NOP: break;
        case SK_OP_BLOCK:
        case SK_OP_LOOP:
        case SK_OP_IF: {
            sk_blocktype bt;
            if (!sk_read_blocktype(m, r, &bt)) return false;
            if (o == SK_OP_IF) {
                cond c = pop_cond(L);
                materialize_all(L);
                sk_iop io;
                uint32_t ou, start;
                if (!emit_ldbr(L, c, true, &ou, &start, &io)) start = emit_condbr(L, c, true, &ou, &io);
                enter_block(L, C_IF, &bt);
                if (L->cs.len) {
                    L->cs.data[L->cs.len - 1].else_unit = ou;
                    L->cs.data[L->cs.len - 1].else_instr = start;
                }
            } else {
                materialize_all(L);
                enter_block(L, o == SK_OP_LOOP ? C_LOOP : C_BLOCK, &bt);
                if (o == SK_OP_LOOP && L->cs.len) L->cs.data[L->cs.len - 1].loop_cell = cell_now(L);
                L->label_cell = cell_now(L);
                no_fuse(L); /* a label: nothing before it may be retargeted or fused */
            }
            break;
        }
        case SK_OP_ELSE: {
            ctrl *c = &L->cs.data[L->cs.len - 1];
            if (c->kind != C_IF) return false;
            if (!L->unreach) {
                materialize_all(L);
                uint32_t start = op(L, SK_IOP_BR);
                uint32_t ou = L->code.len;
                unit(L, 0);
                endi(L);
                ref_label(L, ou, start, L->cs.len - 1, SK_IOP_BR);
                c = &L->cs.data[L->cs.len - 1];
            }
            set_unit(L, c->else_unit, cell_now(L) - c->else_instr);
            c->else_unit = NONE;
            c->kind = C_ELSE;
            reset_stack(L, c, c->np, c->pt);
            L->unreach = false;
            L->label_cell = cell_now(L);
            no_fuse(L);
            break;
        }
        case SK_OP_END: {
            uint32_t ci = L->cs.len - 1;
            ctrl *c = &L->cs.data[ci];
            if (!L->unreach) materialize_all(L);
            if (c->kind == C_FUNC) {
                if (!L->unreach) emit_return(L);
                L->cs.len--;
                break;
            }
            if (c->kind == C_IF) set_unit(L, c->else_unit, cell_now(L) - c->else_instr);
            bind_patches(L, ci, cell_now(L));
            reset_stack(L, c, c->nr, c->rt ? c->rt : &c->single);
            L->cs.len--;
            L->unreach = false;
            L->label_cell = cell_now(L);
            no_fuse(L);
            break;
        }
        case SK_OP_BR:
            if (!rd_u32(r, &a)) return false;
            materialize_all(L);
            emit_jump(L, ctrl_index(L, a));
            skip_dead(L, r);
            break;
        case SK_OP_BR_IF: {
            if (!rd_u32(r, &a)) return false;
            uint32_t ci = ctrl_index(L, a);
            cond c = pop_cond(L);
            materialize_all(L);
            uint32_t ou, start;
            sk_iop io;
            if (c.has_add && L->code.len == c.len && L->cs.data[ci].kind == C_LOOP && !needs_moves(L, ci)) {
                emit_add_backbr(L, c, ci);
            } else if (needs_moves(L, ci)) {
                start = emit_condbr(L, c, true, &ou, &io);
                emit_jump(L, ci);
                set_unit(L, ou, cell_now(L) - start);
            } else if (L->cs.data[ci].kind != C_LOOP && emit_llbr(L, c, &ou, &start)) {
                ref_label(L, ou, start, ci, SK_IOP_COUNT);
            } else {
                if (!emit_ldbr(L, c, false, &ou, &start, &io)) start = emit_condbr(L, c, false, &ou, &io);
                ref_label(L, ou, start, ci, io);
            }
            no_fuse(L);
            break;
        }
        case SK_OP_BR_TABLE:
            lower_br_table(L, r);
            skip_dead(L, r);
            break;
        case SK_OP_RETURN:
            emit_return(L);
            skip_dead(L, r);
            break;
        case SK_OP_CALL: {
            if (!rd_u32(r, &a) || a >= m->nfuncs) return false;
            const sk_functype *ft = &m->types[m->funcs[a].type_idx];
            if (a >= m->nimported_funcs && m->funcs[a].code)
                lower_call(L, ft, SK_IOP_CALL_LOCAL, NULL, 0, 0, m->funcs[a].code);
            else
                lower_call(L, ft, SK_IOP_CALL, &a, 1, 0, NULL);
            break;
        }
        case SK_OP_CALL_INDIRECT: {
            if (!rd_u32(r, &a) || !rd_u32(r, &b) || a >= m->ntypes) return false;
            const sk_functype *ft = &m->types[a];
            if (!need(L, 1)) break;
            uint32_t idx = operand(L, L->vs.len - 1);
            pop_n(L, 1);
            uint32_t pre[2] = {ft->sig_id, b};
            lower_call(L, ft, SK_IOP_CALL_INDIRECT, pre, 2, idx, NULL);
            break;
        }
        case SK_OP_DROP: pop_n(L, 1); break;
        case SK_OP_SELECT:
        case SK_OP_SELECT_T:
            if (o == SK_OP_SELECT_T && !skip_imm(m, r, SK_IMM_SELECT_T)) return false;
            if (need(L, 3) && L->vs.data[L->vs.len - 2].w == 2)
                emit_consume(L, SK_IOP_SELECT128, 3, 2, NULL, 0, false);
            else if (!lower_select_cmp(L))
                emit_consume(L, SK_IOP_SELECT, 3, true, NULL, 0, false);
            break;
        case SK_OP_LOCAL_GET:
            if (!rd_u32(r, &a) || a >= L->nlt) return false;
            push(L, V_LOCAL, a, 0);
            break;
        case SK_OP_LOCAL_SET:
        case SK_OP_LOCAL_TEE:
            if (!rd_u32(r, &a)) return false;
            lower_local_set(L, a, o == SK_OP_LOCAL_TEE);
            break;
        case SK_OP_GLOBAL_GET:
            if (!rd_u32(r, &a) || a >= m->nglobals) return false;
            if (m->globals[a].type.type == SK_V128) emit_consume(L, SK_IOP_GLOBAL_GET128, 0, 2, &a, 1, false);
            else emit_consume(L, SK_IOP_GLOBAL_GET, 0, true, &a, 1, false);
            break;
        case SK_OP_GLOBAL_SET: {
            if (!rd_u32(r, &a) || a >= m->nglobals) return false;
            uint8_t gt = m->globals[a].type.type;
            /* 32-bit values are stored zero-extended, so the global's sk_val stays clean */
            emit_consume(L,
                         gt == SK_I32 || gt == SK_F32 ? SK_IOP_GLOBAL_SET32
                         : gt == SK_V128              ? SK_IOP_GLOBAL_SET128
                                                      : SK_IOP_GLOBAL_SET,
                         1, false, &a, 1, false);
            break;
        }
        case SK_OP_TABLE_GET:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_TABLE_GET, 1, true, &a, 1, true);
            break;
        case SK_OP_TABLE_SET:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_TABLE_SET, 2, false, &a, 1, true);
            break;
        case SK_OP_MEMORY_SIZE:
        case SK_OP_MEMORY_GROW:
            if (!skip_imm(m, r, SK_IMM_MEMIDX)) return false;
            emit_consume(L, o == SK_OP_MEMORY_SIZE ? SK_IOP_MEMORY_SIZE : SK_IOP_MEMORY_GROW,
                         o == SK_OP_MEMORY_SIZE ? 0 : 1, true, NULL, 0, false);
            break;
        case SK_OP_I32_CONST: {
            int64_t v;
            if (!rd_sleb(r, 32, &v)) return false;
            push(L, V_CONST, 0, (uint32_t)v);
            break;
        }
        case SK_OP_I64_CONST: {
            int64_t v;
            if (!rd_sleb(r, 64, &v)) return false;
            push(L, V_CONST, 0, (uint64_t)v);
            break;
        }
        case SK_OP_F32_CONST: {
            const uint8_t *p;
            uint32_t v;
            if (!rd_bytes(r, 4, &p)) return false;
            memcpy(&v, p, 4);
            push(L, V_CONST, 0, v);
            break;
        }
        case SK_OP_F64_CONST: {
            const uint8_t *p;
            uint64_t v;
            if (!rd_bytes(r, 8, &p)) return false;
            memcpy(&v, p, 8);
            push(L, V_CONST, 0, v);
            break;
        }
        case SK_OP_REF_NULL:
            if (!skip_imm(m, r, SK_IMM_REFTYPE)) return false;
            push(L, V_CONST, 0, 0);
            break;
        case SK_OP_REF_IS_NULL: lower_unop(L, SK_IOP_REF_IS_NULL); break;
        case SK_OP_REF_FUNC:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_REF_FUNC, 0, true, &a, 1, false);
            break;
        case SK_OP_MEMORY_INIT: {
            if (!rd_u32(r, &a) || !skip_imm(m, r, SK_IMM_MEMIDX)) return false;
            /* layout: data index first, then d, s, n */
            if (!need(L, 3)) break;
            uint32_t base = L->vs.len - 3, s3[3];
            for (uint32_t k = 0; k < 3; k++) s3[k] = operand(L, base + k);
            pop_n(L, 3);
            pc(L);
            op(L, SK_IOP_MEMORY_INIT);
            unit(L, a);
            for (uint32_t k = 0; k < 3; k++) unit(L, s3[k]);
            endi(L);
            break;
        }
        case SK_OP_DATA_DROP:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_DATA_DROP, 0, false, &a, 1, false);
            break;
        case SK_OP_MEMORY_COPY:
        case SK_OP_MEMORY_FILL:
            if (!skip_imm(m, r, info->imm)) return false;
            emit_consume(L, o == SK_OP_MEMORY_COPY ? SK_IOP_MEMORY_COPY : SK_IOP_MEMORY_FILL, 3, false, NULL, 0, true);
            break;
        case SK_OP_TABLE_INIT: {
            uint32_t im[2];
            if (!rd_u32(r, &im[1]) || !rd_u32(r, &im[0])) return false; /* elem, then table */
            emit_consume(L, SK_IOP_TABLE_INIT, 3, false, im, 2, true);
            break;
        }
        case SK_OP_ELEM_DROP:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_ELEM_DROP, 0, false, &a, 1, false);
            break;
        case SK_OP_TABLE_COPY: {
            uint32_t im[2];
            if (!rd_u32(r, &im[0]) || !rd_u32(r, &im[1])) return false;
            emit_consume(L, SK_IOP_TABLE_COPY, 3, false, im, 2, true);
            break;
        }
        case SK_OP_TABLE_GROW:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_TABLE_GROW, 2, true, &a, 1, false);
            break;
        case SK_OP_TABLE_SIZE:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_TABLE_SIZE, 0, true, &a, 1, false);
            break;
        case SK_OP_TABLE_FILL:
            if (!rd_u32(r, &a)) return false;
            emit_consume(L, SK_IOP_TABLE_FILL, 3, false, &a, 1, true);
            break;
        default: {
            if (info->prefix == 0xFD) {
                if (!lower_simd(L, r, o)) return false;
                break;
            }
            sk_iop lio = load_iop(o);
            if (lio != SK_IOP_COUNT) {
                uint32_t off;
                if (!rd_u32(r, &a) || !rd_u32(r, &off)) return false;
                lower_mem(L, lio, off);
                break;
            }
            if (num_map[o]) {
                sk_iop nio = (sk_iop)(num_map[o] - 1);
                const char *sig = info->sig;
                if (sig[0] && sig[1] == '>') {
                    if (o >= SK_OP_I32_TRUNC_F32_S && o <= SK_OP_I64_TRUNC_F64_U) pc(L);
                    lower_unop(L, nio);
                } else {
                    lower_binop(L, o, nio);
                }
                break;
            }
            L->bad_msg = "unsupported instruction";
            return false;
        }
        }
    }
    return !L->oom && !L->bad;
}

static void lower_free(lower *L)
{
    SK_VEC_FREE(L->pool);
    SK_VEC_FREE(L->code);
    SK_VEC_FREE(L->vs);
    SK_VEC_FREE(L->cs);
    SK_VEC_FREE(L->patches);
    SK_VEC_FREE(L->pcmap);
    SK_VEC_FREE(L->ins);
    sk_free(L->pend);
    sk_free(L->lslot);
    sk_free(L->lw);
}

/* The accumulator pass (iops.def ACC): when an instruction reads, as its accumulator operand, the
 * slot the instruction right before it has just written, with no label between them (op() recorded
 * that unit as prev only while last_dst was valid, which no_fuse ends at every label), that slot is
 * an operand-stack temporary consumed by this one reader alone: every instruction with an
 * accumulator form pops its operands. Both switch to their accumulator variants and the slot is
 * never written. */
static void acc_pass(lower *L)
{
    uint32_t *u = L->code.data;
    uint8_t in = 0; /* how the instruction before passes its result: 0 (slot), 1 (to unit `unit`), 2 (to U2) */
    for (uint32_t k = 0; k < L->ins.len; k++) {
        const insrec *c = &L->ins.data[k];
        const accinfo *ci = &acc_info[c->io];
        uint8_t out = 0;
        if (k + 1 < L->ins.len && ci->a) {
            const insrec *n = &L->ins.data[k + 1];
            const accinfo *ni = &acc_info[n->io];
            uint32_t d = c->start * 2 + 2, nu = n->start * 2 + 2;
            if (n->prev == d && u[d] >= L->nls + L->kcap) {
                if (ni->x && nu + ni->unit < L->code.len && u[nu + ni->unit] == u[d]) out = 1;
                else if (ni->y && nu + 2 < L->code.len && u[nu + 2] == u[d]) out = 2;
            }
        }
        sk_iop v = (sk_iop)(in == 1 ? (out ? ci->xa : ci->x) : in == 2 ? (out ? ci->ya : ci->y) : out ? ci->a : 0);
        if (in || out) put_handler(L, c->start, v);
        in = out;
    }
}

/* The back-edge tails (iops.def TBACK): an instruction whose next instruction, right after it, is the back-edge
 * the table pairs it with gets the fused handler. Both keep their cells, units and trap-frame entries, so a
 * branch to the back-edge is unaffected. Runs after the accumulator pass and compares the handlers in the code,
 * so an instruction that pass switched to a variant is left alone. It runs backward and records the fused op,
 * so a row may take an already fused tail as its back-edge (matmul: D2S before D2I_T + back-edge). */
static void tback_pass(lower *L)
{
    const uint32_t *u = L->code.data;
    for (uint32_t k = L->ins.len - (L->ins.len > 0); k-- > 0;) { /* backward: a fused back-edge may be a row's back */
        insrec *c = &L->ins.data[k];
        const insrec *n = c + 1;
        for (size_t t = 0; t < sizeof tback / sizeof *tback; t++) {
            if (c->io != tback[t].op || n->io != tback[t].back || n->start != c->start + tback[t].n) continue;
            uint32_t s = c->start, nx = n->start; /* the records' io is the base op: check the handlers */
            uint64_t h = u[s * 2] | (uint64_t)u[s * 2 + 1] << 32, hn = u[nx * 2] | (uint64_t)u[nx * 2 + 1] << 32;
            if (h == (uintptr_t)L->h[tback[t].op] && hn == (uintptr_t)L->h[tback[t].back]) {
                put_handler(L, s, (sk_iop)tback[t].fused);
                c->io = tback[t].fused;
                break;
            }
        }
    }
}

/* Which declared locals need zeroing at entry: a local whose first access on the straight-line start of
 * the body (up to the first branch, if, else or end; calls and traps do not matter, nothing else sees
 * the frame's locals) is a local.set or local.tee is written before any read on every path. Marks each
 * local in st[]: 1 written first, 2 read first, 0 not reached (zeroed). */
static void scan_first_writes(const sk_module *m, const sk_funcdef *def, uint32_t nlt, uint32_t *st)
{
    sk_error e;
    sk_reader r = sk_reader_make(m->bytes, def->body, def->body + def->body_len, &e);
    for (;;) {
        sk_op o;
        if (!read_op(&r, &o)) return;
        uint8_t imm = sk_op_info(o)->imm;
        if (o == SK_OP_LOCAL_GET || o == SK_OP_LOCAL_SET || o == SK_OP_LOCAL_TEE) {
            uint32_t a;
            if (!rd_u32(&r, &a) || a >= nlt) return;
            if (!st[a]) st[a] = o == SK_OP_LOCAL_GET ? 2 : 1;
            continue;
        }
        if (o == SK_OP_END || o == SK_OP_ELSE || o == SK_OP_RETURN || o == SK_OP_UNREACHABLE ||
            o == SK_OP_IF || imm == SK_IMM_LABEL || imm == SK_IMM_BR_TABLE)
            return;
        if ((imm == SK_IMM_BLOCKTYPE && o != SK_OP_BLOCK && o != SK_OP_LOOP) || !skip_imm(m, &r, imm)) return;
    }
}

/* Lowers one function with L (whose buffers are reused across the module's functions). */
static bool lower_func(lower *L, sk_module *m, uint32_t fidx, sk_error *err)
{
    sk_funcdef *def = &m->funcs[fidx];
    const sk_functype *ft = &m->types[def->type_idx];
    uint64_t nlt = (uint64_t)ft->nparams + def->nlocals;
    if (nlt > MAX_UNITS) return sk_err(err, def->body_offset, "function too large");
    L->nlt = (uint32_t)nlt;
    L->pool.len = 0;
    L->frozen = false;
    L->kcap = 0;
    L->oom = L->bad = false;
    L->bad_msg = NULL;
    if (L->nlt + 1 > L->npend) {
        sk_free(L->pend);
        sk_free(L->lslot);
        sk_free(L->lw);
        L->npend = 0;
        L->pend = sk_malloc((size_t)(L->nlt + 1) * sizeof *L->pend);
        L->lslot = sk_malloc((size_t)(L->nlt + 1) * sizeof *L->lslot);
        L->lw = sk_malloc((size_t)(L->nlt + 1));
        if (!L->pend || !L->lslot || !L->lw)
            return sk_err(err, def->body_offset, "out of memory lowering function %u", fidx);
        L->npend = L->nlt + 1;
    }
    /* slots of the params and locals: a v128 takes two */
    uint32_t nps = 0, nrs = 0;
    L->nls = 0;
    for (uint32_t k = 0; k < L->nlt; k++) {
        uint8_t t = k < ft->nparams ? ft->params[k] : def->locals[k - ft->nparams];
        L->lslot[k] = L->nls;
        L->lw[k] = (uint8_t)type_w(t);
        L->nls += L->lw[k];
        if (k + 1 == ft->nparams) nps = L->nls;
    }
    for (uint32_t k = 0; k < ft->nresults; k++) nrs += type_w(ft->results[k]);
    if (L->nls > MAX_UNITS) return sk_err(err, def->body_offset, "function too large");
    /* the declared locals' slots that must be zeroed at entry: [zlo, zhi) */
    uint32_t zlo = L->nls, zhi = nps;
    if (L->nlt > ft->nparams) {
        memset(L->pend, 0, (size_t)(L->nlt + 1) * sizeof *L->pend); /* as scratch, before the passes */
        scan_first_writes(m, def, L->nlt, L->pend);
        for (uint32_t k = ft->nparams; k < L->nlt; k++) {
            if (L->pend[k] == 1) continue;
            if (L->lslot[k] < zlo) zlo = L->lslot[k];
            if (L->lslot[k] + L->lw[k] > zhi) zhi = L->lslot[k] + L->lw[k];
        }
    }
    if (zlo > zhi) zlo = zhi = L->nls; /* nothing to zero */
    sk_error rerr;
    sk_error_clear(&rerr);
    sk_reader r;
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; pass++) {
        if (pass == 1) {
            if (L->pool.len == 0) break; /* nothing to pool: pass 1 is final */
            L->frozen = true;
            L->kcap = L->pool.len;
        }
        L->code.len = L->vs.len = L->cs.len = L->patches.len = L->pcmap.len = L->ins.len = 0;
        L->acc_hint = NONE;
        memset(L->pend, 0, (size_t)(L->nlt + 1) * sizeof *L->pend);
        L->max_h = L->solid = L->label_cell = 0;
        L->unreach = false;
        no_fuse(L);
        ctrl fc = {C_FUNC, 0, 0, ft->nresults, 0, 0, NONE, 0, NULL, ft->results, 0};
        r = sk_reader_make(m->bytes, def->body, def->body + def->body_len, &rerr);
        if (!SK_VEC_PUSH(L->cs, fc)) L->oom = true;
        ok = !L->oom && lower_body(L, &r, m);
    }
    if (!ok || L->oom || L->bad) {
        if (L->oom) return sk_err(err, def->body_offset, "out of memory lowering function %u", fidx);
        /* validated code should never get here: a lowering limit or an unsupported instruction */
        return sk_err(err, sk_reader_offset(&r), "%s in function %u", L->bad_msg ? L->bad_msg : "lowering failed",
                      fidx);
    }
    acc_pass(L);
    tback_pass(L);
    sk_icode *c = def->code; /* allocated up front by sk_lower_module, so calls can point at it */
    sk_icell *cells = sk_malloc((size_t)(L->code.len / 2 + 1) * sizeof *cells);
    /* the entry image: the zeros of [zlo, zhi) when few (and up to the pool when there is one), then the
     * pool; many zeros are a memset instead (no image the size of a huge local count) */
    uint32_t iz = L->kcap ? L->nls - zlo : zhi - zlo;
    bool zimg = iz <= SK_FRAME_INIT_ZEROS;
    if (!zimg) iz = 0;
    uint32_t ninit = iz + L->kcap;
    uint64_t *init = ninit ? sk_calloc(ninit, sizeof *init) : NULL;
    sk_pcmap *pcmap = sk_malloc((size_t)(L->pcmap.len + 1) * sizeof *pcmap);
    if (!cells || (ninit && !init) || !pcmap) {
        sk_free(cells);
        sk_free(init);
        sk_free(pcmap);
        return sk_err(err, def->body_offset, "out of memory lowering function %u", fidx);
    }
    memcpy(cells, L->code.data, (size_t)L->code.len * sizeof(uint32_t));
    uint32_t body_abs = (uint32_t)(def->body - m->bytes);
    for (uint32_t k = 0; k < L->pcmap.len; k++) {
        pcmap[k] = L->pcmap.data[k];
        pcmap[k].off -= body_abs;
    }
    c->cells = cells;
    c->ncells = L->code.len / 2;
    c->nparams = nps;
    c->nresults = nrs;
    c->nlocals = L->nls - nps;
    if (L->kcap) memcpy(init + iz, L->pool.data, (size_t)L->kcap * sizeof *init);
    c->init = init;
    c->ninit = ninit;
    c->init_at = L->kcap ? L->nls - iz : zlo;
    c->zero_at = zlo;
    c->nzero = zimg ? 0 : zhi - zlo;
    c->setup = c->ninit || c->nzero;
    uint64_t fs = (uint64_t)L->nls + L->kcap + L->max_h;
    if (fs < nrs) fs = nrs;
    if (fs == 0) fs = 1;
    c->frame_slots = (uint32_t)fs;
    c->func_idx = fidx;
    c->body_offset = def->body_offset;
    c->pcmap = pcmap;
    c->npcmap = L->pcmap.len;
    return true;
}

bool sk_lower_module(sk_module *m, sk_error *err)
{
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        if (m->funcs[i].code) continue;
        if (!(m->funcs[i].code = sk_calloc(1, sizeof(sk_icode))))
            return sk_err(err, m->funcs[i].body_offset, "out of memory lowering function %u", i);
    }
    lower L;
    memset(&L, 0, sizeof L);
    L.m = m;
    L.h = sk_interp_handlers_for(m->guard_pages);
    bool ok = true;
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs && ok; i++) ok = lower_func(&L, m, i, err);
    lower_free(&L);
    return ok;
}

void sk_code_free(void *code)
{
    sk_icode *c = code;
    if (!c) return;
    sk_free(c->cells);
    sk_free(c->pcmap);
    sk_free(c->init);
    sk_free(c);
}

uint32_t sk_icode_offset(const sk_icode *c, uint32_t cell)
{
    uint32_t lo = 0, hi = c->npcmap;
    while (lo < hi) { /* last entry with .cell <= cell */
        uint32_t mid = (lo + hi) / 2;
        if (c->pcmap[mid].cell <= cell) lo = mid + 1;
        else hi = mid;
    }
    return lo ? c->pcmap[lo - 1].off : UINT32_MAX;
}
