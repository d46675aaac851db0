/* run.h: the interpreter's dispatch loop, a function template included by interp.c.
 *
 * interp.c defines, before each inclusion:
 *   SK_RUN            the name of the function to define
 *   SK_LOAD(d, ea, n), SK_STORE(ea, s, n)  a scalar load (store) of n bytes at effective address ea of guest
 *                     memory into (from) the object at d (s), with its bounds check;
 *   SK_BOUNDS(ea, n)  what a scalar load or store of n bytes at effective address ea (a uint64_t, at most
 *                     2^33) does before touching guest memory: an explicit check that jumps to trap_oob,
 *                     or, for memories protected by guard pages, nothing more than what the fault path needs.
 *   SK_GUARD_INST()   run where inst changes: the guard-page instance records it in x for the fault path
 *                     (empty in the explicit one). The frame-record top lives in x (x->fsp) in both.
 *   SK_GUARD_HOST(b)  run around a host function call: marks "not in wasm code" while it runs (same).
 * Everything else (operand access, handler shapes) is defined here and is identical in every instance, so
 * redefining these macros on a second inclusion is allowed (identical redefinitions). No include guard. */
#define UNIT(k) (ip[1 + (k) / 2].u[(k)&1])
#define U0 UNIT(0)
#define U1 UNIT(1)
#define U2 UNIT(2)
#define U3 UNIT(3)
#define U4 UNIT(4)
#define NEXT(n)          \
    do {                 \
        ip += (n);       \
        goto *ip->h;     \
    } while (0)
#define TRAP(k)                  \
    do {                         \
        tk = SK_TRAP_##k;        \
        goto trap;               \
    } while (0)
#define LOAD_INST()                                            \
    do {                                                       \
        funcs = inst->funcs;                                   \
        globals = inst->globals;                               \
        tables = inst->tables;                                 \
        mem = inst->module->nmems ? inst->mems[0] : NULL;      \
        mem_base = mem ? mem->data : NULL;                     \
        mem_size = mem ? mem->size : 0;                        \
        SK_GUARD_INST();                                       \
    } while (0)
#define POLL()                                                                                           \
    do {                                                                                                 \
        if (SK_UNLIKELY(atomic_load_explicit(&x->poll, memory_order_relaxed))) { /* see poll_arm */    \
            tk = poll_slow(s, x);                                                                        \
            if (tk != SK_TRAP_NONE) goto trap;                                                           \
        }                                                                                                \
    } while (0)

/* The accumulator: `acc` carries a value between two adjacent instructions of an acc pair instead of
 * a frame slot (no store-to-load forwarding on a dependency chain); it holds the 64 bits the slot would
 * hold, floats as their bit pattern (a gpr round trip costs less than an xmm spilled to the stack:
 * xmm registers do not survive the calls some handlers make). Only the _A/_X/_XA variants (iops.def)
 * touch it, and lower.c pairs only a producer with the instruction right after it, never across a
 * label, so it holds nothing across calls, traps or polls. Operand sources (A_*) and result sinks
 * (R_*) by slot field: */
#define A_SLOT(F, k) (fp[k].F)
#define A_ACC(F, k) AGET_##F
#define AGET_u32 ((uint32_t)acc)
#define AGET_i32 ((int32_t)acc)
#define AGET_u64 (acc)
#define AGET_i64 ((int64_t)acc)
#define AGET_f32 f32_from((uint32_t)acc)
#define AGET_f64 f64_from(acc)
#define R_SLOT(OF, v) (fp[U0].OF = (v))
#define R_ACC(OF, v) APUT_##OF(v)
#define APUT_u64(v) (acc = (v))
#define APUT_i64(v) (acc = (uint64_t)(v))
#define APUT_u32(v) (acc = (uint32_t)(v))
#define APUT_i32(v) (acc = (uint32_t)(v))
#define APUT_f32(v) (acc = f32_bits(v))
#define APUT_f64(v) (acc = f64_bits(v))
/* One shape in its four forms: plain, result to acc (_A), operand U1 from acc (_X), both (_XA). */
#define ACC4(SH, name, ...)                          \
    SH(name, A_SLOT, R_SLOT, __VA_ARGS__)            \
    SH(name##_A, A_SLOT, R_ACC, __VA_ARGS__)         \
    SH(name##_X, A_ACC, R_SLOT, __VA_ARGS__)         \
    SH(name##_XA, A_ACC, R_ACC, __VA_ARGS__)
/* A two-operand shape in its six forms: those of ACC4, and operand U2 from acc (_Y, _YA). */
#define ACC6(SH, name, ...)                                  \
    SH(name, A_SLOT, A_SLOT, R_SLOT, __VA_ARGS__)            \
    SH(name##_A, A_SLOT, A_SLOT, R_ACC, __VA_ARGS__)         \
    SH(name##_X, A_ACC, A_SLOT, R_SLOT, __VA_ARGS__)         \
    SH(name##_XA, A_ACC, A_SLOT, R_ACC, __VA_ARGS__)         \
    SH(name##_Y, A_SLOT, A_ACC, R_SLOT, __VA_ARGS__)         \
    SH(name##_YA, A_SLOT, A_ACC, R_ACC, __VA_ARGS__)

/* Numeric handler shapes: dst U0, operands U1 (, U2). */
#define UNOP_(name, GA, PR, T, F, OF, e)  \
    L_##name : {                          \
        T a = GA(F, U1);                  \
        PR(OF, (e));                      \
        NEXT(2);                          \
    }
#define BINOP_(name, GA, GB, PR, T, F, OF, e) \
    L_##name : {                              \
        T a = GA(F, U1), b = GB(F, U2);       \
        PR(OF, (e));                      \
        NEXT(3);                          \
    }
#define UNOP(name, T, F, OF, e) UNOP_(name, A_SLOT, R_SLOT, T, F, OF, e)
#define BINOP(name, T, F, OF, e) BINOP_(name, A_SLOT, A_SLOT, R_SLOT, T, F, OF, e)
#define UNOPA(name, T, F, OF, e) ACC4(UNOP_, name, T, F, OF, e)
#define I32B(name, e) ACC6(BINOP_, name, uint32_t, u32, u64, (uint32_t)(e))
#define I64B(name, e) ACC6(BINOP_, name, uint64_t, u64, u64, (e))
#define I64C(name, e) ACC6(BINOP_, name, uint64_t, u64, u64, (uint64_t)(e))
#define F32B(name, e) ACC6(BINOP_, name, float, f32, f32, (e))
#define F64B(name, e) ACC6(BINOP_, name, double, f64, f64, (e))
#define F32C(name, e) ACC6(BINOP_, name, float, f32, u64, (uint64_t)(e))
#define F64C(name, e) ACC6(BINOP_, name, double, f64, u64, (uint64_t)(e))
#define I32I_(name, GA, PR, e)            \
    L_##name : {                          \
        uint32_t a = GA(u32, U1), b = U2; \
        PR(u64, (uint32_t)(e));           \
        NEXT(3);                          \
    }
#define I64I_(name, GA, PR, e)                     \
    L_##name : {                                   \
        uint64_t a = GA(u64, U1), b = ip[2].u64;   \
        PR(u64, (e));                              \
        NEXT(3);                                   \
    }
#define I32I(name, e) ACC4(I32I_, name, e)
#define I64I(name, e) ACC4(I64I_, name, e)
/* Conditional branches on U0 (cond, or a of a compare), plain and with U0 from acc (_X). */
#define BRC_(name, GA, T, F, B, e, n, off)  \
    L_##name : {                            \
        T a = GA(F, U0), b = (B);           \
        (void)b;                            \
        if (e) NEXT((int32_t)(off));        \
        NEXT(n);                            \
    }
#define BRCB_(name, GA, T, F, B, e, n, off) \
    L_##name : {                            \
        T a = GA(F, U0), b = (B);           \
        (void)b;                            \
        if (e) {                            \
            POLL();                      \
            NEXT((int32_t)(off));        \
        }                                \
        NEXT(n);                         \
    }
#define BRCX(name, SH, T, F, B, e, n, off) SH(name, A_SLOT, T, F, B, e, n, off) SH(name##_X, A_ACC, T, F, B, e, n, off)
#define BRR(name, e)                                                          \
    BRCX(BR_##name, BRC_, uint32_t, u32, fp[U1].u32, e, 3, U2)             \
    BRCX(BR_##name##_IMM, BRC_, uint32_t, u32, U1, e, 3, U2)               \
    BRCX(BR_##name##_BACK, BRCB_, uint32_t, u32, fp[U1].u32, e, 3, U2)     \
    BRCX(BR_##name##_IMM_BACK, BRCB_, uint32_t, u32, U1, e, 3, U2)
#define BRR64(name, e)                                                         \
    BRCX(BR64_##name, BRC_, uint64_t, u64, fp[U1].u64, e, 3, U2)           \
    BRCX(BR64_##name##_BACK, BRCB_, uint64_t, u64, fp[U1].u64, e, 3, U2)
/* add + compare + backward branch (see iops.def); the compare reads c after dst is written */
#define ABR(tag, BV, name, e)                                     \
    L_##tag##_##name##_BACK : {                                   \
        uint32_t a = fp[U1].u32 + (BV);                           \
        fp[U0].u64 = a;                                           \
        uint32_t b = fp[U3].u32;                                  \
        if (e) {                                                  \
            POLL();                                               \
            NEXT((int32_t)U4);                                    \
        }                                                         \
        NEXT(4);                                                  \
    }                                                             \
    L_##tag##_##name##_IMM_BACK : {                               \
        uint32_t a = fp[U1].u32 + (BV);                           \
        fp[U0].u64 = a;                                           \
        uint32_t b = U3;                                          \
        if (e) {                                                  \
            POLL();                                               \
            NEXT((int32_t)U4);                                    \
        }                                                         \
        NEXT(4);                                                  \
    }
#define ABR_ALL(tag, BV)                                          \
    L_##tag##_NZ_BACK : {                                         \
        uint32_t v = fp[U1].u32 + (BV);                           \
        fp[U0].u64 = v;                                           \
        if (v) {                                                  \
            POLL();                                               \
            NEXT((int32_t)U3);                                    \
        }                                                         \
        NEXT(3);                                                  \
    }                                                             \
    ABR(tag, BV, EQ, a == b)                                      \
    ABR(tag, BV, NE, a != b)                                      \
    ABR(tag, BV, LT_S, S32(a) < S32(b))                           \
    ABR(tag, BV, LT_U, a < b)                                     \
    ABR(tag, BV, GT_S, S32(a) > S32(b))                           \
    ABR(tag, BV, GT_U, a > b)                                     \
    ABR(tag, BV, LE_S, S32(a) <= S32(b))                          \
    ABR(tag, BV, LE_U, a <= b)                                    \
    ABR(tag, BV, GE_S, S32(a) >= S32(b))                          \
    ABR(tag, BV, GE_U, a >= b)
#define LOAD_(name, GA, PR, n, T, conv)                            \
    L_##name : {                                                    \
        uint64_t ea = (uint64_t)GA(u32, U1) + U2;                   \
        T v;                                                        \
        SK_LOAD(&v, ea, n);                                         \
        PR(u64, (uint64_t)(conv)v);                                 \
        NEXT(3);                                                    \
    }
#define LOAD(name, n, T, conv) ACC4(LOAD_, name, n, T, conv)
/* Fused address forms: X adds two slots, I a slot and an immediate (both wrap at 32 bits). */
#define LDX_(name, GA, PR, n, T, conv)                                           \
    L_##name : {                                                                 \
        uint64_t ea = (uint64_t)(uint32_t)(GA(u32, U1) + fp[U2].u32) + U3;       \
        T v;                                                                     \
        SK_LOAD(&v, ea, n);                                                      \
        PR(u64, (uint64_t)(conv)v);                                              \
        NEXT(3);                                                                 \
    }
#define LDI_(name, GA, PR, n, T, conv)                                           \
    L_##name : {                                                                 \
        uint64_t ea = (uint64_t)(uint32_t)(GA(u32, U1) + U2) + U3;               \
        T v;                                                                     \
        SK_LOAD(&v, ea, n);                                                      \
        PR(u64, (uint64_t)(conv)v);                                              \
        NEXT(3);                                                                 \
    }
#define LOADF(name, n, T, conv) ACC4(LDX_, LDX_##name, n, T, conv) ACC4(LDI_, LDI_##name, n, T, conv)
#define STX_(name, GA, n, T)                                                     \
    L_##name : {                                                                 \
        uint64_t ea = (uint64_t)(uint32_t)(fp[U0].u32 + fp[U1].u32) + U3;        \
        T v = (T)GA(u64, U2);                                                    \
        SK_STORE(ea, &v, n);                                                     \
        NEXT(3);                                                                 \
    }
#define STI_(name, GA, n, T)                                                     \
    L_##name : {                                                                 \
        uint64_t ea = (uint64_t)(uint32_t)(fp[U0].u32 + U1) + U3;                \
        T v = (T)GA(u64, U2);                                                    \
        SK_STORE(ea, &v, n);                                                     \
        NEXT(3);                                                                 \
    }
