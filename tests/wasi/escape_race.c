/* escape_race.c: while the host keeps flipping a symlink between a directory inside and one outside, the guest
 * opens a path through it over and over: it must only ever see the inside file (or be refused). */
// WASI-ARGS: --dir $SANDBOX::/sandbox
// WASI-SETUP: mkdir sandbox/real && printf 'inside\n' > sandbox/real/x.txt && ln -s real sandbox/swap
// WASI-BG: while :; do ln -sfn real sandbox/swap.new; mv -T sandbox/swap.new sandbox/swap; ln -sfn ../outside/inner sandbox/swap.new; mv -T sandbox/swap.new sandbox/swap; done
#include "escape.h"
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
    long inside = 0, refused = 0, secret = 0, other = 0, tries = 0;
    double start = now();
    char buf[64];
    struct stat st;
    /* Until both states were seen many times (at most 8 s), and at least 20000 tries. */
    while ((tries < 20000 || inside < 50 || refused < 50) && now() - start < 8) {
        tries++;
        int fd = open("/sandbox/swap/x.txt", O_RDONLY);
        if (fd < 0) {
            if (refused_errno(errno)) refused++;
            else other++; /* e.g. ENOENT while the host swaps names */
            continue;
        }
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        buf[n < 0 ? 0 : n] = 0;
        if (strcmp(buf, "inside\n") == 0) inside++;
        else if (strstr(buf, "SECRET")) secret++;
        else other++;
        /* stat and opendir through the same path. */
        if (stat("/sandbox/swap/x.txt", &st) == 0 && st.st_size != 7) secret++;
    }
    printf("tries %ld: inside %s, refused %s\n", tries, inside ? "seen" : "never", refused ? "seen" : "never");
    CHECK(secret == 0);
    CHECK(inside > 0);
    CHECK(refused > 0); /* the race really happened */
    DONE();
}
