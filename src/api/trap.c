/* trap.c: wasm_trap_t: messages, stack traces, and conversion to and from runtime traps. */
#include "api.h"
#include <stdarg.h>
#include <stdio.h>

/* Handed out when a trap record cannot be allocated; never freed or changed. */
static char oom_message[] = "out of memory";
static sk_api_trap oom_trap = {
    .ref = {.kind = SK_API_TRAP, .is_static = true, .refs = 1},
    .kind = SK_TRAP_OOM,
    .message = oom_message,
    .message_len = sizeof oom_message - 1,
};

wasm_trap_t *sk_api_trap_make(sk_trap_kind kind, const char *message, size_t len)
{
    sk_api_trap *t = sk_calloc(1, sizeof *t);
    char *msg = sk_malloc(len + 1);
    if (!t || !msg) {
        sk_free(t);
        sk_free(msg);
        return (wasm_trap_t *)&oom_trap;
    }
    if (len) memcpy(msg, message, len);
    msg[len] = 0;
    t->ref.kind = SK_API_TRAP;
    t->ref.refs = 1;
    t->kind = kind;
    t->message = msg;
    t->message_len = len;
    return (wasm_trap_t *)t;
}

wasm_trap_t *sk_api_trap_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
    return sk_api_trap_make(SK_TRAP_HOST, buf, (size_t)n);
}

static size_t offset_or_max(uint64_t v, uint64_t unknown)
{
    return v == unknown || v > SIZE_MAX ? SIZE_MAX : (size_t)v;
}

wasm_trap_t *sk_api_trap_from_sk(wasm_store_t *s, sk_trap *rt)
{
    const char *msg = rt->message ? rt->message : sk_trap_kind_message(rt->kind);
    wasm_trap_t *w = sk_api_trap_make(rt->kind, msg, strlen(msg));
    sk_api_trap *t = (sk_api_trap *)w;
    if (!t->ref.is_static) {
        t->is_exit = rt->is_exit;
        t->exit_code = rt->exit_code;
        if (rt->nframes && (t->frames = sk_calloc(rt->nframes, sizeof *t->frames))) {
            t->nframes = rt->nframes;
            for (uint32_t i = 0; i < rt->nframes; i++) {
                const sk_frame *f = &rt->frames[i];
                /* An instance record that cannot be made leaves the frame without one. */
                t->frames[i].instance = f->inst ? (wasm_instance_t *)sk_api_wrap(s, SK_API_INSTANCE, f->inst) : NULL;
                t->frames[i].func_index = f->func_idx;
                t->frames[i].func_offset = offset_or_max(f->func_offset, UINT32_MAX);
                t->frames[i].module_offset = offset_or_max(f->module_offset, UINT64_MAX);
            }
        }
    }
    sk_trap_free(rt);
    return w;
}

sk_trap *sk_api_trap_to_sk(const wasm_trap_t *w)
{
    const sk_api_trap *t = (const sk_api_trap *)w;
    sk_trap *rt = sk_trap_new(t->kind == SK_TRAP_NONE ? SK_TRAP_HOST : t->kind, t->message);
    if (rt && t->is_exit) {
        rt->is_exit = true;
        rt->exit_code = t->exit_code;
    }
    return rt;
}

wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *message)
{
    if (!store || !message) return NULL;
    size_t len = message->size;
    /* The message is NUL-terminated by convention; keep it without the NUL. */
    if (len && message->data[len - 1] == 0) len--;
    wasm_trap_t *t = sk_api_trap_make(SK_TRAP_NONE, message->data, len);
    return t == (wasm_trap_t *)&oom_trap ? NULL : t;
}

void wasm_trap_message(const wasm_trap_t *w, wasm_message_t *out)
{
    const sk_api_trap *t = (const sk_api_trap *)w;
    wasm_byte_vec_new(out, t->message_len + 1, t->message);
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *w)
{
    const sk_api_trap *t = (const sk_api_trap *)w;
    return t->nframes ? wasm_frame_copy(&t->frames[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *w, wasm_frame_vec_t *out)
{
    const sk_api_trap *t = (const sk_api_trap *)w;
    wasm_frame_vec_new_uninitialized(out, t->nframes);
    if (out->size != t->nframes) return;
    for (uint32_t i = 0; i < t->nframes; i++) {
        if (!(out->data[i] = wasm_frame_copy(&t->frames[i]))) {
            wasm_frame_vec_delete(out);
            return;
        }
    }
}
