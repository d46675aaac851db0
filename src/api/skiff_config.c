/* skiff_config.c: skiff.h engine configuration: execution tier and proposal features (enforced by a scan of loaded modules). */
#include "skiff_internal.h"
#include "../common/opcodes.h"
#include "../common/reader.h"
#include "../interp/interp.h"

#define NFEATURES 7
static const char *const feature_names[NFEATURES] = {
    "mutable-globals", "sign-extension", "saturating float-to-int", "multi-value",
    "bulk memory",     "reference types", "simd",
};
/* Features this build implements: all of WebAssembly 2.0. */
#define IMPLEMENTED(f) ((unsigned)(f) < NFEATURES)

bool skiff_config_feature_set(wasm_config_t *config, skiff_feature_t feature, bool enable)
{
    if ((unsigned)feature >= NFEATURES) return false;
    if (!IMPLEMENTED(feature)) return !enable; /* disabling what does not exist is fine */
    if (enable) config->disabled_features &= ~(1u << feature);
    else config->disabled_features |= 1u << feature;
    return true;
}

bool skiff_config_feature_get(const wasm_config_t *config, skiff_feature_t feature)
{
    return IMPLEMENTED(feature) && !(config->disabled_features & (1u << feature));
}

bool skiff_engine_feature_get(const wasm_engine_t *engine, skiff_feature_t feature)
{
    return IMPLEMENTED(feature) && !(engine->disabled_features & (1u << feature));
}

static const char *const tier_names[] = {"interp"};

bool skiff_config_tier_set(wasm_config_t *config, const char *tier)
{
    if (!tier || strcmp(tier, "default") == 0) {
        config->tier = SK_API_TIER_INTERP; /* the fastest tier there is, for now */
        return true;
    }
    for (size_t i = 0; i < SK_ARRAY_LEN(tier_names); i++)
        if (strcmp(tier, tier_names[i]) == 0) {
            config->tier = (uint8_t)i;
            return true;
        }
    return false;
}

bool skiff_config_bounds_checks(wasm_config_t *config, skiff_bounds_checks_t mode)
{
    switch (mode) {
    case SKIFF_BOUNDS_GUARD_PAGES:
        if (!sk_guard_pages_available()) return false;
        break;
    case SKIFF_BOUNDS_DEFAULT:
    case SKIFF_BOUNDS_EXPLICIT: break;
    default: return false;
    }
    config->bounds = (uint8_t)mode;
    return true;
}

skiff_bounds_checks_t skiff_engine_bounds_checks(const wasm_engine_t *engine)
{
    return engine->guard_pages ? SKIFF_BOUNDS_GUARD_PAGES : SKIFF_BOUNDS_EXPLICIT;
}

const char *skiff_engine_tier(const wasm_engine_t *engine)
{
    return engine->tier < SK_ARRAY_LEN(tier_names) ? tier_names[engine->tier] : "interp";
}

/* ---- Feature check: a scan of a decoded, validated module ---- */

typedef struct scan {
    const sk_module *m;
    uint32_t disabled;
    sk_error *err;
} scan;

/* Reports use of a disabled feature; false when it is disabled. */
static bool use(scan *sc, skiff_feature_t f, int64_t offset, const char *what)
{
    if (!(sc->disabled & (1u << f))) return true;
    return sk_err(sc->err, offset, "feature disabled: %s (%s)", feature_names[f], what);
}

static bool type_uses(scan *sc, uint8_t t, int64_t offset, const char *what)
{
    if (t == SK_EXTERNREF) return use(sc, SKIFF_FEATURE_REFERENCE_TYPES, offset, what);
    if (t == SK_V128) return use(sc, SKIFF_FEATURE_SIMD, offset, what);
    return true;
}

