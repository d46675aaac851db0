/* wasi_misc.c: args, environment, clocks, random, poll_oneoff, proc_*, sched_yield and the sock_* functions. */
#define _GNU_SOURCE /* openat O_PATH, accept4, IOV_MAX, renameat */
#include "wasi_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- args and environment ---- */

/* Writes a string list as (pointers, NUL-terminated bytes). */
static uint16_t put_strings(wasi_call *c, char **v, uint32_t n, uint32_t ptrs, uint32_t buf)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) total += strlen(v[i]) + 1;
    if (!wasi_mem_ok(c, ptrs, (uint64_t)n * 4) || !wasi_mem_ok(c, buf, total)) return W_EFAULT;
    uint32_t at = buf;
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        wasi_st32(c->mem + ptrs + (uint64_t)i * 4, at);
        memcpy(c->mem + at, v[i], len);
        at += (uint32_t)len;
    }
    return 0;
}

static uint16_t put_sizes(wasi_call *c, char **v, uint32_t n, uint32_t count_ptr, uint32_t size_ptr)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) total += strlen(v[i]) + 1;
    if (total > UINT32_MAX) return W_EOVERFLOW;
    if (!wasi_mem_ok(c, count_ptr, 4) || !wasi_mem_ok(c, size_ptr, 4)) return W_EFAULT;
    wasi_st32(c->mem + count_ptr, n);
    wasi_st32(c->mem + size_ptr, (uint32_t)total);
    return 0;
}

uint16_t wasi_args_get(wasi_call *c, const sk_val *a)
{
    return put_strings(c, c->w->args.data, c->w->args.len, a[0].u32, a[1].u32);
}
uint16_t wasi_args_sizes_get(wasi_call *c, const sk_val *a)
{
    return put_sizes(c, c->w->args.data, c->w->args.len, a[0].u32, a[1].u32);
}
uint16_t wasi_environ_get(wasi_call *c, const sk_val *a)
{
    return put_strings(c, c->w->env.data, c->w->env.len, a[0].u32, a[1].u32);
}
uint16_t wasi_environ_sizes_get(wasi_call *c, const sk_val *a)
{
    return put_sizes(c, c->w->env.data, c->w->env.len, a[0].u32, a[1].u32);
}

/* ---- clocks ---- */

static bool host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case 0: *out = CLOCK_REALTIME; return true;
    case 1: *out = CLOCK_MONOTONIC; return true;
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

static uint64_t ts_ns(const struct timespec *t) { return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec; }

static uint64_t now_ns(clockid_t id)
{
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return 0;
    return ts_ns(&t);
}

/* clock_res_get(id, resolution) */
uint16_t wasi_clock_res_get(wasi_call *c, const sk_val *a)
{
    clockid_t id;
    if (!host_clock(a[0].u32, &id)) return W_EINVAL;
    struct timespec t;
    if (clock_getres(id, &t) != 0) return wasi_errno(errno);
    return wasi_put64(c, a[1].u32, ts_ns(&t)) ? 0 : W_EFAULT;
}

/* clock_time_get(id, precision, time) */
uint16_t wasi_clock_time_get(wasi_call *c, const sk_val *a)
{
    clockid_t id;
    if (!host_clock(a[0].u32, &id)) return W_EINVAL;
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return wasi_errno(errno);
    return wasi_put64(c, a[2].u32, ts_ns(&t)) ? 0 : W_EFAULT;
}

/* ---- random ---- */

/* random_get(buf, len): the host's CSPRNG. */
uint16_t wasi_random_get(wasi_call *c, const sk_val *a)
{
    uint32_t buf = a[0].u32, len = a[1].u32;
    if (!wasi_mem_ok(c, buf, len)) return W_EFAULT;
    uint32_t done = 0;
    while (done < len) {
        ssize_t n = getrandom(c->mem + buf + done, len - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return wasi_errno(errno);
        }
        done += (uint32_t)n;
    }
    return 0;
}

/* ---- poll_oneoff ---- */

enum { EV_CLOCK = 0, EV_FD_READ = 1, EV_FD_WRITE = 2 };

/* Event record: userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24. */
static void put_event(uint8_t *ev, uint64_t userdata, uint16_t error, uint8_t type, uint64_t nbytes, uint16_t flags)
{
    memset(ev, 0, 32);
    wasi_st64(ev, userdata);
    wasi_st16(ev + 8, error);
    wasi_st8(ev + 10, type);
    wasi_st64(ev + 16, nbytes);
    wasi_st16(ev + 24, flags);
}

/* Bytes ready to read on a host fd, when the host can tell. */
static uint64_t readable_bytes(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t pos = lseek(fd, 0, SEEK_CUR);
        return pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
    }
    int n = 0;
    if (ioctl(fd, FIONREAD, &n) == 0 && n > 0) return (uint64_t)n;
    return 0;
}

