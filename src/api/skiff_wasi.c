/* skiff_wasi.c: skiff.h WASI configuration over src/wasi (arguments, environment, preopens, stdio) and its linking. */
#include "skiff_internal.h"
#include "../wasi/wasi.h"

#include <stdio.h>

struct skiff_wasi_config_t {
    sk_wasi *w;
    uint8_t captured; /* bit fd set: fd 1 or 2 is captured */
};

skiff_wasi_config_t *skiff_wasi_config_new(void)
{
    skiff_wasi_config_t *c = sk_calloc(1, sizeof *c);
    if (!c) return NULL;
    c->w = sk_wasi_new();
    if (!c->w) {
        sk_free(c);
        return NULL;
    }
    return c;
}

void skiff_wasi_config_delete(skiff_wasi_config_t *c)
{
    if (!c) return;
    sk_wasi_free(c->w);
    sk_free(c);
}

void sk_api_wasi_free(skiff_wasi_config_t *c) { skiff_wasi_config_delete(c); }

/* An error from a failed WASI setting: its message, or "out of memory". */
static skiff_error_t *fail(sk_error *err)
{
    if (!sk_error_is_set(err)) return sk_api_error_oom();
    return sk_api_error_from(err);
}

skiff_error_t *skiff_wasi_config_arg(skiff_wasi_config_t *c, const char *arg)
{
    if (!arg) return sk_api_error_printf("no argument");
    return sk_wasi_add_arg(c->w, arg) ? NULL : sk_api_error_oom();
}

skiff_error_t *skiff_wasi_config_env(skiff_wasi_config_t *c, const char *key, const char *value)
{
    if (!key || !value) return sk_api_error_printf("no key or value");
    if (!key[0] || strchr(key, '=')) return sk_api_error_printf("invalid environment variable name \"%s\"", key);
    size_t kl = strlen(key), vl = strlen(value);
    char *kv = sk_malloc(kl + vl + 2);
    if (!kv) return sk_api_error_oom();
    memcpy(kv, key, kl);
    kv[kl] = '=';
    memcpy(kv + kl + 1, value, vl + 1);
    sk_error err;
    sk_error_clear(&err);
    bool ok = sk_wasi_add_env(c->w, kv, &err);
    sk_free(kv);
    return ok ? NULL : fail(&err);
}

skiff_error_t *skiff_wasi_config_inherit_env(skiff_wasi_config_t *c)
{
    sk_error err;
    sk_error_clear(&err);
    return sk_wasi_inherit_env(c->w, &err) ? NULL : fail(&err);
}

skiff_error_t *skiff_wasi_config_preopen_dir(skiff_wasi_config_t *c, const char *host_path, const char *guest_path)
{
    if (!host_path) return sk_api_error_printf("no host path");
    sk_error err;
    sk_error_clear(&err);
    return sk_wasi_preopen_dir(c->w, host_path, guest_path, &err) ? NULL : fail(&err);
}

skiff_error_t *skiff_wasi_config_stdio(skiff_wasi_config_t *c, int fd, skiff_wasi_stdio_t mode, const char *path)
{
    if (fd < 0 || fd > 2) return sk_api_error_printf("not a standard stream: fd %d", fd);
    sk_wasi_stdio m;
    switch (mode) {
    case SKIFF_WASI_STDIO_INHERIT: m = SK_WASI_STDIO_INHERIT; break;
    case SKIFF_WASI_STDIO_NULL: m = SK_WASI_STDIO_NULL; break;
    case SKIFF_WASI_STDIO_FILE: m = SK_WASI_STDIO_FILE; break;
    case SKIFF_WASI_STDIO_CAPTURE: m = SK_WASI_STDIO_CAPTURE; break;
    default: return sk_api_error_printf("unknown stdio mode %d", (int)mode);
    }
    if (m == SK_WASI_STDIO_FILE && !path) return sk_api_error_printf("no file path");
    sk_error err;
    sk_error_clear(&err);
    if (!sk_wasi_set_stdio(c->w, fd, m, path, &err)) return fail(&err);
    if (m == SK_WASI_STDIO_CAPTURE) c->captured |= (uint8_t)(1u << fd);
    else c->captured &= (uint8_t) ~(1u << fd);
    return NULL;
}

skiff_error_t *skiff_wasi_config_stdin_bytes(skiff_wasi_config_t *c, const void *data, size_t len)
{
    if (!data && len) return sk_api_error_printf("no data");
    sk_error err;
    sk_error_clear(&err);
    return sk_wasi_set_stdin_bytes(c->w, data ? data : "", len, &err) ? NULL : fail(&err);
}

skiff_error_t *skiff_store_set_wasi(wasm_store_t *store, skiff_wasi_config_t *config)
{
    if (!config) return sk_api_error_printf("no WASI configuration");
    if (store->skiff.wasi) {
        /* Functions of the store are bound to the first context: it must stay. */
        skiff_wasi_config_delete(config);
        return sk_api_error_printf("the store already has a WASI configuration");
    }
    store->skiff.wasi = config;
    return NULL;
}

bool skiff_store_wasi_output(const wasm_store_t *store, int fd, wasm_byte_vec_t *out)
{
    out->size = 0;
    out->data = NULL;
    const skiff_wasi_config_t *c = store->skiff.wasi;
    if (!c || (fd != 1 && fd != 2) || !(c->captured & (1u << fd))) return false;
    size_t len = 0;
    const uint8_t *p = sk_wasi_captured(c->w, fd, &len);
    if (p && len) wasm_byte_vec_new(out, len, (const wasm_byte_t *)p);
    return true;
}

bool sk_api_wasi_is_import(const sk_import *imp) { return sk_wasi_is_wasi_import(imp); }

wasm_extern_t *sk_api_wasi_resolve(wasm_store_t *s, const sk_module *m, const sk_import *imp, sk_error *err)
{
    int ml = (int)(imp->module_len > 64 ? 64 : imp->module_len), nl = (int)(imp->name_len > 64 ? 64 : imp->name_len);
    if (!s->skiff.wasi) {
        sk_err(err, -1, "unknown import: %.*s::%.*s (the store has no WASI configuration)", ml, imp->module, nl,
               imp->name);
        return NULL;
    }
    sk_error e;
    sk_error_clear(&e);
    sk_func *f = sk_wasi_resolve(s->skiff.wasi->w, s->rt, m, imp, &e);
    if (!f) {
        if (strncmp(e.msg, "unknown import", 14) == 0)
            sk_err(err, -1, "unknown import: %.*s::%.*s", ml, imp->module, nl, imp->name);
        else if (strncmp(e.msg, "incompatible import type", 24) == 0)
            sk_err(err, -1, "incompatible import type: %.*s::%.*s", ml, imp->module, nl, imp->name);
        else *err = e;
        return NULL;
    }
    wasm_extern_t *x = sk_api_extern_wrap(s, SK_EXTERN_FUNC, f);
    if (!x) sk_err(err, -1, "out of memory");
    return x;
}
