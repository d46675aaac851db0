/* test_interp.c: unit tests of the interpreter tier (lowering + dispatch): arithmetic edge
 * cases, control flow and multi-value, local folding hazards, memory/table traps, trap
 * frames, recursion exhaustion, calls across instances and to the host, fuel and interrupts. */
#include "interp/icode.h"
#include "text/text.h"
#include "test.h"
#include "rt_util.h"
#include <math.h>
#include <stdlib.h>

static uint8_t *wat_bin(const char *wat, size_t *n)
{
    uint8_t *bin = NULL;
    sk_error e;
    sk_error_clear(&e);
    if (!sk_wat2wasm(wat, strlen(wat), "test", &bin, n, &e)) {
        fprintf(stderr, "wat2wasm: %s (line %u)\n", e.msg, e.line);
        return NULL;
    }
    return bin;
}

static sk_module *load(const char *wat)
{
    size_t n;
    uint8_t *bin = wat_bin(wat, &n);
    if (!bin) return NULL;
    sk_error e;
    sk_error_clear(&e);
    sk_module *m = sk_module_load(bin, n, &e);
    if (!m) fprintf(stderr, "load: %s\n", e.msg);
    sk_free(bin);
    return m;
}

/* Calls export `name`; returns the trap kind (SK_TRAP_NONE on success). */
static sk_trap_kind call(sk_store *s, sk_instance *i, const char *name, const sk_val *args, sk_val *res)
{
    sk_func *f = fn(i, name);
    if (!f) {
        fprintf(stderr, "no export %s\n", name);
        return SK_TRAP_HOST;
    }
    sk_trap *t = sk_call(s, f, args, res);
    if (!t) return SK_TRAP_NONE;
    sk_trap_kind k = t->kind;
    sk_trap_free(t);
    return k;
}

static int32_t call_i32(sk_store *s, sk_instance *i, const char *name, int32_t a, int32_t b)
{
    sk_val args[2] = {{.i32 = a}, {.i32 = b}}, r[1] = {{.i64 = 0}};
    CHECK(call(s, i, name, args, r) == SK_TRAP_NONE);
    return r[0].i32;
}
static sk_trap_kind trap_i32(sk_store *s, sk_instance *i, const char *name, int32_t a, int32_t b)
{
    sk_val args[2] = {{.i32 = a}, {.i32 = b}}, r[2];
    return call(s, i, name, args, r);
}
static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static uint64_t dbits(double f)
{
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}

static const char *arith_wat =
    "(module\n"
    " (func (export \"div_s\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)\n"
    " (func (export \"rem_s\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)\n"
    " (func (export \"div_u64\") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_u)\n"
    " (func (export \"rem_s64\") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_s)\n"
    " (func (export \"trunc_s\") (param f32) (result i32) local.get 0 i32.trunc_f32_s)\n"
    " (func (export \"trunc_u64\") (param f64) (result i64) local.get 0 i64.trunc_f64_u)\n"
    " (func (export \"sat_s\") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s)\n"
    " (func (export \"sat_u64\") (param f32) (result i64) local.get 0 i64.trunc_sat_f32_u)\n"
    " (func (export \"nearest\") (param f32) (result f32) local.get 0 f32.nearest)\n"
    " (func (export \"floor\") (param f64) (result f64) local.get 0 f64.floor)\n"
    " (func (export \"min\") (param f64 f64) (result f64) local.get 0 local.get 1 f64.min)\n"
    " (func (export \"max32\") (param f32 f32) (result f32) local.get 0 local.get 1 f32.max)\n"
    " (func (export \"neg\") (param f32) (result f32) local.get 0 f32.neg)\n"
    " (func (export \"add32\") (param f32 f32) (result f32) local.get 0 local.get 1 f32.add)\n"
    " (func (export \"rotl\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rotl)\n"
    " (func (export \"shr_s_imm\") (param i32) (result i32) local.get 0 i32.const 33 i32.shr_s)\n"
    " (func (export \"sub_imm\") (param i64) (result i64) local.get 0 i64.const 5 i64.sub)\n"
    " (func (export \"lt_first\") (param i32) (result i32) i32.const 5 local.get 0 i32.lt_s)\n"
    " (func (export \"ge_u_imm\") (param i32) (result i32) local.get 0 i32.const -1 i32.ge_u)\n"
    " (func (export \"clz\") (param i64) (result i64) local.get 0 i64.clz)\n"
    " (func (export \"ctz\") (param i32) (result i32) local.get 0 i32.ctz)\n"
    " (func (export \"u64_f32\") (param i64) (result f32) local.get 0 f32.convert_i64_u)\n"
    " (func (export \"ext8\") (param i32) (result i32) local.get 0 i32.extend8_s)\n"
    " (func (export \"ext_u\") (param i32) (result i64) local.get 0 i64.extend_i32_u)\n"
    " (func (export \"const64\") (result i64) i64.const 0x123456789abcdef0)\n"
    ")";

