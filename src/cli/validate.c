/* validate.c: `skiff validate`: decodes and validates modules, reporting the first error. */
#include "cli.h"

static void validate_usage(FILE *f)
{
    fprintf(f,
            "usage: skiff validate [-v] FILE.wasm|FILE.wat...\n"
            "\n"
            "Checks that each module is well-formed and valid (WebAssembly 2.0).\n"
            "Prints nothing for a valid module (with -v: \"FILE: valid\"); for an invalid\n"
            "one prints the error with its location (byte offset and function, or\n"
            "file:line:col for text) to stderr.\n"
            "\n"
            "options:\n"
            "  -v, --verbose  say \"FILE: valid\" for each valid module\n"
            "  -h, --help     show this help\n"
            "\n"
            "exit status: 0 all valid, 1 some module invalid or unreadable, 2 usage\n");
}

int sk_cli_validate(int argc, char **argv)
{
    bool verbose = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || !a[1]) break;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            validate_usage(stdout);
            return SK_EXIT_OK;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            verbose = true;
        } else {
            fprintf(stderr, "skiff validate: unknown option %s\n", a);
            validate_usage(stderr);
            return SK_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "skiff validate: no module file given\n");
        validate_usage(stderr);
        return SK_EXIT_USAGE;
    }
    int rc = SK_EXIT_OK;
    for (; i < argc; i++) {
        sk_error err;
        sk_error_clear(&err);
        sk_module *m = sk_cli_load_module(argv[i], &err);
        if (!m) {
            sk_cli_print_error(argv[i], &err);
            rc = SK_EXIT_ERROR;
            continue;
        }
        if (verbose) printf("%s: valid\n", argv[i]);
        sk_module_free(m);
    }
    return rc;
}
