/* fuse_ops.h: the pairs of numeric instructions the lowering fuses into one internal op (X-macro, macros
 * only, read by iops.def, run.h and lower.c).
 *
 * SK_FUSE_PAIRS(X): X(NAME, K, FIRST, BK, E1, SECOND, SIDE, CK, E2)
 *   NAME    the fused op SK_IOP_<NAME>; layout U0 dst, U1 a, U2 b, U3 c
 *   K       operand kind: I32, I64, F64 (result of the same kind) or F64C (f64 operands, i32 result)
 *   FIRST   the internal op of the first instruction: t = E1 (of a, b); b is a slot (BK S) or that op's
 *           immediate (BK I, zero-extended; an i64 immediate only when it fits in 32 bits)
 *   SECOND  the wasm op of the second instruction, which consumes t: dst = E2 (of t, c)
 *   SIDE    where t sits among SECOND's operands: L left, R right, E either (SECOND commutes exactly)
 *   CK      c is a slot (S) or SECOND's immediate (I, same rule as BK)
 * Fused only when t is a dead operand-stack temporary (the first instruction's result, consumed right
 * away). Neither instruction traps; a float t is rounded to its type before E2 (two roundings, no FMA).
 * Chosen from the hot loops of bench/ (see bench/PROFILE.md). */
#ifndef SK_FUSE_OPS_H
#define SK_FUSE_OPS_H

/* The pairs that also have a triple form NAME_ADD, the pair's result consumed right away by an i32.add (a dead
 * temporary too): U0 dst, U1 a, U2 b, U3 c, U4 d; dst = ((a FIRST b) SECOND c) + d. Part of SK_FUSE_PAIRS.
 * SHA-256's round sum `(f & e) + Sigma1 + h`, `(~e & g) + ...` and its schedule's `sigma + w[i-7]`. */
#define SK_FUSE_PAIRS_ADD(X)                                                                     \
    X(I32_AND_ADD, I32, I32_AND, S, a & b, I32_ADD, E, S, t + c)                                 \
    X(I32_XORI_AND, I32, I32_XOR_IMM, I, a ^ b, I32_AND, E, S, t & c)                            \
    X(I32_SHRUI_XOR, I32, I32_SHR_U_IMM, I, a >> (b & 31), I32_XOR, E, S, t ^ c)

