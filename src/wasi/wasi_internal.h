/* wasi_internal.h: the WASI context, fd table, guest-memory access and ABI constants shared by src/wasi. */
#ifndef SK_WASI_INTERNAL_H
#define SK_WASI_INTERNAL_H

#include "wasi.h"
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

/* ---- ABI constants (witx, wasi_snapshot_preview1) ---- */
enum {
    W_ESUCCESS = 0, W_E2BIG = 1, W_EACCES = 2, W_EADDRINUSE = 3, W_EADDRNOTAVAIL = 4, W_EAFNOSUPPORT = 5,
    W_EAGAIN = 6, W_EALREADY = 7, W_EBADF = 8, W_EBADMSG = 9, W_EBUSY = 10, W_ECANCELED = 11, W_ECHILD = 12,
    W_ECONNABORTED = 13, W_ECONNREFUSED = 14, W_ECONNRESET = 15, W_EDEADLK = 16, W_EDESTADDRREQ = 17,
    W_EDOM = 18, W_EDQUOT = 19, W_EEXIST = 20, W_EFAULT = 21, W_EFBIG = 22, W_EHOSTUNREACH = 23,
    W_EIDRM = 24, W_EILSEQ = 25, W_EINPROGRESS = 26, W_EINTR = 27, W_EINVAL = 28, W_EIO = 29,
    W_EISCONN = 30, W_EISDIR = 31, W_ELOOP = 32, W_EMFILE = 33, W_EMLINK = 34, W_EMSGSIZE = 35,
    W_EMULTIHOP = 36, W_ENAMETOOLONG = 37, W_ENETDOWN = 38, W_ENETRESET = 39, W_ENETUNREACH = 40,
    W_ENFILE = 41, W_ENOBUFS = 42, W_ENODEV = 43, W_ENOENT = 44, W_ENOEXEC = 45, W_ENOLCK = 46,
    W_ENOLINK = 47, W_ENOMEM = 48, W_ENOMSG = 49, W_ENOPROTOOPT = 50, W_ENOSPC = 51, W_ENOSYS = 52,
    W_ENOTCONN = 53, W_ENOTDIR = 54, W_ENOTEMPTY = 55, W_ENOTRECOVERABLE = 56, W_ENOTSOCK = 57,
    W_ENOTSUP = 58, W_ENOTTY = 59, W_ENXIO = 60, W_EOVERFLOW = 61, W_EOWNERDEAD = 62, W_EPERM = 63,
    W_EPIPE = 64, W_EPROTO = 65, W_EPROTONOSUPPORT = 66, W_EPROTOTYPE = 67, W_ERANGE = 68, W_EROFS = 69,
    W_ESPIPE = 70, W_ESRCH = 71, W_ESTALE = 72, W_ETIMEDOUT = 73, W_ETXTBSY = 74, W_EXDEV = 75,
    W_ENOTCAPABLE = 76,
};

enum {
    W_FT_UNKNOWN = 0, W_FT_BLOCK = 1, W_FT_CHAR = 2, W_FT_DIR = 3, W_FT_REG = 4,
    W_FT_SOCK_DGRAM = 5, W_FT_SOCK_STREAM = 6, W_FT_SYMLINK = 7,
};

#define W_R(n) ((uint64_t)1 << (n))
#define W_R_FD_DATASYNC W_R(0)
#define W_R_FD_READ W_R(1)
#define W_R_FD_SEEK W_R(2)
#define W_R_FD_FDSTAT_SET_FLAGS W_R(3)
#define W_R_FD_SYNC W_R(4)
#define W_R_FD_TELL W_R(5)
#define W_R_FD_WRITE W_R(6)
#define W_R_FD_ADVISE W_R(7)
#define W_R_FD_ALLOCATE W_R(8)
#define W_R_PATH_CREATE_DIRECTORY W_R(9)
#define W_R_PATH_CREATE_FILE W_R(10)
#define W_R_PATH_LINK_SOURCE W_R(11)
#define W_R_PATH_LINK_TARGET W_R(12)
#define W_R_PATH_OPEN W_R(13)
#define W_R_FD_READDIR W_R(14)
#define W_R_PATH_READLINK W_R(15)
#define W_R_PATH_RENAME_SOURCE W_R(16)
#define W_R_PATH_RENAME_TARGET W_R(17)
#define W_R_PATH_FILESTAT_GET W_R(18)
#define W_R_PATH_FILESTAT_SET_SIZE W_R(19)
#define W_R_PATH_FILESTAT_SET_TIMES W_R(20)
#define W_R_FD_FILESTAT_GET W_R(21)
#define W_R_FD_FILESTAT_SET_SIZE W_R(22)
#define W_R_FD_FILESTAT_SET_TIMES W_R(23)
#define W_R_PATH_SYMLINK W_R(24)
#define W_R_PATH_REMOVE_DIRECTORY W_R(25)
#define W_R_PATH_UNLINK_FILE W_R(26)
#define W_R_POLL_FD_READWRITE W_R(27)
#define W_R_SOCK_SHUTDOWN W_R(28)
#define W_R_SOCK_ACCEPT W_R(29)
#define W_R_ALL (W_R(30) - 1)

