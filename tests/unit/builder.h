/* builder.h: a tiny byte-buffer builder for hand-made modules in unit tests. */
#ifndef SK_TEST_BUILDER_H
#define SK_TEST_BUILDER_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    uint8_t b[8192];
    size_t n;
} buf;

static inline void put(buf *x, const void *p, size_t n)
{
    if (x->n + n > sizeof x->b) abort();
    memcpy(x->b + x->n, p, n);
    x->n += n;
}
static inline void put_u8(buf *x, uint8_t v) { put(x, &v, 1); }
static inline void put_leb(buf *x, uint64_t v)
{
    do {
        uint8_t c = v & 0x7F;
        v >>= 7;
        put_u8(x, c | (v ? 0x80 : 0));
    } while (v);
}
static inline void put_str(buf *x, const char *s)
{
    put_leb(x, strlen(s));
    put(x, s, strlen(s));
}
/* Appends literal bytes. */
#define PUT(x, ...)                                    \
    do {                                               \
        static const uint8_t bytes_[] = {__VA_ARGS__}; \
        put((x), bytes_, sizeof bytes_);               \
    } while (0)
/* Starts a module: magic and version. */
static inline void header(buf *x)
{
    x->n = 0;
    PUT(x, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
}
/* Appends a section with the given id and contents. */
static inline void section(buf *x, uint8_t id, const buf *c)
{
    put_u8(x, id);
    put_leb(x, c->n);
    put(x, c->b, c->n);
}
#endif
