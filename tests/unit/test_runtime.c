/* test_runtime.c: unit tests of the runtime model: store, memories, tables, globals, host
 * functions, traps, constant expressions, linking and instantiation.
 *
 * Most modules here are built by hand as sk_module structs (mb_* below), so the
 * runtime is tested apart from the decoder, validator and interpreter; start
 * functions are host imports for the same reason. The test_e2e_* tests at the
 * end run real modules through the whole pipeline. */
#include "decode/module.h"
#include "runtime/runtime.h"
#include "interp/interp.h"
#include "test.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* ---- A tiny hand-made module builder ---- */
typedef struct mb {
    sk_module m;
    sk_functype types[8];
    uint8_t tbytes[8][2][8];
    sk_import imports[8];
    sk_funcdef funcs[8];
    sk_tabledef tables[4];
    sk_memdef mems[2];
    sk_globaldef globals[8];
    sk_export exports[8];
    sk_elemseg elems[8];
    sk_dataseg datas[8];
} mb;

static mb *mb_new(void)
{
    mb *b = calloc(1, sizeof *b);
    b->m.types = b->types;
    b->m.imports = b->imports;
    b->m.funcs = b->funcs;
    b->m.tables = b->tables;
    b->m.mems = b->mems;
    b->m.globals = b->globals;
    b->m.exports = b->exports;
    b->m.elems = b->elems;
    b->m.datas = b->datas;
    b->m.validated = true;
    b->m.guard_pages = sk_guard_pages_available(); /* as sk_module_load would: the stores here use the default */
    return b;
}

static uint8_t vt(char c)
{
    switch (c) {
    case 'i': return SK_I32;
    case 'I': return SK_I64;
    case 'f': return SK_F32;
    case 'F': return SK_F64;
    case 'r': return SK_FUNCREF;
    default: return SK_EXTERNREF;
    }
}

/* A function type from letters, e.g. mb_type(b, "ii", "i"). */
static uint32_t mb_type(mb *b, const char *params, const char *results)
{
    uint32_t i = b->m.ntypes++;
    sk_functype *t = &b->types[i];
    t->nparams = (uint32_t)strlen(params);
    t->nresults = (uint32_t)strlen(results);
    t->params = b->tbytes[i][0];
    t->results = b->tbytes[i][1];
    for (uint32_t k = 0; k < t->nparams; k++) t->params[k] = vt(params[k]);
    for (uint32_t k = 0; k < t->nresults; k++) t->results[k] = vt(results[k]);
    t->sig_id = sk_sig_intern(t->params, t->nparams, t->results, t->nresults);
    return i;
}

static sk_import *mb_import(mb *b, const char *mod, const char *name, uint8_t kind)
{
    sk_import *imp = &b->imports[b->m.nimports++];
    imp->module = (char *)mod;
    imp->module_len = (uint32_t)strlen(mod);
    imp->name = (char *)name;
    imp->name_len = (uint32_t)strlen(name);
    imp->kind = kind;
    return imp;
}

static void mb_import_func(mb *b, const char *mod, const char *name, uint32_t type)
{
    sk_import *imp = mb_import(b, mod, name, SK_EXTERN_FUNC);
    imp->desc.type_idx = type;
    sk_funcdef *f = &b->funcs[b->m.nfuncs++];
    f->type_idx = type;
    f->imported = true;
    f->import_idx = b->m.nimports - 1;
    b->m.nimported_funcs++;
}

static sk_limits lim(uint64_t min, int64_t max) /* max < 0: none */
{
    sk_limits l = {min, max < 0 ? 0 : (uint64_t)max, max >= 0};
    return l;
}

static void mb_import_table(mb *b, const char *name, uint64_t min, int64_t max)
{
    sk_import *imp = mb_import(b, "env", name, SK_EXTERN_TABLE);
    imp->desc.table.elem = SK_FUNCREF;
    imp->desc.table.lim = lim(min, max);
    b->tables[b->m.ntables].type = imp->desc.table;
    b->tables[b->m.ntables++].imported = true;
    b->m.nimported_tables++;
}

static void mb_import_mem(mb *b, const char *name, uint64_t min, int64_t max)
{
    sk_import *imp = mb_import(b, "env", name, SK_EXTERN_MEMORY);
    imp->desc.mem.lim = lim(min, max);
    b->mems[b->m.nmems].type = imp->desc.mem;
    b->mems[b->m.nmems++].imported = true;
    b->m.nimported_mems++;
}

static void mb_import_global(mb *b, const char *name, uint8_t type, bool mut)
{
    sk_import *imp = mb_import(b, "env", name, SK_EXTERN_GLOBAL);
    imp->desc.global.type = type;
    imp->desc.global.mut = mut;
    b->globals[b->m.nglobals].type = imp->desc.global;
    b->globals[b->m.nglobals++].imported = true;
    b->m.nimported_globals++;
}

static uint32_t mb_func(mb *b, uint32_t type)
{
    b->funcs[b->m.nfuncs].type_idx = type;
    return b->m.nfuncs++;
}

static void mb_table(mb *b, uint8_t elem, uint64_t min, int64_t max)
{
    b->tables[b->m.ntables].type.elem = elem;
    b->tables[b->m.ntables++].type.lim = lim(min, max);
}

static void mb_mem(mb *b, uint64_t min, int64_t max) { b->mems[b->m.nmems++].type.lim = lim(min, max); }

static sk_constexpr cx(const uint8_t *code, uint32_t len)
{
    sk_constexpr e = {code, len, 0};
    return e;
}
#define CX(...) cx((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static bool ev(sk_instance *inst, sk_constexpr e, sk_val *out) { return sk_eval_const(inst, &e, out); }

static uint32_t mb_global(mb *b, uint8_t type, bool mut, sk_constexpr init)
{
    sk_globaldef *g = &b->globals[b->m.nglobals];
    g->type.type = type;
    g->type.mut = mut;
    g->init = init;
    return b->m.nglobals++;
}

static void mb_export(mb *b, const char *name, uint32_t len, uint8_t kind, uint32_t index)
{
    sk_export *e = &b->exports[b->m.nexports++];
    e->name = (char *)name;
    e->name_len = len;
    e->kind = kind;
    e->index = index;
}

static sk_elemseg *mb_elem(mb *b, uint8_t mode, uint32_t table, sk_constexpr offset, uint32_t *funcs, uint32_t n)
{
    sk_elemseg *e = &b->elems[b->m.nelems++];
    e->mode = mode;
    e->type = SK_FUNCREF;
    e->table_idx = table;
    e->offset = offset;
    e->func_indices = n ? funcs : NULL;
    e->count = n;
    return e;
}

static void mb_data(mb *b, uint8_t mode, sk_constexpr offset, const char *bytes)
{
    sk_dataseg *d = &b->datas[b->m.ndatas++];
    d->mode = mode;
    d->offset = offset;
    d->data = (const uint8_t *)bytes;
    d->len = (uint32_t)strlen(bytes);
}

/* ---- Host functions used by the tests ---- */
static int finalized;
static void count_finalize(void *env) { finalized += *(int *)env; }

static sk_trap *host_add(sk_caller *c, void *env, const sk_val *args, sk_val *results)
{
    results[0].i32 = args[0].i32 + args[1].i32 + (env ? *(int *)env : 0);
    return NULL;
}

