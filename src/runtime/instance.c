/* instance.c: import matching, instantiation (the spec's Wasm 2.0 steps) and export lookup. */
#include "rt_internal.h"
#include <inttypes.h>

/* The store object behind an sk_instance: the public part first, then what
 * only this file needs (the function instances the module defines). */
typedef struct sk_instance_impl {
    sk_instance pub;
    sk_func *defined; /* [module->nfuncs - module->nimported_funcs] */
    uint32_t nelems;  /* rows of elem_refs, kept here so freeing never reads the module */
} sk_instance_impl;

void sk_instance_destroy(sk_instance *inst)
{
    if (!inst) return;
    sk_instance_impl *impl = (sk_instance_impl *)inst;
    if (inst->elem_refs) {
        for (uint32_t i = 0; i < impl->nelems; i++) sk_free(inst->elem_refs[i]);
    }
    sk_free(inst->elem_refs);
    sk_free(inst->elem_len);
    sk_free(inst->data_len);
    sk_free(inst->funcs);
    sk_free(inst->tables);
    sk_free(inst->mems);
    sk_free(inst->globals);
    sk_free(impl->defined);
    sk_free(impl);
}

/* ---- Import matching ---- */

static bool limits_match(uint64_t cur_min, const sk_limits *have, const sk_limits *want)
{
    if (cur_min < want->min) return false;
    if (!want->has_max) return true;
    return have->has_max && have->max <= want->max;
}

/* A link error naming the import (names cut at 64 bytes for the message). */
static bool link_err(const sk_import *imp, const char *what, sk_error *err)
{
    int ml = (int)(imp->module_len > 64 ? 64 : imp->module_len);
    int nl = (int)(imp->name_len > 64 ? 64 : imp->name_len);
    return sk_err(err, -1, "%s \"%.*s\" \"%.*s\"", what, ml, imp->module, nl, imp->name);
}

static bool incompatible(const sk_import *imp, sk_error *err) { return link_err(imp, "incompatible import type", err); }

bool sk_extern_matches(const sk_module *m, const sk_import *imp, const sk_extern *ext, sk_error *err)
{
    if (!ext || !ext->of.ptr) return link_err(imp, "unknown import", err);
    if (ext->kind != imp->kind) return incompatible(imp, err);
    switch (imp->kind) {
    case SK_EXTERN_FUNC: {
        if (imp->desc.type_idx >= m->ntypes) return incompatible(imp, err);
        const sk_functype *want = &m->types[imp->desc.type_idx];
        if (ext->of.func->sig_id != want->sig_id || want->sig_id == UINT32_MAX) return incompatible(imp, err);
        return true;
    }
    case SK_EXTERN_TABLE: {
        const sk_table *t = ext->of.table;
        if (t->type.elem != imp->desc.table.elem) return incompatible(imp, err);
        if (!limits_match(t->size, &t->type.lim, &imp->desc.table.lim)) return incompatible(imp, err);
        return true;
    }
    case SK_EXTERN_MEMORY: {
        const sk_memory *mem = ext->of.mem;
        if (!limits_match(mem->pages, &mem->type.lim, &imp->desc.mem.lim)) return incompatible(imp, err);
        return true;
    }
    case SK_EXTERN_GLOBAL: {
        const sk_global *g = ext->of.global;
        if (g->type.type != imp->desc.global.type || g->type.mut != imp->desc.global.mut)
            return incompatible(imp, err);
        return true;
    }
    default: return incompatible(imp, err);
    }
}

/* ---- Instantiation ---- */

static bool oom(sk_error *err, const char *what) { return sk_err(err, -1, "out of memory (%s)", what); }

/* Allocates the instance's arrays and hands the instance to the store at once,
 * so every later failure can simply return: the store frees what was built. */
static sk_instance *alloc_instance(sk_store *s, const sk_module *m, sk_error *err)
{
    sk_instance_impl *impl = sk_calloc(1, sizeof *impl);
    if (!impl) return oom(err, "instance"), NULL;
    sk_instance *inst = &impl->pub;
    inst->store = s;
    inst->module = m;
    if (!sk_store_adopt(s, SK_OBJ_INSTANCE, inst)) return oom(err, "instance"), NULL;
    inst->funcs = sk_calloc(m->nfuncs, sizeof *inst->funcs);
    inst->tables = sk_calloc(m->ntables, sizeof *inst->tables);
    inst->mems = sk_calloc(m->nmems, sizeof *inst->mems);
    inst->globals = sk_calloc(m->nglobals, sizeof *inst->globals);
    inst->elem_refs = sk_calloc(m->nelems, sizeof *inst->elem_refs);
    if (inst->elem_refs) impl->nelems = m->nelems;
    inst->elem_len = sk_calloc(m->nelems, sizeof *inst->elem_len);
    inst->data_len = sk_calloc(m->ndatas, sizeof *inst->data_len);
    impl->defined = sk_calloc(m->nfuncs - m->nimported_funcs, sizeof *impl->defined);
    if (!inst->funcs || !inst->tables || !inst->mems || !inst->globals || !inst->elem_refs || !inst->elem_len ||
        !inst->data_len || !impl->defined)
        return oom(err, "instance"), NULL;
    return inst;
}

