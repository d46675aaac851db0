/* wasi_path.c: sandboxed path resolution (openat + O_NOFOLLOW, symlinks followed by hand inside the root), path_*. */
#define _GNU_SOURCE /* openat O_PATH, accept4, IOV_MAX, renameat */
#include "wasi_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define WASI_MAX_SYMLINKS 32
#define WASI_MAX_PATH 65536u /* longest guest path (and expanded path) accepted */

void wasi_path_free(wasi_path *p)
{
    if (p->owned && p->dirfd >= 0) close(p->dirfd);
    sk_free(p->name);
    p->dirfd = -1;
    p->owned = false;
    p->name = NULL;
}

/* Reads a symlink's target into a fresh buffer. Returns 0 and *out, or a host errno
 * (EINVAL when `name` is not a symlink). */
static int read_link(int dirfd, const char *name, char **out, size_t *outlen)
{
    size_t cap = 256;
    for (;;) {
        char *buf = sk_malloc(cap);
        if (!buf) return ENOMEM;
        ssize_t n = readlinkat(dirfd, name, buf, cap);
        if (n < 0) {
            int e = errno;
            sk_free(buf);
            return e;
        }
        if ((size_t)n < cap) {
            buf[n] = 0;
            *out = buf;
            *outlen = (size_t)n;
            return 0;
        }
        sk_free(buf);
        if (cap >= WASI_MAX_PATH) return ENAMETOOLONG;
        cap *= 4;
    }
}

/* The resolver's state: the directories walked into (each an O_PATH fd we
 * own), above the base directory, which is depth 0. */
typedef struct walk {
    int base;
    SK_VEC(int) stack;
} walk;

static int walk_cur(const walk *k) { return k->stack.len ? k->stack.data[k->stack.len - 1] : k->base; }

static void walk_free(walk *k, bool keep_top)
{
    uint32_t n = k->stack.len;
    if (keep_top && n) n--;
    for (uint32_t i = 0; i < n; i++) close(k->stack.data[i]);
    SK_VEC_FREE(k->stack);
}

/* Replaces the unread rest of the path by target + rest. */
static uint16_t splice_link(char **work, size_t *wlen, size_t rest_at, const char *target, size_t tlen)
{
    size_t rest = *wlen - rest_at;
    if (tlen + 1 + rest > WASI_MAX_PATH) return W_ENAMETOOLONG;
    char *nw = sk_malloc(tlen + rest + 2);
    if (!nw) return W_ENOMEM;
    memcpy(nw, target, tlen);
    size_t n = tlen;
    if (rest) {
        nw[n++] = '/';
        memcpy(nw + n, *work + rest_at, rest);
        n += rest;
    }
    nw[n] = 0;
    sk_free(*work);
    *work = nw;
    *wlen = n;
    return 0;
}

