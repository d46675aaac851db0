/* multi_preopen.c: two granted directories: files move between them, but a symlink in one may not lead into the
 * other (each preopen is its own root), and the guest sees exactly its two preopens. */
// WASI-ARGS: --dir $SANDBOX/sub::/a --dir $SANDBOX/data::/b
#include "escape.h"
#include <stdlib.h>

int main(void)
{
    __wasi_prestat_t ps;
    char name[16];
    CHECK_WASI(__wasi_fd_prestat_get(3, &ps), 0);
    CHECK(ps.u.dir.pr_name_len == 2 && __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 2) == 0 && !memcmp(name, "/a", 2));
    CHECK_WASI(__wasi_fd_prestat_get(4, &ps), 0);
    CHECK(ps.u.dir.pr_name_len == 2 && __wasi_fd_prestat_dir_name(4, (uint8_t *)name, 2) == 0 && !memcmp(name, "/b", 2));
    CHECK_WASI(__wasi_fd_prestat_get(5, &ps), __WASI_ERRNO_BADF);
    /* Across preopens: rename and hard link (same host file system). */
    CHECK(strcmp(slurp("/a/inner.txt"), "inner\n") == 0);
    CHECK(rename("/a/inner.txt", "/b/moved.txt") == 0);
    CHECK(strcmp(slurp("/b/moved.txt"), "inner\n") == 0);
    CHECK(link("/b/moved.txt", "/a/back.txt") == 0);
    CHECK(strcmp(slurp("/a/back.txt"), "inner\n") == 0);
    /* A symlink in /a that reaches /b through the host tree is still an escape from /a. */
    CHECK(symlink("../data/numbers.txt", "/a/to_b") == 0);
    REFUSED(open("/a/to_b", O_RDONLY));
    REFUSED(open("/a/../data/numbers.txt", O_RDONLY));
    /* Preopens are matched by whole components: /ab is not under /a. */
    errno = 0;
    CHECK(open("/ab/inner.txt", O_RDONLY) == -1 && errno != 0);
    DONE();
}
