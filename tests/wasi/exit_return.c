/* exit_return.c: returning a status from main ends the run with that status. */
// WASI-EXIT: 7
// WASI-STDOUT: returning 7 from main
#include <stdio.h>

int main(void)
{
    printf("returning 7 from main\n");
    return 7;
}
