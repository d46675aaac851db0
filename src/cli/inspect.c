/* inspect.c: `skiff inspect`: summarises a module's imports, exports, types and sections. */
#include "cli.h"
#include <inttypes.h>

static void inspect_usage(FILE *f)
{
    fprintf(f,
            "usage: skiff inspect FILE.wasm|FILE.wat...\n"
            "\n"
            "Decodes each module (without validating it) and prints its imports, exports\n"
            "and their types, function count, tables, memories, globals, start function,\n"
            "segment counts and custom sections.\n"
            "\n"
            "options:\n"
            "  -h, --help  show this help\n"
            "\n"
            "exit status: 0 ok, 1 the module cannot be read or decoded, 2 usage\n");
}

/* Prints a name quoted, escaping bytes that are not printable ASCII. */
static void print_name(const char *s, uint32_t len)
{
    putchar('"');
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch >= 0x20 && ch < 0x7F) putchar(ch);
        else printf("\\%02x", ch);
    }
    putchar('"');
}

static void print_limits(const sk_limits *l)
{
    if (l->has_max) printf("%" PRIu64 "..%" PRIu64, l->min, l->max);
    else printf("%" PRIu64 "..", l->min);
}

static void print_functype(const sk_module *m, uint32_t type_idx)
{
    if (type_idx >= m->ntypes) {
        printf("<type %" PRIu32 " out of range>", type_idx);
        return;
    }
    char buf[512];
    sk_cli_format_functype(buf, sizeof buf, &m->types[type_idx]);
    printf("%s", buf);
}

static void print_globaltype(const sk_globaltype *g)
{
    printf("%s%s", g->mut ? "mut " : "", sk_valtype_name(g->type));
}

/* The type of entry `idx` of an index space, for exports. */
static void print_export_type(const sk_module *m, const sk_export *e)
{
    switch (e->kind) {
    case SK_EXTERN_FUNC:
        if (e->index < m->nfuncs) print_functype(m, m->funcs[e->index].type_idx);
        break;
    case SK_EXTERN_TABLE:
        if (e->index < m->ntables) {
            printf("%s ", sk_valtype_name(m->tables[e->index].type.elem));
            print_limits(&m->tables[e->index].type.lim);
        }
        break;
    case SK_EXTERN_MEMORY:
        if (e->index < m->nmems) {
            print_limits(&m->mems[e->index].type.lim);
            printf(" pages");
        }
        break;
    case SK_EXTERN_GLOBAL:
        if (e->index < m->nglobals) print_globaltype(&m->globals[e->index].type);
        break;
    }
}

static void inspect_module(const char *path, const sk_module *m)
{
    printf("%s:\n", path);
    if (m->name) printf("  name: %s\n", m->name);
    printf("  types: %" PRIu32 "\n", m->ntypes);
    printf("  imports: %" PRIu32 "\n", m->nimports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const sk_import *imp = &m->imports[i];
        printf("    %-6s ", sk_externkind_name(imp->kind));
        print_name(imp->module, imp->module_len);
        putchar(' ');
        print_name(imp->name, imp->name_len);
        printf(": ");
        switch (imp->kind) {
        case SK_EXTERN_FUNC: print_functype(m, imp->desc.type_idx); break;
        case SK_EXTERN_TABLE:
            printf("%s ", sk_valtype_name(imp->desc.table.elem));
            print_limits(&imp->desc.table.lim);
            break;
        case SK_EXTERN_MEMORY:
            print_limits(&imp->desc.mem.lim);
            printf(" pages");
            break;
        case SK_EXTERN_GLOBAL: print_globaltype(&imp->desc.global); break;
        }
        putchar('\n');
    }
    printf("  exports: %" PRIu32 "\n", m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        const sk_export *e = &m->exports[i];
        printf("    %-6s ", sk_externkind_name(e->kind));
        print_name(e->name, e->name_len);
        printf(" = %s %" PRIu32 ": ", sk_externkind_name(e->kind), e->index);
        print_export_type(m, e);
        putchar('\n');
    }
    printf("  functions: %" PRIu32 " (%" PRIu32 " imported, %" PRIu32 " defined)\n", m->nfuncs, m->nimported_funcs,
           m->nfuncs - m->nimported_funcs);
    printf("  tables: %" PRIu32 "\n", m->ntables);
    for (uint32_t i = 0; i < m->ntables; i++) {
        printf("    table %" PRIu32 ": %s ", i, sk_valtype_name(m->tables[i].type.elem));
        print_limits(&m->tables[i].type.lim);
        printf("%s\n", m->tables[i].imported ? " (imported)" : "");
    }
    printf("  memories: %" PRIu32 "\n", m->nmems);
    for (uint32_t i = 0; i < m->nmems; i++) {
        printf("    memory %" PRIu32 ": ", i);
        print_limits(&m->mems[i].type.lim);
        printf(" pages%s\n", m->mems[i].imported ? " (imported)" : "");
    }
    printf("  globals: %" PRIu32 "\n", m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        printf("    global %" PRIu32 ": ", i);
        print_globaltype(&m->globals[i].type);
        printf("%s\n", m->globals[i].imported ? " (imported)" : "");
    }
    if (m->has_start) printf("  start: func %" PRIu32 "\n", m->start);
    printf("  element segments: %" PRIu32 "\n", m->nelems);
    printf("  data segments: %" PRIu32 "\n", m->ndatas);
    printf("  custom sections: %" PRIu32 "\n", m->ncustoms);
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        printf("    ");
        print_name(m->customs[i].name, m->customs[i].name_len);
        printf(" (%" PRIu32 " bytes)\n", m->customs[i].len);
    }
}

static void inspect_each(const char *path, sk_module *m, void *ctx)
{
    (void)ctx;
    inspect_module(path, m);
}

int sk_cli_inspect(int argc, char **argv)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || !a[1]) break;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            inspect_usage(stdout);
            return SK_EXIT_OK;
        }
        fprintf(stderr, "skiff inspect: unknown option %s\n", a);
        inspect_usage(stderr);
        return SK_EXIT_USAGE;
    }
    return sk_cli_each_module("inspect", argc, argv, i, inspect_usage, sk_cli_decode_module, inspect_each, NULL);
}
