/* opcodes.c: the info table and lookups generated from opcodes.def. */
#include "opcodes.h"

const sk_opinfo sk_opinfo_table[SK_OP_COUNT] = {
#define OP(id, text, prefix, code, imm, sig, align) {text, prefix, code, SK_IMM_##imm, sig, align},
#include "opcodes.def"
#undef OP
};

/* Dense lookup tables, built before main() by a constructor, so lookups are
 * plain loads (no locking on the hot path of the validator and lowering). */
#include <pthread.h>
uint16_t sk_op_single[256];
uint16_t sk_op_fc[SK_OP_PREFIX_MAX];
uint16_t sk_op_fd[SK_OP_PREFIX_MAX];
#define single_tab sk_op_single
#define fc_tab sk_op_fc
#define fd_tab sk_op_fd
#define SK_PREFIX_MAX SK_OP_PREFIX_MAX

__attribute__((constructor)) static void build_tables(void)
{
    for (int i = 0; i < 256; i++) single_tab[i] = SK_OP_INVALID;
    for (int i = 0; i < SK_PREFIX_MAX; i++) fc_tab[i] = fd_tab[i] = SK_OP_INVALID;
    for (int op = 0; op < SK_OP_COUNT; op++) {
        const sk_opinfo *in = &sk_opinfo_table[op];
        uint16_t *tab = in->prefix == 0 ? single_tab : in->prefix == 0xFC ? fc_tab : fd_tab;
        if (in->code < SK_PREFIX_MAX && tab[in->code] == SK_OP_INVALID) tab[in->code] = (uint16_t)op;
    }
}


/* Text lookup: a sorted index of mnemonics, binary-searched. */
static uint16_t by_name[SK_OP_COUNT];
static uint32_t by_name_len;
static pthread_once_t name_once = PTHREAD_ONCE_INIT;

static int cmp_name(const void *a, const void *b)
{
    const sk_opinfo *x = &sk_opinfo_table[*(const uint16_t *)a], *y = &sk_opinfo_table[*(const uint16_t *)b];
    int c = strcmp(x->text, y->text);
    return c ? c : (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

#include <stdlib.h>
static void build_names(void)
{
    for (int op = 0; op < SK_OP_COUNT; op++) by_name[by_name_len++] = (uint16_t)op;
    qsort(by_name, by_name_len, sizeof by_name[0], cmp_name);
}

sk_op sk_op_from_text(const char *text, size_t len)
{
    pthread_once(&name_once, build_names);
    uint32_t lo = 0, hi = by_name_len;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        const char *t = sk_opinfo_table[by_name[mid]].text;
        int c = strncmp(t, text, len);
        if (c == 0 && t[len] != 0) c = 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < by_name_len) {
        const char *t = sk_opinfo_table[by_name[lo]].text;
        if (strncmp(t, text, len) == 0 && t[len] == 0) return (sk_op)by_name[lo];
    }
    return SK_OP_INVALID;
}
