/* lz.c: Snappy-style LZ77 compressor: hash of 4-byte windows, literal runs and back-reference copies. */
#include "bench.h"
#include <string.h>

#define HASH_BITS 14

static uint32_t load32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint8_t *put_varint(uint8_t *o, uint32_t v)
{
    while (v >= 0x80) { *o++ = (uint8_t)(v | 0x80); v >>= 7; }
    *o++ = (uint8_t)v;
    return o;
}

static uint8_t *emit_literal(uint8_t *o, const uint8_t *s, uint32_t len)
{
    /* tag 0: literal, length in the upper 6 bits or following bytes */
    if (len <= 60) {
        *o++ = (uint8_t)((len - 1) << 2);
    } else {
        *o++ = 61 << 2;
        *o++ = (uint8_t)(len - 1);
        *o++ = (uint8_t)((len - 1) >> 8);
    }
    memcpy(o, s, len);
    return o + len;
}

static uint8_t *emit_copy(uint8_t *o, uint32_t off, uint32_t len)
{
    while (len > 0) {
        uint32_t l = len > 64 ? 64 : len;
        if (len - l < 4 && len > 64) l = len - 4;  /* keep the remainder >= 4 */
        *o++ = (uint8_t)(((l - 1) << 2) | 2);
        *o++ = (uint8_t)off;
        *o++ = (uint8_t)(off >> 8);
        len -= l;
    }
    return o;
}

/* Blocks are at most 64 KiB so offsets fit 16 bits. */
static size_t compress_block(const uint8_t *in, uint32_t n, uint8_t *out, uint16_t *table)
{
    uint8_t *o = out;
    memset(table, 0, sizeof(uint16_t) << HASH_BITS);
    uint32_t ip = 1, lit = 0;
    if (n < 16) return (size_t)(emit_literal(o, in, n) - out);
    while (ip + 4 <= n - 4) {
        uint32_t v = load32(in + ip);
        uint32_t hsh = (v * 0x1e35a7bdu) >> (32 - HASH_BITS);
        uint32_t cand = table[hsh];
        table[hsh] = (uint16_t)ip;
        if (cand < ip && load32(in + cand) == v) {
            if (ip > lit) {
                uint32_t l = ip - lit;
                while (l > 0) {
                    uint32_t c = l > 65536 ? 65536 : l;
                    o = emit_literal(o, in + lit, c);
                    lit += c;
                    l -= c;
                }
            }
            uint32_t len = 4;
            while (ip + len < n && in[cand + len] == in[ip + len]) len++;
            o = emit_copy(o, ip - cand, len);
            ip += len;
            lit = ip;
        } else {
            ip++;
        }
    }
    if (n > lit) o = emit_literal(o, in + lit, n - lit);
    return (size_t)(o - out);
}

static size_t decompress_block(const uint8_t *in, size_t n, uint8_t *out)
{
    const uint8_t *ip = in, *end = in + n;
    uint8_t *o = out;
    while (ip < end) {
        uint8_t tag = *ip++;
        if ((tag & 3) == 0) {
            uint32_t len = (tag >> 2) + 1u;
            if (len > 60) { len = (uint32_t)(ip[0] | ip[1] << 8) + 1; ip += 2; }
            memcpy(o, ip, len);
            o += len;
            ip += len;
        } else {
            uint32_t len = (tag >> 2) + 1u, off = (uint32_t)(ip[0] | ip[1] << 8);
            ip += 2;
            const uint8_t *src = o - off;
            for (uint32_t i = 0; i < len; i++) o[i] = src[i];  /* may overlap */
            o += len;
        }
    }
    return (size_t)(o - out);
}

static const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "wasm",
                              "module", "function", "table", "memory", "global", "export", "import",
                              "interpreter", "compiler", "benchmark", "snappy", "stream", "block"};

int main(int argc, char **argv)
{
    long rounds = bench_scale(argc, argv, 30);
    const uint32_t N = 4u << 20, BLK = 65536;
    uint8_t *buf = malloc(N), *cmp = malloc(N + N / 4 + 64 * 1024), *dec = malloc(N);
    uint16_t *table = malloc(sizeof(uint16_t) << HASH_BITS);
    if (!buf || !cmp || !dec || !table) return 1;
    uint64_t seed = 42, h = 14695981039346656037ULL;
    /* Text-like data: words with occasional random bytes, so both literals and copies occur. */
    for (uint32_t i = 0; i < N;) {
        uint64_t r = bench_rand(&seed);
        if ((r & 15) == 0) {
            buf[i++] = (uint8_t)(r >> 8);
        } else {
            const char *w = words[(r >> 8) % (sizeof words / sizeof *words)];
            for (; *w && i < N; w++) buf[i++] = (uint8_t)*w;
            if (i < N) buf[i++] = ' ';
        }
    }
    for (long r = 0; r < rounds; r++) {
        buf[(r * 7919) % N] ^= (uint8_t)r;  /* vary the input between rounds */
        size_t total = 0;
        uint32_t sizes[64 + 1];
        size_t clen = 0;
        for (uint32_t b = 0, k = 0; b < N; b += BLK, k++) {
            uint32_t bl = N - b < BLK ? N - b : BLK;
            size_t c = compress_block(buf + b, bl, cmp + clen + 5, table);
            uint8_t *hdr = put_varint(cmp + clen, (uint32_t)c);
            memmove(hdr, cmp + clen + 5, c);
            sizes[k] = (uint32_t)c;
            clen = (size_t)(hdr - cmp) + c;
        }
        size_t ip = 0;
        for (uint32_t k = 0; ip < clen; k++) {
            uint32_t c = 0, sh = 0;
            while (cmp[ip] & 0x80) c |= (uint32_t)(cmp[ip++] & 0x7f) << sh, sh += 7;
            c |= (uint32_t)cmp[ip++] << sh;
            if (c != sizes[k]) { printf("bad header\n"); return 1; }
            total += decompress_block(cmp + ip, c, dec + total);
            ip += c;
        }
        if (total != N || memcmp(buf, dec, N) != 0) { printf("roundtrip mismatch\n"); return 1; }
        h = bench_mix(h, clen);
    }
    bench_print("lz", h);
    return 0;
}
