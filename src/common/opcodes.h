/* opcodes.h: the opcode enum and info table, generated from opcodes.def. */
#ifndef SK_OPCODES_H
#define SK_OPCODES_H

#include "common.h"

/* Immediate kinds. What the binary holds after the opcode:
 *   NONE           nothing
 *   BLOCKTYPE      s33: 0x40 (empty), a value type byte, or a type index >= 0
 *   LABEL          u32 label depth
 *   BR_TABLE       vec(u32 label) then u32 default label
 *   FUNC           u32 function index (call, ref.func)
 *   CALL_INDIRECT  u32 type index, then u32 table index
 *   LOCAL          u32 local index
 *   GLOBAL         u32 global index
 *   TABLE          u32 table index
 *   MEMARG         u32 align (log2), then u32 offset
 *   MEMIDX         memory index; in Wasm 2.0 a single 0x00 byte ("zero byte expected")
 *   I32/I64        s32 / s64 LEB128
 *   F32/F64        4 / 8 raw little-endian bytes
 *   SELECT_T       vec(valtype) (Wasm 2.0: exactly one)
 *   REFTYPE        one reftype byte (ref.null)
 *   MEMORY_INIT    u32 data index, then memory index (0x00 byte)
 *   DATA           u32 data index
 *   MEMORY_COPY    two memory indices (0x00 0x00), destination first
 *   TABLE_INIT     u32 elem index, then u32 table index (text order is table then elem)
 *   ELEM           u32 elem index
 *   TABLE_COPY     u32 destination table, u32 source table
 *   V128           16 raw bytes
 *   SHUFFLE        16 lane-index bytes, each < 32
 *   LANE           1 lane-index byte
 *   MEMARG_LANE    memarg, then 1 lane-index byte
 */
#define SK_IMM_KINDS(X)                                                                                               \
    X(NONE) X(BLOCKTYPE) X(LABEL) X(BR_TABLE) X(FUNC) X(CALL_INDIRECT) X(LOCAL) X(GLOBAL) X(TABLE) X(MEMARG)         \
        X(MEMIDX) X(I32) X(I64) X(F32) X(F64) X(SELECT_T) X(REFTYPE) X(MEMORY_INIT) X(DATA) X(MEMORY_COPY)             \
            X(TABLE_INIT) X(ELEM) X(TABLE_COPY) X(V128) X(SHUFFLE) X(LANE) X(MEMARG_LANE)

typedef enum sk_imm_kind {
#define X(k) SK_IMM_##k,
    SK_IMM_KINDS(X)
#undef X
} sk_imm_kind;

typedef enum sk_op {
#define OP(id, text, prefix, code, imm, sig, align) SK_OP_##id,
#include "opcodes.def"
#undef OP
    SK_OP_COUNT,
    SK_OP_INVALID = 0xFFFF
} sk_op;

typedef struct sk_opinfo {
    const char *text;  /* mnemonic */
    uint8_t prefix;    /* 0, 0xFC or 0xFD */
    uint32_t code;     /* opcode byte or sub-opcode */
    uint8_t imm;       /* sk_imm_kind */
    const char *sig;   /* "params>results" or "" (see opcodes.def) */
    uint8_t align;     /* natural alignment, log2 bytes */
} sk_opinfo;

SK_INTERNAL extern const sk_opinfo sk_opinfo_table[SK_OP_COUNT];

/* Dense (prefix, code) -> sk_op tables, filled before main() (opcodes.c). */
#define SK_OP_PREFIX_MAX 256 /* sub-opcodes of 0xFC/0xFD are below this */
SK_INTERNAL extern uint16_t sk_op_single[256];
SK_INTERNAL extern uint16_t sk_op_fc[SK_OP_PREFIX_MAX];
SK_INTERNAL extern uint16_t sk_op_fd[SK_OP_PREFIX_MAX];

/* Maps (prefix, code) to an sk_op, or SK_OP_INVALID for an unknown opcode
 * (the decoder reports "illegal opcode"). O(1), lock-free. */
static inline sk_op sk_op_lookup(uint8_t prefix, uint32_t code)
{
    if (prefix == 0) return code < 256 ? (sk_op)sk_op_single[code] : SK_OP_INVALID;
    if (code >= SK_OP_PREFIX_MAX) return SK_OP_INVALID;
    if (prefix == 0xFC) return (sk_op)sk_op_fc[code];
    if (prefix == 0xFD) return (sk_op)sk_op_fd[code];
    return SK_OP_INVALID;
}
/* Maps a mnemonic to an sk_op, or SK_OP_INVALID. For "select" returns SK_OP_SELECT. */
SK_INTERNAL sk_op sk_op_from_text(const char *text, size_t len);

static inline const sk_opinfo *sk_op_info(sk_op op) { return &sk_opinfo_table[op]; }

#endif
