/* test_text.c: unit tests of the text format: lexer, literals, abbreviations, errors, and the spec scripts. */
#include "common/common.h"
#include "text/text.h"
#include "text/text_internal.h"
#include "test.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- helpers ---- */
static bool wat(const char *src, uint8_t **out, size_t *len, sk_error *err)
{
    sk_error_clear(err);
    return sk_wat2wasm(src, strlen(src), "t.wat", out, len, err);
}

/* Encodes src and checks that the bytes after the 8-byte header equal `hex` (pairs of hex digits). */
static void expect_bytes(const char *src, const char *hex, int line)
{
    uint8_t *out = NULL;
    size_t len = 0;
    sk_error err;
    if (!wat(src, &out, &len, &err)) {
        CHECK_MSG(false, "line %d: %s failed: %s (%u:%u)", line, src, err.msg, err.line, err.col);
        return;
    }
    char got[4096] = {0};
    for (size_t i = 8; i < len && (i - 8) * 2 + 2 < sizeof got; i++) sprintf(got + (i - 8) * 2, "%02x", out[i]);
    CHECK_MSG(strcmp(got, hex) == 0, "line %d: %s\n  got  %s\n  want %s", line, src, got, hex);
    sk_free(out);
}
#define EXPECT_BYTES(src, hex) expect_bytes(src, hex, __LINE__)

/* Expects failure whose message contains `msg`, at line:col when given (0 = don't care). */
static void expect_error(const char *src, const char *msg, uint32_t l, uint32_t c, int line)
{
    uint8_t *out = NULL;
    size_t len = 0;
    sk_error err;
    bool ok = wat(src, &out, &len, &err);
    if (ok) {
        sk_free(out);
        CHECK_MSG(false, "line %d: %s was accepted, expected error \"%s\"", line, src, msg);
        return;
    }
    CHECK_MSG(strstr(err.msg, msg) != NULL, "line %d: %s: error \"%s\", expected \"%s\"", line, src, err.msg, msg);
    if (l) CHECK_MSG(err.line == l && err.col == c, "line %d: %s: at %u:%u, expected %u:%u", line, src, err.line,
                     err.col, l, c);
}
#define EXPECT_ERROR(src, msg) expect_error(src, msg, 0, 0, __LINE__)
#define EXPECT_ERROR_AT(src, msg, l, c) expect_error(src, msg, l, c, __LINE__)

/* ---- lexer ---- */
static void test_lexer(void)
{
    sk_toks t;
    sk_error err;
    sk_error_clear(&err);
    const char *src = "(module $m ;; line comment\n  (; block (; nested ;) ;) \"a\\n\\u{48}\\41\" 0x1_0 -inf)";
    CHECK(sk_text_lex(src, strlen(src), "x", &t, &err));
    if (t.len == 8) {
        CHECK(t.data[0].kind == SK_TK_LPAR && t.data[0].match == 6);
        CHECK(t.data[1].kind == SK_TK_KEYWORD && sk_tok_is(&t.data[1], "module"));
        CHECK(t.data[2].kind == SK_TK_ID && t.data[2].len == 2);
        CHECK(t.data[3].kind == SK_TK_STRING && t.data[3].line == 2 && t.data[3].col == 28);
        uint8_t *s;
        uint32_t n;
        CHECK(sk_text_string(&t.data[3], &s, &n));
        CHECK(n == 4 && memcmp(s, "a\nHA", 4) == 0);
        sk_free(s);
        CHECK(t.data[4].kind == SK_TK_RESERVED && t.data[4].len == 5);
        CHECK(t.data[5].kind == SK_TK_RESERVED && t.data[5].len == 4);
        CHECK(t.data[6].kind == SK_TK_RPAR);
        CHECK(t.data[7].kind == SK_TK_EOF);
    } else {
        CHECK_MSG(false, "token count %u", t.len);
    }
    sk_text_toks_free(&t);
    /* string escapes: all of them, and \u with a 4-byte encoding */
    src = "\"\\t\\n\\r\\\"\\'\\\\\\00\\ff\\u{1F600}\\u{0}\"";
    CHECK(sk_text_lex(src, strlen(src), "x", &t, &err));
    if (t.len == 2) {
        uint8_t *s;
        uint32_t n;
        CHECK(sk_text_string(&t.data[0], &s, &n));
        static const uint8_t want[] = {'\t', '\n', '\r', '"', '\'', '\\', 0, 0xff, 0xF0, 0x9F, 0x98, 0x80, 0};
        CHECK(n == sizeof want && memcmp(s, want, n) == 0);
        sk_free(s);
    }
    sk_text_toks_free(&t);
    static const char *bad[] = {"\"abc", "\"\\q\"", "\"\\u{D800}\"", "\"\\u{110000}\"", "(; open", "((a)",
                                "\"\x80\"", "\"a\nb\"", "{", ";x"};
    for (size_t i = 0; i < SK_ARRAY_LEN(bad); i++) {
        sk_error_clear(&err);
        bool ok = sk_text_lex(bad[i], strlen(bad[i]), "x", &t, &err);
        CHECK_MSG(!ok && err.msg[0], "lexer accepted %s", bad[i]);
        if (ok) sk_text_toks_free(&t);
    }
    /* an unmatched ")" is recorded, not an error, so parsers can report earlier errors first */
    sk_error_clear(&err);
    CHECK(sk_text_lex("(a) )", 5, "x", &t, &err) && t.bad_rpar == 3);
    sk_text_toks_free(&t);
    /* a carriage return alone ends a line comment */
    {
        uint8_t *out = NULL;
        size_t len;
        const char *cr = "(func (result i32) (i32.const 1) ;; c\r (return (i32.const 2)))";
        sk_error_clear(&err);
        CHECK(sk_wat2wasm(cr, strlen(cr), "cr", &out, &len, &err) && len > 4 && out[len - 3] == 0x02 && out[len - 2] == 0x0F);
        sk_free(out);
    }
    /* unclosed comment reported where it starts */
    sk_error_clear(&err);
    CHECK(!sk_text_lex("(a)\n  (; x", 10, "f.wat", &t, &err));
    CHECK(err.line == 2 && err.col == 3 && strcmp(err.file, "f.wat") == 0);
}

