/* iop_profile.c: runs a WASI program under Skiff's interpreter and writes the interpreter's handler addresses
 * (one "ADDRESS NAME" line per internal op) to a file first, so that perf samples of this same process can be
 * attributed to internal ops (bench/profile.sh). Uses the internal handler table (src/interp/icode.h).
 *
 * usage: iop_profile MAPFILE FILE.wasm [ARGS...]   exit status: the program's */
#include "skiff.h"
#include "wasm.h"
#include "interp/icode.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const iop_names[] = {
#define IOP(n) #n,
#include "interp/iops.def"
#undef IOP
};
_Static_assert(sizeof iop_names / sizeof *iop_names == SK_IOP_COUNT, "iops.def and the op enum disagree");

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int fail(const char *what, skiff_error_t *e)
{
    fprintf(stderr, "iop_profile: %s: %s\n", what, e ? skiff_error_message(e) : "failed");
    skiff_error_delete(e);
    return 1;
}

/* Instantiates with WASI and calls _start; returns the exit status (3 for a trap, 1 for a setup error). */
static int run_wasi(wasm_engine_t *eng, const uint8_t *bin, size_t len, int argc, char **argv)
{
    int status = 1;
    wasm_store_t *st = wasm_store_new(eng);
    skiff_linker_t *lk = skiff_linker_new(eng);
    skiff_wasi_config_t *wc = skiff_wasi_config_new();
    wasm_module_t *m = NULL;
    wasm_instance_t *inst = NULL;
    wasm_func_t *start = NULL;
    wasm_trap_t *trap = NULL;
    skiff_error_t *e = NULL;
    if (!st || !lk || !wc) {
        fail("out of memory", NULL);
        goto out;
    }
    for (int i = 0; i < argc && !e; i++) e = skiff_wasi_config_arg(wc, argv[i]);
    if (e) {
        fail("wasi config", e);
        goto out;
    }
    e = skiff_store_set_wasi(st, wc);
    wc = NULL; /* owned by the store now */
    if (e || (e = skiff_linker_define_wasi(lk)) || (e = skiff_module_new(eng, bin, len, &m))) {
        fail("setup", e);
        goto out;
    }
    if ((e = skiff_linker_instantiate(lk, st, m, &inst, &trap)) || trap) {
        fail("instantiate", e);
        goto out;
    }
    wasm_extern_t *x = skiff_instance_export_get(inst, "_start", 6);
    start = x ? wasm_extern_as_func(x) : NULL;
    if (!start) {
        if (x) wasm_extern_delete(x);
        fail("no _start export", NULL);
        goto out;
    }
    wasm_val_vec_t none = WASM_EMPTY_VEC, none2 = WASM_EMPTY_VEC;
    trap = wasm_func_call(start, &none, &none2);
    status = 0;
    if (trap && !skiff_trap_exit_status(trap, &status)) {
        wasm_message_t msg;
        wasm_trap_message(trap, &msg);
        fprintf(stderr, "iop_profile: trap: %.*s\n", (int)msg.size, msg.data);
        wasm_byte_vec_delete(&msg);
        status = 3;
    }
out:
    fflush(stdout);
    if (trap) wasm_trap_delete(trap);
    if (start) wasm_func_delete(start);
    if (inst) wasm_instance_delete(inst);
    if (m) wasm_module_delete(m);
    if (wc) skiff_wasi_config_delete(wc);
    if (lk) skiff_linker_delete(lk);
    if (st) wasm_store_delete(st);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: iop_profile MAPFILE FILE.wasm [ARGS...]\n");
        return 2;
    }
    FILE *mf = fopen(argv[1], "w");
    if (!mf) return fail("cannot write map file", NULL);
    /* both instances of the dispatch loop (explicit bounds checks, guard pages): same op names */
    for (int g = 0; g < 2; g++) {
        const void *const *h = sk_interp_handlers_for(g);
        for (int i = 0; i < SK_IOP_COUNT; i++) fprintf(mf, "%p %s\n", h[i], iop_names[i]);
    }
    fclose(mf);

    size_t len;
    uint8_t *bin = read_file(argv[2], &len);
    if (!bin) return fail("cannot read module", NULL);
    wasm_engine_t *eng = wasm_engine_new();
    int status = eng ? run_wasi(eng, bin, len, argc - 2, argv + 2) : fail("no engine", NULL);
    if (eng) wasm_engine_delete(eng);
    free(bin);
    return status;
}
