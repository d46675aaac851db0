/* test_validate.c: unit tests of the validator (sk_validate, sk_read_blocktype) on hand-made modules. */
#include "common/common.h"
#include "common/reader.h"
#include "decode/module.h"
#include "validate/validate.h"
#include "test.h"
#include <stdlib.h>

#include "builder.h"

/* Value-type letters used by the builders: i I f F r(funcref) e(externref) V(v128). */
static uint8_t ty(char c)
{
    switch (c) {
    case 'i': return SK_I32;
    case 'I': return SK_I64;
    case 'f': return SK_F32;
    case 'F': return SK_F64;
    case 'r': return SK_FUNCREF;
    case 'e': return SK_EXTERNREF;
    case 'V': return SK_V128;
    }
    abort();
}
static void put_types(buf *x, const char *s)
{
    put_leb(x, strlen(s));
    for (; *s; s++) put_u8(x, ty(*s));
}
static void put_functype(buf *x, const char *params, const char *results)
{
    put_u8(x, 0x60);
    put_types(x, params);
    put_types(x, results);
}

/* ---- the function-body test module ----
 * types: 0 = the function's own type, 1 = []->[], 2 = [i32]->[i32], 3 = [i32 i32]->[i32 i32],
 *        4 = [i32]->[i32 i32]
 * funcs: 0 = the function under test, 1 = a helper of type 2 (i32 -> i32)
 * Optional parts are chosen by flags. */
enum {
    F_MEM = 1,         /* (memory 1) */
    F_TABLE = 2,       /* table 0: funcref (elements: func 1, active) */
    F_ETABLE = 4,      /* table 1 (or 0 without F_TABLE): externref */
    F_GLOBALS = 8,     /* global 0: immutable i32, global 1: mutable i64 */
    F_DATA = 16,       /* data count 1 and one passive data segment (needs no memory) */
    F_ELEMS = 32,      /* elem 0: passive funcref (func 1); elem 1: passive externref */
    F_DECLARE = 64,    /* a declarative elem segment naming func 1 */
    F_EXPORT_F1 = 128, /* export func 1 as "f1" (also declares it) */
};

static void build_func_module(buf *x, const char *params, const char *results, const char *locals, unsigned flags,
                              const uint8_t *code, size_t code_len)
{
    buf c;
    header(x);
    c.n = 0; /* types */
    put_leb(&c, 5);
    put_functype(&c, params, results);
    put_functype(&c, "", "");
    put_functype(&c, "i", "i");
    put_functype(&c, "ii", "ii");
    put_functype(&c, "i", "ii");
    section(x, 1, &c);
    c.n = 0; /* functions */
    PUT(&c, 2, 0, 2);
    section(x, 3, &c);
    if (flags & (F_TABLE | F_ETABLE)) {
        c.n = 0;
        put_leb(&c, ((flags & F_TABLE) ? 1 : 0) + ((flags & F_ETABLE) ? 1 : 0));
        if (flags & F_TABLE) PUT(&c, 0x70, 0x00, 0x02);
        if (flags & F_ETABLE) PUT(&c, 0x6F, 0x00, 0x02);
        section(x, 4, &c);
    }
    if (flags & F_MEM) {
        c.n = 0;
        PUT(&c, 1, 0x00, 0x01);
        section(x, 5, &c);
    }
    if (flags & F_GLOBALS) {
        c.n = 0;
        PUT(&c, 2, 0x7F, 0x00, 0x41, 0x07, 0x0B, 0x7E, 0x01, 0x42, 0x00, 0x0B);
        section(x, 6, &c);
    }
    if (flags & F_EXPORT_F1) {
        c.n = 0;
        put_leb(&c, 1);
        put_str(&c, "f1");
        PUT(&c, 0x00, 0x01);
        section(x, 7, &c);
    }
    unsigned nelem = ((flags & F_TABLE) ? 1 : 0) + ((flags & F_ELEMS) ? 2 : 0) + ((flags & F_DECLARE) ? 1 : 0);
    if (nelem) {
        c.n = 0;
        put_leb(&c, nelem);
        if (flags & F_TABLE) PUT(&c, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x01);         /* active, func 1 */
        if (flags & F_ELEMS) PUT(&c, 0x01, 0x00, 0x01, 0x01);                     /* passive funcref: func 1 */
        if (flags & F_ELEMS) PUT(&c, 0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B);         /* passive externref */
        if (flags & F_DECLARE) PUT(&c, 0x03, 0x00, 0x01, 0x01);                   /* declarative: func 1 */
        section(x, 9, &c);
    }
    if (flags & F_DATA) {
        c.n = 0;
        PUT(&c, 1);
        section(x, 12, &c);
    }
    c.n = 0; /* code */
    put_leb(&c, 2);
    buf f = {.n = 0};
    size_t nloc = strlen(locals);
    put_leb(&f, nloc);
    for (size_t i = 0; i < nloc; i++) {
        put_leb(&f, 1);
        put_u8(&f, ty(locals[i]));
    }
    put(&f, code, code_len);
    put_leb(&c, f.n);
    put(&c, f.b, f.n);
    PUT(&c, 4, 0x00, 0x20, 0x00, 0x0B); /* helper: local.get 0 */
    section(x, 10, &c);
    if (flags & F_DATA) {
        c.n = 0;
        PUT(&c, 1, 0x01, 0x02, 0xAA, 0xBB);
        section(x, 11, &c);
    }
}

static sk_error E;

/* Decodes and validates; returns true if valid. Leaves the error in E. */
static bool load(const buf *x, bool *decoded, bool *simd)
{
    sk_error_clear(&E);
    sk_module *m = sk_decode(x->b, x->n, &E);
    if (decoded) *decoded = m != NULL;
    bool ok = m && sk_validate(m, &E);
    if (simd) *simd = m && m->uses_simd;
    if (m && ok) {
        CHECK(m->validated);
    }
    sk_module_free(m);
    return ok;
}

static bool msg_has(const char *want) { return strstr(E.msg, want) != NULL; }

