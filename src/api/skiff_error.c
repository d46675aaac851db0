/* skiff_error.c: skiff.h errors, version, WAT compilation, module creation and instantiation with errors. */
#include "skiff_internal.h"
#include "../text/text.h"
#include "../validate/validate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#ifndef SKIFF_VERSION
#define SKIFF_VERSION "0.1.0"
#endif

const char *skiff_version(void) { return SKIFF_VERSION; }

/* ---- Errors ---- */

static skiff_error_t oom_error = {(char *)"out of memory", NULL, -1, 0, 0, true};

skiff_error_t *sk_api_error_oom(void) { return &oom_error; }

static skiff_error_t *error_make(const char *msg, const char *where, int64_t offset, uint32_t line, uint32_t col)
{
    skiff_error_t *e = sk_calloc(1, sizeof *e);
    if (!e) return &oom_error;
    e->message = sk_strndup(msg, strlen(msg));
    e->where = where && where[0] ? sk_strndup(where, strlen(where)) : NULL;
    if (!e->message || (where && where[0] && !e->where)) {
        sk_free(e->message);
        sk_free(e->where);
        sk_free(e);
        return &oom_error;
    }
    e->offset = offset;
    e->line = line;
    e->col = col;
    return e;
}

skiff_error_t *sk_api_error_from(const sk_error *e)
{
    const char *msg = e && e->msg[0] ? e->msg : "unknown error";
    if (e && strcmp(msg, "out of memory") == 0) return &oom_error;
    return error_make(msg, e ? e->where : NULL, e ? e->offset : -1, e ? e->line : 0, e ? e->col : 0);
}

skiff_error_t *sk_api_error_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return error_make(buf, NULL, -1, 0, 0);
}

void skiff_error_delete(skiff_error_t *e)
{
    if (!e || e->is_static) return;
    sk_free(e->message);
    sk_free(e->where);
    sk_free(e);
}

const char *skiff_error_message(const skiff_error_t *e) { return e->message; }
int64_t skiff_error_offset(const skiff_error_t *e) { return e->offset; }

bool skiff_error_position(const skiff_error_t *e, uint32_t *line, uint32_t *column)
{
    if (line) *line = e->line;
    if (column) *column = e->col;
    return e->line != 0;
}

void skiff_error_format(const skiff_error_t *e, wasm_name_t *out)
{
    char buf[1024];
    int n;
    if (e->line) n = snprintf(buf, sizeof buf, "%" PRIu32 ":%" PRIu32 ": %s", e->line, e->col, e->message);
    else if (e->offset >= 0 && e->where)
        n = snprintf(buf, sizeof buf, "%s @0x%" PRIx64 ": %s", e->where, (uint64_t)e->offset, e->message);
    else if (e->offset >= 0) n = snprintf(buf, sizeof buf, "@0x%" PRIx64 ": %s", (uint64_t)e->offset, e->message);
    else n = snprintf(buf, sizeof buf, "%s", e->message);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
    wasm_byte_vec_new(out, (size_t)n, buf);
}

/* ---- Text and modules ---- */

skiff_error_t *skiff_wat2wasm(const char *text, size_t len, wasm_byte_vec_t *out)
{
    out->size = 0;
    out->data = NULL;
    if (!text && len) return sk_api_error_printf("no text");
    sk_error err;
    sk_error_clear(&err);
    uint8_t *bin = NULL;
    size_t n = 0;
    if (!sk_wat2wasm(text ? text : "", len, "<text>", &bin, &n, &err)) {
        sk_free(bin);
        return sk_api_error_from(&err);
    }
    /* Hand the bytes over in a vector the caller frees with wasm_byte_vec_delete. */
    wasm_byte_vec_new(out, n, (const wasm_byte_t *)bin);
    sk_free(bin);
    if (n && !out->data) return &oom_error;
    return NULL;
}

