/* test_decode.c: unit tests of the binary decoder (sk_decode) and signature interning. */
#include "common/common.h"
#include "decode/module.h"
#include "test.h"
#include <pthread.h>
#include <stdlib.h>

#include "builder.h"

static sk_error E;

static sk_module *dec(const buf *x)
{
    sk_error_clear(&E);
    return sk_decode(x->b, x->n, &E);
}

/* Decodes raw bytes, expecting failure with a message starting with `want`. */
static void expect_fail_raw(const uint8_t *p, size_t n, const char *want, int line)
{
    sk_error_clear(&E);
    sk_module *m = sk_decode(p, n, &E);
    CHECK_MSG(m == NULL, "line %d: decoded, expected \"%s\"", line, want);
    CHECK_MSG(strncmp(E.msg, want, strlen(want)) == 0, "line %d: got \"%s\", expected \"%s\"", line, E.msg, want);
    sk_module_free(m);
}
#define EXPECT_FAIL(x, want) expect_fail_raw((x)->b, (x)->n, want, __LINE__)
#define EXPECT_FAIL_BYTES(want, ...)                                         \
    do {                                                                     \
        static const uint8_t raw_[] = {__VA_ARGS__};                         \
        expect_fail_raw(raw_, sizeof raw_, want, __LINE__);                  \
    } while (0)
#define HDR 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00

/* ---- a module using every section ---- */
static void build_full(buf *x)
{
    buf c;
    header(x);
    /* custom section first: allowed anywhere */
    c.n = 0;
    put_str(&c, "hello");
    PUT(&c, 1, 2, 3);
    section(x, 0, &c);
    /* types: 0 = (i32 i64) -> (f32), 1 = () -> (), 2 = (i32 i64) -> (f32) again */
    c.n = 0;
    PUT(&c, 3, 0x60, 2, 0x7F, 0x7E, 1, 0x7D, 0x60, 0, 0, 0x60, 2, 0x7F, 0x7E, 1, 0x7D);
    section(x, 1, &c);
    /* imports: func, table, memory, global */
    c.n = 0;
    put_leb(&c, 4);
    put_str(&c, "env");
    put_str(&c, "f");
    PUT(&c, 0x00, 0x01);
    put_str(&c, "env");
    put_str(&c, "t");
    PUT(&c, 0x01, 0x70, 0x01, 0x02, 0x10);
    put_str(&c, "env");
    put_str(&c, "m");
    PUT(&c, 0x02, 0x00, 0x01);
    put_str(&c, "env");
    put_str(&c, "g");
    PUT(&c, 0x03, 0x7E, 0x01);
    section(x, 2, &c);
    /* functions: two defined, types 1 and 0 */
    c.n = 0;
    PUT(&c, 2, 1, 0);
    section(x, 3, &c);
    /* tables: externref, min 3 no max */
    c.n = 0;
    PUT(&c, 1, 0x6F, 0x00, 0x03);
    section(x, 4, &c);
    /* memory: min 1 max 2 */
    c.n = 0;
    PUT(&c, 1, 0x01, 0x01, 0x02);
    section(x, 5, &c);
    /* globals: (mut i32) = i32.const 42; f64 = f64.const 0 */
    c.n = 0;
    PUT(&c, 2, 0x7F, 0x01, 0x41, 42, 0x0B, 0x7C, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B);
    section(x, 6, &c);
    /* exports */
    c.n = 0;
    put_leb(&c, 2);
    put_str(&c, "run");
    PUT(&c, 0x00, 0x01);
    put_str(&c, "mem");
    PUT(&c, 0x02, 0x00);
    section(x, 7, &c);
    /* start = func 1 */
    c.n = 0;
    PUT(&c, 0x01);
    section(x, 8, &c);
    /* elements: one of each of the 8 encodings */
    c.n = 0;
    PUT(&c, 8,
        /* 0: active table 0, offset, vec(funcidx) */
        0x00, 0x41, 0x00, 0x0B, 2, 0, 1,
        /* 1: passive, elemkind, vec(funcidx) */
        0x01, 0x00, 1, 2,
        /* 2: active table 1, offset, elemkind, vec(funcidx) */
        0x02, 0x01, 0x41, 0x05, 0x0B, 0x00, 1, 0,
        /* 3: declarative, elemkind, vec(funcidx) */
        0x03, 0x00, 1, 1,
        /* 4: active table 0, offset, vec(expr) */
        0x04, 0x41, 0x01, 0x0B, 2, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B,
        /* 5: passive, reftype, vec(expr) */
        0x05, 0x6F, 1, 0xD0, 0x6F, 0x0B,
        /* 6: active table 1, offset, reftype, vec(expr) */
        0x06, 0x01, 0x41, 0x00, 0x0B, 0x6F, 0,
        /* 7: declarative, reftype, vec(expr) */
        0x07, 0x70, 1, 0xD2, 0x02, 0x0B);
    section(x, 9, &c);
    /* data count = 3 */
    c.n = 0;
    PUT(&c, 3);
    section(x, 12, &c);
    /* code: func 1 (type 1): locals 2 i32, 1 f64; body nop end.
     *       func 2 (type 0): no locals; body: block (if else end) end, i32.const, drop, ..., f32.const, end */
    c.n = 0;
    PUT(&c, 2,
        /* body 0 */ 7, 2, 2, 0x7F, 1, 0x7C, 0x01, 0x0B,
        /* body 1 */ 16, 0, 0x02, 0x40, 0x41, 1, 0x04, 0x40, 0x05, 0x0B, 0x0B, 0x43, 0, 0, 0x80, 0x3F, 0x0B);
    section(x, 10, &c);
    /* data: active mem 0, passive, active explicit mem 0 */
    c.n = 0;
    PUT(&c, 3, 0x00, 0x41, 0x08, 0x0B, 2, 'h', 'i', 0x01, 3, 'a', 'b', 'c', 0x02, 0x00, 0x41, 0x00, 0x0B, 0);
    section(x, 11, &c);
    /* name section: module name, function names */
    c.n = 0;
    put_str(&c, "name");
    {
        buf sub = {.n = 0};
        put_str(&sub, "modname");
        put_u8(&c, 0);
        put_leb(&c, sub.n);
        put(&c, sub.b, sub.n);
        sub.n = 0;
        put_leb(&sub, 2);
        put_leb(&sub, 0);
        put_str(&sub, "imported_f");
        put_leb(&sub, 2);
        put_str(&sub, "second");
        put_u8(&c, 1);
        put_leb(&c, sub.n);
        put(&c, sub.b, sub.n);
    }
    section(x, 0, &c);
}

