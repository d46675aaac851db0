/* wasi_fd.c: the fd_* functions of WASI preview 1 (and their wasi_unstable variants). */
#define _GNU_SOURCE /* openat O_PATH, accept4, IOV_MAX, renameat */
#include "wasi_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* fd_advise(fd, offset, len, advice) */
uint16_t wasi_fd_advise(wasi_call *c, const sk_val *a)
{
    static const int adv[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                              POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_ADVISE, &e);
    if (rc) return rc;
    if (a[3].u32 >= SK_ARRAY_LEN(adv)) return W_EINVAL;
    if (a[1].i64 < 0 || a[2].i64 < 0) return W_EINVAL;
    if (e->kind != WASI_FD_HOST) return W_ESPIPE;
    if (e->filetype == W_FT_DIR) return 0; /* advice is only a hint */
    int r = posix_fadvise(e->host_fd, (off_t)a[1].i64, (off_t)a[2].i64, adv[a[3].u32]);
    return wasi_errno(r);
}

/* fd_allocate(fd, offset, len) */
uint16_t wasi_fd_allocate(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_ALLOCATE, &e);
    if (rc) return rc;
    if (a[1].i64 < 0 || a[2].i64 <= 0 || a[1].u64 + a[2].u64 > (uint64_t)INT64_MAX) return W_EINVAL;
    if (e->kind != WASI_FD_HOST) return W_ESPIPE;
    return wasi_errno(posix_fallocate(e->host_fd, (off_t)a[1].i64, (off_t)a[2].i64));
}

/* fd_close(fd) */
uint16_t wasi_fd_close(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &e);
    if (rc) return rc;
    wasi_fd_release(e);
    return 0;
}

/* fd_datasync(fd) */
uint16_t wasi_fd_datasync(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_DATASYNC, &e);
    if (rc) return rc;
    if (e->kind != WASI_FD_HOST) return 0;
    return fdatasync(e->host_fd) == 0 ? 0 : wasi_errno(errno);
}

/* fd_sync(fd) */
uint16_t wasi_fd_sync(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_SYNC, &e);
    if (rc) return rc;
    if (e->kind != WASI_FD_HOST) return 0;
    return fsync(e->host_fd) == 0 ? 0 : wasi_errno(errno);
}

/* fd_fdstat_get(fd, buf): filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16 */
uint16_t wasi_fd_fdstat_get(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &e);
    if (rc) return rc;
    if (!wasi_mem_ok(c, a[1].u32, 24)) return W_EFAULT;
    uint8_t *b = c->mem + a[1].u32;
    memset(b, 0, 24);
    wasi_st8(b, e->filetype);
    wasi_st16(b + 2, e->fdflags);
    /* wasi_unstable has no SOCK_ACCEPT right (bit 29). */
    uint64_t mask = c->unstable ? ~W_R_SOCK_ACCEPT : ~(uint64_t)0;
    wasi_st64(b + 8, e->rights_base & mask);
    wasi_st64(b + 16, e->rights_inh & mask);
    return 0;
}

/* fd_fdstat_set_flags(fd, flags): APPEND and NONBLOCK can change; the sync flags cannot. */
uint16_t wasi_fd_fdstat_set_flags(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_FDSTAT_SET_FLAGS, &e);
    if (rc) return rc;
    uint32_t f = a[1].u32;
    if (f & ~0x1Fu) return W_EINVAL;
    const uint32_t syncs = W_FDFLAG_DSYNC | W_FDFLAG_RSYNC | W_FDFLAG_SYNC;
    if ((f & syncs) != (e->fdflags & syncs)) return W_ENOTSUP;
    if (e->kind == WASI_FD_HOST) {
        int fl = fcntl(e->host_fd, F_GETFL);
        if (fl < 0) return wasi_errno(errno);
        fl &= ~(O_APPEND | O_NONBLOCK);
        if (f & W_FDFLAG_APPEND) fl |= O_APPEND;
        if (f & W_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
        if (fcntl(e->host_fd, F_SETFL, fl) != 0) return wasi_errno(errno);
    }
    e->fdflags = (uint16_t)f;
    return 0;
}

/* fd_fdstat_set_rights(fd, base, inheriting): rights can only be dropped. */
uint16_t wasi_fd_fdstat_set_rights(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &e);
    if (rc) return rc;
    if ((a[1].u64 & ~e->rights_base) || (a[2].u64 & ~e->rights_inh)) return W_ENOTCAPABLE;
    e->rights_base = a[1].u64;
    e->rights_inh = a[2].u64;
    return 0;
}

