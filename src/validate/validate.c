/* validate.c: module-level validation (Wasm 2.0): types, imports, limits, globals, exports, start, segments. */
#include "validate.h"
#include <stdio.h>
#include <stdlib.h>

#define SK_MAX_PAGES 65536u

/* Sets err->where (if not yet set) and returns false. */
static bool fail_in(sk_error *err, const char *fmt, uint32_t idx)
{
    if (err && !err->where[0]) snprintf(err->where, sizeof err->where, fmt, idx);
    return false;
}

static bool check_valtype(sk_module *m, uint8_t t, sk_error *err)
{
    if (t == SK_V128) m->uses_simd = true;
    if (!sk_is_valtype(t)) return sk_err(err, -1, "malformed value type");
    return true;
}

static bool check_types(sk_module *m, sk_error *err)
{
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const sk_functype *ft = &m->types[i];
        for (uint32_t k = 0; k < ft->nparams; k++)
            if (!check_valtype(m, ft->params[k], err)) return fail_in(err, "type section, type %u", i);
        for (uint32_t k = 0; k < ft->nresults; k++)
            if (!check_valtype(m, ft->results[k], err)) return fail_in(err, "type section, type %u", i);
    }
    return true;
}

static bool check_table_limits(const sk_limits *lim, sk_error *err)
{
    /* table sizes are u32, so only the ordering can be wrong */
    if (lim->min > UINT32_MAX || (lim->has_max && lim->max > UINT32_MAX))
        return sk_err(err, -1, "table size must be at most 2^32-1");
    if (lim->has_max && lim->min > lim->max) return sk_err(err, -1, "size minimum must not be greater than maximum");
    return true;
}

static bool check_mem_limits(const sk_limits *lim, sk_error *err)
{
    if (lim->min > SK_MAX_PAGES || (lim->has_max && lim->max > SK_MAX_PAGES))
        return sk_err(err, -1, "memory size must be at most 65536 pages (4GiB)");
    if (lim->has_max && lim->min > lim->max) return sk_err(err, -1, "size minimum must not be greater than maximum");
    return true;
}

static bool check_imports(sk_module *m, sk_error *err)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *im = &m->imports[i];
        bool ok = true;
        switch (im->kind) {
        case SK_EXTERN_FUNC:
            if (im->desc.type_idx >= m->ntypes) ok = sk_err(err, -1, "unknown type %u", im->desc.type_idx);
            break;
        case SK_EXTERN_TABLE: ok = check_table_limits(&im->desc.table.lim, err); break;
        case SK_EXTERN_MEMORY: ok = check_mem_limits(&im->desc.mem.lim, err); break;
        case SK_EXTERN_GLOBAL: ok = check_valtype(m, im->desc.global.type, err); break;
        default: ok = sk_err(err, -1, "malformed import kind"); break;
        }
        if (!ok) return fail_in(err, "import section, import %u", i);
    }
    return true;
}

static bool check_funcs(sk_module *m, sk_error *err)
{
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const sk_funcdef *f = &m->funcs[i];
        if (f->type_idx >= m->ntypes) {
            sk_err(err, f->imported ? -1 : (int64_t)f->body_offset, "unknown type %u", f->type_idx);
            return fail_in(err, "function %u", i);
        }
    }
    return true;
}

static bool check_tables_mems(sk_module *m, sk_error *err)
{
    for (uint32_t i = m->nimported_tables; i < m->ntables; i++)
        if (!check_table_limits(&m->tables[i].type.lim, err)) return fail_in(err, "table section, table %u", i);
    for (uint32_t i = m->nimported_mems; i < m->nmems; i++)
        if (!check_mem_limits(&m->mems[i].type.lim, err)) return fail_in(err, "memory section, memory %u", i);
    if (m->nmems > 1) {
        sk_err(err, -1, "multiple memories");
        return fail_in(err, "memory section", 0);
    }
    return true;
}

static bool check_globals(sk_module *m, sk_error *err)
{
    for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
        const sk_globaldef *g = &m->globals[i];
        /* constant expressions see only the imported globals (as the 2.0 test suite expects) */
        if (!check_valtype(m, g->type.type, err) ||
            !sk_validate_constexpr(m, &g->init, g->type.type, m->nimported_globals, true, err))
            return fail_in(err, "global section, global %u", i);
    }
    return true;
}

typedef struct name_ref {
    const char *s;
    uint32_t len;
} name_ref;

