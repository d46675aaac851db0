/* cli_util.c: helpers shared by the skiff commands: module loading, value text, traps. */
#include "cli.h"
#include <errno.h>
#include <inttypes.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>

static bool is_binary(const uint8_t *b, size_t n) { return n >= 4 && memcmp(b, "\0asm", 4) == 0; }

bool sk_cli_read_module_bytes(const char *path, uint8_t **out, size_t *len, sk_error *err)
{
    uint8_t *buf = NULL;
    size_t n = 0;
    if (!sk_read_file(path, &buf, &n, err)) return false;
    if (is_binary(buf, n)) {
        *out = buf;
        *len = n;
        return true;
    }
    bool ok = sk_wat2wasm((const char *)buf, n, path, out, len, err);
    sk_free(buf);
    return ok;
}

sk_module *sk_cli_load_module(const char *path, sk_error *err)
{
    return sk_cli_load_module_mode(path, sk_guard_pages_available(), err);
}

bool sk_cli_parse_bounds(const char *cmd, const char *val, bool *guard_pages)
{
    if (strcmp(val, "explicit") == 0) {
        *guard_pages = false;
    } else if (strcmp(val, "default") == 0) {
        *guard_pages = sk_guard_pages_available();
    } else if (strcmp(val, "guard") == 0) {
        if (!sk_guard_pages_available()) {
            fprintf(stderr, "skiff %s: --bounds-checks: guard pages are not available on this host\n", cmd);
            return false;
        }
        *guard_pages = true;
    } else {
        fprintf(stderr, "skiff %s: --bounds-checks: unknown mode '%s' (guard, explicit or default)\n", cmd, val);
        return false;
    }
    return true;
}

sk_module *sk_cli_load_module_mode(const char *path, bool guard_pages, sk_error *err)
{
    uint8_t *bytes;
    size_t len;
    if (!sk_cli_read_module_bytes(path, &bytes, &len, err)) return NULL;
    sk_module *m = sk_module_load_mode(bytes, len, guard_pages, err);
    sk_free(bytes);
    if (!m && !sk_error_is_set(err)) sk_err(err, -1, "cannot load module");
    return m;
}

sk_module *sk_cli_decode_module(const char *path, sk_error *err)
{
    uint8_t *bytes;
    size_t len;
    if (!sk_cli_read_module_bytes(path, &bytes, &len, err)) return NULL;
    sk_module *m = sk_decode(bytes, len, err);
    sk_free(bytes);
    if (!m && !sk_error_is_set(err)) sk_err(err, -1, "cannot decode module");
    return m;
}

void sk_cli_print_error(const char *path, const sk_error *err)
{
    char buf[640];
    sk_error_format(err, buf, sizeof buf);
    if (err->line) fprintf(stderr, "skiff: %s\n", buf); /* text errors already name the file */
    else fprintf(stderr, "skiff: %s: %s\n", path, buf);
}

int sk_cli_each_module(const char *cmd, int argc, char **argv, int i, void (*usage)(FILE *),
                       sk_module *(*load)(const char *path, sk_error *err),
                       void (*each)(const char *path, sk_module *m, void *ctx), void *ctx)
{
    if (i >= argc) {
        fprintf(stderr, "skiff %s: no module file given\n", cmd);
        usage(stderr);
        return SK_EXIT_USAGE;
    }
    int rc = SK_EXIT_OK;
    for (; i < argc; i++) {
        sk_error err;
        sk_error_clear(&err);
        sk_module *m = load(argv[i], &err);
        if (!m) {
            sk_cli_print_error(argv[i], &err);
            rc = SK_EXIT_ERROR;
            continue;
        }
        each(argv[i], m, ctx);
        sk_module_free(m);
    }
    return rc;
}

/* ---- Values ---- */