static void test_full_module(void)
{
    buf x;
    build_full(&x);
    sk_module *m = dec(&x);
    CHECK_MSG(m != NULL, "full module: %s", E.msg);
    if (!m) return;
    CHECK(m->len == x.n && memcmp(m->bytes, x.b, x.n) == 0 && m->bytes != x.b);
    /* types and interning */
    CHECK(m->ntypes == 3);
    CHECK(m->types[0].nparams == 2 && m->types[0].params[0] == SK_I32 && m->types[0].params[1] == SK_I64);
    CHECK(m->types[0].nresults == 1 && m->types[0].results[0] == SK_F32);
    CHECK(m->types[1].nparams == 0 && m->types[1].nresults == 0);
    CHECK(m->types[0].sig_id == m->types[2].sig_id);
    CHECK(m->types[0].sig_id != m->types[1].sig_id);
    /* imports */
    CHECK(m->nimports == 4);
    CHECK(m->imports[0].kind == SK_EXTERN_FUNC && m->imports[0].desc.type_idx == 1);
    CHECK(strcmp(m->imports[0].module, "env") == 0 && m->imports[0].module_len == 3);
    CHECK(strcmp(m->imports[0].name, "f") == 0 && m->imports[0].name_len == 1);
    CHECK(m->imports[1].kind == SK_EXTERN_TABLE && m->imports[1].desc.table.elem == SK_FUNCREF);
    CHECK(m->imports[1].desc.table.lim.min == 2 && m->imports[1].desc.table.lim.has_max &&
          m->imports[1].desc.table.lim.max == 16);
    CHECK(m->imports[2].kind == SK_EXTERN_MEMORY && m->imports[2].desc.mem.lim.min == 1 &&
          !m->imports[2].desc.mem.lim.has_max);
    CHECK(m->imports[3].kind == SK_EXTERN_GLOBAL && m->imports[3].desc.global.type == SK_I64 &&
          m->imports[3].desc.global.mut);
    /* index spaces: imports first */
    CHECK(m->nfuncs == 3 && m->nimported_funcs == 1);
    CHECK(m->funcs[0].imported && m->funcs[0].import_idx == 0 && m->funcs[0].type_idx == 1);
    CHECK(!m->funcs[1].imported && m->funcs[1].type_idx == 1 && !m->funcs[2].imported && m->funcs[2].type_idx == 0);
    CHECK(m->ntables == 2 && m->nimported_tables == 1 && m->tables[0].imported && !m->tables[1].imported);
    CHECK(m->tables[1].type.elem == SK_EXTERNREF && m->tables[1].type.lim.min == 3 && !m->tables[1].type.lim.has_max);
    CHECK(m->nmems == 2 && m->nimported_mems == 1);
    CHECK(m->mems[1].type.lim.min == 1 && m->mems[1].type.lim.has_max && m->mems[1].type.lim.max == 2);
    CHECK(m->nglobals == 3 && m->nimported_globals == 1 && m->globals[0].imported);
    CHECK(m->globals[1].type.type == SK_I32 && m->globals[1].type.mut);
    CHECK(m->globals[1].init.len == 3 && m->globals[1].init.code[0] == 0x41 && m->globals[1].init.code[1] == 42);
    CHECK(m->globals[1].init.code == m->bytes + m->globals[1].init.offset);
    CHECK(m->globals[2].type.type == SK_F64 && !m->globals[2].type.mut && m->globals[2].init.len == 10);
    /* exports, start */
    CHECK(m->nexports == 2 && strcmp(m->exports[0].name, "run") == 0 && m->exports[0].kind == SK_EXTERN_FUNC &&
          m->exports[0].index == 1);
    CHECK(strcmp(m->exports[1].name, "mem") == 0 && m->exports[1].kind == SK_EXTERN_MEMORY);
    CHECK(m->has_start && m->start == 1);
    /* elements */
    CHECK(m->nelems == 8);
    if (m->nelems == 8) {
        sk_elemseg *e = m->elems;
        CHECK(e[0].mode == SK_SEG_ACTIVE && e[0].table_idx == 0 && e[0].type == SK_FUNCREF && e[0].count == 2 &&
              e[0].func_indices && !e[0].exprs && e[0].func_indices[1] == 1 && e[0].offset.len == 3);
        CHECK(e[1].mode == SK_SEG_PASSIVE && e[1].count == 1 && e[1].func_indices[0] == 2);
        CHECK(e[2].mode == SK_SEG_ACTIVE && e[2].table_idx == 1 && e[2].offset.code[1] == 5 && e[2].count == 1);
        CHECK(e[3].mode == SK_SEG_DECLARATIVE && e[3].count == 1 && e[3].func_indices[0] == 1);
        CHECK(e[4].mode == SK_SEG_ACTIVE && e[4].type == SK_FUNCREF && e[4].count == 2 && e[4].exprs &&
              !e[4].func_indices && e[4].exprs[0].len == 3 && e[4].exprs[1].code[0] == 0xD0);
        CHECK(e[5].mode == SK_SEG_PASSIVE && e[5].type == SK_EXTERNREF && e[5].count == 1);
        CHECK(e[6].mode == SK_SEG_ACTIVE && e[6].table_idx == 1 && e[6].type == SK_EXTERNREF && e[6].count == 0);
        CHECK(e[7].mode == SK_SEG_DECLARATIVE && e[7].type == SK_FUNCREF && e[7].count == 1);
    }
    /* code */
    CHECK(m->funcs[1].nlocals == 3 && m->funcs[1].locals[0] == SK_I32 && m->funcs[1].locals[1] == SK_I32 &&
          m->funcs[1].locals[2] == SK_F64);
    CHECK(m->funcs[1].body_len == 2 && m->funcs[1].body[0] == 0x01 && m->funcs[1].body[1] == 0x0B);
    CHECK(m->funcs[1].body == m->bytes + m->funcs[1].body_offset);
    CHECK(m->funcs[2].nlocals == 0 && m->funcs[2].body_len == 15 && m->funcs[2].body[14] == 0x0B);
    /* data */
    CHECK(m->has_data_count && m->data_count == 3 && m->ndatas == 3);
    CHECK(m->datas[0].mode == SK_SEG_ACTIVE && m->datas[0].mem_idx == 0 && m->datas[0].len == 2 &&
          memcmp(m->datas[0].data, "hi", 2) == 0 && m->datas[0].offset.code[1] == 8);
    CHECK(m->datas[1].mode == SK_SEG_PASSIVE && m->datas[1].len == 3 && memcmp(m->datas[1].data, "abc", 3) == 0);
    CHECK(m->datas[2].mode == SK_SEG_ACTIVE && m->datas[2].len == 0);
    /* customs and names */
    CHECK(m->ncustoms == 2 && strcmp(m->customs[0].name, "hello") == 0 && m->customs[0].len == 3 &&
          m->customs[0].data[2] == 3);
    CHECK(m->ncustoms == 2 && strcmp(m->customs[1].name, "name") == 0);
    CHECK(m->name && strcmp(m->name, "modname") == 0);
    CHECK(sk_module_func_name(m, 0) && strcmp(sk_module_func_name(m, 0), "imported_f") == 0);
    CHECK(sk_module_func_name(m, 1) == NULL);
    CHECK(sk_module_func_name(m, 2) && strcmp(sk_module_func_name(m, 2), "second") == 0);
    CHECK(sk_module_func_name(m, 3) == NULL && sk_module_func_name(NULL, 0) == NULL);
    sk_module_free(m);
}

