/* sockets.c: a preopened listening socket: sock_accept, poll_oneoff for readability, sock_recv (peek and
 * normal), sock_send, sock_shutdown; the host side (bash /dev/tcp) sends "ping" and expects "PONG:ping". */
// WASI-ARGS: --tcp-listen $T/port
// WASI-NEEDS-DRIVER: --tcp-listen
// WASI-BG: for i in $(seq 100); do [ -s port ] && break; sleep 0.05; done; exec 3<>/dev/tcp/127.0.0.1/$(cat port); sleep 0.2; printf ping >&3; cat <&3 > reply
// WASI-CHECK: sleep 0.3; [ "$(cat reply)" = "PONG:ping" ] && tail -n 1 out | grep -q '^ok:'
#include "check.h"
#include <wasi/api.h>

int main(void)
{
    __wasi_fdstat_t st;
    CHECK_WASI(__wasi_fd_fdstat_get(3, &st), 0);
    CHECK(st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM && (st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT));
    __wasi_fd_t c = 0;
    CHECK_WASI(__wasi_sock_accept(3, 0, &c), 0);
    CHECK(c > 3);
    CHECK_WASI(__wasi_fd_fdstat_get(c, &st), 0);
    CHECK(st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
    /* Wait until the 4 bytes are there (the peer sleeps a little before sending). */
    __wasi_subscription_t s[2];
    __wasi_event_t ev[2];
    size_t n = 0;
    memset(s, 0, sizeof s);
    s[0].userdata = 1;
    s[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    s[0].u.u.fd_read.file_descriptor = c;
    s[1].userdata = 2;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = 5000000000ull;
    for (int tries = 0; tries < 20; tries++) {
        CHECK_WASI(__wasi_poll_oneoff(s, ev, 2, &n), 0);
        if (n == 1 && ev[0].userdata == 1 && ev[0].fd_readwrite.nbytes >= 4) break;
    }
    CHECK(n == 1 && ev[0].userdata == 1 && ev[0].type == __WASI_EVENTTYPE_FD_READ && ev[0].fd_readwrite.nbytes == 4);
    char buf[16] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, 2};
    size_t got = 0;
    __wasi_roflags_t rof = 0;
    CHECK_WASI(__wasi_sock_recv(c, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &got, &rof), 0);
    CHECK(got == 2 && memcmp(buf, "pi", 2) == 0);
    iov.buf_len = 4; /* WAITALL: exactly what was sent */
    CHECK_WASI(__wasi_sock_recv(c, &iov, 1, __WASI_RIFLAGS_RECV_WAITALL, &got, &rof), 0);
    CHECK(got == 4 && memcmp(buf, "ping", 4) == 0);
    __wasi_ciovec_t out[2] = {{(const uint8_t *)"PONG:", 5}, {(const uint8_t *)buf, 4}};
    size_t sent = 0;
    CHECK_WASI(__wasi_sock_send(c, out, 2, 0, &sent), 0);
    CHECK(sent == 9);
    CHECK_WASI(__wasi_sock_shutdown(c, __WASI_SDFLAGS_WR), 0);
    CHECK_WASI(__wasi_sock_shutdown(c, 7), __WASI_ERRNO_INVAL);
    /* Not sockets. */
    CHECK_WASI(__wasi_sock_send(1, out, 1, 0, &sent), __WASI_ERRNO_NOTSOCK);
    CHECK_WASI(__wasi_sock_accept(1, 0, &c), __WASI_ERRNO_NOTCAPABLE);
    CHECK_WASI(__wasi_sock_shutdown(99, __WASI_SDFLAGS_RD), __WASI_ERRNO_BADF);
    CHECK_WASI(__wasi_fd_close(c), 0);
    /* A non-blocking listening socket with nobody waiting. */
    CHECK_WASI(__wasi_fd_fdstat_set_flags(3, __WASI_FDFLAGS_NONBLOCK), 0);
    CHECK_WASI(__wasi_sock_accept(3, 0, &c), __WASI_ERRNO_AGAIN);
    DONE();
}