/* poll_oneoff(in, out, nsubscriptions, nevents). Subscription layout:
 * preview1 (48 bytes): userdata u64 @0, tag u8 @8, clock {id u32 @16,
 * timeout u64 @24, precision u64 @32, flags u16 @40} / fd u32 @16.
 * unstable (56 bytes): clock {identifier u64 @16, id u32 @24, timeout u64 @32,
 * precision u64 @40, flags u16 @48} / fd u32 @16. Events are 32 bytes in both. */
uint16_t wasi_poll_oneoff(wasi_call *c, const sk_val *a)
{
    uint32_t in = a[0].u32, out = a[1].u32, n = a[2].u32, nev_ptr = a[3].u32;
    uint32_t ssize = c->unstable ? 56 : 48;
    if (n == 0) return W_EINVAL;
    if (!wasi_mem_ok(c, in, (uint64_t)n * ssize) || !wasi_mem_ok(c, out, (uint64_t)n * 32) ||
        !wasi_mem_ok(c, nev_ptr, 4))
        return W_EFAULT;
    struct pollfd *pfds = sk_calloc(n, sizeof *pfds);
    uint32_t *pidx = sk_calloc(n, sizeof *pidx); /* subscription index of each pollfd */
    if (!pfds || !pidx) {
        sk_free(pfds);
        sk_free(pidx);
        return W_ENOMEM;
    }
    /* Subscriptions are read once into host memory: the events may overlap them. */
    uint8_t *subs = sk_malloc((size_t)n * ssize);
    if (!subs) {
        sk_free(pfds);
        sk_free(pidx);
        return W_ENOMEM;
    }
    memcpy(subs, c->mem + in, (size_t)n * ssize);

    uint8_t *evbuf = sk_calloc(n, 32);
    uint64_t *dls = sk_malloc((size_t)n * sizeof *dls); /* each clock's monotonic deadline */
    if (!evbuf || !dls) {
        sk_free(evbuf);
        sk_free(dls);
        sk_free(pfds);
        sk_free(pidx);
        sk_free(subs);
        return W_ENOMEM;
    }
    uint32_t nev = 0, npfd = 0;
    uint64_t mono0 = now_ns(CLOCK_MONOTONIC);
    uint64_t deadline = UINT64_MAX; /* monotonic ns of the earliest clock */
    bool any_ready_now = false;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *s = subs + (size_t)i * ssize;
        uint64_t ud = wasi_ld64(s);
        uint8_t tag = s[8];
        dls[i] = UINT64_MAX;
        if (tag == EV_CLOCK) {
            const uint8_t *ck = s + (c->unstable ? 24 : 16);
            uint32_t id = wasi_ld32(ck);
            uint64_t timeout = wasi_ld64(ck + 8);
            uint16_t flags = wasi_ld16(ck + 24);
            clockid_t hid;
            if (!host_clock(id, &hid) || (flags & ~1u)) {
                put_event(evbuf + (size_t)nev++ * 32, ud, W_EINVAL, EV_CLOCK, 0, 0);
                any_ready_now = true;
                continue;
            }
            uint64_t rel = timeout;
            if (flags & 1) { /* absolute time on that clock */
                uint64_t now = now_ns(hid);
                rel = timeout > now ? timeout - now : 0;
            }
            /* Everything is waited for on the monotonic clock: an absolute time is
             * turned into a delay now; CPU-time clocks count as wall time. */
            uint64_t dl = rel > UINT64_MAX - mono0 - 1 ? UINT64_MAX - 1 : mono0 + rel;
            dls[i] = dl;
            if (dl < deadline) deadline = dl;
        } else if (tag == EV_FD_READ || tag == EV_FD_WRITE) {
            uint32_t fd = wasi_ld32(s + 16);
            wasi_fd *e;
            uint16_t rc = wasi_fd_get(c->w, fd, W_R_POLL_FD_READWRITE, &e);
            if (!rc && e->kind != WASI_FD_HOST) {
                /* Memory streams are always ready. */
                bool ok = (tag == EV_FD_READ) == (e->kind == WASI_FD_BYTES);
                uint64_t nb = e->kind == WASI_FD_BYTES ? e->buf.len - e->rpos : 0;
                put_event(evbuf + (size_t)nev++ * 32, ud, ok ? 0 : W_EBADF, tag, nb, 0);
                any_ready_now = true;
                continue;
            }
            if (rc) {
                put_event(evbuf + (size_t)nev++ * 32, ud, rc, tag, 0, 0);
                any_ready_now = true;
                continue;
            }
            pfds[npfd].fd = e->host_fd;
            pfds[npfd].events = tag == EV_FD_READ ? POLLIN : POLLOUT;
            pidx[npfd++] = i;
        } else {
            put_event(evbuf + (size_t)nev++ * 32, ud, W_EINVAL, tag, 0, 0);
            any_ready_now = true;
        }
    }

    uint16_t rc = 0;
    for (;;) {
        uint64_t now = now_ns(CLOCK_MONOTONIC);
        int64_t wait_ms;
        if (any_ready_now) wait_ms = 0;
        else if (deadline == UINT64_MAX) wait_ms = 100;
        else wait_ms = deadline > now ? (int64_t)((deadline - now + 999999) / 1000000) : 0;
        if (wait_ms > 100) wait_ms = 100; /* wake up now and then to notice an interrupt */
        int r = 0;
        if (npfd) {
            r = poll(pfds, npfd, (int)wait_ms);
            if (r < 0 && errno != EINTR) {
                rc = wasi_errno(errno);
                break;
            }
        } else if (wait_ms > 0) {
            uint64_t ns = deadline > now ? deadline - now : 0;
            if (ns > (uint64_t)wait_ms * 1000000) ns = (uint64_t)wait_ms * 1000000;
            struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
            nanosleep(&ts, NULL);
        }
        if (r > 0)
            for (uint32_t k = 0; k < npfd; k++) {
                if (!pfds[k].revents) continue;
                const uint8_t *s = subs + (size_t)pidx[k] * ssize;
                uint8_t tag = s[8];
                uint16_t err = (pfds[k].revents & POLLNVAL) ? W_EBADF : 0;
                if (!err && (pfds[k].revents & POLLERR) && !(pfds[k].revents & (POLLIN | POLLOUT))) err = W_EIO;
                uint16_t flags = (pfds[k].revents & POLLHUP) ? 1 : 0; /* FD_READWRITE_HANGUP */
                uint64_t nb = tag == EV_FD_READ && !err ? readable_bytes(pfds[k].fd) : 0;
                put_event(evbuf + (size_t)nev++ * 32, wasi_ld64(s), err, tag, nb, flags);
            }
        now = now_ns(CLOCK_MONOTONIC);
        bool timed_out = deadline != UINT64_MAX && now >= deadline;
        if (timed_out && r <= 0 && !any_ready_now)
            for (uint32_t i = 0; i < n; i++) /* every clock that has expired by now */
                if (dls[i] <= now)
                    put_event(evbuf + (size_t)nev++ * 32, wasi_ld64(subs + (size_t)i * ssize), 0, EV_CLOCK, 0, 0);
        if (nev) break;
        if (atomic_exchange(&c->store->interrupt, 0)) { /* consumed by the trap it causes, as in the interpreter */
            c->trap = sk_trap_new(SK_TRAP_INTERRUPT, NULL);
            break;
        }
    }
    if (!rc && !c->trap) {
        memcpy(c->mem + out, evbuf, (size_t)nev * 32);
        wasi_st32(c->mem + nev_ptr, nev);
    }
    sk_free(evbuf);
    sk_free(dls);
    sk_free(subs);
    sk_free(pfds);
    sk_free(pidx);
    return rc;
}

