/* test_allocfail.c: allocation-failure injection. Each scenario (text encoding; module loading =
 * decode, validate, lower; host objects; instantiation; calls) is re-run with the N-th allocation
 * failing, N = 0, 1, 2, ... until a run completes with no injected failure. Every run must end in a
 * clean error or trap (no crash; no leak: `make SANITIZE=1 test` runs this under ASan/LSan), and the
 * final, undisturbed run must compute the right answers. */
#include "decode/module.h"
#include "runtime/runtime.h"
#include "text/text.h"
#include "test.h"
#include <stdlib.h>

/* Imports: env.add1 (host function), env.mem, env.tab, env.g (mutable i32). */
static const char *wat_full =
    "(module\n"
    "  (type $ii (func (param i32) (result i32)))\n"
    "  (import \"env\" \"add1\" (func $add1 (type $ii)))\n"
    "  (import \"env\" \"mem\" (memory 1 4))\n"
    "  (import \"env\" \"tab\" (table 2 funcref))\n"
    "  (import \"env\" \"g\" (global $g (mut i32)))\n"
    "  (table $t2 4 16 funcref)\n"
    "  (global $c i64 (i64.const 7))\n"
    "  (global $m (mut f64) (f64.const 1.5))\n"
    "  (elem (table $t2) (i32.const 0) func $fac $sq $add1)\n"
    "  (elem $p funcref (ref.func $sq) (ref.null func))\n"
    "  (elem declare func $fac)\n"
    "  (data (i32.const 16) \"hello, world\")\n"
    "  (data $d \"\\01\\02\\03\\04\")\n"
    "  (func $fac (export \"fac\") (type $ii)\n"
    "    (if (result i32) (i32.le_s (local.get 0) (i32.const 1)) (then (i32.const 1))\n"
    "      (else (i32.mul (local.get 0) (call $fac (i32.sub (local.get 0) (i32.const 1)))))))\n"
    "  (func $sq (type $ii) (i32.mul (local.get 0) (local.get 0)))\n"
    "  (func (export \"indirect\") (param i32 i32) (result i32)\n"
    "    (call_indirect $t2 (type $ii) (local.get 1) (local.get 0)))\n"
    "  (func (export \"mem\") (result i32) (local i32)\n"
    "    (memory.init $d (i32.const 100) (i32.const 0) (i32.const 4))\n"
    "    (memory.copy (i32.const 200) (i32.const 16) (i32.const 12))\n"
    "    (drop (memory.grow (i32.const 1)))\n"
    "    (i32.store (i32.const 65536) (i32.const 5))\n"
    "    (local.set 0 (i32.add (i32.load8_u (i32.const 203)) (i32.load (i32.const 100))))\n"
    "    (global.set $g (i32.add (global.get $g) (call $add1 (local.get 0))))\n"
    "    (i32.add (local.get 0) (memory.size)))\n"
    "  (func (export \"tab\") (result i32)\n"
    "    (table.init $t2 $p (i32.const 2) (i32.const 0) (i32.const 2))\n"
    "    (drop (table.grow $t2 (ref.func $fac) (i32.const 3)))\n"
    "    (table.copy $t2 0 (i32.const 0) (i32.const 0) (i32.const 1))\n"
    "    (i32.add (table.size $t2) (call_indirect $t2 (type $ii) (i32.const 9) (i32.const 2))))\n"
    "  (func (export \"loop\") (param i32) (result i64) (local i64)\n"
    "    (block (loop (br_if 1 (i32.eqz (local.get 0)))\n"
    "      (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))\n"
    "      (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))\n"
    "    (i64.add (local.get 1) (global.get $c)))\n"
    "  (func (export \"multi\") (param f64) (result f64 i32)\n"
    "    (global.set $m (f64.add (global.get $m) (local.get 0)))\n"
    "    (global.get $m) (i32.const 3))\n"
    "  (func (export \"trap\") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))\n"
    ")\n";

/* No imports; a start function writes memory; several types and a big-ish table. */
static const char *wat_start =
    "(module\n"
    "  (memory 2)\n"
    "  (table 100 funcref)\n"
    "  (global $x (mut i32) (i32.const 0))\n"
    "  (func $s (global.set $x (i32.const 41)) (i32.store (i32.const 8) (i32.const 1234)))\n"
    "  (start $s)\n"
    "  (func (export \"get\") (result i32) (i32.add (global.get $x) (i32.load (i32.const 8))))\n"
    "  (func $rec (export \"rec\") (param i32) (result i32)\n"
    "    (if (result i32) (local.get 0) (then (call $rec (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0))))\n"
    ")\n";

