/* gen.h: a small generator of VALID wasm modules driven by fuzz bytes (each byte is a choice).
 * Used by fuzz_exec.c. Built only from the spec, independent of Skiff's opcode tables, so it is an
 * outside check of the validator too. Bodies are built as typed expression trees and statements;
 * loops and recursion may run forever (fuel and the call-depth limit stop them). */
#ifndef SK_TEST_GEN_H
#define SK_TEST_GEN_H
#include "wbuf.h"
#include <stdio.h>

#define SK_TEST_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef struct gsrc {
    const uint8_t *p;
    size_t n;
} gsrc;

static uint32_t g_pick(gsrc *s, uint32_t n)
{
    if (n <= 1 || s->n == 0) return 0;
    uint32_t v = *s->p++;
    s->n--;
    if (n > 256 && s->n) {
        v |= (uint32_t)*s->p++ << 8;
        s->n--;
    }
    return v % n;
}

static uint64_t g_bits(gsrc *s, int nbytes)
{
    uint64_t v = 0;
    for (int i = 0; i < nbytes && s->n; i++) {
        v |= (uint64_t)*s->p++ << (8 * i);
        s->n--;
    }
    return v;
}

static const uint8_t g_vt[4] = {0x7F, 0x7E, 0x7D, 0x7C}; /* i32 i64 f32 f64 */

#define G_MAXF 8
#define G_MAXLABELS 48
typedef struct gfunc {
    uint8_t np, nr, nl;
    uint8_t params[4], results[2], locals[6]; /* type codes 0..3 */
} gfunc;

typedef struct glabel {
    int8_t arity; /* -1: no values, 0..3: one value of that type, -2: not a target */
} glabel;

typedef struct gen {
    gsrc *s;
    uint32_t nfuncs; /* function 0 is the imported host function (i32) -> (i32) */
    gfunc f[G_MAXF];
    uint32_t mem_min, mem_max;
    bool mem_has_max;
    uint32_t tab_min, tab_max;
    bool tab_has_max;
    uint32_t elem_off;
    int start; /* -1: none */
    /* current function */
    const gfunc *cur;
    glabel labels[G_MAXLABELS];
    int nlabels;
    int budget;
} gen;

#define G_NGLOBALS 5 /* 0..3 mutable i32 i64 f32 f64; 4 immutable i32 */

static void g_expr(gen *g, wbuf *b, int t, int depth);
static void g_stmt(gen *g, wbuf *b, int depth);
static void g_ref(gen *g, wbuf *b, int depth);

static bool g_leaf(gen *g, int depth) { return g->budget <= 0 || depth > 6 || g->s->n == 0; }

static void g_const(gen *g, wbuf *b, int t)
{
    static const int64_t special[] = {0, 1, -1, 2, 0x7fffffff, INT32_MIN, INT64_MIN, INT64_MAX, 65536, 65535, 8};
    switch (t) {
    case 0:
        wb_byte(b, 0x41);
        wb_sleb(b, g_pick(g->s, 2) ? (int32_t)special[g_pick(g->s, 11)] : (int32_t)g_bits(g->s, 4));
        break;
    case 1:
        wb_byte(b, 0x42);
        wb_sleb(b, g_pick(g->s, 2) ? special[g_pick(g->s, 11)] : (int64_t)g_bits(g->s, 8));
        break;
    case 2: {
        static const uint32_t fs[] = {0, 0x80000000u, 0x3f800000u, 0x7fc00000u, 0x7f800000u, 0xff800000u,
                                      0x7fa00001u, 0x4f000000u, 0xcf000000u, 0x00000001u};
        uint32_t v = g_pick(g->s, 2) ? fs[g_pick(g->s, 10)] : (uint32_t)g_bits(g->s, 4);
        wb_byte(b, 0x43);
        wb_bytes(b, &v, 4);
        break;
    }
    default: {
        static const uint64_t ds[] = {0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0x7ff8000000000000ull,
                                      0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff4000000000001ull,
                                      0x41e0000000000000ull, 0xc3e0000000000000ull, 1};
        uint64_t v = g_pick(g->s, 2) ? ds[g_pick(g->s, 10)] : g_bits(g->s, 8);
        wb_byte(b, 0x44);
        wb_bytes(b, &v, 8);
        break;
    }
    }
}