skiff_error_t *skiff_module_new(wasm_engine_t *engine, const uint8_t *binary, size_t len, wasm_module_t **module_out)
{
    *module_out = NULL;
    if (!engine) return sk_api_error_printf("no engine");
    if (!binary && len) return sk_api_error_printf("no binary");
    sk_error err;
    sk_error_clear(&err);
    static const uint8_t none[1] = {0};
    *module_out = sk_api_module_new(engine, NULL, binary ? binary : none, len, &err);
    return *module_out ? NULL : sk_api_error_from(&err);
}

skiff_error_t *skiff_module_validate(wasm_engine_t *engine, const uint8_t *binary, size_t len)
{
    if (!engine) return sk_api_error_printf("no engine");
    if (!binary && len) return sk_api_error_printf("no binary");
    static const uint8_t none[1] = {0};
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_decode(binary ? binary : none, len, &err);
    bool ok = m && sk_validate(m, &err) && sk_api_features_check(engine, m, &err);
    if (!m && !sk_error_is_set(&err)) sk_err(&err, -1, "out of memory");
    sk_module_free(m);
    return ok ? NULL : sk_api_error_from(&err);
}

/* ---- Instances ---- */

static uint8_t api_kind(uint8_t sk_kind)
{
    switch (sk_kind) {
    case SK_EXTERN_FUNC: return SK_API_FUNC;
    case SK_EXTERN_GLOBAL: return SK_API_GLOBAL;
    case SK_EXTERN_TABLE: return SK_API_TABLE;
    default: return SK_API_MEMORY;
    }
}

wasm_extern_t *sk_api_extern_wrap(wasm_store_t *s, uint8_t kind, void *obj)
{
    return (wasm_extern_t *)sk_api_wrap(s, api_kind(kind), obj);
}

skiff_error_t *sk_api_instantiate(wasm_store_t *store, const wasm_module_t *module,
                                  const wasm_extern_t *const *imports, size_t nimports,
                                  wasm_instance_t **instance_out, wasm_trap_t **trap_out)
{
    /* wasm_instance_new reports link errors as traps and in last_error; a
     * cleared last_error that is set afterwards tells the two apart. */
    wasm_extern_vec_t vec = {nimports, (wasm_extern_t **)imports};
    sk_error_clear(&store->last_error);
    wasm_trap_t *trap = NULL;
    *instance_out = wasm_instance_new(store, module, &vec, &trap);
    if (*instance_out) return NULL;
    if (sk_error_is_set(&store->last_error)) {
        wasm_trap_delete(trap);
        return sk_api_error_from(&store->last_error);
    }
    if (!trap) return &oom_error;
    *trap_out = trap;
    return NULL;
}

skiff_error_t *skiff_instance_new(wasm_store_t *store, const wasm_module_t *module,
                                  const wasm_extern_t *const *imports, size_t nimports,
                                  wasm_instance_t **instance_out, wasm_trap_t **trap_out)
{
    *instance_out = NULL;
    *trap_out = NULL;
    if (!store || !module) return sk_api_error_printf("no store or module");
    if (nimports && !imports) return sk_api_error_printf("no imports");
    const sk_module *m = ((const sk_api_module *)module)->shared->module;
    for (size_t i = 0; i < m->nimports; i++) {
        if (i < nimports && imports[i]) continue;
        const sk_import *imp = &m->imports[i];
        return sk_api_error_printf("unknown import: %.*s::%.*s", (int)(imp->module_len > 64 ? 64 : imp->module_len),
                                   imp->module, (int)(imp->name_len > 64 ? 64 : imp->name_len), imp->name);
    }
    return sk_api_instantiate(store, module, imports, nimports, instance_out, trap_out);
}

wasm_extern_t *skiff_instance_export_get(const wasm_instance_t *instance, const char *name, size_t len)
{
    const wasm_ref_t *r = (const wasm_ref_t *)instance;
    sk_extern ext;
    if (!name || !sk_instance_export(r->of.instance, name, len, &ext)) return NULL;
    return sk_api_extern_wrap(r->store, ext.kind, ext.of.ptr);
}

bool skiff_trap_exit_status(const wasm_trap_t *trap, int *status)
{
    const sk_api_trap *t = (const sk_api_trap *)trap;
    if (!t->is_exit) return false;
    if (status) *status = t->exit_code;
    return true;
}
