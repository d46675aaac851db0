/* test_guard.c: guard-page bounds checks against explicit ones. Every case runs in both modes and
 * must give the same results, the same traps and the same trap frames; plus what only guard pages
 * have: faults that are not the guest's must reach the previous handler, nesting and threads must
 * find the right activation, and a failing 8 GiB reservation must fail cleanly. */
#include "interp/interp.h"
#include "text/text.h"
#include "test.h"
#include "rt_util.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wasm.h"
#include "skiff.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static bool have_guard;

static sk_store *store_new(bool guard)
{
    sk_store *s = sk_store_new();
    if (s) s->bounds_checks = !guard;
    return s;
}

static sk_memory *mem0(sk_instance *i) { return i && i->module->nmems ? i->mems[0] : NULL; }

/* The outcome of one call, comparable across modes. */
typedef struct outcome {
    sk_trap_kind kind;
    uint64_t r0;
    uint32_t nframes;
    sk_frame frames[8]; /* inst pointers differ between modes: compared apart */
} outcome;

static outcome run1(sk_store *s, sk_instance *i, const char *name, const sk_val *args)
{
    outcome o;
    memset(&o, 0, sizeof o);
    sk_func *f = fn(i, name);
    if (!f) {
        o.kind = SK_TRAP_HOST;
        return o;
    }
    sk_val r[2];
    memset(r, 0, sizeof r);
    sk_trap *t = sk_call(s, f, args, r);
    if (!t) {
        o.r0 = r[0].u64;
        return o;
    }
    o.kind = t->kind;
    o.nframes = t->nframes;
    for (uint32_t k = 0; k < t->nframes && k < 8; k++) o.frames[k] = t->frames[k];
    sk_trap_free(t);
    return o;
}

static bool same_outcome(const outcome *a, const outcome *b)
{
    if (a->kind != b->kind || a->r0 != b->r0 || a->nframes != b->nframes) return false;
    for (uint32_t k = 0; k < a->nframes && k < 8; k++)
        if (a->frames[k].func_idx != b->frames[k].func_idx || a->frames[k].func_offset != b->frames[k].func_offset ||
            a->frames[k].module_offset != b->frames[k].module_offset)
            return false;
    return true;
}

/* Every scalar access shape the lowering produces (plain, fused address forms, op-with-memory
 * operand, f64 add-to-memory), each called through $call so traps have two frames. */
static const char *k_access =
    "(module (memory 1 3)\n"
    " (func $ld32 (param i32) (result i64) (i64.extend_i32_u (i32.load (local.get 0))))\n"
    " (func $ld64 (param i32) (result i64) (i64.load offset=8 (local.get 0)))\n"
    " (func $ld8 (param i32) (result i64) (i64.load8_s (local.get 0)))\n"
    " (func $ld16 (param i32) (result i64) (i64.extend_i32_u (i32.load16_u offset=65535 (local.get 0))))\n"
    " (func $ldx (param i32) (result i64) (i64.extend_i32_u (i32.load (i32.add (local.get 0) (local.get 0)))))\n"
    " (func $ldi (param i32) (result i64) (i64.extend_i32_u (i32.load (i32.add (local.get 0) (i32.const 3)))))\n"
    " (func $opm (param i32) (result i64) (i64.extend_i32_u (i32.add (local.get 0) (i32.load (local.get 0)))))\n"
    " (func $fopm (param i32) (result i64)\n"
    "  (i64.reinterpret_f64 (f64.mul (f64.const 2) (f64.load (local.get 0)))))\n"
    " (func $st32 (param i32) (result i64) (i32.store (local.get 0) (i32.const 0x11223344)) (i64.const 1))\n"
    " (func $st64 (param i32) (result i64) (i64.store (local.get 0) (i64.const -1)) (i64.const 1))\n"
    " (func $st16 (param i32) (result i64) (i32.store16 offset=1 (local.get 0) (i32.const -1)) (i64.const 1))\n"
    " (func $stx (param i32) (result i64) (i32.store (i32.add (local.get 0) (local.get 0)) (i32.const 5))\n"
    "  (i64.const 1))\n"
    " (func $sti (param i32) (result i64) (i64.store (i32.add (local.get 0) (i32.const 1)) (i64.const 5))\n"
    "  (i64.const 1))\n"
    " (func $addm (param i32) (result i64)\n"
    "  (f64.store (local.get 0) (f64.add (f64.const 1.5) (f64.load (local.get 0)))) (i64.const 1))\n"
    " (func $grow (result i64) (i64.extend_i32_s (memory.grow (i32.const 1))))\n"
    " (func (export \"call\") (param i32 i32) (result i64)\n"
    "  (nop) (call_indirect (param i32) (result i64) (local.get 0) (local.get 1)))\n"
    " (func (export \"grow\") (result i64) (call $grow))\n"
    " (table funcref (elem $ld32 $ld64 $ld8 $ld16 $ldx $ldi $opm $fopm $st32 $st64 $st16 $stx $sti $addm)))\n";