static int start_calls;
static sk_trap *host_start(sk_caller *c, void *env, const sk_val *args, sk_val *results)
{
    start_calls++;
    CHECK(c->store != NULL);
    return env ? sk_trap_new(SK_TRAP_HOST, "start failed") : NULL;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return false;
    return true;
}

/* ---- Tests ---- */

static void test_store_defaults(void)
{
    sk_store *s = sk_store_new();
    CHECK(s != NULL);
    CHECK(s->bounds_checks == !sk_guard_pages_available());
    CHECK(s->max_stack_bytes == 8u * 1024 * 1024);
    CHECK(s->max_call_depth == 100000);
    CHECK(s->max_memory_pages == 65536);
    CHECK(s->max_table_elems == 10000000);
    CHECK(s->host_depth == 0);
    sk_store_interrupt(s);
    CHECK(atomic_load(&s->interrupt) != 0);
    sk_store_free(s);
    sk_store_free(NULL);
}

static bool can_reserve(uint64_t bytes)
{
    void *p = mmap(NULL, (size_t)bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    munmap(p, (size_t)bytes);
    return true;
}

static void test_memory(void)
{
    sk_store *s = sk_store_new();
    sk_memtype t = {lim(1, 3)};
    sk_memory *m = sk_memory_new(s, &t);
    CHECK(m != NULL);
    CHECK(m->pages == 1 && m->size == SK_PAGE_SIZE);
    CHECK(m->reserved >= m->size);
    /* The full 8 GiB reservation is expected whenever this process could make one
     * itself (it cannot under a tight `ulimit -v`; test_memory_fallback covers that). */
    bool roomy = can_reserve((uint64_t)8 << 30);
    if (roomy) CHECK_MSG(m->reserved >= ((size_t)8 << 30), "reserved only %zu bytes", m->reserved);
    CHECK(all_zero(m->data, m->size));
    uint8_t *base = m->data;
    m->data[0] = 1;
    m->data[SK_PAGE_SIZE - 1] = 2;
    CHECK(sk_memory_grow(s, m, 1) == 1);
    CHECK(m->pages == 2 && m->size == 2 * SK_PAGE_SIZE && m->type.lim.min == 2);
    CHECK(m->data == base);
    CHECK(m->data[0] == 1 && m->data[SK_PAGE_SIZE - 1] == 2);
    CHECK(all_zero(m->data + SK_PAGE_SIZE, SK_PAGE_SIZE));
    m->data[2 * SK_PAGE_SIZE - 1] = 3;
    CHECK(sk_memory_grow(s, m, 2) == -1); /* over the maximum of 3 */
    CHECK(m->pages == 2);
    CHECK(sk_memory_grow(s, m, 0) == 2);
    CHECK(sk_memory_grow(s, m, 1) == 2);
    CHECK(sk_memory_grow(s, m, 1) == -1);
    CHECK(sk_memory_grow(s, m, UINT64_MAX) == -1);
    CHECK(sk_memory_grow(s, m, 0) == 3);

    /* No maximum: up to 65536 pages (4 GiB), not one more. */
    sk_memtype big = {lim(0, -1)};
    sk_memory *m2 = sk_memory_new(s, &big);
    CHECK(m2 != NULL && m2->pages == 0 && m2->size == 0);
    CHECK(sk_memory_grow(s, m2, 0) == 0);
    CHECK(sk_memory_grow(s, m2, 65537) == -1);
    int64_t r = sk_memory_grow(s, m2, 65536);
    if (roomy) CHECK_MSG(r == 0, "growing to 4 GiB returned %lld", (long long)r);
    if (r == 0) {
        CHECK(m2->size == (uint64_t)4 << 30);
        m2->data[m2->size - 1] = 7; /* the last byte is writable */
        CHECK(m2->data[m2->size - 1] == 7);
        CHECK(sk_memory_grow(s, m2, 1) == -1);
    }

    /* The store's limit applies to creation and growth. */
    s->max_memory_pages = 4;
    sk_memtype t5 = {lim(5, -1)};
    CHECK(sk_memory_new(s, &t5) == NULL);
    sk_memtype t2 = {lim(2, 100)};
    sk_memory *m3 = sk_memory_new(s, &t2);
    CHECK(m3 != NULL);
    CHECK(sk_memory_grow(s, m3, 2) == 2);
    CHECK(sk_memory_grow(s, m3, 1) == -1);
    sk_memtype over = {lim(65537, -1)};
    s->max_memory_pages = SK_MAX_PAGES;
    CHECK(sk_memory_new(s, &over) == NULL);
    sk_memtype minmax = {lim(3, 2)}; /* invalid type: min over max */
    CHECK(sk_memory_new(s, &minmax) == NULL);
    sk_store_free(s);
}

/* Under a small address-space limit the 8 GiB reservation fails: memories then
 * reserve their maximum, or only their initial size. Runs in a child process,
 * since the limit cannot be lifted again (not under ASan, whose shadow memory
 * alone exceeds any such limit). */
static void test_memory_fallback(void)
{
#ifndef UNDER_ASAN
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        CHECK_MSG(false, "fork failed");
        return;
    }
    if (pid == 0) {
        struct rlimit rl = {(rlim_t)2 << 30, (rlim_t)2 << 30};
        if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(100);
        int bad = 0;
        sk_store *s = sk_store_new();
        s->bounds_checks = true; /* the fallback exists only with explicit checks (guard mode: test_guard.c) */
        sk_memtype t = {lim(1, 3)};
        sk_memory *m = sk_memory_new(s, &t);
        if (!m || m->reserved != 3 * SK_PAGE_SIZE) bad |= 1;
        if (m && (sk_memory_grow(s, m, 2) != 1 || m->data[3 * SK_PAGE_SIZE - 1] != 0)) bad |= 2;
        if (m && sk_memory_grow(s, m, 1) != -1) bad |= 4;
        sk_memtype nomax = {lim(2, -1)}; /* 4 GiB does not fit either: only the initial size */
        sk_memory *m2 = sk_memory_new(s, &nomax);
        if (!m2 || m2->reserved != 2 * SK_PAGE_SIZE || m2->data[2 * SK_PAGE_SIZE - 1] != 0) bad |= 8;
        if (m2 && (sk_memory_grow(s, m2, 1) != -1 || sk_memory_grow(s, m2, 0) != 2)) bad |= 16;
        sk_store_free(s);
        _exit(bad);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fallback child: status %d", status);
#endif
}

static void test_table(void)
{
    sk_store *s = sk_store_new();
    int a, b2;
    sk_tabletype t = {SK_EXTERNREF, lim(2, 4)};
    sk_table *tab = sk_table_new(s, &t, &a);
    CHECK(tab != NULL && tab->size == 2);
    CHECK(tab->elems[0] == &a && tab->elems[1] == &a);
    CHECK(sk_table_grow(s, tab, 2, &b2) == 2);
    CHECK(tab->size == 4 && tab->type.lim.min == 4);
    CHECK(tab->elems[1] == &a && tab->elems[2] == &b2 && tab->elems[3] == &b2);
    CHECK(sk_table_grow(s, tab, 1, NULL) == -1);
    CHECK(sk_table_grow(s, tab, 0, NULL) == 4);
    CHECK(tab->size == 4);

    s->max_table_elems = 10;
    sk_tabletype nomax = {SK_FUNCREF, lim(0, -1)};
    sk_table *t2 = sk_table_new(s, &nomax, NULL);
    CHECK(t2 != NULL && t2->size == 0);
    CHECK(sk_table_grow(s, t2, 10, NULL) == 0);
    CHECK(t2->size == 10 && t2->elems[9] == NULL);
    CHECK(sk_table_grow(s, t2, 1, NULL) == -1);
    CHECK(sk_table_grow(s, t2, UINT32_MAX, NULL) == -1);
    sk_tabletype toobig = {SK_FUNCREF, lim(11, -1)};
    CHECK(sk_table_new(s, &toobig, NULL) == NULL);
    sk_store_free(s);
}

static void test_host_and_globals(void)
{
    sk_store *s = sk_store_new();
    static int env_a = 1, env_b = 10;
    const uint8_t ii[] = {SK_I32, SK_I32}, i[] = {SK_I32}, I[] = {SK_I64};
    finalized = 0;
    sk_func *f = sk_func_new_host(s, ii, 2, i, 1, host_add, &env_a, count_finalize);
    sk_func *g = sk_func_new_host(s, ii, 2, i, 1, host_add, &env_b, count_finalize);
    sk_func *h = sk_func_new_host(s, ii, 2, I, 1, host_add, NULL, NULL);
    sk_func *z = sk_func_new_host(s, NULL, 0, NULL, 0, host_start, NULL, NULL);
    CHECK(f && g && h && z);
    CHECK(f->sig_id == g->sig_id && f->sig_id != h->sig_id && f->sig_id != z->sig_id);
    CHECK(f->type == &f->own_type && f->type->nparams == 2 && f->type->nresults == 1);
    CHECK(f->type->params[1] == SK_I32 && h->type->results[0] == SK_I64);
    CHECK(f->inst == NULL && f->def == NULL);
    sk_val args[2], res[1];
    args[0].i32 = 2;
    args[1].i32 = 3;
    CHECK(sk_call(s, f, args, res) == NULL && res[0].i32 == 6);
    CHECK(sk_call(s, g, args, res) == NULL && res[0].i32 == 15);

    sk_globaltype gt = {SK_I64, true};
    sk_val v;
    v.i64 = -5;
    sk_global *gl = sk_global_new(s, &gt, v);
    CHECK(gl && gl->val.i64 == -5 && gl->type.mut && gl->type.type == SK_I64);
    CHECK(finalized == 0);
    sk_store_free(s);
    CHECK_MSG(finalized == 11, "finalizers ran %d", finalized); /* each exactly once */
}

static void test_traps(void)
{
    sk_trap *t = sk_trap_new(SK_TRAP_OOB_MEMORY, NULL);
    CHECK(t && t->kind == SK_TRAP_OOB_MEMORY && strcmp(t->message, "out of bounds memory access") == 0);
    for (uint32_t i = 0; i < 1000; i++) sk_trap_push_frame(t, NULL, i, i * 2, i * 3);
    CHECK(t->nframes == 1000);
    CHECK(t->frames[0].func_idx == 0 && t->frames[999].func_idx == 999 && t->frames[999].module_offset == 2997);
    sk_trap_free(t);
    t = sk_trap_newf(SK_TRAP_HOST, "host %s %d", "error", 42);
    CHECK(t && strcmp(t->message, "host error 42") == 0 && t->kind == SK_TRAP_HOST);
    sk_trap_free(t);
    sk_trap_free(NULL);

    /* Out of memory: a static trap of the same kind and spec wording. */
    sk_alloc_fail_after(0);
    t = sk_trap_new(SK_TRAP_DIV_ZERO, NULL);
    sk_trap_push_frame(t, NULL, 1, 2, 3);
    sk_trap *t2 = sk_trap_newf(SK_TRAP_UNREACHABLE, "x%d", 1);
    sk_alloc_fail_after(-1);
    CHECK(t && t->kind == SK_TRAP_DIV_ZERO && strcmp(t->message, "integer divide by zero") == 0);
    CHECK(t && t->nframes == 0);
    CHECK(t2 && t2->kind == SK_TRAP_UNREACHABLE && strcmp(t2->message, "unreachable") == 0);
    sk_trap_free(t);
    sk_trap_free(t2);
    t = sk_trap_new(SK_TRAP_DIV_ZERO, NULL); /* the fallback still reads right */
    CHECK(t && strcmp(t->message, "integer divide by zero") == 0);
    sk_trap_free(t);
}

static void test_constexpr(void)
{
    sk_store *s = sk_store_new();
    mb *b = mb_new();
    mb_import_global(b, "g", SK_I32, false);
    mb_func(b, mb_type(b, "", ""));
    /* global 1 = (g0 + 5) * 3 (extended constant expression) */
    mb_global(b, SK_I32, false, CX(0x23, 0, 0x41, 5, 0x6A, 0x41, 3, 0x6C, 0x0B));
    sk_globaltype gt = {SK_I32, false};
    sk_val v;
    v.i32 = 7;
    sk_extern imp = {SK_EXTERN_GLOBAL, {.global = sk_global_new(s, &gt, v)}};
    sk_error err;
    sk_error_clear(&err);
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, &b->m, &imp, 1, &trap, &err);
    CHECK_MSG(inst != NULL, "instantiate: %s", err.msg);
    if (!inst) goto out;
    CHECK(inst->globals[1]->val.i32 == 36);

    sk_val out;
    CHECK(ev(inst, CX(0x41, 0x7F, 0x0B), &out) && out.i32 == -1);
    CHECK(ev(inst, CX(0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x0B), &out) && out.i32 == INT32_MIN);
    CHECK(ev(inst, CX(0x42, 0x7E, 0x0B), &out) && out.i64 == -2);
    CHECK(ev(inst, CX(0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, 0x0B), &out) &&
          out.i64 == INT64_MIN);
    CHECK(ev(inst, CX(0x43, 0x00, 0x00, 0xC0, 0x7F, 0x0B), &out) && out.u32 == 0x7FC00000u);
    CHECK(ev(inst, CX(0x44, 1, 0, 0, 0, 0, 0, 0xF0, 0x7F, 0x0B), &out) &&
          out.u64 == 0x7FF0000000000001ull);
    /* i32 wraps; i64 sub/mul */
    CHECK(ev(inst, CX(0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41, 1, 0x6A, 0x0B), &out) &&
          out.i32 == INT32_MIN);
    CHECK(ev(inst, CX(0x41, 2, 0x41, 5, 0x6B, 0x0B), &out) && out.i32 == -3);
    CHECK(ev(inst, CX(0x42, 3, 0x42, 5, 0x7D, 0x42, 7, 0x7E, 0x42, 1, 0x7C, 0x0B), &out) &&
          out.i64 == -13);
    CHECK(ev(inst, CX(0xD0, 0x70, 0x0B), &out) && out.ref == NULL);
    CHECK(ev(inst, CX(0xD2, 0, 0x0B), &out) && out.ref == inst->funcs[0]);
    CHECK(ev(inst, CX(0x23, 1, 0x0B), &out) && out.i32 == 36);
    {
        uint8_t code[20] = {0xFD, 12};
        for (int i = 0; i < 16; i++) code[2 + i] = (uint8_t)(i + 1);
        code[18] = 0x0B;
        CHECK(sk_eval_const(inst, &(sk_constexpr){code, 19, 0}, &out) && out.v128[0] == 1 && out.v128[15] == 16);
    }
    /* Deep extended expression: 40 pushes, then 39 adds (past the local stack). */
    {
        uint8_t code[200];
        uint32_t n = 0;
        for (int i = 0; i < 40; i++) code[n++] = 0x41, code[n++] = 1;
        for (int i = 0; i < 39; i++) code[n++] = 0x6A;
        code[n++] = 0x0B;
        CHECK(sk_eval_const(inst, &(sk_constexpr){code, n, 0}, &out) && out.i32 == 40);
    }
    /* Refused: truncated, unknown opcode, index out of range. */
    CHECK(!ev(inst, CX(0x41, 0x80), &out));
    CHECK(!ev(inst, CX(0x20, 0, 0x0B), &out));
    CHECK(!ev(inst, CX(0x23, 9, 0x0B), &out));
    CHECK(!ev(inst, CX(0x6A, 0x0B), &out));
out:
    sk_store_free(s);
    free(b);
}