/* Shortest decimal that reads back to the same bits. */
static void format_f32(char *buf, size_t size, uint32_t bits)
{
    float f;
    memcpy(&f, &bits, 4);
    const char *sign = (bits >> 31) ? "-" : "";
    if (isnan(f)) {
        uint32_t payload = bits & 0x7FFFFFu;
        if (payload == 0x400000u) snprintf(buf, size, "%snan", sign);
        else snprintf(buf, size, "%snan:0x%" PRIx32, sign, payload);
        return;
    }
    if (isinf(f)) {
        snprintf(buf, size, "%sinf", sign);
        return;
    }
    for (int p = 1; p <= 9; p++) {
        snprintf(buf, size, "%.*g", p, (double)f);
        float back = strtof(buf, NULL);
        uint32_t bb;
        memcpy(&bb, &back, 4);
        if (bb == bits) return;
    }
    snprintf(buf, size, "%.9g", (double)f);
}

static void format_f64(char *buf, size_t size, uint64_t bits)
{
    double d;
    memcpy(&d, &bits, 8);
    const char *sign = (bits >> 63) ? "-" : "";
    if (isnan(d)) {
        uint64_t payload = bits & 0xFFFFFFFFFFFFFull;
        if (payload == 0x8000000000000ull) snprintf(buf, size, "%snan", sign);
        else snprintf(buf, size, "%snan:0x%" PRIx64, sign, payload);
        return;
    }
    if (isinf(d)) {
        snprintf(buf, size, "%sinf", sign);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, d);
        double back = strtod(buf, NULL);
        uint64_t bb;
        memcpy(&bb, &back, 8);
        if (bb == bits) return;
    }
    snprintf(buf, size, "%.17g", d);
}

void sk_cli_format_val(char *buf, size_t size, uint8_t type, const sk_val *v)
{
    switch (type) {
    case SK_I32: snprintf(buf, size, "%" PRId32, v->i32); return;
    case SK_I64: snprintf(buf, size, "%" PRId64, v->i64); return;
    case SK_F32: format_f32(buf, size, v->u32); return;
    case SK_F64: format_f64(buf, size, v->u64); return;
    case SK_V128: {
        int32_t l[4];
        memcpy(l, v->v128, 16);
        snprintf(buf, size, "i32x4 %" PRId32 " %" PRId32 " %" PRId32 " %" PRId32, l[0], l[1], l[2], l[3]);
        return;
    }
    case SK_FUNCREF:
        if (!v->ref) {
            snprintf(buf, size, "ref.null func");
        } else {
            const sk_func *f = v->ref;
            if (f->inst) snprintf(buf, size, "ref.func %" PRIu32, f->func_idx);
            else snprintf(buf, size, "ref.func <host>");
        }
        return;
    case SK_EXTERNREF:
        if (!v->ref) snprintf(buf, size, "ref.null extern");
        else snprintf(buf, size, "ref.extern %p", v->ref);
        return;
    }
    snprintf(buf, size, "<?>");
}

static bool parse_u64(const char *s, bool *neg, uint64_t *out)
{
    *neg = false;
    if (*s == '-' || *s == '+') {
        *neg = *s == '-';
        s++;
    }
    if (!*s || *s == '-' || *s == '+' || *s == ' ') return false;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s) return false;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno || *end || end == s || *s == '-' || *s == '+') return false;
    *out = v;
    return true;
}

static bool parse_nan_payload(const char *s, uint64_t max, uint64_t *payload, bool *has)
{
    *has = false;
    if (*s == 0) return true;
    if (strncmp(s, ":0x", 3) != 0) return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s + 3, &end, 16);
    if (errno || *end || end == s + 3 || v == 0 || v > max) return false;
    *payload = v;
    *has = true;
    return true;
}

/* v128 as "SHAPE:LANE,LANE,...": i8x16, i16x8, i32x4, i64x2 (integers, signed or unsigned in the
 * lane's range, decimal or 0x hex), f32x4, f64x2 (as f32/f64 arguments); every lane given. */
