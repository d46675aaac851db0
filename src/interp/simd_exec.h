/* simd_exec.h: one function per SIMD instruction, called by the handlers of simd_handlers.h;
 * operands are decoded from ip as the layouts in iops.def say; memory forms return false for an
 * out-of-bounds access (the handler traps).
 * In optimised builds they are inlined into run() (interp.c). With ASan or without optimisation
 * they are called out of line (simd_exec.c) instead: inlined there, every v128 temporary of ~240
 * handlers gets its own stack slot, run()'s frame grows from 1 to 18 KiB, and deep host re-entry
 * runs out of C stack. */
#ifndef SK_SIMD_EXEC_H
#define SK_SIMD_EXEC_H

#include "icode.h"
#include "simd.h"

#if defined(__SANITIZE_ADDRESS__)
#define SK_SIMD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SK_SIMD_ASAN 1
#endif
#endif

#if defined(__OPTIMIZE__) && !defined(SK_SIMD_ASAN) && !defined(SK_SIMD_EXEC_EXTERN)
#define SK_SIMD_EXEC_FN static inline __attribute__((always_inline))
#define SK_SIMD_EXEC_DEFINE 1
#else
#define SK_SIMD_EXEC_FN SK_INTERNAL
#ifdef SK_SIMD_EXEC_EXTERN /* simd_exec.c */
#define SK_SIMD_EXEC_DEFINE 1
#endif
#define SK_SIMD_EXEC_MEM_(OP, fn, n) \
    SK_INTERNAL bool sk_simd_exec_##fn(sk_slot *fp, const sk_icell *ip, uint8_t *mem, uint64_t mem_size);
#define SK_SIMD_EXEC_REG_(OP, fn) SK_INTERNAL void sk_simd_exec_##fn(sk_slot *fp, const sk_icell *ip);
SK_SIMD_LOADS(SK_SIMD_EXEC_MEM_)
SK_SIMD_LOAD_LANES(SK_SIMD_EXEC_MEM_)
SK_SIMD_STORE_LANES(SK_SIMD_EXEC_MEM_)
SK_SIMD_EXEC_MEM_(V128_STORE, v128_store, 16)
SK_SIMD_BINOPS(SK_SIMD_EXEC_REG_)
SK_SIMD_UNOPS(SK_SIMD_EXEC_REG_)
SK_SIMD_TERNOPS(SK_SIMD_EXEC_REG_)
SK_SIMD_TESTOPS(SK_SIMD_EXEC_REG_)
SK_SIMD_SHIFTOPS(SK_SIMD_EXEC_REG_)
SK_SIMD_SPLATS(SK_SIMD_EXEC_REG_)
SK_SIMD_EXTRACTS(SK_SIMD_EXEC_REG_)
SK_SIMD_REPLACES(SK_SIMD_EXEC_REG_)
SK_SIMD_EXEC_REG_(I8X16_SHUFFLE, i8x16_shuffle)
SK_SIMD_EXEC_REG_(SELECT128, select128)
#undef SK_SIMD_EXEC_MEM_
#undef SK_SIMD_EXEC_REG_
#endif

#ifdef SK_SIMD_EXEC_DEFINE
#define SX_U(k) (ip[1 + (k) / 2].u[(k)&1]) /* operand unit k */
#define SX_V(k) sk_simd_get(&fp[SX_U(k)])  /* the v128 in the slots named by unit k */
#define SX_PUT(k, v) sk_simd_put(&fp[SX_U(k)], (v))
#define SX_MEM_FN(fn) \
    SK_SIMD_EXEC_FN bool sk_simd_exec_##fn(sk_slot *fp, const sk_icell *ip, uint8_t *mem, uint64_t mem_size)
#define SX_REG_FN(fn) SK_SIMD_EXEC_FN void sk_simd_exec_##fn(sk_slot *fp, const sk_icell *ip)
/* effective address from the address slot (unit a) and offset (unit o); false when out of bounds */
#define SX_EA(a, o, n)                                       \
    uint64_t ea = (uint64_t)fp[SX_U(a)].u32 + SX_U(o);       \
    if (SK_UNLIKELY(ea + (n) > mem_size)) return false