/* fd_filestat_get(fd, buf) */
uint16_t wasi_fd_filestat_get(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_FILESTAT_GET, &e);
    if (rc) return rc;
    struct stat st;
    memset(&st, 0, sizeof st);
    if (e->kind == WASI_FD_HOST && fstat(e->host_fd, &st) != 0) return wasi_errno(errno);
    if (e->kind == WASI_FD_BYTES) st.st_size = (off_t)e->buf.len;
    return wasi_put_filestat(c, a[1].u32, &st, e->filetype);
}

/* fd_filestat_set_size(fd, size) */
uint16_t wasi_fd_filestat_set_size(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_FILESTAT_SET_SIZE, &e);
    if (rc) return rc;
    if (a[1].i64 < 0) return W_EINVAL;
    if (e->kind != WASI_FD_HOST) return W_EINVAL;
    return ftruncate(e->host_fd, (off_t)a[1].i64) == 0 ? 0 : wasi_errno(errno);
}

/* fd_filestat_set_times(fd, atim, mtim, fstflags) */
uint16_t wasi_fd_filestat_set_times(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_FILESTAT_SET_TIMES, &e);
    if (rc) return rc;
    struct timespec ts[2];
    rc = wasi_times(a[1].u64, a[2].u64, a[3].u32, ts);
    if (rc) return rc;
    if (e->kind != WASI_FD_HOST) return 0;
    if (futimens(e->host_fd, ts) == 0) return 0;
    if (errno != EBADF) return wasi_errno(errno);
    /* An O_PATH fd (opened without read or write access): go through /proc. */
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", e->host_fd);
    return utimensat(AT_FDCWD, path, ts, 0) == 0 ? 0 : wasi_errno(errno);
}

/* Reads into guest iovecs from an in-memory input. */
static uint16_t bytes_read(wasi_call *c, wasi_fd *e, uint32_t iovs, uint32_t n, uint32_t nread_ptr)
{
    struct iovec *v;
    int nv;
    uint16_t rc = wasi_iovecs(c, iovs, n, &v, &nv);
    if (rc) return rc;
    size_t total = 0;
    for (int i = 0; i < nv && e->rpos < e->buf.len; i++) {
        size_t k = e->buf.len - e->rpos;
        if (k > v[i].iov_len) k = v[i].iov_len;
        memcpy(v[i].iov_base, e->buf.data + e->rpos, k);
        e->rpos += k;
        total += k;
    }
    sk_free(v);
    wasi_st32(c->mem + nread_ptr, (uint32_t)total);
    return 0;
}

/* Appends guest iovecs to a capture buffer. */
static uint16_t capture_write(wasi_call *c, wasi_fd *e, uint32_t iovs, uint32_t n, uint32_t nw_ptr)
{
    struct iovec *v;
    int nv;
    uint16_t rc = wasi_iovecs(c, iovs, n, &v, &nv);
    if (rc) return rc;
    wasi_bytes *b = &c->w->capture[e->cap_idx];
    uint64_t total = 0;
    for (int i = 0; i < nv; i++) total += v[i].iov_len;
    if (total > UINT32_MAX - b->len || total > UINT32_MAX / 2) {
        sk_free(v);
        return W_ENOSPC;
    }
    if (total && !sk_grow((void **)&b->data, &b->cap, b->len + (uint32_t)total, 1)) {
        sk_free(v);
        return W_ENOMEM;
    }
    for (int i = 0; i < nv; i++) {
        if (v[i].iov_len) memcpy(b->data + b->len, v[i].iov_base, v[i].iov_len);
        b->len += (uint32_t)v[i].iov_len;
    }
    sk_free(v);
    wasi_st32(c->mem + nw_ptr, (uint32_t)total);
    return 0;
}