/* Every strict prefix of the full module either fails cleanly or (at a section
 * boundary after the code and data) decodes; none crashes. */
static void test_truncations(void)
{
    buf x;
    build_full(&x);
    int fails = 0;
    size_t last_ok = 0;
    for (size_t n = 0; n < x.n; n++) {
        sk_error_clear(&E);
        sk_module *m = sk_decode(x.b, n, &E);
        if (!m) {
            fails++;
            CHECK_MSG(E.msg[0] != 0, "prefix %zu: no message", n);
        } else {
            last_ok = n;
        }
        sk_module_free(m);
    }
    /* Exactly 5 prefixes are complete modules: the header alone and the ends of the
     * first custom, type, import sections (no functions declared yet), and the end
     * of the data section (everything but the trailing name section). */
    CHECK_MSG(fails == (int)x.n - 5, "%d of %zu prefixes failed", fails, x.n);
    CHECK(last_ok == x.n - 40); /* the name section takes 40 bytes */
}

/* Every single-byte mutation: no crash, no leak, and errors carry a message. */
static void test_mutations(void)
{
    buf x;
    build_full(&x);
    const uint8_t vals[] = {0x00, 0x01, 0x0B, 0x40, 0x60, 0x7F, 0x80, 0xFF};
    int ok = 1;
    for (size_t i = 0; i < x.n; i++) {
        for (size_t v = 0; v < sizeof vals; v++) {
            buf y = x;
            y.b[i] = vals[v];
            sk_error_clear(&E);
            sk_module *m = sk_decode(y.b, y.n, &E);
            if (!m && !E.msg[0]) ok = 0;
            sk_module_free(m);
        }
    }
    CHECK(ok);
}

