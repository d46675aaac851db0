/* conformance_fixes.c: errno choices that the preview1 conformance suite expects (each was wrong once). */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "check.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#define PRE 3 /* the preopened /sandbox */
#define RIGHTS_RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE)

static __wasi_errno_t raw_open(const char *path, __wasi_oflags_t of, __wasi_rights_t base, __wasi_fdflags_t ff,
                               __wasi_fd_t *fd)
{
    return __wasi_path_open(PRE, 0, path, of, base, 0, ff, fd);
}

int main(void)
{
    __wasi_fd_t fd;
    struct stat st;
    /* shutdown() of a non-socket is ENOTSOCK, even though stdout has no socket rights. */
    CHECK_ERR(shutdown(1, SHUT_RD), ENOTSOCK);
    /* Sync flags need no fd_sync/fd_datasync right. */
    CHECK_WASI(raw_open("synced.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW,
                        __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_SYNC, &fd), 0);
    CHECK_WASI(__wasi_fd_close(fd), 0);
    CHECK_WASI(raw_open("synced.txt", 0, __WASI_RIGHTS_FD_READ, __WASI_FDFLAGS_DSYNC, &fd), 0);
    CHECK_WASI(__wasi_fd_close(fd), 0);
    /* A directory opened for writing: EISDIR; a file with O_DIRECTORY: ENOTDIR; read only is fine. */
    CHECK_WASI(raw_open(".", __WASI_OFLAGS_DIRECTORY, RIGHTS_RW, 0, &fd), __WASI_ERRNO_ISDIR);
    CHECK_WASI(raw_open("sub", __WASI_OFLAGS_DIRECTORY, RIGHTS_RW, 0, &fd), __WASI_ERRNO_ISDIR);
    CHECK_WASI(raw_open("hello.txt", __WASI_OFLAGS_DIRECTORY, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NOTDIR);
    CHECK_WASI(raw_open("sub", __WASI_OFLAGS_DIRECTORY,
                        __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_DATASYNC, 0, &fd), 0);
    CHECK_WASI(__wasi_fd_close(fd), 0);
    /* A hard link named "x/": ENOENT, nothing made. */
    CHECK_WASI(__wasi_path_link(PRE, 0, "hello.txt", PRE, "hl/"), __WASI_ERRNO_NOENT);
    CHECK_ERR(lstat("/sandbox/hl", &st), ENOENT);
    CHECK_WASI(__wasi_path_link(PRE, 0, "hello.txt", PRE, "hl"), 0);
    CHECK_WASI(__wasi_path_unlink_file(PRE, "hl"), 0);
    /* A symlink named "x/": ENOENT when x is absent, EEXIST when it exists. */
    CHECK_WASI(__wasi_path_symlink("source", PRE, "sl/"), __WASI_ERRNO_NOENT);
    CHECK_ERR(lstat("/sandbox/sl", &st), ENOENT);
    CHECK_WASI(__wasi_path_symlink("source", PRE, "sub/"), __WASI_ERRNO_EXIST);
    CHECK_WASI(__wasi_path_symlink("source", PRE, "sl"), 0); /* dangling is fine */
    CHECK_WASI(__wasi_path_unlink_file(PRE, "sl"), 0);
    /* Absolute symlink targets are refused with EPERM. */
    CHECK_WASI(__wasi_path_symlink("/", PRE, "root"), __WASI_ERRNO_PERM);
    CHECK_ERR(symlink("/sandbox/hello.txt", "/sandbox/abs2"), EPERM);
    CHECK_ERR(lstat("/sandbox/root", &st), ENOENT);
    DONE();
}
