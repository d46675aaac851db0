/* escape.h: helpers for the sandbox-escape tests: every attempt must fail with ENOTCAPABLE (or EPERM). */
#ifndef WASI_TEST_ESCAPE_H
#define WASI_TEST_ESCAPE_H
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#define PRE 3 /* the fd of the one preopened directory (--dir ...::/sandbox) */

__attribute__((unused)) static int refused_errno(int e) { return e == ENOTCAPABLE || e == EPERM; }
__attribute__((unused)) static int refused_wasi(int e) { return e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_PERM; }

/* A libc call that must fail as an escape. */
#define REFUSED(expr)                                                                                  \
    do {                                                                                               \
        errno = 0;                                                                                     \
        long r_ = (long)(expr);                                                                        \
        checks_run++;                                                                                  \
        if (!((r_ == -1 || r_ == 0) && refused_errno(errno))) {                                        \
            checks_failed++;                                                                           \
            printf("FAIL %s:%d: %s: got %ld errno %d (%s), want ENOTCAPABLE\n", __FILE__, __LINE__, #expr, r_, \
                   errno, strerror(errno));                                                            \
        }                                                                                              \
    } while (0)

/* A raw WASI call that must fail as an escape. */
#define REFUSED_WASI(call)                                                                             \
    do {                                                                                               \
        int r_ = (int)(call);                                                                          \
        checks_run++;                                                                                  \
        if (!refused_wasi(r_)) {                                                                       \
            checks_failed++;                                                                           \
            printf("FAIL %s:%d: %s: got wasi errno %d, want NOTCAPABLE\n", __FILE__, __LINE__, #call, r_); \
        }                                                                                              \
    } while (0)

/* path_open relative to the preopen, read-only. */
__attribute__((unused)) static int raw_open(const char *path, __wasi_lookupflags_t lf, __wasi_fd_t *out)
{
    return __wasi_path_open(PRE, lf, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, out);
}

/* Reads a whole small file through libc; "" if it cannot. */
__attribute__((unused)) static const char *slurp(const char *path)
{
    static char buf[256];
    buf[0] = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return buf;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n < 0 ? 0 : n] = 0;
    close(fd);
    return buf;
}
#endif