/* Allocation failure at every point: a clean "out of memory" error, never a crash or leak. */
static void test_alloc_failures(void)
{
    buf x;
    build_full(&x);
    int oom = 0, succeeded = 0;
    for (long k = 0; k < 200; k++) {
        sk_alloc_fail_after(k);
        sk_error_clear(&E);
        sk_module *m = sk_decode(x.b, x.n, &E);
        sk_alloc_fail_after(-1);
        if (m) {
            succeeded++;
            sk_module_free(m);
        } else {
            CHECK_MSG(strcmp(E.msg, "out of memory") == 0, "k=%ld: %s", k, E.msg);
            oom++;
        }
    }
    CHECK(oom > 10 && succeeded > 0);
}

static void test_header(void)
{
    buf x;
    header(&x);
    sk_module *m = dec(&x);
    CHECK(m && m->ntypes == 0 && m->nfuncs == 0 && m->ncustoms == 0 && !m->has_start);
    sk_module_free(m);
    expect_fail_raw((const uint8_t *)"", 0, "unexpected end", __LINE__);
    EXPECT_FAIL_BYTES("unexpected end", 0x01);
    EXPECT_FAIL_BYTES("unexpected end", 0x00, 0x61, 0x73);
    EXPECT_FAIL_BYTES("unexpected end", 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00);
    EXPECT_FAIL_BYTES("magic header not detected", 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00);
    EXPECT_FAIL_BYTES("magic header not detected", 0xEF, 0xBB, 0xBF, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
    EXPECT_FAIL_BYTES("unknown binary version", 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00);
    EXPECT_FAIL_BYTES("unknown binary version", 0x00, 0x61, 0x73, 0x6D, 0x00, 0x00, 0x00, 0x01);
    /* error location */
    EXPECT_FAIL_BYTES("malformed section id", HDR, 0x0D, 0x00);
    CHECK(E.offset == 8);
}

static void test_sections(void)
{
    /* section ids and order */
    EXPECT_FAIL_BYTES("malformed section id", HDR, 0x0E, 0x01, 0x00);
    EXPECT_FAIL_BYTES("malformed section id", HDR, 0x7F, 0x00);
    EXPECT_FAIL_BYTES("unexpected content after last section", HDR, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00);
    EXPECT_FAIL_BYTES("unexpected content after last section", HDR, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00);
    /* data count goes before code; after code it is out of order */
    EXPECT_FAIL_BYTES("unexpected content after last section", HDR, 0x0A, 0x01, 0x00, 0x0C, 0x01, 0x00);
    {
        static const uint8_t ok[] = {HDR, 0x0C, 0x01, 0x00, 0x0A, 0x01, 0x00, 0x0B, 0x01, 0x00};
        sk_error_clear(&E);
        sk_module *m = sk_decode(ok, sizeof ok, &E);
        CHECK_MSG(m && m->has_data_count && m->data_count == 0, "%s", E.msg);
        sk_module_free(m);
    }
    /* custom sections anywhere, even between ordered ones */
    {
        static const uint8_t ok[] = {HDR, 0x00, 0x02, 0x01, 'a', 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00};
        sk_error_clear(&E);
        sk_module *m = sk_decode(ok, sizeof ok, &E);
        CHECK_MSG(m && m->ncustoms == 2 && m->customs[1].name_len == 0 && m->customs[0].len == 0, "%s", E.msg);
        sk_module_free(m);
    }
    /* sizes */
    EXPECT_FAIL_BYTES("section size mismatch", HDR, 0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00);
    EXPECT_FAIL_BYTES("length out of bounds", HDR, 0x01, 0x07, 0x02, 0x60, 0x00, 0x00);
    EXPECT_FAIL_BYTES("length out of bounds", HDR, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x01);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x00);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x00, 0x00);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00);
    EXPECT_FAIL_BYTES("unexpected end of section or function", HDR, 0x04, 0x01, 0x01);
    EXPECT_FAIL_BYTES("unexpected end of section or function", HDR, 0x06, 0x06, 0x02, 0x7F, 0x00, 0x41, 0x00, 0x0B);
    EXPECT_FAIL_BYTES("integer representation too long", HDR, 0x01, 0x85, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x60,
                      0x00, 0x00);
    EXPECT_FAIL_BYTES("integer too large", HDR, 0x01, 0x85, 0x80, 0x80, 0x80, 0x70, 0x01, 0x60, 0x00, 0x00);
    /* a huge vector count must not allocate, just run out */
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x02, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x0B, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x03, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x04, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x01, 0x06, 0x01, 0x60, 0xFF, 0xFF, 0xFF, 0x0F);
}

