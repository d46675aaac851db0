/* reader.h: bounds-checked reading of WebAssembly binary encodings (LEB128 etc.).
 *
 * Shared by the decoder, the validator and the lowering pass. Every read checks
 * bounds; on failure it records the spec's wording in r->err and returns false.
 * Once an error is recorded, later reads keep failing (the first error wins).
 */
#ifndef SK_READER_H
#define SK_READER_H

#include "common.h"

typedef struct sk_reader {
    const uint8_t *base; /* start of the whole module binary (offsets are relative to it) */
    const uint8_t *p;    /* cursor */
    const uint8_t *end;  /* end of the current region (section, body, ...) */
    sk_error *err;       /* where errors go (may be NULL) */
} sk_reader;

static inline sk_reader sk_reader_make(const uint8_t *base, const uint8_t *p, const uint8_t *end, sk_error *err)
{
    sk_reader r = {base, p, end, err};
    return r;
}
static inline int64_t sk_reader_offset(const sk_reader *r) { return (int64_t)(r->p - r->base); }
static inline bool sk_reader_eof(const sk_reader *r) { return r->p >= r->end; }
static inline size_t sk_reader_left(const sk_reader *r) { return (size_t)(r->end - r->p); }

static inline bool sk_read_u8(sk_reader *r, uint8_t *out)
{
    if (SK_UNLIKELY(r->p >= r->end)) return (void)sk_err(r->err, sk_reader_offset(r), "unexpected end"), false;
    *out = *r->p++;
    return true;
}

static inline bool sk_read_bytes(sk_reader *r, size_t n, const uint8_t **out)
{
    if (SK_UNLIKELY(sk_reader_left(r) < n)) return (void)sk_err(r->err, sk_reader_offset(r), "unexpected end"), false;
    *out = r->p;
    r->p += n;
    return true;
}

/* Unsigned LEB128 of at most `bits` bits (32 or 64). Spec errors:
 * "integer representation too long" (too many bytes), "integer too large"
 * (unused bits of the last byte set), "unexpected end". */
static inline bool sk_read_uleb(sk_reader *r, unsigned bits, uint64_t *out)
{
    uint64_t result = 0;
    unsigned shift = 0;
    unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        if (SK_UNLIKELY(r->p >= r->end)) return (void)sk_err(r->err, sk_reader_offset(r), "unexpected end"), false;
        uint8_t b = *r->p++;
        if (i == max_bytes - 1) {
            if (b & 0x80) return (void)sk_err(r->err, sk_reader_offset(r) - 1, "integer representation too long"), false;
            unsigned used = bits - shift; /* bits still allowed in this byte */
            if (used < 7 && (b >> used) != 0)
                return (void)sk_err(r->err, sk_reader_offset(r) - 1, "integer too large"), false;
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
    }
    *out = result;
    return true;
}

/* Signed LEB128 of at most `bits` bits (32, 33 or 64). */
static inline bool sk_read_sleb(sk_reader *r, unsigned bits, int64_t *out)
{
    uint64_t result = 0;
    unsigned shift = 0;
    unsigned max_bytes = (bits + 6) / 7;
    uint8_t b;
    for (unsigned i = 0;; i++) {
        if (SK_UNLIKELY(r->p >= r->end)) return (void)sk_err(r->err, sk_reader_offset(r), "unexpected end"), false;
        b = *r->p++;
        if (i == max_bytes - 1) {
            if (b & 0x80) return (void)sk_err(r->err, sk_reader_offset(r) - 1, "integer representation too long"), false;
            unsigned used = bits - shift; /* value bits left, the last one is the sign */
            if (used < 7) {
                /* the unused high bits must all equal the sign bit */
                int sign = (b >> (used - 1)) & 1;
                uint8_t rest = (uint8_t)((b & 0x7F) >> used);
                uint8_t want = sign ? (uint8_t)(0x7F >> used) : 0;
                if (rest != want) return (void)sk_err(r->err, sk_reader_offset(r) - 1, "integer too large"), false;
            }
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
    }
    if (shift < 64 && (b & 0x40)) result |= ~(uint64_t)0 << shift;
    *out = (int64_t)result;
    return true;
}

static inline bool sk_read_u32(sk_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!sk_read_uleb(r, 32, &v)) return false;
    *out = (uint32_t)v;
    return true;
}
static inline bool sk_read_s32(sk_reader *r, int32_t *out)
{
    int64_t v;
    if (!sk_read_sleb(r, 32, &v)) return false;
    *out = (int32_t)v;
    return true;
}
static inline bool sk_read_s64(sk_reader *r, int64_t *out) { return sk_read_sleb(r, 64, out); }
static inline bool sk_read_f32(sk_reader *r, uint32_t *bits)
{
    const uint8_t *b;
    if (!sk_read_bytes(r, 4, &b)) return false;
    memcpy(bits, b, 4); /* little-endian hosts only (x86-64, aarch64) */
    return true;
}
static inline bool sk_read_f64(sk_reader *r, uint64_t *bits)
{
    const uint8_t *b;
    if (!sk_read_bytes(r, 8, &b)) return false;
    memcpy(bits, b, 8);
    return true;
}

#endif
