/* escape_symlink_dir.c: a symlink to a directory outside cannot be used for any operation inside it. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t fd;
    struct stat st;
    /* dir_out -> ../outside (host-made); the runner checks that outside/ is unchanged afterwards. */
    REFUSED(open("/sandbox/dir_out/secret.txt", O_RDONLY));
    REFUSED(open("/sandbox/dir_out/new.txt", O_CREAT | O_WRONLY, 0644));
    REFUSED(open("/sandbox/dir_out/secret.txt", O_WRONLY | O_TRUNC));
    REFUSED(stat("/sandbox/dir_out/secret.txt", &st));
    REFUSED(stat("/sandbox/dir_out/", &st));
    REFUSED(opendir("/sandbox/dir_out"));
    REFUSED(mkdir("/sandbox/dir_out/newdir", 0755));
    REFUSED(rmdir("/sandbox/dir_out/inner"));
    REFUSED(unlink("/sandbox/dir_out/secret.txt"));
    REFUSED(unlink("/sandbox/dir_out/inner/x.txt"));
    REFUSED(rename("/sandbox/hello.txt", "/sandbox/dir_out/stolen.txt"));
    REFUSED(rename("/sandbox/dir_out/secret.txt", "/sandbox/got.txt"));
    REFUSED(link("/sandbox/dir_out/secret.txt", "/sandbox/got.txt"));
    REFUSED(link("/sandbox/hello.txt", "/sandbox/dir_out/hard.txt"));
    REFUSED(symlink("x", "/sandbox/dir_out/link"));
    REFUSED(truncate("/sandbox/dir_out/secret.txt", 0));
    REFUSED_WASI(raw_open("dir_out", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, &fd));
    REFUSED_WASI(raw_open("dir_out/.", 0, &fd));
    REFUSED_WASI(raw_open("dir_out/inner/x.txt", 0, &fd));
    REFUSED_WASI(__wasi_path_filestat_set_times(PRE, 0, "dir_out/secret.txt", 0, 0, __WASI_FSTFLAGS_MTIM));
    /* The link itself can be removed (it is inside); that leaves the target alone. */
    CHECK(unlink("/sandbox/dir_out") == 0);
    DONE();
}
