/* wasi_ctx.c: the WASI context (args, env, preopens, stdio), the fd table and host errno mapping. */
#define _GNU_SOURCE /* openat O_PATH, accept4, IOV_MAX, renameat */
#include "wasi_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

#define WASI_MAX_FDS 65536u /* guest fds; beyond this, EMFILE */

static char *dup_str(const char *s) { return sk_strndup(s, strlen(s)); }

sk_wasi *sk_wasi_new(void)
{
    sk_wasi *w = sk_calloc(1, sizeof *w);
    if (!w) return NULL;
    w->fds = sk_calloc(8, sizeof *w->fds);
    if (!w->fds) {
        sk_free(w);
        return NULL;
    }
    w->nfds = 8;
    for (int i = 0; i < 3; i++) {
        sk_error err;
        sk_error_clear(&err);
        if (!sk_wasi_set_stdio(w, i, SK_WASI_STDIO_INHERIT, NULL, &err)) {
            sk_wasi_free(w);
            return NULL;
        }
    }
    return w;
}

void wasi_fd_release(wasi_fd *e)
{
    if (!e->used) return;
    if (e->owned && e->host_fd >= 0) close(e->host_fd);
    sk_free(e->preopen);
    SK_VEC_FREE(e->buf);
    memset(e, 0, sizeof *e);
    e->host_fd = -1;
}

void sk_wasi_free(sk_wasi *w)
{
    if (!w) return;
    for (uint32_t i = 0; i < w->args.len; i++) sk_free(w->args.data[i]);
    for (uint32_t i = 0; i < w->env.len; i++) sk_free(w->env.data[i]);
    SK_VEC_FREE(w->args);
    SK_VEC_FREE(w->env);
    for (uint32_t i = 0; i < w->nfds; i++) wasi_fd_release(&w->fds[i]);
    sk_free(w->fds);
    for (int k = 0; k < 3; k++) SK_VEC_FREE(w->capture[k]);
    for (int k = 0; k < 2; k++) {
        sk_free(w->funcs[k]);
        sk_free(w->bindings[k]);
    }
    sk_free(w);
}

bool sk_wasi_add_arg(sk_wasi *w, const char *arg)
{
    char *s = dup_str(arg);
    if (!s) return false;
    if (!SK_VEC_PUSH(w->args, s)) {
        sk_free(s);
        return false;
    }
    return true;
}

bool sk_wasi_add_env(sk_wasi *w, const char *kv, sk_error *err)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) return sk_err(err, -1, "environment entry '%s' is not KEY=VALUE", kv);
    size_t klen = (size_t)(eq - kv) + 1;
    char *s = dup_str(kv);
    if (!s) return sk_err(err, -1, "out of memory");
    for (uint32_t i = 0; i < w->env.len; i++)
        if (strncmp(w->env.data[i], kv, klen) == 0) {
            sk_free(w->env.data[i]);
            w->env.data[i] = s;
            return true;
        }
    if (!SK_VEC_PUSH(w->env, s)) {
        sk_free(s);
        return sk_err(err, -1, "out of memory");
    }
    return true;
}

bool sk_wasi_inherit_env(sk_wasi *w, sk_error *err)
{
    for (char **e = environ; e && *e; e++)
        if (strchr(*e, '=') && **e != '=' && !sk_wasi_add_env(w, *e, err)) return false;
    return true;
}

uint16_t wasi_fd_alloc(sk_wasi *w, uint32_t *fd)
{
    for (uint32_t i = 0; i < w->nfds; i++)
        if (!w->fds[i].used) {
            memset(&w->fds[i], 0, sizeof w->fds[i]);
            w->fds[i].used = true;
            w->fds[i].host_fd = -1;
            *fd = i;
            return 0;
        }
    if (w->nfds >= WASI_MAX_FDS) return W_EMFILE;
    uint32_t n = w->nfds * 2;
    wasi_fd *nf = sk_realloc(w->fds, (size_t)n * sizeof *nf);
    if (!nf) return W_ENOMEM;
    memset(nf + w->nfds, 0, (size_t)(n - w->nfds) * sizeof *nf);
    w->fds = nf;
    *fd = w->nfds;
    w->nfds = n;
    nf[*fd].used = true;
    nf[*fd].host_fd = -1;
    return 0;
}