/* the value from acc (_X) */
#define STOREF(name, n, T)                                                       \
    STX_(STX_##name, A_SLOT, n, T) STX_(STX_##name##_X, A_ACC, n, T)             \
    STI_(STI_##name, A_SLOT, n, T) STI_(STI_##name##_X, A_ACC, n, T)
#define STORE_(name, GA, n, T)                                      \
    L_##name : {                                                    \
        uint64_t ea = (uint64_t)fp[U0].u32 + U2;                    \
        T v = (T)GA(u64, U1);                                       \
        SK_STORE(ea, &v, n);                                        \
        NEXT(3);                                                    \
    }
/* the value from acc (_X) */
#define STORE(name, n, T) STORE_(name, A_SLOT, n, T) STORE_(name##_X, A_ACC, n, T)

/* a op mem[U2 + U3] (see iops.def) */
#define OPM_(name, GA, PR, T, F, OF, e)                             \
    L_##name : {                                                    \
        uint64_t ea = (uint64_t)fp[U2].u32 + U3;                    \
        T a = GA(F, U1), b;                                         \
        SK_LOAD(&b, ea, sizeof(T));                                 \
        PR(OF, (e));                                                \
        NEXT(3);                                                    \
    }
#define OPM(name, T, F, OF, e) ACC4(OPM_, name##_M, T, F, OF, e)
/* mem[U1 + U2] = a + mem[...] (a U0) */
#define ADD_MST_(name, GA)                                          \
    L_##name : {                                                    \
        uint64_t ea = (uint64_t)fp[U1].u32 + U2;                    \
        double b;                                                   \
        SK_LOAD(&b, ea, 8);                                         \
        b = GA(f64, U0) + b;                                        \
        memcpy(mem_base + ea, &b, 8);                               \
        NEXT(3);                                                    \
    }
/* c ^ rotl(a, k): c U1, a U2, k U3 */
#define XOR_ROTL_(name, GA, PR, ...)                                 \
    L_##name : {                                                     \
        uint32_t c = GA(u32, U1);                                    \
        PR(u64, c ^ rotl32(fp[U2].u32, fp[U3].u32));                 \
        NEXT(3);                                                     \
    }

/* U0 = U3 ? U1 : U2 (the condition is the accumulator operand) */
#define SELECT_(name, GA, PR, ...)                                  \
    L_##name : {                                                    \
        PR(u64, GA(u32, U3) ? fp[U1].u64 : fp[U2].u64);             \
        NEXT(3);                                                    \
    }

#define S32(x) ((int32_t)(x))
#define S64(x) ((int64_t)(x))

/* Runs wasm function f whose frame (with the arguments) starts at fp; results end in fp[0..].
 * With labels_out set, only returns the handler table (used once by the lowering pass). */