static uint32_t g_nlocals(const gen *g) { return (uint32_t)g->cur->np + g->cur->nl; }
static uint8_t g_local_type(const gen *g, uint32_t i)
{
    return i < g->cur->np ? g->cur->params[i] : g->cur->locals[i - g->cur->np];
}
/* A random local of type t, or -1. */
static int g_find_local(gen *g, int t)
{
    uint32_t n = g_nlocals(g), k = g_pick(g->s, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t j = (k + i) % n;
        if (g_local_type(g, j) == t) return (int)j;
    }
    return -1;
}
/* A random function whose results are exactly [t], or -1. */
static int g_find_func(gen *g, int t)
{
    uint32_t k = g_pick(g->s, g->nfuncs);
    for (uint32_t i = 0; i < g->nfuncs; i++) {
        uint32_t j = (k + i) % g->nfuncs;
        if (g->f[j].nr == 1 && g->f[j].results[0] == t) return (int)j;
    }
    return -1;
}
/* A random enclosing label whose arity is `arity`, as a relative depth, or -1. */
static int g_find_label(gen *g, int arity)
{
    if (!g->nlabels) return -1;
    uint32_t k = g_pick(g->s, (uint32_t)g->nlabels);
    for (int i = 0; i < g->nlabels; i++) {
        int j = (int)((k + (uint32_t)i) % (uint32_t)g->nlabels);
        if (g->labels[j].arity == arity) return g->nlabels - 1 - j;
    }
    return -1;
}
static void g_push_label(gen *g, int arity)
{
    if (g->nlabels < G_MAXLABELS) g->labels[g->nlabels].arity = (int8_t)arity;
    g->nlabels++;
}
static void g_pop_label(gen *g) { g->nlabels--; }

static void g_memarg(gen *g, wbuf *b, uint32_t natural)
{
    static const uint32_t offs[] = {0, 0, 0, 1, 4, 100, 65535, 65536, 0x7fffffff, 0xffffffffu};
    wb_uleb(b, g_pick(g->s, natural + 1));
    wb_uleb(b, offs[g_pick(g->s, 10)]);
}

/* An address: mostly a small constant so accesses often land in bounds. */
static void g_addr(gen *g, wbuf *b, int depth)
{
    if (g_pick(g->s, 4)) {
        wb_byte(b, 0x41);
        wb_sleb(b, (int32_t)(g_bits(g->s, 2) % 70000));
    } else
        g_expr(g, b, 0, depth + 1);
}

static void g_args(gen *g, wbuf *b, const gfunc *f, int depth)
{
    for (int i = 0; i < f->np; i++) g_expr(g, b, f->params[i], depth + 1);
}

static void g_block_body(gen *g, wbuf *b, int depth)
{
    uint32_t n = g_pick(g->s, 4);
    for (uint32_t i = 0; i < n; i++) g_stmt(g, b, depth + 1);
}

static const struct {
    uint8_t dst, src;
    uint16_t op; /* 0xFCnn: saturating truncations */
} g_convs[] = {
    {0, 1, 0xA7},   {0, 2, 0xA8},   {0, 2, 0xA9},   {0, 2, 0xBC},   {0, 2, 0xFC00}, {0, 2, 0xFC01},
    {0, 3, 0xAA},   {0, 3, 0xAB},   {0, 3, 0xFC02}, {0, 3, 0xFC03}, {1, 0, 0xAC},   {1, 0, 0xAD},
    {1, 2, 0xAE},   {1, 2, 0xAF},   {1, 2, 0xFC04}, {1, 2, 0xFC05}, {1, 3, 0xB0},   {1, 3, 0xB1},
    {1, 3, 0xBD},   {1, 3, 0xFC06}, {1, 3, 0xFC07}, {2, 0, 0xB2},   {2, 0, 0xB3},   {2, 0, 0xBE},
    {2, 1, 0xB4},   {2, 1, 0xB5},   {2, 3, 0xB6},   {3, 0, 0xB7},   {3, 0, 0xB8},   {3, 1, 0xB9},
    {3, 1, 0xBA},   {3, 1, 0xBF},   {3, 2, 0xBB},
};
static const struct {
    uint8_t t, op, align;
} g_loads[] = {{0, 0x28, 2}, {0, 0x2C, 0}, {0, 0x2D, 0}, {0, 0x2E, 1}, {0, 0x2F, 1}, {1, 0x29, 3},
               {1, 0x30, 0}, {1, 0x31, 0}, {1, 0x32, 1}, {1, 0x33, 1}, {1, 0x34, 2}, {1, 0x35, 2},
               {2, 0x2A, 2}, {3, 0x2B, 3}},
  g_stores[] = {{0, 0x36, 2}, {0, 0x3A, 0}, {0, 0x3B, 1}, {1, 0x37, 3}, {1, 0x3C, 0},
                {1, 0x3D, 1}, {1, 0x3E, 2}, {2, 0x38, 2}, {3, 0x39, 3}};