/* A module importing one of each kind: func (i32 i32)->i32, table 1.., memory 1..2, global i32 const. */
static mb *import_module(void)
{
    mb *b = mb_new();
    mb_import_func(b, "env", "add", mb_type(b, "ii", "i"));
    mb_import_table(b, "tab", 1, -1);
    mb_import_mem(b, "mem", 1, 2);
    mb_import_global(b, "glob", SK_I32, false);
    return b;
}

static bool try_link(sk_store *s, mb *b, sk_extern *ext, uint32_t n, const char *want)
{
    sk_error err;
    sk_error_clear(&err);
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, &b->m, ext, n, &trap, &err);
    if (!want) {
        CHECK_MSG(inst != NULL && trap == NULL, "expected success, got \"%s\"", err.msg);
        return inst != NULL;
    }
    CHECK_MSG(inst == NULL && trap == NULL && strncmp(err.msg, want, strlen(want)) == 0,
              "expected \"%s\", got \"%s\"", want, err.msg);
    sk_trap_free(trap);
    return false;
}

static void test_linking(void)
{
    sk_store *s = sk_store_new();
    mb *b = import_module();
    const uint8_t ii[] = {SK_I32, SK_I32}, i[] = {SK_I32};
    sk_func *add = sk_func_new_host(s, ii, 2, i, 1, host_add, NULL, NULL);
    sk_func *wrong = sk_func_new_host(s, ii, 1, i, 1, host_add, NULL, NULL);
    sk_tabletype tt = {SK_FUNCREF, lim(1, -1)};
    sk_table *tab = sk_table_new(s, &tt, NULL);
    sk_tabletype tt_ext = {SK_EXTERNREF, lim(1, -1)};
    sk_table *tab_ext = sk_table_new(s, &tt_ext, NULL);
    sk_memtype mt = {lim(1, 2)};
    sk_memory *mem = sk_memory_new(s, &mt);
    sk_memtype mt_nomax = {lim(1, -1)}, mt_bigmax = {lim(1, 3)}, mt_zero = {lim(0, 2)}, mt_big = {lim(2, 2)};
    sk_memory *mem_nomax = sk_memory_new(s, &mt_nomax), *mem_bigmax = sk_memory_new(s, &mt_bigmax);
    sk_memory *mem_zero = sk_memory_new(s, &mt_zero), *mem_big = sk_memory_new(s, &mt_big);
    sk_globaltype gti = {SK_I32, false}, gtm = {SK_I32, true}, gtl = {SK_I64, false};
    sk_val v;
    v.i64 = 0;
    sk_global *g = sk_global_new(s, &gti, v), *gmut = sk_global_new(s, &gtm, v), *g64 = sk_global_new(s, &gtl, v);

    sk_extern ext[4] = {{SK_EXTERN_FUNC, {.func = add}},
                        {SK_EXTERN_TABLE, {.table = tab}},
                        {SK_EXTERN_MEMORY, {.mem = mem}},
                        {SK_EXTERN_GLOBAL, {.global = g}}};
    try_link(s, b, ext, 4, NULL);
    try_link(s, b, ext, 3, "unknown import");
    sk_extern e2[4];
#define VARIANT(i, field, value, want)         \
    do {                                       \
        memcpy(e2, ext, sizeof ext);           \
        e2[i].of.field = (value);              \
        try_link(s, b, e2, 4, want);           \
    } while (0)
    VARIANT(0, func, wrong, "incompatible import type");
    VARIANT(1, table, tab_ext, "incompatible import type");
    VARIANT(2, mem, mem_nomax, "incompatible import type");  /* import has max 2, extern none */
    VARIANT(2, mem, mem_bigmax, "incompatible import type"); /* max 3 > 2 */
    VARIANT(2, mem, mem_zero, "incompatible import type");   /* min 0 < 1 */
    VARIANT(2, mem, mem_big, NULL);                          /* min 2 >= 1, max 2 <= 2 */
    VARIANT(3, global, gmut, "incompatible import type");
    VARIANT(3, global, g64, "incompatible import type");
    memcpy(e2, ext, sizeof ext);
    e2[0] = ext[3]; /* a global where a function is expected */
    try_link(s, b, e2, 4, "incompatible import type");
    memcpy(e2, ext, sizeof ext);
    e2[1].of.table = NULL;
    try_link(s, b, e2, 4, "unknown import");

    /* Current sizes count, not the declared minimum: grow the table and memory to match. */
    mb *b2 = mb_new();
    mb_import_table(b2, "tab", 3, -1);
    mb_import_mem(b2, "mem", 2, 2);
    sk_extern e3[2] = {{SK_EXTERN_TABLE, {.table = tab}}, {SK_EXTERN_MEMORY, {.mem = mem}}};
    try_link(s, b2, e3, 2, "incompatible import type");
    CHECK(sk_table_grow(s, tab, 2, NULL) == 1);
    try_link(s, b2, e3, 2, "incompatible import type");
    CHECK(sk_memory_grow(s, mem, 1) == 1);
    try_link(s, b2, e3, 2, NULL);
#undef VARIANT
    sk_store_free(s);
    free(b);
    free(b2);
}