static void check_module(const buf *x, const char *want, int line)
{
    bool decoded;
    bool ok = load(x, &decoded, NULL);
    if (!want) {
        char fm[512];
        sk_error_format(&E, fm, sizeof fm);
        CHECK_MSG(ok, "line %d: expected valid, got: %s", line, fm);
        return;
    }
    CHECK_MSG(!ok, "line %d: accepted, expected \"%s\"", line, want);
    if (want[0] == '~') { /* the decoder may refuse first (malformed), with the same wording */
        want++;
        decoded = true;
    }
    CHECK_MSG(decoded, "line %d: decoder rejected (\"%s\"), expected validator \"%s\"", line, E.msg, want);
    CHECK_MSG(msg_has(want), "line %d: got \"%s\", expected \"%s\"", line, E.msg, want);
}

static void check_func(const char *params, const char *results, const char *locals, unsigned flags,
                       const uint8_t *code, size_t n, const char *want, int line)
{
    buf x;
    build_func_module(&x, params, results, locals, flags, code, n);
    check_module(&x, want, line);
}

#define CODE(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
/* FUNC_OK(params, results, locals, flags, instr bytes...) / FUNC_BAD(..., "message") */
#define FUNC_OK(p, r, l, fl, ...) check_func(p, r, l, fl, CODE(__VA_ARGS__), NULL, __LINE__)
#define FUNC_BAD(want, p, r, l, fl, ...) check_func(p, r, l, fl, CODE(__VA_ARGS__), want, __LINE__)

/* opcodes used below */
enum {
    UNREACHABLE = 0x00, NOP = 0x01, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0B, BR = 0x0C,
    BR_IF = 0x0D, BR_TABLE = 0x0E, RETURN = 0x0F, CALL = 0x10, CALL_INDIRECT = 0x11, DROP = 0x1A, SELECT = 0x1B,
    SELECT_T = 0x1C, LGET = 0x20, LSET = 0x21, LTEE = 0x22, GGET = 0x23, GSET = 0x24, TGET = 0x25, TSET = 0x26,
    I32LOAD = 0x28, I64LOAD = 0x29, I32STORE = 0x36, I32LOAD8 = 0x2C, MSIZE = 0x3F, MGROW = 0x40, I32C = 0x41,
    I64C = 0x42, F32C = 0x43, F64C = 0x44, I32EQZ = 0x45, I32ADD = 0x6A, I64ADD = 0x7C, F32ADD = 0x92,
    REFNULL = 0xD0, REFISNULL = 0xD1, REFFUNC = 0xD2, FC = 0xFC, EMPTY = 0x40, T_I32 = 0x7F, T_I64 = 0x7E,
    T_F32 = 0x7D, T_F64 = 0x7C, T_FUNCREF = 0x70, T_EXTERNREF = 0x6F,
};

static void test_basic_bodies(void)
{
    FUNC_OK("", "", "", 0, END);
    FUNC_OK("ii", "i", "", 0, LGET, 0, LGET, 1, I32ADD, END);
    FUNC_BAD("type mismatch", "iI", "i", "", 0, LGET, 0, LGET, 1, I32ADD, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, END);                     /* missing result */
    FUNC_BAD("type mismatch", "", "", "", 0, I32C, 1, END);             /* value left over */
    FUNC_BAD("type mismatch", "", "", "", 0, I32ADD, DROP, END);        /* empty stack */
    FUNC_BAD("type mismatch", "", "I", "", 0, I32C, 0, END);            /* wrong result */
    FUNC_OK("", "F", "", 0, F64C, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, END);
    FUNC_OK("", "f", "", 0, F32C, 0, 0, 0x80, 0x3F, F32C, 0, 0, 0, 0, F32ADD, END);
    FUNC_OK("", "I", "", 0, I64C, 0x7F, I64C, 1, I64ADD, END);
    /* locals */
    FUNC_OK("i", "I", "If", 0, LGET, 1, LGET, 0, LSET, 0, END);
    FUNC_BAD("unknown local", "i", "", "I", 0, LGET, 2, DROP, END);
    FUNC_BAD("type mismatch", "i", "", "I", 0, I32C, 0, LSET, 1, END);
    FUNC_OK("", "i", "i", 0, I32C, 3, LTEE, 0, END);
    FUNC_BAD("type mismatch", "", "I", "i", 0, I32C, 3, LTEE, 0, END);
    /* end of body */
    FUNC_BAD("~", "", "", "", 0, NOP); /* no final end: the decoder or validator must refuse */
    FUNC_BAD("~", "", "", "", 0, BLOCK, EMPTY, END);
    /* drop */
    FUNC_OK("", "", "", 0, I32C, 0, DROP, END);
    FUNC_BAD("type mismatch", "", "", "", 0, DROP, END);
}

static void test_blocks(void)
{
    FUNC_OK("", "i", "", 0, BLOCK, T_I32, I32C, 1, END, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, BLOCK, T_I32, END, END);
    FUNC_BAD("type mismatch", "", "", "", 0, BLOCK, EMPTY, I32C, 1, END, END);
    /* the outer stack is not visible inside a block */
    FUNC_BAD("type mismatch", "", "", "", 0, I32C, 1, BLOCK, EMPTY, DROP, END, END);
    /* multi-value: block type 3 = [i32 i32] -> [i32 i32] */
    FUNC_OK("", "ii", "", 0, I32C, 1, I32C, 2, BLOCK, 3, END, END);
}

static void test_blocks2(void)
{
    /* block type 4 = [i32] -> [i32 i32] */
    FUNC_OK("", "ii", "", 0, I32C, 1, BLOCK, 4, I32C, 2, END, END);
    FUNC_BAD("type mismatch", "", "ii", "", 0, BLOCK, 4, I32C, 2, END, END);   /* param missing */
    FUNC_BAD("unknown type", "", "", "", 0, BLOCK, 9, END, END);
    FUNC_OK("", "i", "", 0, I32C, 5, LOOP, 2, END, END);
    /* br to a loop carries the loop's params */
    FUNC_OK("", "i", "", 0, I32C, 5, LOOP, 2, BR, 0, END, END);
    FUNC_OK("", "i", "", 0, LOOP, T_I32, BR, 0, END, END); /* the loop label takes [] */
    FUNC_BAD("type mismatch", "", "i", "", 0, I32C, 1, LOOP, 2, DROP, BR, 0, END, END); /* ... or its params */
    FUNC_OK("", "", "", 0, LOOP, T_I32, BR, 0, END, DROP, END);
    /* if / else */
    FUNC_OK("", "i", "", 0, I32C, 1, IF, T_I32, I32C, 2, ELSE, I32C, 3, END, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, I32C, 1, IF, T_I32, I32C, 2, ELSE, END, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, I32C, 1, IF, T_I32, I32C, 2, END, END); /* no else */
    FUNC_BAD("type mismatch", "", "", "", 0, IF, EMPTY, END, END);                     /* no condition */
    FUNC_BAD("type mismatch", "", "", "", 0, I64C, 1, IF, EMPTY, END, END);            /* i64 condition */
    /* if without else whose params equal its results is fine: type 2 = [i32] -> [i32] */
    FUNC_OK("", "i", "", 0, I32C, 7, I32C, 1, IF, 2, END, END);
    FUNC_BAD("type mismatch", "", "ii", "", 0, I32C, 7, I32C, 1, IF, 4, I32C, 1, END, END);
    /* else branch sees the params again */
    FUNC_OK("", "i", "", 0, I32C, 7, I32C, 1, IF, 2, ELSE, DROP, I32C, 3, END, END);
}

