/* sig.c: process-wide structural interning of function types (equal types, equal ids). */
#include "module.h"
#include <pthread.h>

typedef struct sig_entry {
    uint64_t hash;
    uint32_t np, nr;
    uint8_t *types; /* params then results */
} sig_entry;

/* Entries never move once published only through this lock; they live for the process. */
static pthread_mutex_t sig_lock = PTHREAD_MUTEX_INITIALIZER;
static sig_entry *sigs;       /* [nsigs], indexed by id */
static uint32_t nsigs, sigs_cap;
static uint32_t *slots;       /* open-addressed table of id+1 (0 = empty) */
static uint32_t nslots;       /* power of two */

static uint64_t sig_hash(const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    h = (h ^ np) * 1099511628211ull;
    for (uint32_t i = 0; i < np; i++) h = (h ^ params[i]) * 1099511628211ull;
    h = (h ^ (0x100u + nr)) * 1099511628211ull;
    for (uint32_t i = 0; i < nr; i++) h = (h ^ results[i]) * 1099511628211ull;
    return h;
}

static bool sig_equal(const sig_entry *e, uint64_t h, const uint8_t *params, uint32_t np, const uint8_t *results,
                      uint32_t nr)
{
    return e->hash == h && e->np == np && e->nr == nr && (np == 0 || memcmp(e->types, params, np) == 0) &&
           (nr == 0 || memcmp(e->types + np, results, nr) == 0);
}

static bool sig_rehash(uint32_t want)
{
    uint32_t *ns = sk_calloc(want, sizeof *ns);
    if (!ns) return false;
    for (uint32_t id = 0; id < nsigs; id++) {
        uint32_t i = (uint32_t)sigs[id].hash & (want - 1);
        while (ns[i]) i = (i + 1) & (want - 1);
        ns[i] = id + 1;
    }
    sk_free(slots);
    slots = ns;
    nslots = want;
    return true;
}

uint32_t sk_sig_intern(const uint8_t *params, uint32_t np, const uint8_t *results, uint32_t nr)
{
    uint64_t h = sig_hash(params, np, results, nr);
    uint32_t id = UINT32_MAX;
    pthread_mutex_lock(&sig_lock);
    if (nslots) {
        for (uint32_t i = (uint32_t)h & (nslots - 1); slots[i]; i = (i + 1) & (nslots - 1)) {
            if (sig_equal(&sigs[slots[i] - 1], h, params, np, results, nr)) {
                id = slots[i] - 1;
                goto out;
            }
        }
    }
    /* Keep the table at most half full. */
    if (((uint64_t)nsigs + 1) * 2 > nslots) {
        if (nslots >= (1u << 30) || !sig_rehash(nslots ? nslots * 2 : 64)) goto out;
    }
    if ((uint64_t)np + nr > SIZE_MAX / 2 || nsigs >= UINT32_MAX - 1) goto out;
    if (!sk_grow((void **)&sigs, &sigs_cap, nsigs + 1, sizeof *sigs)) goto out;
    uint8_t *types = sk_malloc((size_t)np + nr);
    if (!types) goto out;
    if (np) memcpy(types, params, np);
    if (nr) memcpy(types + np, results, nr);
    sigs[nsigs] = (sig_entry){h, np, nr, types};
    uint32_t i = (uint32_t)h & (nslots - 1);
    while (slots[i]) i = (i + 1) & (nslots - 1);
    slots[i] = nsigs + 1;
    id = nsigs++;
out:
    pthread_mutex_unlock(&sig_lock);
    return id;
}