/* ---- literals ---- */
static void test_literals(void)
{
    uint64_t v;
    uint32_t f;
    CHECK(sk_text_parse_int("0", 1, 32, &v) == SK_LIT_OK && v == 0);
    CHECK(sk_text_parse_int("-1", 2, 32, &v) == SK_LIT_OK && v == 0xFFFFFFFFu);
    CHECK(sk_text_parse_int("4294967295", 10, 32, &v) == SK_LIT_OK && v == 0xFFFFFFFFu);
    CHECK(sk_text_parse_int("4294967296", 10, 32, &v) == SK_LIT_RANGE);
    CHECK(sk_text_parse_int("-2147483648", 11, 32, &v) == SK_LIT_OK && v == 0x80000000u);
    CHECK(sk_text_parse_int("-2147483649", 11, 32, &v) == SK_LIT_RANGE);
    CHECK(sk_text_parse_int("+2147483647", 11, 32, &v) == SK_LIT_OK && v == 0x7FFFFFFF);
    CHECK(sk_text_parse_int("0x1_0000_0000", 13, 64, &v) == SK_LIT_OK && v == 0x100000000ull);
    CHECK(sk_text_parse_int("0xffff_ffff_ffff_ffff", 21, 64, &v) == SK_LIT_OK && v == UINT64_MAX);
    CHECK(sk_text_parse_int("0x1_0000_0000_0000_0000", 23, 64, &v) == SK_LIT_RANGE);
    CHECK(sk_text_parse_int("-0x8000000000000000", 19, 64, &v) == SK_LIT_OK && v == 0x8000000000000000ull);
    CHECK(sk_text_parse_int("1__0", 4, 32, &v) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_int("_1", 2, 32, &v) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_int("1_", 2, 32, &v) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_int("0x", 2, 32, &v) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_int("1a", 2, 32, &v) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_uint("+1", 2, 32, &v) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_uint("255", 3, 8, &v) == SK_LIT_OK && v == 255);
    CHECK(sk_text_parse_uint("256", 3, 8, &v) == SK_LIT_RANGE);
#define F32(s, bits) CHECK_MSG(sk_text_parse_f32(s, strlen(s), &f) == SK_LIT_OK && f == (bits), "f32 %s -> %08x", s, f)
    F32("0", 0);
    F32("-0", 0x80000000u);
    F32("1", 0x3F800000u);
    F32("0x1p-149", 1);                     /* smallest subnormal */
    F32("0x1.fffffep127", 0x7F7FFFFFu);     /* max */
    F32("0x1.fffffefffffffp127", 0x7F7FFFFFu); /* rounds down to max */
    F32("inf", 0x7F800000u);
    F32("-inf", 0xFF800000u);
    F32("nan", 0x7FC00000u);
    F32("-nan", 0xFFC00000u);
    F32("nan:0x1", 0x7F800001u);
    F32("nan:0x7f_ffff", 0x7FFFFFFFu);
    F32("1.5e+1", 0x41700000u);
    F32("1_000.5", 0x447A2000u);
    F32("0x1.8", 0x3FC00000u);
    F32("1.", 0x3F800000u);
    F32("1e-46", 0);                         /* underflows to zero */
    /* 2^-126 * (1 + 2^-24) rounds to even (down); a hair above rounds up: needs direct f32 rounding */
    F32("1.00000005960464477539062501", 0x3F800001u);
    F32("1.00000005960464477539062499", 0x3F800000u);
    F32("0x1.000001p0", 0x3F800000u);        /* tie, to even */
    F32("0x1.000003p0", 0x3F800002u);        /* tie, to even (up) */
    CHECK(sk_text_parse_f32("0x1p128", 7, &f) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f32("0x1.ffffffp127", 14, &f) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f32("1e39", 4, &f) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f32("nan:0x0", 7, &f) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f32("nan:0x80_0000", 13, &f) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f32(".5", 2, &f) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_f32("1.e", 3, &f) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_f32("1._5", 4, &f) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_f32("infinity", 8, &f) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_f32("0x", 2, &f) == SK_LIT_SYNTAX);
    CHECK(sk_text_parse_f32("nan:0x", 6, &f) == SK_LIT_SYNTAX);
    uint64_t d;
#define F64(s, bits) CHECK_MSG(sk_text_parse_f64(s, strlen(s), &d) == SK_LIT_OK && d == (bits), "f64 %s -> %016llx", s, (unsigned long long)d)
    F64("0x1p-1074", 1);
    F64("0x1.fffffffffffffp1023", 0x7FEFFFFFFFFFFFFFull);
    F64("-0x1p-1022", 0x8010000000000000ull);
    F64("nan:0xf_ffff_ffff_ffff", 0x7FFFFFFFFFFFFFFFull);
    F64("-nan:0x1", 0xFFF0000000000001ull);
    F64("2.2250738585072011e-308", 0x000FFFFFFFFFFFFFull);
    F64("123456789012345678901234567890", 0x45F8EE90FF6C373Eull);
    /* subnormals rounded exactly (glibc 2.36's strtof/strtod get these wrong) */
    F32("0x10.00009p-133", 0x00100001u);
    F32("0.0000000000000000000000000000000000000082869858963133081894708459651612605854409987294463766132460616643858205242201275808611171669326722621917724609375", 0x005A3CBFu);
    F64("-0x8d2c.d137164324p-1040", 0x800234B344DC590Dull);
    /* 1 + 2^-53 is a tie (to even: 1.0); a nonzero digit far beyond the 800th breaks the tie upwards */
    {
        static char big[1200];
        strcpy(big, "1.00000000000000011102230246251565404236316680908203125");
        size_t k = strlen(big);
        F64(big, 0x3FF0000000000000ull);
        while (k < 1100) big[k++] = '0';
        big[k++] = '1';
        big[k] = 0;
        F64(big, 0x3FF0000000000001ull);
        big[k - 1] = '0';
        F64(big, 0x3FF0000000000000ull);
    }
    F64("0.1", 0x3FB999999999999Aull);
    F64("1e-400", 0);
    F64("-1e-400", 0x8000000000000000ull);
    F64("4.9406564584124654e-324", 1);
    F64("2.4703282292062328e-324", 1); /* just above half the smallest subnormal */
    F64("2.4703282292062327e-324", 0); /* just below */
    F32("3.4028235677973366e38", 0x7F7FFFFFu);
    CHECK(sk_text_parse_f32("3.4028235677973367e38", 21, &f) == SK_LIT_RANGE); /* rounds to infinity */
    CHECK(sk_text_parse_f64("1e309", 5, &d) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f64("0x1p1024", 8, &d) == SK_LIT_RANGE);
    CHECK(sk_text_parse_f64("nan:0x10_0000_0000_0000", 23, &d) == SK_LIT_RANGE);
}

