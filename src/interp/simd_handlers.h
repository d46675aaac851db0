/* simd_handlers.h: the dispatch-loop handlers of the SIMD instructions, included inside run()
 * (interp.c), where fp, ip, mem_base, mem_size, globals and the NEXT/TRAP macros live. A v128
 * occupies two consecutive slots fp[k], fp[k+1]; operand layouts are in iops.def. The work is
 * done out of line by simd_exec.c (see simd_exec.h for why). */

L_V128_CONST:
    memcpy(&fp[U0], &ip[2], 16);
    NEXT(4);
L_SELECT128:
    sk_simd_exec_select128(fp, ip);
    NEXT(3);
L_GLOBAL_GET128:
    memcpy(&fp[U0], globals[U1]->val.v128, 16);
    NEXT(2);
L_GLOBAL_SET128:
    memcpy(globals[U1]->val.v128, &fp[U0], 16);
    NEXT(2);
L_I8X16_SHUFFLE:
    sk_simd_exec_i8x16_shuffle(fp, ip);
    NEXT(5);
L_V128_STORE:
    if (SK_UNLIKELY(!sk_simd_exec_v128_store(fp, ip, mem_base, mem_size))) TRAP(OOB_MEMORY);
    NEXT(3);

/* SIMD_H(handler, cells) for register forms; SIMD_MEM_H for memory forms, which can trap */
#define SIMD_H(OP, fn, cells)  \
    L_##OP:                    \
    sk_simd_exec_##fn(fp, ip); \
    NEXT(cells);
#define SIMD_MEM_H(OP, fn, cells)                                                      \
    L_##OP:                                                                            \
    if (SK_UNLIKELY(!sk_simd_exec_##fn(fp, ip, mem_base, mem_size))) TRAP(OOB_MEMORY); \
    NEXT(cells);
#define SIMD_LOAD_H(OP, fn, n) SIMD_MEM_H(OP, fn, 3)
#define SIMD_LOAD_LANE_H(OP, fn, n) SIMD_MEM_H(OP, fn, 4)
#define SIMD_STORE_LANE_H(OP, fn, n) SIMD_MEM_H(OP, fn, 3)
#define SIMD_H2(OP, fn) SIMD_H(OP, fn, 2)
#define SIMD_H3(OP, fn) SIMD_H(OP, fn, 3)
SK_SIMD_LOADS(SIMD_LOAD_H)
SK_SIMD_LOAD_LANES(SIMD_LOAD_LANE_H)
SK_SIMD_STORE_LANES(SIMD_STORE_LANE_H)
SK_SIMD_BINOPS(SIMD_H3)     /* dst, a, b */
SK_SIMD_UNOPS(SIMD_H2)      /* dst, a */
SK_SIMD_TERNOPS(SIMD_H3)    /* dst, a, b, c */
SK_SIMD_TESTOPS(SIMD_H2)    /* dst, a */
SK_SIMD_SHIFTOPS(SIMD_H3)   /* dst, a, count */
SK_SIMD_SPLATS(SIMD_H2)     /* dst, x */
SK_SIMD_EXTRACTS(SIMD_H3)   /* dst, a, lane */
SK_SIMD_REPLACES(SIMD_H3)   /* dst, a, x, lane */

#undef SIMD_H
#undef SIMD_MEM_H
#undef SIMD_LOAD_H
#undef SIMD_LOAD_LANE_H
#undef SIMD_STORE_LANE_H
#undef SIMD_H2
#undef SIMD_H3
