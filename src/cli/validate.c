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

static void say_valid(const char *path, sk_module *m, void *verbose)
{
    (void)m;
    if (*(bool *)verbose) printf("%s: valid\n", path);
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
    return sk_cli_each_module("validate", argc, argv, i, validate_usage, sk_cli_load_module, say_valid, &verbose);
}