/* ---- encoding and abbreviations ---- */
static void test_encoding(void)
{
    /* expected bytes (after the 8-byte header) were produced by Debian wabt 1.0.32 wat2wasm */
    EXPECT_BYTES("", "");
    EXPECT_BYTES("(module)",
                 "");
    EXPECT_BYTES("(module $m (func))",
                 "010401600000030201000a040102000b");
    EXPECT_BYTES("(func) (memory 1 2)",
                 "010401600000030201000504010101020a040102000b");
    EXPECT_BYTES("(func (result i32) i32.const 0xffffffff)",
                 "0105016000017f030201000a06010400417f0b");
    EXPECT_BYTES("(type (func)) (func (param i32)) (func (param i32))",
                 "01080260000060017f0003030201010a070202000b02000b");
    EXPECT_BYTES("(func $f (import \"m\" \"f\") (param i32)) (func (export \"g\") (call $f (i32.const 1)))",
                 "01080260017f00600000020701016d0166000003020101070501016700010a08010600410110000b");
    EXPECT_BYTES("(memory (data \"ab\" \"c\"))",
                 "0504010101010b09010041000b03616263");
    EXPECT_BYTES("(table funcref (elem $f $f)) (func $f) (elem declare func $f)",
                 "0104016000000302010004050170010202090c020041000b020000030001000a040102000b");
    EXPECT_BYTES("(func block $a loop $b br $a br $b br 1 end $b end $a)",
                 "010401600000030201000a10010e00024003400c010c000c010b0b0b");
    EXPECT_BYTES("(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))))",
                 "0105016000017f030201000a0e010c004101047f41020541030b0b");
    EXPECT_BYTES("(func (result i32) i32.const 1 if $l (result i32) i32.const 2 else $l i32.const 3 end $l)",
                 "0105016000017f030201000a0e010c004101047f41020541030b0b");
    EXPECT_BYTES("(memory 1) (func (drop (i64.load offset=8 align=4 (i32.const 0))) (drop (i32.load8_u (i32.const 0))))",
                 "0104016000000302010005030100010a10010e0041002902081a41002d00001a0b");
    EXPECT_BYTES("(table 1 funcref) (func (param i32) (result i32) (select (result i32) (local.get 0) (local.get 0) (local.get 0)) (call_indirect 0 (param i32) (result i32) (local.get 0)) (block (br_table 0 0 (local.get 0))) drop)",
                 "01060160017f017f030201000404017000010a1c011a002000200020001c017f2000110000024020000e0100000b1a0b");
    EXPECT_BYTES("(func (result v128) v128.const i16x8 1 2 3 4 5 6 7 -1)",
                 "0105016000017b030201000a16011400fd0c0100020003000400050006000700ffff0b");
    EXPECT_BYTES("(func (result v128) v128.const f32x4 1 -0 inf nan:0x1)",
                 "0105016000017b030201000a16011400fd0c0000803f000000800000807f0100807f0b");
    EXPECT_BYTES("(func (result v128) v128.const i8x16 -128 255 0 1 2 3 4 5 6 7 8 9 10 11 12 13)",
                 "0105016000017b030201000a16011400fd0c80ff000102030405060708090a0b0c0d0b");
    EXPECT_BYTES("(func (result v128) v128.const f64x2 -nan 0x1p-1074)",
                 "0105016000017b030201000a16011400fd0c000000000000f8ff01000000000000000b");
    EXPECT_BYTES("(memory 1) (data $d \"x\") (func (data.drop $d))",
                 "0104016000000302010005030100010c01010a07010500fc09000b0b0401010178");
    EXPECT_BYTES("(table 1 externref) (elem (i32.const 0) externref (ref.null extern))",
                 "0404016f0001090b01060041000b6f01d06f0b");
    EXPECT_BYTES("(table $t 2 funcref) (func $f) (elem (table $t) (offset (i32.const 1)) funcref (item (ref.func $f)) (ref.null func))",
                 "01040160000003020100040401700002090c010441010b02d2000bd0700b0a040102000b");
    EXPECT_BYTES("(memory 1) (func (v128.store64_lane align=8 1 (i32.const 0) (v128.const i64x2 0 0)))",
                 "0104016000000302010005030100010a1d011b004100fd0c00000000000000000000000000000000fd5b0300010b");
    EXPECT_BYTES("(global (import \"m\" \"g\") i32) (global $g (export \"g\") (mut f64) (f64.const -0x1.8p1))",
                 "020801016d0167037f00060d017c014400000000000008c00b07050101670301");
    EXPECT_BYTES("(func (param $a i32) (param i64 f32) (local $x i32) (local f64 f64 i32) local.get $x local.set $a local.get 5 drop)",
                 "01070160037f7e7d00030201000a11010f03017f027c017f2003210020051a0b");
    EXPECT_BYTES("(func $x (param i32 i32) (result i32 i64) unreachable) (func (block (param i32) (result i32) nop) drop)",
                 "01100360027f7f027f7e60000060017f017f03030200010a0d020300000b07000202010b1a0b");
    EXPECT_BYTES("(table $t 1 funcref) (elem $e func) (func table.init $t $e elem.drop $e (table.copy (i32.const 0) (i32.const 0) (i32.const 0)) (table.init $e (i32.const 0) (i32.const 0) (i32.const 0)))",
                 "010401600000030201000404017000010904010100000a1f011d00fc0c0000fc0d00410041004100fc0e0000410041004100fc0c00000b");
    EXPECT_BYTES("(memory 1) (data \"a\\00\\ff\\u{2603}\") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) (memory.copy (i32.const 0) (i32.const 0) (i32.const 0)) (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)) (drop (memory.grow (memory.size))))",
                 "0104016000000302010005030100010c01010a26012400410041004100fc080000410041004100fc0a0000410041004100fc0b003f0040001a0b0b090101066100ffe29883");
    EXPECT_BYTES("(func (f32.const 0x1.fffffep127) (f64.const 1_000_000.5e-3) (i64.const -0x8000_0000_0000_0000) drop drop drop)",
                 "010401600000030201000a20011e0043ffff7f7f442fdd240601408f40428080808080808080807f1a1a1a0b");
    EXPECT_BYTES("(type $t (func (param i32))) (import \"a\" \"b\" (func (type $t))) (func (type $t) (param i32)) (start 1) (export \"m\" (memory $m)) (memory $m 1)",
                 "01050160017f00020701016101620000030201000503010001070501016d02000801010a040102000b");
    EXPECT_BYTES("(func (result i32) (ref.is_null (ref.null func)) (ref.func 0) drop)",
                 "0105016000017f030201000a0a010800d070d1d2001a0b");
    EXPECT_BYTES("(func $f) (elem (i32.const 0) 0 $f) (table 1 funcref)",
                 "010401600000030201000404017000010908010041000b0200000a040102000b");
    EXPECT_BYTES("(func) (table funcref (elem (ref.func 0) (item ref.func 0))) (table externref (elem (ref.null extern)))",
                 "01040160000003020100040902700102026f0101010912020041000b020000060141000b6f01d06f0b0a040102000b");
    EXPECT_BYTES("(func (if (i32.const 1) (then nop) (else)) i32.const 1 if else end)",
                 "010401600000030201000a0f010d0041010440010b410104400b0b");
    EXPECT_BYTES("(func (result i32) (block $l (result i32) (i32.const 1) (br_if $l (i32.const 0)) (i32.const 2)) (return))",
                 "0105016000017f030201000a10010e00027f410141000d0041020b0f0b");
}