static bool link_imports(sk_instance *inst, const sk_extern *imports)
{
    const sk_module *m = inst->module;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_extern *x = &imports[i];
        switch (m->imports[i].kind) {
        case SK_EXTERN_FUNC: if (nf < m->nfuncs) inst->funcs[nf++] = x->of.func; break;
        case SK_EXTERN_TABLE: if (nt < m->ntables) inst->tables[nt++] = x->of.table; break;
        case SK_EXTERN_MEMORY: if (nm < m->nmems) inst->mems[nm++] = x->of.mem; break;
        case SK_EXTERN_GLOBAL: if (ng < m->nglobals) inst->globals[ng++] = x->of.global; break;
        default: return false;
        }
    }
    return nf == m->nimported_funcs && nt == m->nimported_tables && nm == m->nimported_mems &&
           ng == m->nimported_globals;
}

static bool define_entities(sk_store *s, sk_instance *inst, sk_error *err)
{
    const sk_module *m = inst->module;
    sk_instance_impl *impl = (sk_instance_impl *)inst;
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        sk_func *f = &impl->defined[i - m->nimported_funcs];
        const sk_funcdef *def = &m->funcs[i];
        if (def->type_idx >= m->ntypes) return sk_err(err, -1, "unknown type");
        f->inst = inst;
        f->func_idx = i;
        f->def = def;
        f->type = &m->types[def->type_idx];
        f->sig_id = f->type->sig_id;
        inst->funcs[i] = f;
    }
    for (uint32_t i = m->nimported_tables; i < m->ntables; i++) {
        if (m->tables[i].type.lim.min > s->max_table_elems) /* the embedder's store limit (skiff.h) */
            return sk_err(err, -1, "table limit exceeded: %" PRIu64 " elements, the store allows %" PRIu32,
                          m->tables[i].type.lim.min, s->max_table_elems);
        inst->tables[i] = sk_table_new(s, &m->tables[i].type, NULL);
        if (!inst->tables[i]) return oom(err, "table");
    }
    for (uint32_t i = m->nimported_mems; i < m->nmems; i++) {
        if (m->mems[i].type.lim.min > s->max_memory_pages)
            return sk_err(err, -1, "memory limit exceeded: %" PRIu64 " pages, the store allows %" PRIu64,
                          m->mems[i].type.lim.min, s->max_memory_pages);
        inst->mems[i] = sk_memory_new(s, &m->mems[i].type);
        if (!inst->mems[i])
            return oom(err, s->bounds_checks ? "memory"
                                             : "memory: guard-page bounds checks reserve 8 GiB of address space per "
                                               "memory; use explicit bounds checks where that is not available");
    }
    /* In order: an initialiser may read the globals before it (imports in 2.0,
     * earlier definitions with extended constant expressions). */
    for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
        sk_val v;
        memset(&v, 0, sizeof v);
        if (!sk_eval_const(inst, &m->globals[i].init, &v)) return oom(err, "global initialiser");
        inst->globals[i] = sk_global_new(s, &m->globals[i].type, v);
        if (!inst->globals[i]) return oom(err, "global");
    }
    return true;
}

/* Resolves every element segment to its references (the spec's elemaddrs). */
static bool resolve_elems(sk_instance *inst, sk_error *err)
{
    const sk_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const sk_elemseg *seg = &m->elems[i];
        if (seg->count == 0) continue;
        void **refs = sk_calloc(seg->count, sizeof *refs);
        if (!refs) return oom(err, "element segment");
        inst->elem_refs[i] = refs;
        for (uint32_t j = 0; j < seg->count; j++) {
            if (seg->func_indices) {
                uint32_t idx = seg->func_indices[j];
                if (idx >= m->nfuncs) return sk_err(err, -1, "unknown function %" PRIu32, idx);
                refs[j] = inst->funcs[idx];
            } else if (seg->exprs) {
                sk_val v;
                memset(&v, 0, sizeof v);
                if (!sk_eval_const(inst, &seg->exprs[j], &v)) return oom(err, "element expression");
                refs[j] = v.ref;
            }
        }
        inst->elem_len[i] = seg->count;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) inst->data_len[i] = m->datas[i].len;
    return true;
}

/* Active element segments run table.init then elem.drop, in segment order;
 * declarative ones are dropped. A bounds failure sets *trap and stops; false
 * (with *err set) means the evaluation itself failed (out of memory). */