static void test_entries(void)
{
    /* types */
    EXPECT_FAIL_BYTES("malformed function type", HDR, 0x01, 0x04, 0x01, 0x61, 0x00, 0x00);
    EXPECT_FAIL_BYTES("integer representation too long", HDR, 0x01, 0x05, 0x01, 0xE0, 0x7F, 0x00, 0x00);
    EXPECT_FAIL_BYTES("malformed value type", HDR, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7A, 0x00);
    EXPECT_FAIL_BYTES("malformed value type", HDR, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x40);
    /* imports */
    EXPECT_FAIL_BYTES("malformed import kind", HDR, 0x02, 0x04, 0x01, 0x00, 0x00, 0x04);
    EXPECT_FAIL_BYTES("malformed import kind", HDR, 0x02, 0x05, 0x01, 0x00, 0x00, 0x80, 0x00);
    EXPECT_FAIL_BYTES("malformed reference type", HDR, 0x02, 0x07, 0x01, 0x00, 0x00, 0x01, 0x7F, 0x00, 0x00);
    EXPECT_FAIL_BYTES("malformed mutability", HDR, 0x02, 0x06, 0x01, 0x00, 0x00, 0x03, 0x7F, 0x02);
    EXPECT_FAIL_BYTES("malformed UTF-8 encoding", HDR, 0x02, 0x07, 0x01, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00);
    EXPECT_FAIL_BYTES("malformed UTF-8 encoding", HDR, 0x02, 0x09, 0x01, 0x00, 0x03, 0xED, 0xA0, 0x80, 0x00, 0x00);
    EXPECT_FAIL_BYTES("length out of bounds", HDR, 0x02, 0x05, 0x01, 0x0A, 0x00, 0x00, 0x00);
    /* tables and limits */
    EXPECT_FAIL_BYTES("malformed reference type", HDR, 0x04, 0x04, 0x01, 0x7F, 0x00, 0x00);
    EXPECT_FAIL_BYTES("integer too large", HDR, 0x04, 0x03, 0x01, 0x70, 0x02);
    EXPECT_FAIL_BYTES("integer too large", HDR, 0x05, 0x03, 0x01, 0x08, 0x00);
    EXPECT_FAIL_BYTES("integer representation too long", HDR, 0x05, 0x05, 0x01, 0x81, 0x00, 0x00, 0x00);
    EXPECT_FAIL_BYTES("integer too large", HDR, 0x05, 0x07, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10);
    /* memory min/max are kept as u32 values */
    {
        static const uint8_t ok[] = {HDR, 0x05, 0x0C, 0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
        sk_error_clear(&E);
        sk_module *m = sk_decode(ok, sizeof ok, &E);
        CHECK_MSG(m && m->nmems == 1 && m->mems[0].type.lim.min == UINT32_MAX && m->mems[0].type.lim.max == UINT32_MAX,
                  "%s", E.msg);
        sk_module_free(m);
    }
    /* globals */
    EXPECT_FAIL_BYTES("malformed mutability", HDR, 0x06, 0x06, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B);
    EXPECT_FAIL_BYTES("malformed mutability", HDR, 0x06, 0x06, 0x01, 0x7F, 0xFF, 0x41, 0x00, 0x0B);
    /* constant expressions */
    EXPECT_FAIL_BYTES("illegal opcode", HDR, 0x06, 0x06, 0x01, 0x7F, 0x00, 0x41, 0x00, 0xFF);
    EXPECT_FAIL_BYTES("illegal opcode", HDR, 0x06, 0x05, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00,
                      0x0B);
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x06, 0x05, 0x01, 0x7F, 0x00, 0x41, 0x00);
    /* a block inside a constant expression is framed (the validator rejects it) */
    {
        static const uint8_t ok[] = {HDR, 0x06, 0x09, 0x01, 0x7F, 0x00, 0x02, 0x40, 0x0B, 0x41, 0x00, 0x0B};
        sk_error_clear(&E);
        sk_module *m = sk_decode(ok, sizeof ok, &E);
        CHECK_MSG(m && m->nglobals == 1 && m->globals[0].init.len == 6, "%s", E.msg);
        sk_module_free(m);
    }
    /* exports */
    EXPECT_FAIL_BYTES("malformed export kind", HDR, 0x07, 0x05, 0x01, 0x01, 'a', 0x04, 0x00);
    /* elements */
    EXPECT_FAIL_BYTES("malformed elements segment kind", HDR, 0x09, 0x02, 0x01, 0x08);
    EXPECT_FAIL_BYTES("malformed element kind", HDR, 0x09, 0x04, 0x01, 0x01, 0x01, 0x00);
    EXPECT_FAIL_BYTES("malformed reference type", HDR, 0x09, 0x04, 0x01, 0x05, 0x7F, 0x00);
    EXPECT_FAIL_BYTES("illegal opcode", HDR, 0x09, 0x07, 0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B);
    /* data */
    EXPECT_FAIL_BYTES("malformed data segment kind", HDR, 0x0B, 0x03, 0x01, 0x03, 0x00);
    EXPECT_FAIL_BYTES("unexpected end of section or function", HDR, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0B, 0x07, 0x02,
                      0x00, 0x41, 0x00, 0x0B, 0x01, 0x61);
    EXPECT_FAIL_BYTES("section size mismatch", HDR, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0B, 0x0C, 0x01, 0x00, 0x41, 0x00,
                      0x0B, 0x05, 'a', 'b', 'c', 'd', 'e', 'f');
    EXPECT_FAIL_BYTES("data count and data section have inconsistent lengths", HDR, 0x0C, 0x01, 0x02, 0x0B, 0x06,
                      0x01, 0x00, 0x41, 0x00, 0x0B, 0x00);
    EXPECT_FAIL_BYTES("data count and data section have inconsistent lengths", HDR, 0x0C, 0x01, 0x01);
    /* start */
    EXPECT_FAIL_BYTES("unexpected end", HDR, 0x08, 0x00);
}

