/* run.c: `skiff run`: instantiates a module (with WASI if it imports it), runs _start or one export. */
#include "cli.h"
#include "../wasi/wasi.h"
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: skiff run [--invoke NAME] [--dir HOST[::GUEST]]... [--env K=V]... [--inherit-env]\n"
            "                 [--fuel N] [--timeout SECONDS] [--max-memory BYTES] [--tier NAME]\n"
            "                 [--bounds-checks guard|explicit]\n"
            "                 FILE.wasm|FILE.wat [ARGS...]\n"
            "\n"
            "Instantiates the module (running its start function, if any), then:\n"
            "  without --invoke  calls the exported function `_start` if there is one; a WASI\n"
            "                    program gets FILE and ARGS as its argv and exits with its status;\n"
            "  with --invoke     calls the exported function NAME with ARGS and prints each\n"
            "                    result on its own line as \"VALUE : TYPE\" (e.g. \"42 : i32\").\n"
            "Options come before the file; everything after the file is an argument.\n"
            "\n"
            "Arguments are parsed by the function's parameter types:\n"
            "  i32, i64    decimal or 0x hex, optionally negative (-1, 0xffffffff)\n"
            "  f32, f64    decimal, hex float (0x1.8p3), inf, -inf, nan, nan:0xPAYLOAD\n"
            "  v128        SHAPE:LANE,LANE,... with every lane, SHAPE one of i8x16, i16x8,\n"
            "              i32x4, i64x2 (integer lanes, signed or unsigned) or f32x4, f64x2\n"
            "              (float lanes as above), e.g. i32x4:1,2,3,-4 or f64x2:0.5,nan\n"
            "  funcref     null;  externref: null or a number\n"
            "A v128 result is printed as its four i32 lanes: \"i32x4 1 2 3 -4 : v128\".\n"
            "Floats are printed so that they read back to the same bits.\n"
            "Imports are satisfied by WASI (\"wasi_snapshot_preview1\" and \"wasi_unstable\")\n"
            "and by the `spectest` host module (print, print_i32, ..., global_i32, table,\n"
            "memory); anything else is an unknown import. A WASI program sees only the\n"
            "directories given with --dir and the environment given with --env/--inherit-env;\n"
            "stdin, stdout and stderr are the process's own.\n"
            "\n"
            "options:\n"
            "  --invoke NAME  the exported function to call\n"
            "  --dir HOST[::GUEST]  lets a WASI program use directory HOST under the name\n"
            "                 GUEST (default: HOST); repeatable\n"
            "  --env K=V      sets an environment variable for a WASI program; repeatable\n"
            "  --inherit-env  passes this process's environment to a WASI program\n"
            "  --fuel N       lets the guest run N units of work (one per function call and\n"
            "                 per loop iteration); then it traps \"all fuel consumed\"\n"
            "  --timeout SECONDS  stops the guest after SECONDS of wall-clock time (decimals\n"
            "                 allowed); it traps \"interrupt\" and the run reports a timeout\n"
            "  --max-memory BYTES  caps each linear memory at BYTES (rounded down to 64 KiB\n"
            "                 pages; suffixes K, M, G): memory.grow beyond it returns -1 and\n"
            "                 a module whose memory starts bigger fails to instantiate\n"
            "  --tier NAME    the execution tier: interp (the only one so far, and the\n"
            "                 default; later tiers add their names)\n"
            SK_CLI_BOUNDS_HELP
            "  -h, --help     show this help\n"
            "\n"
            "exit status: 0 ok, 1 error (bad module, link error, memory over --max-memory),\n"
            "2 usage, 3 trap (including out of fuel and timeout);\n"
            "a WASI program's proc_exit(N) exits with N\n");
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

