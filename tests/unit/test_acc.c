/* test_acc.c: the interpreter's accumulator pairs (iops.def ACC): which adjacent instructions the
 * lowering pairs (checked on the lowered code), that paired code computes exactly what the plain code
 * does (integers, loads, stores, branches, floats bit for bit), that nothing pairs across a label or
 * with a value that is read again, and that traps inside a pair are the right ones. */
#include "interp/icode.h"
#include "text/text.h"
#include "test.h"
#include "rt_util.h"
#include <math.h>
#include <stdlib.h>

static const char *acc_wat =
    "(module (memory 1)\n"
    /* 0: ((a*b)-c)|d: MUL_A, SUB_XA, OR_X (no superinstruction covers these pairs; see fuse_ops.h) */
    "(func (export \"chain\") (param i32 i32 i32 i32) (result i32)\n"
    "  (i32.or (i32.sub (i32.mul (local.get 0) (local.get 1)) (local.get 2)) (local.get 3)))\n"
    /* 1: c - a*b: the product is the second operand (SUB_Y) */
    "(func (export \"suby\") (param i32 i32 i32) (result i32)\n"
    "  (i32.sub (local.get 2) (i32.mul (local.get 0) (local.get 1))))\n"
    /* 2: c < a+b: the compare is swapped to a+b > c so the sum is operand U1 */
    "(func (export \"cmpswap\") (param i32 i32 i32) (result i32)\n"
    "  (i32.lt_s (local.get 2) (i32.add (local.get 0) (local.get 1))))\n"
    /* 3: the same on i64 */
    "(func (export \"cmp64\") (param i64 i64 i64) (result i32)\n"
    "  (i64.lt_u (local.get 2) (i64.add (local.get 0) (local.get 1))))\n"
    /* 4: load8_u(p << 2) ^ b: address from acc, result to acc */
    "(func (export \"ld\") (param i32 i32) (result i32)\n"
    "  (i32.xor (i32.load8_u (i32.shl (local.get 0) (i32.const 2))) (local.get 1)))\n"
    /* 5: mem[p] = a*b: the stored value from acc */
    "(func (export \"st\") (param i32 i32 i32)\n"
    "  (i32.store (local.get 0) (i32.mul (local.get 1) (local.get 2))))\n"
    /* 6 */
    "(func (export \"get\") (param i32) (result i32) (i32.load (local.get 0)))\n"
    /* 7: if (x & 1): the condition from acc */
    "(func (export \"br\") (param i32) (result i32)\n"
    "  (if (result i32) (i32.and (local.get 0) (i32.const 1)) (then (i32.const 10)) (else (i32.const 20))))\n"
    /* 8: br_if (load16(p) < n): the compare is fused into the branch, which reads the load's result (a 32-bit
     * or byte load would be one LBR superinstruction) */
    "(func (export \"brld\") (param i32 i32) (result i32)\n"
    "  (block (br_if 0 (i32.lt_u (i32.load16_u (local.get 0)) (local.get 1))) (return (i32.const 1)))\n"
    "  (i32.const 0))\n"
    /* 9: a*b / c on f64 */
    "(func (export \"fma\") (param f64 f64 f64) (result f64)\n"
    "  (f64.div (f64.mul (local.get 0) (local.get 1)) (local.get 2)))\n"
    /* 10: bit patterns through acc (a signalling NaN must stay one) */
    "(func (export \"negbits\") (param i64) (result i64)\n"
    "  (i64.reinterpret_f64 (f64.neg (f64.reinterpret_i64 (local.get 0)))))\n"
    /* 11: the same on f32 */
    "(func (export \"f32bits\") (param i32) (result i32)\n"
    "  (i32.reinterpret_f32 (f32.neg (f32.abs (f32.reinterpret_i32 (local.get 0))))))\n"
    /* 12: c - (a+b) on f64 (SUB_Y: floats are never swapped) */
    "(func (export \"fsuby\") (param f64 f64 f64) (result f64)\n"
    "  (f64.sub (local.get 2) (f64.add (local.get 0) (local.get 1))))\n"
    /* 13: a label between producer and consumer: the block's result also comes from a branch */
    "(func (export \"label\") (param i32 i32 i32) (result i32)\n"
    "  (i32.add (block (result i32) (drop (br_if 0 (i32.const 7) (local.get 2))) (i32.mul (local.get 0) (local.get 1)))\n"
    "           (local.get 2)))\n"
    /* 14: a loop label: the loop's parameter also comes from the back edge (50 rounds) */
    "(func (export \"loop\") (param i32 i32) (result i32) (local i32)\n"
    "  (local.set 2 (i32.const 50))\n"
    "  (i32.mul (local.get 0) (local.get 1))\n"
    "  (loop (param i32) (result i32)\n"
    "    (i32.add (i32.const 1))\n"
    "    (br_if 0 (local.tee 2 (i32.sub (local.get 2) (i32.const 1))))))\n"
    /* 15: a result read twice (through a local) */
    "(func (export \"twice\") (param i32 i32) (result i32)\n"
    "  (i32.mul (local.tee 0 (i32.add (local.get 0) (local.get 1))) (local.get 0)))\n"
    /* 16: a result the next instruction does not consume (br_if tests c, the product stays) */
    "(func (export \"live\") (param i32 i32 i32) (result i32)\n"
    "  (block (result i32) (i32.mul (local.get 0) (local.get 1)) (local.get 2) (br_if 0) (i32.const 1) (i32.add)))\n"
    /* 17: a trapping producer: load(p) + 1 */
    "(func (export \"ldadd\") (param i32) (result i32)\n"
    "  (i32.add (i32.load (local.get 0)) (i32.const 1)))\n"
    /* 18: a loop whose back-edge compare reads acc: sum of load8_u(p + i) for i < n */
    "(func (export \"sum\") (param i32 i32) (result i32) (local i32 i32)\n"
    "  (loop\n"
    "    (local.set 3 (i32.add (local.get 3) (i32.load8_u (i32.add (local.get 0) (local.get 2)))))\n"
    "    (br_if 0 (i32.lt_u (local.tee 2 (i32.add (local.get 2) (i32.const 1))) (local.get 1))))\n"
    "  (local.get 3))\n"
    /* 19: x - (x & 1 ? m : 0) through a select whose condition and result pass in acc (a select on a
     * compare would be one SELECT_<rel> superinstruction) */
    "(func (export \"sel\") (param i32 i32) (result i32)\n"
    "  (i32.sub (local.get 0) (select (local.get 1) (i32.const 0) (i32.and (local.get 0) (i32.const 1)))))\n"
    /* 20: (x << 6) ^ rotl(x, 11) - y: the shift passes its result to the fused xor-rotl (two rotations
     * would be one I32_ROTL_XR) */
    "(func (export \"rot\") (param i32 i32) (result i32)\n"
    "  (i32.sub (i32.xor (i32.shl (local.get 0) (i32.const 6)) (i32.rotl (local.get 0) (i32.const 11)))\n"
    "           (local.get 1)))\n"
    /* 21: mem[p] += a*b as f64: the product passes into the fused add-and-store */
    "(func (export \"addmst\") (param i32 f64 f64)\n"
    "  (f64.store (local.get 0) (f64.add (f64.mul (local.get 1) (local.get 2)) (f64.load (local.get 0)))))\n"
    "(func (export \"getf\") (param i32) (result f64) (f64.load (local.get 0)))\n"
    ")\n";