static void test_arith(void)
{
    sk_store *s = sk_store_new();
    sk_module *m = load(arith_wat);
    sk_instance *i = inst_new(s, m, NULL, 0);
    CHECK(i != NULL);
    if (!i) goto out;
    CHECK(call_i32(s, i, "div_s", -7, 2) == -3);
    CHECK(trap_i32(s, i, "div_s", 1, 0) == SK_TRAP_DIV_ZERO);
    CHECK(trap_i32(s, i, "div_s", INT32_MIN, -1) == SK_TRAP_INT_OVERFLOW);
    CHECK(call_i32(s, i, "rem_s", INT32_MIN, -1) == 0);
    CHECK(call_i32(s, i, "rem_s", -7, 2) == -1);
    CHECK(trap_i32(s, i, "rem_s", 7, 0) == SK_TRAP_DIV_ZERO);
    sk_val a[2], r[1];
    a[0].u64 = UINT64_MAX;
    a[1].u64 = 2;
    CHECK(call(s, i, "div_u64", a, r) == SK_TRAP_NONE && r[0].u64 == UINT64_MAX / 2);
    a[0].i64 = INT64_MIN;
    a[1].i64 = -1;
    CHECK(call(s, i, "rem_s64", a, r) == SK_TRAP_NONE && r[0].i64 == 0);
    a[0].f32 = 2147483520.0f; /* largest f32 below 2^31 */
    CHECK(call(s, i, "trunc_s", a, r) == SK_TRAP_NONE && r[0].i32 == 2147483520);
    a[0].f32 = 2147483648.0f;
    CHECK(call(s, i, "trunc_s", a, r) == SK_TRAP_INT_OVERFLOW);
    a[0].f32 = -2147483648.0f;
    CHECK(call(s, i, "trunc_s", a, r) == SK_TRAP_NONE && r[0].i32 == INT32_MIN);
    a[0].f32 = NAN;
    CHECK(call(s, i, "trunc_s", a, r) == SK_TRAP_INVALID_CONV);
    a[0].f64 = -0.9;
    CHECK(call(s, i, "trunc_u64", a, r) == SK_TRAP_NONE && r[0].u64 == 0);
    a[0].f64 = -1.0;
    CHECK(call(s, i, "trunc_u64", a, r) == SK_TRAP_INT_OVERFLOW);
    a[0].f64 = 18446744073709549568.0;
    CHECK(call(s, i, "trunc_u64", a, r) == SK_TRAP_NONE && r[0].u64 == 18446744073709549568ull);
    a[0].f64 = 1e300;
    CHECK(call(s, i, "sat_s", a, r) == SK_TRAP_NONE && r[0].i32 == INT32_MAX);
    a[0].f64 = -1e300;
    CHECK(call(s, i, "sat_s", a, r) == SK_TRAP_NONE && r[0].i32 == INT32_MIN);
    a[0].f64 = NAN;
    CHECK(call(s, i, "sat_s", a, r) == SK_TRAP_NONE && r[0].i32 == 0);
    a[0].f32 = -5.0f;
    CHECK(call(s, i, "sat_u64", a, r) == SK_TRAP_NONE && r[0].u64 == 0);
    a[0].f32 = 2.5f;
    CHECK(call(s, i, "nearest", a, r) == SK_TRAP_NONE && r[0].f32 == 2.0f);
    a[0].f32 = -0.5f;
    CHECK(call(s, i, "nearest", a, r) == SK_TRAP_NONE && fbits(r[0].f32) == 0x80000000u);
    a[0].u64 = 0x7FF4000000000000ull; /* signalling NaN: result must be quiet */
    CHECK(call(s, i, "floor", a, r) == SK_TRAP_NONE && r[0].u64 == 0x7FFC000000000000ull);
    a[0].f64 = 0.0;
    a[1].f64 = -0.0;
    CHECK(call(s, i, "min", a, r) == SK_TRAP_NONE && dbits(r[0].f64) == 0x8000000000000000ull);
    a[0].f64 = 1.0;
    a[1].u64 = 0x7FF8000000000001ull;
    CHECK(call(s, i, "min", a, r) == SK_TRAP_NONE && isnan(r[0].f64));
    a[0].f32 = -0.0f;
    a[1].f32 = 0.0f;
    CHECK(call(s, i, "max32", a, r) == SK_TRAP_NONE && fbits(r[0].f32) == 0);
    a[0].u32 = 0x7FA00001u; /* neg is a bit flip, payload untouched */
    CHECK(call(s, i, "neg", a, r) == SK_TRAP_NONE && fbits(r[0].f32) == 0xFFA00001u);
    a[0].f32 = 16777216.0f;
    a[1].f32 = 1.0f; /* f32 precision: 2^24 + 1 rounds back to 2^24 */
    CHECK(call(s, i, "add32", a, r) == SK_TRAP_NONE && r[0].f32 == 16777216.0f);
    CHECK(call_i32(s, i, "rotl", (int32_t)0x80000001u, 33) == 3);
    CHECK(call_i32(s, i, "shr_s_imm", -8, 0) == -4);
    a[0].i64 = 3;
    CHECK(call(s, i, "sub_imm", a, r) == SK_TRAP_NONE && r[0].i64 == -2);
    CHECK(call_i32(s, i, "lt_first", 6, 0) == 1);
    CHECK(call_i32(s, i, "lt_first", 5, 0) == 0);
    CHECK(call_i32(s, i, "ge_u_imm", -1, 0) == 1);
    CHECK(call_i32(s, i, "ge_u_imm", 7, 0) == 0);
    a[0].u64 = 0;
    CHECK(call(s, i, "clz", a, r) == SK_TRAP_NONE && r[0].u64 == 64);
    CHECK(call_i32(s, i, "ctz", 0, 0) == 32);
    a[0].u64 = UINT64_MAX;
    CHECK(call(s, i, "u64_f32", a, r) == SK_TRAP_NONE && r[0].f32 == 18446744073709551616.0f);
    CHECK(call_i32(s, i, "ext8", 0x80, 0) == -128);
    a[0].i32 = -1;
    CHECK(call(s, i, "ext_u", a, r) == SK_TRAP_NONE && r[0].u64 == 0xFFFFFFFFull);
    CHECK(call(s, i, "const64", a, r) == SK_TRAP_NONE && r[0].u64 == 0x123456789abcdef0ull);
out:
    sk_store_free(s);
    sk_module_free(m);
}

