/* wast.c: `skiff wast`: runs WebAssembly spec test scripts (.wast) and counts results. */
#include "cli.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

/* A name bound to an instance: `$name` of a module, or a `register`ed name.
 * The strings are borrowed from the script, which outlives the run. */
typedef struct wast_binding {
    const char *name;
    sk_instance *inst; /* NULL when the named module failed to load */
} wast_binding;

typedef struct wast_ctx {
    const char *file;
    bool verbose;
    bool guard_pages; /* bounds-check mode of the store and of every module */
    sk_store *store;
    sk_spectest *spectest;
    sk_instance *current; /* the latest module instance, or NULL */
    SK_VEC(sk_module *) modules; /* owned; freed after the store */
    SK_VEC(wast_binding) names;
    SK_VEC(wast_binding) registered;
    uint32_t passed, failed, skipped, mismatched;
    const char *src; /* the script text, for messages */
    size_t src_len;
} wast_ctx;

typedef struct wast_totals {
    uint64_t passed, failed, skipped, mismatched;
    uint32_t files_failed;
} wast_totals;

static const char *cmd_name(uint8_t kind)
{
    switch (kind) {
    case SK_CMD_MODULE: return "module";
    case SK_CMD_REGISTER: return "register";
    case SK_CMD_ACTION: return "action";
    case SK_CMD_ASSERT_RETURN: return "assert_return";
    case SK_CMD_ASSERT_TRAP: return "assert_trap";
    case SK_CMD_ASSERT_EXHAUSTION: return "assert_exhaustion";
    case SK_CMD_ASSERT_MALFORMED: return "assert_malformed";
    case SK_CMD_ASSERT_INVALID: return "assert_invalid";
    case SK_CMD_ASSERT_UNLINKABLE: return "assert_unlinkable";
    case SK_CMD_ASSERT_UNINSTANTIABLE: return "assert_uninstantiable";
    case SK_CMD_UNSUPPORTED: return "unsupported command";
    }
    return "command";
}

