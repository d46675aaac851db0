/* load.c: the full load pipeline: decode, validate, lower. */
#include "module.h"
#include "../interp/interp.h"
#include "../validate/validate.h"

sk_module *sk_module_load(const uint8_t *bytes, size_t len, sk_error *err)
{
    return sk_module_load_mode(bytes, len, sk_guard_pages_available(), err);
}

sk_module *sk_module_load_mode(const uint8_t *bytes, size_t len, bool guard_pages, sk_error *err)
{
    sk_error local;
    if (!err) err = &local;
    if (guard_pages && !sk_guard_pages_available()) {
        sk_err(err, -1, "guard-page bounds checks are not available on this host");
        return NULL;
    }
    sk_module *m = sk_decode(bytes, len, err);
    if (!m) return NULL;
    m->guard_pages = guard_pages; /* lowering takes the handler table of this mode */
    if (!sk_validate(m, err) || !sk_lower_module(m, err)) {
        if (!sk_error_is_set(err)) sk_err(err, -1, "module load failed");
        sk_module_free(m);
        return NULL;
    }
    return m;
}