/* ---- process ---- */

/* proc_exit(code): ends the run with an exit trap. */
uint16_t wasi_proc_exit(wasi_call *c, const sk_val *a)
{
    c->trap = sk_trap_newf(SK_TRAP_HOST, "host trap: wasi proc_exit(%" PRIu32 ")", a[0].u32);
    c->trap->is_exit = true;
    c->trap->exit_code = (int)a[0].u32;
    return 0;
}

/* proc_raise(sig): signals are not delivered to the host; signal 0 and those
 * whose default action is to ignore do nothing, any other ends the run with a trap. */
uint16_t wasi_proc_raise(wasi_call *c, const sk_val *a)
{
    static const char *const names[] = {
        "NONE", "HUP",  "INT",  "QUIT", "ILL",  "TRAP",   "ABRT", "BUS", "FPE",  "KILL", "USR1",
        "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD",   "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG",  "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR",  "SYS"};
    uint32_t sig = a[0].u32;
    if (sig >= SK_ARRAY_LEN(names)) return W_EINVAL;
    if (sig == 0 || sig == 16 || sig == 17 || sig == 22 || sig == 27) return 0;
    c->trap = sk_trap_newf(SK_TRAP_HOST, "host trap: wasi proc_raise(SIG%s)", names[sig]);
    return 0;
}

/* sched_yield() */
uint16_t wasi_sched_yield(wasi_call *c, const sk_val *a)
{
    sched_yield();
    return 0;
}

/* ---- sockets (preopened by the host) ---- */

