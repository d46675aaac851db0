/* escape_symlink_abs.c: symlinks with absolute targets (even ones naming the sandbox itself) are not followed, nor made by the guest. */
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
    /* Guest-made absolute symlinks are refused at creation (EPERM). */
    CHECK_ERR(symlink("/etc/passwd", "/sandbox/pw"), EPERM);
    CHECK_ERR(symlink("/sandbox/hello.txt", "/sandbox/guest_abs"), EPERM); /* even the guest's own name for it */
    CHECK_ERR(symlink("/", "/sandbox/root"), EPERM);
    CHECK_ERR(lstat("/sandbox/pw", &st), ENOENT);
    DONE();
}