#define TYPE_FUNC 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00

static void test_code(void)
{
    EXPECT_FAIL_BYTES("function and code section have inconsistent lengths", HDR, TYPE_FUNC);
    EXPECT_FAIL_BYTES("function and code section have inconsistent lengths", HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                      0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B);
    EXPECT_FAIL_BYTES("function and code section have inconsistent lengths", HDR, TYPE_FUNC, 0x0A, 0x07, 0x02, 0x02,
                      0x00, 0x0B, 0x02, 0x00, 0x0B);
    EXPECT_FAIL_BYTES("function and code section have inconsistent lengths", HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                      0x03, 0x03, 0x02, 0x00, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B);
    /* misplaced sections are reported before the count check */
    EXPECT_FAIL_BYTES("unexpected content after last section", HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03,
                      0x02, 0x00, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B);
    /* locals */
    EXPECT_FAIL_BYTES("integer too large", HDR, TYPE_FUNC, 0x0A, 0x0C, 0x01, 0x0A, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10,
                      0x7F, 0x02, 0x7E, 0x0B);
    EXPECT_FAIL_BYTES("too many locals", HDR, TYPE_FUNC, 0x0A, 0x0C, 0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
                      0x7F, 0x02, 0x7E, 0x0B);
    EXPECT_FAIL_BYTES("too many locals", HDR, TYPE_FUNC, 0x0A, 0x1C, 0x01, 0x1A, 0x04, 0x80, 0x80, 0x80, 0x80, 0x04,
                      0x7F, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7E, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7D, 0x80, 0x80, 0x80,
                      0x80, 0x04, 0x7C, 0x0B);
    EXPECT_FAIL_BYTES("malformed value type", HDR, TYPE_FUNC, 0x0A, 0x06, 0x01, 0x04, 0x01, 0x01, 0x40, 0x0B);
    {
        /* implementation limits: 2^24 locals in one function decode, 2^24 + 1 do not;
         * nor do 8 functions of 2^24 each (bounded memory for the whole module) */
        buf x, c;
        for (int variant = 0; variant < 3; variant++) {
            uint32_t nf = variant == 2 ? 8 : 1;
            uint32_t nl = variant == 1 ? (1u << 24) + 1 : 1u << 24;
            header(&x);
            c.n = 0;
            PUT(&c, 0x01, 0x60, 0x00, 0x00);
            section(&x, 1, &c);
            c.n = 0;
            put_leb(&c, nf);
            for (uint32_t i = 0; i < nf; i++) put_u8(&c, 0);
            section(&x, 3, &c);
            c.n = 0;
            put_leb(&c, nf);
            for (uint32_t i = 0; i < nf; i++) {
                buf body = {.n = 0};
                put_u8(&body, 1);
                put_leb(&body, nl);
                put_u8(&body, 0x7F);
                put_u8(&body, 0x0B);
                put_leb(&c, body.n);
                put(&c, body.b, body.n);
            }
            section(&x, 10, &c);
            if (variant == 0) {
                sk_module *m = dec(&x);
                CHECK_MSG(m && m->funcs[0].nlocals == (1u << 24) && m->funcs[0].locals[(1u << 24) - 1] == SK_I32,
                          "%s", E.msg);
                sk_module_free(m);
            } else {
                EXPECT_FAIL(&x, "too many locals");
            }
        }
    }
    {
        /* zero-count groups are fine */
        static const uint8_t ok[] = {HDR, TYPE_FUNC, 0x0A, 0x0A, 0x01, 0x08, 0x03, 0x00, 0x7F, 0x00, 0x7E, 0x02, 0x7D, 0x0B};
        sk_error_clear(&E);
        sk_module *m = sk_decode(ok, sizeof ok, &E);
        CHECK_MSG(m && m->funcs[0].nlocals == 2 && m->funcs[0].locals[1] == SK_F32 && m->funcs[0].body_len == 1,
                  "%s", E.msg);
        sk_module_free(m);
    }
    /* body framing */
    EXPECT_FAIL_BYTES("unexpected end of section or function", HDR, TYPE_FUNC, 0x0A, 0x06, 0x01, 0x04, 0x00, 0x41,
                      0x01, 0x1A);
    EXPECT_FAIL_BYTES("END opcode expected", HDR, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00,
                      0x0A, 0x0C, 0x02, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B);
    EXPECT_FAIL_BYTES("section size mismatch", HDR, TYPE_FUNC, 0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x0B,
                      0x03, 0x01, 0x01, 0x00);
    EXPECT_FAIL_BYTES("section size mismatch", HDR, TYPE_FUNC, 0x0A, 0x05, 0x01, 0x03, 0x00, 0x0B, 0x0B);
    EXPECT_FAIL_BYTES("END opcode expected", HDR, TYPE_FUNC, 0x0A, 0x08, 0x01, 0x06, 0x00, 0x02, 0x40, 0x05, 0x0B,
                      0x0B);
    EXPECT_FAIL_BYTES("END opcode expected", HDR, TYPE_FUNC, 0x0A, 0x0C, 0x01, 0x0A, 0x00, 0x41, 0x00, 0x04, 0x40,
                      0x05, 0x05, 0x0B, 0x0B, 0x0B);
    EXPECT_FAIL_BYTES("illegal opcode", HDR, TYPE_FUNC, 0x0A, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0B);
    EXPECT_FAIL_BYTES("illegal opcode", HDR, TYPE_FUNC, 0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC, 0x7F, 0x0B, 0x0B);
    EXPECT_FAIL_BYTES("zero byte expected", HDR, TYPE_FUNC, 0x05, 0x03, 0x01, 0x00, 0x00, 0x0A, 0x07, 0x01, 0x05,
                      0x00, 0x3F, 0x01, 0x1A, 0x0B);
    EXPECT_FAIL_BYTES("malformed memop flags", HDR, TYPE_FUNC, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0A, 0x0A, 0x01, 0x08,
                      0x00, 0x41, 0x00, 0x28, 0x20, 0x00, 0x1A, 0x0B);
    EXPECT_FAIL_BYTES("integer representation too long", HDR, TYPE_FUNC, 0x0A, 0x0D, 0x01, 0x0B, 0x00, 0x00, 0xFC,
                      0x87, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00, 0x0B);
    EXPECT_FAIL_BYTES("data count section required", HDR, TYPE_FUNC, 0x05, 0x03, 0x01, 0x00, 0x00, 0x0A, 0x07, 0x01,
                      0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B, 0x0B, 0x03, 0x01, 0x01, 0x00);
    {
        /* nested blocks, if/else, br_table, memarg, v128.const: framed to the declared end */
        static const uint8_t ok[] = {HDR, TYPE_FUNC, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0A, 0x30, 0x01, 0x2E, 0x00,
                                     0x02, 0x40, 0x03, 0x40, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B, 0x0B,
                                     0x41, 0x00, 0x0E, 0x02, 0x00, 0x00, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A,
                                     0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0x1A, 0x0B};
        sk_error_clear(&E);
        sk_module *m = sk_decode(ok, sizeof ok, &E);
        CHECK_MSG(m && m->funcs[0].body_len == 45, "%s", E.msg);
        sk_module_free(m);
    }
}