static void test_errors(void)
{
    EXPECT_ERROR_AT("(module\n  (func (i32.add2)))", "unknown operator", 2, 10);
    EXPECT_ERROR_AT("(func $f)\n(func $f)", "duplicate func", 2, 7);
    EXPECT_ERROR("(func (param $x i32) (local $x i32))", "duplicate local");
    EXPECT_ERROR("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))", "duplicate global");
    EXPECT_ERROR("(func (call $nope))", "unknown func");
    EXPECT_ERROR("(func (local.get $nope))", "unknown local");
    EXPECT_ERROR("(func (br $nope))", "unknown label");
    EXPECT_ERROR("(func (call_indirect (type $nope)))", "unknown type");
    EXPECT_ERROR("(func block $a end $b)", "mismatching label");
    EXPECT_ERROR("(func block end $b)", "mismatching label");
    EXPECT_ERROR("(func (i32.const 0x1_0000_0000) drop)", "constant out of range");
    EXPECT_ERROR("(func (i64.const 18446744073709551616) drop)", "constant out of range");
    EXPECT_ERROR("(func (f32.const 1e39) drop)", "constant out of range");
    EXPECT_ERROR("(func (f32.const nan:0x80_0000) drop)", "constant out of range");
    EXPECT_ERROR("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment must be a power of two");
    EXPECT_ERROR("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", "i32 constant");
    EXPECT_ERROR("(memory 0x1_0000_0000)", "i32 constant out of range");
    EXPECT_ERROR("(func) (import \"a\" \"b\" (func))", "import after function");
    EXPECT_ERROR("(global i64 (i64.const 0)) (import \"a\" \"b\" (global i32))", "import after global");
    EXPECT_ERROR("(type $t (func (param i32))) (func (type $t) (param i64))", "inline function type");
    EXPECT_ERROR("(type (func (result i32) (param i32)))", "unexpected token");
    EXPECT_ERROR("(func (export \"\\ff\"))", "malformed UTF-8 encoding");
    EXPECT_ERROR("(func (v128.const i32x4 1 2 3) drop)", "wrong number of lane literals");
    EXPECT_ERROR("(func (i8x16.extract_lane_s 256 (v128.const i32x4 0 0 0 0)) drop)", "malformed lane index");
    EXPECT_ERROR("(start 0) (start 0) (func)", "multiple start sections");
    EXPECT_ERROR("(func (i32.const 1_) drop)", "unknown operator");
    EXPECT_ERROR("(module (func)) (func)", "unexpected token");
    EXPECT_ERROR("(func (result i32) (i32.const 1)", "unexpected end");
    EXPECT_ERROR_AT("(func\n  (block (result i32)\n    i32.const 1\n  end))", "unexpected token", 4, 3);
    EXPECT_ERROR_AT("(module (func)))", "unexpected token \")\"", 1, 16);
    EXPECT_ERROR_AT("(func (i32.const nope)))", "unexpected token nope", 1, 18);
    EXPECT_ERROR("(func (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15.0) (v128.const i64x2 0 0)))",
                 "malformed lane index");
    EXPECT_ERROR("(func (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 (v128.const i64x2 0 0)))",
                 "invalid lane length");
    EXPECT_ERROR("(func (result i32) (i8x16.extract_lane_s -1 (v128.const i64x2 0 0)))", "unexpected token");
    EXPECT_ERROR("(func (block (param $x i32)))", "unexpected token");
    EXPECT_ERROR("(func (result i32) (param i32))", "unexpected token");
    EXPECT_ERROR("(func (param i32) (type 0))", "unexpected token");
    EXPECT_ERROR("(data\"a\")", "unknown operator");
    EXPECT_ERROR("(func (f32.const nan:1) drop)", "unknown operator");
    EXPECT_ERROR("(func (local anyfunc))", "unknown operator anyfunc");
    EXPECT_ERROR("(func br 0drop)", "unknown operator");
    EXPECT_ERROR("(func (call_indirect (type 7) (param i32)))", "unknown type");
}

