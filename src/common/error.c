/* error.c: the one error helper (load-time errors) and trap wording. */
#include "common.h"
#include <stdarg.h>
#include <stdio.h>

bool sk_err(sk_error *e, int64_t offset, const char *fmt, ...)
{
    if (!e || e->msg[0]) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    if (!e->msg[0]) snprintf(e->msg, sizeof e->msg, "error");
    e->offset = offset;
    return false;
}

bool sk_err_text(sk_error *e, const char *file, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (!e || e->msg[0]) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    if (!e->msg[0]) snprintf(e->msg, sizeof e->msg, "error");
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    e->col = col;
    e->offset = -1;
    return false;
}

void sk_error_clear(sk_error *e)
{
    if (!e) return;
    memset(e, 0, sizeof *e);
    e->offset = -1;
}

void sk_error_format(const sk_error *e, char *buf, size_t size)
{
    if (!e || !e->msg[0]) {
        snprintf(buf, size, "no error");
    } else if (e->line) {
        snprintf(buf, size, "%s:%u:%u: %s", e->file[0] ? e->file : "<input>", e->line, e->col, e->msg);
    } else if (e->offset >= 0) {
        snprintf(buf, size, "%s%s@0x%llx: %s", e->where, e->where[0] ? " " : "", (unsigned long long)e->offset,
                 e->msg);
    } else {
        snprintf(buf, size, "%s%s%s", e->where, e->where[0] ? ": " : "", e->msg);
    }
}

const char *sk_trap_kind_message(sk_trap_kind k)
{
    switch (k) {
#define X(id, msg) \
    case SK_TRAP_##id: return msg;
        SK_TRAPS(X)
#undef X
    case SK_TRAP_NONE: break;
    }
    return "no trap";
}
