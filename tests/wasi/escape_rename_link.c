/* escape_rename_link.c: rename and link cannot move names across the sandbox boundary in either direction. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    struct stat st;
    REFUSED_WASI(__wasi_path_rename(PRE, "hello.txt", PRE, "../stolen.txt"));
    REFUSED_WASI(__wasi_path_rename(PRE, "../outside/secret.txt", PRE, "mine.txt"));
    REFUSED_WASI(__wasi_path_rename(PRE, "sub", PRE, "../sub_moved"));
    REFUSED_WASI(__wasi_path_link(PRE, 0, "../outside/secret.txt", PRE, "mine.txt"));
    REFUSED_WASI(__wasi_path_link(PRE, 0, "hello.txt", PRE, "../outside/hard.txt"));
    /* Following a link that points out, for the source of a hard link. */
    REFUSED_WASI(__wasi_path_link(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "out_link", PRE, "mine.txt"));
    REFUSED_WASI(__wasi_path_link(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "abs_link", PRE, "mine.txt"));
    CHECK_ERR(stat("/sandbox/mine.txt", &st), ENOENT);
    /* Without following, the new name is just another symlink, still refused when followed. */
    CHECK(__wasi_path_link(PRE, 0, "out_link", PRE, "copy_link") == 0);
    CHECK(lstat("/sandbox/copy_link", &st) == 0 && S_ISLNK(st.st_mode));
    REFUSED(open("/sandbox/copy_link", O_RDONLY));
    /* Renaming a symlink that points out keeps it unusable. */
    CHECK(rename("/sandbox/out_link", "/sandbox/moved_link") == 0);
    REFUSED(open("/sandbox/moved_link", O_RDONLY));
    /* Moving a directory inside is fine. */
    CHECK(rename("/sandbox/sub", "/sandbox/sub2") == 0);
    CHECK(stat("/sandbox/sub2/inner.txt", &st) == 0);
    DONE();
}
