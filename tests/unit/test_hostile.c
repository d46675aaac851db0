/* test_hostile.c: hostile guests. Each case runs in a forked child (so a crash, hang or runaway
 * allocation fails that case alone), under a watchdog alarm, and its peak RSS is checked: the host
 * must survive every guest with bounded memory, each ending in a trap or a clean error.
 * Big binaries are built in C here (tests/fuzz/wbuf.h). Inputs kept from fuzzing findings
 * (tests/regress/modules/\*.wasm) are run the same way at the end. */
#include "decode/module.h"
#include "runtime/runtime.h"
#include "text/text.h"
#include "test.h"
#include "../fuzz/wbuf.h"
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- Child-side checks: print and fail the case ---- */
#define EXPECT(cond, ...)                                                              \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "  %s:%d: expected %s: ", __FILE__, __LINE__, #cond);      \
            fprintf(stderr, __VA_ARGS__);                                              \
            fputc('\n', stderr);                                                       \
            return 1;                                                                  \
        }                                                                              \
    } while (0)

typedef int (*case_fn)(void);

/* Runs fn in a child with a timeout; checks it exits 0 and its peak RSS stays under max_mb. */
static void run_case(const char *name, case_fn fn, long max_mb, unsigned timeout_s)
{
    fflush(stdout);
    fflush(stderr);
    struct timeval t0, t1;
    gettimeofday(&t0, NULL);
    pid_t pid = fork();
    if (pid < 0) {
        CHECK_MSG(0, "%s: fork failed", name);
        return;
    }
    if (pid == 0) {
        alarm(timeout_s);
        int rc = fn();
        exit(rc); /* exit, not _exit: LeakSanitizer runs at exit */
    }
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &st, 0, &ru) < 0) {
    }
    gettimeofday(&t1, NULL);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_usec - t0.tv_usec) / 1e6;
    long rss_mb = ru.ru_maxrss / 1024;
    if (WIFSIGNALED(st))
        CHECK_MSG(0, "%s: killed by signal %d (%s)", name, WTERMSIG(st),
                  WTERMSIG(st) == SIGALRM ? "timeout: hang" : "crash");
    else
        CHECK_MSG(WEXITSTATUS(st) == 0, "%s: failed (exit %d)", name, WEXITSTATUS(st));
    CHECK_MSG(rss_mb <= max_mb, "%s: peak RSS %ld MB over the bound of %ld MB", name, rss_mb, max_mb);
    printf("%-40s %s %6.2fs  peak RSS %4ld MB\n", name, (WIFEXITED(st) && !WEXITSTATUS(st)) ? "ok  " : "FAIL", secs,
           rss_mb);
}

/* ---- Helpers ---- */
static sk_module *load_wat(const char *wat, sk_error *err)
{
    uint8_t *bin = NULL;
    size_t len = 0;
    sk_error_clear(err);
    if (!sk_wat2wasm(wat, strlen(wat), "hostile.wat", &bin, &len, err)) return NULL;
    sk_module *m = sk_module_load(bin, len, err);
    sk_free(bin);
    return m;
}

static sk_func *export_func(sk_instance *inst, const char *name)
{
    sk_extern ex;
    if (!sk_instance_export(inst, name, strlen(name), &ex) || ex.kind != SK_EXTERN_FUNC) return NULL;
    return ex.of.func;
}

/* Calls an export; returns the trap kind (SK_TRAP_NONE if it returned), result in *res. */
static sk_trap_kind call_kind(sk_store *s, sk_instance *inst, const char *name, const sk_val *args, sk_val *res,
                              char *msg, size_t msgsz)
{
    sk_func *f = export_func(inst, name);
    if (!f) {
        snprintf(msg, msgsz, "no export %s", name);
        return SK_TRAP_HOST;
    }
    sk_val dummy[8];
    sk_trap *t = sk_call(s, f, args, res ? res : dummy);
    if (!t) return SK_TRAP_NONE;
    sk_trap_kind k = t->kind;
    snprintf(msg, msgsz, "%s", t->message ? t->message : "(no message)");
    sk_trap_free(t);
    return k;
}

/* ---- Memory grown to the limit ---- */
static const char *wat_grow = "(module (memory 1)\n"
                              "  (func (export \"grow_all\") (result i32)\n"
                              "    (block (loop (br_if 1 (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br 0)))\n"
                              "    (memory.size))\n"
                              "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
                              "  (func (export \"poke\") (param i32) (i32.store8 (local.get 0) (i32.const 7)))\n"
                              "  (func (export \"peek\") (param i32) (result i32) (i32.load8_u (local.get 0))))";