static void test_names(void)
{
    /* a malformed name section is ignored, the module still decodes */
    static const uint8_t bad[] = {HDR, TYPE_FUNC, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
                                  0x00, 0x0B, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x01, 0x00, 0x05, 'x'};
    sk_error_clear(&E);
    sk_module *m = sk_decode(bad, sizeof bad, &E);
    CHECK_MSG(m && m->funcs[0].name == NULL && m->ncustoms == 1, "%s", E.msg);
    sk_module_free(m);
    /* function index out of range: ignored too */
    static const uint8_t oob[] = {HDR, TYPE_FUNC, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
                                  0x00, 0x0E, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x02, 0x01, 'M', 0x01, 0x03, 0x01, 0x05, 0x00};
    sk_error_clear(&E);
    m = sk_decode(oob, sizeof oob, &E);
    CHECK_MSG(m && m->name == NULL && m->funcs[0].name == NULL, "%s", E.msg);
    sk_module_free(m);
    /* a good one, placed before the code section (names applied at the end) */
    static const uint8_t good[] = {HDR, TYPE_FUNC, 0x00, 0x0C, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x05, 0x01, 0x00, 0x02,
                                   'f', 'n', 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B};
    sk_error_clear(&E);
    m = sk_decode(good, sizeof good, &E);
    CHECK_MSG(m && m->funcs[0].name && strcmp(m->funcs[0].name, "fn") == 0, "%s", E.msg);
    sk_module_free(m);
    /* a custom section name must be valid UTF-8 */
    EXPECT_FAIL_BYTES("malformed UTF-8 encoding", HDR, 0x00, 0x02, 0x01, 0xFF);
    EXPECT_FAIL_BYTES("malformed UTF-8 encoding", HDR, 0x00, 0x03, 0x02, 0xC0, 0x80);
}