static void g_pick_from(gen *g, uint32_t n, const uint8_t *ops, uint32_t *out)
{
    *out = ops[g_pick(g->s, n)];
}

static void g_expr(gen *g, wbuf *b, int t, int depth)
{
    g->budget--;
    if (g_leaf(g, depth)) {
        g_const(g, b, t);
        return;
    }
    switch (g_pick(g->s, 22)) {
    case 0: g_const(g, b, t); return;
    case 1: {
        int l = g_find_local(g, t);
        if (l < 0) break;
        wb_byte(b, 0x20);
        wb_uleb(b, (uint32_t)l);
        return;
    }
    case 2:
        wb_byte(b, 0x23);
        wb_uleb(b, (t == 0 && g_pick(g->s, 2)) ? 4 : (uint32_t)t);
        return;
    case 3: { /* binary */
        static const uint8_t base[4] = {0x6A, 0x7C, 0x92, 0xA0}, cnt[4] = {15, 15, 7, 7};
        g_expr(g, b, t, depth + 1);
        g_expr(g, b, t, depth + 1);
        wb_byte(b, (uint8_t)(base[t] + g_pick(g->s, cnt[t])));
        return;
    }
    case 4: { /* unary */
        static const uint8_t u32[] = {0x67, 0x68, 0x69, 0xC0, 0xC1}, u64[] = {0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4};
        uint32_t op;
        if (t == 0) g_pick_from(g, 5, u32, &op);
        else if (t == 1) g_pick_from(g, 6, u64, &op);
        else op = (t == 2 ? 0x8B : 0x99) + g_pick(g->s, 7);
        g_expr(g, b, t, depth + 1);
        wb_byte(b, (uint8_t)op);
        return;
    }
    case 5: { /* comparison / eqz (i32 result) */
        if (t != 0) break;
        int u = (int)g_pick(g->s, 4);
        static const uint8_t cb[4] = {0x46, 0x51, 0x5B, 0x61}, cc[4] = {10, 10, 6, 6};
        if (u < 2 && g_pick(g->s, 4) == 0) {
            g_expr(g, b, u, depth + 1);
            wb_byte(b, u == 0 ? 0x45 : 0x50);
            return;
        }
        g_expr(g, b, u, depth + 1);
        g_expr(g, b, u, depth + 1);
        wb_byte(b, (uint8_t)(cb[u] + g_pick(g->s, cc[u])));
        return;
    }
    case 6: { /* conversion */
        uint32_t n = (uint32_t)SK_TEST_ARRAY_LEN(g_convs), k = g_pick(g->s, n);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t j = (k + i) % n;
            if (g_convs[j].dst != t) continue;
            g_expr(g, b, g_convs[j].src, depth + 1);
            if (g_convs[j].op > 0xFF) {
                wb_byte(b, 0xFC);
                wb_uleb(b, g_convs[j].op & 0xFF);
            } else
                wb_byte(b, (uint8_t)g_convs[j].op);
            return;
        }
        break;
    }
    case 7: { /* load */
        uint32_t n = (uint32_t)SK_TEST_ARRAY_LEN(g_loads), k = g_pick(g->s, n);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t j = (k + i) % n;
            if (g_loads[j].t != t) continue;
            g_addr(g, b, depth);
            wb_byte(b, g_loads[j].op);
            g_memarg(g, b, g_loads[j].align);
            return;
        }
        break;
    }
    case 8: /* memory.size / memory.grow */
        if (t != 0) break;
        if (g_pick(g->s, 2)) {
            wb_byte(b, 0x41);
            wb_sleb(b, g_pick(g->s, 3) ? (int32_t)g_pick(g->s, 3) : (int32_t)g_bits(g->s, 4));
            wb_byte(b, 0x40);
        } else
            wb_byte(b, 0x3F);
        wb_byte(b, 0);
        return;
    case 9: /* select, typed or not */
        g_expr(g, b, t, depth + 1);
        g_expr(g, b, t, depth + 1);
        g_expr(g, b, 0, depth + 1);
        if (g_pick(g->s, 2)) {
            wb_byte(b, 0x1C);
            wb_byte(b, 1);
            wb_byte(b, g_vt[t]);
        } else
            wb_byte(b, 0x1B);
        return;
    case 10: { /* call */
        int f = g_find_func(g, t);
        if (f < 0) break;
        g_args(g, b, &g->f[f], depth);
        wb_byte(b, 0x10);
        wb_uleb(b, (uint32_t)f);
        return;
    }
    case 11: { /* call_indirect through the table, any entry */
        int f = g_find_func(g, t);
        if (f < 0) break;
        g_args(g, b, &g->f[f], depth);
        wb_byte(b, 0x41);
        wb_sleb(b, (int32_t)g_pick(g->s, g->tab_min + 2));
        wb_byte(b, 0x11);
        wb_uleb(b, (uint32_t)f);
        wb_byte(b, 0);
        return;
    }
    case 12: /* block (result t) */
        wb_byte(b, 0x02);
        wb_byte(b, g_vt[t]);
        g_push_label(g, t);
        g_block_body(g, b, depth);
        g_expr(g, b, t, depth + 1);
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    case 13: /* if (result t) */
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x04);
        wb_byte(b, g_vt[t]);
        g_push_label(g, t);
        g_block_body(g, b, depth);
        g_expr(g, b, t, depth + 1);
        wb_byte(b, 0x05);
        g_block_body(g, b, depth);
        g_expr(g, b, t, depth + 1);
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    case 14: /* loop (result t): branches to it carry no values */
        wb_byte(b, 0x03);
        wb_byte(b, g_vt[t]);
        g_push_label(g, -1);
        g_block_body(g, b, depth);
        g_expr(g, b, t, depth + 1);
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    case 15: {
        int l = g_find_local(g, t);
        if (l < 0) break;
        g_expr(g, b, t, depth + 1);
        wb_byte(b, 0x22);
        wb_uleb(b, (uint32_t)l);
        return;
    }
    case 16: { /* block/loop with a type index [i32] -> [t] */
        bool loop = g_pick(g->s, 2);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, loop ? 0x03 : 0x02);
        wb_sleb(b, (int64_t)(g->nfuncs + (uint32_t)t));
        g_push_label(g, loop ? 0 : t);
        if (loop && g_pick(g->s, 2)) { /* br_if back with a fresh i32 */
            wb_byte(b, 0x1A);
            g_expr(g, b, 0, depth + 1);
            g_expr(g, b, 0, depth + 1);
            wb_byte(b, 0x0D);
            wb_byte(b, 0);
        }
        wb_byte(b, 0x1A);
        g_block_body(g, b, depth);
        g_expr(g, b, t, depth + 1);
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    }
    case 17:
        if (t != 0) break;
        g_ref(g, b, depth + 1);
        wb_byte(b, 0xD1);
        return;
    case 18: /* table.size / table.grow */
        if (t != 0) break;
        if (g_pick(g->s, 2)) {
            g_ref(g, b, depth + 1);
            wb_byte(b, 0x41);
            wb_sleb(b, g_pick(g->s, 4) ? (int32_t)g_pick(g->s, 4) : (int32_t)g_bits(g->s, 4));
            wb_byte(b, 0xFC);
            wb_uleb(b, 15);
        } else {
            wb_byte(b, 0xFC);
            wb_uleb(b, 16);
        }
        wb_byte(b, 0);
        return;
    case 19: { /* br_if with a value: leaves the value when not taken */
        int l = g_find_label(g, t);
        if (l < 0) break;
        g_expr(g, b, t, depth + 1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x0D);
        wb_uleb(b, (uint32_t)l);
        return;
    }
    case 20: { /* a call through the host function */
        if (t != 0) break;
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x10);
        wb_byte(b, 0);
        return;
    }
    default: break;
    }
    g_const(g, b, t);
}

