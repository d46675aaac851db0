/* wasi_run.c: test driver for src/wasi: loads a module, sets up WASI from the options, resolves imports, runs _start.
 *
 * usage: wasi_run [--dir HOST[::GUEST]]... [--env K=V]... [--inherit-env] [--stdin FILE]
 *                 [--stdout FILE] [--capture] [--stdin-text TEXT] FILE.wasm [ARGS...]
 * --tcp-listen PORTFILE: preopens a TCP socket listening on 127.0.0.1 (a free port, written to PORTFILE).
 * --capture: stdout and stderr are captured and printed afterwards between
 * "--- captured stdout ---" / "--- captured stderr ---" lines (checks the capture API).
 * FILE may be a binary or text module.
 * Exit status: the guest's proc_exit code, 0 if _start returns, 1 load/link error, 2 usage, 3 trap. */
#include "common/common.h"
#include "decode/module.h"
#include "runtime/runtime.h"
#include "text/text.h"
#include "wasi/wasi.h"
#include <stdio.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/* A listening TCP socket on 127.0.0.1, given to the guest; its port goes to portfile. */
static bool tcp_listen(sk_wasi *w, const char *portfile, sk_error *err)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        if (fd >= 0) close(fd);
        return sk_err(err, -1, "cannot listen on 127.0.0.1");
    }
    FILE *f = fopen(portfile, "w");
    if (!f) {
        close(fd);
        return sk_err(err, -1, "cannot write %s", portfile);
    }
    fprintf(f, "%d\n", ntohs(a.sin_port));
    fclose(f);
    return sk_wasi_preopen_socket(w, fd, err) >= 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: wasi_run [--dir HOST[::GUEST]]... [--env K=V]... [--inherit-env] [--stdin FILE]\n"
                    "                [--stdout FILE] [--stdin-text TEXT] [--capture] [--tcp-listen PORTFILE]\n"
                    "                FILE.wasm [ARGS...]\n");
    return 2;
}

int main(int argc, char **argv)
{
    sk_error err;
    sk_error_clear(&err);
    sk_wasi *w = sk_wasi_new();
    if (!w) return 1;
    bool capture = false;
    int i = 1, rc = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const char *o = argv[i];
        bool ok = true;
        if (strcmp(o, "--") == 0) {
            i++;
            break;
        } else if (strcmp(o, "--inherit-env") == 0) {
            ok = sk_wasi_inherit_env(w, &err);
        } else if (strcmp(o, "--capture") == 0) {
            capture = true;
            ok = sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_CAPTURE, NULL, &err) &&
                 sk_wasi_set_stdio(w, 2, SK_WASI_STDIO_CAPTURE, NULL, &err);
        } else if (i + 1 >= argc) {
            sk_wasi_free(w);
            return usage();
        } else if (strcmp(o, "--dir") == 0) {
            ok = sk_wasi_preopen_spec(w, argv[++i], &err);
        } else if (strcmp(o, "--env") == 0) {
            ok = sk_wasi_add_env(w, argv[++i], &err);
        } else if (strcmp(o, "--stdin") == 0) {
            ok = sk_wasi_set_stdio(w, 0, SK_WASI_STDIO_FILE, argv[++i], &err);
        } else if (strcmp(o, "--stdin-text") == 0) {
            i++;
            ok = sk_wasi_set_stdin_bytes(w, argv[i], strlen(argv[i]), &err);
        } else if (strcmp(o, "--tcp-listen") == 0) {
            ok = tcp_listen(w, argv[++i], &err);
        } else if (strcmp(o, "--stdout") == 0) {
            ok = sk_wasi_set_stdio(w, 1, SK_WASI_STDIO_FILE, argv[++i], &err);
        } else {
            sk_wasi_free(w);
            return usage();
        }
        if (!ok) {
            fprintf(stderr, "wasi_run: %s\n", err.msg);
            sk_wasi_free(w);
            return 2;
        }
    }
    if (i >= argc) {
        sk_wasi_free(w);
        return usage();
    }
    const char *path = argv[i];
    for (; i < argc; i++)
        if (!sk_wasi_add_arg(w, argv[i])) {
            sk_wasi_free(w);
            return 1;
        }

    uint8_t *bytes = NULL;
    size_t len = 0;
    sk_module *m = NULL;
    sk_store *s = NULL;
    sk_extern *imports = NULL;
    if (sk_read_file(path, &bytes, &len, &err) && (len < 4 || memcmp(bytes, "\0asm", 4) != 0)) {
        uint8_t *bin; /* text format */
        size_t blen;
        bool ok = sk_wat2wasm((const char *)bytes, len, path, &bin, &blen, &err);
        sk_free(bytes);
        bytes = ok ? bin : NULL;
        len = ok ? blen : 0;
    }
    if (!bytes || !(m = sk_module_load(bytes, len, &err))) {
        fprintf(stderr, "wasi_run: %s: %s\n", path, err.msg);
        rc = 1;
        goto out;
    }
    s = sk_store_new();
    imports = sk_calloc(m->nimports + 1, sizeof *imports);
    if (!s || !imports) {
        rc = 1;
        goto out;
    }
    for (uint32_t k = 0; k < m->nimports; k++) {
        imports[k].kind = SK_EXTERN_FUNC;
        imports[k].of.func = sk_wasi_resolve(w, s, m, &m->imports[k], &err);
        if (!imports[k].of.func) {
            fprintf(stderr, "wasi_run: %s: %s\n", path, err.msg);
            rc = 1;
            goto out;
        }
    }
    sk_trap *trap = NULL;
    sk_instance *inst = sk_instantiate(s, m, imports, m->nimports, &trap, &err);
    if (inst) {
        sk_extern start;
        if (sk_instance_export(inst, "_start", 6, &start) && start.kind == SK_EXTERN_FUNC)
            trap = sk_call(s, start.of.func, NULL, NULL);
    } else if (!trap) {
        fprintf(stderr, "wasi_run: %s: %s\n", path, err.msg);
        rc = 1;
        goto out;
    }
    if (trap) {
        if (trap->is_exit) rc = trap->exit_code;
        else {
            fprintf(stderr, "wasi_run: trap: %s\n", trap->message);
            rc = 3;
        }
        sk_trap_free(trap);
    }
    if (capture) {
        for (int fd = 1; fd <= 2; fd++) {
            size_t n;
            const uint8_t *d = sk_wasi_captured(w, fd, &n);
            printf("--- captured %s ---\n", fd == 1 ? "stdout" : "stderr");
            if (n) fwrite(d, 1, n, stdout);
        }
    }
out:
    fflush(stdout);
    sk_free(imports);
    if (s) sk_store_free(s);
    sk_module_free(m);
    sk_free(bytes);
    sk_wasi_free(w);
    return rc;
}
