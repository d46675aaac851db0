/* test_corpus.c: every module of the broken corpus (tests/corpus/broken) must be rejected by
 * sk_module_load with an error message: no crash, leak or hang (CI runs it under ASan). */
#include "common/common.h"
#include "decode/module.h"
#include "test.h"
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static const char *current = "";

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_corpus: timeout (hang?) on ";
    ssize_t r = write(2, msg, sizeof msg - 1);
    r = write(2, current, strlen(current));
    r = write(2, "\n", 1);
    (void)r;
    _exit(1);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    const char *dir = getenv("SKIFF_CORPUS_DIR");
    if (!dir) dir = "tests/corpus/broken";
    DIR *d = opendir(dir);
    CHECK_MSG(d != NULL, "cannot open corpus directory %s (run from the repository root)", dir);
    if (!d) TEST_DONE("test_corpus");
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".wasm") != 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof *names);
            if (!names) abort();
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    CHECK_MSG(n >= 200, "corpus has only %zu modules", n);

    signal(SIGALRM, on_alarm);
    size_t by_decode = 0, by_later = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        current = path;
        alarm(20); /* per file; a hang is a failure */
        uint8_t *bytes = NULL;
        size_t len = 0;
        sk_error err;
        sk_error_clear(&err);
        bool read_ok = sk_read_file(path, &bytes, &len, &err);
        CHECK_MSG(read_ok, "%s: %s", path, err.msg);
        if (!read_ok) continue;
        /* Which stage rejects it is reported for information only. */
        sk_error derr;
        sk_module *dm = sk_decode(bytes, len, &derr);
        if (dm) by_later++;
        else by_decode++;
        sk_module_free(dm);

        sk_error_clear(&err);
        sk_module *m = sk_module_load(bytes, len, &err);
        CHECK_MSG(m == NULL, "%s: loaded, but it is broken (wasm-validate rejects it)", path);
        CHECK_MSG(m != NULL || err.msg[0] != 0, "%s: rejected without a message", path);
        sk_module_free(m);
        sk_free(bytes);
        alarm(0);
    }
    printf("%zu modules: %zu rejected by the decoder, %zu by validation or later\n", n, by_decode, by_later);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    TEST_DONE("test_corpus");
}
