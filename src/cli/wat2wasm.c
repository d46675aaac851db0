/* wat2wasm.c: `skiff wat2wasm`: translates a text module to the binary format. */
#include "cli.h"
#include <errno.h>

static void wat2wasm_usage(FILE *f)
{
    fprintf(f,
            "usage: skiff wat2wasm [--no-check] IN.wat [-o OUT.wasm]\n"
            "\n"
            "Parses a module in the WebAssembly text format and writes its binary encoding.\n"
            "Without -o the output goes next to the input with the extension .wasm\n"
            "(IN.wat -> IN.wasm); `-o -` writes to standard output. The result is\n"
            "validated unless --no-check is given.\n"
            "\n"
            "options:\n"
            "  -o FILE     where to write the binary\n"
            "  --no-check  do not validate the encoded module\n"
            "  -h, --help  show this help\n"
            "\n"
            "exit status: 0 ok, 1 parse/validation/write error, 2 usage\n");
}

static bool write_all(const char *path, const uint8_t *b, size_t n)
{
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "skiff wat2wasm: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(b, 1, n, f) == n;
    if (to_stdout) ok = fflush(f) == 0 && ok;
    else ok = fclose(f) == 0 && ok;
    if (!ok) fprintf(stderr, "skiff wat2wasm: cannot write %s\n", path);
    return ok;
}

int sk_cli_wat2wasm(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    bool check = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            wat2wasm_usage(stdout);
            return SK_EXIT_OK;
        } else if (strcmp(a, "-o") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "skiff wat2wasm: -o needs a file name\n");
                return SK_EXIT_USAGE;
            }
            out = argv[++i];
        } else if (strcmp(a, "--no-check") == 0) {
            check = false;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "skiff wat2wasm: unknown option %s\n", a);
            wat2wasm_usage(stderr);
            return SK_EXIT_USAGE;
        } else if (in) {
            fprintf(stderr, "skiff wat2wasm: only one input file is allowed\n");
            return SK_EXIT_USAGE;
        } else {
            in = a;
        }
    }
    if (!in) {
        fprintf(stderr, "skiff wat2wasm: no input file given\n");
        wat2wasm_usage(stderr);
        return SK_EXIT_USAGE;
    }
    char *derived = NULL;
    if (!out) {
        size_t n = strlen(in);
        if (n > 4 && strcmp(in + n - 4, ".wat") == 0) n -= 4;
        derived = sk_malloc(n + 6);
        if (!derived) {
            fprintf(stderr, "skiff wat2wasm: out of memory\n");
            return SK_EXIT_ERROR;
        }
        memcpy(derived, in, n);
        memcpy(derived + n, ".wasm", 6);
        out = derived;
    }
    int rc = SK_EXIT_ERROR;
    sk_error err;
    sk_error_clear(&err);
    uint8_t *src = NULL, *bin = NULL;
    size_t len = 0, blen = 0;
    if (sk_read_file(in, &src, &len, &err) && len >= 4 && memcmp(src, "\0asm", 4) == 0) {
        fprintf(stderr, "skiff wat2wasm: %s is already a binary module\n", in);
        goto out;
    }
    if (sk_error_is_set(&err) || !sk_wat2wasm((const char *)src, len, in, &bin, &blen, &err)) {
        sk_cli_print_error(in, &err);
        goto out;
    }
    if (check) {
        sk_module *m = sk_module_load(bin, blen, &err);
        if (!m) {
            if (!sk_error_is_set(&err)) sk_err(&err, -1, "cannot load module");
            sk_cli_print_error(in, &err);
            goto out;
        }
        sk_module_free(m);
    }
    if (write_all(out, bin, blen)) rc = SK_EXIT_OK;
out:
    sk_free(src);
    sk_free(bin);
    sk_free(derived);
    return rc;
}