static void test_polymorphic(void)
{
    FUNC_OK("", "i", "", 0, UNREACHABLE, END);
    FUNC_OK("", "i", "", 0, UNREACHABLE, I32ADD, END);
    FUNC_OK("", "", "", 0, UNREACHABLE, DROP, DROP, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, UNREACHABLE, I64C, 0, END);
    FUNC_BAD("type mismatch", "", "", "", 0, UNREACHABLE, I64C, 0, I32ADD, DROP, END);
    FUNC_OK("", "i", "", 0, BLOCK, T_I32, I32C, 1, BR, 0, I32ADD, END, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, BLOCK, T_I32, BR, 0, I32ADD, END, END);
    FUNC_OK("", "I", "", 0, I64C, 1, RETURN, I32C, 1, DROP, END);
    FUNC_BAD("type mismatch", "", "I", "", 0, RETURN, I32C, 1, DROP, END);
    FUNC_OK("", "", "", 0, UNREACHABLE, SELECT, DROP, END);
    FUNC_OK("", "i", "", 0, UNREACHABLE, I32C, 0, SELECT, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, UNREACHABLE, I64C, 0, I32C, 0, SELECT, END);
    FUNC_BAD("type mismatch", "", "", "", 0, UNREACHABLE, REFISNULL, END); /* i32 left */
    FUNC_OK("", "i", "", 0, UNREACHABLE, REFISNULL, END);
    /* unreachability ends with the block */
    FUNC_BAD("type mismatch", "", "", "", 0, BLOCK, EMPTY, UNREACHABLE, END, DROP, END);
    /* values pushed after unreachable still count */
    FUNC_BAD("type mismatch", "", "", "", 0, UNREACHABLE, I32C, 0, END);
}

static void test_branches(void)
{
    FUNC_OK("", "i", "", 0, I32C, 1, BR, 0, END);
    FUNC_BAD("unknown label", "", "", "", 0, BR, 1, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, BR, 0, END);
    FUNC_OK("", "i", "", 0, BLOCK, T_I32, I32C, 1, I32C, 0, BR_IF, 0, END, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, BLOCK, T_I32, I32C, 1, BR_IF, 0, END, END);
    FUNC_BAD("unknown label", "", "", "", 0, I32C, 0, BR_IF, 5, END);
    /* br_table: all targets need the same arity */
    FUNC_OK("i", "i", "", 0, BLOCK, T_I32, I32C, 3, LGET, 0, BR_TABLE, 1, 0, 1, END, END);
    FUNC_BAD("type mismatch", "i", "", "", 0, BLOCK, T_I32, I32C, 3, LGET, 0, BR_TABLE, 1, 0, 1, END, DROP, END);
    FUNC_BAD("unknown label", "i", "", "", 0, LGET, 0, BR_TABLE, 1, 0, 3, END);
    FUNC_BAD("unknown label", "i", "", "", 0, LGET, 0, BR_TABLE, 1, 4, 0, END);
    FUNC_BAD("type mismatch", "i", "", "", 0, BR_TABLE, 0, 0, END); /* no index */
    /* different label types (i32 block vs f32 block) with a value on the stack */
    FUNC_BAD("type mismatch", "i", "", "", 0, BLOCK, T_F32, BLOCK, T_I32, I32C, 0, LGET, 0, BR_TABLE, 1, 0, 1, END,
             DROP, F32C, 0, 0, 0, 0, END, DROP, END);
    /* polymorphic br_table: fine in unreachable code with matching arities */
    FUNC_OK("", "", "", 0, BLOCK, T_I32, UNREACHABLE, BR_TABLE, 1, 0, 0, END, DROP, END);
    /* as unreached-valid.wast: labels of different types, same arity, after unreachable */
    FUNC_OK("", "", "", 0, BLOCK, T_I32, BLOCK, T_F32, UNREACHABLE, BR_TABLE, 1, 0, 1, END, DROP, I32C, 0, END, DROP,
            END);
    FUNC_BAD("type mismatch", "", "", "", 0, BLOCK, EMPTY, BLOCK, T_F32, UNREACHABLE, BR_TABLE, 1, 0, 1, END, DROP,
             END, END);
    /* br_table over a loop label (params []) and a block label ([]) */
    FUNC_OK("i", "", "", 0, LOOP, EMPTY, LGET, 0, BR_TABLE, 2, 0, 1, 0, END, END);
    /* return */
    FUNC_OK("", "i", "", 0, BLOCK, EMPTY, I32C, 1, RETURN, END, I32C, 2, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, BLOCK, EMPTY, RETURN, END, I32C, 2, END);
}

static void test_calls(void)
{
    FUNC_OK("", "i", "", 0, I32C, 1, CALL, 1, END);
    FUNC_BAD("unknown function", "", "", "", 0, CALL, 5, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, I64C, 1, CALL, 1, END);
    FUNC_OK("", "i", "", F_TABLE, I32C, 1, I32C, 0, CALL_INDIRECT, 2, 0, END);
    FUNC_BAD("unknown table", "", "i", "", 0, I32C, 1, I32C, 0, CALL_INDIRECT, 2, 0, END);
    FUNC_BAD("unknown type", "", "", "", F_TABLE, I32C, 0, CALL_INDIRECT, 9, 0, END);
    FUNC_BAD("type mismatch", "", "i", "", F_ETABLE, I32C, 1, I32C, 0, CALL_INDIRECT, 2, 0, END);
    FUNC_BAD("type mismatch", "", "i", "", F_TABLE, I32C, 1, CALL_INDIRECT, 2, 0, END); /* no index */
}

