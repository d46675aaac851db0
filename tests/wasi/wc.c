/* wc.c: a word count (lines, words, bytes) of files in a granted directory, compared with the native wc. */
// WASI-ARGS: --dir $SANDBOX/data::.
// WASI-ARGV: check.h numbers.txt empty.txt bytes.bin mixed.bin
// WASI-COMPARE: cd data && LC_ALL=C wc check.h numbers.txt empty.txt bytes.bin mixed.bin
#include <ctype.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    long tl = 0, tw = 0, tc = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        long l = 0, w = 0, c = 0;
        int ch, in_word = 0;
        while ((ch = getc(f)) != EOF) {
            c++;
            if (ch == '\n') l++;
            /* As GNU wc in the C locale: white space ends a word, a printable byte starts one,
             * other bytes change nothing. */
            if (isspace(ch)) in_word = 0;
            else if (isprint(ch) && !in_word) {
                in_word = 1;
                w++;
            }
        }
        fclose(f);
        printf("%ld %ld %ld %s\n", l, w, c, argv[i]);
        tl += l, tw += w, tc += c;
    }
    if (argc > 2) printf("%ld %ld %ld total\n", tl, tw, tc);
    return 0;
}