uint16_t wasi_path_resolve(wasi_call *c, const wasi_fd *dir, uint32_t ptr, uint32_t len, bool follow,
                           wasi_path *out)
{
    out->dirfd = -1;
    out->owned = false;
    out->name = NULL;
    out->must_dir = false;
    if (dir->kind != WASI_FD_HOST || dir->filetype != W_FT_DIR) return W_ENOTDIR;
    if (!wasi_mem_ok(c, ptr, len)) return W_EFAULT;
    if (len > WASI_MAX_PATH) return W_ENAMETOOLONG;
    const uint8_t *src = c->mem + ptr;
    if (memchr(src, 0, len)) return W_EILSEQ;
    if (len == 0) return W_ENOENT;
    if (src[0] == '/') return W_ENOTCAPABLE; /* absolute paths never name anything inside a preopen */

    size_t wlen = len;
    char *work = sk_strndup((const char *)src, len);
    if (!work) return W_ENOMEM;
    walk k = {dir->host_fd, {NULL, 0, 0}};
    int links = 0;
    uint16_t rc = 0;
    size_t i = 0;
    for (;;) {
        while (i < wlen && work[i] == '/') i++;
        if (i >= wlen) { /* only slashes left: the current directory itself */
            out->name = sk_strndup(".", 1);
            out->must_dir = true;
            break;
        }
        size_t s = i;
        while (i < wlen && work[i] != '/') i++;
        size_t e = i;
        size_t j = i;
        while (j < wlen && work[j] == '/') j++;
        bool last = j >= wlen;
        bool trailing = last && e < wlen;
        size_t clen = e - s;
        if (clen > NAME_MAX) {
            rc = W_ENAMETOOLONG;
            break;
        }
        char comp[NAME_MAX + 1];
        memcpy(comp, work + s, clen);
        comp[clen] = 0;

        if (strcmp(comp, ".") == 0) {
            if (last) {
                out->name = sk_strndup(".", 1);
                out->must_dir = trailing;
                break;
            }
            continue;
        }
        if (strcmp(comp, "..") == 0) {
            /* Never above the root, even if the path would come back in later. */
            if (!k.stack.len) {
                rc = W_ENOTCAPABLE;
                break;
            }
            close(k.stack.data[--k.stack.len]);
            if (last) {
                out->name = sk_strndup(".", 1);
                out->must_dir = trailing;
                break;
            }
            continue;
        }
        if (last && !follow && !trailing) {
            out->name = sk_strndup(comp, clen);
            break;
        }
        int cur = walk_cur(&k);
        if (!last) {
            int fd = openat(cur, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0) {
                if (!SK_VEC_PUSH(k.stack, fd)) {
                    close(fd);
                    rc = W_ENOMEM;
                    break;
                }
                continue;
            }
            int err = errno;
            if (err != ENOTDIR && err != ELOOP) {
                rc = wasi_errno(err);
                break;
            }
        }
        /* A symlink here? (For a directory component that failed to open, or
         * the last component when it is to be followed.) */
        char *target;
        size_t tlen;
        int lerr = read_link(cur, comp, &target, &tlen);
        if (lerr == EINVAL || (last && lerr == ENOENT)) {
            if (!last) {
                rc = W_ENOTDIR;
                break;
            }
            out->name = sk_strndup(comp, clen);
            out->must_dir = trailing;
            break;
        }
        if (lerr) {
            rc = wasi_errno(lerr);
            break;
        }
        if (++links > WASI_MAX_SYMLINKS) {
            sk_free(target);
            rc = W_ELOOP;
            break;
        }
        if (tlen == 0) {
            sk_free(target);
            rc = W_ENOENT;
            break;
        }
        if (target[0] == '/') { /* absolute target: outside every preopen */
            sk_free(target);
            rc = W_ENOTCAPABLE;
            break;
        }
        rc = splice_link(&work, &wlen, e, target, tlen);
        sk_free(target);
        if (rc) break;
        i = 0;
    }
    sk_free(work);
    if (!rc && !out->name) rc = W_ENOMEM;
    if (rc) {
        sk_free(out->name);
        out->name = NULL;
        walk_free(&k, false);
        return rc;
    }
    out->dirfd = walk_cur(&k);
    out->owned = k.stack.len > 0;
    walk_free(&k, true);
    return 0;
}

/* For a path that ended in '/': the object must be a directory. */
static uint16_t check_dir(const wasi_path *p)
{
    if (!p->must_dir) return 0;
    struct stat st;
    if (fstatat(p->dirfd, p->name, &st, AT_SYMLINK_NOFOLLOW) != 0) return wasi_errno(errno);
    return S_ISDIR(st.st_mode) ? 0 : W_ENOTDIR;
}

/* Resolves a path argument of a directory fd that needs `rights`. */
static uint16_t resolve_at(wasi_call *c, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len, bool follow,
                           wasi_path *p)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, fd, rights, &e);
    p->dirfd = -1;
    p->owned = false;
    p->name = NULL;
    if (rc) return rc;
    return wasi_path_resolve(c, e, ptr, len, follow, p);
}

/* path_create_directory(fd, path, path_len) */
uint16_t wasi_path_create_directory(wasi_call *c, const sk_val *a)
{
    wasi_path p;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_CREATE_DIRECTORY, a[1].u32, a[2].u32, false, &p);
    if (!rc && mkdirat(p.dirfd, p.name, 0777) != 0) rc = wasi_errno(errno);
    wasi_path_free(&p);
    return rc;
}