static sk_module *load(const char *wat)
{
    uint8_t *bin = NULL;
    size_t n;
    sk_error e;
    sk_error_clear(&e);
    if (!sk_wat2wasm(wat, strlen(wat), "test", &bin, &n, &e)) {
        fprintf(stderr, "wat2wasm: %s (line %u)\n", e.msg, e.line);
        return NULL;
    }
    sk_module *m = sk_module_load(bin, n, &e);
    if (!m) fprintf(stderr, "load: %s\n", e.msg);
    sk_free(bin);
    return m;
}

/* The debug listing of function idx's lowered code (malloc'd). */
static char *dump(const sk_module *m, uint32_t idx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    if (idx < m->nfuncs && m->funcs[idx].code) sk_icode_dump(m->funcs[idx].code, f);
    fclose(f);
    return buf;
}
/* Does function idx's code contain instruction `name`? */
static bool has(const sk_module *m, uint32_t idx, const char *name)
{
    char *d = dump(m, idx), pat[64];
    snprintf(pat, sizeof pat, ": %s ", name);
    bool r = d && strstr(d, pat);
    if (!r && getenv("ACC_TEST_VERBOSE")) fprintf(stderr, "no %s in\n%s", name, d ? d : "");
    free(d);
    return r;
}
/* Does function idx's code contain any accumulator variant? */
static bool has_acc(const sk_module *m, uint32_t idx)
{
    char *d = dump(m, idx);
    bool r = d && (strstr(d, "_A ") || strstr(d, "_X ") || strstr(d, "_XA ") || strstr(d, "_Y ") ||
                   strstr(d, "_YA ") || strstr(d, "_A\n") || strstr(d, "_X\n") || strstr(d, "_XA\n"));
    free(d);
    return r;
}

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
static int32_t c3(sk_store *s, sk_instance *i, const char *name, int32_t a, int32_t b, int32_t c)
{
    sk_val args[3] = {{.i32 = a}, {.i32 = b}, {.i32 = c}}, r[1] = {{.i64 = 0}};
    CHECK(call(s, i, name, args, r) == SK_TRAP_NONE);
    return r[0].i32;
}
static double f3(sk_store *s, sk_instance *i, const char *name, double a, double b, double c)
{
    sk_val args[3] = {{.f64 = a}, {.f64 = b}, {.f64 = c}}, r[1] = {{.i64 = 0}};
    CHECK(call(s, i, name, args, r) == SK_TRAP_NONE);
    return r[0].f64;
}

