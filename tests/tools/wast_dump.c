/* wast_dump.c: parses a .wast with sk_wast_parse and writes each module's binary to DIR/<index>.wasm.
 * <index> counts every command that carries a module, in order. DIR/manifest.txt lists
 * "index line form status" per module (form: text, binary or quote; status: ok or the text error),
 * which tests/wabt_compare.sh uses to match modules with wast2json's. */
#include "common/common.h"
#include "text/text.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE.wast DIR\n", argv[0]);
        return 2;
    }
    uint8_t *src;
    size_t len;
    sk_error err;
    sk_error_clear(&err);
    if (!sk_read_file(argv[1], &src, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    sk_wast_script *s;
    if (!sk_wast_parse((const char *)src, len, argv[1], &s, &err)) {
        char buf[512];
        sk_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        sk_free(src);
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.txt", argv[2]);
    FILE *man = fopen(path, "w");
    if (!man) {
        perror(path);
        sk_wast_free(s);
        sk_free(src);
        return 1;
    }
    static const char *forms[] = {"text", "binary", "quote"};
    uint32_t index = 0;
    int rc = 0;
    for (uint32_t i = 0; i < s->ncmds; i++) {
        const sk_wast_cmd *c = &s->cmds[i];
        if (!c->has_module) continue;
        const sk_wast_module *m = &c->module;
        if (m->binary) {
            snprintf(path, sizeof path, "%s/%u.wasm", argv[2], index);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(m->binary, 1, m->len, f) != m->len) {
                perror(path);
                rc = 1;
            }
            if (f) fclose(f);
            fprintf(man, "%u %u %s ok\n", index, c->line, forms[m->form]);
        } else {
            char buf[512];
            sk_error_format(&m->text_err, buf, sizeof buf);
            fprintf(man, "%u %u %s error %s\n", index, c->line, forms[m->form], buf);
        }
        index++;
    }
    fclose(man);
    sk_wast_free(s);
    sk_free(src);
    return rc;
}