static void g_ref(gen *g, wbuf *b, int depth)
{
    switch (g_leaf(g, depth) ? 0 : g_pick(g->s, 3)) {
    case 0:
        wb_byte(b, 0xD0);
        wb_byte(b, 0x70);
        break;
    case 1: /* every function is declared by the declarative segment */
        wb_byte(b, 0xD2);
        wb_uleb(b, g_pick(g->s, g->nfuncs));
        break;
    default:
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x25);
        wb_byte(b, 0);
        break;
    }
}

static void g_stmt(gen *g, wbuf *b, int depth)
{
    g->budget--;
    if (g_leaf(g, depth)) {
        wb_byte(b, 0x01);
        return;
    }
    switch (g_pick(g->s, 26)) {
    case 0: wb_byte(b, 0x01); return;
    case 1: {
        uint32_t n = g_nlocals(g);
        if (!n) break;
        uint32_t l = g_pick(g->s, n);
        g_expr(g, b, g_local_type(g, l), depth + 1);
        wb_byte(b, 0x21);
        wb_uleb(b, l);
        return;
    }
    case 2: {
        uint32_t gi = g_pick(g->s, 4);
        g_expr(g, b, (int)gi, depth + 1);
        wb_byte(b, 0x24);
        wb_uleb(b, gi);
        return;
    }
    case 3: {
        uint32_t k = g_pick(g->s, (uint32_t)SK_TEST_ARRAY_LEN(g_stores));
        g_addr(g, b, depth);
        g_expr(g, b, g_stores[k].t, depth + 1);
        wb_byte(b, g_stores[k].op);
        g_memarg(g, b, g_stores[k].align);
        return;
    }
    case 4:
        g_expr(g, b, (int)g_pick(g->s, 4), depth + 1);
        wb_byte(b, 0x1A);
        return;
    case 5:
    case 6: { /* call / call_indirect of any function; drop its results */
        uint32_t f = g_pick(g->s, g->nfuncs);
        g_args(g, b, &g->f[f], depth);
        if (g_pick(g->s, 2)) {
            wb_byte(b, 0x10);
            wb_uleb(b, f);
        } else {
            g_expr(g, b, 0, depth + 1);
            wb_byte(b, 0x11);
            wb_uleb(b, f);
            wb_byte(b, 0);
        }
        for (int i = 0; i < g->f[f].nr; i++) wb_byte(b, 0x1A);
        return;
    }
    case 7:
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x04);
        wb_byte(b, 0x40);
        g_push_label(g, -1);
        g_block_body(g, b, depth);
        if (g_pick(g->s, 2)) {
            wb_byte(b, 0x05);
            g_block_body(g, b, depth);
        }
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    case 8:
        wb_byte(b, 0x02);
        wb_byte(b, 0x40);
        g_push_label(g, -1);
        g_block_body(g, b, depth);
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    case 9: /* loop that may branch back: fuel bounds it */
        wb_byte(b, 0x03);
        wb_byte(b, 0x40);
        g_push_label(g, -1);
        g_block_body(g, b, depth);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x0D);
        wb_byte(b, 0);
        g_pop_label(g);
        wb_byte(b, 0x0B);
        return;
    case 10: {
        int l = g_find_label(g, -1);
        if (l < 0) break;
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x0D);
        wb_uleb(b, (uint32_t)l);
        return;
    }
    case 11: {
        int arity = (int)g_pick(g->s, 5) - 1;
        int l = g_find_label(g, arity);
        if (l < 0 || g_pick(g->s, 3)) break; /* rare: the rest of the block is dead */
        if (arity >= 0) g_expr(g, b, arity, depth + 1);
        wb_byte(b, 0x0C);
        wb_uleb(b, (uint32_t)l);
        return;
    }
    case 12: { /* br_table over labels without values */
        int dflt = g_find_label(g, -1);
        if (dflt < 0 || g_pick(g->s, 2)) break;
        uint32_t n = g_pick(g->s, 5);
        int ls[4];
        for (uint32_t i = 0; i < n; i++) ls[i] = g_find_label(g, -1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x0E);
        wb_uleb(b, n);
        for (uint32_t i = 0; i < n; i++) wb_uleb(b, (uint32_t)ls[i]);
        wb_uleb(b, (uint32_t)dflt);
        return;
    }
    case 13:
        if (g_pick(g->s, 3)) break;
        for (int i = 0; i < g->cur->nr; i++) g_expr(g, b, g->cur->results[i], depth + 1);
        wb_byte(b, 0x0F);
        return;
    case 14:
    case 15: /* memory.fill / memory.copy */
        g_addr(g, b, depth);
        g_addr(g, b, depth);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0xFC);
        if (g_pick(g->s, 2)) {
            wb_byte(b, 11);
            wb_byte(b, 0);
        } else {
            wb_byte(b, 10);
            wb_byte(b, 0);
            wb_byte(b, 0);
        }
        return;
    case 16: /* memory.init */
        g_addr(g, b, depth);
        g_expr(g, b, 0, depth + 1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0xFC);
        wb_byte(b, 8);
        wb_byte(b, (uint8_t)g_pick(g->s, 2));
        wb_byte(b, 0);
        return;
    case 17:
        wb_byte(b, 0xFC);
        wb_byte(b, 9);
        wb_byte(b, (uint8_t)g_pick(g->s, 2));
        return;
    case 18: /* table.set */
        g_expr(g, b, 0, depth + 1);
        g_ref(g, b, depth + 1);
        wb_byte(b, 0x26);
        wb_byte(b, 0);
        return;
    case 19: /* table.fill */
        g_expr(g, b, 0, depth + 1);
        g_ref(g, b, depth + 1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0xFC);
        wb_byte(b, 17);
        wb_byte(b, 0);
        return;
    case 20: /* table.copy */
        g_expr(g, b, 0, depth + 1);
        g_expr(g, b, 0, depth + 1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0xFC);
        wb_byte(b, 14);
        wb_byte(b, 0);
        wb_byte(b, 0);
        return;
    case 21: /* table.init from any of the three segments */
        g_expr(g, b, 0, depth + 1);
        g_expr(g, b, 0, depth + 1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0xFC);
        wb_byte(b, 12);
        wb_byte(b, (uint8_t)g_pick(g->s, 3));
        wb_byte(b, 0);
        return;
    case 22:
        wb_byte(b, 0xFC);
        wb_byte(b, 13);
        wb_byte(b, (uint8_t)g_pick(g->s, 3));
        return;
    case 23:
        if (g_pick(g->s, 8)) break;
        wb_byte(b, 0x00);
        return;
    case 24: {
        int l = g_find_label(g, 0);
        if (l < 0) break;
        g_expr(g, b, 0, depth + 1);
        g_expr(g, b, 0, depth + 1);
        wb_byte(b, 0x0D);
        wb_uleb(b, (uint32_t)l);
        wb_byte(b, 0x1A);
        return;
    }
    default: break;
    }
    wb_byte(b, 0x01);
}