/* Deep nesting is bounded, not a stack overflow. */
static void test_deep(void)
{
    for (int folded = 0; folded < 2; folded++) {
        for (int n = 9000; n <= 200000; n += 191000) {
            size_t cap = (size_t)n * 12 + 64, k = 0;
            char *b = malloc(cap);
            if (!b) return;
            k += (size_t)sprintf(b + k, "(func ");
            for (int i = 0; i < n; i++) k += (size_t)sprintf(b + k, folded ? "(block " : "block ");
            for (int i = 0; i < n; i++) k += (size_t)sprintf(b + k, folded ? ")" : "end ");
            k += (size_t)sprintf(b + k, ")");
            uint8_t *out = NULL;
            size_t len;
            sk_error err;
            sk_error_clear(&err);
            bool ok = sk_wat2wasm(b, k, "deep", &out, &len, &err);
            if (n < 10000) CHECK_MSG(ok, "depth %d: %s", n, err.msg);
            else CHECK(!ok && strstr(err.msg, "nesting too deep"));
            if (ok) sk_free(out);
            free(b);
        }
    }
}

/* ---- scripts ---- */
static void test_script(void)
{
    const char *src = "(module $M (func (export \"f\") (param i32) (result i32) local.get 0))\n"
                      "(register \"m\" $M)\n"
                      "(assert_return (invoke $M \"f\" (i32.const -1)) (i32.const 0xffffffff))\n"
                      "(assert_return (invoke \"g\" (f32.const -0) (v128.const f32x4 1 2 3 4)) (f32.const nan:canonical)"
                      " (v128.const f32x4 nan:arithmetic 1 -nan 0) (ref.null extern) (ref.extern 7) (ref.func))\n"
                      "(assert_malformed (module quote \"(func (i32.add2))\") \"unknown operator\")\n"
                      "(assert_invalid (module (func (result i32))) \"type mismatch\")\n"
                      "(assert_malformed (module binary \"\\00asm\" \"\\01\\00\\00\\00\") \"x\")\n"
                      "(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")\n"
                      "(assert_exhaustion (invoke \"rec\") \"call stack exhausted\")\n"
                      "(get \"glob\")\n"
                      "(assert_unlinkable (module (import \"x\" \"y\" (func))) \"unknown import\")\n"
                      "(input \"x\")\n";
    sk_wast_script *s;
    sk_error err;
    sk_error_clear(&err);
    CHECK(sk_wast_parse(src, strlen(src), "s.wast", &s, &err));
    if (!s) return;
    CHECK(s->ncmds == 12);
    if (s->ncmds == 12) {
        sk_wast_cmd *c = s->cmds;
        CHECK(c[0].kind == SK_CMD_MODULE && c[0].module.binary && c[0].module.name &&
              strcmp(c[0].module.name, "$M") == 0);
        CHECK(c[1].kind == SK_CMD_REGISTER && strcmp(c[1].text, "m") == 0 && strcmp(c[1].register_module, "$M") == 0);
        CHECK(c[2].kind == SK_CMD_ASSERT_RETURN && c[2].action.nargs == 1 && c[2].action.args[0].val.u32 == 0xFFFFFFFFu);
        CHECK(c[2].line == 3 && c[2].col == 1 && strcmp(c[2].action.module, "$M") == 0);
        CHECK(c[3].nexpected == 5 && c[3].action.nargs == 2);
        if (c[3].nexpected == 5) {
            CHECK(c[3].action.args[0].type == SK_F32 && c[3].action.args[0].val.u32 == 0x80000000u);
            CHECK(c[3].action.args[1].type == SK_V128 && c[3].action.args[1].val.v128[3] == 0x3F);
            CHECK(c[3].expected[0].kind == SK_WV_NAN_CANONICAL && c[3].expected[0].type == SK_F32);
            CHECK(c[3].expected[1].lane_kind[0] == SK_WV_NAN_ARITHMETIC && c[3].expected[1].lane_kind[1] == SK_WV_EXACT);
            CHECK(c[3].expected[1].lane_type == SK_F32 && c[3].expected[1].lane_bits == 32);
            CHECK(c[3].expected[1].val.v128[11] == 0xFF); /* -nan lane, bit-exact */
            CHECK(c[3].expected[2].kind == SK_WV_REF_NULL && c[3].expected[2].type == SK_EXTERNREF);
            CHECK(c[3].expected[3].kind == SK_WV_REF_EXTERN && c[3].expected[3].val.u64 == 7);
            CHECK(c[3].expected[4].kind == SK_WV_REF_FUNC);
        }
        CHECK(c[4].kind == SK_CMD_ASSERT_MALFORMED && c[4].module.form == SK_WM_QUOTE && !c[4].module.binary &&
              strstr(c[4].module.text_err.msg, "unknown operator") && strcmp(c[4].text, "unknown operator") == 0);
        CHECK(c[5].kind == SK_CMD_ASSERT_INVALID && c[5].module.binary);
        CHECK(c[6].module.form == SK_WM_BINARY && c[6].module.len == 8);
        CHECK(c[7].kind == SK_CMD_ASSERT_TRAP && c[7].has_module && c[7].module.binary);
        CHECK(c[8].kind == SK_CMD_ASSERT_EXHAUSTION && c[8].has_action);
        CHECK(c[9].kind == SK_CMD_ACTION && c[9].action.is_get);
        CHECK(c[10].kind == SK_CMD_ASSERT_UNLINKABLE);
        CHECK(c[11].kind == SK_CMD_UNSUPPORTED);
    }
    sk_wast_free(s);
    /* a broken script is an error with a position */
    sk_error_clear(&err);
    CHECK(!sk_wast_parse("(module)\n(assert_return (invoke \"f\" (i32.const x)))", 50, "b.wast", &s, &err));
    CHECK(err.line == 2 && err.msg[0]);
    /* a text module that does not encode does not stop the script */
    sk_error_clear(&err);
    const char *src2 = "(module (func (nop_nop)))\n(module)";
    CHECK(sk_wast_parse(src2, strlen(src2), "c.wast", &s, &err));
    if (s) {
        CHECK(s->ncmds == 2 && !s->cmds[0].module.binary && s->cmds[0].module.text_err.line == 1 &&
              s->cmds[1].module.binary);
        sk_wast_free(s);
    }
}

