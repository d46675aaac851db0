/* fuzz_wast.c: libFuzzer target: arbitrary text through the .wast script parser (sk_wast_parse), then every
 * module the script holds (text, binary or quote form) through load (decode + validate + lower). Checks the
 * parser's contract: a failed parse always says why, and a module without bytes always carries the reason. */
#include "common/common.h"
#include "decode/module.h"
#include "text/text.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long n_inputs, n_scripts, n_cmds, n_modules, n_loaded;

static void report(void)
{
    fprintf(stderr, "fuzz_wast: %lu inputs, %lu scripts parsed, %lu commands, %lu modules encoded, %lu loaded\n",
            n_inputs, n_scripts, n_cmds, n_modules, n_loaded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (n_inputs++ == 0) atexit(report);
    sk_wast_script *s = NULL;
    sk_error err;
    sk_error_clear(&err);
    if (!sk_wast_parse((const char *)data, size, "fuzz.wast", &s, &err)) {
        if (!sk_error_is_set(&err) || s) {
            fprintf(stderr, "sk_wast_parse failed without an error message, or left a script behind\n");
            abort();
        }
        return 0;
    }
    n_scripts++;
    for (uint32_t i = 0; i < s->ncmds; i++) {
        const sk_wast_cmd *c = &s->cmds[i];
        n_cmds++;
        if (c->kind > SK_CMD_UNSUPPORTED) {
            fprintf(stderr, "command %u has kind %u\n", i, c->kind);
            abort();
        }
        if (!c->has_module) continue;
        const sk_wast_module *wm = &c->module;
        if (!wm->binary) {
            /* a text module that did not encode must say why (assert_malformed relies on it) */
            if (wm->form != SK_WM_BINARY && !wm->text_err.msg[0]) {
                fprintf(stderr, "command %u (line %u): module without bytes and without a reason\n", i, c->line);
                abort();
            }
            continue;
        }
        n_modules++;
        sk_error_clear(&err);
        sk_module *m = sk_module_load(wm->binary, wm->len, &err);
        if (m) n_loaded++;
        else if (!sk_error_is_set(&err)) {
            fprintf(stderr, "command %u (line %u): module rejected without an error message\n", i, c->line);
            abort();
        }
        sk_module_free(m);
    }
    sk_wast_free(s);
    return 0;
}
