/* test.h: a tiny unit-test harness. Each test binary prints one line per failed
 * check and ends with "NAME: N passed, N failed"; tests/run.sh adds them up. */
#ifndef SK_TEST_H
#define SK_TEST_H
#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

#define CHECK(cond)                                                               \
    do {                                                                          \
        if (cond) t_passed++;                                                     \
        else {                                                                    \
            t_failed++;                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                         \
    } while (0)

#define CHECK_MSG(cond, ...)                                          \
    do {                                                              \
        if (cond) t_passed++;                                         \
        else {                                                        \
            t_failed++;                                               \
            fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                             \
            fputc('\n', stderr);                                      \
        }                                                             \
    } while (0)

#define TEST_DONE(name)                                                   \
    do {                                                                  \
        printf("%s: %d passed, %d failed\n", name, t_passed, t_failed); \
        return t_failed ? 1 : 0;                                          \
    } while (0)
#endif
