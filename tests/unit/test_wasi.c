/* test_wasi.c: unit tests of src/wasi: version detection, import resolution, context options, capture,
 * proc_exit, fd table growth, and an allocation-failure sweep over a whole WASI run. */
#include "test.h"
#include "common/common.h"
#include "decode/module.h"
#include "runtime/runtime.h"
#include "text/text.h"
#include "wasi/wasi.h"
#include "wasi/wasi_internal.h" /* WASI_FUNCS: every function and its signature */
#include <stdio.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static sk_module *load_wat(const char *wat)
{
    sk_error err;
    sk_error_clear(&err);
    uint8_t *bin;
    size_t len;
    if (!sk_wat2wasm(wat, strlen(wat), "test.wat", &bin, &len, &err)) return NULL;
    sk_module *m = sk_module_load(bin, len, &err);
    sk_free(bin);
    return m;
}

#define P1 "wasi_snapshot_preview1"

/* Resolves every import of m with w, instantiates and runs _start. Returns 0 (ran; *trap set if it
 * trapped), 1 if loading or linking failed (message in *err). */
static int run(sk_wasi *w, sk_module *m, sk_trap **trap, sk_error *err)
{
    *trap = NULL;
    sk_store *s = sk_store_new();
    sk_extern *imports = sk_calloc(m->nimports + 1, sizeof *imports);
    int rc = 1;
    if (!s || !imports) goto out;
    for (uint32_t i = 0; i < m->nimports; i++) {
        imports[i].kind = SK_EXTERN_FUNC;
        if (!(imports[i].of.func = sk_wasi_resolve(w, s, m, &m->imports[i], err))) goto out;
    }
    sk_instance *inst = sk_instantiate(s, m, imports, m->nimports, trap, err);
    if (!inst && !*trap) goto out;
    rc = 0;
    sk_extern start;
    if (inst && sk_instance_export(inst, "_start", 6, &start)) *trap = sk_call(s, start.of.func, NULL, NULL);
out:
    sk_free(imports);
    sk_store_free(s);
    return rc;
}

static void test_version(void)
{
    sk_module *none = load_wat("(module (func (export \"_start\")))");
    sk_module *p1 = load_wat("(module (import \"" P1 "\" \"sched_yield\" (func (result i32))))");
    sk_module *un = load_wat("(module (import \"wasi_unstable\" \"sched_yield\" (func (result i32))))");
    sk_module *both = load_wat("(module (import \"wasi_unstable\" \"sched_yield\" (func (result i32)))"
                               "(import \"" P1 "\" \"sched_yield\" (func (result i32))))");
    sk_module *other = load_wat("(module (import \"wasi\" \"sched_yield\" (func (result i32))))");
    CHECK(none && p1 && un && both && other);
    if (none && p1 && un && both && other) {
        CHECK(sk_wasi_module_version(none) == SK_WASI_NONE);
        CHECK(sk_wasi_module_version(p1) == SK_WASI_PREVIEW1);
        CHECK(sk_wasi_module_version(un) == SK_WASI_UNSTABLE);
        CHECK(sk_wasi_module_version(both) == (SK_WASI_UNSTABLE | SK_WASI_PREVIEW1));
        CHECK(sk_wasi_module_version(other) == SK_WASI_NONE);
        CHECK(sk_wasi_is_wasi_import(&p1->imports[0]));
        CHECK(!sk_wasi_is_wasi_import(&other->imports[0]));
    }
    sk_module_free(none);
    sk_module_free(p1);
    sk_module_free(un);
    sk_module_free(both);
    sk_module_free(other);
}