/* Defined table and memory; active, passive and declarative segments. */
static void test_segments(void)
{
    sk_store *s = sk_store_new();
    mb *b = mb_new();
    uint32_t t0 = mb_type(b, "", "");
    uint32_t f0 = mb_func(b, t0), f1 = mb_func(b, t0);
    mb_table(b, SK_FUNCREF, 4, -1);
    mb_mem(b, 1, -1);
    static uint32_t fs[] = {1, 0, 1};
    mb_elem(b, SK_SEG_ACTIVE, 0, CX(0x41, 1, 0x0B), fs, 2);
    mb_elem(b, SK_SEG_PASSIVE, 0, CX(0x0B), fs, 3);
    mb_elem(b, SK_SEG_DECLARATIVE, 0, CX(0x0B), fs, 1);
    /* An expression segment: (ref.func 0) (ref.null func). */
    sk_elemseg *ex = mb_elem(b, SK_SEG_ACTIVE, 0, CX(0x41, 3, 0x0B), NULL, 0);
    static sk_constexpr exprs[2];
    exprs[0] = CX(0xD2, 0, 0x0B);
    exprs[1] = CX(0xD0, 0x70, 0x0B);
    ex->exprs = exprs;
    ex->count = 1;
    mb_data(b, SK_SEG_ACTIVE, CX(0x41, 10, 0x0B), "hello");
    mb_data(b, SK_SEG_PASSIVE, CX(0x0B), "passive");
    mb_data(b, SK_SEG_ACTIVE, CX(0x41, 12, 0x0B), "LL");     /* later segments overwrite */
    mb_data(b, SK_SEG_ACTIVE, CX(0x41, 0x80, 0x80, 0x04, 0x0B), ""); /* empty, at the very end: fine */
    mb_export(b, "f1", 2, SK_EXTERN_FUNC, f1);
    mb_export(b, "a\0b", 3, SK_EXTERN_MEMORY, 0);
    mb_export(b, "a", 1, SK_EXTERN_TABLE, 0);
    mb_export(b, "", 0, SK_EXTERN_FUNC, f0);

    sk_error err;
    sk_error_clear(&err);
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, &b->m, NULL, 0, &trap, &err);
    CHECK_MSG(inst != NULL && trap == NULL, "instantiate: %s %s", err.msg, trap ? trap->message : "");
    if (!inst) goto out;
    sk_table *tab = inst->tables[0];
    sk_memory *mem = inst->mems[0];
    CHECK(inst->funcs[0]->inst == inst && inst->funcs[1]->func_idx == 1 && inst->funcs[1]->def == &b->funcs[1]);
    CHECK(inst->funcs[0]->sig_id == b->types[0].sig_id && inst->funcs[0]->host == NULL);
    CHECK(tab->elems[0] == NULL && tab->elems[1] == inst->funcs[1] && tab->elems[2] == inst->funcs[0]);
    CHECK(tab->elems[3] == inst->funcs[0]);
    CHECK(inst->elem_len[0] == 0 && inst->elem_len[2] == 0 && inst->elem_len[3] == 0); /* dropped */
    CHECK(inst->elem_len[1] == 3 && inst->elem_refs[1][0] == inst->funcs[1] && inst->elem_refs[1][2] == inst->funcs[1]);
    CHECK(memcmp(mem->data + 10, "heLLo", 5) == 0);
    CHECK(mem->data[9] == 0 && mem->data[15] == 0);
    CHECK(inst->data_len[0] == 0 && inst->data_len[1] == 7 && inst->data_len[2] == 0);

    sk_extern x;
    CHECK(sk_instance_export(inst, "f1", 2, &x) && x.kind == SK_EXTERN_FUNC && x.of.func == inst->funcs[1]);
    CHECK(sk_instance_export(inst, "a\0b", 3, &x) && x.kind == SK_EXTERN_MEMORY && x.of.mem == mem);
    CHECK(sk_instance_export(inst, "a", 1, &x) && x.kind == SK_EXTERN_TABLE && x.of.table == tab);
    CHECK(sk_instance_export(inst, "", 0, &x) && x.of.func == inst->funcs[0]);
    CHECK(!sk_instance_export(inst, "a\0", 2, &x));
    CHECK(!sk_instance_export(inst, "f", 1, &x));
    CHECK(!sk_instance_export(inst, "f12", 3, &x));