uint16_t wasi_put_filestat(wasi_call *c, uint32_t ptr, const struct stat *st, uint8_t filetype)
{
    uint32_t size = c->unstable ? 56 : 64;
    if (!wasi_mem_ok(c, ptr, size)) return W_EFAULT;
    uint8_t *b = c->mem + ptr;
    memset(b, 0, size);
    wasi_st64(b, (uint64_t)st->st_dev);
    wasi_st64(b + 8, (uint64_t)st->st_ino);
    wasi_st8(b + 16, filetype);
    uint64_t at = (uint64_t)st->st_atim.tv_sec * 1000000000u + (uint64_t)st->st_atim.tv_nsec;
    uint64_t mt = (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
    uint64_t ct = (uint64_t)st->st_ctim.tv_sec * 1000000000u + (uint64_t)st->st_ctim.tv_nsec;
    if (c->unstable) {
        wasi_st32(b + 20, (uint32_t)st->st_nlink);
        wasi_st64(b + 24, (uint64_t)st->st_size);
        wasi_st64(b + 32, at);
        wasi_st64(b + 40, mt);
        wasi_st64(b + 48, ct);
    } else {
        wasi_st64(b + 24, (uint64_t)st->st_nlink);
        wasi_st64(b + 32, (uint64_t)st->st_size);
        wasi_st64(b + 40, at);
        wasi_st64(b + 48, mt);
        wasi_st64(b + 56, ct);
    }
    return 0;
}

/* path_filestat_get(fd, flags, path, path_len, buf) */
uint16_t wasi_path_filestat_get(wasi_call *c, const sk_val *a)
{
    wasi_path p;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_FILESTAT_GET, a[2].u32, a[3].u32,
                             a[1].u32 & W_LOOKUP_SYMLINK_FOLLOW, &p);
    struct stat st;
    if (!rc && fstatat(p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0) rc = wasi_errno(errno);
    if (!rc && p.must_dir && !S_ISDIR(st.st_mode)) rc = W_ENOTDIR;
    if (!rc) rc = wasi_put_filestat(c, a[4].u32, &st, wasi_filetype_of(-1, st.st_mode));
    wasi_path_free(&p);
    return rc;
}

uint16_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t flags, struct timespec ts[2])
{
    if (flags & ~0xFu) return W_EINVAL;
    if ((flags & W_FST_ATIM) && (flags & W_FST_ATIM_NOW)) return W_EINVAL;
    if ((flags & W_FST_MTIM) && (flags & W_FST_MTIM_NOW)) return W_EINVAL;
    ts[0].tv_sec = (time_t)(atim / 1000000000u);
    ts[0].tv_nsec = (long)(atim % 1000000000u);
    ts[1].tv_sec = (time_t)(mtim / 1000000000u);
    ts[1].tv_nsec = (long)(mtim % 1000000000u);
    if (flags & W_FST_ATIM_NOW) ts[0].tv_nsec = UTIME_NOW;
    else if (!(flags & W_FST_ATIM)) ts[0].tv_nsec = UTIME_OMIT;
    if (flags & W_FST_MTIM_NOW) ts[1].tv_nsec = UTIME_NOW;
    else if (!(flags & W_FST_MTIM)) ts[1].tv_nsec = UTIME_OMIT;
    return 0;
}

/* path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fstflags) */
uint16_t wasi_path_filestat_set_times(wasi_call *c, const sk_val *a)
{
    struct timespec ts[2];
    uint16_t rc = wasi_times(a[4].u64, a[5].u64, a[6].u32, ts);
    if (rc) return rc;
    wasi_path p;
    rc = resolve_at(c, a[0].u32, W_R_PATH_FILESTAT_SET_TIMES, a[2].u32, a[3].u32, a[1].u32 & W_LOOKUP_SYMLINK_FOLLOW,
                    &p);
    if (!rc) rc = check_dir(&p);
    if (!rc && utimensat(p.dirfd, p.name, ts, AT_SYMLINK_NOFOLLOW) != 0) rc = wasi_errno(errno);
    wasi_path_free(&p);
    return rc;
}

/* path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len) */
uint16_t wasi_path_link(wasi_call *c, const sk_val *a)
{
    wasi_path o, n;
    n.dirfd = -1, n.owned = false, n.name = NULL;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_LINK_SOURCE, a[2].u32, a[3].u32,
                             a[1].u32 & W_LOOKUP_SYMLINK_FOLLOW, &o);
    if (!rc) rc = check_dir(&o);
    if (!rc) rc = resolve_at(c, a[4].u32, W_R_PATH_LINK_TARGET, a[5].u32, a[6].u32, false, &n);
    if (!rc && n.must_dir) rc = W_ENOENT; /* "x/" names a directory; a hard link never is one */
    if (!rc && linkat(o.dirfd, o.name, n.dirfd, n.name, 0) != 0) rc = wasi_errno(errno);
    wasi_path_free(&o);
    wasi_path_free(&n);
    return rc;
}