static void test_resolve(void)
{
    sk_module *m = load_wat("(module"
                            " (import \"" P1 "\" \"fd_close\" (func (param i32) (result i32)))"
                            " (import \"" P1 "\" \"fd_close\" (func (param i64) (result i32)))"
                            " (import \"" P1 "\" \"no_such_function\" (func))"
                            " (import \"wasi_unstable\" \"sock_accept\" (func (param i32 i32 i32) (result i32)))"
                            " (import \"" P1 "\" \"sock_accept\" (func (param i32 i32 i32) (result i32)))"
                            " (import \"" P1 "\" \"memory\" (memory 1))"
                            " (import \"env\" \"fd_close\" (func (param i32) (result i32))))");
    CHECK(m != NULL);
    if (!m) return;
    sk_wasi *w = sk_wasi_new();
    sk_store *s = sk_store_new(), *s2 = sk_store_new();
    sk_error err;
    sk_error_clear(&err);
    sk_func *f = sk_wasi_resolve(w, s, m, &m->imports[0], &err);
    CHECK(f != NULL && f->host != NULL && f->type->nparams == 1 && f->type->nresults == 1);
    CHECK(sk_wasi_resolve(w, s, m, &m->imports[0], &err) == f); /* made once per store */
    sk_func *f2 = sk_wasi_resolve(w, s2, m, &m->imports[0], &err);
    CHECK(f2 != NULL && f2 != f);
    struct {
        uint32_t idx;
        const char *msg;
    } bad[] = {{1, "incompatible import type"}, {2, "unknown import"}, {3, "unknown import"}, {5, "unknown import"},
               {6, "unknown import"}};
    for (size_t i = 0; i < SK_ARRAY_LEN(bad); i++) {
        sk_error_clear(&err);
        CHECK(sk_wasi_resolve(w, s2, m, &m->imports[bad[i].idx], &err) == NULL);
        CHECK_MSG(strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)) == 0, "import %u: '%s'", bad[i].idx, err.msg);
    }
    sk_error_clear(&err);
    CHECK(sk_wasi_resolve(w, s2, m, &m->imports[4], &err) != NULL); /* preview1 has sock_accept */
    /* Called from the host (no calling instance, so no memory): fd_close works, pointers are EFAULT. */
    sk_val arg = {.i32 = 99}, res = {.i32 = -1};
    sk_trap *t = sk_call(s2, f2, &arg, &res);
    CHECK(t == NULL && res.i32 == 8); /* EBADF */
    sk_trap_free(t);
    sk_store_free(s);
    sk_store_free(s2);
    sk_wasi_free(w);
    sk_module_free(m);
}

static void test_options(void)
{
    sk_wasi *w = sk_wasi_new();
    sk_error err;
    sk_error_clear(&err);
    CHECK(!sk_wasi_add_env(w, "NOEQUALS", &err) && strstr(err.msg, "KEY=VALUE"));
    sk_error_clear(&err);
    CHECK(!sk_wasi_add_env(w, "=value", &err));
    sk_error_clear(&err);
    CHECK(sk_wasi_add_env(w, "A=1", &err) && sk_wasi_add_env(w, "A=2", &err));
    CHECK(!sk_wasi_preopen_dir(w, "/nonexistent/skiff/dir", NULL, &err) && strstr(err.msg, "cannot open directory"));
    sk_error_clear(&err);
    CHECK(!sk_wasi_preopen_dir(w, "/etc/passwd", "/x", &err)); /* not a directory */
    sk_error_clear(&err);
    CHECK(!sk_wasi_set_stdio(w, 3, SK_WASI_STDIO_NULL, NULL, &err));
    sk_error_clear(&err);
    CHECK(!sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_FILE, "/nonexistent/dir/file", &err));
    sk_error_clear(&err);
    int nul = open("/dev/null", O_RDONLY);
    CHECK(sk_wasi_preopen_socket(w, nul, &err) < 0 && strstr(err.msg, "not a socket"));
    close(nul);
    CHECK(!sk_wasi_captured_fd(w, 1));
    CHECK(sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_CAPTURE, NULL, &err));
    CHECK(sk_wasi_captured_fd(w, 1) && !sk_wasi_captured_fd(w, 2) && !sk_wasi_captured_fd(w, 0));
    size_t len = 1;
    CHECK(sk_wasi_captured(w, 1, &len) == NULL && len == 0);
    CHECK(sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_INHERIT, NULL, &err) && !sk_wasi_captured_fd(w, 1));
    sk_wasi_free(w);
    sk_wasi_free(NULL);
}