/* Rights an fd of each kind can have at most. */
#define W_RIGHTS_REG                                                                                           \
    (W_R_FD_DATASYNC | W_R_FD_READ | W_R_FD_SEEK | W_R_FD_FDSTAT_SET_FLAGS | W_R_FD_SYNC | W_R_FD_TELL |        \
     W_R_FD_WRITE | W_R_FD_ADVISE | W_R_FD_ALLOCATE | W_R_FD_FILESTAT_GET | W_R_FD_FILESTAT_SET_SIZE |         \
     W_R_FD_FILESTAT_SET_TIMES | W_R_POLL_FD_READWRITE)
#define W_RIGHTS_DIR                                                                                           \
    (W_R_FD_FDSTAT_SET_FLAGS | W_R_FD_SYNC | W_R_FD_ADVISE | W_R_PATH_CREATE_DIRECTORY | W_R_PATH_CREATE_FILE | \
     W_R_PATH_LINK_SOURCE | W_R_PATH_LINK_TARGET | W_R_PATH_OPEN | W_R_FD_READDIR | W_R_PATH_READLINK |        \
     W_R_PATH_RENAME_SOURCE | W_R_PATH_RENAME_TARGET | W_R_PATH_FILESTAT_GET | W_R_PATH_FILESTAT_SET_SIZE |    \
     W_R_PATH_FILESTAT_SET_TIMES | W_R_FD_FILESTAT_GET | W_R_FD_FILESTAT_SET_TIMES | W_R_PATH_SYMLINK |        \
     W_R_PATH_REMOVE_DIRECTORY | W_R_PATH_UNLINK_FILE | W_R_POLL_FD_READWRITE)
/* A character device or pipe: no seek/tell (wasi-libc's isatty() looks for that). */
#define W_RIGHTS_STREAM                                                                                        \
    (W_R_FD_READ | W_R_FD_WRITE | W_R_FD_FDSTAT_SET_FLAGS | W_R_FD_FILESTAT_GET | W_R_POLL_FD_READWRITE |      \
     W_R_FD_SYNC | W_R_FD_DATASYNC | W_R_FD_ADVISE)
#define W_RIGHTS_SOCK                                                                                          \
    (W_R_FD_READ | W_R_FD_WRITE | W_R_FD_FDSTAT_SET_FLAGS | W_R_FD_FILESTAT_GET | W_R_POLL_FD_READWRITE |      \
     W_R_SOCK_SHUTDOWN | W_R_SOCK_ACCEPT)

enum { W_FDFLAG_APPEND = 1, W_FDFLAG_DSYNC = 2, W_FDFLAG_NONBLOCK = 4, W_FDFLAG_RSYNC = 8, W_FDFLAG_SYNC = 16 };
enum { W_O_CREAT = 1, W_O_DIRECTORY = 2, W_O_EXCL = 4, W_O_TRUNC = 8 };
enum { W_LOOKUP_SYMLINK_FOLLOW = 1 };
enum { W_FST_ATIM = 1, W_FST_ATIM_NOW = 2, W_FST_MTIM = 4, W_FST_MTIM_NOW = 8 };

/* ---- The fd table ---- */
typedef SK_VEC(uint8_t) wasi_bytes;