/* Parses a decimal count with an optional K/M/G (x1024) suffix; false if malformed or overflowing. */
static bool parse_count(const char *s, bool suffixes, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno) return false;
    uint64_t mul = 1;
    if (suffixes && *end) {
        switch (*end++) {
        case 'k': case 'K': mul = 1ull << 10; break;
        case 'm': case 'M': mul = 1ull << 20; break;
        case 'g': case 'G': mul = 1ull << 30; break;
        default: return false;
        }
    }
    if (*end || v > UINT64_MAX / mul) return false;
    *out = (uint64_t)v * mul;
    return true;
}

/* The --timeout watchdog: interrupts the store when the time is up. A guest
 * blocked inside a host call (a read, a sleep) never polls, so after a grace
 * second the process is ended from here with the trap exit code. */
typedef struct run_watchdog {
    sk_store *store;
    double seconds;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;     /* the guest finished: stop waiting */
    bool fired;    /* the time ran out */
} run_watchdog;

static void deadline_after(struct timespec *ts, double seconds)
{
    clock_gettime(CLOCK_REALTIME, ts);
    double whole = (double)(time_t)seconds;
    ts->tv_sec += (time_t)seconds;
    ts->tv_nsec += (long)((seconds - whole) * 1e9);
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void *watchdog_main(void *arg)
{
    run_watchdog *wd = arg;
    struct timespec ts;
    deadline_after(&ts, wd->seconds);
    pthread_mutex_lock(&wd->lock);
    while (!wd->done && pthread_cond_timedwait(&wd->cond, &wd->lock, &ts) != ETIMEDOUT) {
    }
    if (!wd->done) {
        wd->fired = true;
        sk_store_interrupt(wd->store);
        deadline_after(&ts, 1.0);
        while (!wd->done && pthread_cond_timedwait(&wd->cond, &wd->lock, &ts) != ETIMEDOUT) {
        }
        if (!wd->done) {
            /* Stuck in a host call: nothing else can stop it. */
            static const char msg[] = "skiff run: timeout: the guest did not stop (blocked in a host call)\n";
            fflush(stdout);
            if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */
            }
            _exit(SK_EXIT_TRAP);
        }
    }
    pthread_mutex_unlock(&wd->lock);
    return NULL;
}