static bool init_elems(sk_instance *inst, sk_trap **trap, sk_error *err)
{
    const sk_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const sk_elemseg *seg = &m->elems[i];
        if (seg->mode == SK_SEG_PASSIVE) continue; /* kept for table.init */
        if (seg->mode == SK_SEG_ACTIVE) {
            sk_val off;
            memset(&off, 0, sizeof off);
            if (seg->table_idx >= m->ntables || !sk_eval_const(inst, &seg->offset, &off))
                return oom(err, "element offset");
            sk_table *t = inst->tables[seg->table_idx];
            uint32_t n = inst->elem_len[i];
            if ((uint64_t)off.u32 + n > t->size) {
                *trap = sk_trap_new(SK_TRAP_OOB_TABLE, NULL);
                return true;
            }
            if (n) memcpy(&t->elems[off.u32], inst->elem_refs[i], n * sizeof(void *));
        }
        inst->elem_len[i] = 0;
    }
    return true;
}

/* Active data segments run memory.init then data.drop, in segment order.
 * Same conventions as init_elems. */
static bool init_datas(sk_instance *inst, sk_trap **trap, sk_error *err)
{
    const sk_module *m = inst->module;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const sk_dataseg *seg = &m->datas[i];
        if (seg->mode != SK_SEG_ACTIVE) continue;
        sk_val off;
        memset(&off, 0, sizeof off);
        if (seg->mem_idx >= m->nmems || !sk_eval_const(inst, &seg->offset, &off)) return oom(err, "data offset");
        sk_memory *mem = inst->mems[seg->mem_idx];
        uint32_t n = inst->data_len[i];
        if ((uint64_t)off.u32 + n > mem->size) {
            *trap = sk_trap_new(SK_TRAP_OOB_MEMORY, NULL);
            return true;
        }
        if (n) memcpy(mem->data + off.u32, seg->data, n);
        inst->data_len[i] = 0;
    }
    return true;
}

sk_instance *sk_instantiate(sk_store *s, const sk_module *m, const sk_extern *imports, uint32_t nimports,
                            sk_trap **trap, sk_error *err)
{
    if (trap) *trap = NULL;
    if (!m->validated) return sk_err(err, -1, "module is not validated"), NULL;
    if (nimports != m->nimports) {
        return sk_err(err, -1, "unknown import: %" PRIu32 " imports given, module needs %" PRIu32, nimports,
                      m->nimports),
               NULL;
    }
    for (uint32_t i = 0; i < nimports; i++)
        if (!sk_extern_matches(m, &m->imports[i], &imports[i], err)) return NULL;

    if (m->guard_pages == s->bounds_checks) /* the code's handlers belong to one dispatch loop */
        return sk_err(err, -1, "bounds-check mode mismatch: module compiled for %s, store uses %s",
                      m->guard_pages ? "guard pages" : "explicit checks",
                      s->bounds_checks ? "explicit checks" : "guard pages"),
               NULL;
    if (s->ninstances >= s->max_instances) return sk_err(err, -1, "instance limit exceeded"), NULL;
    sk_instance *inst = alloc_instance(s, m, err);
    if (!inst) return NULL;
    s->ninstances++;
    if (!link_imports(inst, imports)) return sk_err(err, -1, "incompatible import type"), NULL;
    if (!define_entities(s, inst, err) || !resolve_elems(inst, err)) return NULL;

    /* From here on, writes to imported tables and memories are visible to other
     * instances and stay if a later step traps (Wasm 2.0). The instance itself
     * stays in the store either way: its functions may now sit in those tables. */
    sk_trap *t = NULL;
    if (!init_elems(inst, &t, err)) return NULL;
    if (!t && !init_datas(inst, &t, err)) return NULL;
    if (!t && m->has_start) {
        if (m->start >= m->nfuncs) return sk_err(err, -1, "unknown function %" PRIu32, m->start), NULL;
        sk_val none[1];
        memset(none, 0, sizeof none);
        t = sk_call(s, inst->funcs[m->start], none, none);
    }
    if (t) {
        if (trap) *trap = t;
        else sk_trap_free(t);
        return NULL;
    }
    return inst;
}

/* ---- Exports ---- */

bool sk_instance_export(const sk_instance *inst, const char *name, size_t len, sk_extern *out)
{
    const sk_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *e = &m->exports[i];
        if (e->name_len != len || (len && memcmp(e->name, name, len) != 0)) continue;
        sk_extern x;
        x.kind = e->kind;
        switch (e->kind) {
        case SK_EXTERN_FUNC: if (e->index >= m->nfuncs) return false; x.of.func = inst->funcs[e->index]; break;
        case SK_EXTERN_TABLE: if (e->index >= m->ntables) return false; x.of.table = inst->tables[e->index]; break;
        case SK_EXTERN_MEMORY: if (e->index >= m->nmems) return false; x.of.mem = inst->mems[e->index]; break;
        case SK_EXTERN_GLOBAL:
            if (e->index >= m->nglobals) return false;
            x.of.global = inst->globals[e->index];
            break;
        default: return false;
        }
        if (out) *out = x;
        return true;
    }
    return false;
}