typedef enum wasi_fd_kind {
    WASI_FD_HOST,    /* a host file descriptor */
    WASI_FD_CAPTURE, /* output kept in memory */
    WASI_FD_BYTES,   /* input read from memory */
} wasi_fd_kind;

typedef struct wasi_fd {
    bool used;
    uint8_t kind;     /* wasi_fd_kind */
    uint8_t filetype; /* W_FT_* */
    bool owned;       /* close host_fd when the entry goes */
    int host_fd;
    uint16_t fdflags;
    uint64_t rights_base, rights_inh;
    char *preopen;    /* guest name of a preopened directory, else NULL */
    bool rd_valid;    /* fd_readdir: entry number rd_index starts at host offset rd_off */
    uint64_t rd_index;
    int64_t rd_off;
    uint8_t cap_idx;     /* CAPTURE: which of the context's capture buffers (1 or 2) */
    wasi_bytes buf;      /* BYTES: the input */
    size_t rpos;         /* BYTES: read position */
} wasi_fd;

struct sk_wasi {
    SK_VEC(char *) args;
    SK_VEC(char *) env;
    wasi_fd *fds;
    uint32_t nfds; /* entries in fds (used or not) */
    wasi_bytes capture[3]; /* captured output of fds 1 and 2; outlives fd_close */
    bool capturing[3];     /* fd i was set to SK_WASI_STDIO_CAPTURE */
    /* Host functions created by sk_wasi_resolve, per namespace; valid for `store`. */
    sk_store *store;
    sk_func **funcs[2];
    struct wasi_binding *bindings[2];
};

/* One call in progress: the context, the calling instance's memory 0. */
typedef struct wasi_call {
    sk_wasi *w;
    sk_store *store;
    uint8_t *mem;
    uint64_t memsize;
    bool unstable; /* called through "wasi_unstable" */
    sk_trap *trap; /* set by functions that end the call with a trap */
} wasi_call;

/* The implementation of one WASI function: returns the WASI errno. */
typedef uint16_t (*wasi_impl)(wasi_call *c, const sk_val *a);

/* ---- Guest memory ---- */
static inline bool wasi_mem_ok(const wasi_call *c, uint64_t ptr, uint64_t len)
{
    return ptr <= c->memsize && len <= c->memsize - ptr;
}
static inline uint8_t *wasi_ptr(const wasi_call *c, uint32_t ptr) { return c->mem + ptr; }
static inline void wasi_st8(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void wasi_st16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void wasi_st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wasi_st64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t wasi_ld16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t wasi_ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t wasi_ld64(const uint8_t *p) { return wasi_ld32(p) | ((uint64_t)wasi_ld32(p + 4) << 32); }

/* Stores a u32/u64 result at a guest pointer; false if out of bounds. */
SK_INTERNAL bool wasi_put32(wasi_call *c, uint32_t ptr, uint32_t v);
SK_INTERNAL bool wasi_put64(wasi_call *c, uint32_t ptr, uint64_t v);

/* Host iovecs for a guest iovec array (bounds-checked); *out is sk_malloc'd
 * (free with sk_free). At most IOV_MAX entries are taken (a short transfer). */
SK_INTERNAL uint16_t wasi_iovecs(wasi_call *c, uint32_t iovs, uint32_t n, struct iovec **out, int *nout);

/* ---- Errors ---- */
SK_INTERNAL uint16_t wasi_errno(int host_errno);

/* ---- fd table (wasi_ctx.c) ---- */
/* The used entry for a guest fd with all of `rights`: *out set and 0, or EBADF / ENOTCAPABLE. */
SK_INTERNAL uint16_t wasi_fd_get(sk_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out);
/* A free slot (lowest number): its index in *fd, or EMFILE / ENOMEM. The slot is zeroed and marked used. */
SK_INTERNAL uint16_t wasi_fd_alloc(sk_wasi *w, uint32_t *fd);
/* Releases an entry (closes what it owns). */
SK_INTERNAL void wasi_fd_release(wasi_fd *e);
/* WASI filetype of a host stat mode (sockets: stream unless SO_TYPE says datagram). */
SK_INTERNAL uint8_t wasi_filetype_of(int host_fd, unsigned mode);
/* Rights an fd of this filetype may have. */
SK_INTERNAL uint64_t wasi_rights_for(uint8_t filetype);

/* ---- Paths (wasi_path.c) ---- */
typedef struct wasi_path {
    int dirfd;     /* the directory holding the last component */
    bool owned;    /* dirfd must be closed */
    char *name;    /* last component ("." for the directory itself); owned */
    bool must_dir; /* the path ended in '/' */
} wasi_path;

/* Resolves guest path (ptr, len) under directory fd entry `dir`, following
 * symlinks inside the root (the last one only if `follow`). 0 or an errno. */
SK_INTERNAL uint16_t wasi_path_resolve(wasi_call *c, const wasi_fd *dir, uint32_t ptr, uint32_t len, bool follow,
                                       wasi_path *out);
SK_INTERNAL void wasi_path_free(wasi_path *p);
/* Writes a filestat (preview1: 64 bytes; unstable: 56 with a u32 nlink). */
SK_INTERNAL uint16_t wasi_put_filestat(wasi_call *c, uint32_t ptr, const struct stat *st, uint8_t filetype);
/* Converts WASI (atim, mtim, fstflags) into a utimensat/futimens array. */
SK_INTERNAL uint16_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t flags, struct timespec ts[2]);

