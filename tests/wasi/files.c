/* files.c: create, write, read, seek, pread/pwrite, append, truncate, sync, allocate, advise, error cases. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static ssize_t read_all(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n >= 0) buf[n] = 0;
    return n;
}

int main(void)
{
    char buf[256];
    /* The file the host put there. */
    CHECK(read_all("/sandbox/hello.txt", buf, sizeof buf) == 12);
    CHECK(strcmp(buf, "hello world\n") == 0);

    /* Create and write. */
    int fd = open("/sandbox/new.txt", O_CREAT | O_EXCL | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    CHECK(write(fd, "ab", 2) == 2);
    CHECK(lseek(fd, -1, SEEK_END) == 9);
    CHECK(lseek(fd, -100, SEEK_SET) == -1 && errno == EINVAL);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(read(fd, buf, 1) == -1 && errno == EBADF); /* opened write-only: no FD_READ right */
    CHECK(close(fd) == 0);
    CHECK(read_all("/sandbox/new.txt", buf, sizeof buf) == 10 && strcmp(buf, "01ab456789") == 0);

    /* O_EXCL on an existing file, missing files, O_DIRECTORY on a file. */
    CHECK_ERR(open("/sandbox/new.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    CHECK_ERR(open("/sandbox/missing.txt", O_RDONLY), ENOENT);
    CHECK_ERR(open("/sandbox/missing/x.txt", O_CREAT | O_WRONLY, 0644), ENOENT);
    CHECK_ERR(open("/sandbox/new.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
    CHECK_ERR(open("/sandbox/new.txt/x", O_RDONLY), ENOTDIR);
    CHECK_ERR(open("/sandbox/sub", O_WRONLY), EISDIR);

    /* Read/write with pread/pwrite, which leave the offset alone. */
    fd = open("/sandbox/new.txt", O_RDWR);
    CHECK(fd >= 0);
    CHECK(pread(fd, buf, 4, 3) == 4 && memcmp(buf, "b456", 4) == 0);
    CHECK(pwrite(fd, "XY", 2, 8) == 2);
    CHECK(lseek(fd, 0, SEEK_CUR) == 0);
    CHECK(read(fd, buf, 100) == 10 && memcmp(buf, "01ab4567XY", 10) == 0);
    CHECK(read(fd, buf, 100) == 0); /* end of file */
    CHECK(pread(fd, buf, 4, 100) == 0);
    CHECK(pread(fd, buf, 4, -1) == -1 && errno == EINVAL);

    /* Truncate, extend, allocate, advise. */
    CHECK(ftruncate(fd, 4) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4 && S_ISREG(st.st_mode));
    CHECK(ftruncate(fd, 5000) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5000);
    CHECK(pread(fd, buf, 4, 4000) == 4 && buf[0] == 0 && buf[3] == 0);
    CHECK(posix_fallocate(fd, 0, 10000) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 10000);
    CHECK(posix_fadvise(fd, 0, 100, POSIX_FADV_SEQUENTIAL) == 0);
    CHECK(posix_fadvise(fd, 0, 100, 99) == EINVAL);
    CHECK(close(fd) == 0);
    CHECK(truncate("/sandbox/new.txt", 3) == 0);
    CHECK(stat("/sandbox/new.txt", &st) == 0 && st.st_size == 3);

    /* O_TRUNC and O_APPEND. */
    fd = open("/sandbox/new.txt", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
    CHECK(write(fd, "first\n", 6) == 6);
    close(fd);
    fd = open("/sandbox/new.txt", O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "second\n", 7) == 7); /* goes to the end regardless */
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK(fcntl(fd, F_SETFL, 0) == 0); /* APPEND off */
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "F", 1) == 1);
    close(fd);
    CHECK(read_all("/sandbox/new.txt", buf, sizeof buf) == 13 && strcmp(buf, "First\nsecond\n") == 0);

    /* stdio with FILE*: a larger file through buffered I/O. */
    FILE *f = fopen("/sandbox/big.txt", "w");
    CHECK(f != NULL);
    for (int i = 0; i < 20000; i++) fprintf(f, "line %d\n", i);
    CHECK(fclose(f) == 0);
    f = fopen("/sandbox/big.txt", "r");
    CHECK(f != NULL);
    int lines = 0, last = -1;
    while (fgets(buf, sizeof buf, f)) {
        int v;
        if (sscanf(buf, "line %d", &v) == 1 && v == last + 1) last = v;
        lines++;
    }
    fclose(f);
    CHECK(lines == 20000 && last == 19999);

    /* The sync fdflags reach fdstat; NONBLOCK can be switched. */
    __wasi_fdstat_t fst;
    fd = open("/sandbox/sync.txt", O_CREAT | O_WRONLY | O_DSYNC, 0644);
    CHECK(fd >= 0 && __wasi_fd_fdstat_get(fd, &fst) == 0 && fst.fs_flags == __WASI_FDFLAGS_DSYNC);
    CHECK((fcntl(fd, F_GETFL) & O_DSYNC) == O_DSYNC);
    CHECK(write(fd, "d", 1) == 1);
    close(fd);
    fd = open("/sandbox/sync.txt", O_WRONLY | O_SYNC | O_APPEND);
    CHECK(fd >= 0 && __wasi_fd_fdstat_get(fd, &fst) == 0 &&
          fst.fs_flags == (__WASI_FDFLAGS_SYNC | __WASI_FDFLAGS_APPEND));
    CHECK(write(fd, "s", 1) == 1);
    /* The sync flags cannot change after opening. */
    CHECK_WASI(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND), __WASI_ERRNO_NOTSUP);
    close(fd);
    fd = open("/sandbox/sync.txt", O_RDONLY | O_RSYNC);
    CHECK(fd >= 0 && __wasi_fd_fdstat_get(fd, &fst) == 0 && (fst.fs_flags & __WASI_FDFLAGS_RSYNC));
    CHECK(read(fd, buf, 10) == 2 && memcmp(buf, "ds", 2) == 0);
    CHECK_WASI(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_RSYNC | __WASI_FDFLAGS_NONBLOCK), 0);
    CHECK(__wasi_fd_fdstat_get(fd, &fst) == 0 && (fst.fs_flags & __WASI_FDFLAGS_NONBLOCK));
    CHECK_WASI(__wasi_fd_fdstat_set_flags(fd, 0x40), __WASI_ERRNO_INVAL);
    close(fd);
    /* path_open with an unknown oflag or fdflag bit. */
    __wasi_fd_t wfd;
    CHECK_WASI(__wasi_path_open(3, 0, "sync.txt", 0x10, __WASI_RIGHTS_FD_READ, 0, 0, &wfd), __WASI_ERRNO_INVAL);
    CHECK_WASI(__wasi_path_open(3, 0, "sync.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0x20, &wfd), __WASI_ERRNO_INVAL);
    /* O_DIRECTORY|O_CREAT is not a way to make directories. */
    CHECK_WASI(__wasi_path_open(3, 0, "newdir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0,
                                0, &wfd), __WASI_ERRNO_INVAL);
    /* fd_tell / fd_seek on a directory and on a file opened without seek rights. */
    CHECK_WASI(__wasi_path_open(3, 0, "sync.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &wfd), 0);
    __wasi_filesize_t pos;
    CHECK_WASI(__wasi_fd_tell(wfd, &pos), __WASI_ERRNO_NOTCAPABLE);
    CHECK_WASI(__wasi_fd_seek(wfd, 1, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
    CHECK_WASI(__wasi_fd_close(wfd), 0);
    CHECK_WASI(__wasi_fd_close(wfd), __WASI_ERRNO_BADF);

    /* Closed and never-opened fds. */
    CHECK_ERR(close(fd), EBADF);
    CHECK_ERR(write(99, "x", 1), EBADF);
    CHECK_ERR(read(-1, buf, 1), EBADF);
    CHECK(unlink("/sandbox/big.txt") == 0);
    DONE();
}