#define NACCESS 14

static void test_edges(void)
{
    /* addresses around the end of a 1-page memory, then of a grown 2-page one */
    static const uint32_t addrs[] = {0,     65520, 65528, 65530, 65531, 65532, 65533, 65534, 65535,
                                     65536, 65540, 32766, 32767, 32768, 0x7FFFFFFF, 0xFFFFFFF8, 0xFFFFFFFF};
    enum { NA = SK_ARRAY_LEN(addrs) };
    static outcome res[2][2][NACCESS][NA]; /* [mode][before/after grow][function][address] */
    static uint8_t tail[2][2][NACCESS][NA][16];
    int nmodes = have_guard ? 2 : 1;
    for (int g = 0; g < nmodes; g++) {
        sk_module *m = load_wat_mode(k_access, g == 1);
        sk_store *s = store_new(g == 1);
        sk_instance *i = inst_new(s, m, NULL, 0);
        CHECK(i != NULL);
        if (!i) {
            sk_store_free(s);
            sk_module_free(m);
            return;
        }
        for (int phase = 0; phase < 2; phase++) {
            for (int f = 0; f < NACCESS; f++)
                for (int a = 0; a < NA; a++) {
                    sk_memory *mm = mem0(i);
                    /* a recognisable pattern in the last 16 bytes, to see partial writes */
                    for (int k = 0; k < 16; k++) mm->data[mm->size - 16 + k] = (uint8_t)(0xA0 + k);
                    sk_val args[2];
                    args[0].u64 = addrs[a];
                    args[1].u64 = (uint32_t)f;
                    res[g][phase][f][a] = run1(s, i, "call", args);
                    memcpy(tail[g][phase][f][a], mm->data + mm->size - 16, 16);
                    /* a trapping store writes nothing: the pattern must be intact */
                    if (res[g][phase][f][a].kind == SK_TRAP_OOB_MEMORY)
                        for (int k = 0; k < 16; k++)
                            CHECK_MSG(tail[g][phase][f][a][k] == 0xA0 + k,
                                      "mode %d func %d addr %u: byte %d written by a trapping access", g, f,
                                      addrs[a], k);
                }
            if (phase == 0) {
                outcome o = run1(s, i, "grow", NULL);
                CHECK(o.kind == SK_TRAP_NONE && o.r0 == 1);
            }
        }
        sk_store_free(s);
        sk_module_free(m);
    }
    /* sanity of the explicit results: known in-bounds and out-of-bounds cases */
    CHECK(res[0][0][0][5].kind == SK_TRAP_NONE);        /* ld32 at 65532 */
    CHECK(res[0][0][0][6].kind == SK_TRAP_OOB_MEMORY);  /* ld32 at 65533 */
    CHECK(res[0][1][0][6].kind == SK_TRAP_NONE);        /* ... fine after the grow */
    CHECK(res[0][0][9][6].kind == SK_TRAP_OOB_MEMORY);  /* st64 straddling the end */
    CHECK(res[0][0][0][6].nframes == 2 && res[0][0][0][6].frames[0].func_idx == 0 &&
          res[0][0][0][6].frames[1].func_idx == 15);
    CHECK(res[0][1][0][16].kind == SK_TRAP_OOB_MEMORY); /* 0xFFFFFFFF */
    if (nmodes < 2) return;
    int diffs = 0;
    for (int phase = 0; phase < 2; phase++)
        for (int f = 0; f < NACCESS; f++)
            for (int a = 0; a < NA; a++) {
                bool same = same_outcome(&res[0][phase][f][a], &res[1][phase][f][a]) &&
                            memcmp(tail[0][phase][f][a], tail[1][phase][f][a], 16) == 0;
                if (!same && diffs++ < 10)
                    CHECK_MSG(0, "func %d addr %u phase %d: explicit kind %d (%u frames), guard kind %d (%u frames)",
                              f, addrs[a], phase, res[0][phase][f][a].kind, res[0][phase][f][a].nframes,
                              res[1][phase][f][a].kind, res[1][phase][f][a].nframes);
            }
    CHECK(diffs == 0);
}