static const char *control_wat =
    "(module\n"
    " (func $fac (export \"fac\") (param i64) (result i64)\n"
    "  local.get 0 i64.eqz if (result i64) i64.const 1 else\n"
    "  local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)\n"
    " (func (export \"fac_iter\") (param i64) (result i64) (local i64)\n"
    "  i64.const 1 local.set 1\n"
    "  block loop local.get 0 i64.eqz br_if 1\n"
    "   local.get 1 local.get 0 i64.mul local.set 1\n"
    "   local.get 0 i64.const 1 i64.sub local.set 0 br 0 end end local.get 1)\n"
    " (func (export \"swap\") (param i32 i32) (result i32 i32) local.get 1 local.get 0)\n"
    " (func (export \"call_swap\") (param i32 i32) (result i32)\n"
    "  local.get 0 local.get 1 call 2 i32.sub)\n"
    /* a pending read of local 0 must survive the later write to local 0 */
    " (func (export \"set_hazard\") (param i32 i32) (result i32)\n"
    "  local.get 0 local.get 1 local.set 0 local.get 0 i32.sub)\n"
    " (func (export \"tee_hazard\") (param i32) (result i32)\n"
    "  local.get 0 local.get 0 i32.const 1 i32.add local.tee 0 i32.mul local.get 0 i32.add)\n"
    " (func (export \"block_params\") (param i32 i32) (result i32)\n"
    "  local.get 0 local.get 1 block (param i32 i32) (result i32) i32.add end i32.const 10 i32.mul)\n"
    " (func (export \"loop_params\") (param i32) (result i32) (local i32 i32)\n"
    "  i32.const 0 local.get 0\n"
    "  loop (param i32 i32) (result i32)\n"
    "   local.set 2 local.set 1\n"
    "   local.get 1 local.get 2 i32.add\n"
    "   local.get 2 i32.const 1 i32.sub\n"
    "   local.get 2 i32.const 1 i32.gt_s br_if 0\n"
    "   drop end)\n"
    " (func (export \"br_table_mv\") (param i32) (result i32 i32)\n"
    "  block (result i32 i32) block (result i32 i32)\n"
    "   i32.const 1 i32.const 2 local.get 0 br_table 0 1 end\n"
    "  i32.const 10 i32.add end)\n"
    " (func (export \"br_if_vals\") (param i32) (result i32)\n"
    "  block (result i32) i32.const 7 i32.const 100 drop\n"
    "   i32.const 42 local.get 0 br_if 0 i32.add end)\n"
    " (func (export \"if_cmp\") (param i32 i32) (result i32)\n"
    "  local.get 0 local.get 1 i32.lt_u if (result i32) i32.const 1 else i32.const 2 end)\n"
    " (func (export \"if_params\") (param i32 i32) (result i32)\n"
    "  local.get 1 local.get 0 if (param i32) (result i32) i32.const 1 i32.add else i32.const 2 i32.mul end)\n"
    " (func (export \"sel\") (param i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 select)\n"
    " (func (export \"count\") (param i32) (result i32) (local i32)\n"
    "  loop local.get 1 i32.const 1 i32.add local.set 1\n"
    "   local.get 1 local.get 0 i32.lt_s br_if 0 end local.get 1)\n"
    " (func (export \"ret_mid\") (param i32) (result i32)\n"
    "  block local.get 0 br_if 0 i32.const 5 return end i32.const 6)\n"
    " (func (export \"dead\") (result i32) i32.const 1 return i32.const 2 i32.add)\n"
    " (func (export \"ident\") (param i32) (result i32) local.get 0 i32.const 0 i32.add i32.const -1 i32.and\n"
    "  i32.const 1 i32.mul i32.const 32 i32.shl)\n"
    " (func (export \"loop64\") (param i64) (result i64) (local i64)\n"
    "  loop local.get 1 i64.const 3 i64.add local.set 1\n"
    "   local.get 0 i64.const 1 i64.sub local.tee 0 i64.const 0 i64.gt_s br_if 0 end local.get 1)\n"
    " (func (export \"eqz64\") (param i64) (result i32)\n"
    "  block local.get 0 i64.eqz br_if 0 i32.const 1 return end i32.const 2)\n"
    " (func (export \"fconst\") (param f64) (result f64)\n"
    "  local.get 0 f64.const 1.5 f64.mul f64.const 1.5 f64.add f64.const 0.25 f64.sub)\n"
    " (func $rec_mv (export \"rec_mv\") (param i32) (result i32 i64)\n"
    "  local.get 0 i32.eqz if (result i32 i64) i32.const 7 i64.const 8 else\n"
    "  local.get 0 i32.const 1 i32.sub call $rec_mv i64.const 1 i64.add end)\n"
    /* loop back-edges fused with the add before them (AB/ABI superinstructions) */
    " (func (export \"ab_lt\") (param i32 i32) (result i32) (local i32)\n"
    "  loop local.get 2 i32.const 2 i32.add local.set 2\n"
    "   local.get 0 i32.const 1 i32.add local.tee 0 local.get 1 i32.lt_s br_if 0 end local.get 2)\n"
    " (func (export \"ab_swapped\") (param i32 i32) (result i32) (local i32)\n"
    "  loop local.get 2 i32.const 1 i32.add local.set 2\n"
    "   local.get 1 local.get 0 i32.const 3 i32.add local.tee 0 i32.gt_u br_if 0 end local.get 2)\n"
    " (func (export \"ab_reg_imm\") (param i32 i32) (result i32) (local i32)\n"
    "  loop local.get 2 i32.const 1 i32.add local.set 2\n"
    "   local.get 0 local.get 1 i32.add local.set 0 local.get 0 i32.const 100 i32.lt_u br_if 0 end\n"
    "  local.get 2 i32.const 1000 i32.mul local.get 0 i32.add)\n"
    " (func (export \"ab_nz\") (param i32) (result i32) (local i32)\n"
    "  loop local.get 1 i32.const 1 i32.add local.set 1\n"
    "   local.get 0 i32.const -1 i32.add local.tee 0 br_if 0 end local.get 1)\n"
    " (func (export \"ab_eqz\") (param i32) (result i32) (local i32)\n"
    "  loop local.get 1 i32.const 1 i32.add local.set 1\n"
    "   local.get 0 i32.const 1 i32.add local.tee 0 i32.eqz br_if 0 end local.get 1)\n"
    " (func (export \"ab_spin\") (param i32) loop local.get 0 i32.const 1 i32.add local.tee 0 br_if 0 end)\n"
    " (func $r (export \"runaway\") call $r)\n"
    " (func $r2 (export \"runaway2\") (param i64) (result i64) local.get 0 i64.const 1 i64.add call $r2)\n"
    ")";

