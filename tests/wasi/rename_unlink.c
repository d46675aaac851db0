/* rename_unlink.c: rename files and directories (also over existing ones), unlink, and their errors. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "check.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int put(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int get(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return 0;
}

int main(void)
{
    char buf[64];
    struct stat st;
    CHECK(put("/sandbox/a.txt", "A") == 0);
    CHECK(rename("/sandbox/a.txt", "/sandbox/b.txt") == 0);
    CHECK_ERR(stat("/sandbox/a.txt", &st), ENOENT);
    CHECK(get("/sandbox/b.txt", buf, sizeof buf) == 0 && strcmp(buf, "A") == 0);
    /* Over an existing file: replaced. */
    CHECK(put("/sandbox/c.txt", "C") == 0);
    CHECK(rename("/sandbox/c.txt", "/sandbox/b.txt") == 0);
    CHECK(get("/sandbox/b.txt", buf, sizeof buf) == 0 && strcmp(buf, "C") == 0);
    /* Into a subdirectory and back. */
    CHECK(rename("/sandbox/b.txt", "/sandbox/sub/b.txt") == 0);
    CHECK(stat("/sandbox/sub/b.txt", &st) == 0 && st.st_size == 1);
    CHECK(rename("/sandbox/sub/b.txt", "/sandbox/sub/../b2.txt") == 0);
    CHECK(stat("/sandbox/b2.txt", &st) == 0);
    /* Directories. */
    CHECK(mkdir("/sandbox/d1", 0755) == 0);
    CHECK(put("/sandbox/d1/f", "F") == 0);
    CHECK(rename("/sandbox/d1", "/sandbox/d2") == 0);
    CHECK(get("/sandbox/d2/f", buf, sizeof buf) == 0 && strcmp(buf, "F") == 0);
    CHECK(mkdir("/sandbox/empty", 0755) == 0);
    CHECK(rename("/sandbox/empty", "/sandbox/d3/") == 0); /* a trailing slash on a directory is fine */
    CHECK(mkdir("/sandbox/empty2", 0755) == 0);
    CHECK(rename("/sandbox/empty2", "/sandbox/d3") == 0); /* over an empty directory */
    CHECK_ERR(rename("/sandbox/d3", "/sandbox/d2"), ENOTEMPTY);
    CHECK_ERR(rename("/sandbox/d2", "/sandbox/b2.txt"), ENOTDIR);
    CHECK_ERR(rename("/sandbox/b2.txt", "/sandbox/d3"), EISDIR);
    CHECK_ERR(rename("/sandbox/b2.txt/", "/sandbox/x"), ENOTDIR);
    CHECK_ERR(rename("/sandbox/b2.txt", "/sandbox/x/"), ENOTDIR);
    CHECK_ERR(rename("/sandbox/nothing", "/sandbox/x"), ENOENT);
    CHECK_ERR(rename("/sandbox/d2", "/sandbox/d2/inside"), EINVAL);
    /* Unlink. */
    CHECK(unlink("/sandbox/b2.txt") == 0);
    CHECK_ERR(unlink("/sandbox/b2.txt"), ENOENT);
    CHECK_ERR(unlink("/sandbox/d2"), EISDIR);
    CHECK_ERR(unlink("/sandbox/hello.txt/"), ENOTDIR);
    CHECK(unlink("/sandbox/d2/f") == 0);
    CHECK(rmdir("/sandbox/d2") == 0);
    CHECK(rmdir("/sandbox/d3") == 0);
    /* Unlinking a symlink removes the link, not its target. */
    CHECK(unlink("/sandbox/in_link") == 0);
    CHECK(stat("/sandbox/hello.txt", &st) == 0);
    /* An open file stays readable after unlink. */
    CHECK(put("/sandbox/tmp", "still here") == 0);
    int fd = open("/sandbox/tmp", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(unlink("/sandbox/tmp") == 0);
    CHECK(read(fd, buf, sizeof buf) == 10 && memcmp(buf, "still here", 10) == 0);
    close(fd);
    DONE();
}
