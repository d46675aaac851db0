/* cli.h: private declarations shared by the files of the `skiff` command-line tool. */
#ifndef SK_CLI_H
#define SK_CLI_H

#include "../common/common.h"
#include "../decode/module.h"
#include "../runtime/runtime.h"
#include "../interp/interp.h"
#include "../text/text.h"
#include <stdio.h>

#ifndef SKIFF_VERSION
#define SKIFF_VERSION "0.0.0"
#endif

/* Exit codes of every command (documented in `skiff --help`). */
enum { SK_EXIT_OK = 0, SK_EXIT_ERROR = 1, SK_EXIT_USAGE = 2, SK_EXIT_TRAP = 3 };

/* Commands: argv[0] is the command name. Each returns an exit code. */
int sk_cli_run(int argc, char **argv);
int sk_cli_validate(int argc, char **argv);
int sk_cli_inspect(int argc, char **argv);
int sk_cli_wat2wasm(int argc, char **argv);
int sk_cli_wast(int argc, char **argv);

/* ---- Shared helpers (cli_util.c) ---- */

/* Reads a module file: a binary (starts with "\0asm") is returned as is,
 * anything else is parsed as WAT and encoded. *out is freed with sk_free. */
bool sk_cli_read_module_bytes(const char *path, uint8_t **out, size_t *len, sk_error *err);
/* Reads a module file and runs the full load pipeline (decode, validate, lower). */
sk_module *sk_cli_load_module(const char *path, sk_error *err);
/* The same, lowered for guard-page (true) or explicit (false) bounds checks. */
sk_module *sk_cli_load_module_mode(const char *path, bool guard_pages, sk_error *err);
/* Parses a --bounds-checks value ("guard", "explicit" or "default") into *guard_pages. On a bad
 * value, or guard pages where they are unavailable, prints "skiff CMD: ..." and returns false. */
bool sk_cli_parse_bounds(const char *cmd, const char *val, bool *guard_pages);
/* Help text of --bounds-checks, shared by run and wast. */
#define SK_CLI_BOUNDS_HELP                                                                    \
    "  --bounds-checks MODE  how memory accesses are kept in bounds: guard (guard pages:\n"   \
    "                 8 GiB of address space per memory, faults become the trap; the\n"      \
    "                 default on 64-bit Linux) or explicit (a compare per access)\n"
/* Appended to "out of memory" when the store uses guard pages: the likely cause is address space. */
#define SK_CLI_GUARD_OOM_HINT                                                                    \
    " (guard-page bounds checks reserve 8 GiB of address space per memory; --bounds-checks=explicit" \
    " needs less)"
/* Decodes only (no validation): for `inspect`. */
sk_module *sk_cli_decode_module(const char *path, sk_error *err);
/* Prints "skiff: PATH: <error with location>" to stderr. */
void sk_cli_print_error(const char *path, const sk_error *err);
/* The file loop of `validate` and `inspect`: argv[i..argc) are module files (none is a usage error:
 * "skiff CMD: no module file given" and the usage on stderr). Each is read with load; one that fails is
 * reported (sk_cli_print_error) and the others still run; each loaded module is passed to each(), then
 * freed. Returns SK_EXIT_OK, SK_EXIT_ERROR if some file failed, or SK_EXIT_USAGE. */
int sk_cli_each_module(const char *cmd, int argc, char **argv, int i, void (*usage)(FILE *),
                       sk_module *(*load)(const char *path, sk_error *err),
                       void (*each)(const char *path, sk_module *m, void *ctx), void *ctx);

/* Formats a value as text: "42", "-1.5", "nan:0x200000", "ref.null func", ...
 * Integers are signed decimal; floats round-trip exactly. */
void sk_cli_format_val(char *buf, size_t size, uint8_t type, const sk_val *v);
/* Parses a command-line argument of the given type. Returns false if malformed or out of range. */
bool sk_cli_parse_val(const char *s, uint8_t type, sk_val *out);
/* Formats "(i32, i64) -> (f32)" for a function type. */
void sk_cli_format_functype(char *buf, size_t size, const sk_functype *ft);
/* Prints a trap: its message, the function it happened in and the backtrace. */
void sk_cli_print_trap(FILE *f, const sk_trap *t);
/* A function's display name: "$name" from the name section or "#idx". */
void sk_cli_func_label(char *buf, size_t size, const sk_instance *inst, uint32_t func_idx);

/* ---- The `spectest` host module (wast_spectest.c) ---- */
typedef struct sk_spectest sk_spectest;
/* Creates the spectest functions, globals, table and memory in `s` (the store
 * owns them; the returned handle is freed with sk_spectest_free). NULL on OOM. */
sk_spectest *sk_spectest_new(sk_store *s);
void sk_spectest_free(sk_spectest *st);
/* Looks up a spectest export by field name. False if there is none. */
bool sk_spectest_lookup(const sk_spectest *st, const char *name, size_t len, sk_extern *out);

#endif