static void test_control(void)
{
    sk_store *s = sk_store_new();
    sk_module *m = load(control_wat);
    sk_instance *i = inst_new(s, m, NULL, 0);
    CHECK(i != NULL);
    if (!i) goto out;
    sk_val a[3], r[2];
    a[0].i64 = 20;
    CHECK(call(s, i, "fac", a, r) == SK_TRAP_NONE && r[0].i64 == 2432902008176640000ll);
    a[0].i64 = 20;
    CHECK(call(s, i, "fac_iter", a, r) == SK_TRAP_NONE && r[0].i64 == 2432902008176640000ll);
    a[0].i32 = 3;
    a[1].i32 = 4;
    CHECK(call(s, i, "swap", a, r) == SK_TRAP_NONE && r[0].i32 == 4 && r[1].i32 == 3);
    CHECK(call_i32(s, i, "call_swap", 3, 10) == 7);
    CHECK(call_i32(s, i, "set_hazard", 10, 3) == 7);
    CHECK(call_i32(s, i, "tee_hazard", 4, 0) == 4 * 5 + 5);
    CHECK(call_i32(s, i, "block_params", 3, 4) == 70);
    CHECK(call_i32(s, i, "loop_params", 4, 0) == 10);
    CHECK(call_i32(s, i, "loop_params", 100, 0) == 5050);
    a[0].i32 = 0;
    CHECK(call(s, i, "br_table_mv", a, r) == SK_TRAP_NONE && r[0].i32 == 1 && r[1].i32 == 12);
    a[0].i32 = 1;
    CHECK(call(s, i, "br_table_mv", a, r) == SK_TRAP_NONE && r[0].i32 == 1 && r[1].i32 == 2);
    a[0].i32 = 99;
    CHECK(call(s, i, "br_table_mv", a, r) == SK_TRAP_NONE && r[0].i32 == 1 && r[1].i32 == 2);
    CHECK(call_i32(s, i, "br_if_vals", 1, 0) == 42);
    CHECK(call_i32(s, i, "br_if_vals", 0, 0) == 49);
    CHECK(call_i32(s, i, "if_cmp", 1, 2) == 1);
    CHECK(call_i32(s, i, "if_cmp", -1, 2) == 2);
    CHECK(call_i32(s, i, "if_params", 1, 5) == 6);
    CHECK(call_i32(s, i, "if_params", 0, 5) == 10);
    a[0].i32 = 11;
    a[1].i32 = 22;
    a[2].i32 = 0;
    CHECK(call(s, i, "sel", a, r) == SK_TRAP_NONE && r[0].i32 == 22);
    a[2].i32 = 5;
    CHECK(call(s, i, "sel", a, r) == SK_TRAP_NONE && r[0].i32 == 11);
    CHECK(call_i32(s, i, "count", 1000, 0) == 1000);
    CHECK(call_i32(s, i, "ret_mid", 0, 0) == 5);
    CHECK(call_i32(s, i, "ret_mid", 1, 0) == 6);
    CHECK(call(s, i, "dead", a, r) == SK_TRAP_NONE && r[0].i32 == 1);
    CHECK(call_i32(s, i, "ident", 77, 0) == 77);
    a[0].i64 = 10;
    CHECK(call(s, i, "loop64", a, r) == SK_TRAP_NONE && r[0].i64 == 30);
    a[0].i64 = (int64_t)1 << 40; /* only the high half is set: must not look like zero */
    CHECK(call(s, i, "eqz64", a, r) == SK_TRAP_NONE && r[0].i32 == 1);
    a[0].i64 = 0;
    CHECK(call(s, i, "eqz64", a, r) == SK_TRAP_NONE && r[0].i32 == 2);
    a[0].f64 = 2.0;
    CHECK(call(s, i, "fconst", a, r) == SK_TRAP_NONE && r[0].f64 == 4.25);
    a[0].i32 = 5;
    CHECK(call(s, i, "rec_mv", a, r) == SK_TRAP_NONE && r[0].i32 == 7 && r[1].i64 == 13);
    CHECK(call_i32(s, i, "ab_lt", 0, 10) == 20);
    CHECK(call_i32(s, i, "ab_lt", 50, 10) == 2); /* body runs once, then 51 < 10 fails */
    CHECK(call_i32(s, i, "ab_lt", INT32_MAX - 1, INT32_MAX) == 2); /* signed compare */
    CHECK(call_i32(s, i, "ab_swapped", 0, 30) == 10);
    CHECK(call_i32(s, i, "ab_reg_imm", 0, 7) == 15 * 1000 + 105);
    CHECK(call_i32(s, i, "ab_reg_imm", -10, 7) == 1000 - 3); /* unsigned: -3 is not < 100 */
    CHECK(call_i32(s, i, "ab_nz", 5, 0) == 5);
    CHECK(call_i32(s, i, "ab_eqz", -1, 0) == 2);
    CHECK(call_i32(s, i, "ab_eqz", 5, 0) == 1);
    s->fuel_enabled = true;
    s->fuel = 1000;
    CHECK(trap_i32(s, i, "ab_spin", 1, 0) == SK_TRAP_OUT_OF_FUEL);
    s->fuel_enabled = false;
    /* Unbounded recursion traps; the store stays usable afterwards. */
    CHECK(call(s, i, "runaway", a, r) == SK_TRAP_STACK_EXHAUSTED);
    a[0].i64 = 0;
    CHECK(call(s, i, "runaway2", a, r) == SK_TRAP_STACK_EXHAUSTED);
    s->max_call_depth = 50;
    a[0].i64 = 60;
    CHECK(call(s, i, "fac", a, r) == SK_TRAP_STACK_EXHAUSTED);
    s->max_call_depth = 100000;
    s->max_stack_bytes = 4096; /* a smaller value stack also ends deep recursion */
    a[0].i64 = 1000;
    CHECK(call(s, i, "fac", a, r) == SK_TRAP_STACK_EXHAUSTED);
    s->max_stack_bytes = 8u << 20;
    CHECK(call(s, i, "fac", a, r) == SK_TRAP_NONE);
    a[0].i64 = 5;
    CHECK(call(s, i, "fac", a, r) == SK_TRAP_NONE && r[0].i64 == 120);
out:
    sk_store_free(s);
    sk_module_free(m);
}