static sk_trap *SK_RUN(sk_store *s, sk_exec *x, sk_func *f, sk_slot *fp, const void *const **labels_out)
{
    static const void *const labels[SK_IOP_COUNT] = {
#define IOP(n) &&L_##n,
#include "iops.def"
#undef IOP
    };
    if (labels_out) {
        *labels_out = labels;
        return NULL;
    }

    const uint32_t base_depth = x->depth;
    /* Frame records: fsp is the next free one; below flim there is room and the depth limit
     * is not reached. x->frames may move (growth, nested activations): FRAMES_RELOAD. fsp lives in x,
     * where the guard-page fault path reads it (a register copy would be spilled anyway). */
    sk_frec *fbase, *flim;
#define fsp (x->fsp)
#define FRAMES_RELOAD(depth)                                                              \
    do {                                                                                  \
        fsp = x->frames + (depth);                                                        \
        fbase = x->frames + base_depth;                                                   \
        flim = x->frames + (x->cap < s->max_call_depth ? x->cap : s->max_call_depth);     \
    } while (0)
    FRAMES_RELOAD(base_depth);
    sk_slot *const stack_end = x->end;
    sk_func *callee;
    sk_instance *inst = f->inst, *ninst;
    const sk_icode *nc = f->def->code;
    const sk_icell *ip = nc->cells, *ret_ip = NULL;
    sk_func **funcs;
    sk_global **globals;
    sk_table **tables;
    sk_memory *mem;
    uint8_t *mem_base;
    uint64_t mem_size;
    sk_trap_kind tk = SK_TRAP_NONE;
    sk_trap *trap;
    sk_slot *nfp;
    uint64_t acc = 0; /* the accumulator (see A_ACC above) */


    LOAD_INST();
    frame_init(fp, nc);
    poll_arm(s, x);
    POLL();
    NEXT(0);

    /* ---- control ---- */
L_UNREACHABLE:
    TRAP(UNREACHABLE);
L_BR:
    NEXT((int32_t)U0);
    BRCX(BR_NZ, BRC_, uint32_t, u32, 0, a, 2, U1)
    BRCX(BR_Z, BRC_, uint32_t, u32, 0, !a, 2, U1)
L_BR_TABLE : {
    uint32_t i = fp[U0].u32, n = U1;
    if (i > n) i = n;
    int32_t off = (int32_t)ip[1 + (2 + i) / 2].u[i & 1];
    if (off <= 0) POLL(); /* backward, or to itself (a loop starting with this br_table) */
    NEXT(off);
}
    BRCX(BR_NZ64, BRC_, uint64_t, u64, 0, a, 2, U1)
    BRCX(BR_Z64, BRC_, uint64_t, u64, 0, !a, 2, U1)
    BRCX(BR_NZ64_BACK, BRCB_, uint64_t, u64, 0, a, 2, U1)
    BRCX(BR_Z64_BACK, BRCB_, uint64_t, u64, 0, !a, 2, U1)
    BRR64(EQ, a == b)
    BRR64(NE, a != b)
    BRR64(LT_S, S64(a) < S64(b))
    BRR64(LT_U, a < b)
    BRR64(GT_S, S64(a) > S64(b))
    BRR64(GT_U, a > b)
    BRR64(LE_S, S64(a) <= S64(b))
    BRR64(LE_U, a <= b)
    BRR64(GE_S, S64(a) >= S64(b))
    BRR64(GE_U, a >= b)
    ABR_ALL(AB, fp[U2].u32)
    ABR_ALL(ABI, U2)
L_BR_BACK:
    POLL();
    NEXT((int32_t)U0);
    BRCX(BR_NZ_BACK, BRCB_, uint32_t, u32, 0, a, 2, U1)
    BRCX(BR_Z_BACK, BRCB_, uint32_t, u32, 0, !a, 2, U1)
    BRR(EQ, a == b)
    BRR(NE, a != b)
    BRR(LT_S, S32(a) < S32(b))
    BRR(LT_U, a < b)
    BRR(GT_S, S32(a) > S32(b))
    BRR(GT_U, a > b)
    BRR(LE_S, S32(a) <= S32(b))
    BRR(LE_U, a <= b)
    BRR(GE_S, S32(a) >= S32(b))
    BRR(GE_U, a >= b)

/* Call entry, one copy per call handler (what it knows stays in registers): pushes the caller's frame
 * record, whose code field is the callee's (the current function's code is the record below fsp's, or
 * the activation's own: CUR_CODE), and enters NC with its frame at NFP. SAME: the callee is in this
 * instance. Too deep or no stack left: enter_slow, which grows the records or traps. */
#define ENTER(NC, NFP, RET, SAME)                                                                       \
    do {                                                                                                \
        const sk_icode *nc_ = (NC);                                                                     \
        sk_slot *nfp_ = (NFP);                                                                          \
        if (SK_UNLIKELY(fsp >= flim ||                                                                  \
                        (uintptr_t)nfp_ + (uintptr_t)nc_->frame_slots * sizeof(sk_slot) > (uintptr_t)stack_end)) { \
            nc = nc_;                                                                                   \
            nfp = nfp_;                                                                                 \
            ret_ip = (RET);                                                                             \
            if (SAME) ninst = inst;                                                                     \
            goto enter_slow;                                                                            \
        }                                                                                               \
        fsp->ret = (RET);                                                                               \
        fsp->fp = fp;                                                                                   \
        fsp->code = nc_;                                                                                \
        fsp->inst = inst;                                                                               \
        fsp++;                                                                                          \
        fp = nfp_;                                                                                      \
        if (!(SAME) && ninst != inst) {                                                                 \
            inst = ninst;                                                                               \
            LOAD_INST();                                                                                \
        }                                                                                               \
        frame_init(fp, nc_);                                                                            \
        ip = nc_->cells;                                                                                \
        POLL();                                                                                         \
        NEXT(0);                                                                                        \
    } while (0)
#define CUR_CODE (fsp == fbase ? (const sk_icode *)f->def->code : fsp[-1].code)
L_CALL_LOCAL:
    ENTER((const sk_icode *)ip[2].h, fp + U0, ip + 3, 1);
L_CALL:
    callee = funcs[U0];
    nfp = fp + U1;
    ret_ip = ip + 2;
    goto call_func;
L_CALL_INDIRECT : {
    sk_table *t = tables[U1];
    uint32_t i = fp[U3].u32;
    if (SK_UNLIKELY(i >= t->size)) TRAP(UNDEFINED_ELEMENT);
    callee = t->elems[i];
    if (SK_UNLIKELY(!callee)) TRAP(UNINIT_ELEMENT);
    if (SK_UNLIKELY(callee->sig_id != U0)) TRAP(INDIRECT_TYPE_MISMATCH);
    nfp = fp + U2;
    ret_ip = ip + 3;
    goto call_func;
}
call_func:
    if (callee->host) goto host_call;
    ninst = callee->inst;
    ENTER(callee->def->code, nfp, ret_ip, 0);
enter_slow : {
    uint32_t depth = (uint32_t)(fsp - x->frames);
    if (depth >= s->max_call_depth || (size_t)(stack_end - nfp) < nc->frame_slots ||
        (depth >= x->cap && !frames_grow(x, s->max_call_depth)))
        TRAP(STACK_EXHAUSTED);
    FRAMES_RELOAD(depth);
    ENTER(nc, nfp, ret_ip, 0);
}
host_call : {
    const sk_functype *ft = callee->type;
    uint32_t cap = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
    sk_val abuf[8], rbuf[8], *av = abuf, *rv = rbuf;
    if (cap > 8) {
        av = sk_calloc(cap, sizeof(sk_val));
        rv = sk_calloc(cap, sizeof(sk_val));
        if (!av || !rv) {
            sk_free(av);
            sk_free(rv);
            TRAP(OOM);
        }
    } else {
        cap = 8;
    }
    memset(av, 0, cap * sizeof(sk_val));
    memset(rv, 0, cap * sizeof(sk_val));
    slots_to_vals(av, nfp, ft->params, ft->nparams);
    /* a nested activation (the host calling back in) starts above this frame */
    uint32_t depth = (uint32_t)(fsp - x->frames);
    sk_slot *saved_top = x->top;
    x->top = fp + CUR_CODE->frame_slots;
    x->depth = depth;
    sk_caller caller = {s, inst};
    SK_GUARD_HOST(true);
    sk_trap *t = callee->host(&caller, callee->env, av, rv);
    SK_GUARD_HOST(false);
    x->top = saved_top;
    poll_arm(s, x);
    FRAMES_RELOAD(depth);
    if (!t) vals_to_slots(nfp, rv, ft->results, ft->nresults);
    if (av != abuf) {
        sk_free(av);
        sk_free(rv);
    }
    if (t) {
        trap = t;
        goto trap_obj;
    }
    if (mem) {
        mem_base = mem->data;
        mem_size = mem->size;
    }
    ip = ret_ip;
    NEXT(0);
}
L_RET : {
    /* below the activation's first record sits a sentinel whose inst is NULL (sk_interp_call): one
     * compare finds both a return to another instance and the end of the activation */
    sk_frec *r = fsp - 1;
    if (SK_UNLIKELY(r->inst != inst)) goto ret_slow;
    fsp = r;
    ip = r->ret;
    fp = r->fp;
    NEXT(0);
}
ret_slow:
    if (fsp == fbase) {
        x->depth = base_depth;
        return NULL;
    }
    fsp--;
    ip = fsp->ret;
    fp = fsp->fp;
    inst = fsp->inst;
    LOAD_INST();
    NEXT(0);

    /* ---- moves, constants, variables ---- */
L_MOV:
    fp[U0].u64 = fp[U1].u64;
    NEXT(2);
L_MOV2:
    fp[U0].u64 = fp[U1].u64;
    fp[U2].u64 = fp[U3].u64;
    NEXT(3);
L_MOV3:
    fp[U0].u64 = fp[U1].u64;
    fp[U2].u64 = fp[U3].u64;
    fp[U4].u64 = fp[UNIT(5)].u64;
    NEXT(4);
L_MOV4:
    fp[U0].u64 = fp[U1].u64;
    fp[U2].u64 = fp[U3].u64;
    fp[U4].u64 = fp[UNIT(5)].u64;
    fp[UNIT(6)].u64 = fp[UNIT(7)].u64;
    NEXT(5);
L_CONST32:
    fp[U0].u64 = U1;
    NEXT(2);
L_CONST64:
    fp[U0].u64 = ip[2].u64;
    NEXT(3);
    ACC4(SELECT_, SELECT)
L_GLOBAL_GET:
    fp[U0].u64 = globals[U1]->val.u64;
    NEXT(2);
L_GLOBAL_SET:
    globals[U1]->val.u64 = fp[U0].u64;
    NEXT(2);
L_GLOBAL_SET32:
    globals[U1]->val.u64 = fp[U0].u32;
    NEXT(2);

    /* ---- memory ---- */
    LOAD(LD_I32, 4, uint32_t, uint32_t)
    LOAD(LD_I64, 8, uint64_t, uint64_t)
    LOAD(LD_I32_8S, 1, int8_t, uint32_t)
    LOAD(LD_I32_8U, 1, uint8_t, uint32_t)
    LOAD(LD_I32_16S, 2, int16_t, uint32_t)
    LOAD(LD_I32_16U, 2, uint16_t, uint32_t)
    LOAD(LD_I64_8S, 1, int8_t, int64_t)
    LOAD(LD_I64_8U, 1, uint8_t, uint64_t)
    LOAD(LD_I64_16S, 2, int16_t, int64_t)
    LOAD(LD_I64_16U, 2, uint16_t, uint64_t)
    LOAD(LD_I64_32S, 4, int32_t, int64_t)
    LOAD(LD_I64_32U, 4, uint32_t, uint64_t)
    STORE(ST_8, 1, uint8_t)
    STORE(ST_16, 2, uint16_t)
    STORE(ST_32, 4, uint32_t)
    STORE(ST_64, 8, uint64_t)
    LOADF(I32, 4, uint32_t, uint32_t)
    LOADF(I64, 8, uint64_t, uint64_t)
    LOADF(I32_8S, 1, int8_t, uint32_t)
    LOADF(I32_8U, 1, uint8_t, uint32_t)
    LOADF(I32_16S, 2, int16_t, uint32_t)
    LOADF(I32_16U, 2, uint16_t, uint32_t)
    LOADF(I64_8S, 1, int8_t, int64_t)
    LOADF(I64_8U, 1, uint8_t, uint64_t)
    LOADF(I64_16S, 2, int16_t, int64_t)
    LOADF(I64_16U, 2, uint16_t, uint64_t)
    LOADF(I64_32S, 4, int32_t, int64_t)
    LOADF(I64_32U, 4, uint32_t, uint64_t)
    STOREF(8, 1, uint8_t)
    STOREF(16, 2, uint16_t)
    STOREF(32, 4, uint32_t)
    STOREF(64, 8, uint64_t)
L_MEMORY_SIZE:
    fp[U0].u64 = (uint32_t)(mem_size / SK_PAGE_SIZE);
    NEXT(2);
L_MEMORY_GROW : {
    int64_t r = sk_memory_grow(s, mem, fp[U1].u32);
    mem_base = mem->data;
    mem_size = mem->size;
    fp[U0].u64 = (uint32_t)(int32_t)r;
    NEXT(2);
}
L_MEMORY_INIT : {
    uint32_t seg = U0, d = fp[U1].u32, sr = fp[U2].u32, n = fp[U3].u32;
    if ((uint64_t)sr + n > inst->data_len[seg] || (uint64_t)d + n > mem_size) TRAP(OOB_MEMORY);
    if (n) memcpy(mem_base + d, inst->module->datas[seg].data + sr, n);
    NEXT(3);
}
L_DATA_DROP:
    inst->data_len[U0] = 0;
    NEXT(2);
L_MEMORY_COPY : {
    uint32_t d = fp[U0].u32, sr = fp[U1].u32, n = fp[U2].u32;
    if ((uint64_t)sr + n > mem_size || (uint64_t)d + n > mem_size) TRAP(OOB_MEMORY);
    if (n) memmove(mem_base + d, mem_base + sr, n);
    NEXT(3);
}
L_MEMORY_FILL : {
    uint32_t d = fp[U0].u32, n = fp[U2].u32;
    if ((uint64_t)d + n > mem_size) TRAP(OOB_MEMORY);
    if (n) memset(mem_base + d, (int)(uint8_t)fp[U1].u32, n);
    NEXT(3);
}

    /* ---- tables and references ---- */
L_TABLE_GET : {
    sk_table *t = tables[U2];
    uint32_t i = fp[U1].u32;
    if (i >= t->size) TRAP(OOB_TABLE);
    fp[U0].ref = t->elems[i];
    NEXT(3);
}
L_TABLE_SET : {
    sk_table *t = tables[U2];
    uint32_t i = fp[U0].u32;
    if (i >= t->size) TRAP(OOB_TABLE);
    t->elems[i] = fp[U1].ref;
    NEXT(3);
}
L_TABLE_SIZE:
    fp[U0].u64 = tables[U1]->size;
    NEXT(2);
L_TABLE_GROW : {
    int64_t r = sk_table_grow(s, tables[U3], fp[U2].u32, fp[U1].ref);
    fp[U0].u64 = (uint32_t)(int32_t)r;
    NEXT(3);
}
L_TABLE_FILL : {
    sk_table *t = tables[U3];
    uint32_t i = fp[U0].u32, n = fp[U2].u32;
    void *v = fp[U1].ref;
    if ((uint64_t)i + n > t->size) TRAP(OOB_TABLE);
    for (uint32_t k = 0; k < n; k++) t->elems[i + k] = v;
    NEXT(3);
}
L_TABLE_COPY : {
    sk_table *dt = tables[U3], *st = tables[U4];
    uint32_t d = fp[U0].u32, sr = fp[U1].u32, n = fp[U2].u32;
    if ((uint64_t)sr + n > st->size || (uint64_t)d + n > dt->size) TRAP(OOB_TABLE);
    if (n) memmove(dt->elems + d, st->elems + sr, (size_t)n * sizeof(void *));
    NEXT(4);
}
L_TABLE_INIT : {
    sk_table *t = tables[U3];
    uint32_t seg = U4, d = fp[U0].u32, sr = fp[U1].u32, n = fp[U2].u32;
    if ((uint64_t)sr + n > inst->elem_len[seg] || (uint64_t)d + n > t->size) TRAP(OOB_TABLE);
    if (n) memcpy(t->elems + d, inst->elem_refs[seg] + sr, (size_t)n * sizeof(void *));
    NEXT(4);
}
L_ELEM_DROP:
    inst->elem_len[U0] = 0;
    NEXT(2);
L_REF_IS_NULL:
    fp[U0].u64 = fp[U1].ref == NULL;
    NEXT(2);
L_REF_FUNC:
    fp[U0].ref = funcs[U1];
    NEXT(2);

    /* ---- arithmetic with immediates ---- */
    I32I(I32_ADD_IMM, a + b)
    I32I(I32_MUL_IMM, a * b)
    I32I(I32_AND_IMM, a & b)
    I32I(I32_OR_IMM, a | b)
    I32I(I32_XOR_IMM, a ^ b)
    I32I(I32_SHL_IMM, a << (b & 31))
    I32I(I32_SHR_S_IMM, S32(a) >> (b & 31))
    I32I(I32_SHR_U_IMM, a >> (b & 31))
    I64I(I64_ADD_IMM, a + b)
    I64I(I64_MUL_IMM, a * b)
    I64I(I64_AND_IMM, a & b)
    I64I(I64_OR_IMM, a | b)
    I64I(I64_XOR_IMM, a ^ b)
    I64I(I64_SHL_IMM, a << (b & 63))
    I64I(I64_SHR_S_IMM, (uint64_t)(S64(a) >> (b & 63)))
    I64I(I64_SHR_U_IMM, a >> (b & 63))
    I32I(I32_EQ_IMM, a == b)
    I32I(I32_NE_IMM, a != b)
    I32I(I32_LT_S_IMM, S32(a) < S32(b))
    I32I(I32_LT_U_IMM, a < b)
    I32I(I32_GT_S_IMM, S32(a) > S32(b))
    I32I(I32_GT_U_IMM, a > b)
    I32I(I32_LE_S_IMM, S32(a) <= S32(b))
    I32I(I32_LE_U_IMM, a <= b)
    I32I(I32_GE_S_IMM, S32(a) >= S32(b))
    I32I(I32_GE_U_IMM, a >= b)

    /* ---- ops with a memory operand (one list: the plain and the slot+immediate address forms) ---- */
#define SK_MEM_OPERAND_OPS(X) \
    X(F64_ADD, double, f64, f64, a + b) \
    X(F64_SUB, double, f64, f64, a - b) \
    X(F64_MUL, double, f64, f64, a * b) \
    X(F64_DIV, double, f64, f64, a / b) \
    X(F32_ADD, float, f32, f32, a + b) \
    X(F32_SUB, float, f32, f32, a - b) \
    X(F32_MUL, float, f32, f32, a * b) \
    X(F32_DIV, float, f32, f32, a / b) \
    X(I32_ADD, uint32_t, u32, u64, (uint32_t)(a + b)) \
    X(I32_SUB, uint32_t, u32, u64, (uint32_t)(a - b)) \
    X(I32_MUL, uint32_t, u32, u64, (uint32_t)(a * b)) \
    X(I32_AND, uint32_t, u32, u64, a & b) \
    X(I32_OR, uint32_t, u32, u64, a | b) \
    X(I32_XOR, uint32_t, u32, u64, a ^ b) \
    X(I64_ADD, uint64_t, u64, u64, a + b) \
    X(I64_SUB, uint64_t, u64, u64, a - b) \
    X(I64_MUL, uint64_t, u64, u64, a * b) \
    X(I64_AND, uint64_t, u64, u64, a & b) \
    X(I64_OR, uint64_t, u64, u64, a | b) \
    X(I64_XOR, uint64_t, u64, u64, a ^ b)
    SK_MEM_OPERAND_OPS(OPM)

    /* ---- comparisons ---- */
    UNOPA(I32_EQZ, uint32_t, u32, u64, a == 0)
    I32B(I32_EQ, a == b)
    I32B(I32_NE, a != b)
    I32B(I32_LT_S, S32(a) < S32(b))
    I32B(I32_LT_U, a < b)
    I32B(I32_GT_S, S32(a) > S32(b))
    I32B(I32_GT_U, a > b)
    I32B(I32_LE_S, S32(a) <= S32(b))
    I32B(I32_LE_U, a <= b)
    I32B(I32_GE_S, S32(a) >= S32(b))
    I32B(I32_GE_U, a >= b)
    UNOPA(I64_EQZ, uint64_t, u64, u64, a == 0)
    I64C(I64_EQ, a == b)
    I64C(I64_NE, a != b)
    I64C(I64_LT_S, S64(a) < S64(b))
    I64C(I64_LT_U, a < b)
    I64C(I64_GT_S, S64(a) > S64(b))
    I64C(I64_GT_U, a > b)
    I64C(I64_LE_S, S64(a) <= S64(b))
    I64C(I64_LE_U, a <= b)
    I64C(I64_GE_S, S64(a) >= S64(b))
    I64C(I64_GE_U, a >= b)
    F32C(F32_EQ, a == b)
    F32C(F32_NE, a != b)
    F32C(F32_LT, a < b)
    F32C(F32_GT, a > b)
    F32C(F32_LE, a <= b)
    F32C(F32_GE, a >= b)
    F64C(F64_EQ, a == b)
    F64C(F64_NE, a != b)
    F64C(F64_LT, a < b)
    F64C(F64_GT, a > b)
    F64C(F64_LE, a <= b)
    F64C(F64_GE, a >= b)

    /* ---- i32 ---- */
    UNOPA(I32_CLZ, uint32_t, u32, u64, a ? (uint32_t)__builtin_clz(a) : 32u)
    UNOPA(I32_CTZ, uint32_t, u32, u64, a ? (uint32_t)__builtin_ctz(a) : 32u)
    UNOPA(I32_POPCNT, uint32_t, u32, u64, (uint32_t)__builtin_popcount(a))
    I32B(I32_ADD, a + b)
    I32B(I32_SUB, a - b)
    I32B(I32_MUL, a * b)
L_I32_DIV_S : {
    int32_t a = fp[U1].i32, b = fp[U2].i32;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    if (SK_UNLIKELY(a == INT32_MIN && b == -1)) TRAP(INT_OVERFLOW);
    fp[U0].u64 = (uint32_t)(a / b);
    NEXT(3);
}
L_I32_DIV_U : {
    uint32_t a = fp[U1].u32, b = fp[U2].u32;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    fp[U0].u64 = a / b;
    NEXT(3);
}
L_I32_REM_S : {
    int32_t a = fp[U1].i32, b = fp[U2].i32;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    fp[U0].u64 = (uint32_t)(b == -1 ? 0 : a % b);
    NEXT(3);
}
L_I32_REM_U : {
    uint32_t a = fp[U1].u32, b = fp[U2].u32;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    fp[U0].u64 = a % b;
    NEXT(3);
}
    I32B(I32_AND, a & b)
    I32B(I32_OR, a | b)
    I32B(I32_XOR, a ^ b)
    I32B(I32_SHL, a << (b & 31))
    I32B(I32_SHR_S, S32(a) >> (b & 31))
    I32B(I32_SHR_U, a >> (b & 31))
    I32B(I32_ROTL, rotl32(a, b))
    ADD_MST_(F64_ADD_MST, A_SLOT)
    ADD_MST_(F64_ADD_MST_X, A_ACC)
    ACC4(XOR_ROTL_, I32_XOR_ROTL)
    I32B(I32_ROTR, rotr32(a, b))

    /* ---- i64 ---- */
    UNOPA(I64_CLZ, uint64_t, u64, u64, a ? (uint64_t)__builtin_clzll(a) : 64u)
    UNOPA(I64_CTZ, uint64_t, u64, u64, a ? (uint64_t)__builtin_ctzll(a) : 64u)
    UNOPA(I64_POPCNT, uint64_t, u64, u64, (uint64_t)__builtin_popcountll(a))
    I64B(I64_ADD, a + b)
    I64B(I64_SUB, a - b)
    I64B(I64_MUL, a * b)
L_I64_DIV_S : {
    int64_t a = fp[U1].i64, b = fp[U2].i64;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    if (SK_UNLIKELY(a == INT64_MIN && b == -1)) TRAP(INT_OVERFLOW);
    fp[U0].i64 = a / b;
    NEXT(3);
}
L_I64_DIV_U : {
    uint64_t a = fp[U1].u64, b = fp[U2].u64;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    fp[U0].u64 = a / b;
    NEXT(3);
}
L_I64_REM_S : {
    int64_t a = fp[U1].i64, b = fp[U2].i64;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    fp[U0].i64 = b == -1 ? 0 : a % b;
    NEXT(3);
}
L_I64_REM_U : {
    uint64_t a = fp[U1].u64, b = fp[U2].u64;
    if (SK_UNLIKELY(b == 0)) TRAP(DIV_ZERO);
    fp[U0].u64 = a % b;
    NEXT(3);
}
    I64B(I64_AND, a & b)
    I64B(I64_OR, a | b)
    I64B(I64_XOR, a ^ b)
    I64B(I64_SHL, a << (b & 63))
    I64B(I64_SHR_S, (uint64_t)(S64(a) >> (b & 63)))
    I64B(I64_SHR_U, a >> (b & 63))
    I64B(I64_ROTL, rotl64(a, b))
    I64B(I64_ROTR, rotr64(a, b))

    /* ---- f32 / f64 ---- */
    UNOPA(F32_ABS, uint32_t, u32, u64, a & 0x7FFFFFFFu)
    UNOPA(F32_NEG, uint32_t, u32, u64, a ^ 0x80000000u)
    UNOP(F32_CEIL, float, f32, f32, f32_ceil(a))
    UNOP(F32_FLOOR, float, f32, f32, f32_floor(a))
    UNOP(F32_TRUNC, float, f32, f32, f32_trunc(a))
    UNOP(F32_NEAREST, float, f32, f32, f32_nearest(a))
    UNOPA(F32_SQRT, float, f32, f32, sqrtf(a))
    F32B(F32_ADD, a + b)
    F32B(F32_SUB, a - b)
    F32B(F32_MUL, a * b)
    F32B(F32_DIV, a / b)
    F32B(F32_MIN, f32_min(a, b))
    F32B(F32_MAX, f32_max(a, b))
    BINOP(F32_COPYSIGN, uint32_t, u32, u64, (a & 0x7FFFFFFFu) | (b & 0x80000000u))
    UNOPA(F64_ABS, uint64_t, u64, u64, a & 0x7FFFFFFFFFFFFFFFull)
    UNOPA(F64_NEG, uint64_t, u64, u64, a ^ 0x8000000000000000ull)
    UNOP(F64_CEIL, double, f64, f64, f64_ceil(a))
    UNOP(F64_FLOOR, double, f64, f64, f64_floor(a))
    UNOP(F64_TRUNC, double, f64, f64, f64_trunc(a))
    UNOP(F64_NEAREST, double, f64, f64, f64_nearest(a))
    UNOPA(F64_SQRT, double, f64, f64, sqrt(a))
    F64B(F64_ADD, a + b)
    F64B(F64_SUB, a - b)
    F64B(F64_MUL, a * b)
    F64B(F64_DIV, a / b)
    F64B(F64_MIN, f64_min(a, b))
    F64B(F64_MAX, f64_max(a, b))
    BINOP(F64_COPYSIGN, uint64_t, u64, u64, (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull))

    /* ---- conversions ---- */
    UNOPA(I32_WRAP_I64, uint64_t, u64, u64, (uint32_t)a)
#define TRUNC(name, T, F, chk, OF, OT)            \
    L_##name : {                                  \
        T a = fp[U1].F;                           \
        tk = chk((double)a);                      \
        if (SK_UNLIKELY(tk != SK_TRAP_NONE)) goto trap; \
        fp[U0].OF = (OT)a;                        \
        NEXT(2);                                  \
    }
    TRUNC(I32_TRUNC_F32_S, float, f32, chk_i32, i32, int32_t)
    TRUNC(I32_TRUNC_F32_U, float, f32, chk_u32, u32, uint32_t)
    TRUNC(I32_TRUNC_F64_S, double, f64, chk_i32, i32, int32_t)
    TRUNC(I32_TRUNC_F64_U, double, f64, chk_u32, u32, uint32_t)
    TRUNC(I64_TRUNC_F32_S, float, f32, chk_i64, i64, int64_t)
    TRUNC(I64_TRUNC_F32_U, float, f32, chk_u64, u64, uint64_t)
    TRUNC(I64_TRUNC_F64_S, double, f64, chk_i64, i64, int64_t)
    TRUNC(I64_TRUNC_F64_U, double, f64, chk_u64, u64, uint64_t)
    UNOPA(I64_EXTEND_I32_S, int32_t, i32, i64, (int64_t)a)
    UNOPA(I64_EXTEND_I32_U, uint32_t, u32, u64, (uint64_t)a)
    UNOPA(F32_CONVERT_I32_S, int32_t, i32, f32, (float)a)
    UNOPA(F32_CONVERT_I32_U, uint32_t, u32, f32, (float)a)
    UNOPA(F32_CONVERT_I64_S, int64_t, i64, f32, (float)a)
    UNOPA(F32_CONVERT_I64_U, uint64_t, u64, f32, (float)a)
    UNOPA(F32_DEMOTE_F64, double, f64, f32, (float)a)
    UNOPA(F64_CONVERT_I32_S, int32_t, i32, f64, (double)a)
    UNOPA(F64_CONVERT_I32_U, uint32_t, u32, f64, (double)a)
    UNOPA(F64_CONVERT_I64_S, int64_t, i64, f64, (double)a)
    UNOPA(F64_CONVERT_I64_U, uint64_t, u64, f64, (double)a)
    UNOPA(F64_PROMOTE_F32, float, f32, f64, (double)a)
    UNOPA(I32_REINTERPRET_F32, uint32_t, u32, u64, a)
    UNOPA(I64_REINTERPRET_F64, uint64_t, u64, u64, a)
    UNOPA(F32_REINTERPRET_I32, uint32_t, u32, u64, a)
    UNOPA(F64_REINTERPRET_I64, uint64_t, u64, u64, a)
    UNOPA(I32_EXTEND8_S, uint32_t, u32, u64, (uint32_t)(int32_t)(int8_t)a)
    UNOPA(I32_EXTEND16_S, uint32_t, u32, u64, (uint32_t)(int32_t)(int16_t)a)
    UNOPA(I64_EXTEND8_S, uint64_t, u64, i64, (int64_t)(int8_t)a)
    UNOPA(I64_EXTEND16_S, uint64_t, u64, i64, (int64_t)(int16_t)a)
    UNOPA(I64_EXTEND32_S, uint64_t, u64, i64, (int64_t)(int32_t)a)
    UNOP(I32_TRUNC_SAT_F32_S, float, f32, u64, (uint32_t)sat_i32(a))
    UNOP(I32_TRUNC_SAT_F32_U, float, f32, u64, sat_u32(a))
    UNOP(I32_TRUNC_SAT_F64_S, double, f64, u64, (uint32_t)sat_i32(a))
    UNOP(I32_TRUNC_SAT_F64_U, double, f64, u64, sat_u32(a))
    UNOP(I64_TRUNC_SAT_F32_S, float, f32, i64, sat_i64(a))
    UNOP(I64_TRUNC_SAT_F32_U, float, f32, u64, sat_u64(a))
    UNOP(I64_TRUNC_SAT_F64_S, double, f64, i64, sat_i64(a))
    UNOP(I64_TRUNC_SAT_F64_U, double, f64, u64, sat_u64(a))

    /* ---- fused instructions of issue 8 (iops.def, fuse_ops.h) ---- */