/* Reads stdin, echoes it, checks argv/env sizes, opens the preopen 40 times (fds 4..43, so the fd table
 * grows), closes them, and exits with 7. Any failure exits with a code saying where. */
static const char *echo_wat =
    "(module"
    " (import \"" P1 "\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))"
    " (import \"" P1 "\" \"fd_read\" (func $fd_read (param i32 i32 i32 i32) (result i32)))"
    " (import \"" P1 "\" \"args_sizes_get\" (func $args_sizes (param i32 i32) (result i32)))"
    " (import \"" P1 "\" \"environ_sizes_get\" (func $env_sizes (param i32 i32) (result i32)))"
    " (import \"" P1 "\" \"path_open\" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))"
    " (import \"" P1 "\" \"fd_close\" (func $fd_close (param i32) (result i32)))"
    " (import \"" P1 "\" \"proc_exit\" (func $exit (param i32)))"
    " (memory (export \"memory\") 1)"
    " (data (i32.const 100) \".\")"
    " (func $fail (param i32) (param i32) (if (local.get 0) (then (call $exit (local.get 1)))))"
    " (func (export \"_start\") (local $i i32)"
    "  (i32.store (i32.const 0) (i32.const 1000)) (i32.store (i32.const 4) (i32.const 100))"
    "  (call $fail (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (i32.const 20))"
    "  (i32.store (i32.const 4) (i32.load (i32.const 8)))"
    "  (call $fail (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (i32.const 21))"
    "  (call $fail (call $args_sizes (i32.const 24) (i32.const 28)) (i32.const 30))"
    "  (call $fail (i32.ne (i32.load (i32.const 24)) (i32.const 2)) (i32.const 31))"
    "  (call $fail (i32.ne (i32.load (i32.const 28)) (i32.const 9)) (i32.const 32))" /* "prog\0" "xyz\0" */
    "  (call $fail (call $env_sizes (i32.const 24) (i32.const 28)) (i32.const 33))"
    "  (call $fail (i32.ne (i32.load (i32.const 24)) (i32.const 1)) (i32.const 34))"
    "  (block $done (loop $l"
    "   (br_if $done (i32.ge_u (local.get $i) (i32.const 40)))"
    "   (call $fail (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 2)"
    "     (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 16)) (i32.const 22))"
    "   (call $fail (i32.ne (i32.load (i32.const 16)) (i32.add (i32.const 4) (local.get $i))) (i32.const 23))"
    "   (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))"
    "  (local.set $i (i32.const 4))"
    "  (block $done2 (loop $l2"
    "   (br_if $done2 (i32.ge_u (local.get $i) (i32.const 44)))"
    "   (call $fail (call $fd_close (local.get $i)) (i32.const 24))"
    "   (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l2)))"
    "  (call $exit (i32.const 7))))";

typedef enum { R_DONE, R_CLEAN_FAIL, R_BAD } result;

/* One complete WASI run; every step may fail cleanly under allocation failure. */
static result full_run(sk_module *m, const char *dir)
{
    sk_error err;
    sk_error_clear(&err);
    sk_wasi *w = sk_wasi_new();
    if (!w) return R_CLEAN_FAIL;
    result r = R_CLEAN_FAIL;
    if (!sk_wasi_add_arg(w, "prog") || !sk_wasi_add_arg(w, "xyz") || !sk_wasi_add_env(w, "K=V", &err) ||
        !sk_wasi_preopen_dir(w, dir, "/d", &err) || !sk_wasi_set_stdin_bytes(w, "echo me", 7, &err) ||
        !sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_CAPTURE, NULL, &err))
        goto out;
    sk_trap *trap;
    if (run(w, m, &trap, &err) != 0) goto out;
    if (!trap) {
        r = R_BAD; /* _start always ends with proc_exit */
        goto out;
    }
    if (trap->is_exit && trap->exit_code == 7) {
        size_t len;
        const uint8_t *out = sk_wasi_captured(w, 1, &len);
        r = out && len == 7 && memcmp(out, "echo me", 7) == 0 ? R_DONE : R_BAD;
    } else if (trap->is_exit && trap->exit_code >= 20 && trap->exit_code <= 24) {
        r = R_CLEAN_FAIL; /* a WASI call failed (ENOMEM) and the guest said so */
    } else if (!trap->is_exit && trap->kind != SK_TRAP_HOST) {
        r = R_CLEAN_FAIL; /* e.g. the interpreter's own allocation failed */
    } else {
        r = R_BAD;
    }
    sk_trap_free(trap);