static const char *mem_wat =
    "(module\n"
    " (memory (export \"mem\") 1)\n"
    " (table 4 funcref)\n"
    " (elem (i32.const 0) $f1 $f2)\n"
    " (type $t_i (func (result i32)))\n"
    " (func $f1 (result i32) i32.const 11)\n"
    " (func $f2 (param i32) (result i32) local.get 0)\n"
    " (func (export \"ci\") (param i32) (result i32) local.get 0 call_indirect (type $t_i))\n"
    " (func (export \"load\") (param i32) (result i32) local.get 0 i32.load offset=4)\n"
    " (func (export \"store\") (param i32 i32) local.get 0 local.get 1 i32.store offset=4)\n"
    " (func (export \"grow\") (param i32) (result i32) local.get 0 memory.grow)\n"
    " (func (export \"size\") (result i32) memory.size)\n"
    " (func (export \"fill\") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)\n"
    " (func (export \"copy\") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)\n"
    " (func (export \"load8\") (param i32) (result i32) local.get 0 i32.load8_s)\n"
    " (func (export \"deep\") (param i32) (result i32) local.get 0 call $mid)\n"
    " (func $mid (param i32) (result i32) local.get 0 call $inner)\n"
    " (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)\n"
    " (func (export \"spin\") loop br 0 end)\n"
    " (func (export \"spin_table\") loop i32.const 0 br_table 0 end)\n"
    " (func (export \"tget\") (param i32) (result funcref) local.get 0 table.get 0)\n"
    /* fused address forms: (a + b) and (a + imm) wrap at 32 bits before the offset is added */
    " (func (export \"ldi\") (param i32) (result i32) local.get 0 i32.const -4 i32.add i32.load offset=4)\n"
    " (func (export \"ldx\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add i32.load offset=4)\n"
    " (func (export \"sti\") (param i32) local.get 0 i32.const 16 i32.add i32.const 0x55667788 i32.store)\n"
    " (func (export \"stx\") (param i32 i32) local.get 0 local.get 1 i32.add local.get 1 i32.store8 offset=1)\n"
    " (func (export \"ld64\") (param i32) (result i64) local.get 0 i32.const 8 i32.add i64.load)\n"
    /* binary ops reading an operand straight from memory (*_M): second operand, first operand */
    " (func (export \"subm\") (param i32 i32) (result i32) local.get 1 local.get 0 i32.load offset=4 i32.sub)\n"
    " (func (export \"addm\") (param i32 i32) (result i32) local.get 0 i32.load offset=4 local.get 1 i32.add)\n"
    " (func (export \"fmulm\") (param f64 i32) (result f64) local.get 0 local.get 1 f64.load f64.mul\n"
    "  local.get 1 f64.load f64.add)\n"
    " (func (export \"fdivm\") (param f32 i32) (result f32) local.get 0 local.get 1 f32.load f32.div)\n"
    " (func (export \"xorm64\") (param i64 i32) (result i64) local.get 0 local.get 1 i64.load i64.xor)\n"
    " (func (export \"tgrow\") (param i32) (result i32) ref.null func local.get 0 table.grow 0)\n"
    ")";