out:
    sk_store_free(s);
    free(b);
}

/* Out-of-bounds segments trap in order, leaving earlier writes to imports (spec 2.0). */
static void test_segment_traps(void)
{
    sk_store *s = sk_store_new();
    sk_tabletype tt = {SK_FUNCREF, lim(2, -1)};
    sk_table *tab = sk_table_new(s, &tt, NULL);
    sk_memtype mt = {lim(1, -1)};
    sk_memory *mem = sk_memory_new(s, &mt);
    sk_extern ext[2] = {{SK_EXTERN_TABLE, {.table = tab}}, {SK_EXTERN_MEMORY, {.mem = mem}}};
    static uint32_t fs[] = {0, 0, 0};
    sk_error err;
    sk_trap *trap;

    /* elem 0 fits, elem 1 does not: table keeps elem 0, data never runs. */
    mb *b = mb_new();
    mb_import_table(b, "tab", 1, -1);
    mb_import_mem(b, "mem", 1, -1);
    mb_func(b, mb_type(b, "", ""));
    mb_elem(b, SK_SEG_ACTIVE, 0, CX(0x41, 1, 0x0B), fs, 1);
    mb_elem(b, SK_SEG_ACTIVE, 0, CX(0x41, 1, 0x0B), fs, 2);
    mb_data(b, SK_SEG_ACTIVE, CX(0x41, 0, 0x0B), "x");
    sk_error_clear(&err);
    trap = NULL;
    CHECK(sk_instantiate(s, &b->m, ext, 2, &trap, &err) == NULL);
    CHECK(trap && trap->kind == SK_TRAP_OOB_TABLE && strcmp(trap->message, "out of bounds table access") == 0);
    sk_trap_free(trap);
    CHECK(tab->elems[0] == NULL && tab->elems[1] != NULL);
    CHECK(mem->data[0] == 0);
    /* The failed instance's function stays usable through the table. */
    sk_func *leftover = tab->elems[1];
    CHECK(leftover && leftover->inst && leftover->inst->module == &b->m);

    /* Offset past the end with zero length also traps (offset > size). */
    mb *b3 = mb_new();
    mb_import_table(b3, "tab", 1, -1);
    mb_import_mem(b3, "mem", 1, -1);
    mb_elem(b3, SK_SEG_ACTIVE, 0, CX(0x41, 3, 0x0B), NULL, 0);
    trap = NULL;
    sk_error_clear(&err);
    CHECK(sk_instantiate(s, &b3->m, ext, 2, &trap, &err) == NULL && trap && trap->kind == SK_TRAP_OOB_TABLE);
    sk_trap_free(trap);
    b3->elems[0].offset = CX(0x41, 2, 0x0B); /* == size: fine */
    trap = NULL;
    CHECK(sk_instantiate(s, &b3->m, ext, 2, &trap, &err) != NULL && trap == NULL);

    /* data 0 fits, data 1 runs past the end: memory keeps data 0. */
    mb *b2 = mb_new();
    mb_import_table(b2, "tab", 1, -1);
    mb_import_mem(b2, "mem", 1, -1);
    mb_data(b2, SK_SEG_ACTIVE, CX(0x41, 5, 0x0B), "abc");
    mb_data(b2, SK_SEG_ACTIVE, CX(0x41, 0xFF, 0xFF, 0x03, 0x0B), "yz"); /* 65535 + 2 > 65536 */
    mb_data(b2, SK_SEG_ACTIVE, CX(0x41, 0, 0x0B), "q");
    sk_error_clear(&err);
    trap = NULL;
    CHECK(sk_instantiate(s, &b2->m, ext, 2, &trap, &err) == NULL);
    CHECK(trap && trap->kind == SK_TRAP_OOB_MEMORY && strcmp(trap->message, "out of bounds memory access") == 0);
    sk_trap_free(trap);
    CHECK(memcmp(mem->data + 5, "abc", 3) == 0);
    CHECK(mem->data[0] == 0 && mem->data[65535] == 0);
    /* A negative i32 offset is a large unsigned one. */
    b2->datas[1].offset = CX(0x41, 0x7F, 0x0B);
    trap = NULL;
    CHECK(sk_instantiate(s, &b2->m, ext, 2, &trap, &err) == NULL && trap && trap->kind == SK_TRAP_OOB_MEMORY);
    sk_trap_free(trap);
    /* A trap with trap == NULL is not leaked. */
    CHECK(sk_instantiate(s, &b2->m, ext, 2, NULL, &err) == NULL);
    sk_store_free(s);
    free(b);
    free(b2);
    free(b3);
}