#define FK_T_I32 uint32_t
#define FK_T_I64 uint64_t
#define FK_T_F64 double
#define FK_T_F64C double
#define FK_F_I32 u32
#define FK_F_I64 u64
#define FK_F_F64 f64
#define FK_F_F64C f64
#define FK_W_I32(e) fp[U0].u64 = (uint32_t)(e)
#define FK_W_I64(e) fp[U0].u64 = (e)
#define FK_W_F64(e) fp[U0].f64 = (e)
#define FK_W_F64C(e) fp[U0].u64 = (e)
#define FK_R_I32(t) (void)0
#define FK_R_I64(t) (void)0
#define FK_R_F64(t) SK_ROUNDED(t)
#define FK_R_F64C(t) SK_ROUNDED(t)
#define FK_OPND_S(K, k) fp[UNIT(k)].FK_F_##K
#define FK_OPND_I(K, k) ((FK_T_##K)UNIT(k))
#define FUSE_PAIR(NAME, K, FIRST, BK, E1, SECOND, SIDE, CK, E2) \
    L_##NAME : {                                                \
        FK_T_##K a = fp[U1].FK_F_##K, b = FK_OPND_##BK(K, 2);   \
        FK_T_##K t = (FK_T_##K)(E1);                            \
        FK_R_##K(t);                                            \
        FK_T_##K c = FK_OPND_##CK(K, 3);                        \
        FK_W_##K(E2);                                           \
        NEXT(3);                                                \
    }
    SK_FUSE_PAIRS(FUSE_PAIR)
    /* chains (round 4): the pair, then + d */
