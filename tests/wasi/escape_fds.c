/* escape_fds.c: fds the host did not grant do not exist; non-directories cannot be used as path bases. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t f;
    char buf[16];
    size_t n;
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_fdstat_t st;
    int bad = 0;
    /* Host fds the runtime itself has open are not guest fds. */
    for (__wasi_fd_t fd = 4; fd < 200; fd++)
        if (__wasi_fd_read(fd, &iov, 1, &n) != __WASI_ERRNO_BADF) bad++;
    CHECK(bad == 0);
    CHECK_WASI(__wasi_fd_fdstat_get(0xFFFFFFFFu, &st), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_fdstat_get(1u << 20, &st), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_close(77), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_renumber(PRE, 77), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_renumber(77, PRE), __WASI_ERRNO_BADF);
    /* stdin/stdout and files are not directories. */
    CHECK_WASI(__wasi_path_open(0, 0, "etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &f), __WASI_ERRNO_NOTCAPABLE);
    CHECK_WASI(__wasi_path_open(PRE, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_PATH_OPEN,
                                __WASI_RIGHTS_FD_READ, 0, &f), 0);
    __wasi_fd_t g;
    CHECK_WASI(__wasi_path_open(f, 0, "x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &g), __WASI_ERRNO_NOTCAPABLE);
    CHECK_WASI(__wasi_fd_readdir(f, (uint8_t *)buf, sizeof buf, 0, &n), __WASI_ERRNO_NOTCAPABLE);
    /* Renumbering moves, then the old number is gone. */
    CHECK_WASI(__wasi_fd_renumber(f, f), 0);
    __wasi_fd_t h;
    CHECK_WASI(__wasi_path_open(PRE, 0, "sub/inner.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &h), 0);
    CHECK_WASI(__wasi_fd_renumber(h, f), 0);
    CHECK_WASI(__wasi_fd_read(h, &iov, 1, &n), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_read(f, &iov, 1, &n), 0);
    CHECK(n == 6 && memcmp(buf, "inner\n", 6) == 0);
    /* After closing the preopen nothing can be opened. */
    CHECK_WASI(__wasi_fd_close(PRE), 0);
    CHECK_WASI(__wasi_path_open(PRE, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &g), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_prestat_get(PRE, &(__wasi_prestat_t){0}), __WASI_ERRNO_BADF);
    DONE();
}