static void test_start(void)
{
    sk_store *s = sk_store_new();
    mb *b = mb_new();
    mb_import_func(b, "env", "start", mb_type(b, "", ""));
    mb_mem(b, 1, -1);
    mb_data(b, SK_SEG_ACTIVE, CX(0x41, 0, 0x0B), "d");
    b->m.has_start = true;
    b->m.start = 0;
    sk_func *ok = sk_func_new_host(s, NULL, 0, NULL, 0, host_start, NULL, NULL);
    sk_func *bad = sk_func_new_host(s, NULL, 0, NULL, 0, host_start, (void *)1, NULL);
    sk_extern ext = {SK_EXTERN_FUNC, {.func = ok}};
    sk_error err;
    sk_error_clear(&err);
    sk_trap *trap = NULL;
    start_calls = 0;
    sk_instance *inst = sk_instantiate(s, &b->m, &ext, 1, &trap, &err);
    CHECK(inst != NULL && trap == NULL && start_calls == 1);
    CHECK(inst && inst->mems[0]->data[0] == 'd');
    ext.of.func = bad;
    inst = sk_instantiate(s, &b->m, &ext, 1, &trap, &err);
    CHECK(inst == NULL && trap && trap->kind == SK_TRAP_HOST && strcmp(trap->message, "start failed") == 0);
    CHECK(start_calls == 2);
    sk_trap_free(trap);
    /* A segment trap comes before start: start does not run. */
    b->datas[0].offset = CX(0x41, 0xFF, 0xFF, 0x03, 0x0B);
    b->datas[0].data = (const uint8_t *)"xy";
    b->datas[0].len = 2;
    ext.of.func = ok;
    trap = NULL;
    CHECK(sk_instantiate(s, &b->m, &ext, 1, &trap, &err) == NULL && trap && trap->kind == SK_TRAP_OOB_MEMORY);
    CHECK(start_calls == 2);
    sk_trap_free(trap);
    sk_store_free(s);
    free(b);
}

/* Every allocation failure during instantiation ends cleanly (ASan checks leaks). */
static void test_oom(void)
{
    mb *b = mb_new();
    uint32_t t0 = mb_type(b, "", "");
    mb_import_global(b, "g", SK_I32, false);
    mb_func(b, t0);
    mb_func(b, t0);
    mb_table(b, SK_FUNCREF, 4, -1);
    mb_mem(b, 1, -1);
    mb_global(b, SK_I32, true, CX(0x23, 0, 0x0B));
    static uint32_t fs[] = {1, 0};
    mb_elem(b, SK_SEG_ACTIVE, 0, CX(0x41, 0, 0x0B), fs, 2);
    mb_elem(b, SK_SEG_PASSIVE, 0, CX(0x0B), fs, 2);
    mb_data(b, SK_SEG_ACTIVE, CX(0x41, 0, 0x0B), "abc");
    bool succeeded = false;
    int failures = 0;
    for (long n = 0; n < 200 && !succeeded; n++) {
        sk_store *s = sk_store_new();
        if (!s) continue;
        sk_globaltype gt = {SK_I32, false};
        sk_val v;
        v.i32 = 1;
        sk_global *g = sk_global_new(s, &gt, v);
        sk_extern ext = {SK_EXTERN_GLOBAL, {.global = g}};
        sk_error err;
        sk_error_clear(&err);
        sk_trap *trap = NULL;
        sk_alloc_fail_after(n);
        sk_instance *inst = g ? sk_instantiate(s, &b->m, &ext, 1, &trap, &err) : NULL;
        sk_alloc_fail_after(-1);
        if (inst) {
            succeeded = true;
            CHECK(inst->globals[1]->val.i32 == 1 && memcmp(inst->mems[0]->data, "abc", 3) == 0);
        } else if (g) {
            failures++;
            if (!(trap == NULL && err.msg[0])) CHECK_MSG(false, "n=%ld: no error message", n);
        }
        sk_trap_free(trap);
        sk_store_free(s);
    }
    CHECK(succeeded);
    CHECK(failures > 5);
    free(b);
}

/* Constructors under allocation failure: NULL and nothing leaked, or a working
 * object; a host function that was not created never runs its finalizer. */
static void test_oom_constructors(void)
{
    static int env = 1;
    const uint8_t i[] = {SK_I32};
    int made = 0;
    for (long n = 0; n < 12; n++) {
        sk_store *s = sk_store_new();
        if (!s) continue;
        finalized = 0;
        sk_alloc_fail_after(n);
        sk_func *f = sk_func_new_host(s, i, 1, i, 1, host_add, &env, count_finalize);
        sk_memtype mt = {lim(1, 1)};
        sk_memory *m = sk_memory_new(s, &mt);
        sk_tabletype tt = {SK_FUNCREF, lim(3, -1)};
        sk_table *t = sk_table_new(s, &tt, NULL);
        sk_globaltype gt = {SK_I32, false};
        sk_val v;
        v.i32 = 3;
        sk_global *g = sk_global_new(s, &gt, v);
        sk_alloc_fail_after(-1);
        if (f) CHECK(f->type->nparams == 1 && f->host == host_add);
        if (m) CHECK(m->pages == 1 && m->data[SK_PAGE_SIZE - 1] == 0);
        if (t) CHECK(t->size == 3 && t->elems[2] == NULL && sk_table_grow(s, t, 1, NULL) == 3);
        if (g) CHECK(g->val.i32 == 3);
        made += f && m && t && g;
        sk_store_free(s);
        CHECK_MSG(finalized == (f ? 1 : 0), "n=%ld: finalizer ran %d times", n, finalized);
    }
    CHECK(made > 0);
}

/* Host->wasm re-entry past the bound traps instead of overflowing the C stack. */
static void test_reentry(void)
{
    sk_store *s = sk_store_new();
    mb *b = mb_new();
    mb_func(b, mb_type(b, "", ""));
    sk_error err;
    sk_error_clear(&err);
    sk_instance *inst = sk_instantiate(s, &b->m, NULL, 0, NULL, &err);
    CHECK(inst != NULL);
    if (inst) {
        s->host_depth = 1000000; /* past any bound: a wasm call must trap at once */
        sk_trap *t = sk_call(s, inst->funcs[0], NULL, NULL);
        CHECK(t && t->kind == SK_TRAP_STACK_EXHAUSTED && strcmp(t->message, "call stack exhausted") == 0);
        sk_trap_free(t);
        s->host_depth = 0;
    }
    sk_trap *t = sk_call(s, NULL, NULL, NULL);
    CHECK(t && t->kind == SK_TRAP_NULL_REFERENCE);
    sk_trap_free(t);
    sk_store_free(s);
    free(b);
}

