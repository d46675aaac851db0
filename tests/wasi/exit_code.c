/* exit_code.c: exit(N) reaches the host as the exit status (proc_exit), after stdout is flushed. */
// WASI-EXIT: 42
// WASI-STDOUT: about to exit with 42
#include "check.h"
#include <stdlib.h>

int main(void)
{
    printf("about to exit with 42\n");
    exit(42);
    printf("FAIL: still running after exit\n");
    return 1;
}
