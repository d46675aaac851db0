/* args_env.c: argv and the environment reach the guest exactly as given. */
// WASI-ARGS: --env GREETING=hello --env EMPTY= --env EQ=a=b --env GREETING=replaced
// WASI-ARGV: one "two words" "" ünïcödé
#include "check.h"
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
    CHECK(argc == 5);
    CHECK(strstr(argv[0], "args_env") != NULL);
    CHECK(argc > 1 && strcmp(argv[1], "one") == 0);
    CHECK(argc > 2 && strcmp(argv[2], "two words") == 0);
    CHECK(argc > 3 && strcmp(argv[3], "") == 0);
    CHECK(argc > 4 && strcmp(argv[4], "\xc3\xbcn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9") == 0);
    CHECK(argv[argc] == NULL);
    const char *g = getenv("GREETING");
    CHECK(g && strcmp(g, "replaced") == 0); /* a later --env with the same key wins */
    const char *e = getenv("EMPTY");
    CHECK(e && strcmp(e, "") == 0);
    const char *eq = getenv("EQ");
    CHECK(eq && strcmp(eq, "a=b") == 0);
    CHECK(getenv("PATH") == NULL); /* nothing inherited unless asked */
    int n = 0;
    for (char **p = environ; *p; p++) n++;
    CHECK(n == 3);
    for (int i = 0; i < argc; i++) printf("argv[%d] = \"%s\"\n", i, i ? argv[i] : "(prog)");
    DONE();
}