/* Common part of read/write/pread/pwrite: rights, iovecs, the host call. */
static uint16_t rw(wasi_call *c, const sk_val *a, bool write, bool positional)
{
    uint32_t fd = a[0].u32, iovs = a[1].u32, n = a[2].u32;
    uint32_t out = positional ? a[4].u32 : a[3].u32;
    uint64_t rights = (write ? W_R_FD_WRITE : W_R_FD_READ) | (positional ? W_R_FD_SEEK : 0);
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, fd, rights, &e);
    if (rc) return rc;
    if (!wasi_mem_ok(c, out, 4)) return W_EFAULT;
    if (positional && a[3].i64 < 0) return W_EINVAL;
    if (e->kind == WASI_FD_CAPTURE) {
        if (!write) return W_EBADF;
        if (positional) return W_ESPIPE;
        return capture_write(c, e, iovs, n, out);
    }
    if (e->kind == WASI_FD_BYTES) {
        if (write) return W_EBADF;
        if (positional) return W_ESPIPE;
        return bytes_read(c, e, iovs, n, out);
    }
    struct iovec *v;
    int nv;
    rc = wasi_iovecs(c, iovs, n, &v, &nv);
    if (rc) return rc;
    ssize_t r;
    off_t at = positional ? (off_t)a[3].i64 : 0;
    if (positional) r = write ? pwritev(e->host_fd, v, nv, at) : preadv(e->host_fd, v, nv, at);
    else r = write ? writev(e->host_fd, v, nv) : readv(e->host_fd, v, nv);
    int err = errno;
    sk_free(v);
    if (r < 0) return wasi_errno(err);
    wasi_st32(c->mem + out, (uint32_t)r);
    return 0;
}

/* fd_read(fd, iovs, iovs_len, nread) */
uint16_t wasi_fd_read(wasi_call *c, const sk_val *a) { return rw(c, a, false, false); }
/* fd_write(fd, iovs, iovs_len, nwritten) */
uint16_t wasi_fd_write(wasi_call *c, const sk_val *a) { return rw(c, a, true, false); }
/* fd_pread(fd, iovs, iovs_len, offset, nread) */
uint16_t wasi_fd_pread(wasi_call *c, const sk_val *a) { return rw(c, a, false, true); }
/* fd_pwrite(fd, iovs, iovs_len, offset, nwritten) */
uint16_t wasi_fd_pwrite(wasi_call *c, const sk_val *a) { return rw(c, a, true, true); }

/* fd_prestat_get(fd, buf): tag u8 @0 (0 = dir), name length u32 @4 */
uint16_t wasi_fd_prestat_get(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &e);
    if (rc) return rc;
    if (!e->preopen) return W_EBADF;
    if (!wasi_mem_ok(c, a[1].u32, 8)) return W_EFAULT;
    uint8_t *b = c->mem + a[1].u32;
    memset(b, 0, 8);
    wasi_st32(b + 4, (uint32_t)strlen(e->preopen));
    return 0;
}

/* fd_prestat_dir_name(fd, path, path_len) */
uint16_t wasi_fd_prestat_dir_name(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &e);
    if (rc) return rc;
    if (!e->preopen) return W_EBADF;
    size_t n = strlen(e->preopen);
    if (a[2].u32 < n) return W_ENAMETOOLONG;
    if (!wasi_mem_ok(c, a[1].u32, n)) return W_EFAULT;
    memcpy(c->mem + a[1].u32, e->preopen, n);
    return 0;
}

