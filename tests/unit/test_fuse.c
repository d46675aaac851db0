/* test_fuse.c: the fused instructions of issue 8 (iops.def, fuse_ops.h). For each one: a module whose
 * lowering must contain it (the fusion happened), results equal to the same computation with the fusion
 * prevented (a local.tee of the intermediate, or a block end between: both must lower without it), and for
 * the ones that touch memory, the trap and its frame offset at each access. */
#include "interp/icode.h"
#include "interp/fuse_ops.h"
#include "text/text.h"
#include "test.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>

/* The bounds-check mode every module is lowered and every store made for (main runs the memory tests in both). */
static bool g_guard;

static sk_store *store_new(void)
{
    sk_store *s = sk_store_new();
    if (s) s->bounds_checks = !g_guard;
    return s;
}

static sk_module *load(const char *wat)
{
    uint8_t *bin = NULL;
    size_t n = 0;
    sk_error e;
    sk_error_clear(&e);
    if (!sk_wat2wasm(wat, strlen(wat), "test", &bin, &n, &e)) {
        fprintf(stderr, "wat2wasm: %s (line %u)\n%s\n", e.msg, e.line, wat);
        return NULL;
    }
    sk_module *m = sk_module_load_mode(bin, n, g_guard, &e);
    if (!m) fprintf(stderr, "load: %s\n", e.msg);
    sk_free(bin);
    return m;
}

static sk_instance *inst_new(sk_store *s, sk_module *m)
{
    if (!m) return NULL;
    sk_trap *t = NULL;
    sk_error e;
    sk_error_clear(&e);
    sk_instance *i = sk_instantiate(s, m, NULL, 0, &t, &e);
    if (!i) fprintf(stderr, "instantiate: %s %s\n", e.msg, t ? t->message : "");
    if (t) sk_trap_free(t);
    return i;
}

static sk_func *fn(sk_instance *i, const char *name)
{
    sk_extern x;
    if (!i || !sk_instance_export(i, name, strlen(name), &x) || x.kind != SK_EXTERN_FUNC) return NULL;
    return x.of.func;
}

/* Does the lowered code of m's function `idx` contain internal op `io`? (Scans every cell: operand
 * cells never hold a handler address.) */
static const char *const iop_names[SK_IOP_COUNT] = {
#define IOP(n) #n,
#include "interp/iops.def"
#undef IOP
};

/* Is `k` the instruction `io` itself or one of its accumulator variants (NAME_A, _X, _XA, _Y, _YA:
 * the accumulator pass may switch an instruction to one after fusion; see iops.def)? */
static bool is_form_of(sk_iop k, sk_iop io)
{
    if (k == io) return true;
    size_t n = strlen(iop_names[io]);
    const char *v = iop_names[k];
    if (strncmp(v, iop_names[io], n) != 0) return false;
    v += n;
    return !strcmp(v, "_A") || !strcmp(v, "_X") || !strcmp(v, "_XA") || !strcmp(v, "_Y") || !strcmp(v, "_YA");
}

/* Does function idx's code contain instruction io (in any accumulator form)? Operand cells are not
 * instruction starts, so walk by handler address with the op table. */
static bool has_op(const sk_module *m, uint32_t idx, sk_iop io)
{
    const void *const *hs = m ? sk_interp_handlers_for(m->guard_pages) : NULL;
    const sk_icode *c = m && idx < m->nfuncs ? m->funcs[idx].code : NULL;
    if (!c) return false;
    for (uint32_t k = 0; k < c->ncells; k++)
        for (int j = 0; j < SK_IOP_COUNT; j++)
            if (c->cells[k].h == hs[j] && is_form_of((sk_iop)j, io)) return true;
    return false;
}

/* Calls `name`; returns the trap (NULL on success), results in res. */
static sk_trap *call(sk_store *s, sk_instance *i, const char *name, const sk_val *args, sk_val *res)
{
    sk_func *f = fn(i, name);
    if (!f) return sk_trap_new(SK_TRAP_HOST, "no such export");
    return sk_call(s, f, args, res);
}

/* "I32_SHR_U_IMM" -> "i32.shr_u" (the wasm instruction an internal op or opcode name stands for) */
static void wasm_name(const char *iop, char *out, size_t n)
{
    size_t k = 0;
    for (; iop[k] && k + 1 < n; k++) out[k] = (char)tolower((unsigned char)iop[k]);
    out[k] = 0;
    if (k > 3) out[3] = '.';
    char *imm = strstr(out, "_imm");
    if (imm && imm[4] == 0) *imm = 0;
}

/* ---- SK_FUSE_PAIRS: every row, both operand orders its SIDE allows ---- */

typedef struct pair_row {
    const char *name, *kind, *first, *second;
    sk_iop fused;
    bool bimm, cimm;
    char side;
} pair_row;

