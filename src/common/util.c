/* util.c: small shared helpers: names of types, UTF-8 check, file reading. */
#include "common.h"
#include <errno.h>
#include <stdio.h>

const char *sk_valtype_name(uint8_t t)
{
    switch (t) {
    case SK_I32: return "i32";
    case SK_I64: return "i64";
    case SK_F32: return "f32";
    case SK_F64: return "f64";
    case SK_V128: return "v128";
    case SK_FUNCREF: return "funcref";
    case SK_EXTERNREF: return "externref";
    }
    return "<invalid type>";
}

const char *sk_externkind_name(uint8_t k)
{
    static const char *names[] = {"func", "table", "memory", "global"};
    return k < 4 ? names[k] : "<invalid kind>";
}

/* Strict UTF-8 (no overlongs, no surrogates, max U+10FFFF). */
bool sk_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

bool sk_read_file(const char *path, uint8_t **out, size_t *len, sk_error *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) return sk_err(e, -1, "cannot open %s: %s", path, strerror(errno));
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *nb = sk_realloc(buf, ncap);
            if (!nb) {
                sk_free(buf);
                fclose(f);
                return sk_err(e, -1, "out of memory reading %s", path);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        sk_free(buf);
        return sk_err(e, -1, "cannot read %s", path);
    }
    *out = buf;
    *len = n;
    return true;
}
