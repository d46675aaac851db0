/* stdio_file.c: inherited stdio: stdin and stdout are host files (the runner redirects them), stderr too. */
// WASI-STDIN: $SANDBOX/data/numbers.txt
// WASI-CHECK: [ "$(cat $T/out)" = "written to a file" ] && grep -qx 'lines 20000 sum 200010000' $T/err
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

int main(void)
{
    char line[64];
    long lines = 0, sum = 0;
    while (fgets(line, sizeof line, stdin)) {
        lines++;
        long v;
        if (sscanf(line, "%ld", &v) == 1) sum += v;
    }
    __wasi_fdstat_t st;
    int ok = __wasi_fd_fdstat_get(0, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_REGULAR_FILE &&
             __wasi_fd_fdstat_get(1, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_REGULAR_FILE;
    /* stdout goes to the file; the runner prints it for the comparison. */
    printf("%s", ok ? "written to a file" : "FAIL fdstat");
    fflush(stdout);
    fprintf(stderr, "lines %ld sum %ld\n", lines, sum);
    return 0;
}