static void test_pairs(sk_store *s, sk_module *m, sk_instance *i)
{
    /* integers */
    CHECK(has(m, 0, "I32_MUL_A") && has(m, 0, "I32_SUB_XA") && has(m, 0, "I32_OR_X"));
    sk_val a4[4] = {{.i32 = 6}, {.i32 = 7}, {.i32 = 100}, {.i32 = 0}}, r[1];
    CHECK(call(s, i, "chain", a4, r) == SK_TRAP_NONE && r[0].i32 == -58);
    a4[0].i32 = -3;
    a4[1].i32 = 5;
    a4[2].i32 = 1;
    a4[3].i32 = 0x0F0F;
    CHECK(call(s, i, "chain", a4, r) == SK_TRAP_NONE && r[0].i32 == ((-15 - 1) | 0x0F0F));
    CHECK(has(m, 1, "I32_MUL_A") && has(m, 1, "I32_SUB_Y"));
    CHECK(c3(s, i, "suby", 6, 7, 100) == 58);
    CHECK(c3(s, i, "suby", 6, 7, 0) == -42);
    CHECK(has(m, 2, "I32_ADD_A") && has(m, 2, "I32_GT_S_X"));
    CHECK(c3(s, i, "cmpswap", 2, 3, 4) == 1);
    CHECK(c3(s, i, "cmpswap", 2, 3, 5) == 0);
    CHECK(c3(s, i, "cmpswap", INT32_MAX, 1, 0) == 0); /* the sum wraps to INT32_MIN */
    CHECK(has(m, 3, "I64_ADD_A") && has(m, 3, "I64_GT_U_X"));
    sk_val a3[3] = {{.u64 = UINT64_MAX}, {.u64 = 2}, {.u64 = 0}};
    CHECK(call(s, i, "cmp64", a3, r) == SK_TRAP_NONE && r[0].i32 == 1);
    a3[2].u64 = 1;
    CHECK(call(s, i, "cmp64", a3, r) == SK_TRAP_NONE && r[0].i32 == 0);
    a3[0].u64 = 1ull << 40;
    CHECK(call(s, i, "cmp64", a3, r) == SK_TRAP_NONE && r[0].i32 == 1);

    /* loads and stores */
    CHECK(has(m, 4, "I32_SHL_IMM_A") && has(m, 4, "LD_I32_8U_XA") && has(m, 4, "I32_XOR_X"));
    CHECK(has(m, 5, "I32_MUL_A") && has(m, 5, "ST_32_X"));
    CHECK(c3(s, i, "st", 40, 0x01020304, 0x101) == 0);
    sk_val a1[1] = {{.i32 = 40}};
    CHECK(call(s, i, "get", a1, r) == SK_TRAP_NONE && r[0].u32 == 0x01020304u * 0x101u);
    CHECK(c3(s, i, "ld", 10, 1000, 0) == (1000 ^ (uint8_t)(0x01020304u * 0x101u)));
    CHECK(c3(s, i, "ld", 11, 5, 0) == 5);

    /* branches */
    CHECK(has(m, 7, "I32_AND_IMM_A") && (has(m, 7, "BR_Z_X") || has(m, 7, "BR_NZ_X")));
    CHECK(c3(s, i, "br", 3, 0, 0) == 10);
    CHECK(c3(s, i, "br", 4, 0, 0) == 20);
    CHECK(has(m, 8, "LD_I32_16U_A") && has(m, 8, "BR_LT_U_X"));
    CHECK(c3(s, i, "brld", 40, (uint16_t)(0x01020304u * 0x101u) + 1, 0) == 0);
    CHECK(c3(s, i, "brld", 40, (uint16_t)(0x01020304u * 0x101u), 0) == 1);
    CHECK(has(m, 18, "LD_I32_8U_XA") || has(m, 18, "LDX_I32_8U_A"));
    CHECK(c3(s, i, "st", 100, 0x04030201, 1) == 0);
    CHECK(c3(s, i, "sum", 100, 4, 0) == 10);
    CHECK(c3(s, i, "sum", 100, 2, 0) == 3);

    /* floats: exact, and bit patterns pass unchanged */
    CHECK(has(m, 9, "F64_MUL_A") && has(m, 9, "F64_DIV_X"));
    CHECK(f3(s, i, "fma", 0.1, 0.2, 0.3) == 0.1 * 0.2 / 0.3);
    CHECK(f3(s, i, "fma", 1e308, 10.0, -1e308) == -INFINITY);
    CHECK(has(m, 12, "F64_ADD_A") && has(m, 12, "F64_SUB_Y"));
    CHECK(f3(s, i, "fsuby", 3.0, 0.1, 1.0) == 1.0 - (3.0 + 0.1));
    CHECK(has(m, 10, "F64_REINTERPRET_I64_A") && has(m, 10, "F64_NEG_XA") && has(m, 10, "I64_REINTERPRET_F64_X"));
    sk_val b1[1] = {{.u64 = 0x7FF0000000000001ull}};
    CHECK(call(s, i, "negbits", b1, r) == SK_TRAP_NONE && r[0].u64 == 0xFFF0000000000001ull);
    b1[0].u64 = 0xFFF8DEADBEEF0001ull;
    CHECK(call(s, i, "negbits", b1, r) == SK_TRAP_NONE && r[0].u64 == 0x7FF8DEADBEEF0001ull);
    CHECK(has(m, 11, "F32_ABS_XA") && has(m, 11, "F32_NEG_XA"));
    b1[0].u32 = 0x7F812345u; /* a signalling NaN */
    CHECK(call(s, i, "f32bits", b1, r) == SK_TRAP_NONE && r[0].u32 == 0xFF812345u);
    b1[0].u32 = 0xFFC00001u;
    CHECK(call(s, i, "f32bits", b1, r) == SK_TRAP_NONE && r[0].u32 == 0xFFC00001u);
}