static bool parse_v128(const char *s, sk_val *out)
{
    static const struct {
        const char *name;
        unsigned bits;
        uint8_t ftype; /* 0 for integer lanes */
    } shapes[] = {{"i8x16", 8, 0}, {"i16x8", 16, 0}, {"i32x4", 32, 0}, {"i64x2", 64, 0},
                  {"f32x4", 32, SK_F32}, {"f64x2", 64, SK_F64}};
    const char *colon = strchr(s, ':');
    if (!colon) return false;
    size_t nl = (size_t)(colon - s);
    for (size_t k = 0; k < SK_ARRAY_LEN(shapes); k++) {
        if (strlen(shapes[k].name) != nl || strncmp(s, shapes[k].name, nl) != 0) continue;
        unsigned bytes = shapes[k].bits / 8, lanes = 16 / bytes;
        const char *p = colon + 1;
        for (unsigned i = 0; i < lanes; i++) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if ((i + 1 < lanes) != (end != NULL) || len == 0 || len >= 64) return false;
            char lane[64];
            memcpy(lane, p, len);
            lane[len] = 0;
            uint64_t bits;
            if (shapes[k].ftype) {
                sk_val fv;
                if (!sk_cli_parse_val(lane, shapes[k].ftype, &fv)) return false;
                bits = shapes[k].ftype == SK_F32 ? fv.u32 : fv.u64;
            } else {
                bool neg;
                if (!parse_u64(lane, &neg, &bits)) return false;
                uint64_t umax = shapes[k].bits == 64 ? UINT64_MAX : (1ull << shapes[k].bits) - 1;
                uint64_t nmax = 1ull << (shapes[k].bits - 1);
                if (neg ? bits > nmax : bits > umax) return false;
                if (neg) bits = 0 - bits;
            }
            memcpy(out->v128 + i * bytes, &bits, bytes); /* little-endian host */
            p = end ? end + 1 : p + len;
        }
        return true;
    }
    return false;
}

bool sk_cli_parse_val(const char *s, uint8_t type, sk_val *out)
{
    memset(out, 0, sizeof *out);
    bool neg;
    uint64_t u;
    switch (type) {
    case SK_I32:
        if (!parse_u64(s, &neg, &u)) return false;
        if (neg ? u > 0x80000000ull : u > 0xFFFFFFFFull) return false;
        out->u32 = neg ? (uint32_t)(0u - (uint32_t)u) : (uint32_t)u;
        return true;
    case SK_I64:
        if (!parse_u64(s, &neg, &u)) return false;
        if (neg && u > 0x8000000000000000ull) return false;
        out->u64 = neg ? 0 - u : u;
        return true;
    case SK_F32:
    case SK_F64: {
        const char *p = s;
        bool minus = false;
        if (*p == '-' || *p == '+') minus = *p++ == '-';
        if (strcmp(p, "inf") == 0 || strcmp(p, "infinity") == 0) {
            if (type == SK_F32) out->u32 = 0x7F800000u | (minus ? 0x80000000u : 0);
            else out->u64 = 0x7FF0000000000000ull | (minus ? 0x8000000000000000ull : 0);
            return true;
        }
        if (strncmp(p, "nan", 3) == 0) {
            uint64_t payload = 0;
            bool has;
            if (type == SK_F32) {
                if (!parse_nan_payload(p + 3, 0x7FFFFF, &payload, &has)) return false;
                out->u32 = 0x7F800000u | (has ? (uint32_t)payload : 0x400000u) | (minus ? 0x80000000u : 0);
            } else {
                if (!parse_nan_payload(p + 3, 0xFFFFFFFFFFFFFull, &payload, &has)) return false;
                out->u64 = 0x7FF0000000000000ull | (has ? payload : 0x8000000000000ull) |
                           (minus ? 0x8000000000000000ull : 0);
            }
            return true;
        }
        if (!*p || isspace((unsigned char)*p) || *p == '-' || *p == '+') return false;
        char *end;
        if (type == SK_F32) {
            float f = strtof(s, &end);
            if (*end || end == s || isinf(f)) return false; /* out of range */
            out->f32 = f;
        } else {
            double d = strtod(s, &end);
            if (*end || end == s || isinf(d)) return false;
            out->f64 = d;
        }
        return true;
    }
    case SK_V128: return parse_v128(s, out);
    case SK_FUNCREF:
        return strcmp(s, "null") == 0;
    case SK_EXTERNREF:
        if (strcmp(s, "null") == 0) return true;
        if (!parse_u64(s, &neg, &u) || neg || u == UINT64_MAX) return false;
        out->ref = (void *)(uintptr_t)(u + 1); /* opaque host value: never null */
        return true;
    }
    return false;
}

