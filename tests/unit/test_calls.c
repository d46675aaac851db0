/* test_calls.c: the interpreter's call path in both bounds-check modes: recursion results, trap frames
 * through calls, stack exhaustion, host calls and nested activations, fuel and interrupts stopping a
 * call-only recursion (no loops), and the zeroing of declared locals at function entry (lower.c skips
 * the locals it proves written before any read). */
#include "interp/icode.h"
#include "text/text.h"
#include "test.h"
#include "rt_util.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* Calls export `name`; returns the trap (NULL on success), results in res. */
static sk_trap *call(sk_store *s, sk_instance *i, const char *name, const sk_val *args, sk_val *res)
{
    sk_func *f = fn(i, name);
    if (!f) return sk_trap_new(SK_TRAP_HOST, "no such export");
    return sk_call(s, f, args, res);
}

static sk_trap_kind call_kind(sk_store *s, sk_instance *i, const char *name, int64_t a0, int64_t *r0)
{
    sk_val a[2] = {{.i64 = a0}, {.i64 = 0}}, r[2] = {{.i64 = 0}, {.i64 = 0}};
    sk_trap *t = call(s, i, name, a, r);
    if (r0) *r0 = r[0].i64;
    if (!t) return SK_TRAP_NONE;
    sk_trap_kind k = t->kind;
    sk_trap_free(t);
    return k;
}

static int64_t call_i64(sk_store *s, sk_instance *i, const char *name, int64_t a0)
{
    int64_t r = -1;
    sk_trap_kind k = call_kind(s, i, name, a0, &r);
    CHECK_MSG(k == SK_TRAP_NONE, "%s(%lld) trapped (%d)", name, (long long)a0, (int)k);
    return r;
}

static const char *calls_wat =
    "(module\n"
    "  (memory 1)\n"
    "  (table 4 funcref)\n"
    "  (elem (i32.const 0) $fib $even $odd $leaf)\n"
    "  (type $t (func (param i32) (result i32)))\n"
    "  (func $fib (export \"fib\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))\n"
    "      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))\n"
    "                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))\n"
    "  (func $even (export \"even\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))\n"
    "      (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))\n"
    "  (func $odd (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))\n"
    "  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1000)))\n"
    /* sum over k < n of leaf(k) through call_indirect, accumulated by recursion: many args and results */
    "  (func $many (export \"many\") (param i32) (result i32)\n"
    "    (local i64 i64 f64)\n"
    "    (local.set 1 (i64.const 0x1234567890))\n"
    "    (local.set 3 (f64.const 2.5))\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (call_indirect (type $t) (local.get 0) (i32.const 3))\n"
    "        (i32.add (call $many (i32.sub (local.get 0) (i32.const 1)))\n"
    "          (i32.add (i32.wrap_i64 (i64.sub (local.get 1) (i64.const 0x1234567890)))\n"
    "                   (i32.trunc_f64_s (f64.sub (local.get 3) (f64.const 2.5)))))))))\n"
    /* traps at depth n (0: in the export itself): unreachable, or a load out of bounds */
    "  (func $deep (export \"deep\") (param i32) (result i32)\n"
    "    (if (i32.eqz (local.get 0)) (then unreachable))\n"
    "    (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))\n"
    "  (func $deepmem (export \"deepmem\") (param i32) (result i32)\n"
    "    (if (i32.eqz (local.get 0)) (then (return (i32.load (i32.const 65534)))))\n"
    "    (i32.add (call $deepmem (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))\n"
    "  (func $runaway (export \"runaway\") (param i32) (result i32)\n"
    "    (i32.add (call $runaway (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))\n"
    /* 2^n calls, depth n, no loop anywhere: only fuel or an interrupt stops a large n */
    "  (func $bushy (export \"bushy\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))\n"
    "      (else (i32.add (call $bushy (i32.sub (local.get 0) (i32.const 1)))\n"
    "                     (call $bushy (i32.sub (local.get 0) (i32.const 1)))))))\n"
    ")\n";

typedef struct frame_sig {
    uint32_t func_idx, func_offset;
} frame_sig;

