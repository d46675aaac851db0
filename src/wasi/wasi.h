/* wasi.h: WASI preview 1 (`wasi_snapshot_preview1`, and `wasi_unstable`) as host functions.
 *
 * Use:
 *     sk_wasi *w = sk_wasi_new();
 *     sk_wasi_add_arg(w, "prog.wasm");              // argv[0], then the arguments
 *     sk_wasi_add_env(w, "K=V", &err);              // or sk_wasi_inherit_env(w)
 *     sk_wasi_preopen_dir(w, "/host/dir", "/data", &err);  // guest fd 3, 4, ...
 *     sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_CAPTURE, NULL, &err);  // optional
 *     for each import imp of module m:
 *         if (sk_wasi_is_wasi_import(imp)) ext.of.func = sk_wasi_resolve(w, store, m, imp, &err);
 *     instantiate, call `_start`; a trap with is_exit set is proc_exit (exit_code).
 *     sk_wasi_free(w);   // after the store no longer calls into it
 *
 * The sandbox: a guest reaches the host file system only through preopened
 * directories. Paths are resolved component by component with openat and
 * O_NOFOLLOW from the preopen's directory fd; symlinks are followed by hand
 * (at most 32) and only inside the root; absolute paths, `..` above the root
 * (even if a later component would come back in) and symlinks leading out
 * fail with ENOTCAPABLE. Rights (base and inheriting) are enforced.
 *
 * Guest pointers are bounds-checked against the calling instance's memory 0:
 * a bad pointer gives EFAULT (an instance without memory gets EFAULT for any
 * function that touches memory).
 *
 * Threads: a context is used by one thread at a time (the store's thread).
 */
#ifndef SK_WASI_H
#define SK_WASI_H

#include "../common/common.h"
#include "../decode/module.h"
#include "../runtime/runtime.h"

typedef struct sk_wasi sk_wasi;

/* Which WASI a module imports: a bit set (a module may import both). */
typedef enum sk_wasi_version {
    SK_WASI_NONE = 0,
    SK_WASI_UNSTABLE = 1, /* "wasi_unstable" (snapshot 0) */
    SK_WASI_PREVIEW1 = 2, /* "wasi_snapshot_preview1" */
} sk_wasi_version;

/* How a standard stream (fd 0, 1 or 2) is connected. */
typedef enum sk_wasi_stdio {
    SK_WASI_STDIO_INHERIT = 0, /* the host process's own fd 0/1/2 (the default) */
    SK_WASI_STDIO_NULL,        /* /dev/null */
    SK_WASI_STDIO_FILE,        /* a host file: read for stdin, created/truncated for stdout/stderr */
    SK_WASI_STDIO_CAPTURE,     /* output: kept in memory (sk_wasi_captured); stdin: empty */
} sk_wasi_stdio;

/* New context: no args, no env, no preopens, stdio inherited. NULL on OOM. */
SK_INTERNAL sk_wasi *sk_wasi_new(void);
/* Closes every host fd the context opened and frees it. NULL is a no-op. */
SK_INTERNAL void sk_wasi_free(sk_wasi *w);

/* Appends one argument (the first one is argv[0]). False on OOM. */
SK_INTERNAL bool sk_wasi_add_arg(sk_wasi *w, const char *arg);
/* Appends "KEY=VALUE" to the environment; false (with *err) if there is no '='
 * or the key is empty, or on OOM. A later entry with the same key replaces it. */
SK_INTERNAL bool sk_wasi_add_env(sk_wasi *w, const char *kv, sk_error *err);
/* Copies the host process's environment (entries added later still override). */
SK_INTERNAL bool sk_wasi_inherit_env(sk_wasi *w, sk_error *err);

/* Grants the host directory `host_path` to the guest under the name `guest_path`
 * (NULL: the same as host_path). Preopens get fds 3, 4, ... in the order added.
 * False with *err if the directory cannot be opened. */
SK_INTERNAL bool sk_wasi_preopen_dir(sk_wasi *w, const char *host_path, const char *guest_path, sk_error *err);
/* Parses a command-line "HOST[::GUEST]" and preopens it. */
SK_INTERNAL bool sk_wasi_preopen_spec(sk_wasi *w, const char *spec, sk_error *err);
/* Gives the guest an already open host socket (listening or connected); the
 * context takes ownership of host_fd. Returns the guest fd, or -1 with *err (host_fd is then
 * still the caller's). */
SK_INTERNAL int sk_wasi_preopen_socket(sk_wasi *w, int host_fd, sk_error *err);

/* Connects fd 0, 1 or 2. `path` is used for SK_WASI_STDIO_FILE only. */
SK_INTERNAL bool sk_wasi_set_stdio(sk_wasi *w, int fd, sk_wasi_stdio mode, const char *path, sk_error *err);
/* Makes stdin read from a copy of these bytes. */
SK_INTERNAL bool sk_wasi_set_stdin_bytes(sk_wasi *w, const void *data, size_t len, sk_error *err);
/* What the guest wrote to a captured fd 1 or 2 so far (not NUL-terminated);
 * NULL with *len = 0 if that fd is not captured or nothing was written. */
SK_INTERNAL const uint8_t *sk_wasi_captured(const sk_wasi *w, int fd, size_t *len);
/* Whether fd 1 or 2 was set to SK_WASI_STDIO_CAPTURE (so an empty capture is
 * told apart from no capture). Stays true after the guest closes the fd. */
SK_INTERNAL bool sk_wasi_captured_fd(const sk_wasi *w, int fd);

/* Which WASI module names `m` imports from. */
SK_INTERNAL sk_wasi_version sk_wasi_module_version(const sk_module *m);
/* Whether an import's module name is a WASI one. */
SK_INTERNAL bool sk_wasi_is_wasi_import(const sk_import *imp);

/* The host function for a function import of "wasi_snapshot_preview1" or
 * "wasi_unstable", created in `s` on first use (the store owns it; the context
 * must outlive every call into it). Returns NULL with *err set to
 * "unknown import" (not a WASI function) or "incompatible import type" (the
 * import's type is not the function's). */
SK_INTERNAL sk_func *sk_wasi_resolve(sk_wasi *w, sk_store *s, const sk_module *m, const sk_import *imp,
                                     sk_error *err);

#endif