/* ---- nesting: wasm -> host -> wasm -> host -> wasm, the innermost traps ---- */
typedef struct nest_env {
    sk_instance *inst;
    int swallow; /* 1: the host swallows the inner trap and returns 7 */
    uint32_t inner_frames;
    sk_trap_kind inner_kind;
} nest_env;

static sk_trap *host_h(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    nest_env *ne = env;
    sk_val a[1] = {{.u64 = args[0].u32}}, r[1];
    sk_trap *t = sk_call(c->store, fn(ne->inst, "mid"), a, r);
    if (!t) {
        res[0].i32 = r[0].i32;
        return NULL;
    }
    ne->inner_kind = t->kind;
    ne->inner_frames = t->nframes;
    if (!ne->swallow) return t;
    sk_trap_free(t);
    res[0].i32 = 7;
    return NULL;
}
static sk_trap *host_h2(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    nest_env *ne = env;
    sk_val a[1] = {{.u64 = args[0].u32}}, r[1];
    sk_trap *t = sk_call(c->store, fn(ne->inst, "inner"), a, r);
    if (t) return t;
    res[0].i32 = r[0].i32;
    return NULL;
}

static void test_nesting(void)
{
    const char *wat = "(module (import \"h\" \"h\" (func $h (param i32) (result i32)))\n"
                      " (import \"h\" \"h2\" (func $h2 (param i32) (result i32)))\n"
                      " (memory 1)\n"
                      " (func $inner (export \"inner\") (param i32) (result i32) (i32.load (local.get 0)))\n"
                      " (func $mid (export \"mid\") (param i32) (result i32)\n"
                      "  (i32.add (i32.load (i32.const 0)) (call $h2 (local.get 0))))\n"
                      " (func $outer (param i32) (result i32)\n"
                      "  (i32.add (call $h (local.get 0)) (i32.load offset=4 (local.get 0))))\n"
                      " (func (export \"top\") (param i32) (result i32) (call $outer (local.get 0))))\n";
    outcome res[2][2][3];
    nest_env seen[2][2][3];
    int nmodes = have_guard ? 2 : 1;
    static const uint32_t addrs[3] = {16, 65534, 65530};
    static const uint8_t i32t[] = {SK_I32};
    for (int g = 0; g < nmodes; g++)
        for (int sw = 0; sw < 2; sw++) {
            sk_module *m = load_wat_mode(wat, g == 1);
            sk_store *s = store_new(g == 1);
            nest_env ne = {NULL, sw, 0, SK_TRAP_NONE};
            sk_func *h = s ? sk_func_new_host(s, i32t, 1, i32t, 1, host_h, &ne, NULL) : NULL;
            sk_func *h2 = s ? sk_func_new_host(s, i32t, 1, i32t, 1, host_h2, &ne, NULL) : NULL;
            sk_extern imps[2] = {{SK_EXTERN_FUNC, {.func = h}}, {SK_EXTERN_FUNC, {.func = h2}}};
            sk_instance *i = h && h2 ? inst_new(s, m, imps, 2) : NULL;
            ne.inst = i;
            CHECK(i != NULL);
            if (i) {
                mem0(i)->data[16] = 5;
                mem0(i)->data[20] = 9;
                for (int a = 0; a < 3; a++) {
                    ne.inner_frames = 0;
                    ne.inner_kind = SK_TRAP_NONE;
                    sk_val args[1] = {{.u64 = addrs[a]}};
                    res[g][sw][a] = run1(s, i, "top", args);
                    seen[g][sw][a] = ne;
                }
            }
            sk_store_free(s);
            sk_module_free(m);
        }
    /* explicit mode, by hand: in bounds 5 + 0 + 9; 65534: the inner load traps (frames inner, mid, then
     * whatever the host adds: the inner activation's own frames only); swallowed: 7 + load at 65538 traps
     * in $outer with frames outer, top; 65530: inner fine (4 bytes at 65530), outer's offset=4 load traps */
    CHECK(res[0][0][0].kind == SK_TRAP_NONE && (uint32_t)res[0][0][0].r0 == 5 + 0 + 9);
    CHECK(seen[0][0][1].inner_kind == SK_TRAP_OOB_MEMORY && seen[0][0][1].inner_frames == 2);
    CHECK(res[0][0][1].kind == SK_TRAP_OOB_MEMORY);
    CHECK(res[0][1][1].kind == SK_TRAP_OOB_MEMORY && res[0][1][1].nframes == 2 &&
          res[0][1][1].frames[0].func_idx == 4 && res[0][1][1].frames[1].func_idx == 5);
    CHECK(res[0][1][2].kind == SK_TRAP_OOB_MEMORY && res[0][1][2].frames[0].func_idx == 4);
    if (nmodes < 2) return;
    for (int sw = 0; sw < 2; sw++)
        for (int a = 0; a < 3; a++) {
            CHECK_MSG(same_outcome(&res[0][sw][a], &res[1][sw][a]), "nesting swallow=%d addr %u differs", sw,
                      addrs[a]);
            CHECK(seen[0][sw][a].inner_kind == seen[1][sw][a].inner_kind &&
                  seen[0][sw][a].inner_frames == seen[1][sw][a].inner_frames);
        }
}

