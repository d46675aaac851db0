/* icode.h: the interpreter's internal code format, shared by lower.c and interp.c. */
#ifndef SK_ICODE_H
#define SK_ICODE_H

#include "interp.h"

typedef enum sk_iop {
#define IOP(n) SK_IOP_##n,
#include "iops.def"
#undef IOP
    SK_IOP_COUNT
} sk_iop;

/* One code cell: an instruction begins with a cell holding its handler address
 * (direct threading); its operands follow as 32-bit units, two per cell, and
 * 64-bit immediates take a whole cell. */
typedef union sk_icell {
    const void *h;
    uint32_t u[2];
    int32_t s[2];
    uint64_t u64;
    int64_t i64;
} sk_icell;

/* A frame slot: every wasm value fits in 8 bytes, except v128, which takes two consecutive slots
 * (params, locals, results and operands alike; see simd_handlers.h). */
typedef union sk_slot {
    uint64_t u64;
    int64_t i64;
    uint32_t u32;
    int32_t i32;
    float f32;
    double f64;
    void *ref;
} sk_slot;

/* Side table entry: code cell `cell` starts the lowering of the wasm
 * instruction at body offset `off` (only for instructions that can trap or call). */
typedef struct sk_pcmap {
    uint32_t cell;
    uint32_t off;
} sk_pcmap;

/* The lowered form of one function (ncells == 0 until lowered). Frame layout: params in
 * slots 0..np-1, declared locals after them, then the constant pool, then the operand
 * stack; results end in slots 0..nr-1. Counts are in slots (a v128 counts two). */
typedef struct sk_icode {
    sk_icell *cells;
    uint32_t ncells;
    uint32_t nparams, nresults, nlocals; /* slots; nlocals: declared locals, not params */
    uint32_t frame_slots;                /* slots the frame needs (>= nresults) */
    /* Frame set-up at entry: slots zero_at.. (nzero of them) are zeroed, then init[0..ninit) is copied to
     * slots init_at..: the constant pool (at nparams+nlocals), preceded by the zeros of the declared
     * locals that lower.c cannot prove written before read when there are few of them (else nzero). */
    uint64_t *init;
    uint32_t ninit, init_at;
    uint32_t nzero, zero_at;
    bool setup; /* ninit || nzero: one test for the many functions that need neither */
    uint32_t func_idx;
    uint32_t body_offset; /* module offset of the body, for trap frames */
    sk_pcmap *pcmap;
    uint32_t npcmap;
} sk_icode;

/* At most this many zeros go into a function's entry image (icode.init); more are a memset. */
#define SK_FRAME_INIT_ZEROS 8

/* Handler addresses indexed by sk_iop (taken from the dispatch loop itself). */
SK_INTERNAL const void *const *sk_interp_handlers(void);
/* The same for code run with guard-page (true) or explicit (false) bounds checks. */
SK_INTERNAL const void *const *sk_interp_handlers_for(bool guard_pages);
/* Body offset of the wasm instruction whose lowering contains `cell`, or UINT32_MAX. */
SK_INTERNAL uint32_t sk_icode_offset(const sk_icode *c, uint32_t cell);

/* Debug listing of one function's lowered code. */
#include <stdio.h>
SK_INTERNAL void sk_icode_dump(const sk_icode *c, FILE *out);

#endif
