/* symlinks.c: creating, reading and following symlinks inside the sandbox; loops; dangling links; O_NOFOLLOW. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    char buf[256];
    struct stat st;
    /* Links made by the host. */
    ssize_t n = readlink("/sandbox/in_link", buf, sizeof buf);
    CHECK(n == 9 && memcmp(buf, "hello.txt", 9) == 0);
    CHECK(readlink("/sandbox/in_link", buf, 4) == 4 && memcmp(buf, "hell", 4) == 0); /* truncated */
    CHECK_ERR(readlink("/sandbox/hello.txt", buf, sizeof buf), EINVAL);
    int fd = open("/sandbox/in_link", O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0);
    close(fd);
    CHECK(stat("/sandbox/sub_link/inner.txt", &st) == 0 && st.st_size == 6);
    CHECK(stat("/sandbox/sub/up_in_link", &st) == 0 && st.st_size == 12); /* ../hello.txt stays inside */
    DIR *d = opendir("/sandbox/sub_link");
    CHECK(d != NULL);
    if (d) closedir(d);

    /* Links made by the guest: relative, to a directory, chained. */
    CHECK(symlink("hello.txt", "/sandbox/l1") == 0);
    CHECK(symlink("l1", "/sandbox/l2") == 0);
    CHECK(symlink("sub/../l2", "/sandbox/l3") == 0);
    CHECK(stat("/sandbox/l3", &st) == 0 && st.st_size == 12);
    CHECK(lstat("/sandbox/l3", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 9);
    CHECK(symlink("sub", "/sandbox/sdir") == 0);
    CHECK(stat("/sandbox/sdir/inner.txt", &st) == 0);
    CHECK(stat("/sandbox/sdir/", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(mkdir("/sandbox/sdir/made", 0755) == 0);
    CHECK(stat("/sandbox/sub/made", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(symlink("../../hello.txt", "/sandbox/sub/made/back") == 0);
    CHECK(stat("/sandbox/sdir/made/back", &st) == 0 && st.st_size == 12);
    CHECK_ERR(symlink("x", "/sandbox/l1"), EEXIST);

    /* Dangling links: stat fails, lstat works, O_CREAT creates the target. */
    CHECK(symlink("created.txt", "/sandbox/dangling") == 0);
    CHECK_ERR(stat("/sandbox/dangling", &st), ENOENT);
    CHECK(lstat("/sandbox/dangling", &st) == 0 && S_ISLNK(st.st_mode));
    fd = open("/sandbox/dangling", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(stat("/sandbox/created.txt", &st) == 0 && S_ISREG(st.st_mode));
    CHECK_ERR(open("/sandbox/l1", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);

    /* Loops. */
    CHECK(symlink("loop_b", "/sandbox/loop_a") == 0);
    CHECK(symlink("loop_a", "/sandbox/loop_b") == 0);
    CHECK_ERR(open("/sandbox/loop_a", O_RDONLY), ELOOP);
    CHECK_ERR(stat("/sandbox/loop_a/x", &st), ELOOP);
    CHECK(symlink("self/x", "/sandbox/self") == 0);
    CHECK_ERR(stat("/sandbox/self", &st), ELOOP);

    /* O_NOFOLLOW on a link, and O_DIRECTORY through a link to a directory. */
    CHECK_ERR(open("/sandbox/l1", O_RDONLY | O_NOFOLLOW), ELOOP);
    fd = open("/sandbox/sdir", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    close(fd);
    /* A link used as a directory when it points at a file. */
    CHECK_ERR(stat("/sandbox/l1/x", &st), ENOTDIR);
    /* Removing and renaming links. */
    CHECK(rename("/sandbox/l2", "/sandbox/l2b") == 0);
    CHECK(stat("/sandbox/l2b", &st) == 0 && st.st_size == 12);
    CHECK(unlink("/sandbox/l2b") == 0 && unlink("/sandbox/l3") == 0);
    CHECK(lstat("/sandbox/l1", &st) == 0);
    /* Hard link to a symlink (no follow): the new name is a symlink too. */
    CHECK(link("/sandbox/l1", "/sandbox/l1_hard") == 0);
    CHECK(lstat("/sandbox/l1_hard", &st) == 0 && S_ISLNK(st.st_mode));
    DONE();
}