/* ---- threads: each with its own store; one traps over and over while the other computes ---- */
static const char *k_thread_wat =
    "(module (memory 1)\n"
    " (func (export \"sum\") (param i32) (result i32) (local i32 i32)\n"
    "  (loop $l (i32.store (i32.and (i32.mul (local.get 1) (i32.const 4)) (i32.const 0xFFFC)) (local.get 1))\n"
    "   (local.set 2 (i32.add (local.get 2)\n"
    "    (i32.load (i32.and (i32.mul (local.get 1) (i32.const 4)) (i32.const 0xFFFC)))))\n"
    "   (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "   (br_if $l (i32.lt_u (local.get 1) (local.get 0))))\n"
    "  (local.get 2))\n"
    " (func (export \"oob\") (param i32) (result i32) (i32.load (local.get 0))))\n";

typedef struct thread_arg {
    bool guard;
    bool trapper;
    int bad;
} thread_arg;

static void *thread_main(void *p)
{
    thread_arg *ta = p;
    sk_module *m = load_wat_mode(k_thread_wat, ta->guard);
    sk_store *s = store_new(ta->guard);
    sk_instance *i = inst_new(s, m, NULL, 0);
    if (!i) ta->bad++;
    for (int k = 0; i && k < 2000; k++) {
        sk_val a[1], r[1];
        if (ta->trapper) {
            a[0].u64 = 65536u + (uint32_t)k;
            sk_trap *t = sk_call(s, fn(i, "oob"), a, r);
            if (!t || t->kind != SK_TRAP_OOB_MEMORY || t->nframes != 1) ta->bad++;
            if (t) sk_trap_free(t);
        } else {
            a[0].u64 = 1000;
            sk_trap *t = sk_call(s, fn(i, "sum"), a, r);
            if (t || r[0].u32 != 999u * 1000u / 2) ta->bad++;
            if (t) sk_trap_free(t);
        }
    }
    sk_store_free(s);
    sk_module_free(m);
    return NULL;
}

static void test_threads(void)
{
    int nmodes = have_guard ? 2 : 1;
    for (int g = 0; g < nmodes; g++) {
        thread_arg args[4] = {{g == 1, true, 0}, {g == 1, false, 0}, {g == 1, true, 0}, {g == 1, false, 0}};
        pthread_t th[4];
        int started = 0;
        for (int k = 0; k < 4; k++)
            if (pthread_create(&th[k], NULL, thread_main, &args[k]) == 0) started |= 1 << k;
        for (int k = 0; k < 4; k++)
            if (started & (1 << k)) pthread_join(th[k], NULL);
        CHECK(started == 15);
        for (int k = 0; k < 4; k++) CHECK_MSG(args[k].bad == 0, "mode %d thread %d: %d bad results", g, k, args[k].bad);
    }
}

