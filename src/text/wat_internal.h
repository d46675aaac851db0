/* wat_internal.h: state shared by the WAT module parser files (wat.c, wat_instr.c). */
#ifndef SK_WAT_INTERNAL_H
#define SK_WAT_INTERNAL_H

#include "text_internal.h"

/* Deepest nesting of blocks and folded instructions accepted (keeps recursion off the stack's end). */
#define SK_WAT_MAX_DEPTH 10000

enum { SP_TYPE, SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_ELEM, SP_DATA, SP_LOCAL, SP_COUNT };

/* A name table: $name -> index, open addressing over token text. */
typedef struct wat_slot {
    const char *p;
    uint32_t len;
    uint32_t idx;
} wat_slot;
typedef struct wat_names {
    wat_slot *slots;
    uint32_t cap, used;
    uint32_t count; /* indices handed out so far (named or not) */
} wat_names;

typedef struct wat_functype {
    uint8_t *types; /* params then results */
    uint32_t nparams, nresults;
} wat_functype;

typedef struct wat_label {
    const sk_tok *id; /* NULL when unnamed */
} wat_label;

typedef struct wat_parser {
    const sk_tok *t;
    uint32_t pos, end;
    const char *file;
    sk_error *err;
    wat_names names[SP_COUNT];
    SK_VEC(wat_functype) types;
    uint32_t *type_slots; /* hash of signatures -> first type index + 1 (0 = empty) */
    uint32_t type_cap, type_used;
    SK_VEC(wat_label) labels;
    SK_VEC(uint8_t) local_types; /* types of params and locals of the current function */
    uint32_t ndefs[SP_COUNT];    /* pass 2: indices handed out so far per space */
    sk_buf sec[13];
    uint32_t count[13];
    uint32_t depth; /* nesting of blocks and folded instructions (bounded: the parser recurses) */
    bool has_start;
    bool uses_datacount;
    bool oom;
} wat_parser;

/* Helpers shared by wat.c and wat_instr.c */
SK_INTERNAL bool sk_wat_fail(wat_parser *p, const sk_tok *t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
SK_INTERNAL bool sk_wat_oom(wat_parser *p);
SK_INTERNAL const sk_tok *sk_wat_cur(wat_parser *p);
SK_INTERNAL const sk_tok *sk_wat_peek(wat_parser *p, uint32_t k);
SK_INTERNAL bool sk_wat_lpar_kw(wat_parser *p, const char *kw);
SK_INTERNAL bool sk_wat_expect_rpar(wat_parser *p);
SK_INTERNAL bool sk_wat_names_find(const wat_names *n, const char *s, uint32_t len, uint32_t *idx);
SK_INTERNAL bool sk_wat_var(wat_parser *p, int space, uint32_t *out);
SK_INTERNAL bool sk_wat_is_var(const sk_tok *t);
SK_INTERNAL bool sk_wat_valtype(wat_parser *p, uint8_t *out);
SK_INTERNAL bool sk_wat_is_valtype_tok(const sk_tok *t);
/* A parsed type use: (type x)? (param ...)* (result ...)*. */
typedef struct wat_typeuse {
    bool has_type;   /* (type x) given */
    uint32_t idx;    /* x */
    bool has_inline; /* some (param) or (result) given */
    SK_VEC(uint8_t) params;
    SK_VEC(uint8_t) results;
} wat_typeuse;
/* Parses a type use. When bind_names, parameter ids become local names and
 * parameter types are pushed as locals; allow_ids=false rejects named parameters
 * (block types, call_indirect). Checks inline types against (type x). */
SK_INTERNAL bool sk_wat_typeuse_parse(wat_parser *p, wat_typeuse *u, bool bind_names, bool allow_ids);
/* The type index of a type use: x, or the first type equal to the inline
 * signature, or a new type appended at the end of the type section. */
SK_INTERNAL bool sk_wat_typeuse_index(wat_parser *p, wat_typeuse *u, uint32_t *idx);
SK_INTERNAL void sk_wat_typeuse_free(wat_typeuse *u);
SK_INTERNAL bool sk_wat_typeuse(wat_parser *p, uint32_t *typeidx, bool bind_names, bool allow_ids); /* parse + index */
/* Instruction sequences until ')' (function bodies and constant expressions). */
SK_INTERNAL bool sk_wat_instrs(wat_parser *p, sk_buf *b);
SK_INTERNAL bool sk_wat_expr(wat_parser *p, sk_buf *b); /* instrs then `end` */
/* One folded instruction `( ... )` (elem items, offsets). */
SK_INTERNAL bool sk_wat_folded(wat_parser *p, sk_buf *b);

#endif