#define SK_FUSE_PAIRS(X)                                                                         \
    SK_FUSE_PAIRS_ADD(X)                                                                         \
    /* i32: sha256's choose/majority/sigma terms and add chains, address arithmetic */           \
    X(I32_XOR_AND, I32, I32_XOR, S, a ^ b, I32_AND, E, S, t & c)                                 \
    X(I32_AND_XOR, I32, I32_AND, S, a & b, I32_XOR, E, S, t ^ c)                                 \
    X(I32_XOR_ADD, I32, I32_XOR, S, a ^ b, I32_ADD, E, S, t + c)                                 \
    X(I32_OR_ADD, I32, I32_OR, S, a | b, I32_ADD, E, S, t + c)                                   \
    X(I32_ADD_ADD, I32, I32_ADD, S, a + b, I32_ADD, E, S, t + c)                                 \
    X(I32_ADD_XOR, I32, I32_ADD, S, a + b, I32_XOR, E, S, t ^ c)                                 \
    X(I32_ADDI_ADD, I32, I32_ADD_IMM, I, a + b, I32_ADD, E, S, t + c)                            \
    X(I32_SHLI_ADD, I32, I32_SHL_IMM, I, a << (b & 31), I32_ADD, E, S, t + c)                    \
    X(I32_SHLI_ADDI, I32, I32_SHL_IMM, I, a << (b & 31), I32_ADD, E, I, t + c)                   \
    X(I32_ADD_SHLI, I32, I32_ADD, S, a + b, I32_SHL, L, I, t << (c & 31))                        \
    X(I32_ANDI_ADD, I32, I32_AND_IMM, I, a & b, I32_ADD, E, S, t + c)                            \
    X(I32_SUB_ADD, I32, I32_SUB, S, a - b, I32_ADD, E, S, t + c)                                 \
    X(I32_ADD_SUBR, I32, I32_ADD, S, a + b, I32_SUB, R, S, c - t)                                \
    /* i64: rho's Montgomery products, hash mixing */                                             \
    X(I64_MUL_ADD, I64, I64_MUL, S, a * b, I64_ADD, E, S, t + c)                                 \
    X(I64_MUL_SHRUI, I64, I64_MUL, S, a * b, I64_SHR_U, L, I, t >> (c & 63))                     \
    X(I64_SHRUI_ADD, I64, I64_SHR_U_IMM, I, a >> (b & 63), I64_ADD, E, S, t + c)                 \
    X(I64_ANDI_ADD, I64, I64_AND_IMM, I, a & b, I64_ADD, E, S, t + c)                            \
    X(I64_ANDI_OR, I64, I64_AND_IMM, I, a & b, I64_OR, E, S, t | c)                              \
    X(I64_SHLI_OR, I64, I64_SHL_IMM, I, a << (b & 63), I64_OR, E, S, t | c)                      \
    X(I64_ADD_ADD, I64, I64_ADD, S, a + b, I64_ADD, E, S, t + c)                                 \
    X(I64_SHRUI_XOR, I64, I64_SHR_U_IMM, I, a >> (b & 63), I64_XOR, E, S, t ^ c)                 \
    X(I64_SHRUI_ANDI, I64, I64_SHR_U_IMM, I, a >> (b & 63), I64_AND, L, I, t & c)                \
    /* f64: nbody's and mandel's products and differences (operand order kept: NaN payloads) */  \
    X(F64_MUL_ADD, F64, F64_MUL, S, a * b, F64_ADD, L, S, t + c)                                 \
    X(F64_MUL_ADDR, F64, F64_MUL, S, a * b, F64_ADD, R, S, c + t)                                \
    X(F64_MUL_SUB, F64, F64_MUL, S, a * b, F64_SUB, L, S, t - c)                                 \
    X(F64_MUL_SUBR, F64, F64_MUL, S, a * b, F64_SUB, R, S, c - t)                                \
    X(F64_MUL_MUL, F64, F64_MUL, S, a * b, F64_MUL, L, S, t * c)                                 \
    X(F64_MUL_MULR, F64, F64_MUL, S, a * b, F64_MUL, R, S, c * t)                                \
    X(F64_SUB_MUL, F64, F64_SUB, S, a - b, F64_MUL, L, S, t * c)                                 \
    X(F64_SUB_MULR, F64, F64_SUB, S, a - b, F64_MUL, R, S, c * t)                                \
    X(F64_SUB_ADDR, F64, F64_SUB, S, a - b, F64_ADD, R, S, c + t)                                \
    X(F64_ADD_MUL, F64, F64_ADD, S, a + b, F64_MUL, L, S, t * c)                                 \
    X(F64_ADD_ADD, F64, F64_ADD, S, a + b, F64_ADD, L, S, t + c)                                 \
    X(F64_ADD_ADDR, F64, F64_ADD, S, a + b, F64_ADD, R, S, c + t)                                \
    X(F64_MUL_DIVR, F64, F64_MUL, S, a * b, F64_DIV, R, S, c / t)                                \
    X(F64_ADD_LE, F64C, F64_ADD, S, a + b, F64_LE, L, S, t <= c)                                 \
    X(F64_ADD_LT, F64C, F64_ADD, S, a + b, F64_LT, L, S, t < c)                                  \
    X(F64_ADD_GT, F64C, F64_ADD, S, a + b, F64_GT, L, S, t > c)

/* Keeps a float intermediate rounded to its type (gnu11 allows contracting a * b + c into an FMA where the
 * target has one): an empty asm that needs the value in a vector register. */
#if defined(__x86_64__)
#define SK_ROUNDED(x) __asm__("" : "+x"(x))
#elif defined(__aarch64__)
#define SK_ROUNDED(x) __asm__("" : "+w"(x))
#else
#define SK_ROUNDED(x) __asm__("" : "+m"(x))
#endif

#endif