out:
    sk_wasi_free(w);
    return r;
}

static bool injection_hit(void)
{
    void *p = sk_malloc(1);
    sk_free(p);
    return p == NULL;
}

static void test_run_and_oom(void)
{
    sk_module *m = load_wat(echo_wat);
    CHECK(m != NULL);
    if (!m) return;
    char dir[] = "/tmp/skiff-wasi-unit.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    result r0 = full_run(m, dir);
    CHECK_MSG(r0 == R_DONE, "undisturbed run: %d", (int)r0);
    long n;
    for (n = 0; n < 20000; n++) {
        sk_alloc_fail_after(n);
        result r = full_run(m, dir);
        bool hit = injection_hit();
        sk_alloc_fail_after(-1);
        CHECK_MSG(r != R_BAD, "allocation %ld failing: bad outcome", n);
        if (r == R_BAD) break;
        if (!hit) {
            CHECK_MSG(r == R_DONE, "N=%ld: failed although no allocation failed", n);
            break;
        }
    }
    CHECK(n > 10);
    rmdir(dir);
    sk_module_free(m);
}

/* proc_exit's status, and a trap from proc_raise, reach the host. */
static void test_exit(void)
{
    sk_module *m = load_wat("(module (import \"" P1 "\" \"proc_exit\" (func $e (param i32)))"
                            " (func (export \"_start\") (call $e (i32.const 300)) unreachable))");
    sk_module *m2 = load_wat("(module (import \"wasi_unstable\" \"proc_raise\" (func $r (param i32) (result i32)))"
                             " (func (export \"_start\") (drop (call $r (i32.const 15)))))");
    CHECK(m && m2);
    if (!m || !m2) return;
    sk_wasi *w = sk_wasi_new();
    sk_error err;
    sk_error_clear(&err);
    sk_trap *t;
    CHECK(run(w, m, &t, &err) == 0 && t && t->is_exit && t->exit_code == 300);
    sk_trap_free(t);
    CHECK(run(w, m2, &t, &err) == 0 && t && !t->is_exit && strstr(t->message, "SIGTERM"));
    sk_trap_free(t);
    sk_wasi_free(w);
    sk_module_free(m);
    sk_module_free(m2);
}

static void *interrupter(void *arg)
{
    usleep(200000);
    sk_store_interrupt(arg);
    return NULL;
}