#define FUSE_PAIR_ADD(NAME, K, FIRST, BK, E1, SECOND, SIDE, CK, E2) \
    L_##NAME##_ADD : {                                              \
        FK_T_##K a = fp[U1].FK_F_##K, b = FK_OPND_##BK(K, 2);       \
        FK_T_##K t = (FK_T_##K)(E1);                                \
        FK_T_##K c = FK_OPND_##CK(K, 3);                            \
        t = (FK_T_##K)(E2);                                         \
        FK_W_##K(t + fp[U4].FK_F_##K);                              \
        NEXT(4);                                                    \
    }
    SK_FUSE_PAIRS_ADD(FUSE_PAIR_ADD)
/* (a * b) * c, then its read-modify-write of mem[U3 + U4] (iops.def); the products rounded (no FMA) */
#define MM_MST_(name, E)                                         \
    L_##name : {                                                 \
        double t = fp[U0].f64 * fp[U1].f64, m;                   \
        SK_ROUNDED(t);                                           \
        t = t * fp[U2].f64;                                      \
        SK_ROUNDED(t);                                           \
        uint64_t ea = (uint64_t)fp[U3].u32 + U4;                 \
        SK_LOAD(&m, ea, 8);                                      \
        m = (E);                                                 \
        memcpy(mem_base + ea, &m, 8);                            \
        NEXT(4);                                                 \
    }
    MM_MST_(F64_MUL_MUL_ADD_MST, t + m)
    MM_MST_(F64_MUL_MUL_SUB_MST, m - t)