/* Fused instructions that take part in pairs: select, xor-rotl, add-and-store. */
static void test_fused(sk_store *s, sk_module *m, sk_instance *i)
{
    CHECK(has(m, 19, "I32_AND_IMM_A") && has(m, 19, "SELECT_XA") && has(m, 19, "I32_SUB_Y"));
    CHECK(c3(s, i, "sel", 10, 3, 0) == 10);
    CHECK(c3(s, i, "sel", 2, 3, 0) == 2);
    CHECK(c3(s, i, "sel", 3, 3, 0) == 0);
    CHECK(c3(s, i, "sel", 7, 5, 0) == 2);
    CHECK(has(m, 20, "I32_SHL_IMM_A") && has(m, 20, "I32_XOR_ROTL_XA") && has(m, 20, "I32_SUB_X"));
    uint32_t x = 0x80000001u, want = (x << 6) ^ ((x << 11) | (x >> 21));
    CHECK((uint32_t)c3(s, i, "rot", (int32_t)x, 5, 0) == want - 5);
    CHECK(has(m, 21, "F64_MUL_A") && has(m, 21, "F64_ADD_MST_X"));
    sk_val a[3] = {{.i32 = 200}, {.f64 = 1.5}, {.f64 = 0.1}}, r[1];
    CHECK(call(s, i, "addmst", a, r) == SK_TRAP_NONE);
    CHECK(call(s, i, "addmst", a, r) == SK_TRAP_NONE);
    sk_val g[1] = {{.i32 = 200}};
    CHECK(call(s, i, "getf", g, r) == SK_TRAP_NONE && r[0].f64 == 1.5 * 0.1 + 1.5 * 0.1);
    a[0].i32 = 65530;
    CHECK(call(s, i, "addmst", a, r) == SK_TRAP_OOB_MEMORY);
}