static void g_functype(wbuf *b, const gfunc *f)
{
    wb_byte(b, 0x60);
    wb_uleb(b, f->np);
    for (int i = 0; i < f->np; i++) wb_byte(b, g_vt[f->params[i]]);
    wb_uleb(b, f->nr);
    for (int i = 0; i < f->nr; i++) wb_byte(b, g_vt[f->results[i]]);
}

static void g_i32_const_expr(wbuf *b, int32_t v)
{
    wb_byte(b, 0x41);
    wb_sleb(b, v);
    wb_byte(b, 0x0B);
}

/* Builds a module from the choices in s. Exports: f0..fN-1, "mem", "tab". Function 0 is
 * (i32) -> (i32): the import env.host (re-exported as f0) or, without `with_import` (for running
 * the module in other engines), a defined function computing x * 3 + 1 like the host does. */
static void gen_module(gsrc *s, wbuf *out, bool with_import)
{
    gen G, *g = &G;
    memset(g, 0, sizeof G);
    g->s = s;
    g->nfuncs = 2 + g_pick(s, G_MAXF - 1);
    g->f[0] = (gfunc){.np = 1, .nr = 1};
    for (uint32_t i = 1; i < g->nfuncs; i++) {
        gfunc *f = &g->f[i];
        f->np = (uint8_t)g_pick(s, 4);
        f->nr = (uint8_t)g_pick(s, 3);
        f->nl = (uint8_t)g_pick(s, 7);
        for (int k = 0; k < f->np; k++) f->params[k] = (uint8_t)g_pick(s, 4);
        for (int k = 0; k < f->nr; k++) f->results[k] = (uint8_t)g_pick(s, 4);
        for (int k = 0; k < f->nl; k++) f->locals[k] = (uint8_t)g_pick(s, 4);
    }
    /* Choice 0 (also what an exhausted input gives) is always the benign one. */
    g->mem_min = g_pick(s, 8) == 7 ? 0 : 1 + g_pick(s, 2); /* mostly room for the data segment */
    g->mem_has_max = g_pick(s, 2);
    g->mem_max = g->mem_min + g_pick(s, 4);
    g->tab_min = g_pick(s, 8) == 7 ? g_pick(s, 4) : g->nfuncs + 4; /* mostly room for elem segment 0 */
    g->tab_has_max = g_pick(s, 2);
    g->tab_max = g->tab_min + g_pick(s, 8);
    g->elem_off = g_pick(s, 4) ? 0 : g_pick(s, 6);
    g->start = -1;
    if (g_pick(s, 4) == 0)
        for (uint32_t i = 1; i < g->nfuncs; i++)
            if (g->f[i].np == 0 && g->f[i].nr == 0) g->start = (int)i;

    wbuf sec = {0};
    wb_header(out);
    /* types: one per function, then [i32] -> [t] for block types */
    wb_uleb(&sec, g->nfuncs + 4);
    for (uint32_t i = 0; i < g->nfuncs; i++) g_functype(&sec, &g->f[i]);
    for (int t = 0; t < 4; t++) {
        gfunc bt = {.np = 1, .nr = 1, .results = {(uint8_t)t}};
        g_functype(&sec, &bt);
    }
    wb_section(out, 1, &sec);
    uint32_t first = with_import ? 1 : 0; /* first defined function */
    if (with_import) {
        wb_uleb(&sec, 1);
        wb_name(&sec, "env");
        wb_name(&sec, "host");
        wb_byte(&sec, 0);
        wb_byte(&sec, 0);
        wb_section(out, 2, &sec);
    }
    wb_uleb(&sec, g->nfuncs - first);
    for (uint32_t i = first; i < g->nfuncs; i++) wb_uleb(&sec, i);
    wb_section(out, 3, &sec);
    wb_byte(&sec, 1);
    wb_byte(&sec, 0x70);
    wb_byte(&sec, g->tab_has_max);
    wb_uleb(&sec, g->tab_min);
    if (g->tab_has_max) wb_uleb(&sec, g->tab_max);
    wb_section(out, 4, &sec);
    wb_byte(&sec, 1);
    wb_byte(&sec, g->mem_has_max);
    wb_uleb(&sec, g->mem_min);
    if (g->mem_has_max) wb_uleb(&sec, g->mem_max);
    wb_section(out, 5, &sec);
    wb_byte(&sec, G_NGLOBALS);
    for (int t = 0; t < 4; t++) {
        wb_byte(&sec, g_vt[t]);
        wb_byte(&sec, 1);
        gen tmp = *g; /* constant initialisers come from the same choice stream */
        g_const(&tmp, &sec, t);
        wb_byte(&sec, 0x0B);
    }
    wb_byte(&sec, 0x7F);
    wb_byte(&sec, 0);
    g_i32_const_expr(&sec, (int32_t)g_bits(s, 2));
    wb_section(out, 6, &sec);
    wb_uleb(&sec, g->nfuncs + 2);
    for (uint32_t i = 0; i < g->nfuncs; i++) {
        char nm[8];
        snprintf(nm, sizeof nm, "f%u", i);
        wb_name(&sec, nm);
        wb_byte(&sec, 0);
        wb_uleb(&sec, i);
    }
    wb_name(&sec, "mem");
    wb_byte(&sec, 2);
    wb_byte(&sec, 0);
    wb_name(&sec, "tab");
    wb_byte(&sec, 1);
    wb_byte(&sec, 0);
    wb_section(out, 7, &sec);
    if (g->start >= 0) {
        wb_uleb(&sec, (uint32_t)g->start);
        wb_section(out, 8, &sec);
    }
    /* elems: 0 active (all functions at elem_off), 1 passive, 2 declarative (declares every function) */
    wb_byte(&sec, 3);
    wb_byte(&sec, 0);
    g_i32_const_expr(&sec, (int32_t)g->elem_off);
    wb_uleb(&sec, g->nfuncs);
    for (uint32_t i = 0; i < g->nfuncs; i++) wb_uleb(&sec, i);
    for (int flags = 1; flags <= 3; flags += 2) {
        wb_byte(&sec, (uint8_t)flags);
        wb_byte(&sec, 0x00);
        wb_uleb(&sec, g->nfuncs);
        for (uint32_t i = g->nfuncs; i-- > 0;) wb_uleb(&sec, i);
    }
    wb_section(out, 9, &sec);
    wb_byte(&sec, 2);
    wb_section(out, 12, &sec);
    /* code */
    wb_uleb(&sec, g->nfuncs - first);
    if (!with_import) { /* local.get 0; i32.const 3; i32.mul; i32.const 1; i32.add */
        wb_byte(&sec, 10);
        wb_bytes(&sec, "\x00\x20\x00\x41\x03\x6c\x41\x01\x6a\x0b", 10);
    }
    wbuf body = {0};
    for (uint32_t i = 1; i < g->nfuncs; i++) {
        const gfunc *f = &g->f[i];
        g->cur = f;
        g->nlabels = 0;
        g->budget = 40 + (int)g_pick(s, 120);
        g_push_label(g, f->nr == 0 ? -1 : f->nr == 1 ? f->results[0] : -2);
        wb_uleb(&body, f->nl);
        for (int k = 0; k < f->nl; k++) {
            wb_byte(&body, 1);
            wb_byte(&body, g_vt[f->locals[k]]);
        }
        uint32_t nst = g_pick(s, 8);
        for (uint32_t k = 0; k < nst; k++) g_stmt(g, &body, 0);
        for (int k = 0; k < f->nr; k++) g_expr(g, &body, f->results[k], 0);
        wb_byte(&body, 0x0B);
        wb_uleb(&sec, body.len);
        wb_bytes(&sec, body.p, body.len);
        if (body.oom) sec.oom = true;
        body.len = 0;
    }
    wb_free(&body);
    wb_section(out, 10, &sec);
    /* data: 0 active at a small offset (may not fit: instantiation then traps), 1 passive */
    wb_byte(&sec, 2);
    wb_byte(&sec, 0);
    g_i32_const_expr(&sec, g_pick(s, 8) == 7 ? (int32_t)g_bits(s, 3) : (int32_t)g_pick(s, 64));
    uint32_t n = g_pick(s, 16);
    wb_uleb(&sec, n);
    for (uint32_t i = 0; i < n; i++) wb_byte(&sec, (uint8_t)g_bits(s, 1));
    wb_byte(&sec, 1);
    n = g_pick(s, 16);
    wb_uleb(&sec, n);
    for (uint32_t i = 0; i < n; i++) wb_byte(&sec, (uint8_t)g_bits(s, 1));
    wb_section(out, 11, &sec);
    wb_free(&sec);
}
#endif
