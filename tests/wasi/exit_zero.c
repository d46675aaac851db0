/* exit_zero.c: proc_exit(0) directly: the run ends (status 0) and nothing after it runs. */
#include <stdio.h>
#include <wasi/api.h>

int main(void)
{
    printf("ok: calling proc_exit(0)\n");
    fflush(stdout);
    __wasi_proc_exit(0);
    printf("FAIL: still running after proc_exit\n");
    return 1;
}