/* Allocation failures anywhere must give a clean error (ASan checks for leaks). */
static void test_oom(void)
{
    const char *src = "(module (type $t (func (param i32))) (func $f (export \"f\") (param i32) (local i64)"
                      " (block $b (br_table $b 0 (local.get 0)))) (table funcref (elem $f)) (memory (data \"abc\"))"
                      " (global (mut i32) (i32.const 1)) (elem declare func $f) (data (i32.const 0) \"x\"))\n"
                      "(assert_return (invoke \"f\" (i32.const 1)) (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0))\n"
                      "(assert_malformed (module quote \"(func $a)\" \"(func $a)\") \"duplicate func\")\n";
    int fails = 0, total = 0;
    bool finished = false;
    /* fail the n-th allocation, for every n until the parse runs out of allocations to fail */
    for (long n = 0; n < 100000 && !finished; n++) {
        sk_wast_script *s = NULL;
        sk_error err;
        sk_error_clear(&err);
        sk_alloc_fail_after(n);
        bool ok = sk_wast_parse(src, strlen(src), "oom.wast", &s, &err);
        void *probe = sk_malloc(1); /* NULL: the injected failure was reached */
        sk_alloc_fail_after(-1);
        finished = probe != NULL;
        sk_free(probe);
        total++;
        if (ok) {
            /* an OOM inside a module shows as text_err; the script itself succeeded */
            if (finished) CHECK(s->ncmds == 3 && s->cmds[0].module.binary && !s->cmds[2].module.binary);
            sk_wast_free(s);
        } else {
            fails++;
            CHECK(err.msg[0] != 0);
        }
    }
    CHECK(finished && fails > 0 && fails < total);
    /* the same for sk_wat2wasm alone */
    finished = false;
    for (long n = 0; n < 100000 && !finished; n++) {
        uint8_t *out = NULL;
        size_t len;
        sk_error err;
        sk_error_clear(&err);
        sk_alloc_fail_after(n);
        bool ok = sk_wat2wasm(src, (size_t)(strchr(src, '\n') - src), "oom.wat", &out, &len, &err);
        void *probe = sk_malloc(1);
        sk_alloc_fail_after(-1);
        finished = probe != NULL;
        sk_free(probe);
        if (ok) sk_free(out);
        else CHECK(strstr(err.msg, "out of memory") != NULL);
        if (finished) CHECK(ok);
    }
    CHECK(finished);
}