/* Runs the call/recursion cases in one mode; records deep traps' frames for the cross-mode check. */
static void run_calls(bool guard, frame_sig out[2][40], uint32_t nout[2])
{
    sk_module *m = load_wat_mode(calls_wat, guard);
    sk_store *s = sk_store_new();
    if (s) s->bounds_checks = !guard;
    sk_instance *i = inst_new(s, m, NULL, 0);
    CHECK(i != NULL);
    if (!i) goto out;
    CHECK(call_i64(s, i, "fib", 20) == 6765);
    CHECK(call_i64(s, i, "fib", 1) == 1);
    CHECK(call_i64(s, i, "even", 1001) == 0);
    CHECK(call_i64(s, i, "even", 1000) == 1);
    CHECK(call_i64(s, i, "many", 100) == 100 * 1000 + 100 * 101 / 2);

    /* trap frames through calls: innermost first, one per activation level */
    const char *names[2] = {"deep", "deepmem"};
    sk_trap_kind kinds[2] = {SK_TRAP_UNREACHABLE, SK_TRAP_OOB_MEMORY};
    for (int k = 0; k < 2; k++) {
        sk_val a[1] = {{.i32 = 30}}, r[1];
        sk_trap *t = call(s, i, names[k], a, r);
        CHECK(t && t->kind == kinds[k]);
        if (!t) continue;
        CHECK_MSG(t->nframes == 31, "%s: %u frames", names[k], t->nframes);
        nout[k] = t->nframes < 40 ? t->nframes : 40;
        for (uint32_t f = 0; f < t->nframes; f++) {
            CHECK(t->frames[f].func_idx == (uint32_t)(k == 0 ? 5 : 6));
            CHECK(t->frames[f].inst == i);
            CHECK(t->frames[f].func_offset != UINT32_MAX);
            /* every caller frame is at the same call instruction */
            if (f >= 2) CHECK(t->frames[f].func_offset == t->frames[1].func_offset);
            if (f < 40) out[k][f] = (frame_sig){t->frames[f].func_idx, t->frames[f].func_offset};
        }
        CHECK(t->nframes < 2 || t->frames[0].func_offset < t->frames[1].func_offset);
        sk_trap_free(t);
    }
    /* after traps the store runs again, at full depth */
    CHECK(call_i64(s, i, "fib", 15) == 610);

    /* stack exhaustion is a trap, by call depth and by stack bytes, and the store stays usable */
    CHECK(call_kind(s, i, "runaway", 0, NULL) == SK_TRAP_STACK_EXHAUSTED);
    s->max_call_depth = 40;
    CHECK(call_kind(s, i, "deep", 40, NULL) == SK_TRAP_UNREACHABLE); /* 40 calls deep */
    CHECK(call_kind(s, i, "deep", 41, NULL) == SK_TRAP_STACK_EXHAUSTED);
    s->max_call_depth = 100000;
    CHECK(call_i64(s, i, "fib", 10) == 55);
    s->max_stack_bytes = 4096;
    CHECK(call_kind(s, i, "runaway", 0, NULL) == SK_TRAP_STACK_EXHAUSTED);
    CHECK(call_kind(s, i, "fib", 25, NULL) == SK_TRAP_NONE);
    s->max_stack_bytes = 0;
    CHECK(call_i64(s, i, "bushy", 10) == 1024);

    /* fuel: one unit per function entry, so a call-only recursion runs out */
    s->fuel_enabled = true;
    s->fuel = 1000;
    CHECK(call_kind(s, i, "bushy", 40, NULL) == SK_TRAP_OUT_OF_FUEL);
    CHECK(s->fuel == 0);
    s->fuel = 2047;
    CHECK(call_i64(s, i, "bushy", 10) == 1024);
    CHECK(s->fuel == 0); /* 2047 entries */
    CHECK(call_kind(s, i, "bushy", 0, NULL) == SK_TRAP_OUT_OF_FUEL);
    s->fuel_enabled = false;
    CHECK(call_i64(s, i, "bushy", 3) == 8);
    /* an interrupt requested before the call is taken at the first entry */
    sk_store_interrupt(s);
    CHECK(call_kind(s, i, "fib", 5, NULL) == SK_TRAP_INTERRUPT);
    CHECK(call_i64(s, i, "fib", 5) == 5); /* consumed */
out:
    sk_store_free(s);
    sk_module_free(m);
}