static sk_trap *host_add1(sk_caller *c, void *env, const sk_val *args, sk_val *results)
{
    results[0].i32 = args[0].i32 + 1;
    return NULL;
}

/* True if the allocator is currently failing (the injected failure was reached). Costs one allocation. */
static bool injection_hit(void)
{
    void *p = sk_malloc(1);
    sk_free(p);
    return p == NULL;
}

typedef enum { R_DONE, R_CLEAN_FAIL, R_BAD } result;

static bool check_error(const sk_error *e, const char *what, long n)
{
    if (!sk_error_is_set(e)) {
        fprintf(stderr, "N=%ld: %s failed without an error message\n", n, what);
        return false;
    }
    return true;
}

static bool trap_ok(const sk_trap *t, long n)
{
    if (!t->message || !t->message[0]) {
        fprintf(stderr, "N=%ld: trap without a message\n", n);
        return false;
    }
    return true;
}

/* ---- Scenario 1: text -> binary ---- */
static result sc_wat(const char *wat, long n)
{
    uint8_t *bin = NULL;
    size_t len = 0;
    sk_error err;
    sk_error_clear(&err);
    if (!sk_wat2wasm(wat, strlen(wat), "t.wat", &bin, &len, &err))
        return check_error(&err, "sk_wat2wasm", n) ? R_CLEAN_FAIL : R_BAD;
    sk_free(bin);
    return R_DONE;
}

static bool final_checks; /* set for the undisturbed run: results must be right */

/* ---- Scenario 1b: a .wast script ---- */
static const char *wast_script =
    "(module $m (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))\n"
    "  (memory 1) (data (i32.const 0) \"abc\"))\n"
    "(register \"m\" $m)\n"
    "(assert_return (invoke \"add\" (i32.const 1) (i32.const 2)) (i32.const 3))\n"
    "(assert_return (invoke $m \"add\" (i32.const -1) (i32.const 1)) (i32.const 0))\n"
    "(assert_trap (module (func $f (unreachable)) (start $f)) \"unreachable\")\n"
    "(assert_malformed (module quote \"(func (i32.const 0x))\") \"unknown operator\")\n"
    "(assert_invalid (module (func (result i32) (i64.const 0))) \"type mismatch\")\n"
    "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
    "(assert_return (invoke \"f\" (f32.const nan:0x200000) (f64.const -0x1p-1022)) (f32.const nan:canonical))\n";

static result sc_wast(long n)
{
    sk_wast_script *sc = NULL;
    sk_error err;
    sk_error_clear(&err);
    if (!sk_wast_parse(wast_script, strlen(wast_script), "t.wast", &sc, &err))
        return check_error(&err, "sk_wast_parse", n) ? R_CLEAN_FAIL : R_BAD;
    /* An allocation failure inside one module's text is kept as that module's error. */
    result r = R_DONE;
    for (uint32_t i = 0; i < sc->ncmds; i++)
        if (sc->cmds[i].has_module && !sc->cmds[i].module.binary && sc->cmds[i].kind != SK_CMD_ASSERT_MALFORMED)
            r = R_CLEAN_FAIL;
    if (final_checks && (sc->ncmds != 9 || r != R_DONE)) {
        fprintf(stderr, "final run: %u commands\n", sc->ncmds);
        r = R_BAD;
    }
    sk_wast_free(sc);
    return r;
}

/* ---- Scenario 2: load only ---- */
static result sc_load(const uint8_t *bin, size_t len, long n)
{
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(bin, len, &err);
    if (!m) return check_error(&err, "sk_module_load", n) ? R_CLEAN_FAIL : R_BAD;
    sk_module_free(m);
    return R_DONE;
}

/* ---- Scenario 3: load, host objects, instantiate, calls (full module) ---- */