/* A directory entry as getdents64(2) returns it. */
struct host_dirent {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* fd_readdir(fd, buf, buf_len, cookie, bufused): the cookie is the index of
 * the next entry (small numbers: wasi-libc's telldir() keeps it in a 32-bit
 * long, so the host's 63-bit d_off values cannot be used). The entry keeps
 * the host offset of one index so reading on is not quadratic. Each dirent
 * (24 bytes + name) is cut off at the buffer's end; a full buffer tells the
 * guest to come back with a bigger one. */
uint16_t wasi_fd_readdir(wasi_call *c, const sk_val *a)
{
    uint32_t buf = a[1].u32, blen = a[2].u32, used_ptr = a[4].u32;
    uint64_t cookie = a[3].u64;
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_READDIR, &e);
    if (rc) return rc;
    if (e->kind != WASI_FD_HOST || e->filetype != W_FT_DIR) return W_ENOTDIR;
    if (!wasi_mem_ok(c, buf, blen) || !wasi_mem_ok(c, used_ptr, 4)) return W_EFAULT;
    uint64_t idx = 0;
    int64_t pos = 0;
    if (e->rd_valid && cookie >= e->rd_index) { /* start from the remembered place */
        idx = e->rd_index;
        pos = e->rd_off;
    }
    if (lseek(e->host_fd, (off_t)pos, SEEK_SET) < 0) return wasi_errno(errno);
    const size_t hcap = 32768;
    uint8_t *hbuf = sk_malloc(hcap);
    if (!hbuf) return W_ENOMEM;
    uint32_t used = 0;
    bool full = false;
    while (!full) {
        long n = syscall(SYS_getdents64, e->host_fd, hbuf, hcap);
        if (n < 0) {
            rc = wasi_errno(errno);
            break;
        }
        if (n == 0) break;
        for (long off = 0; off < n && !full;) {
            struct host_dirent *d = (struct host_dirent *)(hbuf + off);
            off += d->d_reclen;
            if (idx < cookie) { /* skipping up to the cookie */
                idx++;
                e->rd_valid = true, e->rd_index = idx, e->rd_off = d->d_off;
                continue;
            }
            size_t nlen = strlen(d->d_name);
            uint8_t type;
            switch (d->d_type) {
            case DT_REG: type = W_FT_REG; break;
            case DT_DIR: type = W_FT_DIR; break;
            case DT_LNK: type = W_FT_SYMLINK; break;
            case DT_CHR: type = W_FT_CHAR; break;
            case DT_BLK: type = W_FT_BLOCK; break;
            case DT_SOCK: type = W_FT_SOCK_STREAM; break;
            default: {
                struct stat st;
                type = fstatat(e->host_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? wasi_filetype_of(-1, st.st_mode)
                                                                                      : W_FT_UNKNOWN;
            }
            }
            uint8_t hdr[24];
            memset(hdr, 0, sizeof hdr);
            wasi_st64(hdr, idx + 1);
            wasi_st64(hdr + 8, d->d_ino);
            wasi_st32(hdr + 16, (uint32_t)nlen);
            wasi_st8(hdr + 20, type);
            uint32_t room = blen - used;
            uint32_t k = room < 24 ? room : 24;
            memcpy(c->mem + buf + used, hdr, k);
            used += k;
            room -= k;
            uint32_t m = room < nlen ? room : (uint32_t)nlen;
            memcpy(c->mem + buf + used, d->d_name, m);
            used += m;
            if (k == 24 && m == nlen) { /* delivered whole: the next call may start after it */
                idx++;
                e->rd_valid = true, e->rd_index = idx, e->rd_off = d->d_off;
            }
            if (used == blen) full = true;
        }
    }
    sk_free(hbuf);
    if (rc) return rc;
    wasi_st32(c->mem + used_ptr, used);
    return 0;
}

/* fd_renumber(from, to): `to` is closed and replaced by `from`. */
uint16_t wasi_fd_renumber(wasi_call *c, const sk_val *a)
{
    wasi_fd *from, *to;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &from);
    if (!rc) rc = wasi_fd_get(c->w, a[1].u32, 0, &to);
    if (rc) return rc;
    if (from == to) return 0;
    wasi_fd_release(to);
    *to = *from;
    memset(from, 0, sizeof *from);
    from->host_fd = -1;
    return 0;
}

/* fd_seek(fd, offset, whence, newoffset); whence is SET=0 CUR=1 END=2 in
 * preview1 but CUR=0 END=1 SET=2 in wasi_unstable. */
uint16_t wasi_fd_seek(wasi_call *c, const sk_val *a)
{
    int64_t off = a[1].i64;
    uint32_t wh = a[2].u32;
    int whence;
    if (c->unstable) whence = wh == 0 ? SEEK_CUR : wh == 1 ? SEEK_END : wh == 2 ? SEEK_SET : -1;
    else whence = wh == 0 ? SEEK_SET : wh == 1 ? SEEK_CUR : wh == 2 ? SEEK_END : -1;
    if (whence < 0) return W_EINVAL;
    /* Asking where we are needs only FD_TELL (ftell is lseek(fd, 0, SEEK_CUR)). */
    uint64_t right = (off == 0 && whence == SEEK_CUR) ? W_R_FD_TELL : W_R_FD_SEEK;
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, 0, &e);
    if (rc) return rc;
    if (!(e->rights_base & right) && !(e->rights_base & W_R_FD_SEEK)) return W_ENOTCAPABLE;
    if (!wasi_mem_ok(c, a[3].u32, 8)) return W_EFAULT;
    if (e->kind != WASI_FD_HOST) return W_ESPIPE;
    off_t r = lseek(e->host_fd, (off_t)off, whence);
    if (r < 0) return wasi_errno(errno);
    wasi_st64(c->mem + a[3].u32, (uint64_t)r);
    return 0;
}

/* fd_tell(fd, offset) */
uint16_t wasi_fd_tell(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_FD_TELL, &e);
    if (rc) return rc;
    if (!wasi_mem_ok(c, a[1].u32, 8)) return W_EFAULT;
    if (e->kind != WASI_FD_HOST) return W_ESPIPE;
    off_t r = lseek(e->host_fd, 0, SEEK_CUR);
    if (r < 0) return wasi_errno(errno);
    wasi_st64(c->mem + a[1].u32, (uint64_t)r);
    return 0;
}