static const pair_row pair_rows[] = {
#define ROW_(NAME, K, FIRST, BK, E1, SECOND, SIDE, CK, E2) \
    {#NAME, #K, #FIRST, #SECOND, SK_IOP_##NAME, #BK[0] == 'I', #CK[0] == 'I', #SIDE[0]},
    SK_FUSE_PAIRS(ROW_)
#undef ROW_
};

/* Test values per kind; immediates avoid identities (which lower to nothing). */
static const uint64_t v32[] = {0, 1, 0xFFFFFFFFu, 0x80000000u, 31, 33, 0x12345678u, 0xDEADBEEFu};
static const uint64_t v64[] = {0, 1, ~0ull, 0x8000000000000000ull, 63, 65, 0x123456789ABCDEF0ull,
                               0xFEDCBA9876543210ull};
static const double vf[] = {0.0, -0.0, 1.5, -2.25, 3.0, 1e308, 5e-324, INFINITY, -INFINITY, NAN, 0.1, 7.0};
static const int64_t imm32[] = {5, 0x7FFFFFF3, -2};
static const int64_t imm64[] = {7, 0xFFFFFFFF, 40};

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* Writes a module with "f" (the pair, t left of SECOND when tleft) and "g" (the same with t stored
 * by local.tee first: not fused). Params a b c; immediates replace b / c where the row says so. */
static void pair_module(char *buf, size_t n, const pair_row *r, bool tleft, int64_t bi, int64_t ci)
{
    char op1[32], op2[32], vt[4];
    wasm_name(r->first, op1, sizeof op1);
    wasm_name(r->second, op2, sizeof op2);
    memcpy(vt, op1, 3);
    vt[3] = 0;
    const char *rt = strcmp(r->kind, "F64C") == 0 ? "i32" : vt;
    char b[64], c[64];
    if (r->bimm) snprintf(b, sizeof b, "%s.const %lld", vt, (long long)bi);
    else snprintf(b, sizeof b, "local.get 1");
    if (r->cimm) snprintf(c, sizeof c, "%s.const %lld", vt, (long long)ci);
    else snprintf(c, sizeof c, "local.get 2");
    const char *body_f = tleft ? "local.get 0 %s %s %s %s" : "%s local.get 0 %s %s %s";
    char f[256], g[320];
    if (tleft) {
        snprintf(f, sizeof f, body_f, b, op1, c, op2);
        snprintf(g, sizeof g, "local.get 0 %s %s local.tee 3 %s %s", b, op1, c, op2);
    } else {
        snprintf(f, sizeof f, body_f, c, b, op1, op2);
        snprintf(g, sizeof g, "%s local.get 0 %s %s local.tee 3 %s", c, b, op1, op2);
    }
    snprintf(buf, n,
             "(module\n"
             " (func (export \"f\") (param %s %s %s) (result %s) (local %s) %s)\n"
             " (func (export \"g\") (param %s %s %s) (result %s) (local %s) %s))",
             vt, vt, vt, rt, vt, f, vt, vt, vt, rt, vt, g);
}

static sk_val val_of(const char *vt, int idx, int shift)
{
    sk_val v;
    memset(&v, 0, sizeof v);
    if (vt[1] == '3') v.u32 = (uint32_t)v32[(idx + shift) % 8];
    else if (vt[0] == 'i') v.u64 = v64[(idx + shift) % 8];
    else v.f64 = vf[(idx + shift) % 12];
    return v;
}

static void test_pairs(void)
{
    char wat[1024];
    for (size_t k = 0; k < SK_ARRAY_LEN(pair_rows); k++) {
        const pair_row *r = &pair_rows[k];
        bool is64 = r->first[1] == '6' && r->first[0] == 'I';
        const int64_t *imms = is64 ? imm64 : imm32;
        char vt[4] = {(char)tolower((unsigned char)r->first[0]), r->first[1], r->first[2], 0};
        for (int order = 0; order < 2; order++) {
            bool tleft = order == 0;
            if ((tleft && r->side == 'R') || (!tleft && r->side == 'L')) continue;
            for (int q = 0; q < 3; q++) {
                pair_module(wat, sizeof wat, r, tleft, imms[q], imms[(q + 1) % 3]);
                sk_module *m = load(wat);
                CHECK_MSG(m != NULL, "%s: module", r->name);
                if (!m) continue;
                CHECK_MSG(has_op(m, 0, r->fused), "%s (t %s, imm %d): not fused", r->name, tleft ? "left" : "right",
                          q);
                CHECK_MSG(!has_op(m, 1, r->fused), "%s: fused across a local.tee", r->name);
                sk_store *s = store_new();
                sk_instance *i = inst_new(s, m);
                for (int x = 0; i && x < 12; x++) {
                    sk_val args[3] = {val_of(vt, x, 0), val_of(vt, x, 3), val_of(vt, x, 7)}, rf[1], rg[1];
                    memset(rf, 0, sizeof rf);
                    memset(rg, 0, sizeof rg);
                    sk_trap *tf = call(s, i, "f", args, rf), *tg = call(s, i, "g", args, rg);
                    CHECK_MSG(!tf && !tg && rf[0].u64 == rg[0].u64, "%s input %d: %llx != %llx", r->name, x,
                              (unsigned long long)rf[0].u64, (unsigned long long)rg[0].u64);
                    if (tf) sk_trap_free(tf);
                    if (tg) sk_trap_free(tg);
                }
                sk_store_free(s);
                sk_module_free(m);
                if (!r->bimm && !r->cimm) break; /* one module is enough without immediates */
            }
        }
    }
    /* i64.extend_i32_u of a compare just made: no instruction (the slot holds 0 or 1, zero-extended);
     * of anything else it stays */
    {
        sk_module *me = load("(module"
                             " (func (export \"c\") (param i64 i64 i64) (result i64)"
                             "  local.get 2 local.get 0 local.get 1 i64.ne i64.extend_i32_u i64.add)"
                             " (func (export \"w\") (param i64) (result i64)"
                             "  local.get 0 i32.wrap_i64 i64.extend_i32_u))");
        CHECK(me && !has_op(me, 0, SK_IOP_I64_EXTEND_I32_U) && has_op(me, 1, SK_IOP_I64_EXTEND_I32_U));
        sk_store *se = store_new();
        sk_instance *ie = inst_new(se, me);
        if (ie) {
            sk_val a[3] = {{.u64 = 5}, {.u64 = 6}, {.u64 = ~0ull}}, r[1];
            sk_trap *t = call(se, ie, "c", a, r);
            CHECK(!t && r[0].u64 == 0); /* ~0 + 1 wraps */
            if (t) sk_trap_free(t);
            a[1].u64 = 5;
            t = call(se, ie, "c", a, r);
            CHECK(!t && r[0].u64 == ~0ull);
            if (t) sk_trap_free(t);
            a[0].u64 = 0xFFFFFFFF00000001ull;
            t = call(se, ie, "w", a, r);
            CHECK(!t && r[0].u64 == 1);
            if (t) sk_trap_free(t);
        }
        sk_store_free(se);
        sk_module_free(me);
    }
    /* spot checks against values computed here */
    sk_module *m = load("(module"
                        " (func (export \"mad\") (param f64 f64 f64) (result f64)"
                        "  local.get 0 local.get 1 f64.mul local.get 2 f64.add)"
                        " (func (export \"blk\") (param i32 i32 i32) (result i32)"
                        "  (block (result i32) local.get 0 local.get 1 i32.xor) local.get 2 i32.and))");
    CHECK(has_op(m, 0, SK_IOP_F64_MUL_ADD));
    CHECK(!has_op(m, 1, SK_IOP_I32_XOR_AND)); /* a block end between: a label, never fused across */
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    if (i) {
        /* a * b + c with the product rounded first: 1 + 2^-30 squared loses its 2^-60 term, an FMA would not */
        double e = ldexp(1.0, -30);
        sk_val a[3] = {{.f64 = 1.0 + e}, {.f64 = 1.0 - e}, {.f64 = -1.0}}, r[1];
        sk_trap *t = call(s, i, "mad", a, r);
        CHECK(!t && dbits(r[0].f64) == dbits((1.0 + e) * (1.0 - e) - 1.0) && r[0].f64 == 0.0);
        if (t) sk_trap_free(t);
        sk_val b[3] = {{.u32 = 0xF0F0u}, {.u32 = 0xFF00u}, {.u32 = 0x0FF0u}};
        t = call(s, i, "blk", b, r);
        CHECK(!t && r[0].u32 == ((0xF0F0u ^ 0xFF00u) & 0x0FF0u));
        if (t) sk_trap_free(t);
    }
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- chains (round 4): each pair of SK_FUSE_PAIRS_ADD with the i32.add that consumes it, the pair's
 * result on either side of the add and d a parameter or a constant; not fused when the pair's result is
 * also stored by local.tee (the pair alone then) ---- */

static const pair_row pair_add_rows[] = {
#define ROW3_(NAME, K, FIRST, BK, E1, SECOND, SIDE, CK, E2) \
    {#NAME, #K, #FIRST, #SECOND, SK_IOP_##NAME##_ADD, #BK[0] == 'I', #CK[0] == 'I', #SIDE[0]},
    SK_FUSE_PAIRS_ADD(ROW3_)
#undef ROW3_
};

static void test_pair_adds(void)
{
    char wat[2048];
    for (size_t k = 0; k < SK_ARRAY_LEN(pair_add_rows); k++) {
        const pair_row *r = &pair_add_rows[k];
        char op1[32], op2[32], b[64], c[64], pr[256];
        wasm_name(r->first, op1, sizeof op1);
        wasm_name(r->second, op2, sizeof op2);
        for (int q = 0; q < 3; q++) {
            if (r->bimm) snprintf(b, sizeof b, "i32.const %lld", (long long)imm32[q]);
            else snprintf(b, sizeof b, "local.get 1");
            if (r->cimm) snprintf(c, sizeof c, "i32.const %lld", (long long)imm32[(q + 1) % 3]);
            else snprintf(c, sizeof c, "local.get 2");
            snprintf(pr, sizeof pr, "local.get 0 %s %s %s %s", b, op1, c, op2);
            const char *d = q == 2 ? "i32.const 12345" : "local.get 3";
            snprintf(wat, sizeof wat,
                     "(module\n"
                     " (func (export \"f\") (param i32 i32 i32 i32) (result i32) (local i32) %s %s i32.add)\n"
                     " (func (export \"h\") (param i32 i32 i32 i32) (result i32) (local i32) %s %s i32.add)\n"
                     " (func (export \"g\") (param i32 i32 i32 i32) (result i32) (local i32) %s local.tee 4 %s "
                     "i32.add))",
                     pr, d, d, pr, pr, d);
            sk_module *m = load(wat);
            CHECK_MSG(m != NULL, "%s_ADD: module", r->name);
            if (!m) continue;
            CHECK_MSG(has_op(m, 0, r->fused) && has_op(m, 1, r->fused), "%s_ADD (%d): not fused", r->name, q);
            CHECK_MSG(!has_op(m, 2, r->fused), "%s_ADD: fused across a local.tee", r->name);
            sk_store *s = store_new();
            sk_instance *i = inst_new(s, m);
            for (int x = 0; i && x < 12; x++) {
                sk_val args[4] = {val_of("i32", x, 0), val_of("i32", x, 3), val_of("i32", x, 7), val_of("i32", x, 5)};
                sk_val rf[1] = {{.u64 = 0}}, rh[1] = {{.u64 = 0}}, rg[1] = {{.u64 = 0}};
                sk_trap *tf = call(s, i, "f", args, rf), *th = call(s, i, "h", args, rh),
                        *tg = call(s, i, "g", args, rg);
                CHECK_MSG(!tf && !th && !tg && rf[0].u64 == rg[0].u64 && rh[0].u64 == rg[0].u64,
                          "%s_ADD input %d: %llx %llx != %llx", r->name, x, (unsigned long long)rf[0].u64,
                          (unsigned long long)rh[0].u64, (unsigned long long)rg[0].u64);
                if (tf) sk_trap_free(tf);
                if (th) sk_trap_free(th);
                if (tg) sk_trap_free(tg);
            }
            sk_store_free(s);
            sk_module_free(m);
        }
    }
}

/* ---- I32_XRI_SHRUI_ADD (round 4): SHA-256's small sigma plus a term; not when the shift is of another value,
 * or the rotations' xor is kept in a local ---- */

static void test_xri_shrui_add(void)
{
    sk_module *m = load(
        "(module\n"
        " (func (export \"x0\") (param i32 i32) (result i32) (local i32)\n"
        "  local.get 0 i32.const 25 i32.rotl local.get 0 i32.const 14 i32.rotl i32.xor\n"
        "  local.get 0 i32.const 3 i32.shr_u i32.xor local.get 1 i32.add)\n"
        " (func (export \"x1\") (param i32 i32) (result i32) (local i32)\n"
        "  local.get 1 local.get 0 i32.const 15 i32.rotl local.get 0 i32.const 13 i32.rotl i32.xor\n"
        "  local.get 0 i32.const 10 i32.shr_u i32.xor i32.add)\n"
        " (func (export \"x2\") (param i32 i32) (result i32) (local i32)\n"
        "  local.get 0 i32.const 25 i32.rotl local.get 0 i32.const 14 i32.rotl i32.xor\n"
        "  local.get 1 i32.const 3 i32.shr_u i32.xor local.get 1 i32.add)\n"
        " (func (export \"x3\") (param i32 i32) (result i32) (local i32)\n"
        "  local.get 0 i32.const 25 i32.rotl local.get 0 i32.const 14 i32.rotl i32.xor local.tee 2\n"
        "  local.get 0 i32.const 3 i32.shr_u i32.xor local.get 1 i32.add))");
    CHECK(m != NULL);
    if (!m) return;
    CHECK(has_op(m, 0, SK_IOP_I32_XRI_SHRUI_ADD) && has_op(m, 1, SK_IOP_I32_XRI_SHRUI_ADD));
    CHECK(!has_op(m, 2, SK_IOP_I32_XRI_SHRUI_ADD) && !has_op(m, 3, SK_IOP_I32_XRI_SHRUI_ADD));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    for (int x = 0; i && x < 8; x++) {
        uint32_t a = (uint32_t)v32[x], d = (uint32_t)v32[(x + 3) % 8];
        uint32_t w[4] = {((a << 25 | a >> 7) ^ (a << 14 | a >> 18) ^ a >> 3) + d,
                         ((a << 15 | a >> 17) ^ (a << 13 | a >> 19) ^ a >> 10) + d,
                         ((a << 25 | a >> 7) ^ (a << 14 | a >> 18) ^ d >> 3) + d,
                         ((a << 25 | a >> 7) ^ (a << 14 | a >> 18) ^ a >> 3) + d};
        for (int f = 0; f < 4; f++) {
            sk_val args[2] = {{.u64 = a}, {.u64 = d}}, r[1] = {{.u64 = 0}};
            char name[3] = {'x', (char)('0' + f), 0};
            sk_trap *t = call(s, i, name, args, r);
            CHECK_MSG(!t && r[0].u32 == w[f], "%s %x %x: %x != %x", name, a, d, r[0].u32, w[f]);
            if (t) sk_trap_free(t);
        }
    }
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- memory operands in the LDI form (_MI), F64_MULADD_MST, its I32_ADD2 form ---- */

#define MAD_(name, head)                                                                                  \
    " (func (export \"" #name "\") (param i32 i32 f64 i32) (result i32) (local i32 i32)\n  " head          \
    " f64.mul local.get 4 f64.load f64.add f64.store local.get 5 local.get 4 i32.sub)\n"
static const char *mem_wat =
    "(module (memory 1)\n"
    /* 0: f64 mul with a memory operand at (p + 8) + 16 (the load at 7) */
    " (func (export \"fmi\") (param f64 i32) (result f64)\n"
    "  local.get 0 local.get 1 i32.const 8 i32.add f64.load offset=16 f64.mul)\n"
    /* 1: i32 sub, the loaded operand second (no commuting; the load at 7) */
    " (func (export \"smi\") (param i32 i32) (result i32)\n"
    "  local.get 0 local.get 1 i32.const -4 i32.add i32.load offset=8 i32.sub)\n"
    /* 2: c[j] += k * b[j]; b load at 6, c load at 12 */
    " (func (export \"mad\") (param i32 i32 f64)\n"
    "  local.get 0 local.get 2 local.get 1 f64.load f64.mul local.get 0 f64.load f64.add f64.store)\n"
    /* 3: the same behind two adds into locals (I32_ADD2 + F64_MULADD_MST): b load at 20, c load at 26 */
    " (func (export \"mad2\") (param i32 i32 f64 i32) (local i32 i32)\n"
    "  local.get 0 local.get 3 i32.add local.set 4 local.get 1 local.get 3 i32.add local.set 5\n"
    "  local.get 4 local.get 2 local.get 5 f64.load f64.mul local.get 4 f64.load f64.add f64.store)\n"
    /* 4: a label between the load and the multiply: not fused */
    " (func (export \"madl\") (param i32 i32 f64)\n"
    "  local.get 0 local.get 2 (block (result f64) local.get 1 f64.load) f64.mul\n"
    "  local.get 0 f64.load f64.add f64.store)\n"
    /* 5: two adds: I32_ADD2 */
    " (func (export \"add2\") (param i32 i32) (result i32)\n"
    "  local.get 0 i32.const 3 i32.add local.set 0 local.get 1 local.get 0 i32.add local.set 1\n"
    "  local.get 0 i32.const 1000 i32.mul local.get 1 i32.add)\n"
    /* 6: xor of three rotations (I32_ROT3), of two (I32_ROTL_XR) */
    " (func (export \"rot3\") (param i32) (result i32)\n"
    "  local.get 0 i32.const 30 i32.rotl local.get 0 i32.const 19 i32.rotl i32.xor\n"
    "  local.get 0 i32.const 10 i32.rotl i32.xor)\n"
    " (func (export \"rot2\") (param i32 i32) (result i32)\n"
    "  local.get 0 i32.const 7 i32.rotl local.get 1 i32.const 14 i32.rotl i32.xor)\n"
    /* 8-10: copies (MEMMOV): the load at 4, the store at 7 */
    " (func (export \"mv8\") (param i32 i32) local.get 0 local.get 1 i32.load8_u offset=1 i32.store8 offset=2)\n"
    " (func (export \"mv32\") (param i32 i32) local.get 0 local.get 1 i32.load offset=1 i32.store offset=2)\n"
    " (func (export \"mv64\") (param i32 i32) local.get 0 local.get 1 i64.load offset=1 i64.store offset=2)\n"
    /* 11: the loaded value also kept (local.tee): not fused */
    " (func (export \"mvt\") (param i32 i32) (result i32) (local i32)\n"
    "  local.get 0 local.get 1 i32.load8_u offset=1 local.tee 2 i32.store8 offset=2 local.get 2)\n"
    /* 12: the I32_ADD2 form whose c address is not one of the sums (A2, not D2) */
    " (func (export \"mad3\") (param i32 i32 f64 i32) (local i32 i32)\n"
    "  local.get 0 local.get 3 i32.add local.set 4 local.get 1 local.get 3 i32.add local.set 5\n"
    "  local.get 0 local.get 2 local.get 5 f64.load f64.mul local.get 0 f64.load f64.add f64.store)\n"
    /* 13: both adds into the same local: the second sum is the b address, c reads that local too */
    " (func (export \"mad4\") (param i32 i32 f64 i32) (local i32)\n"
    "  local.get 0 local.get 3 i32.add local.set 4 local.get 1 local.get 3 i32.add local.set 4\n"
    "  local.get 4 local.get 2 local.get 4 f64.load f64.mul local.get 4 f64.load f64.add f64.store)\n"
    /* 14-19: the D2 forms (c = p0 + j into local 4; b = p1 + j into local 5 or a temporary; j a param or 8) and
     * near misses; b load at 14 (20 in 15), c load at 20 (26); they return local 5 - local 4 */
    MAD_(madt, "local.get 0 local.get 3 i32.add local.tee 4 local.get 2 local.get 1 local.get 3 i32.add f64.load")
    MAD_(madi, "local.get 0 i32.const 8 i32.add local.set 4 local.get 1 i32.const 8 i32.add local.set 5\n"
               "  local.get 4 local.get 2 local.get 5 f64.load")
    MAD_(madit, "local.get 0 i32.const 8 i32.add local.tee 4 local.get 2 local.get 1 i32.const 8 i32.add f64.load")
    /* different j, an offset at b, b's sum from c's */
    MAD_(madj, "local.get 0 local.get 3 i32.add local.tee 4 local.get 2 local.get 1 i32.const 8 i32.add f64.load")
    MAD_(mado, "local.get 0 local.get 3 i32.add local.tee 4 local.get 2 local.get 1 local.get 3 i32.add\n"
               "  f64.load offset=8")
    MAD_(madc, "local.get 0 local.get 3 i32.add local.tee 4 local.get 2 local.get 4 local.get 3 i32.add f64.load")
    /* 20: three rotations of two values (I32_ROT3); 21: two of one value by constants (I32_ROTL_XRI, the
     * amounts taken mod 32) */
    " (func (export \"rot3d\") (param i32 i32) (result i32)\n"
    "  local.get 0 i32.const 30 i32.rotl local.get 1 i32.const 19 i32.rotl i32.xor\n"
    "  local.get 0 i32.const 10 i32.rotl i32.xor)\n"
    " (func (export \"rot2s\") (param i32) (result i32)\n"
    "  local.get 0 i32.const 39 i32.rotl local.get 0 i32.const -14 i32.rotl i32.xor)\n"
    /* 22, 23: an I32_ROT3I whose result an add consumes (I32_ROT3I_ADD), on either side */
    " (func (export \"rot3a\") (param i32 i32) (result i32)\n"
    "  local.get 0 i32.const 30 i32.rotl local.get 0 i32.const 19 i32.rotl i32.xor\n"
    "  local.get 0 i32.const 10 i32.rotl i32.xor local.get 1 i32.add)\n"
    " (func (export \"rot3b\") (param i32 i32) (result i32)\n"
    "  local.get 1 local.get 0 i32.const 30 i32.rotl local.get 0 i32.const 19 i32.rotl i32.xor\n"
    "  local.get 0 i32.const 10 i32.rotl i32.xor i32.add)\n"
    ")\n";

static double rd_f64(const uint8_t *mb, uint32_t at)
{
    double d;
    memcpy(&d, mb + at, 8);
    return d;
}
static void wr_f64(uint8_t *mb, uint32_t at, double d) { memcpy(mb + at, &d, 8); }

/* Calls `name` expecting an out-of-bounds trap whose innermost frame is at body offset `off`. */
static void check_oob(sk_store *s, sk_instance *i, const char *name, const sk_val *args, uint32_t off)
{
    sk_val r[2];
    sk_trap *t = call(s, i, name, args, r);
    CHECK_MSG(t && t->kind == SK_TRAP_OOB_MEMORY && t->nframes == 1 && t->frames[0].func_offset == off,
              "%s: expected an oob trap at %u, got %s at %u", name, off, t ? t->message : "none",
              t && t->nframes ? t->frames[0].func_offset : 0);
    if (t) sk_trap_free(t);
}

static void test_memory_forms(void)
{
    sk_module *m = load(mem_wat);
    CHECK(m != NULL);
    if (!m) return;
    uint32_t f0 = m->nimported_funcs;
    CHECK(has_op(m, f0 + 0, SK_IOP_F64_MUL_MI));
    CHECK(has_op(m, f0 + 1, SK_IOP_I32_SUB_MI));
    CHECK(has_op(m, f0 + 2, SK_IOP_F64_MULADD_MST));
    CHECK(has_op(m, f0 + 3, SK_IOP_F64_MULADD_MST_D2S));
    CHECK(has_op(m, f0 + 12, SK_IOP_F64_MULADD_MST_A2SS) && !has_op(m, f0 + 12, SK_IOP_F64_MULADD_MST_D2S));
    CHECK(has_op(m, f0 + 13, SK_IOP_F64_MULADD_MST_A2SS) && !has_op(m, f0 + 13, SK_IOP_F64_MULADD_MST_D2S));
    CHECK(!has_op(m, f0 + 4, SK_IOP_F64_MULADD_MST) && has_op(m, f0 + 4, SK_IOP_F64_MUL));
    CHECK(has_op(m, f0 + 5, SK_IOP_I32_ADD2_IS));
    CHECK(has_op(m, f0 + 6, SK_IOP_I32_ROT3I) && !has_op(m, f0 + 6, SK_IOP_I32_ROT3));
    CHECK(has_op(m, f0 + 7, SK_IOP_I32_ROTL_XR) && !has_op(m, f0 + 7, SK_IOP_I32_ROTL_XRI));
    CHECK(has_op(m, f0 + 20, SK_IOP_I32_ROT3) && !has_op(m, f0 + 20, SK_IOP_I32_ROT3I));
    CHECK(has_op(m, f0 + 21, SK_IOP_I32_ROTL_XRI));
    CHECK(has_op(m, f0 + 22, SK_IOP_I32_ROT3I_ADD) && has_op(m, f0 + 23, SK_IOP_I32_ROT3I_ADD));
    CHECK(!has_op(m, f0 + 6, SK_IOP_I32_ROT3I_ADD));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (!i) goto out;
    uint8_t *mb = i->mems[0]->data;
    const uint32_t top = 65536;
    sk_val r[1];
    sk_trap *t;

    /* _MI: address (p + imm) mod 2^32 + offset */
    wr_f64(mb, 100 + 8 + 16, 2.5);
    sk_val a0[2] = {{.f64 = -3.0}, {.i32 = 100}};
    t = call(s, i, "fmi", a0, r);
    CHECK(!t && r[0].f64 == -7.5);
    if (t) sk_trap_free(t);
    a0[1].i32 = -24; /* (-24 + 8) wraps to 2^32 - 16, + 16: 2^32, out of bounds */
    check_oob(s, i, "fmi", a0, 7);
    a0[1].i32 = (int32_t)(top - 24 - 7); /* the last byte just past the end */
    check_oob(s, i, "fmi", a0, 7);
    a0[1].i32 = (int32_t)(top - 24 - 8);
    t = call(s, i, "fmi", a0, r);
    CHECK(!t);
    if (t) sk_trap_free(t);
    memcpy(mb + 200 - 4 + 8, &(uint32_t){7}, 4);
    sk_val a1[2] = {{.i32 = 5}, {.i32 = 200}};
    t = call(s, i, "smi", a1, r);
    CHECK(!t && r[0].i32 == 5 - 7); /* a - mem: the loaded operand stays second */
    if (t) sk_trap_free(t);
    a1[1].i32 = (int32_t)(top - 3);
    check_oob(s, i, "smi", a1, 7);

    /* F64_MULADD_MST: c += k * b; a trap at b (first) or at c, with nothing stored */
    wr_f64(mb, 1000, 3.0);
    wr_f64(mb, 2000, 0.25);
    sk_val a2[3] = {{.i32 = 2000}, {.i32 = 1000}, {.f64 = 4.0}};
    t = call(s, i, "mad", a2, r);
    CHECK(!t && rd_f64(mb, 2000) == 12.25 && rd_f64(mb, 1000) == 3.0);
    if (t) sk_trap_free(t);
    wr_f64(mb, 3000, 1.0);
    sk_val a2b[3] = {{.i32 = 3000}, {.i32 = 3000}, {.f64 = 2.0}}; /* b and c the same cell */
    t = call(s, i, "mad", a2b, r);
    CHECK(!t && rd_f64(mb, 3000) == 3.0);
    if (t) sk_trap_free(t);
    sk_val a2c[3] = {{.i32 = 2000}, {.i32 = (int32_t)(top - 4)}, {.f64 = 4.0}};
    check_oob(s, i, "mad", a2c, 6); /* b out of bounds: the b load */
    sk_val a2d[3] = {{.i32 = (int32_t)(top - 4)}, {.i32 = 1000}, {.f64 = 4.0}};
    check_oob(s, i, "mad", a2d, 12); /* c out of bounds: the c load */
    sk_val a2e[3] = {{.i32 = -1}, {.i32 = -1}, {.f64 = 4.0}};
    check_oob(s, i, "mad", a2e, 6); /* both: the b load comes first */
    CHECK(rd_f64(mb, 2000) == 12.25);
    /* the rounding of the product: (1 + 2^-30)(1 - 2^-30) + -1 is 0, not -2^-60 */
    double e = ldexp(1.0, -30);
    wr_f64(mb, 4000, 1.0 - e);
    wr_f64(mb, 4008, -1.0);
    sk_val a2f[3] = {{.i32 = 4008}, {.i32 = 4000}, {.f64 = 1.0 + e}};
    t = call(s, i, "mad", a2f, r);
    CHECK(!t && dbits(rd_f64(mb, 4008)) == dbits(0.0));
    if (t) sk_trap_free(t);

    /* the I32_ADD2 form: c = p0 + j, b = p1 + j */
    wr_f64(mb, 5016, 0.5);
    wr_f64(mb, 6016, 10.0);
    sk_val a3[4] = {{.i32 = 6000}, {.i32 = 5000}, {.f64 = 3.0}, {.i32 = 16}};
    t = call(s, i, "mad2", a3, r);
    CHECK(!t && rd_f64(mb, 6016) == 11.5);
    if (t) sk_trap_free(t);
    a3[1].i32 = (int32_t)(top - 20);
    check_oob(s, i, "mad2", a3, 20);
    a3[1].i32 = 5000;
    a3[0].i32 = (int32_t)(top - 20);
    check_oob(s, i, "mad2", a3, 26);
    CHECK(rd_f64(mb, 6016) == 11.5);
    wr_f64(mb, 6400, 1.0);
    sk_val a3b[4] = {{.i32 = 6400}, {.i32 = 5000}, {.f64 = 4.0}, {.i32 = 16}};
    t = call(s, i, "mad3", a3b, r); /* mem[6400] += 4 * mem[5016] */
    CHECK(!t && rd_f64(mb, 6400) == 3.0);
    if (t) sk_trap_free(t);
    wr_f64(mb, 5016, 0.5);
    sk_val a3c[4] = {{.i32 = 9999}, {.i32 = 5000}, {.f64 = 4.0}, {.i32 = 16}};
    t = call(s, i, "mad4", a3c, r); /* local 4 = 5016: mem[5016] += 4 * mem[5016] */
    CHECK(!t && rd_f64(mb, 5016) == 2.5);
    if (t) sk_trap_free(t);
    /* the D2 forms and their near misses (functions 14-19): c += k * b at the addresses each computes, the
     * locals the sums went to, a trap at b (first) or at c with nothing stored */
    static const struct {
        const char *name;
        sk_iop io;
        int32_t cj, bj;    /* what c's and b's sums add to p0 / p1 (-1: the param j) */
        bool b_from_c, b5; /* b's sum adds to c's; b's sum is kept in local 5 */
        uint32_t boff, bat, cat;
    } d2[] = {
        {"madt", SK_IOP_F64_MULADD_MST_D2S_T, -1, -1, false, false, 0, 14, 20},
        {"madi", SK_IOP_F64_MULADD_MST_D2I, 8, 8, false, true, 0, 20, 26},
        {"madit", SK_IOP_F64_MULADD_MST_D2I_T, 8, 8, false, false, 0, 14, 20},
        {"madj", SK_IOP_F64_MULADD_MST_A2SI, -1, 8, false, false, 0, 14, 20},
        {"mado", SK_IOP_F64_MULADD_MST_A2SS, -1, -1, false, false, 8, 14, 20},
        {"madc", SK_IOP_F64_MULADD_MST_A2SS, -1, -1, true, false, 0, 14, 20},
    };
    for (uint32_t q = 0; q < SK_ARRAY_LEN(d2); q++) {
        CHECK_MSG(has_op(m, f0 + 14 + q, d2[q].io), "%s: fused form", d2[q].name);
        if (d2[q].io < SK_IOP_F64_MULADD_MST_D2S)
            for (int v = 0; v < 4; v++) CHECK(!has_op(m, f0 + 14 + q, (sk_iop)(SK_IOP_F64_MULADD_MST_D2S + v)));
        const uint32_t j = 24, p0 = 8000, p1 = 9000;
        uint32_t ca = p0 + (d2[q].cj < 0 ? j : (uint32_t)d2[q].cj);
        uint32_t bs = (d2[q].b_from_c ? ca : p1) + (d2[q].bj < 0 ? j : (uint32_t)d2[q].bj);
        uint32_t ba = bs + d2[q].boff;
        memset(mb + 8000, 0, 2000);
        wr_f64(mb, ba, 0.1);
        wr_f64(mb, ca, 1e16);
        sk_val a[4] = {{.i32 = (int32_t)p0}, {.i32 = (int32_t)p1}, {.f64 = 3.0}, {.i32 = (int32_t)j}};
        t = call(s, i, d2[q].name, a, r);
        double want = 3.0 * 0.1; /* rounded before the add: no fused multiply-add */
        want = want + 1e16;
        CHECK_MSG(!t && dbits(rd_f64(mb, ca)) == dbits(want) && r[0].u32 == (d2[q].b5 ? bs : 0) - ca, "%s: result",
                  d2[q].name);
        if (t) sk_trap_free(t);
        if (d2[q].b_from_c) continue;
        /* b out of bounds (c not): the b load; c out of bounds: the c load; both: the b load */
        sk_val ob[4] = {a[0], {.i32 = (int32_t)(p1 + top - ba + 1)}, a[2], a[3]};
        check_oob(s, i, d2[q].name, ob, d2[q].bat);
        CHECK(dbits(rd_f64(mb, ca)) == dbits(want));
        sk_val oc[4] = {{.i32 = (int32_t)(p0 + top - ca - 7)}, a[1], a[2], a[3]};
        check_oob(s, i, d2[q].name, oc, d2[q].cat);
        CHECK(rd_f64(mb, ba) == 0.1);
        sk_val obc[4] = {oc[0], ob[1], a[2], a[3]};
        check_oob(s, i, d2[q].name, obc, d2[q].bat);
    }

    wr_f64(mb, 5016, 0.5);
    sk_val a4[3] = {{.i32 = 6016}, {.i32 = 5016}, {.f64 = 2.0}};
    t = call(s, i, "madl", a4, r);
    CHECK(!t && rd_f64(mb, 6016) == 12.5);
    if (t) sk_trap_free(t);

    sk_val a5[2] = {{.i32 = 4}, {.i32 = 10}};
    t = call(s, i, "add2", a5, r);
    CHECK(!t && r[0].i32 == 7 * 1000 + 17); /* the second add reads the first one's result */
    if (t) sk_trap_free(t);
    uint32_t x = 0x9E3779B9u;
#define ROTL(v, k) (((v) << (k)) | ((v) >> (32 - (k))))
    sk_val a6[2] = {{.u32 = x}, {.u32 = 0x0BADF00Du}};
    t = call(s, i, "rot3", a6, r);
    CHECK(!t && r[0].u32 == (ROTL(x, 30) ^ ROTL(x, 19) ^ ROTL(x, 10)));
    if (t) sk_trap_free(t);
    t = call(s, i, "rot2", a6, r);
    CHECK(!t && r[0].u32 == (ROTL(x, 7) ^ ROTL(0x0BADF00Du, 14)));
    if (t) sk_trap_free(t);
    t = call(s, i, "rot3d", a6, r);
    CHECK(!t && r[0].u32 == (ROTL(x, 30) ^ ROTL(0x0BADF00Du, 19) ^ ROTL(x, 10)));
    if (t) sk_trap_free(t);
    t = call(s, i, "rot2s", a6, r);
    CHECK(!t && r[0].u32 == (ROTL(x, 7) ^ ROTL(x, 18)));
    if (t) sk_trap_free(t);
    t = call(s, i, "rot3a", a6, r);
    CHECK(!t && r[0].u32 == (uint32_t)((ROTL(x, 30) ^ ROTL(x, 19) ^ ROTL(x, 10)) + 0x0BADF00Du));
    if (t) sk_trap_free(t);
    t = call(s, i, "rot3b", a6, r);
    CHECK(!t && r[0].u32 == (uint32_t)((ROTL(x, 30) ^ ROTL(x, 19) ^ ROTL(x, 10)) + 0x0BADF00Du));
    if (t) sk_trap_free(t);
#undef ROTL

    /* MEMMOV: the bytes move; a trap at the load comes first, then one at the store */
    static const char *const mvs[] = {"mv8", "mv32", "mv64"};
    static const uint32_t mvn[] = {1, 4, 8};
    for (int k = 0; k < 3; k++) {
        memset(mb + 7000, 0xEE, 32);
        for (uint32_t q = 0; q < 8; q++) mb[7100 + 1 + q] = (uint8_t)(0x11 * (q + 1));
        sk_val mva[2] = {{.i32 = 7000}, {.i32 = 7100}};
        t = call(s, i, mvs[k], mva, r);
        CHECK(!t && memcmp(mb + 7002, mb + 7101, mvn[k]) == 0 && mb[7002 + mvn[k]] == 0xEE && mb[7001] == 0xEE);
        if (t) sk_trap_free(t);
        sk_val oob_ld[2] = {{.i32 = -1}, {.i32 = (int32_t)(top - mvn[k])}};
        check_oob(s, i, mvs[k], oob_ld, 4); /* both out of bounds: the load first */
        sk_val oob_st[2] = {{.i32 = (int32_t)(top - mvn[k] - 1)}, {.i32 = 7100}};
        check_oob(s, i, mvs[k], oob_st, 7);
        CHECK(has_op(m, f0 + 8 + (uint32_t)k, (sk_iop)(SK_IOP_MEMMOV_8 + k)));
    }
    CHECK(!has_op(m, f0 + 11, SK_IOP_MEMMOV_8));
    sk_val mvt[2] = {{.i32 = 7000}, {.i32 = 7100}};
    t = call(s, i, "mvt", mvt, r);
    CHECK(!t && r[0].i32 == 0x11 && mb[7002] == 0x11);
    if (t) sk_trap_free(t);
out:
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- calls and returns with their add (CALL_LOCAL_ADDI, I32_ADD_RET) ---- */

static const char *call_wat =
    "(module (memory 1)\n"
    /* 0: fib, as clang lowers it: the argument add goes into the call, the final add into the return */
    " (func $fib (export \"fib\") (param i32) (result i32)\n"
    "  local.get 0 i32.const 2 i32.lt_u if local.get 0 return end\n"
    "  local.get 0 i32.const -1 i32.add call $fib local.get 0 i32.const -2 i32.add call $fib i32.add)\n"
    /* 1: the callee traps (its load at 2); the caller's frame is the call, at 5 */
    " (func $ld (param i32) (result i32) local.get 0 i32.load)\n"
    " (func (export \"via\") (param i32) (result i32) local.get 0 i32.const 7 i32.add call $ld)\n"
    /* 3: a label between the add and the call: not fused */
    " (func (export \"lbl\") (param i32) (result i32)\n"
    "  (block (result i32) local.get 0 i32.const 1 i32.add) call $fib))\n";

static void test_calls(void)
{
    sk_module *m = load(call_wat);
    CHECK(m != NULL);
    if (!m) return;
    uint32_t f0 = m->nimported_funcs;
    CHECK(has_op(m, f0 + 0, SK_IOP_CALL_LOCAL_ADDI) && has_op(m, f0 + 0, SK_IOP_I32_ADD_RET));
    CHECK(has_op(m, f0 + 2, SK_IOP_CALL_LOCAL_ADDI));
    CHECK(!has_op(m, f0 + 3, SK_IOP_CALL_LOCAL_ADDI) && has_op(m, f0 + 3, SK_IOP_CALL_LOCAL));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (i) {
        static const int32_t fibs[] = {0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610};
        for (int n = 0; n < 16; n++) {
            sk_val a[1] = {{.i32 = n}}, r[1];
            sk_trap *t = call(s, i, "fib", a, r);
            CHECK_MSG(!t && r[0].i32 == fibs[n], "fib(%d) = %d", n, r[0].i32);
            if (t) sk_trap_free(t);
        }
        memcpy(i->mems[0]->data + 107, &(uint32_t){0xCAFE}, 4);
        sk_val a[1] = {{.i32 = 100}}, r[1];
        sk_trap *t = call(s, i, "via", a, r);
        CHECK(!t && r[0].i32 == 0xCAFE);
        if (t) sk_trap_free(t);
        a[0].i32 = 65536 - 9; /* + 7: the load's last byte is past the end */
        t = call(s, i, "via", a, r);
        CHECK(t && t->kind == SK_TRAP_OOB_MEMORY && t->nframes == 2);
        if (t && t->nframes == 2) {
            CHECK(t->frames[0].func_idx == f0 + 1 && t->frames[0].func_offset == 2);
            CHECK(t->frames[1].func_idx == f0 + 2 && t->frames[1].func_offset == 5);
        }
        if (t) sk_trap_free(t);
        a[0].i32 = 9;
        t = call(s, i, "lbl", a, r);
        CHECK(!t && r[0].i32 == 55);
        if (t) sk_trap_free(t);
    }
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- select on a compare (SELECT_<rel>, SELECT64_<rel>) ---- */

static void test_select(void)
{
    static const char *const rels[10] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    static const int64_t vals[] = {0, 1, -1, 5, INT32_MIN, INT32_MAX, INT64_MIN, 0x100000000ll};
    char wat[512];
    for (int w = 0; w < 2; w++) {
        const char *t = w ? "i64" : "i32";
        for (int rel = 0; rel < 10; rel++) {
            /* f: fused; g: the compare kept in a local first (not fused) */
            snprintf(wat, sizeof wat,
                     "(module (func (export \"f\") (param %s %s i64 i64) (result i64)"
                     "  local.get 2 local.get 3 local.get 0 local.get 1 %s.%s select)"
                     " (func (export \"g\") (param %s %s i64 i64) (result i64) (local i32)"
                     "  local.get 2 local.get 3 local.get 0 local.get 1 %s.%s local.tee 4 select))",
                     t, t, t, rels[rel], t, t, t, rels[rel]);
            sk_module *m = load(wat);
            CHECK_MSG(m && has_op(m, 0, (sk_iop)((w ? SK_IOP_SELECT64_EQ : SK_IOP_SELECT_EQ) + rel)) &&
                          !has_op(m, 1, (sk_iop)((w ? SK_IOP_SELECT64_EQ : SK_IOP_SELECT_EQ) + rel)),
                      "select %s.%s not fused as expected", t, rels[rel]);
            sk_store *s = store_new();
            sk_instance *i = inst_new(s, m);
            for (int x = 0; i && x < 8; x++)
                for (int y = 0; y < 8; y++) {
                    sk_val a[4], rf[1], rg[1];
                    memset(a, 0, sizeof a);
                    if (w) {
                        a[0].i64 = vals[x];
                        a[1].i64 = vals[y];
                    } else {
                        a[0].i32 = (int32_t)vals[x];
                        a[1].i32 = (int32_t)vals[y];
                    }
                    a[2].u64 = 0x1111111111111111ull;
                    a[3].u64 = 0x2222222222222222ull;
                    sk_trap *tf = call(s, i, "f", a, rf), *tg = call(s, i, "g", a, rg);
                    int64_t p = w ? vals[x] : (int32_t)vals[x], q = w ? vals[y] : (int32_t)vals[y];
                    uint64_t pu = w ? (uint64_t)p : (uint32_t)p, qu = w ? (uint64_t)q : (uint32_t)q;
                    bool want[10] = {p == q, p != q, p < q, pu < qu, p > q, pu > qu, p <= q, pu <= qu, p >= q, pu >= qu};
                    CHECK_MSG(!tf && !tg && rf[0].u64 == rg[0].u64 && rf[0].u64 == (want[rel] ? a[2].u64 : a[3].u64),
                              "select %s.%s %d %d", t, rels[rel], x, y);
                    if (tf) sk_trap_free(tf);
                    if (tg) sk_trap_free(tg);
                }
            sk_store_free(s);
            sk_module_free(m);
        }
    }
}


/* ---- load + compare-branch (LBR32_*, LBR8_*) ----
 * Per load width and relation: br_if on (v rel b), on (b rel v) (operands swapped), an `if` on v rel an
 * immediate, and a scanning loop (`while (a[i] rel b) i++`, the loaded value kept in a local) against the same
 * code with a label between the load and the compare (not fused); the load's trap frame, and the loop's
 * out-of-fuel trap at the br_if. */
/* ---- MOV<k>_BACK: k moves then the branch back to the loop (a rotation of locals), k = 1..8 ---- */

/* The loop below in C: n times t = (l1 + lk) * 3, then l1..lk shift down by one with t into lk. */
static uint32_t rot_model(int k, uint32_t n)
{
    uint32_t l[9];
    for (int i = 1; i <= k; i++) l[i] = 7u * (uint32_t)i + 1;
    while (n--) {
        uint32_t t = (l[1] + l[k]) * 3u;
        for (int i = 1; i < k; i++) l[i] = l[i + 1];
        l[k] = t;
    }
    uint32_t r = 0;
    for (int i = 1; i <= k; i++) r = r * 31u + l[i];
    return r;
}

static void test_mov_back(void)
{
    for (int k = 1; k <= 8; k++) {
        /* function 0 ends its loop with k moves and `br 0` (fused); function 1 has an empty block between them
         * (a label: not fused), which moves the br 3 bytes later */
        char body[2][1400];
        for (int v = 0; v < 2; v++) {
            int n = snprintf(body[v], sizeof body[v], " (func (export \"f%d\") (param i32) (result i32) (local i32", v);
            for (int i = 1; i <= k; i++) n += snprintf(body[v] + n, sizeof body[v] - (size_t)n, " i32");
            n += snprintf(body[v] + n, sizeof body[v] - (size_t)n, ")\n");
            for (int i = 1; i <= k; i++)
                n += snprintf(body[v] + n, sizeof body[v] - (size_t)n, "  i32.const %d local.set %d\n", 7 * i + 1, 1 + i);
            n += snprintf(body[v] + n, sizeof body[v] - (size_t)n,
                          "  (block (loop local.get 0 i32.eqz br_if 1 local.get 0 i32.const 1 i32.sub local.set 0\n"
                          "   local.get 2 local.get %d i32.add i32.const 3 i32.mul local.set 1\n  ",
                          1 + k);
            for (int i = 1; i < k; i++)
                n += snprintf(body[v] + n, sizeof body[v] - (size_t)n, " local.get %d local.set %d", 2 + i, 1 + i);
            n += snprintf(body[v] + n, sizeof body[v] - (size_t)n, " local.get 1 local.set %d %s br 0))\n  i32.const 0",
                          1 + k, v ? "(block)" : "");
            for (int i = 1; i <= k; i++)
                n += snprintf(body[v] + n, sizeof body[v] - (size_t)n, " i32.const 31 i32.mul local.get %d i32.add", 1 + i);
            snprintf(body[v] + n, sizeof body[v] - (size_t)n, ")\n");
        }
        char wat[3000];
        snprintf(wat, sizeof wat, "(module\n%s%s)", body[0], body[1]);
        sk_module *m = load(wat);
        CHECK(m != NULL);
        if (!m) continue;
        sk_iop mb = (sk_iop)(SK_IOP_MOV1_BACK + k - 1);
        CHECK_MSG(has_op(m, 0, mb) && !has_op(m, 0, SK_IOP_BR_BACK), "k=%d: fused", k);
        CHECK_MSG(!has_op(m, 1, mb) && has_op(m, 1, SK_IOP_BR_BACK), "k=%d: not fused", k);
        sk_store *s = store_new();
        sk_instance *i = inst_new(s, m);
        CHECK(i != NULL);
        for (uint32_t n = 0; i && n < 12; n += 5) {
            sk_val a[1] = {{.u32 = n}}, r0[1], r1[1];
            sk_trap *t0 = call(s, i, "f0", a, r0), *t1 = call(s, i, "f1", a, r1);
            CHECK_MSG(!t0 && !t1 && r0[0].u32 == rot_model(k, n) && r1[0].u32 == r0[0].u32, "k=%d n=%u", k, n);
            if (t0) sk_trap_free(t0);
            if (t1) sk_trap_free(t1);
        }
        /* out of fuel at the back-edge: reported at the br in both */
        if (i) {
            sk_val a[1] = {{.u32 = 1000}}, r[1];
            s->fuel_enabled = true;
            s->fuel = 3;
            sk_trap *t0 = call(s, i, "f0", a, r);
            s->fuel = 3;
            sk_trap *t1 = call(s, i, "f1", a, r);
            CHECK_MSG(t0 && t1 && t0->kind == SK_TRAP_OUT_OF_FUEL && t1->kind == SK_TRAP_OUT_OF_FUEL &&
                          t0->nframes == 1 && t1->nframes == 1 &&
                          t0->frames[0].func_offset + 3 == t1->frames[0].func_offset,
                      "k=%d: fuel trap at %u / %u", k, t0 && t0->nframes ? t0->frames[0].func_offset : 0,
                      t1 && t1->nframes ? t1->frames[0].func_offset : 0);
            if (t0) sk_trap_free(t0);
            if (t1) sk_trap_free(t1);
        }
        sk_store_free(s);
        sk_module_free(m);
    }
}

/* ---- F64_SUB_MST: mem[a] = mem[a] - x, x computed between the load and the sub ---- */

static void test_sub_mst(void)
{
    sk_module *m = load(
        "(module (memory 1)\n"
        /* 0: x = p / q (the load at 4; a multiply would pair with the sub: F64_MUL_SUBR); 1: x = p * q * p (a
         * pair op); 2: stored elsewhere (offset 16): not fused; 3: a label around x: not fused; 4: x - mem: not
         * this form; 5: x from an op not listed (f64.sqrt) */
        " (func (export \"s0\") (param i32 f64 f64)\n"
        "  local.get 0 local.get 0 f64.load offset=8 local.get 1 local.get 2 f64.div f64.sub f64.store offset=8)\n"
        " (func (export \"s1\") (param i32 f64 f64)\n"
        "  local.get 0 local.get 0 f64.load offset=8 local.get 1 local.get 2 f64.mul local.get 1 f64.mul f64.sub\n"
        "  f64.store offset=8)\n"
        " (func (export \"s2\") (param i32 f64 f64)\n"
        "  local.get 0 local.get 0 f64.load offset=8 local.get 1 local.get 2 f64.mul f64.sub f64.store offset=16)\n"
        " (func (export \"s3\") (param i32 f64 f64)\n"
        "  local.get 0 local.get 0 f64.load offset=8 (block (result f64) local.get 1 local.get 2 f64.mul) f64.sub\n"
        "  f64.store offset=8)\n"
        " (func (export \"s4\") (param i32 f64 f64)\n"
        "  local.get 0 local.get 1 local.get 2 f64.mul local.get 0 f64.load offset=8 f64.sub f64.store offset=8)\n"
        " (func (export \"s5\") (param i32 f64 f64)\n"
        "  local.get 0 local.get 0 f64.load offset=8 local.get 1 f64.sqrt f64.sub f64.store offset=8))");
    CHECK(m != NULL);
    if (!m) return;
    /* s1's pair and read-modify-write: one F64_MUL_MUL_SUB_MST (round 4) */
    CHECK(has_op(m, 0, SK_IOP_F64_SUB_MST) && has_op(m, 1, SK_IOP_F64_MUL_MUL_SUB_MST));
    for (uint32_t f = 2; f < 6; f++) CHECK_MSG(!has_op(m, f, SK_IOP_F64_SUB_MST), "s%u: not fused", f);
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (!i) goto out;
    uint8_t *mb = i->mems[0]->data;
    static const double vs[] = {1e16, -0.0, 0.1, 3.0, INFINITY, 1.0 + 1.0 / (1 << 30)};
    for (uint32_t f = 0; f < 6; f++)
        for (uint32_t a = 0; a < 6; a++)
            for (uint32_t b = 0; b < 6; b++) {
                double p = vs[a], q = vs[b], mem = vs[(a + 2 * b) % 6];
                double x = f == 0 ? p / q : f == 1 ? p * q * p : f == 5 ? sqrt(p) : p * q;
                double want = f == 4 ? x - mem : mem - x;
                memset(mb + 2000, 0, 32);
                wr_f64(mb, 2008, mem);
                sk_val args[3] = {{.i32 = 2000}, {.f64 = p}, {.f64 = q}}, r[1];
                char name[4] = {'s', (char)('0' + f), 0, 0};
                sk_trap *t = call(s, i, name, args, r);
                uint32_t at = f == 2 ? 2016 : 2008;
                CHECK_MSG(!t && dbits(rd_f64(mb, at)) == dbits(want) && (f != 2 || rd_f64(mb, 2008) == mem),
                          "%s %g %g %g", name, p, q, mem);
                if (t) sk_trap_free(t);
            }
    /* out of bounds: the load's frame (at 4), nothing stored */
    sk_val oob[3] = {{.i32 = 65536 - 15}, {.f64 = 1.0}, {.f64 = 2.0}};
    check_oob(s, i, "s0", oob, 4);
    check_oob(s, i, "s1", oob, 4);
out:
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- F64_MUL_MUL_ADD_MST (round 4): mem += (p * q) * r; not fused with a label between the pair and the
 * add, or when the product is also kept in a local ---- */

static void test_mm_add_mst(void)
{
    sk_module *m = load(
        "(module (memory 1)\n"
        " (func (export \"a0\") (param i32 f64 f64 f64) (local f64)\n"
        "  local.get 0 local.get 1 local.get 2 f64.mul local.get 3 f64.mul local.get 0 f64.load offset=8 f64.add\n"
        "  f64.store offset=8)\n"
        " (func (export \"a1\") (param i32 f64 f64 f64) (local f64)\n"
        "  local.get 0 (block (result f64) local.get 1 local.get 2 f64.mul local.get 3 f64.mul) local.get 0\n"
        "  f64.load offset=8 f64.add f64.store offset=8)\n"
        " (func (export \"a2\") (param i32 f64 f64 f64) (local f64)\n"
        "  local.get 0 local.get 1 local.get 2 f64.mul local.get 3 f64.mul local.tee 4 local.get 0 f64.load offset=8\n"
        "  f64.add f64.store offset=8))");
    CHECK(m != NULL);
    if (!m) return;
    CHECK(has_op(m, 0, SK_IOP_F64_MUL_MUL_ADD_MST));
    CHECK(!has_op(m, 1, SK_IOP_F64_MUL_MUL_ADD_MST) && !has_op(m, 2, SK_IOP_F64_MUL_MUL_ADD_MST));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (!i) goto out;
    uint8_t *mb = i->mems[0]->data;
    static const double vs[] = {1e16, -0.0, 0.1, 3.0, INFINITY, 1.0 + 1.0 / (1 << 30), NAN};
    for (uint32_t f = 0; f < 3; f++)
        for (uint32_t a = 0; a < 7; a++)
            for (uint32_t b = 0; b < 7; b++) {
                double p = vs[a], q = vs[b], r3 = vs[(a + b) % 7], mem = vs[(a + 2 * b) % 7];
                volatile double x = p * q;
                x = x * r3;
                double want = x + mem;
                wr_f64(mb, 3008, mem);
                sk_val args[4] = {{.i32 = 3000}, {.f64 = p}, {.f64 = q}, {.f64 = r3}}, r[1];
                char name[4] = {'a', (char)('0' + f), 0, 0};
                sk_trap *t = call(s, i, name, args, r);
                double got = rd_f64(mb, 3008); /* (which NaN comes out of two is the compiler's choice here) */
                CHECK_MSG(!t && (isnan(want) ? isnan(got) : dbits(got) == dbits(want)), "%s %g %g %g %g", name, p,
                          q, r3, mem);
                if (t) sk_trap_free(t);
            }
    /* out of bounds: the load's frame, nothing stored */
    sk_val oob[4] = {{.i32 = 65536 - 15}, {.f64 = 1.0}, {.f64 = 2.0}, {.f64 = 3.0}};
    check_oob(s, i, "a0", oob, 12);
out:
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- LLBR8_EQ / LLBR8_NE: two byte loads compared by a forward br_if ---- */

static void test_two_loads(void)
{
    sk_module *m = load(
        "(module (memory 1)\n"
        /* 0, 1: v1 = mem[x + y + 1], v2 = mem[y + x + 2]; the loads at 7 and 15 */
        " (func (export \"e\") (param i32 i32) (result i32)\n"
        "  (block local.get 0 local.get 1 i32.add i32.load8_u offset=1 local.get 1 local.get 0 i32.add\n"
        "   i32.load8_u offset=2 i32.eq br_if 0 i32.const 0 return) i32.const 1)\n"
        " (func (export \"n\") (param i32 i32) (result i32)\n"
        "  (block local.get 0 local.get 1 i32.add i32.load8_u offset=1 local.get 1 local.get 0 i32.add\n"
        "   i32.load8_u offset=2 i32.ne br_if 0 i32.const 0 return) i32.const 1)\n"
        /* 2: the first value also kept (local.tee): not fused */
        " (func (export \"t\") (param i32 i32) (result i32) (local i32)\n"
        "  (block local.get 0 local.get 1 i32.add i32.load8_u offset=1 local.tee 2 local.get 1 local.get 0 i32.add\n"
        "   i32.load8_u offset=2 i32.eq br_if 0 i32.const 0 return) local.get 2)\n"
        /* 3: the match extension: i = 0; while (i != n && p[i + 1] == q[i + 2]) i++ */
        " (func (export \"m\") (param i32 i32 i32) (result i32) (local i32)\n"
        "  (block (loop local.get 3 local.get 2 i32.eq br_if 1\n"
        "   local.get 0 local.get 3 i32.add i32.load8_u offset=1 local.get 1 local.get 3 i32.add i32.load8_u offset=2\n"
        "   i32.ne br_if 1 local.get 3 i32.const 1 i32.add local.set 3 br 0)) local.get 3)\n"
        /* 4: a label between the loads: not fused */
        " (func (export \"l\") (param i32 i32) (result i32)\n"
        "  (block local.get 0 local.get 1 i32.add i32.load8_u offset=1 (block (result i32) local.get 1 local.get 0\n"
        "   i32.add i32.load8_u offset=2) i32.eq br_if 0 i32.const 0 return) i32.const 1))");
    CHECK(m != NULL);
    if (!m) return;
    CHECK(has_op(m, 0, SK_IOP_LLBR8_EQ) && has_op(m, 1, SK_IOP_LLBR8_NE) && has_op(m, 3, SK_IOP_LLBR8_NE));
    CHECK(!has_op(m, 2, SK_IOP_LLBR8_EQ) && !has_op(m, 4, SK_IOP_LLBR8_EQ));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (!i) goto out;
    uint8_t *mb = i->mems[0]->data;
    const uint32_t top = 65536;
    for (uint32_t k = 0; k < 64; k++) mb[100 + k] = (uint8_t)(k * 37 % 5);
    for (uint32_t x = 100; x < 130; x++) {
        sk_val a[2] = {{.u32 = x - 50}, {.u32 = 50}}, r[1];
        uint32_t want = mb[x + 1] == mb[x + 2];
        static const char *const fs[] = {"e", "n", "t", "l"};
        for (int f = 0; f < 4; f++) {
            sk_trap *t = call(s, i, fs[f], a, r);
            uint32_t w = f == 1 ? !want : f == 2 ? (want ? mb[x + 1] : 0) : want;
            CHECK_MSG(!t && r[0].u32 == w, "%s x=%u", fs[f], x);
            if (t) sk_trap_free(t);
        }
    }
    /* the scan against C, up to n bytes */
    memset(mb + 1000, 0xAB, 300);
    mb[1000 + 1 + 77] = 0;
    for (uint32_t n = 0; n < 120; n += 7) {
        sk_val a[3] = {{.u32 = 1000}, {.u32 = 999}, {.u32 = n}}, r[1];
        uint32_t want = 0;
        while (want != n && mb[1000 + want + 1] == mb[999 + want + 2]) want++;
        sk_trap *t = call(s, i, "m", a, r);
        CHECK_MSG(!t && r[0].u32 == want, "m n=%u: %u, want %u", n, t ? 0 : r[0].u32, want);
        if (t) sk_trap_free(t);
    }
    /* traps: the first load (at 7) when it is out of bounds, else the second (at 15) */
    for (int f = 0; f < 2; f++) {
        const char *name = f ? "n" : "e";
        sk_val first[2] = {{.u32 = top - 1}, {.u32 = 0}}, second[2] = {{.u32 = top - 2}, {.u32 = 0}},
               both[2] = {{.u32 = 0xFFFFFFFFu}, {.u32 = 0}};
        check_oob(s, i, name, first, 7);
        check_oob(s, i, name, second, 15);
        check_oob(s, i, name, both, 7);
    }
out:
    sk_store_free(s);
    sk_module_free(m);
}

static void test_load_branch(void)
{
    static const char *const rels[10] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    static const uint32_t bs[] = {0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0x12345678u};
    for (int w = 0; w < 2; w++) {
        const char *ld = w ? "i32.load8_u" : "i32.load";
        for (int rel = 0; rel < 10; rel++) {
            char wat[2600];
            snprintf(wat, sizeof wat,
                     "(module (memory 1)\n"
                     " (func (export \"f\") (param i32 i32) (result i32)\n"
                     "  (block local.get 0 %s offset=3 local.get 1 i32.%s br_if 0 i32.const 0 return) i32.const 1)\n"
                     " (func (export \"g\") (param i32 i32) (result i32)\n"
                     "  (block (block (result i32) local.get 0 %s offset=3) local.get 1 i32.%s br_if 0 i32.const 0\n"
                     "   return) i32.const 1)\n"
                     " (func (export \"s\") (param i32 i32) (result i32)\n"
                     "  (block local.get 1 local.get 0 %s offset=3 i32.%s br_if 0 i32.const 0 return) i32.const 1)\n"
                     " (func (export \"i\") (param i32 i32) (result i32)\n"
                     "  local.get 0 %s offset=3 i32.const 0x80 i32.%s (if (result i32) (then i32.const 1) (else i32.const 0)))\n"
                     " (func (export \"n\") (param i32 i32) (result i32) (local i32)\n"
                     "  (loop local.get 0 i32.const 4 i32.add local.tee 0 %s local.tee 2 local.get 1 i32.%s br_if 0)\n"
                     "  local.get 0 local.get 2 i32.add)\n"
                     " (func (export \"m\") (param i32 i32) (result i32) (local i32)\n"
                     "  (loop local.get 0 i32.const 4 i32.add local.set 0 (block (result i32) local.get 0 %s) local.tee 2 local.get 1\n"
                     "   i32.%s br_if 0)\n"
                     "  local.get 0 local.get 2 i32.add))\n",
                     ld, rels[rel], ld, rels[rel], ld, rels[rel], ld, rels[rel], ld, rels[rel], ld, rels[rel]);
            sk_module *m = load(wat);
            CHECK(m != NULL);
            if (!m) continue;
            uint32_t f0 = m->nimported_funcs;
            sk_iop fwd = (sk_iop)((w ? SK_IOP_LBR8_EQ : SK_IOP_LBR32_EQ) + rel);
            CHECK_MSG(has_op(m, f0 + 0, fwd) && !has_op(m, f0 + 1, fwd), "%s %s fused", ld, rels[rel]);
            bool fused_s = false, fused_i = false;
            for (int k = 0; k < 10; k++) {
                fused_s = fused_s || has_op(m, f0 + 2, (sk_iop)(fwd - rel + k));
                fused_i = fused_i || has_op(m, f0 + 3, (sk_iop)(fwd - rel + 10 + k));
            }
            CHECK_MSG(fused_s && fused_i, "%s %s: swapped / if forms fused", ld, rels[rel]);
            CHECK(has_op(m, f0 + 4, (sk_iop)(fwd + 20)) && !has_op(m, f0 + 5, (sk_iop)(fwd + 20)));
            sk_store *s = store_new();
            sk_instance *i = inst_new(s, m);
            CHECK(i != NULL);
            if (!i) {
                sk_store_free(s);
                sk_module_free(m);
                continue;
            }
            uint8_t *mb = i->mems[0]->data;
            for (uint32_t k = 0; k < 10; k++) memcpy(mb + 100 + 8 * k + 3, &bs[k], 4);
            for (uint32_t x = 0; x < 10; x++)
                for (uint32_t y = 0; y < 10; y++) {
                    uint32_t v = w ? bs[x] & 0xFF : bs[x], b = bs[y];
                    bool want[10] = {v == b, v != b, (int32_t)v < (int32_t)b, v < b, (int32_t)v > (int32_t)b, v > b,
                                     (int32_t)v <= (int32_t)b, v <= b, (int32_t)v >= (int32_t)b, v >= b};
                    bool swapped[10] = {b == v, b != v, (int32_t)b < (int32_t)v, b < v, (int32_t)b > (int32_t)v, b > v,
                                        (int32_t)b <= (int32_t)v, b <= v, (int32_t)b >= (int32_t)v, b >= v};
                    bool vi[10] = {v == 0x80, v != 0x80, (int32_t)v < 0x80, v < 0x80, (int32_t)v > 0x80, v > 0x80,
                                   (int32_t)v <= 0x80, v <= 0x80, (int32_t)v >= 0x80, v >= 0x80};
                    sk_val a[2] = {{.i32 = (int32_t)(100 + 8 * x)}, {.i32 = (int32_t)b}}, rf[1], rg[1], rs[1], ri[1];
                    sk_trap *tf = call(s, i, "f", a, rf), *tg = call(s, i, "g", a, rg), *ts = call(s, i, "s", a, rs),
                            *ti = call(s, i, "i", a, ri);
                    CHECK_MSG(!tf && !tg && !ts && !ti && rf[0].i32 == want[rel] && rg[0].i32 == want[rel] &&
                                  rs[0].i32 == swapped[rel] && ri[0].i32 == vi[rel],
                              "%s %s v=%x b=%x", ld, rels[rel], v, b);
                    if (tf) sk_trap_free(tf);
                    if (tg) sk_trap_free(tg);
                    if (ts) sk_trap_free(ts);
                    if (ti) sk_trap_free(ti);
                }
            /* the scan: words 1000.. hold bs[] in turn; the fused and unfused loops stop at the same element
             * (or both run off the end of memory, trapping at their load) */
            for (uint32_t k = 0; k < 16000; k++) memcpy(mb + 1000 + 4 * k, &bs[(k * 7 + k / 10) % 10], 4);
            for (uint32_t y = 0; y < 10; y++) {
                sk_val a[2] = {{.i32 = 996}, {.i32 = (int32_t)bs[y]}}, rn[1], rm[1];
                sk_trap *tn = call(s, i, "n", a, rn), *tm = call(s, i, "m", a, rm);
                CHECK_MSG((!tn && !tm && rn[0].i32 == rm[0].i32) ||
                              (tn && tm && tn->kind == SK_TRAP_OOB_MEMORY && tm->kind == SK_TRAP_OOB_MEMORY &&
                               tn->nframes == 1 && tn->frames[0].func_offset == 9),
                          "%s %s scan b=%x", ld, rels[rel], bs[y]);
                if (tn) sk_trap_free(tn);
                if (tm) sk_trap_free(tm);
            }
            /* out of bounds: the fused load's trap frame is the load's (at 4) */
            sk_val oob[2] = {{.i32 = 65536 - 3}, {.i32 = 0}};
            check_oob(s, i, "f", oob, 4);
            /* the loop polls at its back-edge: out of fuel there is reported at the br_if (17), not the load */
            memset(mb, 0, 65536);
            s->fuel_enabled = true;
            s->fuel = 3;
            sk_val z[2] = {{.i32 = 0}, {.i32 = rel == 1 || rel == 2 || rel == 3 || rel == 4 || rel == 5 ? 1 : 0}};
            if (rel == 4 || rel == 5) z[1].i32 = -1; /* 0 > -1 signed only: pick so that the loop keeps going */
            bool loops = rel != 5; /* 0 >u x never holds */
            sk_val r[1];
            sk_trap *t = call(s, i, "n", z, r);
            if (loops)
                CHECK_MSG(t && t->kind == SK_TRAP_OUT_OF_FUEL && t->nframes == 1 && t->frames[0].func_offset == 17,
                          "%s %s fuel: %s at %u", ld, rels[rel], t ? t->message : "none",
                          t && t->nframes ? t->frames[0].func_offset : 0);
            else
                CHECK(!t && r[0].i32 == 4);
            if (t) sk_trap_free(t);
            sk_store_free(s);
            sk_module_free(m);
        }
    }
}

/* ---- loop back-edge tails (iops.def TBACK): F64_MULADD_MST_D2I_T + ABI_NE_IMM_BACK ---- */

/* c[8] += k * b[8] (the D2I_T shape, c's sum into local 4, b's a temporary), then `j += 16; br_if (j REL n)`;
 * (10 rounds); f0 tests with i32.ne (the tail form), f1 with i32.lt_u (not in the table: unfused). Both opcodes are one
 * byte, so every wasm instruction sits at the same body offset in both. */
#define TB_(name, rel)                                                                                      \
    " (func (export \"" name "\") (param i32 i32 f64 i32) (result i32) (local i32 i32)\n"                    \
    "  (loop local.get 0 i32.const 8 i32.add local.tee 4 local.get 2 local.get 1 i32.const 8 i32.add\n"     \
    "   f64.load f64.mul local.get 4 f64.load f64.add f64.store\n"                                          \
    "   local.get 5 i32.const 16 i32.add local.tee 5 i32.const 160 " rel " br_if 0) local.get 5)\n"
static const char *tb_wat = "(module (memory 1)\n" TB_("f0", "i32.ne") TB_("f1", "i32.lt_u") ")\n";

static void test_tback(void)
{
    sk_module *m = load(tb_wat);
    CHECK(m != NULL);
    if (!m) return;
    CHECK(has_op(m, 0, SK_IOP_F64_MULADD_MST_D2I_T__ABI_NE_IMM_BACK));
    CHECK(!has_op(m, 1, SK_IOP_F64_MULADD_MST_D2I_T__ABI_NE_IMM_BACK) && has_op(m, 1, SK_IOP_F64_MULADD_MST_D2I_T));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (!i) {
        sk_store_free(s);
        sk_module_free(m);
        return;
    }
    uint8_t *mb = i->mems[0]->data;
    const uint32_t top = 65536;
    const char *fs[2] = {"f0", "f1"};
    /* results: the same bits after n / 16 rounds of c += k * b (each product rounded: no FMA) */
    {
        const uint32_t n = 160;
        double c[2];
        sk_val r[2][1];
        for (int f = 0; f < 2; f++) {
            wr_f64(mb, 1008, 0.1);
            wr_f64(mb, 2008, 1e16);
            sk_val a[4] = {{.i32 = 2000}, {.i32 = 1000}, {.f64 = 3.0}, {.i32 = 0}};
            sk_trap *t = call(s, i, fs[f], a, r[f]);
            CHECK_MSG(!t, "%s", fs[f]);
            if (t) sk_trap_free(t);
            c[f] = rd_f64(mb, 2008);
        }
        double want = 1e16;
        for (uint32_t k = 0; k < n / 16; k++) {
            double p = 3.0 * 0.1;
            want = want + p;
        }
        CHECK_MSG(dbits(c[0]) == dbits(want) && dbits(c[1]) == dbits(want) && r[0][0].u32 == n && r[1][0].u32 == n,
                  "results");
    }
    /* traps: b out of bounds, c out of bounds, both (b first): at the same load in both functions */
    sk_val ob[3][4] = {
        {{.i32 = 2000}, {.i32 = (int32_t)(top - 8 - 7)}, {.f64 = 1.0}, {.i32 = 64}},
        {{.i32 = (int32_t)(top - 8 - 7)}, {.i32 = 1000}, {.f64 = 1.0}, {.i32 = 64}},
        {{.i32 = (int32_t)(top - 8 - 7)}, {.i32 = (int32_t)(top - 8 - 7)}, {.f64 = 1.0}, {.i32 = 64}},
    };
    uint32_t at[3][2];
    for (int q = 0; q < 3; q++)
        for (int f = 0; f < 2; f++) {
            sk_val r[1];
            sk_trap *t = call(s, i, fs[f], ob[q], r);
            CHECK_MSG(t && t->kind == SK_TRAP_OOB_MEMORY && t->nframes == 1, "%s oob %d", fs[f], q);
            at[q][f] = t && t->nframes ? t->frames[0].func_offset : 0;
            if (t) sk_trap_free(t);
        }
    for (int q = 0; q < 3; q++) CHECK_MSG(at[q][0] == at[q][1], "oob %d: at %u / %u", q, at[q][0], at[q][1]);
    CHECK(at[0][0] != at[1][0] && at[2][0] == at[0][0]); /* the b load, then the c load */
    /* out of fuel at the back-edge: reported at the br_if in both (after the loads, as no access traps) */
    sk_val a[4] = {{.i32 = 2000}, {.i32 = 1000}, {.f64 = 1.0}, {.i32 = 1 << 20}};
    for (int f = 0; f < 2; f++) {
        sk_val r[1];
        s->fuel_enabled = true;
        s->fuel = 3;
        sk_trap *t = call(s, i, fs[f], a, r);
        at[0][f] = t && t->nframes ? t->frames[0].func_offset : 0;
        CHECK_MSG(t && t->kind == SK_TRAP_OUT_OF_FUEL && t->nframes == 1 && at[0][f] > at[1][0], "%s: fuel", fs[f]);
        if (t) sk_trap_free(t);
    }
    s->fuel_enabled = false;
    CHECK_MSG(at[0][0] == at[0][1], "fuel trap at %u / %u", at[0][0], at[0][1]);
    sk_store_free(s);
    sk_module_free(m);
}

/* The chained row: D2S, then D2I_T + ABI_NE_IMM_BACK (matmul's unrolled pair) in one dispatch; t1 (i32.lt_u) is
 * not fused. c[j] += k * b[j]; c[j + 1] += k * b[j + 1] for j = 0, 16, .. 144 (byte offsets). */
#define TBC_(name, rel)                                                                                        \
    " (func (export \"" name "\") (param i32 i32 f64) (local i32 i32 i32)\n"                                   \
    "  (loop local.get 0 local.get 4 i32.add local.tee 3 local.get 2 local.get 1 local.get 4 i32.add\n"        \
    "   local.tee 5 f64.load f64.mul local.get 3 f64.load f64.add f64.store\n"                                 \
    "   local.get 3 i32.const 8 i32.add local.tee 3 local.get 2 local.get 5 i32.const 8 i32.add f64.load\n"    \
    "   f64.mul local.get 3 f64.load f64.add f64.store\n"                                                      \
    "   local.get 4 i32.const 16 i32.add local.tee 4 i32.const 160 " rel " br_if 0))\n"
static const char *tbc_wat = "(module (memory 1)\n" TBC_("t0", "i32.ne") TBC_("t1", "i32.lt_u") ")\n";

static void test_tback_chain(void)
{
    sk_module *m = load(tbc_wat);
    CHECK(m != NULL);
    if (!m) return;
    const sk_iop ch = SK_IOP_F64_MULADD_MST_D2S__F64_MULADD_MST_D2I_T__ABI_NE_IMM_BACK;
    CHECK(has_op(m, 0, ch) && has_op(m, 0, SK_IOP_F64_MULADD_MST_D2I_T__ABI_NE_IMM_BACK));
    CHECK(!has_op(m, 1, ch) && has_op(m, 1, SK_IOP_F64_MULADD_MST_D2S) && has_op(m, 1, SK_IOP_F64_MULADD_MST_D2I_T));
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    if (!i) {
        sk_store_free(s);
        sk_module_free(m);
        return;
    }
    uint8_t *mb = i->mems[0]->data;
    const char *fs[2] = {"t0", "t1"};
    uint64_t got[2][20];
    for (int f = 0; f < 2; f++) {
        for (int e = 0; e < 20; e++) {
            wr_f64(mb, 1000 + 8 * e, 0.1 * e);
            wr_f64(mb, 3000 + 8 * e, 1e16 + e);
        }
        sk_val a[3] = {{.i32 = 3000}, {.i32 = 1000}, {.f64 = 3.0}}, r[1];
        sk_trap *t = call(s, i, fs[f], a, r);
        CHECK_MSG(!t, "%s", fs[f]);
        if (t) sk_trap_free(t);
        for (int e = 0; e < 20; e++) got[f][e] = dbits(rd_f64(mb, 3000 + 8 * e));
    }
    for (int e = 0; e < 20; e++) {
        double p = 3.0 * (0.1 * e), want = (1e16 + e) + p;
        CHECK_MSG(got[0][e] == dbits(want) && got[1][e] == got[0][e], "element %d", e);
    }
    /* b / c out of bounds at the first or the second access pair: the same load in both */
    /* the first element past the end: 18 (a first-pair access) at base e0, 19 (a second-pair one) at base e1 */
    const int32_t top = 65536, e0 = top - 151, e1 = top - 159;
    sk_val ob[4][3] = {
        {{.i32 = 3000}, {.i32 = e0}, {.f64 = 1.0}},
        {{.i32 = e0}, {.i32 = 1000}, {.f64 = 1.0}},
        {{.i32 = 3000}, {.i32 = e1}, {.f64 = 1.0}},
        {{.i32 = e1}, {.i32 = 1000}, {.f64 = 1.0}},
    };
    uint32_t at[4][2];
    for (int q = 0; q < 4; q++)
        for (int f = 0; f < 2; f++) {
            sk_val r[1];
            sk_trap *t = call(s, i, fs[f], ob[q], r);
            CHECK_MSG(t && t->kind == SK_TRAP_OOB_MEMORY && t->nframes == 1, "%s oob %d", fs[f], q);
            at[q][f] = t && t->nframes ? t->frames[0].func_offset : 0;
            if (t) sk_trap_free(t);
        }
    for (int q = 0; q < 4; q++) CHECK_MSG(at[q][0] == at[q][1], "chain oob %d: at %u / %u", q, at[q][0], at[q][1]);
    CHECK(at[0][0] != at[1][0] && at[2][0] != at[3][0] && at[0][0] != at[2][0]); /* four different loads */
    sk_val a[3] = {{.i32 = 3000}, {.i32 = 1000}, {.f64 = 1.0}};
    for (int f = 0; f < 2; f++) {
        sk_val r[1];
        s->fuel_enabled = true;
        s->fuel = 3;
        sk_trap *t = call(s, i, fs[f], a, r);
        at[0][f] = t && t->nframes ? t->frames[0].func_offset : 0;
        CHECK_MSG(t && t->kind == SK_TRAP_OUT_OF_FUEL && t->nframes == 1 && at[0][f] > at[3][0], "%s: fuel", fs[f]);
        if (t) sk_trap_free(t);
    }
    s->fuel_enabled = false;
    CHECK_MSG(at[0][0] == at[0][1], "chain fuel trap at %u / %u", at[0][0], at[0][1]);
    sk_store_free(s);
    sk_module_free(m);
}

/* The integer rows of TBACK: each loop in a fused form (x0) and a reference (x1) whose back-edge uses a relation
 * without a tail form (same results for these arguments); `d` is how many bytes later x1's br_if sits. */
static const char *tb2_wat =
    "(module (memory 1)\n"
    /* ST_8 + I32_ADD + AB_LE_U_BACK (sieve): *p = 0; p += i; j += i while j <= n */
    " (func (export \"s0\") (param i32 i32 i32) (result i32) (local i32) local.get 1 local.set 3\n"
    "  (loop local.get 0 i32.const 0 i32.store8 local.get 0 local.get 1 i32.add local.set 0\n"
    "   local.get 3 local.get 1 i32.add local.tee 3 local.get 2 i32.le_u br_if 0)\n"
    "  local.get 0 i32.const 1000 i32.mul local.get 3 i32.add)\n"
    " (func (export \"s1\") (param i32 i32 i32) (result i32) (local i32) local.get 1 local.set 3\n"
    "  (loop local.get 0 i32.const 0 i32.store8 local.get 0 local.get 1 i32.add local.set 0\n"
    "   local.get 3 local.get 1 i32.add local.tee 3 local.get 2 i32.le_s br_if 0)\n"
    "  local.get 0 i32.const 1000 i32.mul local.get 3 i32.add)\n"
    /* I32_ADD_IMM + ABI_NZ_BACK (lz): p += 3 while --n */
    " (func (export \"z0\") (param i32 i32 i32) (result i32)\n"
    "  (loop local.get 0 i32.const 3 i32.add local.set 0 local.get 1 i32.const -1 i32.add local.tee 1 br_if 0)\n"
    "  local.get 0)\n"
    " (func (export \"z1\") (param i32 i32 i32) (result i32)\n"
    "  (loop local.get 0 i32.const 3 i32.add local.set 0 local.get 1 i32.const -1 i32.add local.tee 1\n"
    "   i32.const 0 i32.gt_u br_if 0)\n"
    "  local.get 0)\n"
    /* I32_ADD_IMM + ABI_NE_BACK: p += 3 while --n != m (n > m) */
    " (func (export \"e0\") (param i32 i32 i32) (result i32)\n"
    "  (loop local.get 0 i32.const 3 i32.add local.set 0 local.get 1 i32.const -1 i32.add local.tee 1\n"
    "   local.get 2 i32.ne br_if 0)\n"
    "  local.get 0)\n"
    " (func (export \"e1\") (param i32 i32 i32) (result i32)\n"
    "  (loop local.get 0 i32.const 3 i32.add local.set 0 local.get 1 i32.const -1 i32.add local.tee 1\n"
    "   local.get 2 i32.gt_u br_if 0)\n"
    "  local.get 0)\n"
    /* I32_ADD2_II + LBR32_LT_U_BACK (qsort): i++; p += 4 while mem[p] < pivot */
    " (func (export \"q0\") (param i32 i32 i32) (result i32) (local i32)\n"
    "  (loop local.get 3 i32.const 1 i32.add local.set 3\n"
    "   local.get 0 i32.const 4 i32.add local.tee 0 i32.load local.get 1 i32.lt_u br_if 0)\n"
    "  local.get 3 i32.const 100000 i32.mul local.get 0 i32.add)\n"
    " (func (export \"q1\") (param i32 i32 i32) (result i32) (local i32)\n"
    "  (loop local.get 3 i32.const 1 i32.add local.set 3\n"
    "   local.get 0 i32.const 4 i32.add local.tee 0 i32.load local.get 1 i32.lt_s br_if 0)\n"
    "  local.get 3 i32.const 100000 i32.mul local.get 0 i32.add)\n"
    ")\n";

static void test_tback_int(void)
{
    sk_module *m = load(tb2_wat);
    CHECK(m != NULL);
    if (!m) return;
    static const struct {
        const char *f0, *f1;
        uint32_t idx;
        sk_iop io, base;
        sk_val a[3];        /* a normal run */
        sk_val oob[3];      /* a run that traps out of bounds (x[0].i32 < 0: none) */
        uint32_t d;
    } rows[] = {
        {"s0", "s1", 0, SK_IOP_I32_ADD__AB_LE_U_BACK, SK_IOP_I32_ADD, {{.i32 = 100}, {.i32 = 7}, {.i32 = 500}},
         {{.i32 = 65530}, {.i32 = 3}, {.i32 = 500}}, 0},
        {"z0", "z1", 2, SK_IOP_I32_ADD_IMM__ABI_NZ_BACK, SK_IOP_I32_ADD_IMM, {{.i32 = 5}, {.i32 = 40}, {.i32 = 0}},
         {{.i32 = -1}}, 3},
        {"e0", "e1", 4, SK_IOP_I32_ADD_IMM__ABI_NE_BACK, SK_IOP_I32_ADD_IMM, {{.i32 = 5}, {.i32 = 40}, {.i32 = 9}},
         {{.i32 = -1}}, 0},
        {"q0", "q1", 6, SK_IOP_I32_ADD2_II__LBR32_LT_U_BACK, SK_IOP_I32_ADD2_II, {{.i32 = 996}, {.i32 = 50}, {.i32 = 0}},
         {{.i32 = 65000}, {.i32 = 0x7FFFFFFF}, {.i32 = 0}}, 0},
    };
    sk_store *s = store_new();
    sk_instance *i = inst_new(s, m);
    CHECK(i != NULL);
    for (uint32_t q = 0; i && q < SK_ARRAY_LEN(rows); q++) {
        CHECK_MSG(has_op(m, rows[q].idx, rows[q].io), "%s: fused", rows[q].f0);
        CHECK_MSG(!has_op(m, rows[q].idx + 1, rows[q].io) && has_op(m, rows[q].idx + 1, rows[q].base), "%s: not fused",
                  rows[q].f1);
        if (q == 0) /* the store before it chains in (its trap at its own cell: the oob run below) */
            CHECK(has_op(m, 0, SK_IOP_ST_8__I32_ADD__AB_LE_U_BACK) && !has_op(m, 1, SK_IOP_ST_8__I32_ADD__AB_LE_U_BACK));
        uint8_t *mb = i->mems[0]->data;
        for (uint32_t k = 1000; k < 1200; k += 4) { /* q's scan: values below the pivot up to 1100 */
            uint32_t v = k < 1100 ? k % 37 : 99;
            memcpy(mb + k, &v, 4);
        }
        sk_val r0[1], r1[1];
        sk_trap *t0 = call(s, i, rows[q].f0, rows[q].a, r0), *t1 = call(s, i, rows[q].f1, rows[q].a, r1);
        CHECK_MSG(!t0 && !t1 && r0[0].u32 == r1[0].u32, "%s: %u / %u", rows[q].f0, t0 ? 0 : r0[0].u32,
                  t1 ? 0 : r1[0].u32);
        if (t0) sk_trap_free(t0);
        if (t1) sk_trap_free(t1);
        uint32_t at[2][2];
        if (rows[q].oob[0].i32 >= 0) { /* out of bounds: at the same access in both */
            memset(mb + 65000, 0, 536);
            for (int f = 0; f < 2; f++) {
                sk_trap *t = call(s, i, f ? rows[q].f1 : rows[q].f0, rows[q].oob, r0);
                CHECK_MSG(t && t->kind == SK_TRAP_OOB_MEMORY && t->nframes == 1, "%s: oob", rows[q].f0);
                at[0][f] = t && t->nframes ? t->frames[0].func_offset : 0;
                if (t) sk_trap_free(t);
            }
            CHECK_MSG(at[0][0] == at[0][1], "%s: oob at %u / %u", rows[q].f0, at[0][0], at[0][1]);
        }
        /* out of fuel at the back-edge: at the br_if in both */
        for (int f = 0; f < 2; f++) {
            s->fuel_enabled = true;
            s->fuel = 3;
            sk_trap *t = call(s, i, f ? rows[q].f1 : rows[q].f0, rows[q].a, r0);
            CHECK_MSG(t && t->kind == SK_TRAP_OUT_OF_FUEL && t->nframes == 1, "%s: fuel", rows[q].f0);
            at[1][f] = t && t->nframes ? t->frames[0].func_offset : 0;
            if (t) sk_trap_free(t);
        }
        s->fuel_enabled = false;
        CHECK_MSG(at[1][0] + rows[q].d == at[1][1], "%s: fuel trap at %u / %u", rows[q].f0, at[1][0], at[1][1]);
    }
    sk_store_free(s);
    sk_module_free(m);
}

int main(void)
{
    g_guard = sk_guard_pages_available();
    test_select();
    test_pairs();
    test_pair_adds();
    test_xri_shrui_add();
    test_memory_forms();
    test_calls();
    test_load_branch();
    test_mov_back();
    test_two_loads();
    test_sub_mst();
    test_mm_add_mst();
    test_tback();
    test_tback_int();
    test_tback_chain();
    if (g_guard) { /* the memory forms again with explicit bounds checks */
        g_guard = false;
        test_memory_forms();
        test_load_branch();
        test_two_loads();
        test_sub_mst();
        test_mm_add_mst();
        test_tback();
        test_tback_int();
        test_tback_chain();
    }
    TEST_DONE("test_fuse");
}