static void test_select(void)
{
    FUNC_OK("", "i", "", 0, I32C, 1, I32C, 2, I32C, 0, SELECT, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, I32C, 1, I64C, 2, I32C, 0, SELECT, END);
    FUNC_BAD("type mismatch", "", "", "", 0, REFNULL, T_FUNCREF, REFNULL, T_FUNCREF, I32C, 0, SELECT, DROP, END);
    FUNC_OK("", "r", "", 0, REFNULL, T_FUNCREF, REFNULL, T_FUNCREF, I32C, 0, SELECT_T, 1, T_FUNCREF, END);
    FUNC_OK("", "I", "", 0, I64C, 1, I64C, 2, I32C, 0, SELECT_T, 1, T_I64, END);
    FUNC_BAD("type mismatch", "", "I", "", 0, I64C, 1, I32C, 2, I32C, 0, SELECT_T, 1, T_I64, END);
    FUNC_BAD("invalid result arity", "", "", "", 0, NOP, NOP, I32C, 1, SELECT_T, 0, END);
    FUNC_BAD("invalid result arity", "", "", "", 0, I32C, 0, I32C, 0, I32C, 1, SELECT_T, 2, T_I32, T_I32, END);
}

static void test_globals(void)
{
    FUNC_OK("", "i", "", F_GLOBALS, GGET, 0, END);
    FUNC_OK("", "", "", F_GLOBALS, I64C, 1, GSET, 1, END);
    FUNC_BAD("global is immutable", "", "", "", F_GLOBALS, I32C, 1, GSET, 0, END);
    FUNC_BAD("unknown global", "", "", "", F_GLOBALS, GGET, 2, DROP, END);
    FUNC_BAD("unknown global", "", "", "", 0, I32C, 0, GSET, 0, END);
    FUNC_BAD("type mismatch", "", "", "", F_GLOBALS, I32C, 1, GSET, 1, END);
}

static void test_memory(void)
{
    FUNC_OK("", "i", "", F_MEM, I32C, 0, I32LOAD, 2, 0, END);
    FUNC_OK("", "i", "", F_MEM, I32C, 0, I32LOAD8, 0, 5, END);
    FUNC_BAD("alignment must not be larger than natural", "", "i", "", F_MEM, I32C, 0, I32LOAD, 3, 0, END);
    FUNC_BAD("alignment must not be larger than natural", "", "i", "", F_MEM, I32C, 0, I32LOAD8, 1, 0, END);
    FUNC_OK("", "I", "", F_MEM, I32C, 0, I64LOAD, 3, 0, END);
    FUNC_BAD("unknown memory 0", "", "i", "", 0, I32C, 0, I32LOAD, 2, 0, END);
    FUNC_BAD("unknown memory", "", "i", "", 0, MSIZE, 0, END);
    FUNC_BAD("unknown memory", "", "i", "", 0, I32C, 1, MGROW, 0, END);
    FUNC_OK("", "i", "", F_MEM, I32C, 1, MGROW, 0, END);
    FUNC_BAD("type mismatch", "", "", "", F_MEM, I32C, 0, I64C, 0, I32STORE, 2, 0, END);
    FUNC_OK("", "", "", F_MEM, I32C, 0, I32C, 0, I32STORE, 2, 0, END);
    FUNC_BAD("~zero byte expected", "", "i", "", F_MEM, MSIZE, 1, END);
    /* bulk memory */
    FUNC_OK("", "", "", F_MEM, I32C, 0, I32C, 0, I32C, 0, FC, 10, 0, 0, END);
    FUNC_BAD("unknown memory 0", "", "", "", 0, I32C, 0, I32C, 0, I32C, 0, FC, 10, 0, 0, END);
    FUNC_OK("", "", "", F_MEM, I32C, 0, I32C, 0, I32C, 0, FC, 11, 0, END);
    FUNC_BAD("unknown memory 0", "", "", "", 0, I32C, 0, I32C, 0, I32C, 0, FC, 11, 0, END);
    FUNC_OK("", "", "", F_MEM | F_DATA, I32C, 0, I32C, 0, I32C, 0, FC, 8, 0, 0, END);
    FUNC_BAD("unknown data segment", "", "", "", F_MEM | F_DATA, I32C, 0, I32C, 0, I32C, 0, FC, 8, 1, 0, END);
    FUNC_BAD("unknown memory 0", "", "", "", F_DATA, I32C, 0, I32C, 0, I32C, 0, FC, 8, 0, 0, END);
    FUNC_OK("", "", "", F_DATA, FC, 9, 0, END);
    FUNC_BAD("unknown data segment", "", "", "", F_DATA, FC, 9, 1, END);
    FUNC_BAD("~data count section required", "", "", "", F_MEM, FC, 9, 0, END); /* decoder's or ours */
}