static int cmp_names(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static bool check_exports(sk_module *m, sk_error *err)
{
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *ex = &m->exports[i];
        uint32_t limit = 0;
        const char *what = "";
        switch (ex->kind) {
        case SK_EXTERN_FUNC: limit = m->nfuncs, what = "function"; break;
        case SK_EXTERN_TABLE: limit = m->ntables, what = "table"; break;
        case SK_EXTERN_MEMORY: limit = m->nmems, what = "memory"; break;
        case SK_EXTERN_GLOBAL: limit = m->nglobals, what = "global"; break;
        default: sk_err(err, -1, "malformed export kind"); return fail_in(err, "export section, export %u", i);
        }
        if (ex->index >= limit) {
            sk_err(err, -1, "unknown %s %u", what, ex->index);
            return fail_in(err, "export section, export %u", i);
        }
        if (ex->kind == SK_EXTERN_FUNC) m->func_declared[ex->index] = true;
    }
    if (m->nexports < 2) return true;
    /* duplicate names: sort (name, len) pairs and compare neighbours */
    name_ref *names = sk_malloc((size_t)m->nexports * sizeof *names);
    if (!names) return sk_err(err, -1, "out of memory");
    for (uint32_t i = 0; i < m->nexports; i++) names[i] = (name_ref){m->exports[i].name, m->exports[i].name_len};
    qsort(names, m->nexports, sizeof *names, cmp_names);
    bool ok = true;
    for (uint32_t i = 1; i < m->nexports && ok; i++)
        if (cmp_names(&names[i - 1], &names[i]) == 0)
            ok = sk_err(err, -1, "duplicate export name \"%.*s\"", (int)(names[i].len > 64 ? 64 : names[i].len),
                        names[i].s);
    sk_free(names);
    return ok ? true : fail_in(err, "export section", 0);
}

static bool check_start(sk_module *m, sk_error *err)
{
    if (!m->has_start) return true;
    if (m->start >= m->nfuncs) {
        sk_err(err, -1, "unknown function %u", m->start);
        return fail_in(err, "start section", 0);
    }
    const sk_functype *ft = &m->types[m->funcs[m->start].type_idx];
    if (ft->nparams || ft->nresults) {
        sk_err(err, -1, "start function must have type [] -> []");
        return fail_in(err, "start section", 0);
    }
    return true;
}

static bool check_elems(sk_module *m, sk_error *err)
{
    for (uint32_t i = 0; i < m->nelems; i++) {
        const sk_elemseg *e = &m->elems[i];
        bool ok = true;
        if (!sk_is_reftype(e->type)) ok = sk_err(err, -1, "malformed reference type");
        else if (e->mode == SK_SEG_ACTIVE) {
            if (e->table_idx >= m->ntables) ok = sk_err(err, e->offset.offset, "unknown table %u", e->table_idx);
            else if (!sk_validate_constexpr(m, &e->offset, SK_I32, m->nimported_globals, false, err)) ok = false;
            else if (m->tables[e->table_idx].type.elem != e->type)
                ok = sk_err(err, e->offset.offset, "type mismatch: elem segment of %s for a table of %s",
                            sk_valtype_name(e->type), sk_valtype_name(m->tables[e->table_idx].type.elem));
        }
        for (uint32_t k = 0; ok && k < e->count; k++) {
            if (e->func_indices) {
                uint32_t f = e->func_indices[k];
                if (f >= m->nfuncs) ok = sk_err(err, -1, "unknown function %u", f);
                else m->func_declared[f] = true;
            } else if (e->exprs) {
                ok = sk_validate_constexpr(m, &e->exprs[k], e->type, m->nimported_globals, true, err);
            }
        }
        if (!ok) return fail_in(err, "element section, segment %u", i);
    }
    return true;
}

static bool check_datas(sk_module *m, sk_error *err)
{
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const sk_dataseg *d = &m->datas[i];
        if (d->mode != SK_SEG_ACTIVE) continue;
        bool ok = true;
        if (d->mem_idx >= m->nmems) ok = sk_err(err, d->offset.offset, "unknown memory %u", d->mem_idx);
        else ok = sk_validate_constexpr(m, &d->offset, SK_I32, m->nimported_globals, false, err);
        if (!ok) return fail_in(err, "data section, segment %u", i);
    }
    return true;
}

bool sk_validate(sk_module *m, sk_error *err)
{
    sk_error local;
    if (!err) {
        sk_error_clear(&local);
        err = &local;
    }
    m->validated = false;
    m->uses_simd = false;
    sk_free(m->func_declared);
    m->func_declared = sk_calloc(m->nfuncs ? m->nfuncs : 1, sizeof(bool));
    if (!m->func_declared) return sk_err(err, -1, "out of memory");

    if (!check_types(m, err) || !check_imports(m, err) || !check_funcs(m, err) || !check_tables_mems(m, err) ||
        !check_globals(m, err) || !check_exports(m, err) || !check_start(m, err) || !check_elems(m, err) ||
        !check_datas(m, err))
        return false;

    sk_vstacks st = {0};
    bool ok = true;
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs && ok; i++) {
        if (!sk_validate_func(m, i, &st, err)) {
            const char *name = sk_module_func_name(m, i);
            if (!err->where[0]) {
                if (name) snprintf(err->where, sizeof err->where, "function %u ($%.60s)", i, name);
                else snprintf(err->where, sizeof err->where, "function %u", i);
            }
            ok = false;
        }
    }
    SK_VEC_FREE(st.vals);
    SK_VEC_FREE(st.ctrls);
    m->validated = ok;
    return ok;
}