uint16_t wasi_fd_get(sk_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out)
{
    if (fd >= w->nfds || !w->fds[fd].used) return W_EBADF;
    wasi_fd *e = &w->fds[fd];
    if ((e->rights_base & rights) != rights) return W_ENOTCAPABLE;
    *out = e;
    return 0;
}

uint8_t wasi_filetype_of(int host_fd, unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return W_FT_REG;
    case S_IFDIR: return W_FT_DIR;
    case S_IFCHR: return W_FT_CHAR;
    case S_IFBLK: return W_FT_BLOCK;
    case S_IFLNK: return W_FT_SYMLINK;
    case S_IFSOCK: {
        int type = 0;
        socklen_t len = sizeof type;
        if (host_fd >= 0 && getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
            return W_FT_SOCK_DGRAM;
        return W_FT_SOCK_STREAM;
    }
    default: return W_FT_UNKNOWN; /* FIFOs have no WASI type */
    }
}

uint64_t wasi_rights_for(uint8_t filetype)
{
    switch (filetype) {
    case W_FT_REG: return W_RIGHTS_REG;
    case W_FT_DIR: return W_RIGHTS_DIR;
    case W_FT_BLOCK: return W_RIGHTS_REG;
    case W_FT_SOCK_DGRAM:
    case W_FT_SOCK_STREAM: return W_RIGHTS_SOCK;
    default: return W_RIGHTS_STREAM;
    }
}

static uint16_t fdflags_of_host(int host_fd)
{
    int fl = fcntl(host_fd, F_GETFL);
    uint16_t f = 0;
    if (fl < 0) return 0;
    if (fl & O_APPEND) f |= W_FDFLAG_APPEND;
    if (fl & O_NONBLOCK) f |= W_FDFLAG_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC) f |= W_FDFLAG_SYNC;
    else if (fl & O_DSYNC) f |= W_FDFLAG_DSYNC;
    return f;
}

/* Fills entry e for an open host fd. */
static void setup_host_entry(wasi_fd *e, int host_fd, bool owned)
{
    struct stat st;
    e->kind = WASI_FD_HOST;
    e->host_fd = host_fd;
    e->owned = owned;
    e->filetype = fstat(host_fd, &st) == 0 ? wasi_filetype_of(host_fd, st.st_mode) : W_FT_UNKNOWN;
    e->rights_base = wasi_rights_for(e->filetype);
    e->rights_inh = e->filetype == W_FT_DIR ? (W_RIGHTS_DIR | W_RIGHTS_REG) : 0;
    e->fdflags = fdflags_of_host(host_fd);
}

bool sk_wasi_set_stdio(sk_wasi *w, int fd, sk_wasi_stdio mode, const char *path, sk_error *err)
{
    if (fd < 0 || fd > 2) return sk_err(err, -1, "stdio fd must be 0, 1 or 2");
    int hfd = fd;
    bool owned = false;
    if (mode == SK_WASI_STDIO_NULL || mode == SK_WASI_STDIO_FILE) {
        const char *p = mode == SK_WASI_STDIO_NULL ? "/dev/null" : path;
        if (!p) return sk_err(err, -1, "no file given for fd %d", fd);
        hfd = fd == 0 ? open(p, O_RDONLY | O_CLOEXEC) : open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (hfd < 0) return sk_err(err, -1, "cannot open %s: %s", p, strerror(errno));
        owned = true;
    }
    wasi_fd *e = &w->fds[fd];
    wasi_fd_release(e);
    e->used = true;
    w->capturing[fd] = mode == SK_WASI_STDIO_CAPTURE;
    if (mode == SK_WASI_STDIO_CAPTURE) {
        e->kind = fd == 0 ? WASI_FD_BYTES : WASI_FD_CAPTURE;
        e->cap_idx = (uint8_t)fd;
        e->host_fd = -1;
        e->filetype = W_FT_CHAR;
        e->rights_base = W_RIGHTS_STREAM;
        e->rights_inh = 0;
        return true;
    }
    setup_host_entry(e, hfd, owned);
    return true;
}