/* ---- End to end: real modules through the whole pipeline (decode, validate, lower, run) ----
 * The byte arrays were made with Debian wabt's wat2wasm from the text in each comment. */

/* lib.wat:
 * (module
 *   (type $ii_i (func (param i32 i32) (result i32)))
 *   (import "host" "add" (func $hadd (type $ii_i)))
 *   (memory (export "mem") 1 2)
 *   (table (export "tab") 4 funcref)
 *   (global $g (export "g") (mut i32) (i32.const 0))
 *   (func $start (global.set $g (i32.const 42)))
 *   (start $start)
 *   (func $f1 (export "f1") (result i32) (i32.const 1))
 *   (func $f2 (result i32) (i32.const 2))
 *   (elem (i32.const 1) $f1 $f2)
 *   (data (i32.const 8) "abc")
 *   (func (export "call_host") (param i32 i32) (result i32) (call $hadd (local.get 0) (local.get 1)))
 *   (func (export "indirect") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
 *   (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
 *
 * user.wat:
 * (module
 *   (import "lib" "mem" (memory 1))
 *   (import "lib" "tab" (table 1 funcref))
 *   (import "lib" "f1" (func $f1 (result i32)))
 *   (func $f3 (result i32) (i32.const 3))
 *   (elem (i32.const 3) $f3)
 *   (data (i32.const 0) "Z")
 *   (func (export "callf1") (result i32) (call $f1)))
 *
 * trapstart.wat: segments into imports, then a start function that traps:
 * (module
 *   (import "lib" "mem" (memory 1))
 *   (import "lib" "tab" (table 1 funcref))
 *   (func $f4 (result i32) (i32.const 4))
 *   (elem (i32.const 0) $f4)
 *   (data (i32.const 1) "Y")
 *   (func $s unreachable)
 *   (start $s))
 *
 * reenter.wat: down(n) calls the host, which calls down(n - 1) again:
 * (module
 *   (import "host" "reenter" (func $h (param i32) (result i32)))
 *   (func (export "down") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (call $h (i32.sub (local.get 0) (i32.const 1)))))))
 */
static const uint8_t wasm_lib[] = { /* lib.wat */
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x13, 0x04, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x00, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x02, 0x0c, 0x01,
    0x04, 0x68, 0x6f, 0x73, 0x74, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x03, 0x07, 0x06, 0x01, 0x02,
    0x02, 0x00, 0x03, 0x03, 0x04, 0x04, 0x01, 0x70, 0x00, 0x04, 0x05, 0x04, 0x01, 0x01, 0x01, 0x02,
    0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x34, 0x07, 0x03, 0x6d, 0x65, 0x6d, 0x02,
    0x00, 0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x01, 0x67, 0x03, 0x00, 0x02, 0x66, 0x31, 0x00, 0x02,
    0x09, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x04, 0x08, 0x69, 0x6e, 0x64,
    0x69, 0x72, 0x65, 0x63, 0x74, 0x00, 0x05, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x06, 0x08, 0x01,
    0x01, 0x09, 0x08, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x02, 0x02, 0x03, 0x0a, 0x2b, 0x06, 0x06, 0x00,
    0x41, 0x2a, 0x24, 0x00, 0x0b, 0x04, 0x00, 0x41, 0x01, 0x0b, 0x04, 0x00, 0x41, 0x02, 0x0b, 0x08,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x02, 0x00, 0x0b,
    0x07, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b, 0x0b, 0x09, 0x01, 0x00, 0x41, 0x08, 0x0b, 0x03,
    0x61, 0x62, 0x63,
};
static const uint8_t wasm_reenter[] = { /* reenter.wat */
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    0x02, 0x10, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x07, 0x72, 0x65, 0x65, 0x6e, 0x74, 0x65, 0x72,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 0x64, 0x6f, 0x77, 0x6e, 0x00, 0x01,
    0x0a, 0x14, 0x01, 0x12, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41,
    0x01, 0x6b, 0x10, 0x00, 0x0b, 0x0b,
};
static const uint8_t wasm_trapstart[] = { /* trapstart.wat */
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60,
    0x00, 0x00, 0x02, 0x18, 0x02, 0x03, 0x6c, 0x69, 0x62, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01,
    0x03, 0x6c, 0x69, 0x62, 0x03, 0x74, 0x61, 0x62, 0x01, 0x70, 0x00, 0x01, 0x03, 0x03, 0x02, 0x00,
    0x01, 0x08, 0x01, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, 0x0a, 0x0a, 0x02,
    0x04, 0x00, 0x41, 0x04, 0x0b, 0x03, 0x00, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b,
    0x01, 0x59,
};
static const uint8_t wasm_user[] = { /* user.wat */
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x02,
    0x21, 0x03, 0x03, 0x6c, 0x69, 0x62, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x03, 0x6c, 0x69,
    0x62, 0x03, 0x74, 0x61, 0x62, 0x01, 0x70, 0x00, 0x01, 0x03, 0x6c, 0x69, 0x62, 0x02, 0x66, 0x31,
    0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x07, 0x0a, 0x01, 0x06, 0x63, 0x61, 0x6c, 0x6c, 0x66,
    0x31, 0x00, 0x02, 0x09, 0x07, 0x01, 0x00, 0x41, 0x03, 0x0b, 0x01, 0x01, 0x0a, 0x0b, 0x02, 0x04,
    0x00, 0x41, 0x03, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b,
    0x01, 0x5a,
};

static sk_module *load(const uint8_t *bytes, size_t len)
{
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load(bytes, len, &err);
    CHECK_MSG(m != NULL, "load: %s", err.msg);
    return m;
}

static sk_func *export_func(sk_instance *inst, const char *name)
{
    sk_extern x;
    if (!sk_instance_export(inst, name, strlen(name), &x) || x.kind != SK_EXTERN_FUNC) return NULL;
    return x.of.func;
}

/* Calls an export taking up to two i32s and returning one; *trap gets any trap. */
static int32_t call_i32(sk_store *s, sk_instance *inst, const char *name, int32_t a, int32_t b, sk_trap **trap)
{
    sk_func *f = export_func(inst, name);
    CHECK_MSG(f != NULL, "no export %s", name);
    if (!f) return INT32_MIN;
    sk_val args[2], res[1];
    args[0].i32 = a;
    args[1].i32 = b;
    res[0].i32 = INT32_MIN;
    sk_trap *t = sk_call(s, f, args, res);
    if (trap) *trap = t;
    else {
        CHECK_MSG(t == NULL, "%s trapped: %s", name, t->message);
        sk_trap_free(t);
    }
    return res[0].i32;
}