/* The feature an opcode belongs to, or -1 for the MVP. */
static int op_feature(uint8_t prefix, uint32_t code)
{
    if (prefix == 0) {
        if (code >= 0xC0 && code <= 0xC4) return SKIFF_FEATURE_SIGN_EXTENSION;
        if ((code >= 0xD0 && code <= 0xD2) || code == 0x25 || code == 0x26 || code == 0x1C)
            return SKIFF_FEATURE_REFERENCE_TYPES;
        return -1;
    }
    if (prefix == 0xFC) {
        if (code <= 7) return SKIFF_FEATURE_SATURATING_FLOAT_TO_INT;
        if (code <= 14) return SKIFF_FEATURE_BULK_MEMORY;
        return SKIFF_FEATURE_REFERENCE_TYPES;
    }
    return SKIFF_FEATURE_SIMD;
}

static bool skip_u32s(sk_reader *r, int n)
{
    uint32_t v;
    for (int i = 0; i < n; i++)
        if (!sk_read_u32(r, &v)) return false;
    return true;
}

/* Scans one instruction sequence (a function body or constant expression). */
static bool scan_code(scan *sc, const uint8_t *code, uint32_t len, uint32_t module_offset)
{
    sk_error rerr;
    sk_error_clear(&rerr);
    sk_reader r = sk_reader_make(code, code, code + len, &rerr);
    while (!sk_reader_eof(&r)) {
        int64_t at = module_offset + sk_reader_offset(&r);
        uint8_t b;
        uint32_t sub = 0;
        if (!sk_read_u8(&r, &b)) return true;
        uint8_t prefix = 0;
        if (b == 0xFC || b == 0xFD) {
            prefix = b;
            if (!sk_read_u32(&r, &sub)) return true;
        } else {
            sub = b;
        }
        sk_op op = sk_op_lookup(prefix, sub);
        if (op == SK_OP_INVALID) return true; /* cannot happen in a validated module */
        const sk_opinfo *info = sk_op_info(op);
        int f = op_feature(prefix, sub);
        if (f >= 0 && !use(sc, (skiff_feature_t)f, at, info->text)) return false;
        const uint8_t *bytes;
        uint32_t a = 0, n = 0;
        int64_t s = 0;
        bool ok = true;
        switch ((sk_imm_kind)info->imm) {
        case SK_IMM_NONE: break;
        case SK_IMM_BLOCKTYPE:
            ok = sk_read_sleb(&r, 33, &s);
            if (ok && s >= 0 && (uint64_t)s < sc->m->ntypes) {
                const sk_functype *ft = &sc->m->types[s];
                if ((ft->nparams || ft->nresults > 1) && !use(sc, SKIFF_FEATURE_MULTI_VALUE, at, "block type"))
                    return false;
            }
            break;
        case SK_IMM_LABEL:
        case SK_IMM_FUNC:
        case SK_IMM_LOCAL:
        case SK_IMM_GLOBAL:
        case SK_IMM_TABLE:
        case SK_IMM_DATA:
        case SK_IMM_ELEM: ok = skip_u32s(&r, 1); break;
        case SK_IMM_BR_TABLE:
            ok = sk_read_u32(&r, &n);
            for (uint64_t i = 0; ok && i <= n; i++) ok = skip_u32s(&r, 1);
            break;
        case SK_IMM_CALL_INDIRECT:
            ok = skip_u32s(&r, 1) && sk_read_u32(&r, &a);
            if (ok && a != 0 && !use(sc, SKIFF_FEATURE_REFERENCE_TYPES, at, "call_indirect with a table index"))
                return false;
            break;
        case SK_IMM_MEMARG:
        case SK_IMM_TABLE_INIT:
        case SK_IMM_TABLE_COPY: ok = skip_u32s(&r, 2); break;
        case SK_IMM_MEMIDX:
        case SK_IMM_REFTYPE:
        case SK_IMM_LANE: ok = sk_read_bytes(&r, 1, &bytes); break;
        case SK_IMM_I32: ok = sk_read_sleb(&r, 32, &s); break;
        case SK_IMM_I64: ok = sk_read_sleb(&r, 64, &s); break;
        case SK_IMM_F32: ok = sk_read_bytes(&r, 4, &bytes); break;
        case SK_IMM_F64: ok = sk_read_bytes(&r, 8, &bytes); break;
        case SK_IMM_SELECT_T: ok = sk_read_u32(&r, &n) && sk_read_bytes(&r, n, &bytes); break;
        case SK_IMM_MEMORY_INIT: ok = skip_u32s(&r, 1) && sk_read_bytes(&r, 1, &bytes); break;
        case SK_IMM_MEMORY_COPY: ok = sk_read_bytes(&r, 2, &bytes); break;
        case SK_IMM_V128:
        case SK_IMM_SHUFFLE: ok = sk_read_bytes(&r, 16, &bytes); break;
        case SK_IMM_MEMARG_LANE: ok = skip_u32s(&r, 2) && sk_read_bytes(&r, 1, &bytes); break;
        default: ok = false; break;
        }
        if (!ok) return true; /* malformed: the validator would have said so */
    }
    return true;
}