/* A guest sleeping in poll_oneoff (30 s) is stopped by sk_store_interrupt from another thread. */
static void test_interrupt(void)
{
    sk_module *m = load_wat("(module (import \"" P1 "\" \"poll_oneoff\" (func $p (param i32 i32 i32 i32) (result i32)))"
                            " (memory 1)"
                            " (func (export \"_start\")"
                            "  (i32.store8 (i32.const 8) (i32.const 0))"          /* tag: clock */
                            "  (i32.store (i32.const 16) (i32.const 1))"          /* monotonic */
                            "  (i64.store (i32.const 24) (i64.const 30000000000))" /* 30 s */
                            "  (drop (call $p (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)))))");
    CHECK(m != NULL);
    if (!m) return;
    sk_wasi *w = sk_wasi_new();
    sk_store *s = sk_store_new();
    sk_error err;
    sk_error_clear(&err);
    sk_extern imp = {SK_EXTERN_FUNC, {.func = sk_wasi_resolve(w, s, m, &m->imports[0], &err)}};
    sk_trap *t = NULL;
    sk_instance *inst = imp.of.func ? sk_instantiate(s, m, &imp, 1, &t, &err) : NULL;
    sk_extern start;
    CHECK(inst && sk_instance_export(inst, "_start", 6, &start));
    if (inst) {
        pthread_t th;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        CHECK(pthread_create(&th, NULL, interrupter, s) == 0);
        t = sk_call(s, start.of.func, NULL, NULL);
        pthread_join(th, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        CHECK(t && t->kind == SK_TRAP_INTERRUPT && !t->is_exit);
        CHECK_MSG(secs > 0.15 && secs < 5, "interrupted after %.2f s", secs);
        sk_trap_free(t);
    }
    sk_store_free(s);
    sk_wasi_free(w);
    sk_module_free(m);
}

/* ---- Fuzz: every WASI function called with hostile arguments on a real instance memory ---- */

typedef struct {
    const char *name, *params, *results;
} fdef;
static const fdef all_funcs[] = {
#define X(n, p, r) {#n, p, r},
    WASI_FUNCS(X)
#undef X
};

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint32_t fuzz_i32(void)
{
    static const uint32_t pick[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 64, 100, 200, 1000, 4096, 65535 - 8, 65536 - 24,
                                    65535, 65536, 65537, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFF8u};
    switch (rnd() % 4) {
    case 0: return (uint32_t)(rnd() % 70000);
    case 1: return (uint32_t)rnd();
    default: return pick[rnd() % SK_ARRAY_LEN(pick)];
    }
}

static uint64_t fuzz_i64(void)
{
    static const uint64_t pick[] = {0, 1, 2, 3, 100, 4096, 1ull << 32, 1ull << 40, INT64_MAX, (uint64_t)-1,
                                    (uint64_t)INT64_MIN, 0x3FFFFFFF};
    return rnd() % 3 ? pick[rnd() % SK_ARRAY_LEN(pick)] : rnd();
}

/* Fills guest memory with short path-like strings and small numbers, so that some calls get far. */
static void fuzz_memory(uint8_t *mem, size_t size)
{
    static const char *const words[] = {"a", "b", "..", ".", "/", "sub", "x.txt", "../", "//", "link", "d/e"};
    for (size_t i = 0; i < size;) {
        if (rnd() % 3 == 0) {
            const char *w = words[rnd() % SK_ARRAY_LEN(words)];
            size_t l = strlen(w);
            if (i + l > size) break;
            memcpy(mem + i, w, l);
            i += l;
        } else {
            mem[i++] = (uint8_t)(rnd() % 8);
        }
    }
}

static void fuzz_namespace(const char *ns, long iterations, const char *sandbox)
{
    /* A module importing every function of the namespace, with one page of memory. */
    size_t cap = 16384, len = 0;
    char *wat = sk_malloc(cap);
    if (!wat) return;
    len += (size_t)snprintf(wat + len, cap - len, "(module");
    uint32_t nimp = 0;
    for (size_t i = 0; i < SK_ARRAY_LEN(all_funcs); i++) {
        const fdef *d = &all_funcs[i];
        if (!strcmp(d->name, "poll_oneoff")) continue; /* random timeouts would sleep for ages */
        if (!strcmp(d->name, "fd_allocate")) continue; /* would really take gigabytes of disk */
        if (!strcmp(ns, "wasi_unstable") && !strcmp(d->name, "sock_accept")) continue;
        len += (size_t)snprintf(wat + len, cap - len, " (import \"%s\" \"%s\" (func (param", ns, d->name);
        for (const char *p = d->params; *p; p++)
            len += (size_t)snprintf(wat + len, cap - len, " %s", *p == 'I' ? "i64" : "i32");
        len += (size_t)snprintf(wat + len, cap - len, ") (result%s)))", *d->results ? " i32" : "");
        nimp++;
    }
    snprintf(wat + len, cap - len, " (memory (export \"memory\") 1))");
    sk_module *m = load_wat(wat);
    sk_free(wat);
    CHECK_MSG(m != NULL, "fuzz module for %s", ns);
    if (!m) return;
    sk_wasi *w = sk_wasi_new();
    sk_store *s = sk_store_new();
    sk_error err;
    sk_error_clear(&err);
    CHECK(sk_wasi_set_stdin_bytes(w, "some input", 10, &err) &&
          sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_CAPTURE, NULL, &err) &&
          sk_wasi_set_stdio(w, 2, SK_WASI_STDIO_CAPTURE, NULL, &err) && sk_wasi_preopen_dir(w, sandbox, "/s", &err) &&
          sk_wasi_add_arg(w, "fuzz") && sk_wasi_add_env(w, "A=B", &err));
    sk_extern *imports = sk_calloc(nimp, sizeof *imports);
    bool ok = imports != NULL;
    for (uint32_t i = 0; ok && i < nimp; i++) {
        imports[i].kind = SK_EXTERN_FUNC;
        ok = (imports[i].of.func = sk_wasi_resolve(w, s, m, &m->imports[i], &err)) != NULL;
    }
    sk_trap *trap = NULL;
    sk_instance *inst = ok ? sk_instantiate(s, m, imports, nimp, &trap, &err) : NULL;
    CHECK_MSG(inst != NULL, "fuzz instance for %s: %s", ns, err.msg);
    long calls = 0, traps = 0, efaults = 0, successes = 0;
    for (long it = 0; inst && it < iterations; it++) {
        if (it % 500 == 0) fuzz_memory(inst->mems[0]->data, (size_t)inst->mems[0]->size);
        uint32_t k = (uint32_t)(rnd() % nimp);
        sk_func *f = inst->funcs[k];
        sk_val args[16], res[2];
        memset(args, 0, sizeof args);
        res[0].i32 = -1;
        for (uint32_t p = 0; p < f->type->nparams; p++) {
            if (f->type->params[p] == SK_I64) args[p].u64 = fuzz_i64();
            else if (p == 0 && rnd() % 4) args[p].u32 = (uint32_t)(rnd() % 9); /* mostly a real fd */
            else args[p].u32 = fuzz_i32();
        }
        sk_caller caller = {s, inst};
        sk_trap *t = f->host(&caller, f->env, args, res);
        calls++;
        if (t) {
            traps++;
            sk_trap_free(t);
        } else if (f->type->nresults) {
            CHECK_MSG(res[0].u32 <= 76, "%s: errno %u out of range", m->imports[k].name, res[0].u32);
            efaults += res[0].u32 == 21;
            successes += res[0].u32 == 0;
        }
    }
    printf("fuzz %s: %ld calls: %ld succeeded, %ld EFAULT, %ld traps\n", ns, calls, successes, efaults, traps);
    CHECK(calls == (inst ? iterations : 0));
    CHECK(!inst || (efaults > 0 && successes > calls / 50)); /* both bad and good arguments were tried */
    sk_free(imports);
    sk_store_free(s);
    sk_wasi_free(w);
    sk_module_free(m);
}