static void test_e2e_linking(void)
{
    sk_store *s = sk_store_new();
    sk_module *lib = load(wasm_lib, sizeof wasm_lib);
    sk_module *user = load(wasm_user, sizeof wasm_user);
    sk_module *ts = load(wasm_trapstart, sizeof wasm_trapstart);
    if (!lib || !user || !ts) goto out;
    static int plus = 100;
    const uint8_t ii[] = {SK_I32, SK_I32}, i[] = {SK_I32};
    sk_extern hadd = {SK_EXTERN_FUNC, {.func = sk_func_new_host(s, ii, 2, i, 1, host_add, &plus, NULL)}};
    sk_error err;
    sk_error_clear(&err);
    sk_trap *trap = NULL;
    sk_instance *a = sk_instantiate(s, lib, &hadd, 1, &trap, &err);
    CHECK_MSG(a && !trap, "instantiate lib: %s %s", err.msg, trap ? trap->message : "");
    if (!a) goto out;
    sk_extern g, mem, tab, f1;
    memset(&mem, 0, sizeof mem);
    tab = f1 = g = mem;
    CHECK(sk_instance_export(a, "g", 1, &g) && g.kind == SK_EXTERN_GLOBAL);
    CHECK(g.of.global && g.of.global->val.i32 == 42); /* the start function ran */
    CHECK(call_i32(s, a, "call_host", 2, 3, NULL) == 105);
    CHECK(call_i32(s, a, "indirect", 1, 0, NULL) == 1);
    CHECK(call_i32(s, a, "indirect", 2, 0, NULL) == 2);
    call_i32(s, a, "indirect", 0, 0, &trap);
    CHECK(trap && trap->kind == SK_TRAP_UNINIT_ELEMENT);
    sk_trap_free(trap);
    CHECK(call_i32(s, a, "load", 9, 0, NULL) == 'b');

    /* user writes into lib's table and memory. */
    bool found = sk_instance_export(a, "mem", 3, &mem) && sk_instance_export(a, "tab", 3, &tab) &&
                 sk_instance_export(a, "f1", 2, &f1);
    CHECK(found);
    if (!found) goto out;
    sk_extern uimp[3] = {mem, tab, f1};
    trap = NULL;
    sk_instance *b = sk_instantiate(s, user, uimp, 3, &trap, &err);
    CHECK_MSG(b && !trap, "instantiate user: %s", err.msg);
    if (b) CHECK(call_i32(s, b, "callf1", 0, 0, NULL) == 1);
    CHECK(call_i32(s, a, "indirect", 3, 0, NULL) == 3);
    CHECK(call_i32(s, a, "load", 0, 0, NULL) == 'Z');

    /* Wrong kinds and types are refused before anything is written. */
    sk_extern bad[3] = {mem, tab, hadd}; /* host add has the wrong type for f1 */
    sk_error_clear(&err);
    CHECK(sk_instantiate(s, user, bad, 3, &trap, &err) == NULL && strstr(err.msg, "incompatible import type"));

    /* A trapping start function: the segments it wrote into lib stay (spec 2.0). */
    sk_extern timp[2] = {mem, tab};
    trap = NULL;
    sk_error_clear(&err);
    CHECK(sk_instantiate(s, ts, timp, 2, &trap, &err) == NULL);
    CHECK(trap && trap->kind == SK_TRAP_UNREACHABLE);
    sk_trap_free(trap);
    CHECK(call_i32(s, a, "indirect", 0, 0, NULL) == 4);
    CHECK(call_i32(s, a, "load", 1, 0, NULL) == 'Y');
out:
    sk_store_free(s);
    sk_module_free(lib);
    sk_module_free(user);
    sk_module_free(ts);
}

/* Instantiating lib (segments, a wasm start function) with the n-th allocation
 * failing: each attempt fails cleanly (error or trap) or works. */
static void test_e2e_oom(void)
{
    sk_module *lib = load(wasm_lib, sizeof wasm_lib);
    if (!lib) return;
    static int plus = 0;
    const uint8_t ii[] = {SK_I32, SK_I32}, i[] = {SK_I32};
    bool succeeded = false;
    for (long n = 0; n < 400 && !succeeded; n++) {
        sk_store *s = sk_store_new();
        sk_func *h = s ? sk_func_new_host(s, ii, 2, i, 1, host_add, &plus, NULL) : NULL;
        if (!h) {
            sk_store_free(s);
            continue;
        }
        sk_extern hadd = {SK_EXTERN_FUNC, {.func = h}};
        sk_error err;
        sk_error_clear(&err);
        sk_trap *trap = NULL;
        sk_alloc_fail_after(n);
        sk_instance *a = sk_instantiate(s, lib, &hadd, 1, &trap, &err);
        sk_alloc_fail_after(-1);
        if (a) {
            succeeded = true;
            CHECK(call_i32(s, a, "call_host", 20, 22, NULL) == 42);
        } else {
            CHECK_MSG(trap || err.msg[0], "n=%ld: failed without a reason", n);
        }
        sk_trap_free(trap);
        sk_store_free(s);
    }
    CHECK(succeeded);
    sk_module_free(lib);
}

/* down(n) -> host -> sk_call(down, n - 1) -> ...: deep host re-entry must end in a
 * "call stack exhausted" trap, never a crash; shallow re-entry works. */
static sk_trap *host_reenter(sk_caller *c, void *env, const sk_val *args, sk_val *results)
{
    sk_func *down = *(sk_func **)env;
    sk_val a[1], r[1];
    a[0].i32 = args[0].i32;
    sk_trap *t = sk_call(c->store, down, a, r);
    if (t) return t;
    results[0].i32 = r[0].i32 + 1;
    return NULL;
}

static void *reentry_body(void *unused)
{
    sk_store *s = sk_store_new();
    sk_module *m = load(wasm_reenter, sizeof wasm_reenter);
    if (!m) goto out;
    static _Thread_local sk_func *down;
    const uint8_t i[] = {SK_I32};
    sk_extern h = {SK_EXTERN_FUNC, {.func = sk_func_new_host(s, i, 1, i, 1, host_reenter, &down, NULL)}};
    sk_error err;
    sk_error_clear(&err);
    sk_instance *inst = sk_instantiate(s, m, &h, 1, NULL, &err);
    CHECK_MSG(inst != NULL, "instantiate: %s", err.msg);
    if (!inst) goto out;
    down = export_func(inst, "down");
    CHECK(call_i32(s, inst, "down", 50, 0, NULL) == 50);
    CHECK(s->host_depth == 0);
    sk_trap *trap = NULL;
    call_i32(s, inst, "down", 10000000, 0, &trap);
    CHECK_MSG(trap && trap->kind == SK_TRAP_STACK_EXHAUSTED, "deep re-entry: %s", trap ? trap->message : "no trap");
    sk_trap_free(trap);
    CHECK(s->host_depth == 0);
    CHECK(call_i32(s, inst, "down", 7, 0, NULL) == 7); /* still usable afterwards */
out:
    sk_store_free(s);
    sk_module_free(m);
    return NULL;
}

static void test_e2e_reentry(void)
{
    reentry_body(NULL);
    /* Again on a thread with a small (1 MiB) stack. */
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1u << 20);
    CHECK(pthread_create(&th, &attr, reentry_body, NULL) == 0 && pthread_join(th, NULL) == 0);
    pthread_attr_destroy(&attr);
}

int main(void)
{
    test_store_defaults();
    test_memory();
    test_memory_fallback();
    test_table();
    test_host_and_globals();
    test_traps();
    test_constexpr();
    test_linking();
    test_segments();
    test_segment_traps();
    test_start();
    test_oom();
    test_oom_constructors();
    test_reentry();
    test_e2e_linking();
    test_e2e_reentry();
    test_e2e_oom();
    TEST_DONE("test_runtime");
}