bool sk_wasi_set_stdin_bytes(sk_wasi *w, const void *data, size_t len, sk_error *err)
{
    if (len > UINT32_MAX - 1) return sk_err(err, -1, "stdin data too large");
    if (!sk_wasi_set_stdio(w, 0, SK_WASI_STDIO_CAPTURE, NULL, err)) return false;
    wasi_fd *e = &w->fds[0];
    if (len && !sk_grow((void **)&e->buf.data, &e->buf.cap, (uint32_t)len, 1)) return sk_err(err, -1, "out of memory");
    if (len) memcpy(e->buf.data, data, len);
    e->buf.len = (uint32_t)len;
    return true;
}

const uint8_t *sk_wasi_captured(const sk_wasi *w, int fd, size_t *len)
{
    *len = 0;
    if (fd < 1 || fd > 2 || !w->capture[fd].len) return NULL;
    *len = w->capture[fd].len;
    return w->capture[fd].data;
}

bool sk_wasi_captured_fd(const sk_wasi *w, int fd) { return fd >= 1 && fd <= 2 && w->capturing[fd]; }

bool sk_wasi_preopen_dir(sk_wasi *w, const char *host_path, const char *guest_path, sk_error *err)
{
    if (!guest_path) guest_path = host_path;
    if (!*host_path || !*guest_path) return sk_err(err, -1, "empty directory name");
    int hfd = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (hfd < 0) return sk_err(err, -1, "cannot open directory %s: %s", host_path, strerror(errno));
    char *name = dup_str(guest_path);
    uint32_t fd;
    if (!name || wasi_fd_alloc(w, &fd)) {
        sk_free(name);
        close(hfd);
        return sk_err(err, -1, "out of memory");
    }
    wasi_fd *e = &w->fds[fd];
    setup_host_entry(e, hfd, true);
    e->preopen = name;
    return true;
}

bool sk_wasi_preopen_spec(sk_wasi *w, const char *spec, sk_error *err)
{
    const char *sep = strstr(spec, "::");
    if (!sep) return sk_wasi_preopen_dir(w, spec, NULL, err);
    char *host = sk_strndup(spec, (size_t)(sep - spec));
    if (!host) return sk_err(err, -1, "out of memory");
    bool ok = sk_wasi_preopen_dir(w, host, sep + 2, err);
    sk_free(host);
    return ok;
}

int sk_wasi_preopen_socket(sk_wasi *w, int host_fd, sk_error *err)
{
    struct stat st;
    if (fstat(host_fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        sk_err(err, -1, "fd %d is not a socket", host_fd);
        return -1;
    }
    uint32_t fd;
    if (wasi_fd_alloc(w, &fd)) {
        sk_err(err, -1, "out of memory");
        return -1;
    }
    setup_host_entry(&w->fds[fd], host_fd, true);
    return (int)fd;
}

bool wasi_put32(wasi_call *c, uint32_t ptr, uint32_t v)
{
    if (!wasi_mem_ok(c, ptr, 4)) return false;
    wasi_st32(c->mem + ptr, v);
    return true;
}

bool wasi_put64(wasi_call *c, uint32_t ptr, uint64_t v)
{
    if (!wasi_mem_ok(c, ptr, 8)) return false;
    wasi_st64(c->mem + ptr, v);
    return true;
}

uint16_t wasi_iovecs(wasi_call *c, uint32_t iovs, uint32_t n, struct iovec **out, int *nout)
{
    *out = NULL;
    *nout = 0;
    if (!wasi_mem_ok(c, iovs, (uint64_t)n * 8)) return W_EFAULT;
    if (n > IOV_MAX) n = IOV_MAX;
    struct iovec *v = sk_malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v) return W_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = c->mem + iovs + (uint64_t)i * 8;
        uint32_t base = wasi_ld32(p), len = wasi_ld32(p + 4);
        if (!wasi_mem_ok(c, base, len)) {
            sk_free(v);
            return W_EFAULT;
        }
        v[i].iov_base = c->mem + base;
        v[i].iov_len = len;
    }
    *out = v;
    *nout = (int)n;
    return 0;
}

