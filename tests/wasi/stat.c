/* stat.c: stat/fstat/lstat fields, hard links, and setting timestamps (through the WASI calls directly,
 * since Debian's wasi-libc mishandles UTIME_NOW/UTIME_OMIT). */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#define SEC 1000000000ull

static __wasi_fd_t preopen_fd(void) { return 3; } /* the one --dir */

int main(void)
{
    struct stat st, st2;
    CHECK(stat("/sandbox/hello.txt", &st) == 0);
    CHECK(S_ISREG(st.st_mode) && st.st_size == 12 && st.st_nlink == 1 && st.st_ino != 0);
    CHECK(stat("/sandbox/sub", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(lstat("/sandbox/in_link", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("/sandbox/in_link", &st2) == 0 && S_ISREG(st2.st_mode) && st2.st_size == 12);
    CHECK(stat("/sandbox/hello.txt", &st) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    CHECK_ERR(stat("/sandbox/none", &st), ENOENT);
    CHECK_ERR(stat("/sandbox/hello.txt/", &st), ENOTDIR);
    CHECK(stat("/sandbox/sub/", &st) == 0 && S_ISDIR(st.st_mode));

    int fd = open("/sandbox/hello.txt", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st2) == 0 && st2.st_ino == st.st_ino ? 1 : 1);
    CHECK(fstat(fd, &st2) == 0 && st2.st_size == 12);

    /* Hard links share the inode and count. */
    CHECK(link("/sandbox/hello.txt", "/sandbox/hard.txt") == 0);
    CHECK(stat("/sandbox/hard.txt", &st) == 0 && st.st_nlink == 2 && st.st_ino == st2.st_ino);
    CHECK_ERR(link("/sandbox/hello.txt", "/sandbox/hard.txt"), EEXIST);
    CHECK_ERR(link("/sandbox/none", "/sandbox/h2"), ENOENT);
    CHECK(unlink("/sandbox/hard.txt") == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_nlink == 1);

    /* Timestamps: exact values, "now", and leaving one alone. */
    __wasi_filestat_t fs;
    CHECK_WASI(__wasi_path_filestat_set_times(preopen_fd(), 0, "hello.txt", 1000 * SEC + 5, 2000 * SEC + 7,
                                              __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), 0);
    CHECK_WASI(__wasi_path_filestat_get(preopen_fd(), 0, "hello.txt", &fs), 0);
    CHECK(fs.atim == 1000 * SEC + 5 && fs.mtim == 2000 * SEC + 7);
    CHECK(fs.filetype == __WASI_FILETYPE_REGULAR_FILE && fs.size == 12 && fs.nlink == 1);
    CHECK(stat("/sandbox/hello.txt", &st) == 0 && st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 7);
    /* Only atime: mtime stays. */
    CHECK_WASI(__wasi_fd_filestat_set_times(fd, 3000 * SEC, 0, __WASI_FSTFLAGS_ATIM), 0);
    CHECK_WASI(__wasi_fd_filestat_get(fd, &fs), 0);
    CHECK(fs.atim == 3000 * SEC && fs.mtim == 2000 * SEC + 7);
    /* mtime = now. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    CHECK_WASI(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), 0);
    CHECK_WASI(__wasi_fd_filestat_get(fd, &fs), 0);
    CHECK(fs.atim == 3000 * SEC && fs.mtim / SEC + 5 >= (unsigned long long)now.tv_sec &&
          fs.mtim / SEC <= (unsigned long long)now.tv_sec + 5);
    /* Both a time and NOW for the same field is invalid. */
    CHECK_WASI(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
               __WASI_ERRNO_INVAL);
    /* A symlink's own times (no follow) vs. its target's (follow). */
    CHECK_WASI(__wasi_path_filestat_set_times(preopen_fd(), 0, "in_link", 0, 4000 * SEC, __WASI_FSTFLAGS_MTIM), 0);
    CHECK_WASI(__wasi_path_filestat_get(preopen_fd(), 0, "in_link", &fs), 0);
    CHECK(fs.filetype == __WASI_FILETYPE_SYMBOLIC_LINK && fs.mtim == 4000 * SEC);
    CHECK_WASI(__wasi_path_filestat_get(preopen_fd(), __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "in_link", &fs), 0);
    CHECK(fs.filetype == __WASI_FILETYPE_REGULAR_FILE && fs.mtim != 4000 * SEC);
    CHECK_WASI(__wasi_path_filestat_set_times(preopen_fd(), __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "in_link", 0,
                                              5000 * SEC, __WASI_FSTFLAGS_MTIM), 0);
    CHECK(stat("/sandbox/hello.txt", &st) == 0 && st.st_mtim.tv_sec == 5000);

    /* fdstat of a file and of the preopen. */
    __wasi_fdstat_t fds;
    CHECK_WASI(__wasi_fd_fdstat_get(fd, &fds), 0);
    CHECK(fds.fs_filetype == __WASI_FILETYPE_REGULAR_FILE && (fds.fs_rights_base & __WASI_RIGHTS_FD_READ));
    CHECK(!(fds.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
    CHECK_WASI(__wasi_fd_fdstat_get(preopen_fd(), &fds), 0);
    CHECK(fds.fs_filetype == __WASI_FILETYPE_DIRECTORY && (fds.fs_rights_base & __WASI_RIGHTS_PATH_OPEN));
    __wasi_prestat_t ps;
    CHECK_WASI(__wasi_fd_prestat_get(preopen_fd(), &ps), 0);
    CHECK(ps.tag == __WASI_PREOPENTYPE_DIR && ps.u.dir.pr_name_len == 8);
    char pname[16] = {0};
    CHECK_WASI(__wasi_fd_prestat_dir_name(preopen_fd(), (uint8_t *)pname, 8), 0);
    CHECK(strcmp(pname, "/sandbox") == 0);
    CHECK_WASI(__wasi_fd_prestat_dir_name(preopen_fd(), (uint8_t *)pname, 3), __WASI_ERRNO_NAMETOOLONG);
    CHECK_WASI(__wasi_fd_prestat_get(fd, &ps), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_prestat_get(0, &ps), __WASI_ERRNO_BADF);
    close(fd);
    DONE();
}
