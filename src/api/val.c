/* val.c: wasm_val_t, and conversion between API values and runtime values. */
#include "api.h"

void wasm_val_delete(wasm_val_t *v)
{
    if (!v || !wasm_valkind_is_ref(v->kind)) return;
    sk_api_ref_release(v->of.ref);
    v->of.ref = NULL;
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v)
{
    *out = *v;
    if (wasm_valkind_is_ref(v->kind)) out->of.ref = sk_api_ref_retain(v->of.ref);
}

bool sk_api_ref_to_sk(wasm_store_t *s, uint8_t type, wasm_ref_t *r, void **out, const char **why)
{
    *out = NULL;
    if (!r) return true;
    if (r->store_bound && r->store != s) {
        *why = "reference from another store";
        return false;
    }
    if (type == SK_FUNCREF) {
        if (r->kind != SK_API_FUNC) {
            *why = "type mismatch: funcref expected";
            return false;
        }
        *out = r->of.func;
        return true;
    }
    /* externref: any reference object; the runtime keeps the record pointer. */
    if (!sk_api_pin(s, r)) {
        *why = "out of memory";
        return false;
    }
    *out = r;
    return true;
}

bool sk_api_val_to_sk(wasm_store_t *s, uint8_t type, const wasm_val_t *v, sk_val *out, const char **why)
{
    memset(out, 0, sizeof *out);
    switch (type) {
    case SK_I32:
        if (v->kind != WASM_I32) break;
        out->i32 = v->of.i32;
        return true;
    case SK_I64:
        if (v->kind != WASM_I64) break;
        out->i64 = v->of.i64;
        return true;
    case SK_F32:
        if (v->kind != WASM_F32) break;
        memcpy(&out->u32, &v->of.f32, 4); /* bit pattern, so NaN payloads survive */
        return true;
    case SK_F64:
        if (v->kind != WASM_F64) break;
        memcpy(&out->u64, &v->of.f64, 8);
        return true;
    case SK_FUNCREF:
    case SK_EXTERNREF:
        if (!wasm_valkind_is_ref(v->kind)) break;
        return sk_api_ref_to_sk(s, type, v->of.ref, &out->ref, why);
    case SK_V128: *why = "v128 values are not supported by the C API"; return false;
    default: break;
    }
    *why = "type mismatch";
    return false;
}

wasm_ref_t *sk_api_ref_from_sk(wasm_store_t *s, uint8_t type, void *p, bool *oom)
{
    if (!p) return NULL;
    if (type == SK_FUNCREF) {
        wasm_ref_t *r = sk_api_wrap(s, SK_API_FUNC, p);
        if (!r) *oom = true;
        return r;
    }
    /* externref: the record pointer put there by sk_api_ref_to_sk. */
    return sk_api_ref_retain((wasm_ref_t *)p);
}

bool sk_api_val_from_sk(wasm_store_t *s, uint8_t type, sk_val v, wasm_val_t *out)
{
    out->kind = sk_api_kind_from_sk(type);
    switch (type) {
    case SK_I32: out->of.i32 = v.i32; return true;
    case SK_I64: out->of.i64 = v.i64; return true;
    case SK_F32: memcpy(&out->of.f32, &v.u32, 4); return true;
    case SK_F64: memcpy(&out->of.f64, &v.u64, 8); return true;
    case SK_FUNCREF:
    case SK_EXTERNREF: {
        bool oom = false;
        out->of.ref = sk_api_ref_from_sk(s, type, v.ref, &oom);
        return !oom;
    }
    default:
        /* v128: only the low half fits; the kind says it is not a standard value. */
        out->of.i64 = (int64_t)v.v128_u64[0];
        return true;
    }
}
