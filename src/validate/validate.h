/* validate.h: the validator (Wasm 2.0 validation rules, spec error wording). */
#ifndef SK_VALIDATE_H
#define SK_VALIDATE_H

#include "../decode/module.h"

/* Validates a decoded module: types, imports, functions (every body, with the
 * operand/control stack algorithm of the spec appendix), tables, memories,
 * globals and their constant expressions, exports (unique names), start,
 * element and data segments, data count rules, ref.func declarations.
 * Sets m->func_declared, m->uses_simd and m->validated.
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

#endif
