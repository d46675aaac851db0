/* validate.h: the validator (Wasm 2.0 validation rules, spec error wording). */
#ifndef SK_VALIDATE_H
#define SK_VALIDATE_H

#include "../decode/module.h"
#include "../common/reader.h"

/* Validates a decoded module: types, imports, functions (every body, with the
 * operand/control stack algorithm of the spec appendix), tables, memories,
 * globals and their constant expressions, exports (unique names), start,
 * element and data segments, data count rules, ref.func declarations.
 * Sets m->func_declared, m->uses_simd (any v128 type or 0xFD instruction) and m->validated.
 * SIMD: lane indices must be below the shape's lane count ("invalid lane index"), shuffle
 * indices below 32, memarg alignment at most the natural one; the rest is the generic
 * signature check of opcodes_simd.def.
 * On failure returns false with *err set: the spec's wording first ("type mismatch",
 * "unknown local 5", ...), the byte offset of the offending instruction, and
 * err->where naming the function ("function 3" or "function $name"). */
SK_INTERNAL bool sk_validate(sk_module *m, sk_error *err);

/* Reads a block type immediate (s33) and returns its params/results through the
 * module's types. Shared by the validator and the lowering pass. */
typedef struct sk_blocktype {
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    uint8_t single; /* storage when the block type is a single value type */
} sk_blocktype;

/* Reads the s33 block type at r->p: 0x40 (empty), a value type, or a type index.
 * On success fills *out (params/results point into m->types or out->single; keep
 * *out alive while using them). Errors go to r->err: "unexpected end",
 * "integer too large"/"integer representation too long", "malformed value type",
 * "unknown type". */
SK_INTERNAL bool sk_read_blocktype(const sk_module *m, sk_reader *r, sk_blocktype *out);

/* ---- Internal to the validator (shared by validate.c and func.c) ---- */

/* One control frame of the spec appendix's algorithm. */
typedef struct sk_vframe {
    uint16_t op;      /* SK_OP_BLOCK/LOOP/IF/ELSE, or SK_OP_NOP for the function itself */
    bool unreachable; /* rest of the block is unreachable: the operand stack is polymorphic */
    bool single_res;  /* results is the one value type in `single` */
    uint8_t single;
    uint32_t height; /* operand stack height at block entry */
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
} sk_vframe;

/* Operand and control stacks, reused across all function bodies of a module. */
typedef struct sk_vstacks {
    SK_VEC(uint8_t) vals; /* value types; 0 = Unknown (bottom) */
    SK_VEC(sk_vframe) ctrls;
} sk_vstacks;

/* Validates the body of defined function `func_idx` (m->func_declared must be set). */
SK_INTERNAL bool sk_validate_func(sk_module *m, uint32_t func_idx, sk_vstacks *st, sk_error *err);

/* Validates a constant expression producing `type`. Only globals [0, nglobals)
 * are visible (the 2.0 test suite lets every constant expression see only the
 * imported globals). When `declare`
 * is set, ref.func marks its function in m->func_declared (C.refs). */
SK_INTERNAL bool sk_validate_constexpr(sk_module *m, const sk_constexpr *ce, uint8_t type, uint32_t nglobals,
                                       bool declare, sk_error *err);

#endif
