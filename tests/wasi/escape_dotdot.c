/* escape_dotdot.c: `..` above the preopen is refused, however it is spelled. */
// WASI-ARGS: --dir $SANDBOX::/sandbox
#include "escape.h"

int main(void)
{
    __wasi_fd_t fd;
    struct stat st;
    REFUSED_WASI(raw_open("../outside/secret.txt", 0, &fd));
    REFUSED_WASI(raw_open("..", 0, &fd));
    REFUSED_WASI(raw_open("../", 0, &fd));
    REFUSED_WASI(raw_open("./..", 0, &fd));
    REFUSED_WASI(raw_open("sub/../..", 0, &fd));
    REFUSED_WASI(raw_open("sub/../../outside/secret.txt", 0, &fd));
    REFUSED_WASI(raw_open("sub/deeper/../../../outside/secret.txt", 0, &fd));
    REFUSED_WASI(raw_open("sub//..//..//outside", 0, &fd));
    REFUSED_WASI(raw_open("sub/./../../outside/secret.txt", 0, &fd));
    REFUSED_WASI(raw_open("sub/deeper/../../..", 0, &fd));
    REFUSED(open("/sandbox/../outside/secret.txt", O_RDONLY));
    REFUSED(stat("/sandbox/sub/../../outside/secret.txt", &st));
    REFUSED(opendir("/sandbox/.."));
    REFUSED(mkdir("/sandbox/../newdir", 0755));
    REFUSED(open("/sandbox/../created.txt", O_CREAT | O_WRONLY, 0644));
    REFUSED(unlink("/sandbox/../outside/secret.txt"));
    REFUSED(rmdir("/sandbox/../outside/inner"));
    REFUSED(rename("/sandbox/hello.txt", "/sandbox/../outside/stolen.txt"));
    REFUSED(symlink("x", "/sandbox/../outside/link"));
    REFUSED(link("/sandbox/hello.txt", "/sandbox/../outside/hard"));
    CHECK(strcmp(slurp("/sandbox/../outside/secret.txt"), "") == 0);
    /* `..` that stays inside still works. */
    CHECK(strcmp(slurp("/sandbox/sub/../hello.txt"), "hello world\n") == 0);
    CHECK(raw_open("sub/deeper/../../hello.txt", 0, &fd) == 0);
    DONE();
}