static result sc_full(const uint8_t *bin, size_t len, long n)
{
    result r = R_DONE;
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(bin, len, &err);
    if (!m) return check_error(&err, "sk_module_load", n) ? R_CLEAN_FAIL : R_BAD;
    sk_store *s = sk_store_new();
    if (!s) {
        sk_module_free(m);
        return R_CLEAN_FAIL;
    }
    static const uint8_t i32[] = {SK_I32};
    sk_func *f = sk_func_new_host(s, i32, 1, i32, 1, host_add1, NULL, NULL);
    sk_memtype mt = {{1, 4, true}};
    sk_memory *mem = sk_memory_new(s, &mt);
    sk_tabletype tt = {SK_FUNCREF, {2, 0, false}};
    sk_table *tab = sk_table_new(s, &tt, NULL);
    sk_globaltype gt = {SK_I32, true};
    sk_val gv = {.i32 = 100};
    sk_global *g = sk_global_new(s, &gt, gv);
    if (!f || !mem || !tab || !g) {
        r = R_CLEAN_FAIL;
        goto out;
    }
    sk_extern imps[4] = {{.kind = SK_EXTERN_FUNC, .of.func = f},
                         {.kind = SK_EXTERN_MEMORY, .of.mem = mem},
                         {.kind = SK_EXTERN_TABLE, .of.table = tab},
                         {.kind = SK_EXTERN_GLOBAL, .of.global = g}};
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, imps, 4, &trap, &err);
    if (!inst) {
        if (trap) {
            r = trap_ok(trap, n) ? R_CLEAN_FAIL : R_BAD;
            sk_trap_free(trap);
        } else
            r = check_error(&err, "sk_instantiate", n) ? R_CLEAN_FAIL : R_BAD;
        goto out;
    }
    struct {
        const char *name;
        sk_val args[2];
        int64_t want; /* first result as integer bits; INT64_MIN: expect a trap */
    } calls[] = {
        {"fac", {{.i32 = 10}}, 3628800},
        {"indirect", {{.i32 = 1}, {.i32 = 7}}, 49},
        {"indirect", {{.i32 = 2}, {.i32 = 7}}, 8},
        {"mem", {{0}}, 2 + 0x04030201 + 3 - 0 /* load8_u(203)='l'? see below */},
        {"tab", {{0}}, 7 + 81},
        {"loop", {{.i32 = 1000}}, 500500 + 7},
        {"multi", {{.u64 = 0x4000000000000000ull}}, 0x400c000000000000ll},
        {"trap", {{0}}, INT64_MIN},
    };
    calls[3].want = 'l' + 0x04030201 + 2; /* byte 203 = "hello, world"[3]; memory grew to 2 pages */
    for (size_t i = 0; i < SK_ARRAY_LEN(calls); i++) {
        sk_extern ex;
        if (!sk_instance_export(inst, calls[i].name, strlen(calls[i].name), &ex) || ex.kind != SK_EXTERN_FUNC) {
            fprintf(stderr, "N=%ld: export %s missing\n", n, calls[i].name);
            r = R_BAD;
            goto out;
        }
        sk_val res[2] = {{0}};
        sk_trap *t = sk_call(s, ex.of.func, calls[i].args, res);
        if (t) {
            bool expected = calls[i].want == INT64_MIN && t->kind == SK_TRAP_DIV_ZERO;
            if (!trap_ok(t, n)) r = R_BAD;
            else if (!expected && r == R_DONE) r = R_CLEAN_FAIL;
            if (final_checks && !expected) {
                fprintf(stderr, "final run: %s trapped: %s\n", calls[i].name, t->message);
                r = R_BAD;
            }
            sk_trap_free(t);
            continue;
        }
        if (final_checks && res[0].i64 != calls[i].want && (int64_t)res[0].u32 != calls[i].want) {
            fprintf(stderr, "final run: %s = %lld, want %lld\n", calls[i].name, (long long)res[0].i64,
                    (long long)calls[i].want);
            r = R_BAD;
        }
    }
    if (final_checks && g->val.i32 != 100 + (int32_t)calls[3].want - 2 + 1) {
        fprintf(stderr, "final run: global = %d\n", g->val.i32);
        r = R_BAD;
    }
out:
    sk_store_free(s);
    sk_module_free(m);
    return r;
}