/* ---- faults that are not the guest's reach the previous handler ---- */
static sk_trap *host_poke(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    /* a host bug: reads guest address space past the memory's end (inside the reservation) */
    sk_memory *m = c->instance->mems[0];
    res[0].i32 = *(volatile uint8_t *)(m->data + m->size + 4096);
    return NULL;
}

/* Runs `what` in a child; returns its wait status. */
static int in_child(int what)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        /* a crash here is expected: keep the core and sanitizer noise small */
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        if (!freopen("/dev/null", "w", stderr)) _exit(43);
        sk_module *m = load_wat_mode("(module (import \"h\" \"poke\" (func $p (result i32))) (memory 1)\n"
                            " (func (export \"ok\") (result i32) (i32.load (i32.const 70000)))\n"
                            " (func (export \"poke\") (result i32) (call $p)))",
                            true);
        sk_store *s = store_new(true);
        static const uint8_t i32t[] = {SK_I32};
        sk_func *h = s ? sk_func_new_host(s, NULL, 0, i32t, 1, host_poke, NULL, NULL) : NULL;
        sk_extern imps[1] = {{SK_EXTERN_FUNC, {.func = h}}};
        sk_instance *i = h ? inst_new(s, m, imps, 1) : NULL;
        if (!i) _exit(40);
        /* the handler is installed and works for the guest */
        sk_val r[1];
        sk_trap *t = sk_call(s, fn(i, "ok"), NULL, r);
        if (!t || t->kind != SK_TRAP_OOB_MEMORY) _exit(41);
        sk_trap_free(t);
        if (what == 0) {
            volatile int *volatile p = NULL;
            *p = 1; /* the host's own NULL dereference */
        } else {
            t = sk_call(s, fn(i, "poke"), NULL, r); /* a fault inside a host function called by wasm */
            if (t) sk_trap_free(t);
        }
        _exit(42); /* survived: the fault was swallowed */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static void test_foreign_faults(void)
{
    if (!have_guard) return;
    for (int what = 0; what < 2; what++) {
        int st = in_child(what);
#ifdef UNDER_ASAN
        /* ASan's own SEGV handler, next in the chain, reports the fault and exits non-zero */
        CHECK_MSG(st != -1 && !(WIFEXITED(st) && (WEXITSTATUS(st) == 0 || WEXITSTATUS(st) >= 40)),
                  "case %d: child status %d", what, st);
#else
        CHECK_MSG(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "case %d: child status %d", what, st);
#endif
    }
}

/* ---- guard mode needs 8 GiB per memory: under a small RLIMIT_AS it fails cleanly ---- */
static void test_reservation_fails(void)
{
#ifndef UNDER_ASAN /* ASan's shadow alone exceeds any such limit */
    if (!have_guard) return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        CHECK_MSG(0, "fork failed");
        return;
    }
    if (pid == 0) {
        struct rlimit rl = {(rlim_t)2 << 30, (rlim_t)2 << 30};
        if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(100);
        int bad = 0;
        const char *wat = "(module (memory 1 2) (func (export \"f\") (result i32) (i32.load (i32.const 8))))";
        sk_module *mg = load_wat_mode(wat, true), *me = load_wat_mode(wat, false);
        sk_store *sg = store_new(true), *se = store_new(false);
        if (!mg || !me || !sg || !se) _exit(101);
        sk_trap *t = NULL;
        sk_error e;
        sk_error_clear(&e);
        if (sk_instantiate(sg, mg, NULL, 0, &t, &e) != NULL) bad |= 1;
        if (!strstr(e.msg, "out of memory") || !strstr(e.msg, "guard-page")) bad |= 2;
        if (t) bad |= 4;
        sk_memtype mt = {{1, 2, true}};
        if (sk_memory_new(sg, &mt) != NULL) bad |= 8;
        /* explicit checks still work there, with a smaller reservation */
        sk_instance *ie = inst_new(se, me, NULL, 0);
        sk_val r[1];
        if (!ie || sk_call(se, fn(ie, "f"), NULL, r) != NULL) bad |= 16;
        sk_store_free(sg);
        sk_store_free(se);
        sk_module_free(mg);
        sk_module_free(me);
        _exit(bad);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "reservation child: status %d", status);
