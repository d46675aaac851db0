/* rights.c: base and inheriting rights are enforced and can only shrink. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t dir, f;
    __wasi_fdstat_t st;
    size_t n;
    char buf[16];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
    /* A directory handle that may only open files for reading. */
    CHECK_WASI(__wasi_path_open(PRE, 0, "sub", __WASI_OFLAGS_DIRECTORY,
                                __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR, __WASI_RIGHTS_FD_READ, 0, &dir), 0);
    CHECK_WASI(__wasi_fd_fdstat_get(dir, &st), 0);
    CHECK(st.fs_rights_base == (__WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR));
    CHECK(st.fs_rights_inheriting == __WASI_RIGHTS_FD_READ);
    REFUSED_WASI(__wasi_path_create_directory(dir, "newdir"));
    REFUSED_WASI(__wasi_path_unlink_file(dir, "inner.txt"));
    REFUSED_WASI(__wasi_path_open(dir, 0, "new.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &f));
    REFUSED_WASI(__wasi_path_filestat_get(dir, 0, "inner.txt", &(__wasi_filestat_t){0}));
    /* Asking for more than the directory passes on gives only what it passes on. */
    CHECK_WASI(__wasi_path_open(dir, 0, "inner.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &f), 0);
    CHECK_WASI(__wasi_fd_fdstat_get(f, &st), 0);
    CHECK(st.fs_rights_base == __WASI_RIGHTS_FD_READ);
    CHECK_WASI(__wasi_fd_read(f, &iov, 1, &n), 0);
    CHECK(n == 6 && memcmp(buf, "inner\n", 6) == 0);
    REFUSED_WASI(__wasi_fd_write(f, &ciov, 1, &n));
    REFUSED_WASI(__wasi_fd_seek(f, 0, __WASI_WHENCE_SET, &(__wasi_filesize_t){0}));
    REFUSED_WASI(__wasi_fd_filestat_get(f, &(__wasi_filestat_t){0}));
    REFUSED_WASI(__wasi_fd_filestat_set_size(f, 0));
    /* Rights only shrink. */
    REFUSED_WASI(__wasi_fd_fdstat_set_rights(f, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0));
    CHECK_WASI(__wasi_fd_fdstat_set_rights(f, 0, 0), 0);
    REFUSED_WASI(__wasi_fd_read(f, &iov, 1, &n));
    CHECK_WASI(__wasi_fd_close(f), 0);
    CHECK_WASI(__wasi_fd_close(dir), 0);
    /* A file opened read-only through libc cannot be written. */
    int fd = open("/sandbox/hello.txt", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(write(fd, "x", 1) == -1);
    close(fd);
    /* Dropping PATH_CREATE_FILE from the preopen stops O_CREAT, not plain opens. */
    CHECK_WASI(__wasi_fd_fdstat_get(PRE, &st), 0);
    CHECK_WASI(__wasi_fd_fdstat_set_rights(PRE, st.fs_rights_base & ~__WASI_RIGHTS_PATH_CREATE_FILE,
                                           st.fs_rights_inheriting), 0);
    REFUSED(open("/sandbox/created.txt", O_CREAT | O_WRONLY, 0644));
    fd = open("/sandbox/hello.txt", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
    /* And dropping PATH_OPEN stops everything. */
    CHECK_WASI(__wasi_fd_fdstat_get(PRE, &st), 0);
    CHECK(!(st.fs_rights_base & __WASI_RIGHTS_PATH_CREATE_FILE));
    CHECK_WASI(__wasi_fd_fdstat_set_rights(PRE, st.fs_rights_base & ~__WASI_RIGHTS_PATH_OPEN, st.fs_rights_inheriting), 0);
    REFUSED(open("/sandbox/hello.txt", O_RDONLY));
    DONE();
}