/* sock_accept(fd, flags, new_fd) */
uint16_t wasi_sock_accept(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = wasi_fd_get(c->w, a[0].u32, W_R_SOCK_ACCEPT, &e);
    if (rc) return rc;
    if (a[1].u32 & ~(uint32_t)W_FDFLAG_NONBLOCK) return W_EINVAL;
    if (!wasi_mem_ok(c, a[2].u32, 4)) return W_EFAULT;
    if (e->kind != WASI_FD_HOST || (e->filetype != W_FT_SOCK_STREAM && e->filetype != W_FT_SOCK_DGRAM))
        return W_ENOTSOCK;
    int flags = SOCK_CLOEXEC | ((a[1].u32 & W_FDFLAG_NONBLOCK) ? SOCK_NONBLOCK : 0);
    int h = accept4(e->host_fd, NULL, NULL, flags);
    if (h < 0) return wasi_errno(errno);
    uint32_t nfd;
    rc = wasi_fd_alloc(c->w, &nfd);
    if (rc) {
        close(h);
        return rc;
    }
    wasi_fd *ne = &c->w->fds[nfd];
    ne->kind = WASI_FD_HOST;
    ne->host_fd = h;
    ne->owned = true;
    ne->filetype = W_FT_SOCK_STREAM;
    ne->rights_base = W_RIGHTS_SOCK & ~W_R_SOCK_ACCEPT;
    ne->fdflags = (uint16_t)(a[1].u32 & W_FDFLAG_NONBLOCK);
    wasi_st32(c->mem + a[2].u32, nfd);
    return 0;
}

static uint16_t sock_get(wasi_call *c, uint32_t fd, uint64_t rights, wasi_fd **e)
{
    /* Not a socket is reported before missing rights: stdio has no socket rights at all. */
    uint16_t rc = wasi_fd_get(c->w, fd, 0, e);
    if (rc) return rc;
    if ((*e)->kind != WASI_FD_HOST ||
        ((*e)->filetype != W_FT_SOCK_STREAM && (*e)->filetype != W_FT_SOCK_DGRAM))
        return W_ENOTSOCK;
    return wasi_fd_get(c->w, fd, rights, e);
}

/* sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags) */
uint16_t wasi_sock_recv(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = sock_get(c, a[0].u32, W_R_FD_READ, &e);
    if (rc) return rc;
    uint32_t rif = a[3].u32;
    if (rif & ~3u) return W_EINVAL;
    if (!wasi_mem_ok(c, a[4].u32, 4) || !wasi_mem_ok(c, a[5].u32, 2)) return W_EFAULT;
    struct iovec *v;
    int nv;
    rc = wasi_iovecs(c, a[1].u32, a[2].u32, &v, &nv);
    if (rc) return rc;
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = v;
    mh.msg_iovlen = (size_t)nv;
    int fl = ((rif & 1) ? MSG_PEEK : 0) | ((rif & 2) ? MSG_WAITALL : 0);
    ssize_t r = recvmsg(e->host_fd, &mh, fl);
    int err = errno;
    sk_free(v);
    if (r < 0) return wasi_errno(err);
    wasi_st32(c->mem + a[4].u32, (uint32_t)r);
    wasi_st16(c->mem + a[5].u32, (mh.msg_flags & MSG_TRUNC) ? 1 : 0);
    return 0;
}

/* sock_send(fd, si_data, si_data_len, si_flags, so_datalen) */
uint16_t wasi_sock_send(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = sock_get(c, a[0].u32, W_R_FD_WRITE, &e);
    if (rc) return rc;
    if (a[3].u32) return W_EINVAL; /* no send flags are defined */
    if (!wasi_mem_ok(c, a[4].u32, 4)) return W_EFAULT;
    struct iovec *v;
    int nv;
    rc = wasi_iovecs(c, a[1].u32, a[2].u32, &v, &nv);
    if (rc) return rc;
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = v;
    mh.msg_iovlen = (size_t)nv;
    ssize_t r = sendmsg(e->host_fd, &mh, MSG_NOSIGNAL);
    int err = errno;
    sk_free(v);
    if (r < 0) return wasi_errno(err);
    wasi_st32(c->mem + a[4].u32, (uint32_t)r);
    return 0;
}

/* sock_shutdown(fd, how): RD = 1, WR = 2 */
uint16_t wasi_sock_shutdown(wasi_call *c, const sk_val *a)
{
    wasi_fd *e;
    uint16_t rc = sock_get(c, a[0].u32, W_R_SOCK_SHUTDOWN, &e);
    if (rc) return rc;
    uint32_t how = a[1].u32;
    int h = how == 1 ? SHUT_RD : how == 2 ? SHUT_WR : how == 3 ? SHUT_RDWR : -1;
    if (h < 0) return W_EINVAL;
    return shutdown(e->host_fd, h) == 0 ? 0 : wasi_errno(errno);
}