#endif
}

/* ---- modes do not mix ---- */
static void test_mismatch(void)
{
    if (!have_guard) return;
    const char *wat = "(module (memory 1) (func (export \"f\") (result i32) (i32.load (i32.const 8))))";
    for (int g = 0; g < 2; g++) {
        sk_module *m = load_wat_mode(wat, g == 1);
        sk_store *s = store_new(g == 0); /* the other mode */
        sk_trap *t = NULL;
        sk_error e;
        sk_error_clear(&e);
        CHECK(m && s && sk_instantiate(s, m, NULL, 0, &t, &e) == NULL && t == NULL);
        CHECK_MSG(strstr(e.msg, "bounds-check mode mismatch") != NULL, "got '%s'", e.msg);
        sk_store_free(s);
        sk_module_free(m);
    }
}

/* ---- the skiff.h switch ---- */
static void test_api(void)
{
    wasm_config_t *c = wasm_config_new();
    CHECK(skiff_config_bounds_checks(c, SKIFF_BOUNDS_EXPLICIT));
    CHECK(!skiff_config_bounds_checks(c, (skiff_bounds_checks_t)7));
    wasm_engine_t *ee = wasm_engine_new_with_config(c);
    CHECK(ee && skiff_engine_bounds_checks(ee) == SKIFF_BOUNDS_EXPLICIT);
    wasm_engine_t *de = wasm_engine_new();
    CHECK(de && skiff_engine_bounds_checks(de) == (have_guard ? SKIFF_BOUNDS_GUARD_PAGES : SKIFF_BOUNDS_EXPLICIT));
    c = wasm_config_new();
    CHECK(skiff_config_bounds_checks(c, SKIFF_BOUNDS_GUARD_PAGES) == have_guard);
    wasm_config_delete(c);

    wasm_byte_vec_t wasm;
    const char *wat = "(module (memory 1) (func (export \"f\") (param i32) (result i32) (i32.load (local.get 0))))";
    skiff_error_t *err = skiff_wat2wasm(wat, strlen(wat), &wasm);
    CHECK(err == NULL);
    wasm_store_t *se = wasm_store_new(ee), *sd = wasm_store_new(de);
    wasm_module_t *me = wasm_module_new(se, &wasm);
    CHECK(me != NULL);
    /* the explicit engine's module runs in its store and traps at the edge */
    wasm_instance_t *ie = me ? wasm_instance_new(se, me, NULL, NULL) : NULL;
    CHECK(ie != NULL);
    if (ie) {
        wasm_extern_vec_t ex;
        wasm_instance_exports(ie, &ex);
        wasm_func_t *f = ex.size ? wasm_extern_as_func(ex.data[0]) : NULL;
        wasm_val_t a[1] = {WASM_I32_VAL(65533)}, r[1] = {WASM_INIT_VAL};
        wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
        wasm_trap_t *t = f ? wasm_func_call(f, &av, &rv) : NULL;
        CHECK(t != NULL);
        if (t) {
            wasm_message_t msg;
            wasm_trap_message(t, &msg);
            CHECK(msg.size && strstr(msg.data, "out of bounds memory access") != NULL);
            wasm_byte_vec_delete(&msg);
            wasm_trap_delete(t);
        }
        wasm_extern_vec_delete(&ex);
        wasm_instance_delete(ie);
    }
    /* ... and not in a store of the other mode */
    if (have_guard && me) {
        wasm_trap_t *t = NULL;
        wasm_instance_t *bad = wasm_instance_new(sd, me, NULL, &t);
        CHECK(bad == NULL);
        if (t) wasm_trap_delete(t);
    }
    wasm_module_delete(me);
    wasm_byte_vec_delete(&wasm);
    wasm_store_delete(se);
    wasm_store_delete(sd);
    wasm_engine_delete(ee);
    wasm_engine_delete(de);
}

int main(void)
{
    have_guard = sk_guard_pages_available();
#if (defined(__x86_64__) || defined(__aarch64__)) && defined(__linux__)
    CHECK(have_guard); /* the platforms where guard pages are the default */
#endif
    test_edges();
    test_nesting();
    test_threads();
    test_foreign_faults();
    test_reservation_fails();
    test_mismatch();
    test_api();
    TEST_DONE("test_guard");
}
