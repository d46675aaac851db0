/* trap.c: trap objects (kind, message, backtrace), with static fallbacks for out-of-memory. */
#include "runtime.h"
#include <stdarg.h>
#include <stdio.h>

/* One preallocated trap per kind, handed out when allocation fails so a trap is
 * never lost; the message is the kind's spec wording. sk_trap_free ignores them
 * and nothing may write to their message. */
static sk_trap fallback_traps[] = {
    [SK_TRAP_NONE] = {SK_TRAP_HOST, (char *)"host trap", NULL, 0, false, 0},
#define X(id, msg) [SK_TRAP_##id] = {SK_TRAP_##id, (char *)msg, NULL, 0, false, 0},
    SK_TRAPS(X)
#undef X
};

static bool is_fallback(const sk_trap *t)
{
    return t >= fallback_traps && t < fallback_traps + SK_ARRAY_LEN(fallback_traps);
}

static sk_trap *fallback(sk_trap_kind kind)
{
    if ((unsigned)kind >= SK_ARRAY_LEN(fallback_traps)) kind = SK_TRAP_HOST;
    sk_trap *t = &fallback_traps[kind];
    /* A caller may have marked an earlier hand-out (e.g. is_exit); reset it. */
    t->frames = NULL;
    t->nframes = 0;
    t->is_exit = false;
    t->exit_code = 0;
    return t;
}

/* Takes ownership of `message` (which may be NULL on OOM). */
static sk_trap *make(sk_trap_kind kind, char *message)
{
    if (!message) return fallback(kind);
    sk_trap *t = sk_calloc(1, sizeof *t);
    if (!t) {
        sk_free(message);
        return fallback(kind);
    }
    t->kind = kind;
    t->message = message;
    return t;
}

sk_trap *sk_trap_new(sk_trap_kind kind, const char *msg)
{
    if (!msg) msg = sk_trap_kind_message(kind);
    return make(kind, sk_strndup(msg, strlen(msg)));
}

sk_trap *sk_trap_newf(sk_trap_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return sk_trap_new(kind, NULL);
    char *buf = sk_malloc((size_t)n + 1);
    if (buf) {
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return make(kind, buf);
}

void sk_trap_free(sk_trap *t)
{
    if (!t || is_fallback(t)) return;
    sk_free(t->message);
    sk_free(t->frames);
    sk_free(t);
}

void sk_trap_push_frame(sk_trap *t, sk_instance *inst, uint32_t func_idx, uint32_t func_offset,
                        uint64_t module_offset)
{
    if (!t || is_fallback(t) || t->nframes == UINT32_MAX) return;
    /* Capacity is implicit: the next power of two >= nframes, so deep unwinds stay linear. */
    uint32_t n = t->nframes;
    if (n == 0 || (n & (n - 1)) == 0) {
        uint64_t cap = n ? (uint64_t)n * 2 : 1;
        if (cap > UINT32_MAX) cap = UINT32_MAX;
        sk_frame *nf = sk_realloc(t->frames, (size_t)cap * sizeof *nf);
        if (!nf) return;
        t->frames = nf;
    }
    t->frames[n] = (sk_frame){inst, func_idx, func_offset, module_offset};
    t->nframes = n + 1;
}
