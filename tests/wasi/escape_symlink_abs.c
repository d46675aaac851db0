/* escape_symlink_abs.c: symlinks with absolute targets (even ones naming the sandbox itself) are not followed. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t fd;
    struct stat st;
    /* Host-made: abs_link -> $OUTSIDE/secret.txt, etc_link -> /etc */
    REFUSED(open("/sandbox/abs_link", O_RDONLY));
    REFUSED(stat("/sandbox/etc_link/passwd", &st));
    REFUSED(opendir("/sandbox/etc_link"));
    REFUSED_WASI(raw_open("etc_link/passwd", 0, &fd));
    REFUSED_WASI(raw_open("abs_link", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, &fd));
    /* Guest-made. */
    CHECK(symlink("/etc/passwd", "/sandbox/pw") == 0);
    REFUSED(open("/sandbox/pw", O_RDONLY));
    CHECK(symlink("/sandbox/hello.txt", "/sandbox/guest_abs") == 0); /* the guest's own name for it */
    REFUSED(open("/sandbox/guest_abs", O_RDONLY));
    CHECK(symlink("/", "/sandbox/root") == 0);
    REFUSED(opendir("/sandbox/root/tmp"));
    REFUSED(mkdir("/sandbox/root/tmp/skiff-escape", 0755));
    CHECK(lstat("/sandbox/pw", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(strcmp(slurp("/sandbox/pw"), "") == 0);
    DONE();
}
