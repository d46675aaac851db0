/* skiff_time.c: micro-timings of Skiff through its public API (include/wasm.h, include/skiff.h):
 * compile+instantiate of a module file, instantiation of a small module, host<->wasm call round trips.
 *
 * usage: skiff_time load N FILE.wasm   median over N of compile, instantiate (WASI linked), in µs
 *        skiff_time small N            median µs to compile / instantiate a small module
 *        skiff_time hostcall N         ns per call: wasm -> empty host function, host -> empty export
 *        skiff_time tiers              the execution tiers this build accepts, one a line
 *        skiff_time emit DIR           writes the small and call modules as DIR/small.wasm, DIR/calls.wasm
 *                                      (for the same measurements under node, bench/node_wasi.mjs)
 * SKIFF_TIER=NAME in the environment selects the engine's tier (default: the engine's default).
 * Output is "key value" lines for bench/run.sh. */
#include "skiff.h"
#include "wasm.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die_err(const char *what, skiff_error_t *e)
{
    fprintf(stderr, "skiff_time: %s: %s\n", what, e ? skiff_error_message(e) : "failed");
    exit(1);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "skiff_time: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void wat(const char *text, wasm_byte_vec_t *out)
{
    skiff_error_t *e = skiff_wat2wasm(text, strlen(text), out);
    if (e) die_err("wat2wasm", e);
}

/* Compile + instantiate with WASI imports linked (the start function is not run). */
static int cmd_load(wasm_engine_t *eng, int n, const char *path)
{
    size_t len;
    uint8_t *bin = read_file(path, &len);
    double *tc = malloc(sizeof(double) * (size_t)n), *ti = malloc(sizeof(double) * (size_t)n);
    if (!tc || !ti) return 1;
    skiff_linker_t *lk = skiff_linker_new(eng);
    skiff_error_t *e = skiff_linker_define_wasi(lk);
    if (e) die_err("define wasi", e);
    for (int i = 0; i < n; i++) {
        wasm_store_t *st = wasm_store_new(eng);
        e = skiff_store_set_wasi(st, skiff_wasi_config_new());
        if (e) die_err("store wasi", e);
        wasm_module_t *m = NULL;
        wasm_instance_t *inst = NULL;
        wasm_trap_t *trap = NULL;
        double t0 = now_us();
        e = skiff_module_new(eng, bin, len, &m);
        double t1 = now_us();
        if (e) die_err("compile", e);
        e = skiff_linker_instantiate(lk, st, m, &inst, &trap);
        double t2 = now_us();
        if (e || trap) die_err("instantiate", e);
        tc[i] = t1 - t0;
        ti[i] = t2 - t1;
        wasm_instance_delete(inst);
        wasm_module_delete(m);
        wasm_store_delete(st);
    }
    printf("bytes %zu\ncompile_us %.1f\ninstantiate_us %.1f\n", len, median(tc, n), median(ti, n));
    skiff_linker_delete(lk);
    free(tc);
    free(ti);
    free(bin);
    return 0;
}

/* A small but typical module: memory with data, a table with elements, globals, a few functions. */
static const char *SMALL_WAT =
    "(module\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"hello, world\")\n"
    "  (global $g (mut i32) (i32.const 42))\n"
    "  (table 4 funcref) (elem (i32.const 0) $add $get $add $get)\n"
    "  (func $add (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))\n"
    "  (func $get (export \"get\") (param i32 i32) (result i32) (global.get $g))\n"
    "  (func (export \"load\") (param i32) (result i32) (i32.load (local.get 0))))\n";

static int cmd_small(wasm_engine_t *eng, int n)
{
    wasm_byte_vec_t bin;
    wat(SMALL_WAT, &bin);
    double *tc = malloc(sizeof(double) * (size_t)n), *ti = malloc(sizeof(double) * (size_t)n);
    if (!tc || !ti) return 1;
    wasm_module_t *m = NULL;
    for (int i = 0; i < n; i++) {
        double t0 = now_us();
        skiff_error_t *e = skiff_module_new(eng, (const uint8_t *)bin.data, bin.size, &m);
        tc[i] = now_us() - t0;
        if (e) die_err("compile", e);
        if (i + 1 < n) wasm_module_delete(m);
    }
    for (int i = 0; i < n; i++) {
        wasm_store_t *st = wasm_store_new(eng);
        wasm_instance_t *inst = NULL;
        wasm_trap_t *trap = NULL;
        double t0 = now_us();
        skiff_error_t *e = skiff_instance_new(st, m, NULL, 0, &inst, &trap);
        ti[i] = now_us() - t0;
        if (e || trap) die_err("instantiate", e);
        wasm_instance_delete(inst);
        wasm_store_delete(st);
    }
    printf("small_bytes %zu\nsmall_compile_us %.2f\nsmall_instantiate_us %.2f\n", bin.size, median(tc, n),
           median(ti, n));
    wasm_module_delete(m);
    wasm_byte_vec_delete(&bin);
    free(tc);
    free(ti);
    return 0;
}

static wasm_trap_t *host_nop(const wasm_val_vec_t *args, wasm_val_vec_t *results) { return NULL; }

static const char *CALL_WAT =
    "(module\n"
    "  (import \"env\" \"nop\" (func $nop))\n"
    "  (func (export \"empty\"))\n"
    "  (func (export \"calls\") (param $n i32)\n"
    "    (loop $l (call $nop) (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $l (local.get $n))))\n"
    "  (func (export \"spin\") (param $n i32)\n"
    "    (loop $l (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $l (local.get $n)))))\n";

static wasm_func_t *export_func(wasm_instance_t *inst, const char *name)
{
    wasm_extern_t *x = skiff_instance_export_get(inst, name, strlen(name));
    wasm_func_t *f = x ? wasm_extern_as_func(x) : NULL;
    if (!f) {
        fprintf(stderr, "skiff_time: no export %s\n", name);
        exit(1);
    }
    return f;
}

static double time_loop(wasm_func_t *f, int32_t n)
{
    wasm_val_t a[1] = {WASM_I32_VAL(n)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_EMPTY_VEC;
    double t0 = now_us();
    wasm_trap_t *trap = wasm_func_call(f, &args, &res);
    double t = now_us() - t0;
    if (trap) die_err("trap in loop", NULL);
    return t;
}

static int cmd_hostcall(wasm_engine_t *eng, int n)
{
    wasm_byte_vec_t bin;
    wat(CALL_WAT, &bin);
    wasm_store_t *st = wasm_store_new(eng);
    wasm_module_t *m = NULL;
    skiff_error_t *e = skiff_module_new(eng, (const uint8_t *)bin.data, bin.size, &m);
    if (e) die_err("compile", e);
    wasm_functype_t *ft = wasm_functype_new_0_0();
    wasm_func_t *nop = wasm_func_new(st, ft, host_nop);
    const wasm_extern_t *imports[1] = {wasm_func_as_extern(nop)};
    wasm_instance_t *inst = NULL;
    wasm_trap_t *trap = NULL;
    e = skiff_instance_new(st, m, imports, 1, &inst, &trap);
    if (e || trap) die_err("instantiate", e);
    wasm_func_t *empty = export_func(inst, "empty"), *calls = export_func(inst, "calls"),
                *spin = export_func(inst, "spin");
    /* wasm -> host: loop with a call minus the same loop without it; median of 5. */
    double w2h[5], h2w[5];
    for (int r = 0; r < 5; r++) w2h[r] = (time_loop(calls, n) - time_loop(spin, n)) * 1e3 / n;
    wasm_val_vec_t none = WASM_EMPTY_VEC, none2 = WASM_EMPTY_VEC;
    for (int r = 0; r < 5; r++) {
        double t0 = now_us();
        for (int i = 0; i < n; i++) {
            trap = wasm_func_call(empty, &none, &none2);
            if (trap) die_err("trap in empty", NULL);
        }
        h2w[r] = (now_us() - t0) * 1e3 / n;
    }
    printf("wasm_to_host_ns %.1f\nhost_to_wasm_ns %.1f\n", median(w2h, 5), median(h2w, 5));
    wasm_func_delete(empty);
    wasm_func_delete(calls);
    wasm_func_delete(spin);
    wasm_instance_delete(inst);
    wasm_func_delete(nop);
    wasm_functype_delete(ft);
    wasm_module_delete(m);
    wasm_store_delete(st);
    wasm_byte_vec_delete(&bin);
    return 0;
}

static int write_wasm(const char *dir, const char *name, const char *text)
{
    wasm_byte_vec_t bin;
    wat(text, &bin);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(bin.data, 1, bin.size, f) == bin.size;
    if (f && fclose(f) != 0) ok = 0;
    wasm_byte_vec_delete(&bin);
    if (!ok) fprintf(stderr, "skiff_time: cannot write %s\n", path);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: skiff_time load N FILE.wasm | small N | hostcall N | tiers | emit DIR\n");
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "tiers") == 0) {
        /* Candidate names; the config accepts only the tiers that exist. */
        static const char *const names[] = {"interp", "baseline", "jit", "opt", "aot", "fast"};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            wasm_config_t *c = wasm_config_new();
            if (skiff_config_tier_set(c, names[i])) printf("%s\n", names[i]);
            wasm_config_delete(c);
        }
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "emit") == 0)
        return write_wasm(argv[2], "small.wasm", SMALL_WAT) | write_wasm(argv[2], "calls.wasm", CALL_WAT);
    if (argc < 3) {
        fprintf(stderr, "skiff_time: %s needs a count\n", argv[1]);
        return 2;
    }
    int n = atoi(argv[2]);
    if (n < 1) n = 1;
    wasm_config_t *cfg = wasm_config_new();
    const char *tier = getenv("SKIFF_TIER");
    if (cfg && tier && *tier && !skiff_config_tier_set(cfg, tier)) {
        fprintf(stderr, "skiff_time: unknown tier %s\n", tier);
        wasm_config_delete(cfg);
        return 2;
    }
    wasm_engine_t *eng = cfg ? wasm_engine_new_with_config(cfg) : NULL;
    if (!eng) {
        fprintf(stderr, "skiff_time: cannot create engine\n");
        return 1;
    }
    int rc = 2;
    if (strcmp(argv[1], "load") == 0 && argc > 3) rc = cmd_load(eng, n, argv[3]);
    else if (strcmp(argv[1], "small") == 0) rc = cmd_small(eng, n);
    else if (strcmp(argv[1], "hostcall") == 0) rc = cmd_hostcall(eng, n);
    else fprintf(stderr, "skiff_time: unknown command %s\n", argv[1]);
    wasm_engine_delete(eng);
    return rc;
}