/* What must not pair, and must still compute the right thing. */
static void test_no_pairs(sk_store *s, sk_module *m, sk_instance *i)
{
    CHECK(!has(m, 13, "I32_MUL_A"));
    CHECK(c3(s, i, "label", 6, 7, 0) == 42);
    CHECK(c3(s, i, "label", 6, 7, 2) == 9);
    CHECK(!has(m, 14, "I32_MUL_A"));
    CHECK(c3(s, i, "loop", 5, 1, 0) == 55);
    CHECK(c3(s, i, "loop", 20, 10, 0) == 250);
    CHECK(!has(m, 15, "I32_ADD_A") && !has_acc(m, 15));
    CHECK(c3(s, i, "twice", 3, 4, 0) == 49);
    CHECK(!has(m, 16, "I32_MUL_A"));
    CHECK(c3(s, i, "live", 6, 7, 1) == 42);
    CHECK(c3(s, i, "live", 6, 7, 0) == 43);
}

/* Traps inside a pair: the right kind, nothing half-done, and the next call is unaffected. */
static void test_traps(sk_store *s, sk_module *m, sk_instance *i)
{
    sk_val a3[3] = {{.i32 = 20000}, {.i32 = 1}, {.i32 = 0}}, r[1];
    CHECK(call(s, i, "ld", a3, r) == SK_TRAP_OOB_MEMORY); /* the consumer traps: 80000 > 65536 */
    CHECK(c3(s, i, "ld", 10, 1000, 0) == (1000 ^ (uint8_t)(0x01020304u * 0x101u)));
    a3[0].i32 = 65534;
    a3[1].i32 = 3;
    a3[2].i32 = 3;
    CHECK(call(s, i, "st", a3, r) == SK_TRAP_OOB_MEMORY); /* the store with its value in acc traps */
    sk_val a1[1] = {{.i32 = 65532}};
    CHECK(call(s, i, "get", a1, r) == SK_TRAP_NONE && r[0].u32 == 0);
    CHECK(has(m, 17, "LD_I32_A") && has(m, 17, "I32_ADD_IMM_X"));
    a1[0].i32 = 65533;
    CHECK(call(s, i, "ldadd", a1, r) == SK_TRAP_OOB_MEMORY); /* the producer traps */
    a1[0].i32 = 40;
    CHECK(call(s, i, "ldadd", a1, r) == SK_TRAP_NONE && r[0].u32 == 0x01020304u * 0x101u + 1);
}

int main(void)
{
    sk_store *s = sk_store_new();
    sk_module *m = load(acc_wat);
    sk_trap *t = NULL;
    sk_error e;
    sk_error_clear(&e);
    sk_instance *i = m ? sk_instantiate(s, m, NULL, 0, &t, &e) : NULL;
    if (t) sk_trap_free(t);
    CHECK(i != NULL);
    if (i) {
        test_pairs(s, m, i);
        test_fused(s, m, i);
        test_no_pairs(s, m, i);
        test_traps(s, m, i);
    }
    sk_store_free(s);
    sk_module_free(m);
    TEST_DONE("test_acc");
}
