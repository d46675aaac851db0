/* dirs.c: mkdir, rmdir, readdir over many entries (cookies, buffer refills), telldir/seekdir, rewinddir. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 300

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists a directory (without . and ..), sorted, into names; returns the count. */
static int list(const char *path, char **names, int cap, int *dots)
{
    DIR *d = opendir(path);
    if (!d) return -1;
    int n = 0;
    *dots = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            (*dots)++;
            continue;
        }
        if (n < cap) names[n] = strdup(e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n < cap ? n : cap, sizeof *names, cmp);
    return n;
}

int main(void)
{
    CHECK(mkdir("/sandbox/d", 0755) == 0);
    CHECK_ERR(mkdir("/sandbox/d", 0755), EEXIST);
    CHECK_ERR(mkdir("/sandbox/nope/d", 0755), ENOENT);
    CHECK_ERR(mkdir("/sandbox/hello.txt/d", 0755), ENOTDIR);
    CHECK(mkdir("/sandbox/d/e", 0755) == 0);
    CHECK(mkdir("/sandbox/d/e/f/", 0755) == 0); /* trailing slash */
    struct stat st;
    CHECK(stat("/sandbox/d/e/f", &st) == 0 && S_ISDIR(st.st_mode));

    /* Many entries with long names: several fd_readdir calls with refills. */
    char path[300], name[200];
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "/sandbox/d/file_%03d_%0100d", i, i);
        int fd = open(path, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    char *names[N + 10];
    int dots = 0;
    int n = list("/sandbox/d", names, N + 10, &dots);
    CHECK(n == N + 1); /* the files and e */
    CHECK(dots == 2);
    int good = 0;
    CHECK(n > 0 && strcmp(names[0], "e") == 0); /* 'e' sorts before "file_" */
    for (int i = 0; i < N && i + 1 < n; i++) {
        snprintf(name, sizeof name, "file_%03d_%0100d", i, i);
        if (strcmp(names[i + 1], name) == 0) good++;
    }
    CHECK(good == N);
    for (int i = 0; i < n && i < N + 10; i++) free(names[i]);

    /* d_type and d_ino. */
    DIR *d = opendir("/sandbox");
    CHECK(d != NULL);
    struct dirent *e;
    int seen = 0;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, "hello.txt")) seen += e->d_type == DT_REG && e->d_ino != 0;
        if (!strcmp(e->d_name, "sub")) seen += e->d_type == DT_DIR;
        if (!strcmp(e->d_name, "in_link")) seen += e->d_type == DT_LNK;
    }
    CHECK(seen == 3);

    /* telldir/seekdir (the cookie) and rewinddir. */
    rewinddir(d);
    long pos = -1;
    char want[256] = "";
    for (int i = 0; i < 5 && (e = readdir(d)); i++)
        if (i == 2) pos = telldir(d);
        else if (i == 3) snprintf(want, sizeof want, "%s", e->d_name);
    CHECK(pos >= 0);
    seekdir(d, pos);
    e = readdir(d);
    CHECK(e && strcmp(e->d_name, want) == 0);
    rewinddir(d);
    int count = 0;
    while (readdir(d)) count++;
    rewinddir(d);
    int count2 = 0;
    while (readdir(d)) count2++;
    CHECK(count == count2 && count > 10);
    if (d) closedir(d);

    /* Removal. */
    CHECK_ERR(rmdir("/sandbox/d"), ENOTEMPTY);
    CHECK_ERR(rmdir("/sandbox/hello.txt"), ENOTDIR);
    CHECK_ERR(rmdir("/sandbox/nothing"), ENOENT);
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "/sandbox/d/file_%03d_%0100d", i, i);
        CHECK(unlink(path) == 0);
    }
    CHECK(rmdir("/sandbox/d/e/f") == 0);
    CHECK(rmdir("/sandbox/d/e") == 0);
    CHECK(rmdir("/sandbox/d") == 0);
    CHECK_ERR(opendir("/sandbox/d"), ENOENT);
    CHECK_ERR(opendir("/sandbox/hello.txt"), ENOTDIR);

    /* chdir-style relative paths (wasi-libc keeps the cwd itself). */
    CHECK(chdir("/sandbox/sub") == 0);
    int fd = open("inner.txt", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
    DONE();
}