/* ---- the spec suite ---- */
static char *read_all(const char *path, size_t *len)
{
    uint8_t *d;
    sk_error e;
    sk_error_clear(&e);
    if (!sk_read_file(path, &d, len, &e)) return NULL;
    return (char *)d;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void test_spec(void)
{
    const char *dir = getenv("SKIFF_SPEC_DIR");
    if (!dir) dir = "../shared/spec-testsuite/wasm-2.0";
    DIR *d = opendir(dir);
    if (!d) {
        printf("!!!! spec test suite not found at %s (set SKIFF_SPEC_DIR): SKIPPING the spec checks !!!!\n", dir);
        return;
    }
    char *names[512];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".wast") == 0) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    int files = 0, script_fail = 0;
    long malformed_quote = 0, malformed_rejected = 0, simd_quote = 0, simd_rejected = 0, modules = 0, modules_ok = 0;
    long wording_ok = 0, wording_total = 0;
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        bool simd = strncmp(names[i], "simd_", 5) == 0;
        size_t len;
        char *src = read_all(path, &len);
        if (!src) {
            CHECK_MSG(false, "cannot read %s", path);
            continue;
        }
        files++;
        sk_wast_script *s;
        sk_error err;
        sk_error_clear(&err);
        if (!sk_wast_parse(src, len, path, &s, &err)) {
            char buf[512];
            sk_error_format(&err, buf, sizeof buf);
            CHECK_MSG(false, "script %s: %s", names[i], buf);
            script_fail++;
            free(src);
            continue;
        }
        for (uint32_t k = 0; k < s->ncmds; k++) {
            const sk_wast_cmd *c = &s->cmds[k];
            if (!c->has_module) continue;
            if (c->kind == SK_CMD_ASSERT_MALFORMED) {
                if (c->module.form == SK_WM_QUOTE) {
                    if (simd) simd_quote++, simd_rejected += !c->module.binary;
                    else malformed_quote++, malformed_rejected += !c->module.binary;
                    wording_total++;
                    if (!c->module.binary && c->text && strstr(c->module.text_err.msg, c->text)) wording_ok++;
                    else if (!c->module.binary)
                        fprintf(stderr, "%s:%u: error \"%s\" lacks the expected \"%s\"\n", names[i], c->line,
                                c->module.text_err.msg, c->text);
                    if (c->module.binary)
                        fprintf(stderr, "%s:%u: malformed module accepted (expected \"%s\")\n", names[i], c->line, c->text);
                }
                continue;
            }
            if (c->module.form == SK_WM_BINARY) continue;
            modules++;
            if (c->module.binary) modules_ok++;
            else {
                char buf[512];
                sk_error_format(&c->module.text_err, buf, sizeof buf);
                fprintf(stderr, "%s:%u: module does not encode: %s\n", names[i], c->line, buf);
            }
        }
        sk_wast_free(s);
        free(src);
    }
    for (int i = 0; i < n; i++) free(names[i]);
    printf("spec: %d files, %d scripts failed to parse\n", files, script_fail);
    printf("spec: text assert_malformed (non-SIMD): %ld of %ld rejected\n", malformed_rejected, malformed_quote);
    printf("spec: text assert_malformed (SIMD): %ld of %ld rejected\n", simd_rejected, simd_quote);
    printf("spec: text modules outside assert_malformed: %ld of %ld encode\n", modules_ok, modules);
    printf("spec: text assert_malformed errors containing the expected message: %ld of %ld\n", wording_ok, wording_total);
    CHECK(files > 0);
    CHECK(malformed_rejected == malformed_quote && malformed_quote > 0);
    CHECK(simd_rejected == simd_quote);
    CHECK(wording_ok == wording_total);
    CHECK(modules_ok == modules && modules > 0);
}

int main(void)
{
    test_lexer();
    test_literals();
    test_encoding();
    test_errors();
    test_deep();
    test_script();
    test_oom();
    test_spec();
    TEST_DONE("test_text");
}