/* ---- Scenario 4: no imports, start function, recursion ---- */
static result sc_start(const uint8_t *bin, size_t len, long n)
{
    result r = R_DONE;
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(bin, len, &err);
    if (!m) return check_error(&err, "sk_module_load", n) ? R_CLEAN_FAIL : R_BAD;
    sk_store *s = sk_store_new();
    if (!s) {
        sk_module_free(m);
        return R_CLEAN_FAIL;
    }
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    if (!inst) {
        if (trap) {
            r = trap_ok(trap, n) ? R_CLEAN_FAIL : R_BAD;
            sk_trap_free(trap);
        } else
            r = check_error(&err, "sk_instantiate", n) ? R_CLEAN_FAIL : R_BAD;
        goto out;
    }
    sk_extern ex;
    if (!sk_instance_export(inst, "get", 3, &ex)) {
        r = R_BAD;
        goto out;
    }
    sk_val res[1] = {{0}};
    sk_trap *t = sk_call(s, ex.of.func, NULL, res);
    if (t) {
        r = trap_ok(t, n) ? R_CLEAN_FAIL : R_BAD;
        sk_trap_free(t);
    } else if (final_checks && res[0].i32 != 1275) {
        fprintf(stderr, "final run: get = %d\n", res[0].i32);
        r = R_BAD;
    }
    if (!sk_instance_export(inst, "rec", 3, &ex)) {
        r = R_BAD;
        goto out;
    }
    sk_val a = {.i32 = 5000};
    t = sk_call(s, ex.of.func, &a, res);
    if (t) {
        if (!trap_ok(t, n)) r = R_BAD;
        else if (r == R_DONE) r = R_CLEAN_FAIL;
        sk_trap_free(t);
    } else if (final_checks && res[0].i32 != 0)
        r = R_BAD;
out:
    sk_store_free(s);
    sk_module_free(m);
    return r;
}

typedef struct scenario {
    const char *name;
    int kind; /* 0 wat, 1 load, 2 full, 3 start, 4 wast */
    const char *wat;
    uint8_t *bin;
    size_t len;
} scenario;

static result run_one(scenario *sc, long n)
{
    switch (sc->kind) {
    case 0: return sc_wat(sc->wat, n);
    case 1: return sc_load(sc->bin, sc->len, n);
    case 2: return sc_full(sc->bin, sc->len, n);
    case 4: return sc_wast(n);
    default: return sc_start(sc->bin, sc->len, n);
    }
}

/* Runs a scenario for N = 0, 1, ... until it completes untouched. Returns the number of runs. */
static long sweep(scenario *sc)
{
    long n;
    for (n = 0; n < 200000; n++) {
        sk_alloc_fail_after(n);
        final_checks = false;
        result r = run_one(sc, n);
        bool hit = injection_hit();
        sk_alloc_fail_after(-1);
        CHECK_MSG(r != R_BAD, "%s: bad outcome with allocation %ld failing", sc->name, n);
        if (r == R_BAD) return n;
        if (!hit) {
            CHECK_MSG(r == R_DONE, "%s: N=%ld: failed although no allocation failed", sc->name, n);
            break;
        }
    }
    CHECK_MSG(n > 0, "%s: made no allocations?", sc->name);
    /* The undisturbed run must be fully right. */
    final_checks = true;
    CHECK_MSG(run_one(sc, -1) == R_DONE, "%s: final run failed", sc->name);
    final_checks = false;
    return n;
}

int main(void)
{
    scenario scs[] = {
        {"wat2wasm(full)", 0, wat_full, NULL, 0},
        {"wat2wasm(start)", 0, wat_start, NULL, 0},
        {"wast parse(script)", 4, NULL, NULL, 0},
        {"load(full)", 1, wat_full, NULL, 0},
        {"load(start)", 1, wat_start, NULL, 0},
        {"instantiate+call(full)", 2, wat_full, NULL, 0},
        {"instantiate+call(start)", 3, wat_start, NULL, 0},
    };
    for (size_t i = 0; i < SK_ARRAY_LEN(scs); i++) {
        sk_error err;
        sk_error_clear(&err);
        if (scs[i].kind != 0 && scs[i].kind != 4) {
            bool ok = sk_wat2wasm(scs[i].wat, strlen(scs[i].wat), scs[i].name, &scs[i].bin, &scs[i].len, &err);
            CHECK_MSG(ok, "%s: does not encode: %s (line %u col %u)", scs[i].name, err.msg, err.line, err.col);
            if (!ok) continue;
        }
        long runs = sweep(&scs[i]);
        printf("%-26s %ld allocation points, each failed once\n", scs[i].name, runs);
        sk_free(scs[i].bin);
    }
    TEST_DONE("test_allocfail");
}
