/* load.c: the full load pipeline: decode, validate, lower. */
#include "module.h"
#include "../interp/interp.h"
#include "../validate/validate.h"

sk_module *sk_module_load(const uint8_t *bytes, size_t len, sk_error *err)
{
    sk_error local;
    if (!err) err = &local;
    sk_module *m = sk_decode(bytes, len, err);
    if (!m) return NULL;
    if (!sk_validate(m, err) || !sk_lower_module(m, err)) {
        if (!sk_error_is_set(err)) sk_err(err, -1, "module load failed");
        sk_module_free(m);
        return NULL;
    }
    return m;
}