L_I32_XRI_SHRUI_ADD : {
    uint32_t a = fp[U1].u32;
    fp[U0].u64 = (uint32_t)((rotl32(a, U2) ^ rotl32(a, U3) ^ (a >> (U4 & 31))) + fp[UNIT(5)].u32);
    NEXT(4);
}
/* a op mem[(U2 + U3) mod 2^32 + U4] (see iops.def) */
#define OPMI(name, T, F, OF, e)                                       \
    L_##name##_MI : {                                                 \
        uint64_t ea = (uint64_t)(uint32_t)(fp[U2].u32 + U3) + U4;     \
        T a = fp[U1].F, b;                                            \
        SK_LOAD(&b, ea, sizeof(T));                                   \
        fp[U0].OF = (e);                                              \
        NEXT(4);                                                      \
    }
    SK_MEM_OPERAND_OPS(OPMI)
#define ADD2(tag, B1, B2)                                \
    L_I32_ADD2_##tag : {                                 \
        fp[U0].u64 = (uint32_t)(fp[U1].u32 + (B1));      \
        fp[U3].u64 = (uint32_t)(fp[U4].u32 + (B2));      \
        NEXT(4);                                         \
    }
    ADD2(SS, fp[U2].u32, fp[UNIT(5)].u32)
    ADD2(SI, fp[U2].u32, UNIT(5))
    ADD2(IS, U2, fp[UNIT(5)].u32)
    ADD2(II, U2, UNIT(5))
