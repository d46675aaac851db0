/* poll_sleep.c: sleeping (nanosleep, poll_oneoff with relative and absolute clocks), several clocks at once, and
 * fd readiness of stdin (a file). */
// WASI-STDIN: $SANDBOX/hello.txt
#include "check.h"
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static __wasi_timestamp_t mono(void)
{
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0) return 0;
    return t;
}

#define MS 1000000ull

int main(void)
{
    __wasi_timestamp_t t0 = mono();
    struct timespec ts = {0, 120 * 1000000};
    CHECK(nanosleep(&ts, NULL) == 0);
    __wasi_timestamp_t d = mono() - t0;
    CHECK(d >= 120 * MS && d < 2000 * MS);
    t0 = mono();
    CHECK(usleep(50000) == 0);
    d = mono() - t0;
    CHECK(d >= 50 * MS && d < 2000 * MS);

    /* Two clocks: the earlier one fires alone. */
    __wasi_subscription_t s[3];
    __wasi_event_t ev[3];
    size_t n = 0;
    memset(s, 0, sizeof s);
    s[0].userdata = 11;
    s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[0].u.u.clock.timeout = 400 * MS;
    s[1].userdata = 22;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = 60 * MS;
    t0 = mono();
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 2, &n), 0);
    d = mono() - t0;
    CHECK(n == 1 && ev[0].userdata == 22 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_CLOCK);
    CHECK(d >= 60 * MS && d < 400 * MS);

    /* Absolute realtime deadline 80 ms from now. */
    __wasi_timestamp_t rt;
    CHECK_WASI(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &rt), 0);
    s[0].userdata = 33;
    s[0].u.u.clock.id = __WASI_CLOCKID_REALTIME;
    s[0].u.u.clock.timeout = rt + 80 * MS;
    s[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    t0 = mono();
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 1, &n), 0);
    d = mono() - t0;
    CHECK(n == 1 && ev[0].userdata == 33);
    CHECK(d >= 70 * MS && d < 1000 * MS);
    /* An absolute time in the past fires at once. */
    s[0].u.u.clock.timeout = rt - 1000 * MS;
    t0 = mono();
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 1, &n), 0);
    CHECK(n == 1 && mono() - t0 < 500 * MS); /* at once (generous for loaded machines) */

    /* stdin is a file: readable at once, with its size reported; the clock does not fire. */
    s[0].userdata = 44;
    s[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    s[0].u.u.fd_read.file_descriptor = 0;
    s[1].userdata = 55;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = 5000 * MS;
    t0 = mono();
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 2, &n), 0);
    CHECK(n == 1 && ev[0].userdata == 44 && ev[0].type == __WASI_EVENTTYPE_FD_READ && ev[0].error == 0);
    CHECK(ev[0].fd_readwrite.nbytes == 12);
    CHECK(mono() - t0 < 1000 * MS);
    /* A bad fd is reported as an event error; no subscriptions is EINVAL; bad clock id is an event error. */
    s[0].u.u.fd_read.file_descriptor = 99;
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 1, &n), 0);
    CHECK(n == 1 && ev[0].error == __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 0, &n), __WASI_ERRNO_INVAL);
    s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[0].u.u.clock.id = 77;
    CHECK_WASI(__wasi_poll_oneoff(s, ev, 1, &n), 0);
    CHECK(n == 1 && ev[0].error == __WASI_ERRNO_INVAL);
    /* poll(2) on stdout for writing. */
    struct pollfd p = {1, POLLOUT, 0};
    CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLOUT));
    /* sched_yield */
    CHECK_WASI(__wasi_sched_yield(), 0);
    DONE();
}