/* ---- signature interning ---- */
static void test_sig_basic(void)
{
    const uint8_t a[] = {SK_I32, SK_I64}, b[] = {SK_F32};
    uint32_t x = sk_sig_intern(a, 2, b, 1);
    uint32_t y = sk_sig_intern(a, 2, b, 1);
    uint32_t z = sk_sig_intern(a, 1, b, 1);
    uint32_t w = sk_sig_intern(b, 1, a, 2);
    uint32_t e1 = sk_sig_intern(NULL, 0, NULL, 0), e2 = sk_sig_intern(NULL, 0, NULL, 0);
    /* params/results boundary matters: (i32 i64)->() vs (i32)->(i64) */
    uint32_t p = sk_sig_intern(a, 2, NULL, 0), q = sk_sig_intern(a, 1, a + 1, 1);
    CHECK(x != UINT32_MAX && x == y && x != z && x != w && z != w);
    CHECK(e1 == e2 && e1 != x);
    CHECK(p != q);
}

#define SIG_THREADS 8
#define SIG_PER_THREAD 500
static uint32_t sig_ids[SIG_THREADS][SIG_PER_THREAD];

static void *sig_worker(void *arg)
{
    uint32_t t = (uint32_t)(uintptr_t)arg;
    for (uint32_t i = 0; i < SIG_PER_THREAD; i++) {
        /* the type is a function of i only: every thread interns the same set */
        uint8_t params[12];
        uint32_t np = 0;
        for (uint32_t v = i; np < 12; v /= 4) {
            params[np++] = (uint8_t)(SK_I32 - (v % 4));
            if (v < 4) break;
        }
        uint8_t res = (uint8_t)(i % 2 ? SK_I64 : SK_F64);
        sig_ids[t][i] = sk_sig_intern(params, np, &res, 1);
    }
    return NULL;
}

static void test_sig_threads(void)
{
    pthread_t th[SIG_THREADS];
    for (uintptr_t t = 0; t < SIG_THREADS; t++) pthread_create(&th[t], NULL, sig_worker, (void *)t);
    for (int t = 0; t < SIG_THREADS; t++) pthread_join(th[t], NULL);
    int same = 1, distinct = 1;
    for (int t = 1; t < SIG_THREADS; t++)
        for (int i = 0; i < SIG_PER_THREAD; i++)
            if (sig_ids[t][i] != sig_ids[0][i]) same = 0;
    /* structurally different types (different i give different encodings) get different ids */
    for (int i = 0; i < SIG_PER_THREAD; i++)
        for (int j = i + 1; j < SIG_PER_THREAD; j++)
            if (sig_ids[0][i] == sig_ids[0][j]) distinct = 0;
    CHECK(same);
    CHECK(distinct);
}

/* ---- the load pipeline: decode + validate + lower ---- */
static void test_load(void)
{
    /* (func (export "inc") (param i32) (result i32) local.get 0 i32.const 1 i32.add) */
    static const uint8_t ok[] = {HDR, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x03, 0x02, 0x01, 0x00,
                                 0x07, 0x07, 0x01, 0x03, 'i', 'n', 'c', 0x00, 0x00,
                                 0x0A, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B};
    sk_error_clear(&E);
    sk_module *m = sk_module_load(ok, sizeof ok, &E);
    CHECK_MSG(m && m->validated && m->funcs[0].code != NULL, "%s", E.msg);
    sk_module_free(m);
    /* the same with an i64 result on an i32 function: a validation error */
    static const uint8_t bad[] = {HDR, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x03, 0x02, 0x01, 0x00,
                                  0x0A, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0B};
    sk_error_clear(&E);
    m = sk_module_load(bad, sizeof bad, &E);
    CHECK_MSG(m == NULL && strncmp(E.msg, "type mismatch", 13) == 0, "%s", E.msg);
    sk_module_free(m);
    /* decode errors come through unchanged */
    sk_error_clear(&E);
    m = sk_module_load(bad, 10, &E);
    CHECK_MSG(m == NULL && strcmp(E.msg, "length out of bounds") == 0 && strcmp(E.where, "type section") == 0, "%s", E.msg);
    sk_module_free(m);
    /* allocation failure anywhere in the pipeline: clean error, no leak (ASan) */
    int oom = 0, loaded = 0;
    for (long k = 0; k < 400 && !loaded; k++) {
        sk_alloc_fail_after(k);
        sk_error_clear(&E);
        m = sk_module_load(ok, sizeof ok, &E);
        sk_alloc_fail_after(-1);
        if (m) loaded = 1;
        else if (E.msg[0]) oom++;
        else CHECK_MSG(0, "k=%ld: failed without a message", k);
        sk_module_free(m);
    }
    CHECK(loaded && oom > 3);
}

int main(void)
{
    test_header();
    test_sections();
    test_entries();
    test_code();
    test_names();
    test_full_module();
    test_truncations();
    test_mutations();
    test_alloc_failures();
    test_sig_basic();
    test_sig_threads();
    test_load();
    TEST_DONE("test_decode");
}
