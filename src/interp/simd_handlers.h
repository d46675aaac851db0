/* simd_handlers.h: the dispatch-loop handlers of the SIMD instructions, included inside run()
 * (interp.c), where fp, ip, mem_base, mem_size, globals and the UNIT/NEXT/TRAP macros live.
 * A v128 occupies two consecutive slots fp[k], fp[k+1]; operand layouts are in iops.def. */

#define SV(k) sk_simd_get(&fp[k])
#define SV_PUT(k, v) sk_simd_put(&fp[k], (v))
/* effective address of a memory access; traps when [ea, ea+n) is outside memory */
#define SIMD_EA(ea, addr_slot, off, n)                                  \
    uint64_t ea = (uint64_t)fp[addr_slot].u32 + (off);                  \
    if (SK_UNLIKELY(ea + (n) > mem_size)) TRAP(OOB_MEMORY)

L_V128_CONST:
    memcpy(&fp[U0], &ip[2], 16);
    NEXT(4);
L_SELECT128 : {
    sk_v128 v = fp[U3].u32 ? SV(U1) : SV(U2);
    SV_PUT(U0, v);
    NEXT(3);
}
L_GLOBAL_GET128:
    memcpy(&fp[U0], globals[U1]->val.v128, 16);
    NEXT(2);
L_GLOBAL_SET128:
    memcpy(globals[U1]->val.v128, &fp[U0], 16);
    NEXT(2);
L_I8X16_SHUFFLE:
    SV_PUT(U0, sk_simd_i8x16_shuffle(SV(U1), SV(U2), (const uint8_t *)&ip[3]));
    NEXT(5);
L_V128_STORE : {
    SIMD_EA(ea, U0, U2, 16);
    sk_simd_v128_store(mem_base + ea, SV(U1));
    NEXT(3);
}

#define SIMD_LOAD_H(OP, fn, n)                        \
    L_##OP : {                                        \
        SIMD_EA(ea, U1, U2, n);                       \
        SV_PUT(U0, sk_simd_##fn(mem_base + ea));      \
        NEXT(3);                                      \
    }
SK_SIMD_LOADS(SIMD_LOAD_H)
#define SIMD_LOAD_LANE_H(OP, fn, n)                               \
    L_##OP : {                                                    \
        SIMD_EA(ea, U1, U3, n);                                   \
        SV_PUT(U0, sk_simd_##fn(SV(U2), mem_base + ea, U4));      \
        NEXT(4);                                                  \
    }
SK_SIMD_LOAD_LANES(SIMD_LOAD_LANE_H)
#define SIMD_STORE_LANE_H(OP, fn, n)                      \
    L_##OP : {                                            \
        SIMD_EA(ea, U0, U2, n);                           \
        sk_simd_##fn(mem_base + ea, SV(U1), U3);          \
        NEXT(3);                                          \
    }
SK_SIMD_STORE_LANES(SIMD_STORE_LANE_H)
#define SIMD_BIN_H(OP, fn)                                \
    L_##OP:                                               \
    SV_PUT(U0, sk_simd_##fn(SV(U1), SV(U2)));             \
    NEXT(3);
SK_SIMD_BINOPS(SIMD_BIN_H)
#define SIMD_UN_H(OP, fn)                                 \
    L_##OP:                                               \
    SV_PUT(U0, sk_simd_##fn(SV(U1)));                     \
    NEXT(2);
SK_SIMD_UNOPS(SIMD_UN_H)
#define SIMD_TERN_H(OP, fn)                               \
    L_##OP:                                               \
    SV_PUT(U0, sk_simd_##fn(SV(U1), SV(U2), SV(U3)));     \
    NEXT(3);
SK_SIMD_TERNOPS(SIMD_TERN_H)
#define SIMD_TEST_H(OP, fn)                               \
    L_##OP:                                               \
    fp[U0].u64 = sk_simd_##fn(SV(U1));                    \
    NEXT(2);
SK_SIMD_TESTOPS(SIMD_TEST_H)
#define SIMD_SHIFT_H(OP, fn)                              \
    L_##OP:                                               \
    SV_PUT(U0, sk_simd_##fn(SV(U1), fp[U2].u32));         \
    NEXT(3);
SK_SIMD_SHIFTOPS(SIMD_SHIFT_H)
#define SIMD_SPLAT_H(OP, fn)                              \
    L_##OP:                                               \
    SV_PUT(U0, sk_simd_##fn(fp[U1].u64));                 \
    NEXT(2);
SK_SIMD_SPLATS(SIMD_SPLAT_H)
#define SIMD_EXTRACT_H(OP, fn)                            \
    L_##OP:                                               \
    fp[U0].u64 = sk_simd_##fn(SV(U1), U2);                \
    NEXT(3);
SK_SIMD_EXTRACTS(SIMD_EXTRACT_H)
#define SIMD_REPLACE_H(OP, fn)                                \
    L_##OP:                                                   \
    SV_PUT(U0, sk_simd_##fn(SV(U1), fp[U2].u64, U3));         \
    NEXT(3);
SK_SIMD_REPLACES(SIMD_REPLACE_H)

#undef SIMD_LOAD_H
#undef SIMD_LOAD_LANE_H
#undef SIMD_STORE_LANE_H
#undef SIMD_BIN_H
#undef SIMD_UN_H
#undef SIMD_TERN_H
#undef SIMD_TEST_H
#undef SIMD_SHIFT_H
#undef SIMD_SPLAT_H
#undef SIMD_EXTRACT_H
#undef SIMD_REPLACE_H
#undef SIMD_EA
#undef SV
#undef SV_PUT