uint16_t wasi_errno(int e)
{
    switch (e) {
    case 0: return W_ESUCCESS;
    case E2BIG: return W_E2BIG;
    case EACCES: return W_EACCES;
    case EADDRINUSE: return W_EADDRINUSE;
    case EADDRNOTAVAIL: return W_EADDRNOTAVAIL;
    case EAFNOSUPPORT: return W_EAFNOSUPPORT;
    case EAGAIN: return W_EAGAIN;
    case EALREADY: return W_EALREADY;
    case EBADF: return W_EBADF;
    case EBADMSG: return W_EBADMSG;
    case EBUSY: return W_EBUSY;
    case ECANCELED: return W_ECANCELED;
    case ECHILD: return W_ECHILD;
    case ECONNABORTED: return W_ECONNABORTED;
    case ECONNREFUSED: return W_ECONNREFUSED;
    case ECONNRESET: return W_ECONNRESET;
    case EDEADLK: return W_EDEADLK;
    case EDESTADDRREQ: return W_EDESTADDRREQ;
    case EDOM: return W_EDOM;
    case EDQUOT: return W_EDQUOT;
    case EEXIST: return W_EEXIST;
    case EFAULT: return W_EFAULT;
    case EFBIG: return W_EFBIG;
    case EHOSTUNREACH: return W_EHOSTUNREACH;
    case EIDRM: return W_EIDRM;
    case EILSEQ: return W_EILSEQ;
    case EINPROGRESS: return W_EINPROGRESS;
    case EINTR: return W_EINTR;
    case EINVAL: return W_EINVAL;
    case EIO: return W_EIO;
    case EISCONN: return W_EISCONN;
    case EISDIR: return W_EISDIR;
    case ELOOP: return W_ELOOP;
    case EMFILE: return W_EMFILE;
    case EMLINK: return W_EMLINK;
    case EMSGSIZE: return W_EMSGSIZE;
    case EMULTIHOP: return W_EMULTIHOP;
    case ENAMETOOLONG: return W_ENAMETOOLONG;
    case ENETDOWN: return W_ENETDOWN;
    case ENETRESET: return W_ENETRESET;
    case ENETUNREACH: return W_ENETUNREACH;
    case ENFILE: return W_ENFILE;
    case ENOBUFS: return W_ENOBUFS;
    case ENODEV: return W_ENODEV;
    case ENOENT: return W_ENOENT;
    case ENOEXEC: return W_ENOEXEC;
    case ENOLCK: return W_ENOLCK;
    case ENOLINK: return W_ENOLINK;
    case ENOMEM: return W_ENOMEM;
    case ENOMSG: return W_ENOMSG;
    case ENOPROTOOPT: return W_ENOPROTOOPT;
    case ENOSPC: return W_ENOSPC;
    case ENOSYS: return W_ENOSYS;
    case ENOTCONN: return W_ENOTCONN;
    case ENOTDIR: return W_ENOTDIR;
    case ENOTEMPTY: return W_ENOTEMPTY;
    case ENOTRECOVERABLE: return W_ENOTRECOVERABLE;
    case ENOTSOCK: return W_ENOTSOCK;
    case ENOTSUP: return W_ENOTSUP; /* == EOPNOTSUPP on Linux */
    case ENOTTY: return W_ENOTTY;
    case ENXIO: return W_ENXIO;
    case EOVERFLOW: return W_EOVERFLOW;
    case EOWNERDEAD: return W_EOWNERDEAD;
    case EPERM: return W_EPERM;
    case EPIPE: return W_EPIPE;
    case EPROTO: return W_EPROTO;
    case EPROTONOSUPPORT: return W_EPROTONOSUPPORT;
    case EPROTOTYPE: return W_EPROTOTYPE;
    case ERANGE: return W_ERANGE;
    case EROFS: return W_EROFS;
    case ESPIPE: return W_ESPIPE;
    case ESRCH: return W_ESRCH;
    case ESTALE: return W_ESTALE;
    case ETIMEDOUT: return W_ETIMEDOUT;
    case ETXTBSY: return W_ETXTBSY;
    case EXDEV: return W_EXDEV;
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return W_EAGAIN;
#endif
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return W_ENOTSUP;
#endif
#ifdef ENOTBLK
    case ENOTBLK: return W_ENOTSUP;
#endif
    default: return W_EIO; /* no WASI equivalent */
    }
}
