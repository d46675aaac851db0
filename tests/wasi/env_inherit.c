/* env_inherit.c: --inherit-env passes the host environment (the runner exports SKIFF_WASI_TEST=from-host);
 * a later --env overrides an inherited entry. */
// WASI-ARGS: --inherit-env --env SKIFF_WASI_OVERRIDE=guest
#include "check.h"
#include <stdlib.h>

int main(void)
{
    const char *v = getenv("SKIFF_WASI_TEST");
    CHECK(v && strcmp(v, "from-host") == 0);
    v = getenv("SKIFF_WASI_OVERRIDE");
    CHECK(v && strcmp(v, "guest") == 0);
    CHECK(getenv("PATH") != NULL);
    DONE();
}
