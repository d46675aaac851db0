/* escape_reentry.c: a path that leaves the root and comes back in ("../sandbox/x") is refused too,
 * as openat2(RESOLVE_BENEATH) does, even though it would end inside. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t fd;
    struct stat st;
    REFUSED_WASI(raw_open("../sandbox/hello.txt", 0, &fd));
    REFUSED_WASI(raw_open("sub/../../sandbox/hello.txt", 0, &fd));
    REFUSED_WASI(raw_open("../sandbox", 0, &fd));
    REFUSED(open("/sandbox/../sandbox/hello.txt", O_RDONLY));
    REFUSED(stat("/sandbox/sub/../../sandbox/sub", &st));
    /* A symlink whose target leaves and re-enters. */
    CHECK(symlink("../sandbox/hello.txt", "/sandbox/reenter") == 0);
    REFUSED(open("/sandbox/reenter", O_RDONLY));
    REFUSED_WASI(raw_open("reenter", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, &fd));
    /* Staying inside is fine. */
    CHECK(raw_open("sub/../hello.txt", 0, &fd) == 0);
    CHECK(strcmp(slurp("/sandbox/sub/deeper/../../hello.txt"), "hello world\n") == 0);
    DONE();
}
