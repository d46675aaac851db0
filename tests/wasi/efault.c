/* efault.c: guest pointers outside linear memory give EFAULT, never a host crash; nothing is written. */
// WASI-ARGS: --dir $SANDBOX::/sandbox --env A=B
// WASI-ARGV: x
#include "check.h"
#include <stdint.h>
#include <wasi/api.h>

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
IMPORT(fd_write) int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t nw);
IMPORT(fd_read) int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t nr);
IMPORT(fd_pread) int32_t raw_fd_pread(int32_t fd, int32_t iovs, int32_t n, int64_t off, int32_t nr);
IMPORT(path_open) int32_t raw_path_open(int32_t fd, int32_t df, int32_t path, int32_t len, int32_t of, int64_t b,
                                        int64_t i, int32_t ff, int32_t out);
IMPORT(path_filestat_get) int32_t raw_path_filestat_get(int32_t fd, int32_t fl, int32_t path, int32_t len, int32_t buf);
IMPORT(path_readlink) int32_t raw_path_readlink(int32_t fd, int32_t path, int32_t len, int32_t buf, int32_t blen,
                                                int32_t used);
IMPORT(path_symlink) int32_t raw_path_symlink(int32_t old, int32_t olen, int32_t fd, int32_t path, int32_t len);
IMPORT(args_get) int32_t raw_args_get(int32_t argv, int32_t buf);
IMPORT(args_sizes_get) int32_t raw_args_sizes_get(int32_t argc, int32_t size);
IMPORT(environ_get) int32_t raw_environ_get(int32_t env, int32_t buf);
IMPORT(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t prec, int32_t out);
IMPORT(clock_res_get) int32_t raw_clock_res_get(int32_t id, int32_t out);
IMPORT(random_get) int32_t raw_random_get(int32_t buf, int32_t len);
IMPORT(poll_oneoff) int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nev);
IMPORT(fd_readdir) int32_t raw_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie, int32_t used);
IMPORT(fd_prestat_dir_name) int32_t raw_fd_prestat_dir_name(int32_t fd, int32_t buf, int32_t len);
IMPORT(fd_fdstat_get) int32_t raw_fd_fdstat_get(int32_t fd, int32_t buf);
IMPORT(fd_filestat_get) int32_t raw_fd_filestat_get(int32_t fd, int32_t buf);
IMPORT(fd_seek) int32_t raw_fd_seek(int32_t fd, int64_t off, int32_t wh, int32_t out);

#define EFAULT_W __WASI_ERRNO_FAULT

static uint8_t okbuf[64];
static uint32_t iov[2];

int main(void)
{
    uint32_t end = (uint32_t)(__builtin_wasm_memory_size(0) * 65536u); /* first byte past memory */
    int32_t E = (int32_t)end;
    int32_t ok = (int32_t)(uintptr_t)okbuf;
    /* iovec array itself out of bounds, partly out, and one whose buffer is out. */
    CHECK_WASI(raw_fd_write(1, E, 1, ok), EFAULT_W);
    CHECK_WASI(raw_fd_write(1, E - 4, 1, ok), EFAULT_W);
    CHECK_WASI(raw_fd_write(1, -1, 1, ok), EFAULT_W);
    CHECK_WASI(raw_fd_write(1, ok, 0x7FFFFFFF, ok), EFAULT_W);
    iov[0] = end - 2;
    iov[1] = 16;
    CHECK_WASI(raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, ok), EFAULT_W);
    iov[0] = 0xFFFFFFF0u;
    iov[1] = 0x20;
    CHECK_WASI(raw_fd_read(0, (int32_t)(uintptr_t)iov, 1, ok), EFAULT_W);
    CHECK_WASI(raw_fd_pread(3, (int32_t)(uintptr_t)iov, 1, 0, ok), __WASI_ERRNO_NOTCAPABLE); /* a dir: no FD_READ */
    iov[0] = (uint32_t)ok;
    iov[1] = 4;
    CHECK_WASI(raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, E), EFAULT_W); /* result pointer */
    /* Paths. */
    CHECK_WASI(raw_path_open(3, 0, E - 3, 10, 0, __WASI_RIGHTS_FD_READ, 0, 0, ok), EFAULT_W);
    CHECK_WASI(raw_path_open(3, 0, -5, 10, 0, __WASI_RIGHTS_FD_READ, 0, 0, ok), EFAULT_W);
    memcpy(okbuf, "hello.txt", 9);
    CHECK_WASI(raw_path_open(3, 0, ok, 9, 0, __WASI_RIGHTS_FD_READ, 0, 0, E), EFAULT_W);
    CHECK_WASI(raw_path_filestat_get(3, 0, ok, 9, E - 8), EFAULT_W);
    CHECK_WASI(raw_path_readlink(3, ok, 9, E - 1, 100, ok + 32), EFAULT_W);
    CHECK_WASI(raw_path_symlink(E, 100, 3, ok, 9), EFAULT_W);
    /* Strings and numbers out. */
    CHECK_WASI(raw_args_get(E, ok), EFAULT_W);
    CHECK_WASI(raw_args_get(ok, E - 1), EFAULT_W);
    CHECK_WASI(raw_args_sizes_get(ok, -4), EFAULT_W);
    CHECK_WASI(raw_environ_get(ok, -1), EFAULT_W);
    CHECK_WASI(raw_clock_time_get(0, 0, E - 4), EFAULT_W);
    CHECK_WASI(raw_clock_res_get(1, -1), EFAULT_W);
    CHECK_WASI(raw_random_get(E - 10, 100), EFAULT_W);
    CHECK_WASI(raw_random_get(ok, -1), EFAULT_W);
    CHECK_WASI(raw_poll_oneoff(E - 10, ok, 1, ok), EFAULT_W);
    CHECK_WASI(raw_poll_oneoff(ok, E - 10, 1, ok), EFAULT_W);
    CHECK_WASI(raw_poll_oneoff(ok, ok, 0x10000000, ok), EFAULT_W);
    CHECK_WASI(raw_fd_readdir(3, E - 10, 100, 0, ok), EFAULT_W);
    CHECK_WASI(raw_fd_prestat_dir_name(3, E - 2, 8), EFAULT_W);
    CHECK_WASI(raw_fd_fdstat_get(1, E - 23), EFAULT_W);
    CHECK_WASI(raw_fd_filestat_get(3, E - 1), EFAULT_W);
    CHECK_WASI(raw_fd_seek(1, 0, 1, E), __WASI_ERRNO_FAULT);
    /* Zero-length at the very end is fine. */
    CHECK_WASI(raw_random_get(E, 0), 0);
    iov[0] = end;
    iov[1] = 0;
    CHECK_WASI(raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, ok), 0);
    DONE();
}