static void test_calls(void)
{
    frame_sig fr[2][2][40];
    uint32_t nf[2][2] = {{0, 0}, {0, 0}};
    bool have_guard = sk_guard_pages_available();
    run_calls(false, fr[0], nf[0]);
    if (!have_guard) return;
    run_calls(true, fr[1], nf[1]);
    /* both modes report the same frames */
    for (int k = 0; k < 2; k++) {
        CHECK(nf[0][k] == nf[1][k]);
        for (uint32_t f = 0; f < nf[0][k] && f < nf[1][k]; f++)
            CHECK(fr[0][k][f].func_idx == fr[1][k][f].func_idx && fr[0][k][f].func_offset == fr[1][k][f].func_offset);
    }
}

/* ---- an interrupt from another thread stops a call-only recursion ---- */
typedef struct intr_arg {
    sk_store *s;
    atomic_int stop;
} intr_arg;

static void *interrupter(void *p)
{
    intr_arg *q = p;
    usleep(20000);
    /* keep asking until the run has stopped (the first request may land before it starts) */
    while (!atomic_load(&q->stop)) {
        sk_store_interrupt(q->s);
        usleep(1000);
    }
    return NULL;
}

static void test_interrupt(bool guard)
{
    sk_module *m = load_wat_mode(calls_wat, guard);
    sk_store *s = sk_store_new();
    if (s) s->bounds_checks = !guard;
    sk_instance *i = inst_new(s, m, NULL, 0);
    CHECK(i != NULL);
    if (!i) goto out;
    intr_arg q = {s, 0};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, interrupter, &q) == 0);
    CHECK(call_kind(s, i, "bushy", 60, NULL) == SK_TRAP_INTERRUPT);
    atomic_store(&q.stop, 1);
    pthread_join(th, NULL);
    /* a request that came after the trap is taken by the next call, and consumed */
    sk_trap_kind k = call_kind(s, i, "bushy", 4, NULL);
    CHECK(k == SK_TRAP_NONE || k == SK_TRAP_INTERRUPT);
    CHECK(call_i64(s, i, "bushy", 4) == 16);
out:
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- host calls: fuel switched on and off by a host function, nested activations ---- */
static sk_trap *host_fuel_on(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    c->store->fuel_enabled = args[0].i32 != 0;
    c->store->fuel = 500;
    return NULL;
}

static sk_trap *host_reenter(sk_caller *c, void *env, const sk_val *args, sk_val *res)
{
    sk_instance *inst = *(sk_instance **)env;
    sk_func *f = fn(inst, "viahost");
    sk_val a[1] = {{.i32 = args[0].i32}}, r[1] = {{.i64 = 0}};
    sk_trap *t = f ? sk_call(c->store, f, a, r) : sk_trap_new(SK_TRAP_HOST, "no viahost");
    if (t) return t;
    res[0].i32 = r[0].i32 + 1;
    return NULL;
}

static const char *host_wat =
    "(module\n"
    "  (import \"h\" \"fuel\" (func $fuel (param i32)))\n"
    "  (import \"h\" \"re\" (func $re (param i32) (result i32)))\n"
    "  (func $bushy (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))\n"
    "      (else (i32.add (call $bushy (i32.sub (local.get 0) (i32.const 1)))\n"
    "                     (call $bushy (i32.sub (local.get 0) (i32.const 1)))))))\n"
    "  (func (export \"fuel_then\") (param i32) (result i32)\n"
    "    (call $fuel (local.get 0)) (call $bushy (i32.const 14)))\n"
    /* wasm -> host -> wasm ... n levels down to 0, or to 1000 where it traps */
    "  (func $viahost (export \"viahost\") (param i32) (result i32)\n"
    "    (local i32)\n"
    "    (if (i32.eq (local.get 0) (i32.const 1000)) (then unreachable))\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (local.get 1))\n"
    "      (else (call $re (i32.sub (local.get 0) (i32.const 1))))))\n"
    ")\n";