static void test_refs_tables(void)
{
    FUNC_OK("", "i", "", 0, REFNULL, T_EXTERNREF, REFISNULL, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, I32C, 0, REFISNULL, END);
    FUNC_OK("", "r", "", F_DECLARE, REFFUNC, 1, END);
    FUNC_OK("", "r", "", F_EXPORT_F1, REFFUNC, 1, END);
    FUNC_OK("", "r", "", F_TABLE, REFFUNC, 1, END); /* in an active elem segment */
    FUNC_OK("", "r", "", F_ELEMS, REFFUNC, 1, END); /* in a passive one */
    FUNC_BAD("undeclared function reference", "", "r", "", 0, REFFUNC, 1, END);
    FUNC_BAD("undeclared function reference", "", "r", "", F_DECLARE, REFFUNC, 0, END);
    FUNC_BAD("unknown function", "", "r", "", 0, REFFUNC, 7, END);
    FUNC_BAD("type mismatch", "", "e", "", F_DECLARE, REFFUNC, 1, END);
    /* table.get/set/size/grow/fill */
    FUNC_OK("", "r", "", F_TABLE, I32C, 0, TGET, 0, END);
    FUNC_OK("", "e", "", F_TABLE | F_ETABLE, I32C, 0, TGET, 1, END);
    FUNC_BAD("type mismatch", "", "r", "", F_TABLE | F_ETABLE, I32C, 0, TGET, 1, END);
    FUNC_BAD("unknown table", "", "r", "", 0, I32C, 0, TGET, 0, END);
    FUNC_OK("", "", "", F_ETABLE, I32C, 0, REFNULL, T_EXTERNREF, TSET, 0, END);
    FUNC_BAD("type mismatch", "", "", "", F_ETABLE, I32C, 0, REFNULL, T_FUNCREF, TSET, 0, END);
    FUNC_OK("", "i", "", F_TABLE, FC, 16, 0, END);
    FUNC_BAD("unknown table", "", "i", "", F_TABLE, FC, 16, 1, END);
    FUNC_OK("", "i", "", F_TABLE, REFNULL, T_FUNCREF, I32C, 1, FC, 15, 0, END);
    FUNC_BAD("type mismatch", "", "i", "", F_TABLE, I32C, 1, REFNULL, T_FUNCREF, FC, 15, 0, END);
    FUNC_OK("", "", "", F_ETABLE, I32C, 0, REFNULL, T_EXTERNREF, I32C, 1, FC, 17, 0, END);
    FUNC_BAD("type mismatch", "", "", "", F_ETABLE, I32C, 0, REFNULL, T_FUNCREF, I32C, 1, FC, 17, 0, END);
    /* table.init / elem.drop / table.copy */
    FUNC_OK("", "", "", F_TABLE | F_ELEMS, I32C, 0, I32C, 0, I32C, 0, FC, 12, 1, 0, END);
    FUNC_BAD("type mismatch", "", "", "", F_TABLE | F_ELEMS, I32C, 0, I32C, 0, I32C, 0, FC, 12, 2, 0, END);
    FUNC_BAD("unknown elem segment 4", "", "", "", F_TABLE | F_ELEMS, I32C, 0, I32C, 0, I32C, 0, FC, 12, 4, 0, END);
    FUNC_BAD("unknown table 0", "", "", "", F_ELEMS, I32C, 0, I32C, 0, I32C, 0, FC, 12, 4, 0, END);
    FUNC_OK("", "", "", F_ELEMS, FC, 13, 1, END);
    FUNC_BAD("unknown elem segment", "", "", "", F_ELEMS, FC, 13, 3, END);
    FUNC_OK("", "", "", F_TABLE, I32C, 0, I32C, 0, I32C, 0, FC, 14, 0, 0, END);
    FUNC_BAD("type mismatch", "", "", "", F_TABLE | F_ETABLE, I32C, 0, I32C, 0, I32C, 0, FC, 14, 0, 1, END);
    FUNC_BAD("unknown table", "", "", "", F_TABLE, I32C, 0, I32C, 0, I32C, 0, FC, 14, 0, 1, END);
}

static void test_simd_and_opcodes(void)
{
    bool decoded, simd;
    buf x;
    /* SIMD validates and is recorded in m->uses_simd: a v128 local, parameter, v128.const, block type */
    build_func_module(&x, "", "", "V", 0, CODE(END));
    CHECK_MSG(load(&x, &decoded, &simd) && simd, "got %s", E.msg);
    build_func_module(&x, "V", "", "", 0, CODE(END));
    CHECK_MSG(load(&x, &decoded, &simd) && simd, "got %s", E.msg);
    build_func_module(&x, "", "", "", 0, CODE(0xFD, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, DROP, END));
    CHECK_MSG(load(&x, &decoded, &simd) && simd, "got %s", E.msg);
    build_func_module(&x, "", "", "", 0, CODE(BLOCK, 0x7B, UNREACHABLE, END, DROP, END));
    CHECK_MSG(load(&x, &decoded, &simd) && simd, "got %s", E.msg);
    build_func_module(&x, "", "i", "", 0, CODE(I32C, 0, END));
    CHECK(load(&x, &decoded, &simd) && !simd);
#define V128C 0xFD, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    /* lane indices: below the shape's lane count */
    FUNC_OK("", "i", "", 0, V128C, 0xFD, 0x1B, 3, END);                        /* i32x4.extract_lane 3 */
    FUNC_BAD("invalid lane index", "", "i", "", 0, V128C, 0xFD, 0x1B, 4, END); /* i32x4.extract_lane 4 */
    FUNC_OK("", "i", "", 0, V128C, 0xFD, 0x15, 15, END);                       /* i8x16.extract_lane_s 15 */
    FUNC_BAD("invalid lane index", "", "i", "", 0, V128C, 0xFD, 0x16, 16, END);
    FUNC_BAD("invalid lane index", "", "V", "", 0, V128C, 0x42, 0, 0xFD, 0x1E, 2, END); /* i64x2.replace_lane 2 */
    /* shuffle: every index below 32 */
    FUNC_OK("", "V", "", 0, V128C, V128C, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31, END);
    FUNC_BAD("invalid lane index", "", "V", "", 0, V128C, V128C, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
             12, 13, 14, 32, END);
    /* memory access: natural alignment, lane index of the lane loads, a memory */
    FUNC_OK("", "V", "", F_MEM, I32C, 0, 0xFD, 0x00, 4, 0, END);                /* v128.load align=16 */
    FUNC_BAD("alignment must not be larger than natural", "", "V", "", F_MEM, I32C, 0, 0xFD, 0x00, 5, 0, END);
    FUNC_BAD("alignment must not be larger than natural", "", "V", "", F_MEM, I32C, 0, 0xFD, 0x07, 1, 0, END);
    FUNC_BAD("unknown memory", "", "V", "", 0, I32C, 0, 0xFD, 0x00, 4, 0, END);
    FUNC_OK("", "V", "", F_MEM, I32C, 0, V128C, 0xFD, 0x55, 1, 0, 7, END);       /* v128.load16_lane 7 */
    FUNC_BAD("invalid lane index", "", "V", "", F_MEM, I32C, 0, V128C, 0xFD, 0x55, 1, 0, 8, END);
    FUNC_BAD("alignment must not be larger than natural", "", "", "", F_MEM, I32C, 0, V128C, 0xFD, 0x5A, 3, 0, 0,
             END); /* v128.store32_lane align=8 */
    /* operand types come from the signature (two-byte sub-opcode: i32x4.add is 0xAE) */
    FUNC_OK("", "V", "", 0, V128C, V128C, 0xFD, 0xAE, 0x01, END);
    FUNC_BAD("type mismatch", "", "V", "", 0, V128C, I32C, 0, 0xFD, 0xAE, 0x01, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, V128C, V128C, 0xFD, 0xAE, 0x01, END);
    FUNC_OK("", "V", "V", 0, 0x20, 0, 0x20, 0, I32C, 1, 0x1B, END); /* untyped select of v128 */
    FUNC_BAD("~illegal opcode", "", "", "", 0, 0xFD, 0x9A, 0x01, END); /* unassigned SIMD opcode */
    /* illegal opcodes: the decoder or the validator refuses them */
    FUNC_BAD("~illegal opcode", "", "", "", 0, 0x06, END);
    FUNC_BAD("~illegal opcode", "", "", "", 0, FC, 0x7F, END);
    /* sign extension and saturating truncation come from the opcode table */
    FUNC_OK("", "i", "", 0, I32C, 1, 0xC0, END);
    FUNC_OK("", "I", "", 0, F32C, 0, 0, 0, 0, FC, 5, END);
    FUNC_BAD("type mismatch", "", "i", "", 0, F32C, 0, 0, 0, 0, FC, 5, END);
}

