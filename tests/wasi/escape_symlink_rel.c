/* escape_symlink_rel.c: relative symlinks that point out of the sandbox are never followed. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t fd;
    struct stat st;
    char buf[128];
    /* Made by the host: out_link -> ../outside/secret.txt, sub/deeper/up_link -> ../../../outside/secret.txt */
    REFUSED(open("/sandbox/out_link", O_RDONLY));
    REFUSED(stat("/sandbox/out_link", &st));
    REFUSED(open("/sandbox/sub/deeper/up_link", O_RDONLY));
    REFUSED_WASI(raw_open("out_link", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, &fd));
    /* Not following is fine: the link itself is inside. */
    CHECK(lstat("/sandbox/out_link", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(readlink("/sandbox/out_link", buf, sizeof buf) == 21);
    /* Made by the guest. */
    CHECK(symlink("../outside/secret.txt", "/sandbox/evil") == 0);
    REFUSED(open("/sandbox/evil", O_RDONLY));
    CHECK(symlink("sub/../../outside", "/sandbox/evil_dir") == 0);
    REFUSED(open("/sandbox/evil_dir/secret.txt", O_RDONLY));
    REFUSED(opendir("/sandbox/evil_dir"));
    CHECK(symlink("../../..", "/sandbox/sub/up3") == 0);
    REFUSED(stat("/sandbox/sub/up3/etc/passwd", &st));
    /* A chain whose last hop leaves. */
    CHECK(symlink("out_link", "/sandbox/chain1") == 0);
    CHECK(symlink("chain1", "/sandbox/chain2") == 0);
    REFUSED(open("/sandbox/chain2", O_RDONLY));
    /* O_CREAT through a link pointing outside must not create anything there. */
    CHECK(symlink("../outside/new_file.txt", "/sandbox/creat_link") == 0);
    REFUSED(open("/sandbox/creat_link", O_CREAT | O_WRONLY, 0644));
    REFUSED_WASI(__wasi_path_filestat_set_times(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "out_link", 0, 0,
                                                __WASI_FSTFLAGS_MTIM));
    CHECK(strcmp(slurp("/sandbox/evil"), "") == 0);
    DONE();
}