static int case_memory_store_limit(void)
{
    sk_error err;
    sk_module *m = load_wat(wat_grow, &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    s->max_memory_pages = 2048; /* 128 MiB */
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    char msg[256];
    sk_val res[1], a[1];
    EXPECT(call_kind(s, inst, "grow_all", NULL, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
    EXPECT(res[0].u32 == 2048, "size %u", res[0].u32);
    a[0].u32 = 1;
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == -1, "grow past limit");
    a[0].u32 = 2048u * 65536 - 1;
    EXPECT(call_kind(s, inst, "poke", a, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
    a[0].u32 = 2048u * 65536;
    EXPECT(call_kind(s, inst, "poke", a, res, msg, sizeof msg) == SK_TRAP_OOB_MEMORY, "%s", msg);
    EXPECT(strncmp(msg, "out of bounds memory access", 27) == 0, "%s", msg);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

static int case_memory_4gib(void)
{
    sk_error err;
    sk_module *m = load_wat(wat_grow, &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    char msg[256];
    sk_val res[1], a[1];
    a[0].u32 = 65536; /* 1 + 65536 pages: over the 4 GiB maximum */
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == -1, "%d", res[0].i32);
    a[0].u32 = 65535; /* exactly to 4 GiB */
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
    if (res[0].i32 == -1) {
        /* The host could not reserve 4 GiB: allowed, but then growing must keep working below it. */
        a[0].u32 = 1;
        EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == 1, "small grow");
    } else {
        EXPECT(res[0].i32 == 1, "old size %d", res[0].i32);
        a[0].u32 = 0xFFFFFFFFu;
        EXPECT(call_kind(s, inst, "poke", a, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
        EXPECT(call_kind(s, inst, "peek", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].u32 == 7, "peek");
        a[0].u32 = 1;
        EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == -1, "grow at max");
    }
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* ---- Recursion without end ---- */
static sk_trap *host_reenter(sk_caller *c, void *env, const sk_val *args, sk_val *results)
{
    sk_func *f = export_func(c->instance, "viahost");
    if (!f) return sk_trap_new(SK_TRAP_HOST, "host trap: no export");
    return sk_call(c->store, f, NULL, NULL);
}

static int case_recursion(void)
{
    static const char *wat =
        "(module (import \"env\" \"h\" (func $h))\n"
        "  (type $v (func))\n"
        "  (table 2 funcref) (elem (i32.const 0) $ind $viahost)\n"
        "  (func $r (export \"r\") (call $r))\n"
        "  (func $big (export \"big\") (param i64 i64) (result i64)\n"
        "    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)\n"
        "    (local v128 v128) (i64.add (local.get 0) (call $big (local.get 1) (local.get 0))))\n"
        "  (func $ind (export \"ind\") (call_indirect (type $v) (i32.const 0)))\n"
        "  (func $viahost (export \"viahost\") (call $h))\n"
        "  (func $mutual_a (export \"mutual\") (drop (call $mutual_b (i32.const 1))))\n"
        "  (func $mutual_b (param i32) (result i32) (call $mutual_a) (local.get 0)))";
    sk_error err;
    const char *w = wat;
    sk_module *m = load_wat(w, &err);
    if (!m) { /* without SIMD support, drop the v128 locals */
        static char buf[2048];
        snprintf(buf, sizeof buf, "%s", wat);
        char *p = strstr(buf, "(local v128 v128)");
        if (p) memset(p, ' ', strlen("(local v128 v128)"));
        m = load_wat(buf, &err);
    }
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    sk_func *h = sk_func_new_host(s, NULL, 0, NULL, 0, host_reenter, NULL, NULL);
    sk_extern imp = {.kind = SK_EXTERN_FUNC, .of.func = h};
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, &imp, 1, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    static const char *names[] = {"r", "big", "ind", "mutual", "viahost"};
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < SK_ARRAY_LEN(names); i++) {
            char msg[256];
            sk_val a[2] = {{.i64 = 1}, {.i64 = 2}}, res[1];
            sk_trap_kind k = call_kind(s, inst, names[i], a, res, msg, sizeof msg);
            EXPECT(k == SK_TRAP_STACK_EXHAUSTED, "%s: trap %d %s", names[i], (int)k, msg);
            EXPECT(strncmp(msg, "call stack exhausted", 20) == 0, "%s: %s", names[i], msg);
        }
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* ---- Loops without end: fuel and interrupt ---- */
static const char *wat_loops =
    "(module (memory 1) (global $g (mut i32) (i32.const 0))\n"
    "  (func $f) (func (export \"noop\"))\n"
    "  (func (export \"br\") (loop (br 0)))\n"
    "  (func (export \"br_if\") (loop (br_if 0 (i32.const 1))))\n"
    "  (func (export \"br_table\") (loop (br_table 0 (i32.const 0))))\n"
    "  (func (export \"br_table_late\") (loop (global.set $g (i32.const 1)) (br_table 1 0 (i32.const 1))))\n"
    "  (func (export \"call_in_loop\") (loop (call $f) (br 0)))\n"
    "  (func (export \"nested\") (loop (block (loop (br 2)))))\n"
    "  (func (export \"value_loop\") (result i32) (loop (result i32) (br 0)))\n"
    "  (func (export \"if_loop\") (loop (if (i32.const 1) (then (br 1)))))\n"
    "  (func (export \"mem_loop\") (loop (memory.fill (i32.const 0) (i32.const 1) (i32.const 65536)) (br 0))))";
static const char *loop_names[] = {"br",     "br_if",      "br_table", "br_table_late", "call_in_loop",
                                   "nested", "value_loop", "if_loop",  "mem_loop"};

static const char *loop_name; /* the loop shape the next fuel/interrupt case runs */

static int case_fuel(void)
{
    sk_error err;
    sk_module *m = load_wat(wat_loops, &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    s->fuel_enabled = true;
    s->fuel = 100000;
    char msg[256];
    sk_val res[1];
    /* A loop that does not use fuel never returns: the case's alarm reports the hang. */
    sk_trap_kind k = call_kind(s, inst, loop_name, NULL, res, msg, sizeof msg);
    EXPECT(k == SK_TRAP_OUT_OF_FUEL && strncmp(msg, "all fuel consumed", 17) == 0, "trap %d %s", (int)k, msg);
    EXPECT(s->fuel == 0, "fuel left %llu", (unsigned long long)s->fuel);
    /* Refuelled, the store runs normal code again. */
    s->fuel = 10;
    EXPECT(call_kind(s, inst, "noop", NULL, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* An infinite start function: instantiation must end with the fuel trap. */
static int case_fuel_start(void)
{
    sk_error err;
    sk_module *m = load_wat("(module (func $s (loop (br 0))) (start $s))", &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    s->fuel_enabled = true;
    s->fuel = 1000000;
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(!inst && trap && trap->kind == SK_TRAP_OUT_OF_FUEL, "instantiation of an endless start");
    sk_trap_free(trap);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

typedef struct irq {
    sk_store *s;
    volatile int stop;
} irq;

static void *interrupter(void *p)
{
    irq *q = p;
    struct timespec ts = {0, 30 * 1000 * 1000};
    nanosleep(&ts, NULL);
    sk_store_interrupt(q->s);
    return NULL;
}

static int case_interrupt(void)
{
    sk_error err;
    sk_module *m = load_wat(wat_loops, &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    irq q = {s, 0};
    pthread_t th;
    EXPECT(pthread_create(&th, NULL, interrupter, &q) == 0, "pthread_create");
    char msg[256];
    sk_val res[1];
    /* A loop that ignores the interrupt never returns: the case's alarm reports the hang. */
    sk_trap_kind k = call_kind(s, inst, loop_name, NULL, res, msg, sizeof msg);
    pthread_join(th, NULL);
    EXPECT(k == SK_TRAP_INTERRUPT && strncmp(msg, "interrupt", 9) == 0, "trap %d %s", (int)k, msg);
    /* The request was consumed by that trap: the store runs normal code again. */
    EXPECT(call_kind(s, inst, "noop", NULL, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* ---- Huge tables ---- */
static int case_table_grow(void)
{
    sk_error err;
    sk_module *m = load_wat("(module (table $t 0 funcref)\n"
                            "  (func $f (export \"grow\") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0)))\n"
                            "  (func (export \"size\") (result i32) (table.size $t))\n"
                            "  (func (export \"fill_all\") (table.fill $t (i32.const 0) (ref.null func) (table.size $t))))",
                            &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    s->max_table_elems = 5000000;
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    char msg[256];
    sk_val res[1], a[1];
    a[0].u32 = 0xFFFFFFFFu;
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == -1, "grow 2^32-1");
    a[0].u32 = 0x7FFFFFFFu;
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == -1, "grow 2^31-1");
    /* Grow in doubling steps until refused: must stop exactly at the store's limit. */
    uint32_t size = 0;
    for (int i = 0; i < 64; i++) {
        a[0].u32 = size ? size : 1;
        EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
        if (res[0].i32 == -1) break;
        EXPECT(res[0].u32 == size, "old size %u, want %u", res[0].u32, size);
        size += a[0].u32;
    }
    a[0].u32 = 5000000 - size;
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].u32 == size, "to limit");
    a[0].u32 = 1;
    EXPECT(call_kind(s, inst, "grow", a, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == -1, "past limit");
    EXPECT(call_kind(s, inst, "size", NULL, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].u32 == 5000000, "size");
    EXPECT(call_kind(s, inst, "fill_all", NULL, res, msg, sizeof msg) == SK_TRAP_NONE, "%s", msg);
    sk_store_free(s);
    sk_module_free(m);

    /* A declared table over the limit: a clean instantiation failure. */
    m = load_wat("(module (table 4000000000 funcref))", &err);
    EXPECT(m, "%s", err.msg);
    s = sk_store_new();
    sk_error_clear(&err);
    trap = NULL;
    inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(!inst && (trap || sk_error_is_set(&err)), "huge table instantiated");
    sk_trap_free(trap);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* ---- Big binaries built in C ---- */

/* The head of a one-function module: the header, a type section holding `sig` (the encoded type
 * section body), a function section declaring one function of type 0 and, when `export` is set, an
 * export section naming it. Sections after the export section (start, element, code, data) follow. */
static void wb_one_func_head(wbuf *b, const char *sig, size_t sig_len, const char *export)
{
    wbuf sec = {0};
    wb_header(b);
    wb_bytes(&sec, sig, sig_len);
    wb_section(b, 1, &sec);
    wb_bytes(&sec, "\x01\x00", 2);
    wb_section(b, 3, &sec);
    if (export) {
        wb_byte(&sec, 1);
        wb_name(&sec, export);
        wb_byte(&sec, 0);
        wb_byte(&sec, 0);
        wb_section(b, 7, &sec);
    }
    wb_free(&sec);
}

/* A code section holding the one body `body` (locals and instructions); frees `body`. */
static void wb_one_code(wbuf *b, wbuf *body)
{
    wbuf sec = {0};
    wb_byte(&sec, 1);
    wb_uleb(&sec, body->len);
    wb_bytes(&sec, body->p, body->len);
    wb_section(b, 10, &sec);
    wb_free(&sec);
    wb_free(body);
}

/* A module of `nfuncs` functions () -> i32; function i returns i; exports "last". */
static void build_many_funcs(wbuf *b, uint32_t nfuncs)
{
    wbuf sec = {0};
    wb_header(b);
    wb_bytes(&sec, "\x01\x60\x00\x01\x7f", 5);
    wb_section(b, 1, &sec);
    wb_uleb(&sec, nfuncs);
    for (uint32_t i = 0; i < nfuncs; i++) wb_byte(&sec, 0);
    wb_section(b, 3, &sec);
    wb_byte(&sec, 1);
    wb_name(&sec, "last");
    wb_byte(&sec, 0);
    wb_uleb(&sec, nfuncs - 1);
    wb_section(b, 7, &sec);
    wb_uleb(&sec, nfuncs);
    for (uint32_t i = 0; i < nfuncs; i++) {
        wbuf body = {0};
        wb_byte(&body, 0);
        wb_byte(&body, 0x41);
        wb_sleb(&body, i);
        wb_byte(&body, 0x0B);
        wb_uleb(&sec, body.len);
        wb_bytes(&sec, body.p, body.len);
        wb_free(&body);
    }
    wb_section(b, 10, &sec);
    wb_free(&sec);
}

static int load_and_call(const wbuf *b, const char *name, const sk_val *args, sk_val *res, bool *loaded)
{
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(b->p, b->len, &err);
    *loaded = m != NULL;
    if (!m) {
        EXPECT(sk_error_is_set(&err), "rejected without a message");
        fprintf(stderr, "  (rejected cleanly: %s)\n", err.msg);
        return 0;
    }
    sk_store *s = sk_store_new();
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    char msg[256];
    sk_trap_kind k = call_kind(s, inst, name, args, res, msg, sizeof msg);
    sk_store_free(s);
    sk_module_free(m);
    EXPECT(k == SK_TRAP_NONE, "%s", msg);
    return 0;
}

static int case_100k_funcs(void)
{
    wbuf b = {0};
    build_many_funcs(&b, 100000);
    sk_val res[1] = {{0}};
    bool loaded;
    int rc = load_and_call(&b, "last", NULL, res, &loaded);
    wb_free(&b);
    if (rc) return rc;
    EXPECT(!loaded || res[0].i32 == 99999, "last() = %d", res[0].i32);
    return 0;
}

/* One function (i32) -> i32 with `nlocals` i32 locals declared one group each; returns local[param]
 * after setting the last local to 42. When `recurse`, it calls itself first (frames of nlocals slots). */
static void build_many_locals(wbuf *b, uint32_t nlocals, bool recurse)
{
    wbuf body = {0};
    wb_one_func_head(b, "\x01\x60\x01\x7f\x01\x7f", 6, "f");
    wb_uleb(&body, nlocals);
    for (uint32_t i = 0; i < nlocals; i++) {
        wb_byte(&body, 1);
        wb_byte(&body, 0x7F);
    }
    if (recurse) {
        wb_bytes(&body, "\x20\x00\x10\x00\x1a", 5); /* local.get 0; call 0; drop */
    }
    wb_bytes(&body, "\x41\x2a\x21", 3); /* i32.const 42; local.set nlocals */
    wb_uleb(&body, nlocals);
    wb_byte(&body, 0x20);                  /* local.get nlocals */
    wb_uleb(&body, nlocals);
    wb_byte(&body, 0x20); /* local.get 0 (the param) */
    wb_byte(&body, 0x00);
    wb_byte(&body, 0x6A); /* i32.add */
    wb_byte(&body, 0x0B);
    wb_one_code(b, &body);
}

static int case_50k_locals(void)
{
    wbuf b = {0};
    build_many_locals(&b, 50000, false);
    sk_val a[1] = {{.i32 = 1}}, res[1] = {{0}};
    bool loaded;
    int rc = load_and_call(&b, "f", a, res, &loaded);
    wb_free(&b);
    if (rc) return rc;
    EXPECT(!loaded || res[0].i32 == 43, "f(1) = %d", res[0].i32);

    /* Recursion with 50,000-local frames: the stack limit, not the depth limit, must stop it. */
    memset(&b, 0, sizeof b);
    build_many_locals(&b, 50000, true);
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(b.p, b.len, &err);
    wb_free(&b);
    if (!m) return 0;
    sk_store *s = sk_store_new();
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(inst, "%s", err.msg);
    char msg[256];
    EXPECT(call_kind(s, inst, "f", a, res, msg, sizeof msg) == SK_TRAP_STACK_EXHAUSTED, "%s", msg);
    sk_store_free(s);
    sk_module_free(m);

    /* A declared local count over 2^32 in total: "too many locals", cleanly. */
    wbuf h = {0}, body = {0};
    wb_one_func_head(&h, "\x01\x60\x00\x00", 4, NULL);
    wb_byte(&body, 2);
    wb_uleb(&body, 0xFFFFFFF0u);
    wb_byte(&body, 0x7F);
    wb_uleb(&body, 0xFFFFFFF0u);
    wb_byte(&body, 0x7E);
    wb_byte(&body, 0x0B);
    wb_one_code(&h, &body);
    sk_error_clear(&err);
    m = sk_module_load(h.p, h.len, &err);
    EXPECT(!m && strstr(err.msg, "too many locals"), "got %s", m ? "a module" : err.msg);
    wb_free(&h);
    /* 2^32-1 locals in one group, under the total limit: must be refused or handled without
     * allocating them all (no 4-GiB local array). */
    memset(&h, 0, sizeof h);
    wb_one_func_head(&h, "\x01\x60\x00\x00", 4, NULL);
    wb_byte(&body, 1);
    wb_uleb(&body, 0xFFFFFFFFu);
    wb_byte(&body, 0x7F);
    wb_byte(&body, 0x0B);
    wb_one_code(&h, &body);
    sk_error_clear(&err);
    m = sk_module_load(h.p, h.len, &err);
    EXPECT(m || sk_error_is_set(&err), "no message");
    if (m) {
        s = sk_store_new();
        inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
        sk_store_free(s);
    }
    sk_module_free(m);
    wb_free(&h);
    return 0;
}

/* () -> i32: `depth` nested blocks or loops (`kind`), the innermost returns 7 through every level. */
static void build_deep(wbuf *b, uint32_t depth, uint8_t kind)
{
    wbuf body = {0};
    wb_one_func_head(b, "\x01\x60\x00\x01\x7f", 5, "f");
    wb_byte(&body, 0);
    for (uint32_t i = 0; i < depth; i++) {
        wb_byte(&body, kind);
        wb_byte(&body, 0x7F);
    }
    wb_bytes(&body, "\x41\x07", 2);
    for (uint32_t i = 0; i < depth; i++) {
        wb_byte(&body, 0x0B);
    }
    wb_byte(&body, 0x0B);
    wb_one_code(b, &body);
}

static int case_deep_nesting(void)
{
    static const uint8_t kinds[] = {0x02, 0x03};
    for (size_t k = 0; k < SK_ARRAY_LEN(kinds); k++) {
        wbuf b = {0};
        build_deep(&b, 100000, kinds[k]);
        sk_val res[1] = {{0}};
        bool loaded;
        int rc = load_and_call(&b, "f", NULL, res, &loaded);
        wb_free(&b);
        if (rc) return rc;
        EXPECT(!loaded || res[0].i32 == 7, "f() = %d", res[0].i32);
    }
    /* The same depth in the text format: parsed or refused cleanly, never a stack overflow. */
    size_t n = 100000;
    char *wat = malloc(n * 24 + 200);
    EXPECT(wat, "malloc");
    char *p = wat;
    p += sprintf(p, "(module (func (export \"f\") (result i32) ");
    for (size_t i = 0; i < n; i++) p += sprintf(p, "(block (result i32) ");
    p += sprintf(p, "(i32.const 7)");
    for (size_t i = 0; i < n; i++) *p++ = ')';
    p += sprintf(p, "))");
    uint8_t *bin = NULL;
    size_t len = 0;
    sk_error err;
    sk_error_clear(&err);
    bool ok = sk_wat2wasm(wat, (size_t)(p - wat), "deep.wat", &bin, &len, &err);
    free(wat);
    EXPECT(ok || sk_error_is_set(&err), "wat2wasm failed without a message");
    sk_free(bin);
    /* And the folded-instruction form nested 100,000 deep. */
    wat = malloc(n * 12 + 200);
    p = wat;
    p += sprintf(p, "(module (func (export \"f\") (result i32) ");
    for (size_t i = 0; i < n; i++) p += sprintf(p, "(i32.eqz ");
    p += sprintf(p, "(i32.const 7)");
    for (size_t i = 0; i < n; i++) *p++ = ')';
    p += sprintf(p, "))");
    sk_error_clear(&err);
    bin = NULL;
    ok = sk_wat2wasm(wat, (size_t)(p - wat), "deep2.wat", &bin, &len, &err);
    free(wat);
    EXPECT(ok || sk_error_is_set(&err), "wat2wasm failed without a message");
    sk_free(bin);
    return 0;
}

/* A 100 MB active data segment into a memory of 1600 pages; then the same that does not fit. */
static void build_big_data(wbuf *b, uint32_t pages, uint32_t seglen)
{
    wbuf sec = {0};
    wb_header(b);
    wb_bytes(&sec, "\x01\x60\x01\x7f\x01\x7f", 6);
    wb_section(b, 1, &sec);
    wb_bytes(&sec, "\x01\x00", 2);
    wb_section(b, 3, &sec);
    wb_byte(&sec, 1);
    wb_byte(&sec, 0);
    wb_uleb(&sec, pages);
    wb_section(b, 5, &sec);
    wb_byte(&sec, 1);
    wb_name(&sec, "peek");
    wb_byte(&sec, 0);
    wb_byte(&sec, 0);
    wb_section(b, 7, &sec);
    wb_bytes(&sec, "\x01\x07\x00\x20\x00\x2d\x00\x00\x0b", 9); /* local.get 0; i32.load8_u; end */
    wb_section(b, 10, &sec);
    /* data: built straight into b to avoid a second 100 MB copy */
    wbuf head = {0};
    wb_byte(&head, 1);
    wb_byte(&head, 0);
    wb_bytes(&head, "\x41\x00\x0b", 3);
    wb_uleb(&head, seglen);
    wb_byte(b, 11);
    wb_uleb(b, head.len + seglen);
    wb_bytes(b, head.p, head.len);
    size_t at = b->len;
    wb_fill(b, 0xAB, seglen);
    if (!b->oom) b->p[at + seglen - 1] = 0xCD;
    wb_free(&head);
    wb_free(&sec);
}

static int case_100mb_data(void)
{
    const uint32_t len = 100u * 1000 * 1000;
    wbuf b = {0};
    build_big_data(&b, 1600, len);
    EXPECT(!b.oom, "test could not build the binary");
    sk_val a[1] = {{.u32 = len - 1}}, res[1] = {{0}};
    bool loaded;
    int rc = load_and_call(&b, "peek", a, res, &loaded);
    if (rc) return rc;
    EXPECT(!loaded || res[0].u32 == 0xCD, "peek = %#x", res[0].u32);
    /* Truncated: claims 100 MB, holds 1 MB. */
    size_t full = b.len;
    b.len = full - (len - 1000000);
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(b.p, b.len, &err);
    EXPECT(!m && (strstr(err.msg, "unexpected end") || strstr(err.msg, "length out of bounds")), "truncated: %s",
           m ? "accepted" : err.msg);
    b.len = full;
    wb_free(&b);
    /* Does not fit in 1 page: instantiation traps. */
    memset(&b, 0, sizeof b);
    build_big_data(&b, 1, len);
    sk_error_clear(&err);
    m = sk_module_load(b.p, b.len, &err);
    wb_free(&b);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
    EXPECT(!inst && trap && trap->kind == SK_TRAP_OOB_MEMORY, "oversized segment");
    sk_trap_free(trap);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* 20,000 instances, each with its own memory (8 GiB of address space reserved apiece), in one
 * store: either all succeed or the first failure is a clean error; everything is freed at the end. */
static int case_many_memories(void)
{
    sk_error err;
    sk_module *m = load_wat("(module (memory 1) (func (export \"f\") (result i32)"
                            " (i32.store (i32.const 0) (i32.const 9)) (i32.load (i32.const 0))))",
                            &err);
    EXPECT(m, "%s", err.msg);
    sk_store *s = sk_store_new();
    uint32_t made = 0;
    for (uint32_t i = 0; i < 20000; i++) {
        sk_trap *trap = NULL;
        sk_error_clear(&err);
        sk_instance *inst = sk_instantiate(s, m, NULL, 0, &trap, &err);
        if (!inst) {
            EXPECT(trap || sk_error_is_set(&err), "instance %u failed silently", i);
            fprintf(stderr, "  (instance %u refused: %s)\n", i, trap ? trap->message : err.msg);
            sk_trap_free(trap);
            break;
        }
        made++;
        if (i % 1000 == 0) {
            char msg[256];
            sk_val res[1];
            EXPECT(call_kind(s, inst, "f", NULL, res, msg, sizeof msg) == SK_TRAP_NONE && res[0].i32 == 9, "%s", msg);
        }
    }
    EXPECT(made >= 1000, "only %u instances", made);
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* (i32) -> i32: block(result i32) block ... br_table with 1,000,000 entries: entry k leaves through
 * the inner block (result 1) unless k is the last one, which leaves the outer block (result 2). */
static int case_huge_br_table(void)
{
    const uint32_t n = 1000000;
    wbuf b = {0}, body = {0};
    wb_one_func_head(&b, "\x01\x60\x01\x7f\x01\x7f", 6, "f");
    wb_byte(&body, 0);
    wb_bytes(&body, "\x02\x40\x02\x40\x20\x00\x0e", 7); /* block block local.get 0 br_table */
    wb_uleb(&body, n);
    for (uint32_t i = 0; i < n; i++) wb_byte(&body, i + 1 == n ? 1 : 0);
    wb_byte(&body, 0); /* default: inner */
    wb_bytes(&body, "\x0b\x41\x01\x0f\x0b\x41\x02\x0b", 8); /* end i32.const 1 return end i32.const 2 end */
    wb_one_code(&b, &body);
    EXPECT(!b.oom, "test could not build the binary");
    sk_val a[1] = {{.u32 = n - 1}}, res[1] = {{0}};
    bool loaded;
    int rc = load_and_call(&b, "f", a, res, &loaded);
    wb_free(&b);
    if (rc) return rc;
    EXPECT(!loaded || res[0].i32 == 2, "f(n-1) = %d", res[0].i32);
    return 0;
}

/* Counts that promise far more than the file holds must fail without allocating for the promise. */
static int case_lying_counts(void)
{
    static const uint8_t secs[] = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11};
    for (size_t i = 0; i < SK_ARRAY_LEN(secs); i++) {
        wbuf b = {0}, sec = {0};
        wb_header(&b);
        wb_uleb(&sec, 0xFFFFFFFFu);
        wb_bytes(&sec, "\x60\x00\x00", 3);
        wb_section(&b, secs[i], &sec);
        sk_error err;
        sk_error_clear(&err);
        sk_module *m = sk_module_load(b.p, b.len, &err);
        EXPECT(!m && sk_error_is_set(&err), "section %u accepted", secs[i]);
        wb_free(&b);
        wb_free(&sec);
    }
    return 0;
}

/* ---- Kept inputs from fuzzing: tests/regress/modules/\*.wasm ---- */
static sk_trap *host_zero(sk_caller *c, void *env, const sk_val *args, sk_val *results)
{
    const sk_functype *ft = env;
    for (uint32_t i = 0; i < ft->nresults; i++) memset(&results[i], 0, sizeof results[i]);
    return NULL;
}

static const char *regress_path;

static int case_regress_module(void)
{
    uint8_t *bytes;
    size_t len;
    sk_error err;
    sk_error_clear(&err);
    EXPECT(sk_read_file(regress_path, &bytes, &len, &err), "%s", err.msg);
    sk_module *m = sk_module_load(bytes, len, &err);
    sk_free(bytes);
    if (!m) {
        EXPECT(sk_error_is_set(&err), "rejected without a message");
        return 0;
    }
    sk_store *s = sk_store_new();
    s->fuel_enabled = true;
    s->max_call_depth = 1000;
    s->max_memory_pages = 256;
    sk_extern *imps = calloc(m->nimports + 1, sizeof *imps);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *im = &m->imports[i];
        imps[i].kind = im->kind;
        if (im->kind == SK_EXTERN_FUNC) {
            const sk_functype *ft = &m->types[im->desc.type_idx];
            imps[i].of.func =
                sk_func_new_host(s, ft->params, ft->nparams, ft->results, ft->nresults, host_zero, (void *)ft, NULL);
        } else if (im->kind == SK_EXTERN_MEMORY)
            imps[i].of.mem = sk_memory_new(s, &im->desc.mem);
        else if (im->kind == SK_EXTERN_TABLE)
            imps[i].of.table = sk_table_new(s, &im->desc.table, NULL);
        else {
            sk_val z;
            memset(&z, 0, sizeof z);
            imps[i].of.global = sk_global_new(s, &im->desc.global, z);
        }
    }
    s->fuel = 1000000;
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, imps, m->nimports, &trap, &err);
    free(imps);
    if (inst) {
        for (uint32_t e = 0; e < m->nexports; e++) {
            if (m->exports[e].kind != SK_EXTERN_FUNC) continue;
            sk_val args[16], res[16];
            memset(args, 0, sizeof args);
            s->fuel = 1000000;
            sk_func *f = inst->funcs[m->exports[e].index];
            if (f->type->nparams > 16 || f->type->nresults > 16) continue;
            sk_trap *t = sk_call(s, f, args, res);
            if (t) {
                EXPECT(t->message && t->message[0], "trap without message");
                sk_trap_free(t);
            }
        }
    } else {
        EXPECT(trap || sk_error_is_set(&err), "instantiation failed silently");
        sk_trap_free(trap);
    }
    sk_store_free(s);
    sk_module_free(m);
    return 0;
}

/* tests/regress/load/\*: bytes the load fuzzer broke; each must load or be refused cleanly. */
static int case_regress_load(void)
{
    uint8_t *bytes;
    size_t len;
    sk_error err;
    sk_error_clear(&err);
    EXPECT(sk_read_file(regress_path, &bytes, &len, &err), "%s", err.msg);
    sk_module *m = sk_module_load(bytes, len, &err);
    sk_free(bytes);
    EXPECT(m || sk_error_is_set(&err), "rejected without a message");
    sk_module_free(m);
    return 0;
}

/* tests/regress/wat/\*: text the WAT fuzzer broke; parse, and load what the encoder wrote. */
static int case_regress_wat(void)
{
    uint8_t *src, *bin = NULL;
    size_t len, blen = 0;
    sk_error err;
    sk_error_clear(&err);
    EXPECT(sk_read_file(regress_path, &src, &len, &err), "%s", err.msg);
    bool ok = sk_wat2wasm((const char *)src, len, regress_path, &bin, &blen, &err);
    sk_free(src);
    EXPECT(ok || sk_error_is_set(&err), "refused without a message");
    if (ok) {
        sk_error_clear(&err);
        sk_module *m = sk_decode(bin, blen, &err);
        EXPECT(m, "encoder output does not decode: %s", err.msg);
        sk_module_free(m);
        sk_error_clear(&err);
        m = sk_module_load(bin, blen, &err);
        EXPECT(m || sk_error_is_set(&err), "rejected without a message");
        sk_module_free(m);
    }
    sk_free(bin);
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Runs `fn` on every file of tests/regress/<sub> (sorted), each in its own child. */
static void run_regress_dir(const char *sub, const char *suffix, case_fn fn)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/regress/%s", sub);
    DIR *d = opendir(dir);
    CHECK_MSG(d != NULL, "cannot open %s (run from the repository root)", dir);
    if (!d) return;
    char *names[512];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 512) {
        size_t l = strlen(de->d_name), sl = strlen(suffix);
        if (de->d_name[0] != '.' && l > sl && strcmp(de->d_name + l - sl, suffix) == 0) names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char path[1024], label[80];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(label, sizeof label, "regress %s/%.28s", sub, names[i]);
        regress_path = path;
        run_case(label, fn, 1024, 20);
        free(names[i]);
    }
}

int main(int argc, char **argv)
{
    /* Bounds are generous for ASan's own overhead (shadow memory, quarantine). */
    struct {
        const char *name;
        case_fn fn;
        long max_mb;
        unsigned timeout;
    } cases[] = {
        {"memory: grow to store limit", case_memory_store_limit, 512, 60},
        {"memory: grow to 4 GiB", case_memory_4gib, 512, 60},
        {"recursion: stack exhausted", case_recursion, 512, 60},
        {"loops: fuel in start", case_fuel_start, 512, 20},
        {"table: grow to limit", case_table_grow, 1024, 60},
        {"100,000 functions", case_100k_funcs, 1024, 120},
        {"50,000 locals", case_50k_locals, 1024, 60},
        {"100,000 nested blocks", case_deep_nesting, 1024, 120},
        {"100 MB data segment", case_100mb_data, 1536, 120},
        {"lying section counts", case_lying_counts, 512, 60},
        {"20,000 memories in one store", case_many_memories, 1024, 120},
        {"1,000,000-entry br_table", case_huge_br_table, 1024, 60},
    };
    const char *only = argc > 1 ? argv[1] : NULL;
    for (size_t i = 0; i < SK_ARRAY_LEN(cases); i++) {
        if (only && !strstr(cases[i].name, only)) continue;
        run_case(cases[i].name, cases[i].fn, cases[i].max_mb, cases[i].timeout);
    }
    for (size_t i = 0; i < SK_ARRAY_LEN(loop_names); i++) {
        char label[64];
        loop_name = loop_names[i];
        snprintf(label, sizeof label, "loops: fuel stops %s", loop_name);
        if (!only || strstr(label, only)) run_case(label, case_fuel, 512, 10);
        snprintf(label, sizeof label, "loops: interrupt stops %s", loop_name);
        if (!only || strstr(label, only)) run_case(label, case_interrupt, 512, 10);
    }
    if (!only || strstr("regress", only)) {
        run_regress_dir("modules", ".wasm", case_regress_module);
        run_regress_dir("load", "", case_regress_load);
        run_regress_dir("wat", "", case_regress_wat);
    }
    TEST_DONE("test_hostile");
}
