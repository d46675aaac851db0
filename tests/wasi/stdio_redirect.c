/* stdio_redirect.c: stdin and stdout redirected to host files by the runner's own options (wasi_run --stdin/--stdout). */
// WASI-ARGS: --stdin $SANDBOX/hello.txt --stdout $T/stdout.txt
// WASI-NEEDS-DRIVER: --stdin, --stdout
// WASI-CHECK: [ "$(cat $T/stdout.txt)" = "HELLO WORLD" ] && [ ! -s $T/out ]
#include <ctype.h>
#include <stdio.h>

int main(void)
{
    int c;
    while ((c = getchar()) != EOF) putchar(toupper(c));
    return 0;
}
