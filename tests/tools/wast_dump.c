/* wast_dump.c: parses a .wast with sk_wast_parse and writes each module's binary to DIR/<index>.wasm.
 * <index> counts every command that carries a module, in order. DIR/manifest.txt lists
 * "index line form status" per module (form: text, binary or quote; status: ok or the text error),
 * which tests/wabt_compare.sh uses to match modules with wast2json's. Text modules also get their
 * source copied to DIR/<index>.wat (so single modules can be given to wat2wasm). */
#include "common/common.h"
#include "text/text.h"
#include <stdio.h>
#include <stdlib.h>

/* Offset of line:col in src. */
static size_t offset_of(const char *src, size_t len, uint32_t line, uint32_t col)
{
    size_t i = 0;
    for (uint32_t l = 1; l < line && i < len; i++)
        if (src[i] == '\n') l++;
    return i + col - 1 < len ? i + col - 1 : len;
}

/* From `from`, finds the first "(module" and the end of its S-expression. */
static bool module_span(const char *src, size_t len, size_t from, size_t *start, size_t *end)
{
    const char *m = NULL;
    for (size_t i = from; i + 7 <= len; i++)
        if (memcmp(src + i, "(module", 7) == 0) {
            m = src + i;
            break;
        }
    if (!m) return false;
    size_t i = (size_t)(m - src);
    *start = i;
    int depth = 0;
    while (i < len) {
        char c = src[i];
        if (c == '"') {
            for (i++; i < len && src[i] != '"'; i++)
                if (src[i] == '\\') i++;
            i++;
        } else if (c == ';' && i + 1 < len && src[i + 1] == ';') {
            while (i < len && src[i] != '\n') i++;
        } else if (c == '(' && i + 1 < len && src[i + 1] == ';') {
            int d = 1;
            for (i += 2; i < len && d; i++) {
                if (src[i] == '(' && i + 1 < len && src[i + 1] == ';') d++, i++;
                else if (src[i] == ';' && i + 1 < len && src[i + 1] == ')') d--, i++;
            }
        } else {
            if (c == '(') depth++;
            if (c == ')' && --depth == 0) {
                *end = i + 1;
                return true;
            }
            i++;
        }
    }
    return false;
}

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
            size_t a, b;
            if (m->form == SK_WM_TEXT &&
                module_span((const char *)src, len, offset_of((const char *)src, len, c->line, c->col), &a, &b)) {
                snprintf(path, sizeof path, "%s/%u.wat", argv[2], index);
                FILE *wf = fopen(path, "wb");
                if (wf) {
                    fwrite(src + a, 1, b - a, wf);
                    fclose(wf);
                }
            }
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
