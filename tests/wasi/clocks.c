/* clocks.c: realtime (against the host's time given in $HOST_TIME), monotonic, process and thread CPU time,
 * resolutions, and bad clock ids. */
// WASI-ARGS: --env HOST_TIME=$(date +%s)
#include "check.h"
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <wasi/api.h>

static volatile unsigned long sink;

int main(void)
{
    struct timespec t, t2;
    CHECK(clock_gettime(CLOCK_REALTIME, &t) == 0);
    long host = atol(getenv("HOST_TIME") ? getenv("HOST_TIME") : "0");
    CHECK(t.tv_sec >= host - 5 && t.tv_sec <= host + 60);
    CHECK(time(NULL) >= host - 5);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= host - 5);

    /* Monotonic never goes back. */
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t) == 0);
    int back = 0;
    for (int i = 0; i < 10000; i++) {
        if (clock_gettime(CLOCK_MONOTONIC, &t2) != 0) back++;
        if (t2.tv_sec < t.tv_sec || (t2.tv_sec == t.tv_sec && t2.tv_nsec < t.tv_nsec)) back++;
        t = t2;
    }
    CHECK(back == 0);

    /* CPU clocks advance with work (not with sleep). */
    __wasi_timestamp_t p0, p1, th0, th1, m0, m1;
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &p0), 0);
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &th0), 0);
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m0), 0);
    for (unsigned long i = 0; i < 30000000ul; i++) sink += i ^ (sink >> 3);
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &p1), 0);
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &th1), 0);
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m1), 0);
    CHECK(p1 > p0 && th1 > th0 && m1 > m0);
    CHECK(th1 - th0 <= (m1 - m0) + 10000000); /* one thread cannot use more CPU than wall time (+10 ms slack) */

    /* Resolutions: positive and at most a second. */
    for (__wasi_clockid_t id = 0; id < 4; id++) {
        __wasi_timestamp_t res = 0;
        CHECK_WASI(__wasi_clock_res_get(id, &res), 0);
        CHECK(res > 0 && res <= 1000000000ull);
    }
    CHECK(clock_getres(CLOCK_MONOTONIC, &t) == 0 && t.tv_sec == 0 && t.tv_nsec > 0);
    __wasi_timestamp_t x;
    CHECK_WASI(__wasi_clock_time_get(4, 0, &x), __WASI_ERRNO_INVAL);
    CHECK_WASI(__wasi_clock_res_get(99, &x), __WASI_ERRNO_INVAL);
    DONE();
}