/* Host open(2) flags for the rights asked for. */
static int access_mode(uint64_t base, uint16_t oflags)
{
    bool rd = base & (W_R_FD_READ | W_R_FD_READDIR);
    bool wr = base & (W_R_FD_DATASYNC | W_R_FD_WRITE | W_R_FD_ALLOCATE | W_R_FD_FILESTAT_SET_SIZE);
    /* A directory asked for with fd_write fails with EISDIR (ENOTDIR if it is not one); the other
     * write-ish rights come with every libc open and are ignored for directories. */
    if (oflags & W_O_DIRECTORY) wr = base & W_R_FD_WRITE;
    return wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
}

/* path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, opened_fd) */
uint16_t wasi_path_open(wasi_call *c, const sk_val *a)
{
    uint32_t oflags = a[4].u32, fdflags = a[7].u32;
    uint64_t base = a[5].u64, inh = a[6].u64;
    if (oflags & ~0xFu || fdflags & ~0x1Fu) return W_EINVAL;
    if (!wasi_mem_ok(c, a[8].u32, 4)) return W_EFAULT;
    uint64_t need = W_R_PATH_OPEN;
    if (oflags & W_O_CREAT) need |= W_R_PATH_CREATE_FILE;
    if (oflags & W_O_TRUNC) need |= W_R_PATH_FILESTAT_SET_SIZE;
    wasi_fd *dir;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, need, &dir);
    if (rc) return rc;
    /* The new fd gets at most what the directory passes on. */
    base &= dir->rights_inh;
    inh &= dir->rights_inh;

    wasi_path p;
    rc = wasi_path_resolve(c, dir, a[2].u32, a[3].u32, a[1].u32 & W_LOOKUP_SYMLINK_FOLLOW, &p);
    if (rc) return rc;
    int fl = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | access_mode(base, (uint16_t)oflags);
    if (oflags & W_O_CREAT) fl |= O_CREAT;
    if (oflags & W_O_EXCL) fl |= O_EXCL;
    if (oflags & W_O_TRUNC) fl |= O_TRUNC;
    if ((oflags & W_O_DIRECTORY) || p.must_dir) fl |= O_DIRECTORY;
    if (fdflags & W_FDFLAG_APPEND) fl |= O_APPEND;
    if (fdflags & W_FDFLAG_DSYNC) fl |= O_DSYNC;
    if (fdflags & W_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
    if (fdflags & W_FDFLAG_RSYNC) fl |= O_RSYNC;
    if (fdflags & W_FDFLAG_SYNC) fl |= O_SYNC;
    int hfd = openat(p.dirfd, p.name, fl, 0666);
    if (hfd < 0 && errno == EACCES && (fl & O_ACCMODE) == O_RDONLY && !(base & (W_R_FD_READ | W_R_FD_READDIR)) &&
        !(fl & (O_CREAT | O_TRUNC)))
        hfd = openat(p.dirfd, p.name, (fl & ~O_ACCMODE) | O_PATH); /* no data access asked for */
    if (hfd < 0) {
        rc = wasi_errno(errno);
        wasi_path_free(&p);
        return rc;
    }
    wasi_path_free(&p);
    struct stat st;
    if (fstat(hfd, &st) != 0) {
        rc = wasi_errno(errno);
        close(hfd);
        return rc;
    }
    uint32_t nfd;
    rc = wasi_fd_alloc(c->w, &nfd);
    if (rc) {
        close(hfd);
        return rc;
    }
    wasi_fd *e = &c->w->fds[nfd]; /* the table may have moved: no `dir` from here on */
    e->kind = WASI_FD_HOST;
    e->host_fd = hfd;
    e->owned = true;
    e->filetype = wasi_filetype_of(hfd, st.st_mode);
    e->rights_base = base & wasi_rights_for(e->filetype);
    e->rights_inh = e->filetype == W_FT_DIR ? inh : 0;
    e->fdflags = (uint16_t)fdflags;
    wasi_st32(c->mem + a[8].u32, nfd);
    return 0;
}

