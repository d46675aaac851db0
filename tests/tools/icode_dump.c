/* icode_dump.c: prints the lowered internal code of a module's functions (sk_icode_dump), for looking at
 * what lower.c makes of a hot loop when working on the interpreter.
 * usage: icode_dump FILE.wasm [FUNC_INDEX] */
#include "decode/module.h"
#include "interp/icode.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: icode_dump FILE.wasm [FUNC_INDEX]\n");
        return 2;
    }
    uint8_t *b = NULL;
    size_t n = 0;
    sk_error e;
    sk_error_clear(&e);
    if (!sk_read_file(argv[1], &b, &n, &e)) {
        fprintf(stderr, "icode_dump: %s\n", e.msg);
        return 1;
    }
    sk_module *m = sk_module_load(b, n, &e);
    if (!m) {
        char buf[512];
        sk_error_format(&e, buf, sizeof buf);
        fprintf(stderr, "icode_dump: %s\n", buf);
        sk_free(b);
        return 1;
    }
    long only = argc > 2 ? strtol(argv[2], NULL, 10) : -1;
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        if (only >= 0 && (long)i != only) continue;
        sk_icode *c = m->funcs[i].code;
        if (!c) continue;
        printf("== func %u ncells %u\n", i, c->ncells);
        sk_icode_dump(c, stdout);
    }
    sk_module_free(m);
    sk_free(b);
    return 0;
}