static void cmd_fail(wast_ctx *c, const sk_wast_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cmd_fail(wast_ctx *c, const sk_wast_cmd *cmd, const char *fmt, ...)
{
    c->failed++;
    if (!c->verbose) return;
    printf("%s:%" PRIu32 ": %s failed: ", c->file, cmd->line, cmd_name(cmd->kind));
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static bool contains(const char *hay, const char *needle) { return !needle || strstr(hay, needle) != NULL; }

/* A rejection passes; a message that does not contain the expected text is noted. */
static void note_rejection(wast_ctx *c, const sk_wast_cmd *cmd, const char *got)
{
    c->passed++;
    if (contains(got, cmd->text)) return;
    c->mismatched++;
    if (c->verbose)
        printf("%s:%" PRIu32 ": %s: message mismatch: expected \"%s\", got \"%s\"\n", c->file, cmd->line,
               cmd_name(cmd->kind), cmd->text ? cmd->text : "", got);
}

/* The reference interpreter matches trap messages by prefix and appends details
 * (e.g. "uninitialized element 2"); our kind's wording identifies the trap. */
static bool trap_matches(const sk_trap *t, const char *expected)
{
    if (!expected) return true;
    const char *msg = t->message ? t->message : sk_trap_kind_message(t->kind);
    if (strstr(msg, expected)) return true;
    if (t->kind == SK_TRAP_NONE || t->kind == SK_TRAP_HOST) return false;
    const char *kind_msg = sk_trap_kind_message(t->kind);
    return strncmp(expected, kind_msg, strlen(kind_msg)) == 0;
}

static const char *trap_msg(const sk_trap *t) { return t->message ? t->message : sk_trap_kind_message(t->kind); }

/* externref values of scripts: `ref.extern N` is the host pointer N+1 (never null). */
static void *extern_ptr(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

static void format_result(char *buf, size_t size, uint8_t type, const sk_val *v)
{
    if (type == SK_EXTERNREF && v->ref) {
        snprintf(buf, size, "ref.extern %" PRIuPTR, (uintptr_t)v->ref - 1);
        return;
    }
    char tmp[96];
    sk_cli_format_val(tmp, sizeof tmp, type, v);
    if (type == SK_FUNCREF || type == SK_EXTERNREF) snprintf(buf, size, "%s", tmp);
    else snprintf(buf, size, "%s.const %s", sk_valtype_name(type), tmp);
}

static const char *kind_pattern_name(uint8_t kind)
{
    return kind == SK_WV_NAN_CANONICAL ? "nan:canonical" : kind == SK_WV_NAN_ARITHMETIC ? "nan:arithmetic" : "?";
}

static void format_expected(char *buf, size_t size, const sk_wast_val *e)
{
    switch (e->kind) {
    case SK_WV_EXACT: format_result(buf, size, e->type, &e->val); return;
    case SK_WV_NAN_CANONICAL:
    case SK_WV_NAN_ARITHMETIC:
        snprintf(buf, size, "%s.const %s", sk_valtype_name(e->type), kind_pattern_name(e->kind));
        return;
    case SK_WV_REF_NULL: snprintf(buf, size, "ref.null %s", e->type == SK_FUNCREF ? "func" : "extern"); return;
    case SK_WV_REF_EXTERN: snprintf(buf, size, "ref.extern %" PRIu64, e->val.u64); return;
    case SK_WV_REF_FUNC: snprintf(buf, size, "ref.func"); return;
    case SK_WV_REF_ANY_EXTERN: snprintf(buf, size, "ref.extern"); return;
    }
    snprintf(buf, size, "<pattern>");
}

static bool f32_matches(uint8_t kind, uint32_t want, uint32_t got)
{
    if (kind == SK_WV_NAN_CANONICAL) return (got & 0x7FFFFFFFu) == 0x7FC00000u;
    if (kind == SK_WV_NAN_ARITHMETIC) return (got & 0x7FC00000u) == 0x7FC00000u;
    return want == got;
}

static bool f64_matches(uint8_t kind, uint64_t want, uint64_t got)
{
    if (kind == SK_WV_NAN_CANONICAL) return (got & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull;
    if (kind == SK_WV_NAN_ARITHMETIC) return (got & 0x7FF8000000000000ull) == 0x7FF8000000000000ull;
    return want == got;
}

static bool v128_matches(const sk_wast_val *e, const sk_val *v)
{
    unsigned bits = e->lane_bits;
    if (bits != 8 && bits != 16 && bits != 32 && bits != 64) return memcmp(e->val.v128, v->v128, 16) == 0;
    unsigned bytes = bits / 8, lanes = 16 / bytes;
    for (unsigned i = 0; i < lanes; i++) {
        const uint8_t *w = e->val.v128 + i * bytes, *g = v->v128 + i * bytes;
        uint8_t kind = e->lane_kind[i];
        if (e->lane_type == SK_F32 && bits == 32) {
            uint32_t a, b;
            memcpy(&a, w, 4);
            memcpy(&b, g, 4);
            if (!f32_matches(kind, a, b)) return false;
        } else if (e->lane_type == SK_F64 && bits == 64) {
            uint64_t a, b;
            memcpy(&a, w, 8);
            memcpy(&b, g, 8);
            if (!f64_matches(kind, a, b)) return false;
        } else if (memcmp(w, g, bytes) != 0) {
            return false;
        }
    }
    return true;
}

static bool value_matches(const sk_wast_val *e, uint8_t type, const sk_val *v)
{
    if (e->type != type) return false;
    switch (e->kind) {
    case SK_WV_EXACT:
        switch (type) {
        case SK_I32:
        case SK_F32: return e->val.u32 == v->u32;
        case SK_I64:
        case SK_F64: return e->val.u64 == v->u64;
        case SK_V128: return v128_matches(e, v);
        default: return e->val.ref == v->ref;
        }
    case SK_WV_NAN_CANONICAL:
    case SK_WV_NAN_ARITHMETIC:
        if (type == SK_F32) return f32_matches(e->kind, 0, v->u32);
        if (type == SK_F64) return f64_matches(e->kind, 0, v->u64);
        if (type == SK_V128) return v128_matches(e, v);
        return false;
    case SK_WV_REF_NULL: return v->ref == NULL;
    case SK_WV_REF_EXTERN: return v->ref == extern_ptr(e->val.u64);
    case SK_WV_REF_FUNC: return type == SK_FUNCREF && v->ref != NULL;
    case SK_WV_REF_ANY_EXTERN: return type == SK_EXTERNREF && v->ref != NULL;
    }
    return false;
}

/* Converts a script constant into an argument value. */
static bool arg_value(const sk_wast_val *a, sk_val *out)
{
    memset(out, 0, sizeof *out);
    switch (a->kind) {
    case SK_WV_EXACT: *out = a->val; return true;
    case SK_WV_REF_NULL: out->ref = NULL; return true;
    case SK_WV_REF_EXTERN: out->ref = extern_ptr(a->val.u64); return true;
    default: return false; /* patterns are not values */
    }
}

static sk_instance *find_instance(wast_ctx *c, const char *name, bool *found)
{
    *found = true;
    if (!name) return c->current;
    for (uint32_t i = c->names.len; i-- > 0;)
        if (strcmp(c->names.data[i].name, name) == 0) return c->names.data[i].inst;
    *found = false;
    return NULL;
}

/* ---- Actions ---- */

typedef enum { ACT_OK, ACT_TRAP, ACT_ERROR } act_status;

typedef struct act_result {
    act_status status;
    sk_val *vals; /* owned */
    const uint8_t *types;
    uint32_t n;
    sk_val single; /* storage for `get` */
    uint8_t single_type;
    sk_trap *trap; /* owned, when status == ACT_TRAP */
    char error[256];
} act_result;

static void act_result_free(act_result *r)
{
    if (r->vals != &r->single) sk_free(r->vals);
    r->vals = NULL;
    if (r->trap) sk_trap_free(r->trap);
    r->trap = NULL;
}

static act_status act_error(act_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static act_status act_error(act_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    return r->status = ACT_ERROR;
}

static act_status run_action(wast_ctx *c, const sk_wast_action *a, act_result *r)
{
    memset(r, 0, sizeof *r);
    bool found;
    sk_instance *inst = find_instance(c, a->module, &found);
    if (!found) return act_error(r, "unknown module %s", a->module);
    if (!inst) return act_error(r, "no module instance (the module failed to load)");
    sk_extern ext;
    if (!sk_instance_export(inst, a->field, a->field_len, &ext))
        return act_error(r, "unknown export \"%.*s\"", (int)a->field_len, a->field);
    if (a->is_get) {
        if (ext.kind != SK_EXTERN_GLOBAL) return act_error(r, "export \"%s\" is not a global", a->field);
        r->single = ext.of.global->val;
        r->single_type = ext.of.global->type.type;
        r->vals = &r->single;
        r->types = &r->single_type;
        r->n = 1;
        return r->status = ACT_OK;
    }
    if (ext.kind != SK_EXTERN_FUNC) return act_error(r, "export \"%s\" is not a function", a->field);
    sk_func *f = ext.of.func;
    const sk_functype *ft = f->type;
    if (a->nargs != ft->nparams)
        return act_error(r, "%" PRIu32 " arguments given, the function takes %" PRIu32, a->nargs, ft->nparams);
    sk_val *args = NULL;
    if (ft->nparams) {
        args = sk_calloc(ft->nparams, sizeof *args);
        if (!args) return act_error(r, "out of memory");
    }
    for (uint32_t i = 0; i < a->nargs; i++) {
        if (a->args[i].type != ft->params[i] || !arg_value(&a->args[i], &args[i])) {
            sk_free(args);
            return act_error(r, "argument %" PRIu32 " has the wrong type", i);
        }
    }
    r->n = ft->nresults;
    r->types = ft->results;
    r->vals = sk_calloc(ft->nresults ? ft->nresults : 1, sizeof *r->vals);
    if (!r->vals) {
        sk_free(args);
        return act_error(r, "out of memory");
    }
    r->trap = sk_call(c->store, f, args, r->vals);
    sk_free(args);
    return r->status = r->trap ? ACT_TRAP : ACT_OK;
}

/* ---- Modules ---- */

/* Loads a script module. Returns NULL with `why` set when it is rejected. */
static sk_module *load_module(wast_ctx *c, const sk_wast_module *wm, char *why, size_t size)
{
    if (!wm->binary) {
        snprintf(why, size, "%s", wm->text_err.msg[0] ? wm->text_err.msg : "module text did not parse");
        return NULL;
    }
    sk_error err;
    sk_error_clear(&err);
    sk_module *m = sk_module_load_mode(wm->binary, wm->len, c->guard_pages, &err);
    if (!m) {
        snprintf(why, size, "%s", err.msg[0] ? err.msg : "module did not load");
        return NULL;
    }
    if (!SK_VEC_PUSH(c->modules, m)) {
        sk_module_free(m);
        snprintf(why, size, "out of memory");
        return NULL;
    }
    return m;
}

static bool resolve_import(wast_ctx *c, const sk_import *imp, sk_extern *out)
{
    for (uint32_t i = c->registered.len; i-- > 0;) {
        const wast_binding *b = &c->registered.data[i];
        if (strlen(b->name) == imp->module_len && memcmp(b->name, imp->module, imp->module_len) == 0)
            return b->inst && sk_instance_export(b->inst, imp->name, imp->name_len, out);
    }
    if (imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0)
        return sk_spectest_lookup(c->spectest, imp->name, imp->name_len, out);
    return false;
}

typedef enum { INST_OK, INST_LINK_ERROR, INST_TRAP } inst_status;

/* Resolves imports and instantiates. On INST_LINK_ERROR `why` says why; on
 * INST_TRAP *trap is set (owned by the caller). */
static inst_status instantiate(wast_ctx *c, const sk_module *m, sk_instance **out, sk_trap **trap, char *why,
                               size_t size)
{
    *out = NULL;
    *trap = NULL;
    sk_extern *imports = NULL;
    if (m->nimports) {
        imports = sk_calloc(m->nimports, sizeof *imports);
        if (!imports) {
            snprintf(why, size, "out of memory");
            return INST_LINK_ERROR;
        }
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *imp = &m->imports[i];
        if (!resolve_import(c, imp, &imports[i])) {
            snprintf(why, size, "unknown import \"%.*s\" \"%.*s\"", (int)imp->module_len, imp->module,
                     (int)imp->name_len, imp->name);
            sk_free(imports);
            return INST_LINK_ERROR;
        }
    }
    sk_error err;
    sk_error_clear(&err);
    sk_instance *inst = sk_instantiate(c->store, m, imports, m->nimports, trap, &err);
    sk_free(imports);
    if (inst) {
        *out = inst;
        return INST_OK;
    }
    if (*trap) return INST_TRAP;
    snprintf(why, size, "%s", err.msg[0] ? err.msg : "instantiation failed");
    return INST_LINK_ERROR;
}

static void bind_name(wast_ctx *c, const char *name, sk_instance *inst)
{
    if (!name) return;
    wast_binding b = {name, inst};
    if (!SK_VEC_PUSH(c->names, b)) c->failed++; /* out of memory: later lookups of the name fail */
}

static void cmd_module(wast_ctx *c, const sk_wast_cmd *cmd)
{
    char why[400];
    c->current = NULL; /* a module that fails leaves no current module behind */
    sk_module *m = load_module(c, &cmd->module, why, sizeof why);
    if (!m) {
        bind_name(c, cmd->module.name, NULL);
        cmd_fail(c, cmd, "module rejected: %s", why);
        return;
    }
    sk_instance *inst;
    sk_trap *trap;
    inst_status st = instantiate(c, m, &inst, &trap, why, sizeof why);
    if (st != INST_OK) {
        bind_name(c, cmd->module.name, NULL);
        if (st == INST_TRAP) {
            cmd_fail(c, cmd, "instantiation trapped: %s", trap_msg(trap));
            sk_trap_free(trap);
        } else {
            cmd_fail(c, cmd, "instantiation failed: %s", why);
        }
        return;
    }
    c->current = inst;
    bind_name(c, cmd->module.name, inst);
    c->passed++;
}

static void cmd_register(wast_ctx *c, const sk_wast_cmd *cmd)
{
    bool found;
    sk_instance *inst = find_instance(c, cmd->register_module, &found);
    if (!cmd->text) {
        cmd_fail(c, cmd, "no name to register");
        return;
    }
    if (!found) {
        cmd_fail(c, cmd, "unknown module %s", cmd->register_module);
        return;
    }
    if (!inst) {
        cmd_fail(c, cmd, "no module instance to register");
        return;
    }
    wast_binding b = {cmd->text, inst};
    if (!SK_VEC_PUSH(c->registered, b)) {
        cmd_fail(c, cmd, "out of memory");
        return;
    }
    c->passed++;
}

static void cmd_assert_return(wast_ctx *c, const sk_wast_cmd *cmd)
{
    act_result r;
    run_action(c, &cmd->action, &r);
    if (r.status == ACT_ERROR) {
        cmd_fail(c, cmd, "%s", r.error);
    } else if (r.status == ACT_TRAP) {
        cmd_fail(c, cmd, "trapped: %s", trap_msg(r.trap));
    } else if (r.n != cmd->nexpected) {
        cmd_fail(c, cmd, "%" PRIu32 " results, expected %" PRIu32, r.n, cmd->nexpected);
    } else {
        for (uint32_t i = 0; i < r.n; i++) {
            if (!value_matches(&cmd->expected[i], r.types[i], &r.vals[i])) {
                char want[160], got[160];
                format_expected(want, sizeof want, &cmd->expected[i]);
                format_result(got, sizeof got, r.types[i], &r.vals[i]);
                cmd_fail(c, cmd, "result %" PRIu32 ": expected (%s), got (%s)", i, want, got);
                act_result_free(&r);
                return;
            }
        }
        c->passed++;
    }
    act_result_free(&r);
}

static void cmd_assert_trap_action(wast_ctx *c, const sk_wast_cmd *cmd)
{
    act_result r;
    run_action(c, &cmd->action, &r);
    if (r.status == ACT_ERROR) {
        cmd_fail(c, cmd, "%s", r.error);
    } else if (r.status == ACT_OK) {
        char got[160] = "";
        if (r.n) format_result(got, sizeof got, r.types[0], &r.vals[0]);
        cmd_fail(c, cmd, "expected trap \"%s\", returned normally%s%s%s", cmd->text ? cmd->text : "",
                 r.n ? " (" : "", got, r.n ? ")" : "");
    } else if (!trap_matches(r.trap, cmd->text)) {
        cmd_fail(c, cmd, "expected trap \"%s\", got trap \"%s\"", cmd->text ? cmd->text : "", trap_msg(r.trap));
    } else {
        c->passed++;
    }
    act_result_free(&r);
}

/* Module form of assert_trap, and assert_uninstantiable: instantiation must trap. */
static void cmd_assert_trap_module(wast_ctx *c, const sk_wast_cmd *cmd)
{
    char why[400];
    sk_module *m = load_module(c, &cmd->module, why, sizeof why);
    if (!m) {
        cmd_fail(c, cmd, "module rejected: %s", why);
        return;
    }
    sk_instance *inst;
    sk_trap *trap;
    inst_status st = instantiate(c, m, &inst, &trap, why, sizeof why);
    if (st == INST_OK) {
        cmd_fail(c, cmd, "instantiated without a trap");
        return;
    }
    if (st == INST_LINK_ERROR) {
        cmd_fail(c, cmd, "link error instead of a trap: %s", why);
        return;
    }
    if (!trap_matches(trap, cmd->text))
        cmd_fail(c, cmd, "expected trap \"%s\", got trap \"%s\"", cmd->text ? cmd->text : "", trap_msg(trap));
    else c->passed++;
    sk_trap_free(trap);
}

/* assert_malformed / assert_invalid: the module must not load. */
static void cmd_assert_rejected(wast_ctx *c, const sk_wast_cmd *cmd)
{
    char why[400];
    sk_module *m = load_module(c, &cmd->module, why, sizeof why);
    if (m) {
        cmd_fail(c, cmd, "module loaded, expected \"%s\"", cmd->text ? cmd->text : "");
        return;
    }
    note_rejection(c, cmd, why);
}

static void cmd_assert_unlinkable(wast_ctx *c, const sk_wast_cmd *cmd)
{
    char why[400];
    sk_module *m = load_module(c, &cmd->module, why, sizeof why);
    if (!m) {
        note_rejection(c, cmd, why);
        return;
    }
    sk_instance *inst;
    sk_trap *trap;
    inst_status st = instantiate(c, m, &inst, &trap, why, sizeof why);
    if (st == INST_OK) {
        cmd_fail(c, cmd, "module linked, expected \"%s\"", cmd->text ? cmd->text : "");
        return;
    }
    if (st == INST_TRAP) {
        snprintf(why, sizeof why, "%s", trap_msg(trap));
        sk_trap_free(trap);
    }
    note_rejection(c, cmd, why);
}

/* The keyword that starts a command ("assert_return", "thread", ...), read from
 * the source at the command's position, for skip reasons. */
static void command_keyword(const wast_ctx *c, const sk_wast_cmd *cmd, char *buf, size_t size)
{
    snprintf(buf, size, "command");
    if (!c->src || cmd->line == 0) return;
    size_t i = 0;
    for (uint32_t line = 1; line < cmd->line && i < c->src_len; i++)
        if (c->src[i] == '\n') line++;
    i += cmd->col ? cmd->col - 1 : 0;
    while (i < c->src_len && (c->src[i] == '(' || c->src[i] == ' ' || c->src[i] == '\t')) i++;
    size_t n = 0;
    while (i + n < c->src_len && n + 1 < size && c->src[i + n] > ' ' && c->src[i + n] != '(' && c->src[i + n] != ')' &&
           (unsigned char)c->src[i + n] < 0x7F)
        n++;
    if (n) snprintf(buf, size, "(%.*s ...)", (int)n, c->src + i);
}

static void run_command(wast_ctx *c, const sk_wast_cmd *cmd)
{
    switch (cmd->kind) {
    case SK_CMD_MODULE: cmd_module(c, cmd); return;
    case SK_CMD_REGISTER: cmd_register(c, cmd); return;
    case SK_CMD_ACTION: {
        act_result r;
        run_action(c, &cmd->action, &r);
        if (r.status == ACT_ERROR) cmd_fail(c, cmd, "%s", r.error);
        else if (r.status == ACT_TRAP) cmd_fail(c, cmd, "trapped: %s", trap_msg(r.trap));
        else c->passed++;
        act_result_free(&r);
        return;
    }
    case SK_CMD_ASSERT_RETURN: cmd_assert_return(c, cmd); return;
    case SK_CMD_ASSERT_TRAP:
        if (cmd->has_module) cmd_assert_trap_module(c, cmd);
        else cmd_assert_trap_action(c, cmd);
        return;
    case SK_CMD_ASSERT_EXHAUSTION: cmd_assert_trap_action(c, cmd); return;
    case SK_CMD_ASSERT_MALFORMED:
    case SK_CMD_ASSERT_INVALID: cmd_assert_rejected(c, cmd); return;
    case SK_CMD_ASSERT_UNLINKABLE: cmd_assert_unlinkable(c, cmd); return;
    case SK_CMD_ASSERT_UNINSTANTIABLE: cmd_assert_trap_module(c, cmd); return;
    case SK_CMD_UNSUPPORTED: {
        char what[64];
        command_keyword(c, cmd, what, sizeof what);
        c->skipped++;
        if (cmd->text) printf("%s:%" PRIu32 ": skipped %s: %s\n", c->file, cmd->line, what, cmd->text);
        else printf("%s:%" PRIu32 ": skipped %s: not supported by the script parser\n", c->file, cmd->line, what);
        return;
    }
    }
    cmd_fail(c, cmd, "unknown command kind %u", cmd->kind);
}

static void print_counts(const char *prefix, uint64_t passed, uint64_t failed, uint64_t skipped)
{
    printf("%s%" PRIu64 " passed, %" PRIu64 " failed", prefix, passed, failed);
    if (skipped) printf(", %" PRIu64 " skipped", skipped);
    putchar('\n');
}

static void run_file(const char *path, bool verbose, bool guard_pages, wast_totals *tot)
{
    wast_ctx c;
    memset(&c, 0, sizeof c);
    c.file = path;
    c.verbose = verbose;
    sk_error err;
    sk_error_clear(&err);
    uint8_t *src = NULL;
    size_t len = 0;
    sk_wast_script *script = NULL;
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s: ", path);
    if (!sk_read_file(path, &src, &len, &err) || !sk_wast_parse((const char *)src, len, path, &script, &err)) {
        char buf[640];
        sk_error_format(&err, buf, sizeof buf);
        if (err.line) printf("error: %s\n", buf); /* the text position names the file */
        else printf("%s: error: %s\n", path, buf);
        c.failed = 1;
        goto done;
    }
    c.src = (const char *)src;
    c.src_len = len;
    c.store = sk_store_new();
    if (c.store) c.store->bounds_checks = !guard_pages;
    c.guard_pages = guard_pages;
    c.spectest = c.store ? sk_spectest_new(c.store) : NULL;
    if (!c.spectest) {
        printf("%s: error: out of memory creating the store%s\n", path, guard_pages ? SK_CLI_GUARD_OOM_HINT : "");
        c.failed = 1;
        goto done;
    }
    for (uint32_t i = 0; i < script->ncmds; i++) {
        run_command(&c, &script->cmds[i]);
        fflush(stdout);
    }
done:
    print_counts(prefix, c.passed, c.failed, c.skipped);
    fflush(stdout);
    tot->passed += c.passed;
    tot->failed += c.failed;
    tot->skipped += c.skipped;
    tot->mismatched += c.mismatched;
    if (c.failed) tot->files_failed++;
    sk_spectest_free(c.spectest);
    if (c.store) sk_store_free(c.store);
    for (uint32_t i = 0; i < c.modules.len; i++) sk_module_free(c.modules.data[i]);
    SK_VEC_FREE(c.modules);
    SK_VEC_FREE(c.names);
    SK_VEC_FREE(c.registered);
    if (script) sk_wast_free(script);
    sk_free(src);
}

static void wast_usage(FILE *f)
{
    fprintf(f,
            "usage: skiff wast [-v] [--bounds-checks guard|explicit] FILE.wast...\n"
            "\n"
            "Runs WebAssembly spec test scripts. Each file runs in its own store, with the\n"
            "`spectest` host module available for imports. Prints one line per file,\n"
            "\"FILE: N passed, N failed[, N skipped]\", then the total as the last line.\n"
            "A rejected module (assert_malformed/invalid/unlinkable) passes even when the\n"
            "error message differs from the expected text; such mismatches are counted.\n"
            "Commands the script parser does not support are skipped, each with its reason.\n"
            "Modules may import from `register`ed modules and from `spectest` (print,\n"
            "print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64,\n"
            "global_i32, global_i64, global_f32, global_f64, table, memory).\n"
            "\n"
            "options:\n"
            "  -v, --verbose  show every failure (file:line, expected, got) and message mismatch\n"
            SK_CLI_BOUNDS_HELP
            "  -h, --help     show this help\n"
            "\n"
            "exit status: 0 all passed, 1 some command failed, 2 usage error\n");
}

int sk_cli_wast(int argc, char **argv)
{
    bool verbose = false;
    bool guard_pages = sk_guard_pages_available();
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            first = i + 1;
            break;
        }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            verbose = true;
        } else if (strncmp(a, "--bounds-checks", 15) == 0 && (a[15] == '=' || a[15] == 0)) {
            const char *val = a[15] == '=' ? a + 16 : (i + 1 < argc ? argv[++i] : NULL);
            if (!val) {
                fprintf(stderr, "skiff wast: --bounds-checks needs a value\n");
                return SK_EXIT_USAGE;
            }
            if (!sk_cli_parse_bounds("wast", val, &guard_pages)) return SK_EXIT_USAGE;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            wast_usage(stdout);
            return SK_EXIT_OK;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "skiff wast: unknown option %s\n", a);
            wast_usage(stderr);
            return SK_EXIT_USAGE;
        } else {
            first = i;
            break;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "skiff wast: no script given\n");
        wast_usage(stderr);
        return SK_EXIT_USAGE;
    }
    wast_totals tot;
    memset(&tot, 0, sizeof tot);
    int nfiles = 0;
    for (int i = first; i < argc; i++) {
        if ((strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)) {
            verbose = true;
            continue;
        }
        run_file(argv[i], verbose, guard_pages, &tot);
        nfiles++;
    }
    printf("\n");
    if (nfiles > 1) printf("%d files, %" PRIu32 " with failures\n", nfiles, tot.files_failed);
    if (tot.mismatched)
        printf("%" PRIu64 " rejected modules passed with a different error message%s\n", tot.mismatched,
               verbose ? "" : " (-v lists them)");
    print_counts("", tot.passed, tot.failed, tot.skipped);
    return tot.failed ? SK_EXIT_ERROR : SK_EXIT_OK;
}