static void test_memory_tables(void)
{
    sk_store *s = sk_store_new();
    sk_module *m = load(mem_wat);
    sk_instance *i = inst_new(s, m, NULL, 0);
    CHECK(i != NULL);
    if (!i) goto out;
    sk_val a[3], r[1];
    CHECK(call_i32(s, i, "ci", 0, 0) == 11);
    CHECK(trap_i32(s, i, "ci", 1, 0) == SK_TRAP_INDIRECT_TYPE_MISMATCH);
    CHECK(trap_i32(s, i, "ci", 2, 0) == SK_TRAP_UNINIT_ELEMENT);
    CHECK(trap_i32(s, i, "ci", 4, 0) == SK_TRAP_UNDEFINED_ELEMENT);
    CHECK(trap_i32(s, i, "ci", -1, 0) == SK_TRAP_UNDEFINED_ELEMENT);
    CHECK(trap_i32(s, i, "store", 100, 0x12345678) == SK_TRAP_NONE);
    CHECK(call_i32(s, i, "load", 100, 0) == 0x12345678);
    CHECK(call_i32(s, i, "load8", 104, 0) == 0x78);
    CHECK(call_i32(s, i, "load", 65528, 0) == 0);
    CHECK(trap_i32(s, i, "load", 65529, 0) == SK_TRAP_OOB_MEMORY);
    CHECK(trap_i32(s, i, "load", -1, 0) == SK_TRAP_OOB_MEMORY); /* no 32-bit wraparound */
    CHECK(trap_i32(s, i, "store", 65532, 1) == SK_TRAP_OOB_MEMORY);
    CHECK(call_i32(s, i, "size", 0, 0) == 1);
    CHECK(call_i32(s, i, "grow", 1, 0) == 1);
    CHECK(call_i32(s, i, "size", 0, 0) == 2);
    CHECK(trap_i32(s, i, "store", 65532, 9) == SK_TRAP_NONE);
    CHECK(call_i32(s, i, "load", 65532, 0) == 9);
    CHECK(call_i32(s, i, "grow", 70000, 0) == -1);
    /* bulk memory: bounds are checked before anything is written */
    a[0].i32 = 131072 - 2;
    a[1].i32 = 0xAB;
    a[2].i32 = 3;
    CHECK(call(s, i, "fill", a, r) == SK_TRAP_OOB_MEMORY);
    CHECK(call_i32(s, i, "load8", 131072 - 2, 0) == 0);
    a[2].i32 = 2;
    CHECK(call(s, i, "fill", a, r) == SK_TRAP_NONE);
    CHECK(call_i32(s, i, "load8", 131072 - 1, 0) == (int8_t)0xAB);
    a[0].i32 = 200;
    a[1].i32 = 104;
    a[2].i32 = 4;
    CHECK(call(s, i, "copy", a, r) == SK_TRAP_NONE);
    CHECK(call_i32(s, i, "load", 196, 0) == 0x12345678);
    a[0].i32 = 0;
    a[1].i32 = 131072;
    a[2].i32 = 1;
    CHECK(call(s, i, "copy", a, r) == SK_TRAP_OOB_MEMORY);
    CHECK(call_i32(s, i, "ldi", 104, 0) == 0x12345678); /* 104 - 4 + 4 */
    CHECK(trap_i32(s, i, "ldi", 0, 0) == SK_TRAP_OOB_MEMORY); /* 0xFFFFFFFC + 4: no wrap to 0 */
    CHECK(call_i32(s, i, "ldx", 50, 46) == 0);
    CHECK(call_i32(s, i, "ldx", 50, 50) == 0x12345678);
    CHECK(trap_i32(s, i, "ldx", -4, 0) == SK_TRAP_OOB_MEMORY);
    CHECK(call_i32(s, i, "ldx", -4, 104) == 0x12345678); /* (-4 + 104) mod 2^32 + 4 */
    CHECK(trap_i32(s, i, "sti", 300, 0) == SK_TRAP_NONE);
    CHECK(call_i32(s, i, "load", 312, 0) == 0x55667788);
    CHECK(trap_i32(s, i, "sti", 131072 - 19, 0) == SK_TRAP_OOB_MEMORY);
    CHECK(trap_i32(s, i, "stx", 400, 0x2A) == SK_TRAP_NONE);
    CHECK(call_i32(s, i, "load8", 400 + 0x2A + 1, 0) == 0x2A);
    CHECK(trap_i32(s, i, "stx", 131072 - 0x2A - 1, 0x2A) == SK_TRAP_OOB_MEMORY);
    a[0].i32 = 308;
    CHECK(call(s, i, "ld64", a, r) == SK_TRAP_NONE && r[0].u64 == 0x55667788ull);
    CHECK(call_i32(s, i, "subm", 100, 0x12345679) == 1); /* 0x12345679 - mem[104] */
    CHECK(call_i32(s, i, "addm", 100, 2) == 0x1234567A);
    CHECK(trap_i32(s, i, "subm", 131072 - 7, 0) == SK_TRAP_OOB_MEMORY);
    CHECK(trap_i32(s, i, "addm", -1, 0) == SK_TRAP_OOB_MEMORY);
    {
        sk_func *fm = fn(i, "subm");
        sk_val ta[2] = {{.i32 = 131072 - 7}, {.i32 = 0}}, tr[1];
        sk_trap *t = fm ? sk_call(s, fm, ta, tr) : NULL;
        CHECK(t && t->nframes == 1 && t->frames[0].func_offset == 4); /* the load: after two local.gets */
        if (t) sk_trap_free(t);
    }
    {
        uint8_t *mb = i->mems[0]->data;
        double d = 2.5;
        float f = 0.5f;
        uint64_t q = 0xF0F0F0F0F0F0F0F0ull;
        memcpy(mb + 1000, &d, 8);
        memcpy(mb + 1008, &f, 4);
        memcpy(mb + 1016, &q, 8);
        sk_val fa[2], fr[1];
        fa[0].f64 = 3.0;
        fa[1].i32 = 1000;
        CHECK(call(s, i, "fmulm", fa, fr) == SK_TRAP_NONE && fr[0].f64 == 3.0 * 2.5 + 2.5);
        fa[0].f32 = 3.0f;
        fa[1].i32 = 1008;
        CHECK(call(s, i, "fdivm", fa, fr) == SK_TRAP_NONE && fr[0].f32 == 6.0f);
        fa[0].u64 = 0xFFFFFFFF00000000ull;
        fa[1].i32 = 1016;
        CHECK(call(s, i, "xorm64", fa, fr) == SK_TRAP_NONE && fr[0].u64 == 0x0F0F0F0FF0F0F0F0ull);
        fa[1].i32 = 131072 - 4;
        CHECK(call(s, i, "xorm64", fa, fr) == SK_TRAP_OOB_MEMORY);
    }
    /* table access */
    a[0].i32 = 1;
    CHECK(call(s, i, "tget", a, r) == SK_TRAP_NONE && r[0].ref != NULL);
    a[0].i32 = 3;
    CHECK(call(s, i, "tget", a, r) == SK_TRAP_NONE && r[0].ref == NULL);
    a[0].i32 = 4;
    CHECK(call(s, i, "tget", a, r) == SK_TRAP_OOB_TABLE);
    CHECK(call_i32(s, i, "tgrow", 2, 0) == 4);
    a[0].i32 = 5;
    CHECK(call(s, i, "tget", a, r) == SK_TRAP_NONE && r[0].ref == NULL);

    /* trap frames: innermost first, with body offsets */
    sk_func *deep = fn(i, "deep");
    a[0].i32 = 1;
    sk_trap *t = deep ? sk_call(s, deep, a, r) : NULL;
    CHECK(t != NULL);
    if (t) {
        CHECK(t->kind == SK_TRAP_DIV_ZERO);
        CHECK(strstr(t->message, "integer divide by zero") != NULL);
        CHECK(t->nframes == 3);
        if (t->nframes == 3) {
            CHECK(t->frames[0].func_idx == 12 && t->frames[1].func_idx == 11 && t->frames[2].func_idx == 10);
            CHECK(t->frames[0].inst == i);
            CHECK(t->frames[0].func_offset == 4); /* local.get 0 (2 bytes) i32.const 0 (2 bytes) */
            CHECK(t->frames[1].func_offset == 2); /* the call after local.get 0 */
            CHECK(t->frames[0].module_offset == m->funcs[12].body_offset + 4u);
        }
        sk_trap_free(t);
    }

    /* interrupt and fuel stop an endless loop */
    sk_store_interrupt(s);
    CHECK(call(s, i, "spin", a, r) == SK_TRAP_INTERRUPT);
    s->fuel_enabled = true;
    s->fuel = 1000;
    CHECK(call(s, i, "spin", a, r) == SK_TRAP_OUT_OF_FUEL);
    CHECK(s->fuel == 0);
    s->fuel = 1000;
    CHECK(call(s, i, "spin_table", a, r) == SK_TRAP_OUT_OF_FUEL); /* the br_table is its loop's first cell */
    sk_store_interrupt(s);
    CHECK(call(s, i, "spin_table", a, r) == SK_TRAP_INTERRUPT);
    s->fuel = 100;
    CHECK(call_i32(s, i, "ci", 0, 0) == 11);
    CHECK(s->fuel == 100 - 2); /* one unit per function entry: ci, then f1 */
    s->fuel_enabled = false;
out:
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- calls across instances and to the host ---- */
static sk_trap *host_add3(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    res[0].f64 = args[0].i32 + (double)args[1].i64 + args[2].f64;
    return NULL;
}
static sk_trap *host_boom(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    return sk_trap_new(SK_TRAP_HOST, "boom");
}
/* Re-enters wasm: calls the export "fac" of the instance in *env. */
static sk_trap *host_reenter(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    sk_instance *inst = *(sk_instance **)env;
    sk_func *f = fn(inst, "fac");
    if (!f) return sk_trap_new(SK_TRAP_HOST, "no fac");
    sk_val a[1] = {{.i64 = args[0].i32}}, r[1];
    sk_trap *t = sk_call(c->store, f, a, r);
    if (t) return t;
    res[0].i32 = (int32_t)r[0].i64 + 1;
    return NULL;
}

static void test_linking(void)
{
    sk_store *s = sk_store_new();
    sk_module *ma = load("(module (memory (export \"m\") 1)\n"
                         " (global $g (export \"g\") (mut i32) (i32.const 5))\n"
                         " (func (export \"put\") (param i32 i32) local.get 0 local.get 1 i32.store)\n"
                         " (func (export \"get\") (param i32) (result i32) local.get 0 i32.load)\n"
                         " (func (export \"bump\") (result i32) global.get $g i32.const 1 i32.add global.set $g\n"
                         "  global.get $g)\n"
                         " (func $fac (export \"fac\") (param i64) (result i64)\n"
                         "  local.get 0 i64.eqz if (result i64) i64.const 1 else\n"
                         "  local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end))");
    sk_module *mb = load("(module (import \"a\" \"put\" (func $put (param i32 i32)))\n"
                         " (import \"a\" \"get\" (func $get (param i32) (result i32)))\n"
                         " (import \"a\" \"bump\" (func $bump (result i32)))\n"
                         " (import \"h\" \"add3\" (func $h (param i32 i64 f64) (result f64)))\n"
                         " (import \"h\" \"boom\" (func $boom))\n"
                         " (import \"h\" \"re\" (func $re (param i32) (result i32)))\n"
                         " (memory 1)\n"
                         " (func (export \"run\") (result i32)\n"
                         "  i32.const 8 i32.const 77 call $put\n"
                         "  i32.const 8 i32.const 99 i32.store\n"
                         "  i32.const 8 call $get i32.const 8 i32.load i32.add)\n"
                         " (func (export \"bump2\") (result i32) call $bump drop call $bump)\n"
                         " (func (export \"callh\") (param i32) (result f64)\n"
                         "  local.get 0 i64.const 10 f64.const 0.5 call $h)\n"
                         " (func (export \"callboom\") (result i32) i32.const 1 call $boom)\n"
                         " (func $callre (export \"callre\") (param i32) (result i32) local.get 0 call $re\n"
                         "  i32.const 1000 i32.add)\n"
                         " (func (export \"callre2\") (param i32) (result i32) local.get 0 call $callre))");
    sk_instance *ia = inst_new(s, ma, NULL, 0);
    sk_instance *ib = NULL;
    static const uint8_t p_add3[] = {SK_I32, SK_I64, SK_F64}, r_f64[] = {SK_F64}, i32t[] = {SK_I32};
    sk_instance *env_inst = ia;
    sk_func *h_add3 = sk_func_new_host(s, p_add3, 3, r_f64, 1, host_add3, NULL, NULL);
    sk_func *h_boom = sk_func_new_host(s, NULL, 0, NULL, 0, host_boom, NULL, NULL);
    sk_func *h_re = sk_func_new_host(s, i32t, 1, i32t, 1, host_reenter, &env_inst, NULL);
    CHECK(ia && h_add3 && h_boom && h_re);
    if (ia && h_add3 && h_boom && h_re) {
        sk_extern imps[6] = {{SK_EXTERN_FUNC, {.func = fn(ia, "put")}}, {SK_EXTERN_FUNC, {.func = fn(ia, "get")}},
                             {SK_EXTERN_FUNC, {.func = fn(ia, "bump")}}, {SK_EXTERN_FUNC, {.func = h_add3}},
                             {SK_EXTERN_FUNC, {.func = h_boom}},         {SK_EXTERN_FUNC, {.func = h_re}}};
        ib = inst_new(s, mb, imps, 6);
    }
    CHECK(ib != NULL);
    if (!ib) goto out;
    sk_val a[1], r[1];
    /* each function uses its own instance's memory */
    CHECK(call(s, ib, "run", a, r) == SK_TRAP_NONE && r[0].i32 == 77 + 99);
    CHECK(call(s, ib, "bump2", a, r) == SK_TRAP_NONE && r[0].i32 == 7);
    a[0].i32 = 3;
    CHECK(call(s, ib, "callh", a, r) == SK_TRAP_NONE && r[0].f64 == 13.5);
    sk_func *fb = fn(ib, "callboom");
    sk_trap *t = fb ? sk_call(s, fb, a, r) : NULL;
    CHECK(t != NULL);
    if (t) {
        CHECK(t->kind == SK_TRAP_HOST && strstr(t->message, "boom") != NULL);
        CHECK(t->nframes >= 1 && t->frames[t->nframes - 1].inst == ib);
        sk_trap_free(t);
    }
    a[0].i32 = 5;
    CHECK(call(s, ib, "callre", a, r) == SK_TRAP_NONE && r[0].i32 == 120 + 1 + 1000);
    /* a trap inside the re-entered activation unwinds both */
    a[0].i32 = 200000;
    CHECK(call(s, ib, "callre", a, r) == SK_TRAP_STACK_EXHAUSTED);
    a[0].i32 = 4;
    CHECK(call(s, ib, "callre", a, r) == SK_TRAP_NONE && r[0].i32 == 24 + 1 + 1000);
    CHECK(call(s, ib, "callre2", a, r) == SK_TRAP_NONE && r[0].i32 == 24 + 1 + 1000);
    /* the depth count is back to zero afterwards: fac(30) needs exactly 30 frame records */
    s->max_call_depth = 30;
    sk_val a64[1] = {{.i64 = 30}};
    CHECK(call(s, ia, "fac", a64, r) == SK_TRAP_NONE);
    a64[0].i64 = 31;
    CHECK(call(s, ia, "fac", a64, r) == SK_TRAP_STACK_EXHAUSTED);
    s->max_call_depth = 100000;
out:
    sk_store_free(s);
    sk_module_free(ma);
    sk_module_free(mb);
}

/* Every allocation failure during loading (lowering included) fails cleanly. */
static void test_oom_load(const char *wat)
{
    size_t n;
    uint8_t *bin = wat_bin(wat, &n);
    CHECK(bin != NULL);
    if (!bin) return;
    bool loaded = false, all_msgs = true;
    for (long k = 0; k < 50000 && !loaded; k++) {
        sk_error e;
        sk_error_clear(&e);
        sk_alloc_fail_after(k);
        sk_module *m = sk_module_load(bin, n, &e);
        sk_alloc_fail_after(-1);
        if (m) {
            loaded = true;
            sk_module_free(m);
        } else if (!e.msg[0]) {
            fprintf(stderr, "no error message at k=%ld\n", k);
            all_msgs = false;
        }
    }
    CHECK(loaded);
    CHECK(all_msgs);
    sk_free(bin);
}

static void test_oom(void)
{
    test_oom_load(arith_wat);
    test_oom_load(mem_wat);
    size_t n;
    uint8_t *bin = wat_bin(control_wat, &n);
    CHECK(bin != NULL);
    if (!bin) return;
    bool loaded = false, all_msgs = true;
    for (long k = 0; k < 20000 && !loaded; k++) {
        sk_error e;
        sk_error_clear(&e);
        sk_alloc_fail_after(k);
        sk_module *m = sk_module_load(bin, n, &e);
        sk_alloc_fail_after(-1);
        if (m) {
            loaded = true;
            sk_module_free(m);
        } else {
            if (!e.msg[0]) {
                fprintf(stderr, "no error message at k=%ld\n", k);
                all_msgs = false;
            }
        }
    }
    CHECK(loaded);
    CHECK(all_msgs);
    /* OOM while setting up execution gives a trap, not a crash */
    sk_module *m = sk_module_load(bin, n, &(sk_error){0});
    sk_store *s = sk_store_new();
    sk_instance *i = inst_new(s, m, NULL, 0);
    if (i) {
        sk_val a[1] = {{.i64 = 3}}, r[1];
        sk_alloc_fail_after(0);
        sk_trap_kind k = call(s, i, "fac", a, r);
        sk_alloc_fail_after(-1);
        CHECK(k == SK_TRAP_OOM);
        CHECK(call(s, i, "fac", a, r) == SK_TRAP_NONE && r[0].i64 == 6);
    }
    sk_store_free(s);
    sk_module_free(m);
    sk_free(bin);
}

int main(void)
{
    test_arith();
    test_control();
    test_memory_tables();
    test_linking();
    test_oom();
    TEST_DONE("test_interp");
}