/* path_readlink(fd, path, path_len, buf, buf_len, bufused) */
uint16_t wasi_path_readlink(wasi_call *c, const sk_val *a)
{
    uint32_t buf = a[3].u32, blen = a[4].u32;
    if (!wasi_mem_ok(c, buf, blen) || !wasi_mem_ok(c, a[5].u32, 4)) return W_EFAULT;
    wasi_path p;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_READLINK, a[1].u32, a[2].u32, false, &p);
    if (!rc) {
        char *t;
        size_t tlen;
        int err = read_link(p.dirfd, p.name, &t, &tlen);
        if (err) rc = wasi_errno(err);
        else {
            size_t n = tlen < blen ? tlen : blen; /* truncated, like readlink(2) */
            memcpy(c->mem + buf, t, n);
            wasi_st32(c->mem + a[5].u32, (uint32_t)n);
            sk_free(t);
        }
    }
    wasi_path_free(&p);
    return rc;
}

/* path_remove_directory(fd, path, path_len) */
uint16_t wasi_path_remove_directory(wasi_call *c, const sk_val *a)
{
    wasi_path p;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_REMOVE_DIRECTORY, a[1].u32, a[2].u32, false, &p);
    if (!rc && unlinkat(p.dirfd, p.name, AT_REMOVEDIR) != 0) rc = wasi_errno(errno);
    wasi_path_free(&p);
    return rc;
}

/* path_rename(fd, old_path, old_len, new_fd, new_path, new_len) */
uint16_t wasi_path_rename(wasi_call *c, const sk_val *a)
{
    wasi_path o, n;
    n.dirfd = -1, n.owned = false, n.name = NULL;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_RENAME_SOURCE, a[1].u32, a[2].u32, false, &o);
    if (!rc) rc = check_dir(&o);
    if (!rc) rc = resolve_at(c, a[3].u32, W_R_PATH_RENAME_TARGET, a[4].u32, a[5].u32, false, &n);
    if (!rc && n.must_dir) { /* "x/" as a target: the source must be a directory */
        struct stat st;
        if (fstatat(o.dirfd, o.name, &st, AT_SYMLINK_NOFOLLOW) != 0) rc = wasi_errno(errno);
        else if (!S_ISDIR(st.st_mode)) rc = W_ENOTDIR;
    }
    if (!rc && renameat(o.dirfd, o.name, n.dirfd, n.name) != 0) rc = wasi_errno(errno);
    wasi_path_free(&o);
    wasi_path_free(&n);
    return rc;
}

/* path_symlink(old_path, old_len, fd, new_path, new_len): the link's text is
 * stored as given; following it later is what the resolver restricts. */
uint16_t wasi_path_symlink(wasi_call *c, const sk_val *a)
{
    uint32_t optr = a[0].u32, olen = a[1].u32;
    if (!wasi_mem_ok(c, optr, olen)) return W_EFAULT;
    if (olen > WASI_MAX_PATH) return W_ENAMETOOLONG;
    if (memchr(c->mem + optr, 0, olen)) return W_EILSEQ;
    /* An absolute target could never be followed inside the sandbox: refused up front, like
     * other runtimes do. */
    if (olen > 0 && c->mem[optr] == '/') return W_EPERM;
    char *target = sk_strndup((const char *)c->mem + optr, olen);
    if (!target) return W_ENOMEM;
    wasi_path p;
    uint16_t rc = resolve_at(c, a[2].u32, W_R_PATH_SYMLINK, a[3].u32, a[4].u32, false, &p);
    if (!rc && p.must_dir) { /* "x/": EEXIST if x exists, else ENOENT (a symlink is not a directory) */
        struct stat st;
        rc = fstatat(p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? W_EEXIST : W_ENOENT;
    }
    if (!rc && symlinkat(target, p.dirfd, p.name) != 0) rc = wasi_errno(errno);
    sk_free(target);
    wasi_path_free(&p);
    return rc;
}

/* path_unlink_file(fd, path, path_len) */
uint16_t wasi_path_unlink_file(wasi_call *c, const sk_val *a)
{
    wasi_path p;
    uint16_t rc = resolve_at(c, a[0].u32, W_R_PATH_UNLINK_FILE, a[1].u32, a[2].u32, false, &p);
    if (!rc) rc = check_dir(&p);
    if (!rc && unlinkat(p.dirfd, p.name, 0) != 0) rc = wasi_errno(errno);
    wasi_path_free(&p);
    return rc;
}
