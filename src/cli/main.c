/* main.c: the `skiff` command-line tool: option handling and command dispatch. */
#include "cli.h"
#include <stdlib.h>

typedef struct cli_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} cli_command;

static const cli_command k_commands[] = {
    {"run", sk_cli_run, "run a module's _start, or one export with --invoke"},
    {"validate", sk_cli_validate, "check that a module is valid"},
    {"inspect", sk_cli_inspect, "show a module's imports, exports, memories, tables, ..."},
    {"wat2wasm", sk_cli_wat2wasm, "translate the text format to a binary module"},
    {"wast", sk_cli_wast, "run WebAssembly spec test scripts (.wast)"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "skiff %s: a WebAssembly runtime\n"
            "\n"
            "usage: skiff COMMAND [OPTIONS] [ARGS...]\n"
            "       skiff --version | --help | help COMMAND\n"
            "\n"
            "commands:\n",
            SKIFF_VERSION);
    for (size_t i = 0; i < SK_ARRAY_LEN(k_commands); i++)
        fprintf(f, "  %-10s %s\n", k_commands[i].name, k_commands[i].summary);
    fprintf(f,
            "\n"
            "Module files may be binary (.wasm) or text (.wat): the binary magic decides.\n"
            "`skiff COMMAND --help` describes each command.\n"
            "\n"
            "exit status:\n"
            "  0  success\n"
            "  1  error: the module is malformed, invalid or cannot be linked, a file cannot\n"
            "     be read or written, or (wast) some script command failed\n"
            "  2  usage error (bad option or argument)\n"
            "  3  the WebAssembly code trapped\n"
            "\n"
            "environment:\n"
            "  SKIFF_FAIL_ALLOC_AFTER=N  (testing) make every allocation after the first N fail\n");
}

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < SK_ARRAY_LEN(k_commands); i++)
        if (strcmp(k_commands[i].name, name) == 0) return &k_commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    /* Test hook: make every allocation after the first N fail, to check that
     * out-of-memory is handled everywhere (tests/cli/oom.sh). */
    const char *fail_after = getenv("SKIFF_FAIL_ALLOC_AFTER");
    if (fail_after && *fail_after) sk_alloc_fail_after(strtol(fail_after, NULL, 10));
    if (argc < 2) {
        usage(stderr);
        return SK_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return SK_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
        printf("skiff %s\n", SKIFF_VERSION);
        return SK_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return SK_EXIT_OK;
        }
        const cli_command *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "skiff: unknown command '%s'\n", argv[2]);
            return SK_EXIT_USAGE;
        }
        char *help_argv[] = {argv[2], "--help", NULL};
        return c->fn(2, help_argv);
    }
    const cli_command *c = find_command(cmd);
    if (!c) {
        fprintf(stderr, "skiff: unknown command '%s'\n\n", cmd);
        usage(stderr);
        return SK_EXIT_USAGE;
    }
    return c->fn(argc - 1, argv + 1);
}
