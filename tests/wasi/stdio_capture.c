/* stdio_capture.c: stdin from an in-memory buffer, stdout and stderr captured by the host (wasi_run --capture
 * prints them afterwards); closing stdout keeps what was captured. */
// WASI-ARGS: --stdin-text 'abc def\nxyz' --capture
// WASI-NEEDS-DRIVER: --stdin-text, --capture
// WASI-STDOUT: --- captured stdout ---
// WASI-STDOUT: ABC DEF\NXYZ
// WASI-STDOUT: stdin at end: 1
// WASI-STDOUT: --- captured stderr ---
// WASI-STDOUT: to stderr
#include <ctype.h>
#include <stdio.h>
#include <wasi/api.h>

int main(void)
{
    int c;
    while ((c = getchar()) != EOF) putchar(toupper(c));
    putchar('\n');
    printf("stdin at end: %d\n", feof(stdin) ? 1 : 0);
    fprintf(stderr, "to stderr\n");
    fflush(stdout);
    /* Closing stdout keeps what was captured. */
    if (__wasi_fd_close(1) != 0) fprintf(stderr, "FAIL close\n");
    return 0;
}
