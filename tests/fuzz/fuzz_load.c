/* fuzz_load.c: libFuzzer target (a): arbitrary bytes through the full load pipeline (decode, validate, lower). */
#include "common/common.h"
#include "decode/module.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(data, size, &err);
    if (!m && !sk_error_is_set(&err)) {
        /* A rejected module must say why. */
        fprintf(stderr, "sk_module_load failed without an error message\n");
        abort();
    }
    if (m && sk_error_is_set(&err)) {
        fprintf(stderr, "sk_module_load succeeded but set an error: %s\n", err.msg);
        abort();
    }
    sk_module_free(m);
    return 0;
}