void sk_cli_format_functype(char *buf, size_t size, const sk_functype *ft)
{
    size_t n = 0;
    buf[0] = 0;
#define APPEND(...)                                                     \
    do {                                                                \
        if (n < size) {                                                 \
            int w = snprintf(buf + n, size - n, __VA_ARGS__);           \
            if (w > 0) n += (size_t)w;                                  \
        }                                                               \
    } while (0)
    APPEND("(");
    for (uint32_t i = 0; i < ft->nparams; i++) APPEND("%s%s", i ? ", " : "", sk_valtype_name(ft->params[i]));
    APPEND(") -> (");
    for (uint32_t i = 0; i < ft->nresults; i++) APPEND("%s%s", i ? ", " : "", sk_valtype_name(ft->results[i]));
    APPEND(")");
#undef APPEND
}

void sk_cli_func_label(char *buf, size_t size, const sk_instance *inst, uint32_t func_idx)
{
    const char *name = NULL;
    if (inst && inst->module && func_idx < inst->module->nfuncs) name = sk_module_func_name(inst->module, func_idx);
    if (name) snprintf(buf, size, "$%s (func %" PRIu32 ")", name, func_idx);
    else if (inst) snprintf(buf, size, "func %" PRIu32, func_idx);
    else snprintf(buf, size, "<host function>");
}

static void print_frame(FILE *f, uint32_t i, const sk_frame *fr)
{
    char label[200];
    sk_cli_func_label(label, sizeof label, fr->inst, fr->func_idx);
    fprintf(f, "  #%" PRIu32 " %s", i, label);
    if (fr->module_offset != UINT64_MAX) fprintf(f, " at 0x%" PRIx64, fr->module_offset);
    else if (fr->func_offset != UINT32_MAX) fprintf(f, " at +0x%" PRIx32, fr->func_offset);
    fputc('\n', f);
}

static bool same_frame(const sk_frame *a, const sk_frame *b)
{
    return a->inst == b->inst && a->func_idx == b->func_idx && a->module_offset == b->module_offset &&
           a->func_offset == b->func_offset;
}

/* Deep recursion gives huge backtraces: runs of one repeated frame are folded,
 * and only the innermost and outermost frames are shown. */
#define TRAP_FRAMES_HEAD 16
#define TRAP_FRAMES_TAIL 8

void sk_cli_print_trap(FILE *f, const sk_trap *t)
{
    const char *msg = t->message ? t->message : sk_trap_kind_message(t->kind);
    if (!t->nframes || !t->frames) {
        fprintf(f, "skiff: trap: %s\n", msg);
        return;
    }
    char label[200];
    sk_cli_func_label(label, sizeof label, t->frames[0].inst, t->frames[0].func_idx);
    fprintf(f, "skiff: trap: %s\n  in %s\n", msg, label);
    fprintf(f, "backtrace:\n");
    uint32_t shown = 0;
    for (uint32_t i = 0; i < t->nframes;) {
        uint32_t run = 1;
        while (i + run < t->nframes && same_frame(&t->frames[i], &t->frames[i + run])) run++;
        if (shown == TRAP_FRAMES_HEAD && t->nframes - i > TRAP_FRAMES_TAIL) {
            uint32_t skip_to = t->nframes - TRAP_FRAMES_TAIL;
            fprintf(f, "  ... %" PRIu32 " frames omitted ...\n", skip_to - i);
            i = skip_to;
            shown++;
            continue;
        }
        print_frame(f, i, &t->frames[i]);
        shown++;
        if (run > 2) {
            fprintf(f, "  ... the same frame %" PRIu32 " more times ...\n", run - 1);
            i += run;
        } else {
            i++;
        }
    }
}