int sk_cli_run(int argc, char **argv)
{
    const char *invoke = NULL;
    int rc = SK_EXIT_OK;
    sk_error err;
    sk_error_clear(&err);
    sk_wasi *wasi = sk_wasi_new();
    if (!wasi) {
        fprintf(stderr, "skiff run: out of memory\n");
        return SK_EXIT_ERROR;
    }
    bool wasi_opts = false; /* --dir/--env/--inherit-env given */
    bool have_fuel = false, have_maxmem = false;
    bool guard_pages = sk_guard_pages_available();
    uint64_t fuel = 0, max_memory = 0;
    double timeout = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || !a[1]) break;
        /* Options taking a value accept "--opt VALUE" and "--opt=VALUE". */
        const char *val = NULL;
        const char *name = a;
        char namebuf[32];
        const char *eq = strchr(a, '=');
        if (eq && (size_t)(eq - a) < sizeof namebuf) {
            memcpy(namebuf, a, (size_t)(eq - a));
            namebuf[eq - a] = 0;
            name = namebuf;
            val = eq + 1;
        }
        bool takes = strcmp(name, "--invoke") == 0 || strcmp(name, "--dir") == 0 || strcmp(name, "--env") == 0 ||
                     strcmp(name, "--fuel") == 0 || strcmp(name, "--timeout") == 0 ||
                     strcmp(name, "--max-memory") == 0 || strcmp(name, "--tier") == 0 ||
                     strcmp(name, "--bounds-checks") == 0;
        if (takes && !val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "skiff run: %s needs a value\n", name);
                sk_wasi_free(wasi);
                return SK_EXIT_USAGE;
            }
            val = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            run_usage(stdout);
            sk_wasi_free(wasi);
            return SK_EXIT_OK;
        } else if (strcmp(name, "--invoke") == 0) {
            invoke = val;
        } else if (strcmp(name, "--fuel") == 0 || strcmp(name, "--max-memory") == 0) {
            bool is_fuel = strcmp(name, "--fuel") == 0;
            if (!parse_count(val, !is_fuel, is_fuel ? &fuel : &max_memory)) {
                fprintf(stderr, "skiff run: %s: '%s' is not a valid %s\n", name, val,
                        is_fuel ? "amount of fuel" : "number of bytes");
                sk_wasi_free(wasi);
                return SK_EXIT_USAGE;
            }
            if (is_fuel)
                have_fuel = true;
            else
                have_maxmem = true;
        } else if (strcmp(name, "--tier") == 0) {
            /* One tier exists; the option is validated so scripts written for later
             * tiers fail clearly instead of silently running something else. */
            if (strcmp(val, "interp") != 0 && strcmp(val, "default") != 0) {
                fprintf(stderr, "skiff run: --tier: unknown tier '%s' (available: interp)\n", val);
                sk_wasi_free(wasi);
                return SK_EXIT_USAGE;
            }
        } else if (strcmp(name, "--bounds-checks") == 0) {
            if (!sk_cli_parse_bounds("run", val, &guard_pages)) {
                sk_wasi_free(wasi);
                return SK_EXIT_USAGE;
            }
        } else if (strcmp(name, "--timeout") == 0) {
            char *end;
            errno = 0;
            timeout = strtod(val, &end);
            /* Up to about 30 years: keeps the time_t arithmetic safe. */
            if (errno || end == val || *end || !(timeout > 0) || timeout > 1e9) {
                fprintf(stderr, "skiff run: --timeout: '%s' is not a positive number of seconds\n", val);
                sk_wasi_free(wasi);
                return SK_EXIT_USAGE;
            }
        } else if (strcmp(name, "--dir") == 0 || strcmp(name, "--env") == 0 || strcmp(a, "--inherit-env") == 0) {
            bool ok = strcmp(name, "--dir") == 0   ? sk_wasi_preopen_spec(wasi, val, &err)
                      : strcmp(name, "--env") == 0 ? sk_wasi_add_env(wasi, val, &err)
                                                   : sk_wasi_inherit_env(wasi, &err);
            if (!ok) {
                fprintf(stderr, "skiff run: %s\n", err.msg);
                sk_wasi_free(wasi);
                return SK_EXIT_USAGE;
            }
            wasi_opts = true;
        } else {
            fprintf(stderr, "skiff run: unknown option %s\n", a);
            run_usage(stderr);
            sk_wasi_free(wasi);
            return SK_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "skiff run: no module file given\n");
        run_usage(stderr);
        sk_wasi_free(wasi);
        return SK_EXIT_USAGE;
    }
    const char *path = argv[i++];
    char **args = argv + i;
    int nargs = argc - i;

    sk_module *m = sk_cli_load_module_mode(path, guard_pages, &err);
    if (!m) {
        sk_cli_print_error(path, &err);
        sk_wasi_free(wasi);
        return SK_EXIT_ERROR;
    }
    /* A WASI program gets the file and the arguments as its argv. */
    bool is_wasi = sk_wasi_module_version(m) != SK_WASI_NONE;
    if (!invoke && nargs > 0 && !is_wasi) {
        fprintf(stderr, "skiff run: arguments need --invoke NAME (or a WASI program)\n");
        sk_module_free(m);
        sk_wasi_free(wasi);
        return SK_EXIT_USAGE;
    }
    if (wasi_opts && !is_wasi)
        fprintf(stderr, "skiff run: warning: %s does not import WASI; --dir/--env are ignored\n", path);
    if (is_wasi) {
        bool ok = sk_wasi_add_arg(wasi, path);
        for (int k = 0; ok && !invoke && k < nargs; k++) ok = sk_wasi_add_arg(wasi, args[k]);
        if (!ok) {
            fprintf(stderr, "skiff run: out of memory\n");
            sk_module_free(m);
            sk_wasi_free(wasi);
            return SK_EXIT_ERROR;
        }
    }
    sk_extern *imports = NULL;
    sk_spectest *spectest = NULL;
    run_watchdog wd = {0};
    pthread_t wd_thread;
    bool wd_started = false;
    sk_store *store = sk_store_new();
    if (store) {
        store->bounds_checks = !guard_pages;
        if (have_fuel) {
            store->fuel_enabled = true;
            store->fuel = fuel;
        }
        if (have_maxmem && max_memory / 65536 < store->max_memory_pages) store->max_memory_pages = max_memory / 65536;
        spectest = sk_spectest_new(store);
    }
    if (!spectest || (m->nimports && !(imports = sk_calloc(m->nimports, sizeof *imports)))) {
        fprintf(stderr, "skiff run: out of memory%s\n", store && !store->bounds_checks ? SK_CLI_GUARD_OOM_HINT : "");
        rc = SK_EXIT_ERROR;
        goto out;
    }
    for (uint32_t k = 0; k < m->nimports; k++) {
        const sk_import *imp = &m->imports[k];
        if (sk_wasi_is_wasi_import(imp)) {
            imports[k].kind = SK_EXTERN_FUNC;
            imports[k].of.func = sk_wasi_resolve(wasi, store, m, imp, &err);
            if (!imports[k].of.func) {
                sk_cli_print_error(path, &err); /* "unknown import ..." or "incompatible import type ..." */
                rc = SK_EXIT_ERROR;
                goto out;
            }
            continue;
        }
        bool found = imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0 &&
                     sk_spectest_lookup(spectest, imp->name, imp->name_len, &imports[k]);
        if (!found) {
            fprintf(stderr, "skiff: %s: unknown import \"%.*s\" \"%.*s\" (%s)\n", path, (int)imp->module_len,
                    imp->module, (int)imp->name_len, imp->name, sk_externkind_name(imp->kind));
            rc = SK_EXIT_ERROR;
            goto out;
        }
    }
    if (timeout > 0) {
        wd.store = store;
        wd.seconds = timeout;
        if (pthread_mutex_init(&wd.lock, NULL) == 0) {
            if (pthread_cond_init(&wd.cond, NULL) == 0) {
                if (pthread_create(&wd_thread, NULL, watchdog_main, &wd) == 0)
                    wd_started = true;
                else
                    pthread_cond_destroy(&wd.cond);
            }
            if (!wd_started) pthread_mutex_destroy(&wd.lock);
        }
        if (!wd_started) {
            fprintf(stderr, "skiff run: cannot start the --timeout watchdog thread\n");
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
    } else if (have && !invoke && is_wasi) {
        /* A WASI command: _start takes nothing; proc_exit(N) is an exit trap. */
        sk_trap *t = ext.of.func->type->nparams || ext.of.func->type->nresults
                         ? sk_trap_new(SK_TRAP_HOST, "host trap: _start must have type [] -> []")
                         : sk_call(store, ext.of.func, NULL, NULL);
        if (t) rc = report_trap(t);
    } else if (have) {
        rc = call_and_print(store, ext.of.func, fname, args, nargs);
    }
out:
    if (wd_started) {
        pthread_mutex_lock(&wd.lock);
        wd.done = true;
        pthread_cond_signal(&wd.cond);
        pthread_mutex_unlock(&wd.lock);
        pthread_join(wd_thread, NULL);
        pthread_cond_destroy(&wd.cond);
        pthread_mutex_destroy(&wd.lock);
        if (wd.fired && rc == SK_EXIT_TRAP)
            fprintf(stderr, "skiff run: timeout: stopped after %g second%s\n", timeout, timeout == 1 ? "" : "s");
    }
    fflush(stdout);
    sk_free(imports);
    sk_spectest_free(spectest);
    if (store) sk_store_free(store);
    sk_wasi_free(wasi); /* after the store: nothing can call into it any more */
    sk_module_free(m);
    return rc;
}
