/* blocktype.c: the block type immediate reader, shared by the validator and the lowering pass. */
#include "validate.h"

bool sk_read_blocktype(const sk_module *m, sk_reader *r, sk_blocktype *out)
{
    int64_t off = sk_reader_offset(r);
    if (sk_reader_eof(r)) return sk_err(r->err, off, "unexpected end");
    uint8_t b = *r->p;
    out->params = out->results = NULL;
    out->nparams = out->nresults = 0;
    out->single = 0;
    if (b == 0x40) {
        r->p++;
        return true;
    }
    /* One-byte negative s33 values (bit 6 set, bit 7 clear) are value types.
     * v128 is returned as is: the validator decides whether SIMD is accepted. */
    if ((b & 0xC0) == 0x40) {
        r->p++;
        if (!sk_is_valtype(b)) return sk_err(r->err, off, "malformed value type");
        out->single = b;
        out->results = &out->single;
        out->nresults = 1;
        return true;
    }
    int64_t idx = 0;
    if (!sk_read_sleb(r, 33, &idx)) return false;
    if (idx < 0) return sk_err(r->err, off, "malformed value type");
    if ((uint64_t)idx >= m->ntypes) return sk_err(r->err, off, "unknown type %lld", (long long)idx);
    const sk_functype *ft = &m->types[idx];
    out->nparams = ft->nparams;
    out->params = ft->params;
    out->nresults = ft->nresults;
    out->results = ft->results;
    return true;
}
