/* random.c: random_get fills buffers (small and large) with bytes that look random and differ each call. */
#include "check.h"
#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

static unsigned char big[1 << 20];

int main(void)
{
    unsigned char a[32], b[32], zero[32] = {0};
    CHECK(getentropy(a, sizeof a) == 0);
    CHECK(getentropy(b, sizeof b) == 0);
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK(memcmp(a, zero, sizeof a) != 0);
    CHECK_WASI(__wasi_random_get(big, sizeof big), 0);
    /* Every byte value shows up in 1 MiB, and the counts are near 4096 each. */
    static unsigned counts[256];
    for (size_t i = 0; i < sizeof big; i++) counts[big[i]]++;
    unsigned lo = ~0u, hi = 0;
    for (int i = 0; i < 256; i++) {
        if (counts[i] < lo) lo = counts[i];
        if (counts[i] > hi) hi = counts[i];
    }
    CHECK(lo > 3500 && hi < 4700);
    CHECK_WASI(__wasi_random_get(a, 0), 0);
    uint32_t r1 = arc4random(), r2 = arc4random();
    CHECK(r1 != r2 || arc4random() != r1);
    DONE();
}