L_CALL_LOCAL_ADDI:
    fp[U1].u64 = (uint32_t)(fp[U2].u32 + U3);
    ENTER((const sk_icode *)ip[3].h, fp + U0, ip + 4, 1);
L_I32_ADD_RET:
    fp[U0].u64 = (uint32_t)(fp[U1].u32 + fp[U2].u32);
    goto L_RET;
/* mem[U1 + U2] = mem[...] - x (x U0) */
#define SUB_MST_(name, GA)                                          \
    L_##name : {                                                    \
        uint64_t ea = (uint64_t)fp[U1].u32 + U2;                    \
        double b;                                                   \
        SK_LOAD(&b, ea, 8);                                         \
        b = b - GA(f64, U0);                                        \
        memcpy(mem_base + ea, &b, 8);                               \
        NEXT(3);                                                    \
    }
    SUB_MST_(F64_SUB_MST, A_SLOT)
    SUB_MST_(F64_SUB_MST_X, A_ACC)
/* two byte loads compared, then a forward branch (iops.def LLBR8) */
#define LLBR8(name, e)                                                               \
    L_##name : {                                                                     \
        uint64_t e1 = (uint64_t)(uint32_t)(fp[U0].u32 + fp[U1].u32) + U2;            \
        uint64_t e2 = (uint64_t)(uint32_t)(fp[U3].u32 + fp[U4].u32) + UNIT(5);       \
        int32_t o = (int32_t)UNIT(6);                                                \
        uint8_t a, b;                                                                \
        SK_LOAD(&a, e1, 1);                                                          \
        ip += 2; /* from here on a fault belongs to the second load */               \
        SK_LOAD(&b, e2, 1);                                                          \
        if (e) NEXT(o);                                                              \
        NEXT(3);                                                                     \
    }
    LLBR8(LLBR8_EQ, a == b)
    LLBR8(LLBR8_NE, a != b)
/* MOV5..MOV8 and MOV<k>_BACK (iops.def): k moves in order; the _BACK forms end at cell k, from where the
 * offset counts and the poll reports */
#define MV_(k) fp[UNIT(2 * (k))].u64 = fp[UNIT(2 * (k) + 1)].u64;
#define MVS1_ MV_(0)
#define MVS2_ MVS1_ MV_(1)
#define MVS3_ MVS2_ MV_(2)
#define MVS4_ MVS3_ MV_(3)
#define MVS5_ MVS4_ MV_(4)
#define MVS6_ MVS5_ MV_(5)
#define MVS7_ MVS6_ MV_(6)
#define MVS8_ MVS7_ MV_(7)
#define MOVN(k)          \
    L_MOV##k:            \
    MVS##k##_ NEXT(k + 1);
#define MOVB(k)             \
    L_MOV##k##_BACK:        \
    MVS##k##_ ip += (k);    \
    goto mov_back;
    MOVN(5) MOVN(6) MOVN(7) MOVN(8)
    MOVB(1) MOVB(2) MOVB(3) MOVB(4) MOVB(5) MOVB(6) MOVB(7) MOVB(8)
mov_back:
    POLL();
    NEXT((int32_t)U0);
#define MEMMOV(name, n, T)                                          \
    L_MEMMOV_##name : {                                             \
        uint64_t es = (uint64_t)fp[U2].u32 + U3;                    \
        uint64_t ed = (uint64_t)fp[U0].u32 + U1;                    \
        T v;                                                        \
        SK_LOAD(&v, es, n);                                         \
        ip += 2; /* from here on a fault belongs to the store */    \
        SK_STORE(ed, &v, n);                                        \
        NEXT(1);                                                    \
    }
    MEMMOV(8, 1, uint8_t)
    MEMMOV(32, 4, uint32_t)
    MEMMOV(64, 8, uint64_t)
#define SELR(name, T, F, e)                                              \
    L_##name : {                                                         \
        T a = fp[U3].F, b = fp[U4].F;                                    \
        fp[U0].u64 = (e) ? fp[U1].u64 : fp[U2].u64;                      \
        NEXT(4);                                                         \
    }