bool sk_api_features_check(const wasm_engine_t *e, const sk_module *m, sk_error *err)
{
    if (!e || !e->disabled_features) return true;
    scan sc = {m, e->disabled_features, err};
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const sk_functype *ft = &m->types[i];
        if (ft->nresults > 1 && !use(&sc, SKIFF_FEATURE_MULTI_VALUE, -1, "function type with several results"))
            return false;
        for (uint32_t k = 0; k < ft->nparams + ft->nresults; k++)
            if (!type_uses(&sc, k < ft->nparams ? ft->params[k] : ft->results[k - ft->nparams], -1,
                           "function type"))
                return false;
    }
    for (uint32_t i = 0; i < m->nimports; i++)
        if (m->imports[i].kind == SK_EXTERN_GLOBAL && m->imports[i].desc.global.mut &&
            !use(&sc, SKIFF_FEATURE_MUTABLE_GLOBALS, -1, "import of a mutable global"))
            return false;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *ex = &m->exports[i];
        if (ex->kind == SK_EXTERN_GLOBAL && ex->index < m->nglobals && m->globals[ex->index].type.mut &&
            !use(&sc, SKIFF_FEATURE_MUTABLE_GLOBALS, -1, "export of a mutable global"))
            return false;
    }
    if (m->ntables > 1 && !use(&sc, SKIFF_FEATURE_REFERENCE_TYPES, -1, "several tables")) return false;
    for (uint32_t i = 0; i < m->ntables; i++)
        if (!type_uses(&sc, m->tables[i].type.elem, -1, "table type")) return false;
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const sk_globaldef *g = &m->globals[i];
        if (!type_uses(&sc, g->type.type, -1, "global type")) return false;
        if (sk_is_reftype(g->type.type) && !use(&sc, SKIFF_FEATURE_REFERENCE_TYPES, -1, "reference-typed global"))
            return false;
        if (!g->imported && !scan_code(&sc, g->init.code, g->init.len, g->init.offset)) return false;
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        const sk_elemseg *s = &m->elems[i];
        if (s->mode != SK_SEG_ACTIVE && !use(&sc, SKIFF_FEATURE_BULK_MEMORY, -1, "passive or declarative element segment"))
            return false;
        if (s->mode == SK_SEG_ACTIVE && !scan_code(&sc, s->offset.code, s->offset.len, s->offset.offset)) return false;
        for (uint32_t k = 0; s->exprs && k < s->count; k++)
            if (!scan_code(&sc, s->exprs[k].code, s->exprs[k].len, s->exprs[k].offset)) return false;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const sk_dataseg *d = &m->datas[i];
        if (d->mode != SK_SEG_ACTIVE && !use(&sc, SKIFF_FEATURE_BULK_MEMORY, -1, "passive data segment"))
            return false;
        if (d->mode == SK_SEG_ACTIVE && !scan_code(&sc, d->offset.code, d->offset.len, d->offset.offset)) return false;
    }
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        const sk_funcdef *f = &m->funcs[i];
        for (uint32_t k = 0; k < f->nlocals; k++)
            if (!type_uses(&sc, f->locals[k], f->body_offset, "local type")) return false;
        if (!scan_code(&sc, f->body, f->body_len, f->body_offset)) return false;
    }
    return true;
}
