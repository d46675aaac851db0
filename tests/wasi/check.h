/* check.h: tiny self-checking helpers for the WASI guest tests (compiled with clang --target=wasm32-wasi). */
#ifndef WASI_TEST_CHECK_H
#define WASI_TEST_CHECK_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int checks_run, checks_failed;

/* CHECK(cond): counts; prints a FAIL line (with errno) when false. */
#define CHECK(cond)                                                                              \
    do {                                                                                         \
        checks_run++;                                                                            \
        if (!(cond)) {                                                                           \
            checks_failed++;                                                                     \
            printf("FAIL %s:%d: %s (errno %d: %s)\n", __FILE__, __LINE__, #cond, errno, strerror(errno)); \
        }                                                                                        \
    } while (0)

/* CHECK_ERR(expr, e): expr returns -1 (or NULL) with errno == e. */
#define CHECK_ERR(expr, e)                                                                       \
    do {                                                                                         \
        errno = 0;                                                                               \
        long r_ = (long)(expr);                                                                  \
        checks_run++;                                                                            \
        if (!((r_ == -1 || r_ == 0) && errno == (e))) {                                          \
            checks_failed++;                                                                     \
            printf("FAIL %s:%d: %s: got %ld errno %d (%s), want errno %d (%s)\n", __FILE__, __LINE__, #expr, r_, \
                   errno, strerror(errno), (e), strerror(e));                                    \
        }                                                                                        \
    } while (0)

/* CHECK_WASI(call, e): a raw __wasi_* call returns errno e. */
#define CHECK_WASI(call, e)                                                                      \
    do {                                                                                         \
        int r_ = (int)(call);                                                                    \
        checks_run++;                                                                            \
        if (r_ != (e)) {                                                                         \
            checks_failed++;                                                                     \
            printf("FAIL %s:%d: %s: got wasi errno %d, want %d\n", __FILE__, __LINE__, #call, r_, (e)); \
        }                                                                                        \
    } while (0)

/* Ends main: prints the summary line the runner looks for. */
#define DONE()                                                                                   \
    do {                                                                                         \
        printf("%s: %d checks, %d failed\n", checks_failed ? "FAILED" : "ok", checks_run, checks_failed); \
        return checks_failed ? 1 : 0;                                                            \
    } while (0)
#endif