#define SELR_ALL(P, T, F, S)                                             \
    SELR(P##_EQ, T, F, a == b)                                           \
    SELR(P##_NE, T, F, a != b)                                           \
    SELR(P##_LT_S, T, F, S(a) < S(b))                                    \
    SELR(P##_LT_U, T, F, a < b)                                          \
    SELR(P##_GT_S, T, F, S(a) > S(b))                                    \
    SELR(P##_GT_U, T, F, a > b)                                          \
    SELR(P##_LE_S, T, F, S(a) <= S(b))                                   \
    SELR(P##_LE_U, T, F, a <= b)                                         \
    SELR(P##_GE_S, T, F, S(a) >= S(b))                                   \
    SELR(P##_GE_U, T, F, a >= b)
    SELR_ALL(SELECT, uint32_t, u32, S32)
    SELR_ALL(SELECT64, uint64_t, u64, S64)
/* load + compare-branch (iops.def LBR): the load first, so a fault is the load's (cell 0); a taken
 * backward branch moves ip to cell 2, the branch's trap-frame entry, before it polls */
#define LBR_FWD_(o) NEXT(o)
#define LBR_BACK_(o)     \
    do {                 \
        ip += 2;         \
        POLL();          \
        NEXT((o) - 2);   \
    } while (0)
#define LBR_(name, n, T, B, e, GO)                \
    L_##name : {                                  \
        uint64_t ea = (uint64_t)fp[U1].u32 + U2;  \
        T t;                                      \
        SK_LOAD(&t, ea, n);                       \
        uint32_t a = t;                           \
        fp[U0].u64 = a;                           \
        uint32_t b = (B);                         \
        if (e) {                                  \
            int32_t o = (int32_t)U4;              \
            GO(o);                                \
        }                                         \
        NEXT(4);                                  \
    }
#define LBR4_(w, n, T, rel, e)                                   \
    LBR_(LBR##w##_##rel, n, T, fp[U3].u32, e, LBR_FWD_)          \
    LBR_(LBR##w##_##rel##_IMM, n, T, U3, e, LBR_FWD_)            \
    LBR_(LBR##w##_##rel##_BACK, n, T, fp[U3].u32, e, LBR_BACK_)  \
    LBR_(LBR##w##_##rel##_IMM_BACK, n, T, U3, e, LBR_BACK_)
#define LBR_ALL_(w, n, T)                     \
    LBR4_(w, n, T, EQ, a == b)                \
    LBR4_(w, n, T, NE, a != b)                \
    LBR4_(w, n, T, LT_S, S32(a) < S32(b))     \
    LBR4_(w, n, T, LT_U, a < b)               \
    LBR4_(w, n, T, GT_S, S32(a) > S32(b))     \
    LBR4_(w, n, T, GT_U, a > b)               \
    LBR4_(w, n, T, LE_S, S32(a) <= S32(b))    \
    LBR4_(w, n, T, LE_U, a <= b)              \
    LBR4_(w, n, T, GE_S, S32(a) >= S32(b))    \
    LBR4_(w, n, T, GE_U, a >= b)
    LBR_ALL_(32, 4, uint32_t)
    LBR_ALL_(8, 1, uint8_t)
L_I32_ROTL_XR:
    fp[U0].u64 = rotl32(fp[U1].u32, fp[U2].u32) ^ rotl32(fp[U3].u32, fp[U4].u32);
    NEXT(4);
L_I32_ROT3:
    fp[U0].u64 = rotl32(fp[U1].u32, fp[U2].u32) ^ rotl32(fp[U3].u32, fp[U4].u32) ^
                 rotl32(fp[UNIT(5)].u32, fp[UNIT(6)].u32);
    NEXT(5);
L_I32_ROTL_XRI : {
    uint32_t a = fp[U1].u32;
    fp[U0].u64 = rotl32(a, U2) ^ rotl32(a, U3);
    NEXT(3);
}
L_I32_ROT3I : {
    uint32_t a = fp[U1].u32;
    fp[U0].u64 = rotl32(a, U2) ^ rotl32(a, U3) ^ rotl32(a, U4);
    NEXT(4);
}
L_I32_ROT3I_ADD : {
    uint32_t a = fp[U1].u32;
    fp[U0].u64 = (uint32_t)((rotl32(a, U2) ^ rotl32(a, U3) ^ rotl32(a, U4)) + fp[UNIT(5)].u32);
    NEXT(4);
}
/* k * mem[b] + mem[c] into mem[c], the operands from unit u on (see iops.def); the trap at c is reported
 * from cell ct of the instruction, which is n cells long */
#define MULADD_MST(u, ct, n)                                                         \
    do {                                                                             \
        uint64_t eb = (uint64_t)(uint32_t)(fp[UNIT(u + 1)].u32 + UNIT(u + 2)) + UNIT(u + 3); \
        uint64_t ec = (uint64_t)fp[UNIT(u + 4)].u32 + UNIT(u + 5);                   \
        double k = fp[UNIT(u)].f64, b, c;                                            \
        SK_LOAD(&b, eb, 8);                                                          \
        ip += (ct); /* from here on a fault belongs to the c access */               \
        SK_LOAD(&c, ec, 8);                                                          \
        b = k * b;                                                                   \
        SK_ROUNDED(b);                                                               \
        c = b + c;                                                                   \
        memcpy(mem_base + ec, &c, 8);                                                \
        NEXT((n) - (ct));                                                            \
    } while (0)
L_F64_MULADD_MST:
    MULADD_MST(0, 3, 4);
#define MULADD_A2(tag, B1, B2)                                \
    L_F64_MULADD_MST_A2##tag : {                              \
        fp[U0].u64 = (uint32_t)(fp[U1].u32 + (B1));           \
        fp[U3].u64 = (uint32_t)(fp[U4].u32 + (B2));           \
        MULADD_MST(6, 6, 7);                                  \
    }
    MULADD_A2(SS, fp[U2].u32, fp[UNIT(5)].u32)
    MULADD_A2(SI, fp[U2].u32, UNIT(5))
    MULADD_A2(IS, U2, fp[UNIT(5)].u32)
    MULADD_A2(II, U2, UNIT(5))
/* the two sums share their second operand j and are the addresses themselves (no imm, no offsets): one
 * read of j, no reload of the sums; ST2 stores the b address sum (nothing when it is a dead temporary) */
#define MULADD_D2(tag, J, ST2) MULADD_D2_(F64_MULADD_MST_D2##tag, J, ST2, NEXT(2))
#define MULADD_D2_(name, J, ST2, FIN) L_##name : MULADD_D2_B(J, ST2) FIN;
#define MULADD_D2_B(J, ST2)                                                           \
    {                                                                                 \
        uint32_t j = (J);                                                             \
        uint32_t v1 = fp[U1].u32 + j, v2 = fp[U4].u32 + j;                            \
        double k = fp[UNIT(5)].f64;                                                   \
        fp[U0].u64 = v1;                                                              \
        ST2;                                                                          \
        uint64_t eb = v2, ec = v1;                                                    \
        double b, c;                                                                  \
        SK_LOAD(&b, eb, 8);                                                           \
        b = k * b;                                                                    \
        SK_ROUNDED(b);                                                                \
        ip += 2; /* from here on a fault belongs to the c access */                   \
        SK_LOAD(&c, ec, 8);                                                           \
        c = b + c;                                                                    \
        memcpy(mem_base + ec, &c, 8);                                                 \
    }
    MULADD_D2(S, fp[U2].u32, fp[U3].u64 = v2)
    MULADD_D2(I, U2, fp[U3].u64 = v2)
    MULADD_D2(S_T, fp[U2].u32, (void)0)
    MULADD_D2(I_T, U2, (void)0)

/* loop back-edge tails (iops.def TBACK): the op, then ip to the back-edge's own cell and its code inline (no
 * dispatch); the back-edge polls from there */
/* an add + compare + back-edge (ABR) at ip: v = a + BV to dst, then branch back if v rel B */
#define TB_ABR_(BV, B, e, n, OFF)                  \
    do {                                           \
        uint32_t a = fp[U1].u32 + (BV);            \
        fp[U0].u64 = a;                            \
        uint32_t b = (B);                          \
        (void)b;                                   \
        if (e) {                                   \
            POLL();                                \
            NEXT((int32_t)(OFF));                  \
        }                                          \
        NEXT(n);                                   \
    } while (0)
#define TB_ABI_NE_IMM_ TB_ABR_(U2, U3, a != b, 4, U4)
    MULADD_D2_(F64_MULADD_MST_D2I_T__ABI_NE_IMM_BACK, U2, (void)0, ip += 2; TB_ABI_NE_IMM_)
    MULADD_D2_(F64_MULADD_MST_D2S__F64_MULADD_MST_D2I_T__ABI_NE_IMM_BACK, fp[U2].u32, fp[U3].u64 = v2,
               ip += 2; MULADD_D2_B(U2, (void)0) ip += 2; TB_ABI_NE_IMM_)
#define TB_ADD_AB_LE_U_                                        \
    fp[U0].u64 = (uint32_t)(fp[U1].u32 + fp[U2].u32);          \
    ip += 3;                                                   \
    TB_ABR_(fp[U2].u32, fp[U3].u32, a <= b, 4, U4);
L_I32_ADD__AB_LE_U_BACK:
    TB_ADD_AB_LE_U_
L_ST_8__I32_ADD__AB_LE_U_BACK : {
    uint64_t ea = (uint64_t)fp[U0].u32 + U2;
    uint8_t v = (uint8_t)fp[U1].u64;
    SK_STORE(ea, &v, 1); /* a fault is the store's (cell 0) */
}
    ip += 3;
    TB_ADD_AB_LE_U_
L_I32_ADD_IMM__ABI_NZ_BACK:
    fp[U0].u64 = (uint32_t)(fp[U1].u32 + U2);
    ip += 3;
    TB_ABR_(U2, 0, a != 0, 3, U3);
L_I32_ADD_IMM__ABI_NE_BACK:
    fp[U0].u64 = (uint32_t)(fp[U1].u32 + U2);
    ip += 3;
    TB_ABR_(U2, fp[U3].u32, a != b, 4, U4);
L_I32_ADD2_II__LBR32_LT_U_BACK:
    fp[U0].u64 = (uint32_t)(fp[U1].u32 + U2);
    fp[U3].u64 = (uint32_t)(fp[U4].u32 + UNIT(5));
    ip += 4; /* the LBR's own cell: a fault is its load's */
    {
        uint64_t ea = (uint64_t)fp[U1].u32 + U2;
        uint32_t a;
        SK_LOAD(&a, ea, 4);
        fp[U0].u64 = a;
        if (a < fp[U3].u32) {
            int32_t o = (int32_t)U4;
            LBR_BACK_(o);
        }
        NEXT(4);
    }

#include "simd_handlers.h"

trap:
    trap = sk_trap_new(tk, NULL);
    goto trap_obj;
trap_oob: __attribute__((unused)); /* own target (no tk): keeps the trap-kind set-up out of every access's fast path;
                                     * unused in the guard-page instance */
    trap = sk_trap_new(SK_TRAP_OOB_MEMORY, NULL);
trap_obj:
    x->depth = (uint32_t)(fsp - x->frames);
    add_frames(trap, x, base_depth, f->def->code, CUR_CODE, inst, ip);
    x->depth = base_depth;
    return trap;
#undef FRAMES_RELOAD
#undef CUR_CODE
#undef ENTER
#undef fsp
}