static void test_host(bool guard)
{
    sk_module *m = load_wat_mode(host_wat, guard);
    sk_store *s = sk_store_new();
    if (s) s->bounds_checks = !guard;
    static const uint8_t p1[1] = {SK_I32};
    sk_instance *self = NULL;
    sk_func *hf = s ? sk_func_new_host(s, p1, 1, NULL, 0, host_fuel_on, NULL, NULL) : NULL;
    sk_func *hr = s ? sk_func_new_host(s, p1, 1, p1, 1, host_reenter, &self, NULL) : NULL;
    sk_extern imps[2] = {{.kind = SK_EXTERN_FUNC, .of.func = hf}, {.kind = SK_EXTERN_FUNC, .of.func = hr}};
    sk_instance *i = hf && hr ? inst_new(s, m, imps, 2) : NULL;
    self = i;
    CHECK(i != NULL);
    if (!i) goto out;
    /* fuel switched on inside the run stops the rest of it */
    CHECK(call_kind(s, i, "fuel_then", 1, NULL) == SK_TRAP_OUT_OF_FUEL);
    CHECK(s->fuel == 0);
    /* and switched off inside a run that had it on: the rest runs free */
    s->fuel_enabled = true;
    s->fuel = 10;
    int64_t r = 0;
    CHECK(call_kind(s, i, "fuel_then", 0, &r) == SK_TRAP_NONE);
    CHECK((int32_t)r == 1 << 14);
    CHECK(!s->fuel_enabled);
    /* nested activations: results through 20 levels, a trap at the bottom has the frames of every level */
    CHECK(call_i64(s, i, "viahost", 0) == 0);
    CHECK(call_i64(s, i, "viahost", 20) == 20);
    sk_val a[1] = {{.i32 = 1020}}, res[1];
    sk_trap *t = call(s, i, "viahost", a, res);
    CHECK(t && t->kind == SK_TRAP_UNREACHABLE);
    if (t) {
        /* 21 wasm frames (viahost at each level); host frames are not recorded */
        uint32_t nv = 0;
        for (uint32_t f = 0; f < t->nframes; f++) nv += t->frames[f].func_idx == 4;
        CHECK_MSG(nv == 21, "%u viahost frames of %u", nv, t->nframes);
        CHECK(t->nframes >= 1 && t->frames[0].func_idx == 4);
        sk_trap_free(t);
    }
    CHECK(call_i64(s, i, "fuel_then", 0) == 1 << 14);
out:
    sk_store_free(s);
    sk_module_free(m);
}

/* ---- locals zeroing ---- */
static const char *locals_wat =
    "(module\n"
    "  (memory 1)\n"
    /* fills its frame's locals (and so the stack slots later frames take) with garbage */
    "  (func (export \"dirty\") (param i32) (result i32)\n"
    "    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n"
    "    (local.set 1 (i64.const -1)) (local.set 2 (i64.const -1)) (local.set 3 (i64.const -1))\n"
    "    (local.set 4 (i64.const -1)) (local.set 5 (i64.const -1)) (local.set 6 (i64.const -1))\n"
    "    (local.set 7 (i64.const -1)) (local.set 8 (i64.const -1)) (local.set 9 (i64.const -1))\n"
    "    (local.set 10 (i64.const -1)) (local.set 11 (i64.const -1)) (local.set 12 (i64.const -1))\n"
    "    (local.set 13 (i64.const -1)) (local.set 14 (i64.const -1)) (local.set 15 (i64.const -1))\n"
    "    (local.set 16 (i64.const -1)) (local.set 17 (i64.const -1)) (local.set 18 (i64.const -1))\n"
    "    (local.set 19 (i64.const -1)) (local.set 20 (i64.const -1))\n"
    "    (i32.wrap_i64 (i64.add (local.get 20) (local.get 1))))\n"
    /* read before any write */
    "  (func (export \"plain\") (param i32) (result i32) (local i32 i64)\n"
    "    (i32.add (local.get 1) (i32.wrap_i64 (local.get 2))))\n"
    /* written only on one branch */
    "  (func (export \"branch\") (param i32) (result i32) (local i32)\n"
    "    (if (local.get 0) (then (local.set 1 (i32.const 7))))\n"
    "    (local.get 1))\n"
    /* read, then written on the straight-line start: the read sees 0 */
    "  (func (export \"readfirst\") (param i32) (result i32) (local i32)\n"
    "    (local.get 1) (local.set 1 (i32.const 5)) (i32.add (local.get 1)))\n"
    /* a tee of another local reads nothing of local 2 */
    "  (func (export \"written\") (param i32) (result i32) (local i32 i32)\n"
    "    (local.set 2 (local.tee 1 (i32.add (local.get 0) (i32.const 3))))\n"
    "    (i32.add (local.get 1) (local.get 2)))\n"
    /* first access inside a loop: a get */
    "  (func (export \"inloop\") (param i32) (result i32) (local i32 i32)\n"
    "    (loop $l\n"
    "      (local.set 1 (i32.add (local.get 1) (local.get 0)))\n"
    "      (local.set 2 (i32.add (local.get 2) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get 2) (i32.const 3))))\n"
    "    (local.get 1))\n"
    /* many locals (more than the inline image takes), constants in the pool, one written first */
    "  (func (export \"many\") (param i32) (result i32)\n"
    "    (local i32 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)\n"
    "    (local.set 1 (i32.const 0x55555))\n"
    "    (i64.add (i64.add (local.get 2) (local.get 9)) (i64.add (local.get 16) (i64.const 0x123456789)))\n"
    "    (i64.add (i64.extend_i32_u (local.get 1)))\n"
    "    (i64.xor (i64.const 0x7777777777))\n"
    "    i32.wrap_i64)\n"
    /* v128 and f64 locals read before any write */
    "  (func (export \"vec\") (param i32) (result i32) (local v128 f64 v128)\n"
    "    (i32.add (i32.add (i32x4.extract_lane 3 (local.get 1)) (i32x4.extract_lane 0 (local.get 3)))\n"
    "             (i32.trunc_f64_s (local.get 2))))\n"
    /* recursion: each level reads its local before writing it (on a branch), then writes garbage,
     * so sibling calls reuse slots a previous sibling left dirty */
    "  (func $rec (export \"rec\") (param i32) (result i32) (local i32 i32)\n"
    "    (local.set 2 (local.get 1))\n"
    "    (if (local.get 0) (then (local.set 1 (i32.const 0x4000))))\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (local.get 2))\n"
    "      (else (i32.add (local.get 2)\n"
    "        (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1)))\n"
    "                 (call $rec (i32.sub (local.get 0) (i32.const 1))))))))\n"
    /* fib in the shape clang emits: the local's first access is a set (no zeroing needed) */
    "  (func $fib (export \"fib\") (param i32) (result i32) (local i32)\n"
    "    (local.set 1 (i32.const 0))\n"
    "    (block $b (br_if $b (i32.lt_u (local.get 0) (i32.const 2)))\n"
    "      (loop $l\n"
    "        (local.set 1 (i32.add (call $fib (i32.add (local.get 0) (i32.const -1))) (local.get 1)))\n"
    "        (br_if $l (i32.gt_u (local.tee 0 (i32.add (local.get 0) (i32.const -2))) (i32.const 1)))))\n"
    "    (i32.add (local.get 0) (local.get 1)))\n"
    ")\n";

