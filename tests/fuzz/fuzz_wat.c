/* fuzz_wat.c: libFuzzer target (b): arbitrary text through sk_wat2wasm, then the encoder's output
 * through the decoder (must be well-formed) and validation (may fail: counted, not asserted). */
#include "common/common.h"
#include "decode/module.h"
#include "text/text.h"
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long n_inputs, n_parsed, n_loaded, n_invalid;

static void report(void)
{
    fprintf(stderr, "fuzz_wat: %lu inputs, %lu parsed, %lu loaded, %lu parsed but invalid\n", n_inputs, n_parsed,
            n_loaded, n_invalid);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (n_inputs++ == 0) atexit(report);
    uint8_t *bin = NULL;
    size_t len = 0;
    sk_error err;
    sk_error_clear(&err);
    if (!sk_wat2wasm((const char *)data, size, "fuzz.wat", &bin, &len, &err)) {
        if (!sk_error_is_set(&err)) {
            fprintf(stderr, "sk_wat2wasm failed without an error message\n");
            abort();
        }
        return 0;
    }
    n_parsed++;
    sk_error_clear(&err);
    /* What the encoder wrote must be well-formed binary. */
    sk_module *m = sk_decode(bin, len, &err);
    if (!m) {
        fprintf(stderr, "encoder output does not decode: %s (offset %lld)\n", err.msg, (long long)err.offset);
        abort();
    }
    sk_module_free(m);
    sk_error_clear(&err);
    m = sk_module_load(bin, len, &err);
    if (m) n_loaded++;
    else n_invalid++;
    sk_module_free(m);
    sk_free(bin);
    return 0;
}