/* Runs sk_validate directly on decoded modules to check error positions. */
static void test_error_location(void)
{
    buf x;
    build_func_module(&x, "", "", "", 0, CODE(NOP, NOP, I32C, 0, I64C, 0, I32ADD, DROP, END));
    sk_error_clear(&E);
    sk_module *m = sk_decode(x.b, x.n, &E);
    CHECK(m != NULL);
    if (!m) return;
    CHECK(!sk_validate(m, &E));
    CHECK(msg_has("type mismatch"));
    /* the offending i32.add is the 7th byte of the body */
    CHECK_MSG(E.offset == (int64_t)m->funcs[0].body_offset + 6, "offset %lld, body at %u", (long long)E.offset,
              m->funcs[0].body_offset);
    CHECK_MSG(strcmp(E.where, "function 0") == 0, "where = \"%s\"", E.where);
    /* the second function (the helper) is fine; a fresh error for a valid run */
    sk_module_free(m);
}

static void test_blocktype_reader(void)
{
    buf x;
    build_func_module(&x, "", "", "", 0, CODE(END));
    sk_error_clear(&E);
    sk_module *m = sk_decode(x.b, x.n, &E);
    CHECK(m != NULL);
    if (!m) return;
    static const uint8_t bytes[] = {0x40, 0x7F, 0x6F, 0x03, 0x09, 0x60, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    sk_reader r = sk_reader_make(bytes, bytes, bytes + sizeof bytes, &E);
    sk_blocktype bt;
    CHECK(sk_read_blocktype(m, &r, &bt) && bt.nparams == 0 && bt.nresults == 0);
    CHECK(sk_read_blocktype(m, &r, &bt) && bt.nparams == 0 && bt.nresults == 1 && bt.results[0] == SK_I32);
    CHECK(sk_read_blocktype(m, &r, &bt) && bt.nresults == 1 && bt.results[0] == SK_EXTERNREF);
    CHECK(sk_read_blocktype(m, &r, &bt) && bt.nparams == 2 && bt.nresults == 2 && bt.params[1] == SK_I32);
    CHECK(!sk_read_blocktype(m, &r, &bt) && msg_has("unknown type"));
    sk_error_clear(&E);
    r.p = bytes + 5;
    CHECK(!sk_read_blocktype(m, &r, &bt) && msg_has("malformed value type"));
    sk_error_clear(&E);
    r.p = bytes + 6; /* an over-long s33 */
    CHECK(!sk_read_blocktype(m, &r, &bt) && (msg_has("integer representation too long") || msg_has("integer too large")));
    sk_error_clear(&E);
    r.p = r.end;
    CHECK(!sk_read_blocktype(m, &r, &bt) && msg_has("unexpected end"));
    sk_module_free(m);
}

/* ---- module-level rules ---- */

static void test_module_level(void)
{
    buf x, c;
    /* multiple memories */
    header(&x);
    c.n = 0;
    PUT(&c, 2, 0x00, 0x01, 0x00, 0x01);
    section(&x, 5, &c);
    check_module(&x, "multiple memories", __LINE__);
    CHECK_MSG(strcmp(E.where, "memory section") == 0, "where = \"%s\"", E.where);
    /* imported + defined memory */
    header(&x);
    c.n = 0;
    put_leb(&c, 1);
    put_str(&c, "m");
    put_str(&c, "mem");
    PUT(&c, 0x02, 0x00, 0x01);
    section(&x, 2, &c);
    c.n = 0;
    PUT(&c, 1, 0x00, 0x01);
    section(&x, 5, &c);
    check_module(&x, "multiple memories", __LINE__);
    /* memory limits */
    header(&x);
    c.n = 0;
    PUT(&c, 1, 0x00, 0x81, 0x80, 0x04); /* min 65537 */
    section(&x, 5, &c);
    check_module(&x, "memory size must be at most 65536 pages (4GiB)", __LINE__);
    header(&x);
    c.n = 0;
    PUT(&c, 1, 0x01, 0x00, 0x81, 0x80, 0x04); /* max 65537 */
    section(&x, 5, &c);
    check_module(&x, "memory size must be at most 65536 pages (4GiB)", __LINE__);
    header(&x);
    c.n = 0;
    PUT(&c, 1, 0x01, 0x80, 0x80, 0x04, 0x80, 0x80, 0x04); /* 65536..65536 is fine */
    section(&x, 5, &c);
    check_module(&x, NULL, __LINE__);
    header(&x);
    c.n = 0;
    PUT(&c, 1, 0x01, 0x02, 0x01);
    section(&x, 5, &c);
    check_module(&x, "size minimum must not be greater than maximum", __LINE__);
    /* table limits */
    header(&x);
    c.n = 0;
    PUT(&c, 1, 0x70, 0x01, 0x03, 0x02);
    section(&x, 4, &c);
    check_module(&x, "size minimum must not be greater than maximum", __LINE__);
    header(&x);
    c.n = 0;
    PUT(&c, 2, 0x70, 0x00, 0x03, 0x6F, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F); /* several tables are fine */
    section(&x, 4, &c);
    check_module(&x, NULL, __LINE__);
    /* imported function with an unknown type */
    header(&x);
    c.n = 0;
    put_leb(&c, 1);
    put_str(&c, "m");
    put_str(&c, "f");
    PUT(&c, 0x00, 0x03);
    section(&x, 2, &c);
    check_module(&x, "unknown type", __LINE__);
}

/* Builds: type 0 = []->[], type 1 = [i32]->[]; func 0 (type given); optional extra sections. */
static void mod_with_func(buf *x, uint8_t functype)
{
    buf c;
    header(x);
    c.n = 0;
    put_leb(&c, 2);
    put_functype(&c, "", "");
    put_functype(&c, "i", "");
    section(x, 1, &c);
    c.n = 0;
    put_u8(&c, 1);
    put_u8(&c, functype);
    section(x, 3, &c);
}
static void code_section(buf *x)
{
    buf c = {.n = 0};
    PUT(&c, 1, 2, 0, 0x0B);
    section(x, 10, &c);
}

static void test_exports_start(void)
{
    buf x, c;
    /* duplicate export names */
    mod_with_func(&x, 0);
    c.n = 0;
    put_leb(&c, 3);
    put_str(&c, "a");
    PUT(&c, 0x00, 0x00);
    put_str(&c, "b");
    PUT(&c, 0x00, 0x00);
    put_str(&c, "a");
    PUT(&c, 0x00, 0x00);
    section(&x, 7, &c);
    code_section(&x);
    check_module(&x, "duplicate export name", __LINE__);
    /* same function under two names is fine */
    mod_with_func(&x, 0);
    c.n = 0;
    put_leb(&c, 2);
    put_str(&c, "a");
    PUT(&c, 0x00, 0x00);
    put_str(&c, "ab");
    PUT(&c, 0x00, 0x00);
    section(&x, 7, &c);
    code_section(&x);
    check_module(&x, NULL, __LINE__);
    /* unknown exported items */
    static const struct {
        uint8_t kind;
        const char *want;
    } unk[] = {{0, "unknown function 1"}, {1, "unknown table 1"}, {2, "unknown memory 1"}, {3, "unknown global 1"}};
    for (size_t i = 0; i < SK_ARRAY_LEN(unk); i++) {
        mod_with_func(&x, 0);
        c.n = 0;
        put_leb(&c, 1);
        put_str(&c, "x");
        put_u8(&c, unk[i].kind);
        put_u8(&c, 1);
        section(&x, 7, &c);
        code_section(&x);
        check_module(&x, unk[i].want, __LINE__);
    }
    /* start function */
    mod_with_func(&x, 0);
    c.n = 0;
    PUT(&c, 0);
    section(&x, 8, &c);
    code_section(&x);
    check_module(&x, NULL, __LINE__);
    mod_with_func(&x, 1);
    c.n = 0;
    PUT(&c, 0);
    section(&x, 8, &c);
    c.n = 0;
    PUT(&c, 1, 2, 0, 0x0B);
    section(&x, 10, &c);
    check_module(&x, "start function", __LINE__);
    mod_with_func(&x, 0);
    c.n = 0;
    PUT(&c, 3);
    section(&x, 8, &c);
    code_section(&x);
    check_module(&x, "unknown function", __LINE__);
}

/* A module with one imported immutable i32 global ("g"), one imported mutable one, and
 * the given global section bytes. */
static void mod_globals(buf *x, const uint8_t *globals, size_t n)
{
    buf c;
    header(x);
    c.n = 0;
    put_leb(&c, 2);
    put_str(&c, "m");
    put_str(&c, "g");
    PUT(&c, 0x03, 0x7F, 0x00);
    put_str(&c, "m");
    put_str(&c, "gm");
    PUT(&c, 0x03, 0x7F, 0x01);
    section(x, 2, &c);
    c.n = 0;
    put(&c, globals, n);
    section(x, 6, &c);
}
#define GLOBALS_OK(...)                                            \
    do {                                                           \
        buf x_;                                                    \
        mod_globals(&x_, CODE(__VA_ARGS__));                       \
        check_module(&x_, NULL, __LINE__);                         \
    } while (0)
#define GLOBALS_BAD(want, ...)                                     \
    do {                                                           \
        buf x_;                                                    \
        mod_globals(&x_, CODE(__VA_ARGS__));                       \
        check_module(&x_, want, __LINE__);                         \
    } while (0)

static void test_constexprs(void)
{
    GLOBALS_OK(1, T_I32, 0, I32C, 5, END);
    GLOBALS_OK(1, T_I64, 1, I64C, 5, END);
    GLOBALS_OK(1, T_F32, 0, F32C, 0, 0, 0, 0, END);
    GLOBALS_OK(1, T_F64, 0, F64C, 0, 0, 0, 0, 0, 0, 0, 0, END);
    GLOBALS_OK(1, T_I32, 0, GGET, 0, END);                                  /* imported, immutable */
    GLOBALS_OK(1, T_EXTERNREF, 0, REFNULL, T_EXTERNREF, END);
    GLOBALS_BAD("constant expression required", 1, T_I32, 0, GGET, 1, END); /* imported but mutable */
    GLOBALS_BAD("unknown global", 2, T_I32, 0, I32C, 0, END, T_I32, 0, GGET, 2, END); /* defined global */
    GLOBALS_BAD("unknown global", 1, T_I32, 0, GGET, 9, END);
    GLOBALS_BAD("type mismatch", 1, T_I64, 0, I32C, 0, END);
    GLOBALS_BAD("type mismatch", 1, T_I32, 0, END);                                  /* empty */
    GLOBALS_BAD("type mismatch", 1, T_I32, 0, I32C, 0, I32C, 0, END);                /* two values */
    GLOBALS_BAD("constant expression required", 1, T_I32, 0, I32C, 0, I32C, 0, I32ADD, END);
    GLOBALS_BAD("constant expression required", 1, T_I32, 0, NOP, I32C, 0, END);
    GLOBALS_BAD("type mismatch", 1, T_FUNCREF, 0, REFNULL, T_EXTERNREF, END);
    GLOBALS_BAD("unknown function", 1, T_FUNCREF, 0, REFFUNC, 0, END);
    GLOBALS_OK(1, 0x7B, 0, 0xFD, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, END); /* v128.const */
    GLOBALS_BAD("type mismatch", 1, T_I32, 0, 0xFD, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, END);
    GLOBALS_BAD("constant expression required", 1, 0x7B, 0, I32C, 0, 0xFD, 0x11, END); /* i32x4.splat */
}

/* A module with one function (type []->[]), table 0 funcref, memory 0 and the given
 * element (id 9) and data (id 11) section bodies (NULL = absent). */
static void mod_segments(buf *x, const uint8_t *elems, size_t ne, const uint8_t *datas, size_t nd, bool externtab)
{
    buf c;
    header(x);
    c.n = 0;
    put_leb(&c, 1);
    put_functype(&c, "", "");
    section(x, 1, &c);
    c.n = 0;
    PUT(&c, 1, 0);
    section(x, 3, &c);
    c.n = 0;
    put_leb(&c, 1);
    put_u8(&c, externtab ? 0x6F : 0x70);
    PUT(&c, 0x00, 0x04);
    section(x, 4, &c);
    if (datas) {
        c.n = 0;
        PUT(&c, 1, 0x00, 0x01);
        section(x, 5, &c);
    }
    if (elems) {
        c.n = 0;
        put(&c, elems, ne);
        section(x, 9, &c);
    }
    code_section(x);
    if (datas) {
        c.n = 0;
        put(&c, datas, nd);
        section(x, 11, &c);
    }
}

static void test_segments(void)
{
    buf x;
    static const uint8_t e_ok[] = {1, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00};
    mod_segments(&x, e_ok, sizeof e_ok, NULL, 0, false);
    check_module(&x, NULL, __LINE__);
    static const uint8_t e_badfn[] = {1, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x05};
    mod_segments(&x, e_badfn, sizeof e_badfn, NULL, 0, false);
    check_module(&x, "unknown function 5", __LINE__);
    static const uint8_t e_badtab[] = {1, 0x02, 0x03, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00};
    mod_segments(&x, e_badtab, sizeof e_badtab, NULL, 0, false);
    check_module(&x, "unknown table 3", __LINE__);
    /* funcref segment into an externref table */
    mod_segments(&x, e_ok, sizeof e_ok, NULL, 0, true);
    check_module(&x, "type mismatch", __LINE__);
    /* offset of the wrong type / not constant */
    static const uint8_t e_i64[] = {1, 0x00, 0x42, 0x00, 0x0B, 0x01, 0x00};
    mod_segments(&x, e_i64, sizeof e_i64, NULL, 0, false);
    check_module(&x, "type mismatch", __LINE__);
    static const uint8_t e_nonconst[] = {1, 0x00, 0x41, 0x00, 0x41, 0x00, 0x6A, 0x0B, 0x01, 0x00};
    mod_segments(&x, e_nonconst, sizeof e_nonconst, NULL, 0, false);
    check_module(&x, "constant expression required", __LINE__);
    /* expression elements: a ref.null extern in a funcref segment */
    static const uint8_t e_expr_bad[] = {1, 0x05, 0x70, 0x01, 0xD0, 0x6F, 0x0B};
    mod_segments(&x, e_expr_bad, sizeof e_expr_bad, NULL, 0, false);
    check_module(&x, "type mismatch", __LINE__);
    static const uint8_t e_expr_ok[] = {1, 0x05, 0x70, 0x02, 0xD0, 0x70, 0x0B, 0xD2, 0x00, 0x0B};
    mod_segments(&x, e_expr_ok, sizeof e_expr_ok, NULL, 0, false);
    check_module(&x, NULL, __LINE__);
    /* data segments */
    static const uint8_t d_ok[] = {1, 0x00, 0x41, 0x00, 0x0B, 0x01, 0xAA};
    mod_segments(&x, NULL, 0, d_ok, sizeof d_ok, false);
    check_module(&x, NULL, __LINE__);
    static const uint8_t d_badmem[] = {1, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x01, 0xAA};
    mod_segments(&x, NULL, 0, d_badmem, sizeof d_badmem, false);
    check_module(&x, "unknown memory 1", __LINE__);
    static const uint8_t d_badoff[] = {1, 0x00, 0x43, 0, 0, 0, 0, 0x0B, 0x01, 0xAA};
    mod_segments(&x, NULL, 0, d_badoff, sizeof d_badoff, false);
    check_module(&x, "type mismatch", __LINE__);
}

/* A large, deeply nested valid body, to exercise stack reuse and growth. */
static void test_deep_nesting(void)
{
    static uint8_t code[6000];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) code[n++] = BLOCK, code[n++] = T_I32;
    code[n++] = I32C, code[n++] = 1;
    for (int i = 0; i < 1000; i++) code[n++] = END;
    code[n++] = END;
    check_func("", "i", "", 0, code, n, NULL, __LINE__);
    n = 0;
    for (int i = 0; i < 2000; i++) code[n++] = I32C, code[n++] = 1;
    for (int i = 0; i < 1999; i++) code[n++] = I32ADD;
    code[n++] = END;
    check_func("", "i", "", 0, code, n, NULL, __LINE__);
}