static void test_locals(bool guard)
{
    sk_module *m = load_wat_mode(locals_wat, guard);
    sk_store *s = sk_store_new();
    if (s) s->bounds_checks = !guard;
    sk_instance *i = inst_new(s, m, NULL, 0);
    CHECK(i != NULL);
    if (!i) goto out;
    static const struct {
        const char *name;
        int32_t arg, want;
    } cases[] = {
        {"plain", 0, 0},      {"branch", 0, 0},   {"branch", 1, 7},   {"readfirst", 0, 5},
        {"written", 4, 14},   {"inloop", 5, 15},  {"many", 0, 0x543dcba9},
        {"vec", 0, 0},        {"rec", 0, 0},      {"rec", 3, 0}, {"fib", 20, 6765},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        for (int rep = 0; rep < 2; rep++) {
            CHECK((int32_t)call_i64(s, i, "dirty", 0) == -2);
            int32_t got = (int32_t)call_i64(s, i, cases[k].name, cases[k].arg);
            CHECK_MSG(got == cases[k].want, "%s(%d) = %d, want %d (%s)", cases[k].name, cases[k].arg, got,
                      cases[k].want, guard ? "guard" : "explicit");
        }
    }
    /* what lower.c decided: fib's local needs no zeroing; plain's two do; dirty's 20 are all written first */
    const sk_module *mm = m;
    const sk_icode *cfib = mm->funcs[9].code, *cplain = mm->funcs[1].code, *cdirty = mm->funcs[0].code;
    CHECK(cfib && cfib->nzero == 0 && cfib->ninit == 0);
    CHECK(cplain && cplain->nzero == 0 && cplain->ninit == 2 && cplain->init_at == 1);
    CHECK(cdirty && cdirty->nzero == 0 && cdirty->init_at >= 21);
out:
    sk_store_free(s);
    sk_module_free(m);
}

int main(void)
{
    test_calls();
    test_locals(false);
    test_host(false);
    test_interrupt(false);
    if (sk_guard_pages_available()) {
        test_locals(true);
        test_host(true);
        test_interrupt(true);
    }
    TEST_DONE("test_calls");
}
