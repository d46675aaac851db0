/* run.c: `skiff run`: instantiates a module and runs _start or one exported function. */
#include "cli.h"
#include <inttypes.h>

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: skiff run [--invoke NAME] FILE.wasm|FILE.wat [ARGS...]\n"
            "\n"
            "Instantiates the module (running its start function, if any), then:\n"
            "  without --invoke  calls the exported function `_start` if there is one;\n"
            "  with --invoke     calls the exported function NAME with ARGS and prints each\n"
            "                    result on its own line as \"VALUE : TYPE\" (e.g. \"42 : i32\").\n"
            "Options come before the file; everything after the file is an argument.\n"
            "\n"
            "Arguments are parsed by the function's parameter types:\n"
            "  i32, i64    decimal or 0x hex, optionally negative (-1, 0xffffffff)\n"
            "  f32, f64    decimal, hex float (0x1.8p3), inf, -inf, nan, nan:0xPAYLOAD\n"
            "  funcref     null;  externref: null or a number\n"
            "Floats are printed so that they read back to the same bits.\n"
            "Imports can only be satisfied by the `spectest` host module (print, print_i32,\n"
            "..., global_i32, table, memory); anything else is an unknown import.\n"
            "\n"
            "options:\n"
            "  --invoke NAME  the exported function to call\n"
            "  -h, --help     show this help\n"
            "\n"
            "exit status: 0 ok, 1 error (bad module, link error), 2 usage, 3 trap\n");
}

/* Reports a trap; returns the exit code to use. */
static int report_trap(sk_trap *trap)
{
    int rc = SK_EXIT_TRAP;
    if (trap->is_exit) {
        rc = trap->exit_code;
    } else {
        fflush(stdout);
        sk_cli_print_trap(stderr, trap);
    }
    sk_trap_free(trap);
    return rc;
}

static int call_and_print(sk_store *store, sk_func *f, const char *name, char **args, int nargs)
{
    const sk_functype *ft = f->type;
    if ((uint32_t)nargs != ft->nparams) {
        char sig[256];
        sk_cli_format_functype(sig, sizeof sig, ft);
        fprintf(stderr, "skiff run: %s takes %" PRIu32 " argument%s %s, %d given\n", name, ft->nparams,
                ft->nparams == 1 ? "" : "s", sig, nargs);
        return SK_EXIT_USAGE;
    }
    sk_val *vals = sk_calloc((size_t)ft->nparams + ft->nresults + 1, sizeof *vals);
    if (!vals) {
        fprintf(stderr, "skiff run: out of memory\n");
        return SK_EXIT_ERROR;
    }
    sk_val *results = vals + ft->nparams;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        if (!sk_cli_parse_val(args[i], ft->params[i], &vals[i])) {
            fprintf(stderr, "skiff run: argument %" PRIu32 " of %s: '%s' is not a valid %s\n", i + 1, name, args[i],
                    sk_valtype_name(ft->params[i]));
            sk_free(vals);
            return SK_EXIT_USAGE;
        }
    }
    sk_trap *trap = sk_call(store, f, vals, results);
    if (trap) {
        sk_free(vals);
        return report_trap(trap);
    }
    for (uint32_t i = 0; i < ft->nresults; i++) {
        char buf[128];
        sk_cli_format_val(buf, sizeof buf, ft->results[i], &results[i]);
        printf("%s : %s\n", buf, sk_valtype_name(ft->results[i]));
    }
    sk_free(vals);
    return SK_EXIT_OK;
}

int sk_cli_run(int argc, char **argv)
{
    const char *invoke = NULL;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || !a[1]) break;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            run_usage(stdout);
            return SK_EXIT_OK;
        } else if (strcmp(a, "--invoke") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "skiff run: --invoke needs a function name\n");
                return SK_EXIT_USAGE;
            }
            invoke = argv[++i];
        } else if (strncmp(a, "--invoke=", 9) == 0) {
            invoke = a + 9;
        } else {
            fprintf(stderr, "skiff run: unknown option %s\n", a);
            run_usage(stderr);
            return SK_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "skiff run: no module file given\n");
        run_usage(stderr);
        return SK_EXIT_USAGE;
    }
    const char *path = argv[i++];
    char **args = argv + i;
    int nargs = argc - i;
    if (!invoke && nargs > 0) {
        fprintf(stderr, "skiff run: arguments need --invoke NAME\n");
        return SK_EXIT_USAGE;
    }

    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_cli_load_module(path, &err);
    if (!m) {
        sk_cli_print_error(path, &err);
        return SK_EXIT_ERROR;
    }
    int rc = SK_EXIT_OK;
    sk_extern *imports = NULL;
    sk_spectest *spectest = NULL;
    sk_store *store = sk_store_new();
    if (store) spectest = sk_spectest_new(store);
    if (!spectest || (m->nimports && !(imports = sk_calloc(m->nimports, sizeof *imports)))) {
        fprintf(stderr, "skiff run: out of memory\n");
        rc = SK_EXIT_ERROR;
        goto out;
    }
    for (uint32_t k = 0; k < m->nimports; k++) {
        const sk_import *imp = &m->imports[k];
        bool found = imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0 &&
                     sk_spectest_lookup(spectest, imp->name, imp->name_len, &imports[k]);
        if (!found) {
            fprintf(stderr, "skiff: %s: unknown import \"%.*s\" \"%.*s\" (%s)\n", path, (int)imp->module_len,
                    imp->module, (int)imp->name_len, imp->name, sk_externkind_name(imp->kind));
            rc = SK_EXIT_ERROR;
            goto out;
        }
    }
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(store, m, imports, m->nimports, &trap, &err);
    if (!inst) {
        if (trap) {
            rc = report_trap(trap);
        } else {
            if (!sk_error_is_set(&err)) sk_err(&err, -1, "instantiation failed");
            sk_cli_print_error(path, &err);
            rc = SK_EXIT_ERROR;
        }
        goto out;
    }
    const char *fname = invoke ? invoke : "_start";
    sk_extern ext;
    bool have = sk_instance_export(inst, fname, strlen(fname), &ext);
    if (have && ext.kind != SK_EXTERN_FUNC) {
        fprintf(stderr, "skiff: %s: export \"%s\" is a %s, not a function\n", path, fname,
                sk_externkind_name(ext.kind));
        rc = SK_EXIT_ERROR;
    } else if (!have && invoke) {
        fprintf(stderr, "skiff: %s: no exported function \"%s\"\n", path, fname);
        rc = SK_EXIT_ERROR;
    } else if (have) {
        rc = call_and_print(store, ext.of.func, fname, args, nargs);
    }
out:
    fflush(stdout);
    sk_free(imports);
    sk_spectest_free(spectest);
    if (store) sk_store_free(store);
    sk_module_free(m);
    return rc;
}