/* Fuzzes both namespaces in a fresh sandbox next to an "outside" directory that must stay untouched;
 * the shell is used for setup and cleanup. */
static void fuzz(void)
{
    char base[] = "/tmp/skiff-wasi-fuzz.XXXXXX";
    CHECK(mkdtemp(base) != NULL);
    char sandbox[64], outside[64], secret[80], cmd[256];
    snprintf(sandbox, sizeof sandbox, "%s/sandbox", base);
    snprintf(outside, sizeof outside, "%s/outside", base);
    snprintf(secret, sizeof secret, "%s/secret", outside);
    CHECK(mkdir(sandbox, 0755) == 0 && mkdir(outside, 0755) == 0);
    FILE *f = fopen(secret, "w");
    if (f) {
        fputs("secret\n", f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "cd %s && mkdir -p sub/d && echo hi > x.txt && ln -s ../outside link && ln -s x.txt a",
             sandbox);
    CHECK(system(cmd) == 0);
    fuzz_namespace("wasi_snapshot_preview1", 30000, sandbox);
    fuzz_namespace("wasi_unstable", 10000, sandbox);
    /* Nothing outside the sandbox changed. */
    snprintf(cmd, sizeof cmd, "[ \"$(ls -A %s)\" = secret ] && [ \"$(cat %s)\" = secret ]", outside, secret);
    CHECK_MSG(system(cmd) == 0, "the fuzzer changed %s", outside);
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx %s; rm -rf %s", base, base);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    fuzz();
    test_interrupt();
    test_version();
    test_resolve();
    test_options();
    test_exit();
    test_run_and_oom();
    TEST_DONE("test_wasi");
}