/* Every allocation failure must end in a clean error, never a crash or a leak. */
static void test_alloc_failures(void)
{
    buf x;
    static uint8_t code[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++) code[n++] = BLOCK, code[n++] = T_I32;
    code[n++] = I32C, code[n++] = 1;
    for (int i = 0; i < 100; i++) code[n++] = END;
    code[n++] = END;
    build_func_module(&x, "", "i", "", F_TABLE | F_ELEMS | F_EXPORT_F1, code, n);
    int failures = 0;
    bool succeeded = false;
    for (long k = 0; k < 200 && !succeeded; k++) {
        sk_error_clear(&E);
        sk_alloc_fail_after(-1);
        sk_module *m = sk_decode(x.b, x.n, &E);
        if (!m) continue;
        sk_alloc_fail_after(k);
        bool ok = sk_validate(m, &E);
        sk_alloc_fail_after(-1);
        if (ok) succeeded = true;
        else {
            failures++;
            CHECK_MSG(msg_has("out of memory"), "k=%ld: %s", k, E.msg);
        }
        sk_module_free(m);
    }
    sk_alloc_fail_after(-1);
    CHECK(succeeded);
    CHECK(failures > 0);
}

int main(void)
{
    test_basic_bodies();
    test_blocks();
    test_blocks2();
    test_polymorphic();
    test_branches();
    test_calls();
    test_select();
    test_globals();
    test_memory();
    test_refs_tables();
    test_simd_and_opcodes();
    test_error_location();
    test_blocktype_reader();
    test_module_level();
    test_exports_start();
    test_constexprs();
    test_segments();
    test_deep_nesting();
    test_alloc_failures();
    TEST_DONE("test_validate");
}