/* loads: dst, addr, offset */
#define SX_LOAD(OP, fn, n)                                   \
    SX_MEM_FN(fn)                                            \
    {                                                        \
        SX_EA(1, 2, n);                                      \
        SX_PUT(0, sk_simd_##fn(mem + ea));                   \
        return true;                                         \
    }
SK_SIMD_LOADS(SX_LOAD)
/* lane loads: dst, addr, vector, offset, lane */
#define SX_LOAD_LANE(OP, fn, n)                              \
    SX_MEM_FN(fn)                                            \
    {                                                        \
        SX_EA(1, 3, n);                                      \
        SX_PUT(0, sk_simd_##fn(SX_V(2), mem + ea, SX_U(4))); \
        return true;                                         \
    }
SK_SIMD_LOAD_LANES(SX_LOAD_LANE)
/* lane stores: addr, vector, offset, lane */
#define SX_STORE_LANE(OP, fn, n)                             \
    SX_MEM_FN(fn)                                            \
    {                                                        \
        SX_EA(0, 2, n);                                      \
        sk_simd_##fn(mem + ea, SX_V(1), SX_U(3));            \
        return true;                                         \
    }
SK_SIMD_STORE_LANES(SX_STORE_LANE)
/* v128.store: addr, value, offset */
SX_MEM_FN(v128_store)
{
    SX_EA(0, 2, 16);
    sk_simd_v128_store(mem + ea, SX_V(1));
    return true;
}

#define SX_BIN(OP, fn) \
    SX_REG_FN(fn) { SX_PUT(0, sk_simd_##fn(SX_V(1), SX_V(2))); }
#define SX_UN(OP, fn) \
    SX_REG_FN(fn) { SX_PUT(0, sk_simd_##fn(SX_V(1))); }
#define SX_TERN(OP, fn) \
    SX_REG_FN(fn) { SX_PUT(0, sk_simd_##fn(SX_V(1), SX_V(2), SX_V(3))); }
#define SX_TEST(OP, fn) \
    SX_REG_FN(fn) { fp[SX_U(0)].u64 = sk_simd_##fn(SX_V(1)); }
#define SX_SHIFT(OP, fn) \
    SX_REG_FN(fn) { SX_PUT(0, sk_simd_##fn(SX_V(1), fp[SX_U(2)].u32)); }
#define SX_SPLAT(OP, fn) \
    SX_REG_FN(fn) { SX_PUT(0, sk_simd_##fn(fp[SX_U(1)].u64)); }
#define SX_EXTRACT(OP, fn) \
    SX_REG_FN(fn) { fp[SX_U(0)].u64 = sk_simd_##fn(SX_V(1), SX_U(2)); }
#define SX_REPLACE(OP, fn) \
    SX_REG_FN(fn) { SX_PUT(0, sk_simd_##fn(SX_V(1), fp[SX_U(2)].u64, SX_U(3))); }
SK_SIMD_BINOPS(SX_BIN)
SK_SIMD_UNOPS(SX_UN)
SK_SIMD_TERNOPS(SX_TERN)
SK_SIMD_TESTOPS(SX_TEST)
SK_SIMD_SHIFTOPS(SX_SHIFT)
SK_SIMD_SPLATS(SX_SPLAT)
SK_SIMD_EXTRACTS(SX_EXTRACT)
SK_SIMD_REPLACES(SX_REPLACE)
/* shuffle: dst, a, b, then the 16 lane indices in cells 3 and 4 */
SX_REG_FN(i8x16_shuffle) { SX_PUT(0, sk_simd_i8x16_shuffle(SX_V(1), SX_V(2), (const uint8_t *)&ip[3])); }
/* select of v128: dst, a, b, condition */
SX_REG_FN(select128) { SX_PUT(0, fp[SX_U(3)].u32 ? SX_V(1) : SX_V(2)); }

#undef SX_U
#undef SX_V
#undef SX_PUT
#undef SX_MEM_FN
#undef SX_REG_FN
#undef SX_EA
#undef SX_LOAD
#undef SX_LOAD_LANE
#undef SX_STORE_LANE
#undef SX_BIN
#undef SX_UN
#undef SX_TERN
#undef SX_TEST
#undef SX_SHIFT
#undef SX_SPLAT
#undef SX_EXTRACT
#undef SX_REPLACE
#endif

#endif
