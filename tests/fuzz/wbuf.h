/* wbuf.h: a growable byte buffer with LEB128 and section helpers, for building wasm binaries in tests
 * (fuzz generator, hostile-guest tests). Test code: plain malloc; on OOM `oom` is set and writes stop. */
#ifndef SK_TEST_WBUF_H
#define SK_TEST_WBUF_H
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct wbuf {
    uint8_t *p;
    size_t len, cap;
    bool oom;
} wbuf;

static inline void wb_free(wbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static inline bool wb_reserve(wbuf *b, size_t n)
{
    if (b->oom) return false;
    if (b->len + n <= b->cap) return true;
    size_t nc = b->cap ? b->cap : 64;
    while (nc < b->len + n) nc *= 2;
    uint8_t *np = realloc(b->p, nc);
    if (!np) {
        b->oom = true;
        return false;
    }
    b->p = np;
    b->cap = nc;
    return true;
}

static inline void wb_bytes(wbuf *b, const void *d, size_t n)
{
    if (n && wb_reserve(b, n)) {
        memcpy(b->p + b->len, d, n);
        b->len += n;
    }
}
static inline void wb_byte(wbuf *b, uint8_t x) { wb_bytes(b, &x, 1); }
static inline void wb_fill(wbuf *b, uint8_t x, size_t n)
{
    if (n && wb_reserve(b, n)) {
        memset(b->p + b->len, x, n);
        b->len += n;
    }
}

static inline void wb_uleb(wbuf *b, uint64_t v)
{
    do {
        uint8_t c = v & 0x7f;
        v >>= 7;
        wb_byte(b, c | (v ? 0x80 : 0));
    } while (v);
}

static inline void wb_sleb(wbuf *b, int64_t v)
{
    for (;;) {
        uint8_t c = v & 0x7f;
        v >>= 7; /* arithmetic shift on every compiler we support */
        bool done = (v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40));
        wb_byte(b, c | (done ? 0 : 0x80));
        if (done) break;
    }
}

static inline void wb_name(wbuf *b, const char *s)
{
    size_t n = strlen(s);
    wb_uleb(b, n);
    wb_bytes(b, s, n);
}

/* The 8-byte module header. */
static inline void wb_header(wbuf *b) { wb_bytes(b, "\0asm\1\0\0\0", 8); }

/* Appends section `id` with the contents of `body` (which is then emptied). */
static inline void wb_section(wbuf *b, uint8_t id, wbuf *body)
{
    if (body->oom) b->oom = true;
    wb_byte(b, id);
    wb_uleb(b, body->len);
    wb_bytes(b, body->p, body->len);
    body->len = 0;
}
#endif