/* ---- The functions (one table entry each; wasi_link.c registers them) ---- */
#define WASI_FUNCS(X)                                                 \
    X(args_get, "ii", "i")                                            \
    X(args_sizes_get, "ii", "i")                                      \
    X(environ_get, "ii", "i")                                         \
    X(environ_sizes_get, "ii", "i")                                   \
    X(clock_res_get, "ii", "i")                                       \
    X(clock_time_get, "iIi", "i")                                     \
    X(fd_advise, "iIIi", "i")                                         \
    X(fd_allocate, "iII", "i")                                        \
    X(fd_close, "i", "i")                                             \
    X(fd_datasync, "i", "i")                                          \
    X(fd_fdstat_get, "ii", "i")                                       \
    X(fd_fdstat_set_flags, "ii", "i")                                 \
    X(fd_fdstat_set_rights, "iII", "i")                               \
    X(fd_filestat_get, "ii", "i")                                     \
    X(fd_filestat_set_size, "iI", "i")                                \
    X(fd_filestat_set_times, "iIIi", "i")                             \
    X(fd_pread, "iiiIi", "i")                                         \
    X(fd_prestat_get, "ii", "i")                                      \
    X(fd_prestat_dir_name, "iii", "i")                                \
    X(fd_pwrite, "iiiIi", "i")                                        \
    X(fd_read, "iiii", "i")                                           \
    X(fd_readdir, "iiiIi", "i")                                       \
    X(fd_renumber, "ii", "i")                                         \
    X(fd_seek, "iIii", "i")                                           \
    X(fd_sync, "i", "i")                                              \
    X(fd_tell, "ii", "i")                                             \
    X(fd_write, "iiii", "i")                                          \
    X(path_create_directory, "iii", "i")                              \
    X(path_filestat_get, "iiiii", "i")                                \
    X(path_filestat_set_times, "iiiiIIi", "i")                        \
    X(path_link, "iiiiiii", "i")                                      \
    X(path_open, "iiiiiIIii", "i")                                    \
    X(path_readlink, "iiiiii", "i")                                   \
    X(path_remove_directory, "iii", "i")                              \
    X(path_rename, "iiiiii", "i")                                     \
    X(path_symlink, "iiiii", "i")                                     \
    X(path_unlink_file, "iii", "i")                                   \
    X(poll_oneoff, "iiii", "i")                                       \
    X(proc_exit, "i", "")                                             \
    X(proc_raise, "i", "i")                                           \
    X(sched_yield, "", "i")                                           \
    X(random_get, "ii", "i")                                          \
    X(sock_accept, "iii", "i")                                        \
    X(sock_recv, "iiiiii", "i")                                       \
    X(sock_send, "iiiii", "i")                                        \
    X(sock_shutdown, "ii", "i")

#define X(name, p, r) SK_INTERNAL uint16_t wasi_##name(wasi_call *c, const sk_val *a);
WASI_FUNCS(X)
#undef X

#endif
