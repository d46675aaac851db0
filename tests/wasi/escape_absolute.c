/* escape_absolute.c: absolute paths never resolve against a preopen; host paths outside are unreachable. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t fd;
    __wasi_filestat_t fs;
    REFUSED_WASI(raw_open("/etc/passwd", 0, &fd));
    REFUSED_WASI(raw_open("/", 0, &fd));
    REFUSED_WASI(raw_open("//etc", 0, &fd));
    REFUSED_WASI(__wasi_path_filestat_get(PRE, 0, "/tmp", &fs));
    REFUSED_WASI(__wasi_path_create_directory(PRE, "/tmp/skiff-wasi-escape"));
    REFUSED_WASI(__wasi_path_unlink_file(PRE, "/etc/passwd"));
    /* Through libc: no preopen covers these, so they fail (libc says ENOTCAPABLE or ENOENT). */
    errno = 0;
    CHECK(open("/etc/passwd", O_RDONLY) == -1 && errno != 0);
    CHECK(strcmp(slurp("/etc/hostname"), "") == 0);
    CHECK(strcmp(slurp("/sandboxx/hello.txt"), "") == 0);
    CHECK(opendir("/") == NULL);
    CHECK(mkdir("/tmp/skiff-wasi-escape", 0755) == -1);
    DONE();
}
