/* float.c: f32/f64 literals (decimal, hex, inf, nan, nan:0x...) converted exactly, ties to even. */
#include "text_internal.h"

static int hexdigit(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Rounds (m + sticky*epsilon) * 2^e to a float with mb mantissa bits and the given
 * exponent bias; returns false on overflow to infinity. sticky must be false when m
 * has at most mb+1 significant bits (then the value is exact). */
static bool round_bits(uint64_t m, long long e, bool sticky, unsigned mb, int bias, uint64_t *out)
{
    if (m == 0) {
        *out = 0;
        return true;
    }
    int msb = 63 - __builtin_clzll(m);
    long long E = msb + e; /* unbiased exponent of the value */
    long long emin = 1 - bias;
    long long shift = msb - (long long)mb; /* low bits of m that do not fit */
    if (E < emin) shift += emin - E;      /* subnormal: fewer bits fit */
    uint64_t kept;
    if (shift <= 0) {
        kept = m << -shift;
    } else {
        bool round_bit, rest;
        if (shift >= 65) {
            kept = 0, round_bit = false, rest = true;
        } else if (shift == 64) {
            kept = 0, round_bit = m >> 63, rest = (m << 1) != 0;
        } else {
            kept = m >> shift;
            round_bit = (m >> (shift - 1)) & 1;
            rest = (m & (((uint64_t)1 << (shift - 1)) - 1)) != 0;
        }
        if (round_bit && (rest || sticky || (kept & 1))) kept++;
    }
    uint64_t one = (uint64_t)1 << mb;
    if (E < emin) { /* subnormal; a carry into bit mb gives the smallest normal, as encoded */
        *out = kept;
        return true;
    }
    if (kept >> (mb + 1)) { /* rounding carried out of the top bit */
        kept >>= 1;
        E++;
    }
    if (E > bias) return false;
    *out = ((uint64_t)(E + bias) << mb) | (kept & (one - 1));
    return true;
}

/* Hex float text "0x" digits ["." digits] ["p" sign? digits], no '_' and no sign. */
static bool hex_float(const char *s, unsigned mb, int bias, uint64_t *out)
{
    s += 2;
    uint64_t m = 0;
    long long e = 0;
    bool sticky = false, frac = false;
    for (; *s && *s != 'p' && *s != 'P'; s++) {
        if (*s == '.') {
            frac = true;
            continue;
        }
        int d = hexdigit((unsigned char)*s);
        if (m >> 56) { /* 57+ bits kept are plenty; the rest only matters as sticky */
            sticky |= d != 0;
            if (!frac) e += 4;
        } else {
            m = m * 16 + (uint64_t)d;
            if (frac) e -= 4;
        }
    }
    if (*s) {
        s++;
        bool eneg = *s == '-';
        if (*s == '-' || *s == '+') s++;
        long long x = 0;
        for (; *s; s++)
            if (x < 100000000) x = x * 10 + (*s - '0'); /* saturates far beyond any exponent range */
        e += eneg ? -x : x;
    }
    return round_bits(m, e, sticky, mb, bias, out);
}

/* ---- a small fixed-size bignum for exact decimal conversion ---- */
#define BIG_LIMBS 150 /* 4800 bits: 10^1250 (see the digit and exponent bounds below) */
typedef struct big {
    uint32_t d[BIG_LIMBS];
    int n; /* limbs in use; no leading zero limbs */
} big;

static void big_mul_add(big *b, uint32_t mul, uint32_t add)
{
    uint64_t carry = add;
    for (int i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->d[i] * mul + carry;
        b->d[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry && b->n < BIG_LIMBS) b->d[b->n++] = (uint32_t)carry;
}

static int big_bits(const big *b) { return b->n ? (b->n - 1) * 32 + 32 - __builtin_clz(b->d[b->n - 1]) : 0; }

static void big_shl(big *b, int k)
{
    if (!b->n || k <= 0) return;
    int limbs = k / 32, bits = k % 32;
    int nn = b->n + limbs + 1;
    if (nn > BIG_LIMBS) nn = BIG_LIMBS;
    for (int i = nn - 1; i >= 0; i--) {
        int src = i - limbs;
        uint64_t hi = src >= 0 && src < b->n ? b->d[src] : 0;
        uint64_t lo = src - 1 >= 0 && src - 1 < b->n ? b->d[src - 1] : 0;
        b->d[i] = bits ? (uint32_t)((hi << bits) | (lo >> (32 - bits))) : (uint32_t)hi;
    }
    b->n = nn;
    while (b->n && !b->d[b->n - 1]) b->n--;
}

static int big_cmp(const big *a, const big *b)
{
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

static void big_sub(big *a, const big *b) /* a -= b, a >= b */
{
    int64_t borrow = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t v = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        borrow = v < 0;
        a->d[i] = (uint32_t)(v + (borrow ? ((int64_t)1 << 32) : 0));
    }
    while (a->n && !a->d[a->n - 1]) a->n--;
}

/* The top 63 bits of b as m with b = (m + sticky) * 2^e. */
static void big_top(const big *b, uint64_t *m, long long *e, bool *sticky)
{
    int bits = big_bits(b);
    int drop = bits > 63 ? bits - 63 : 0;
    uint64_t v = 0;
    bool st = false;
    for (int i = bits - 1; i >= 0; i--) {
        bool bit = (b->d[i / 32] >> (i % 32)) & 1;
        if (i >= drop) v = (v << 1) | bit;
        else if (bit) {
            st = true;
            break;
        }
    }
    *m = v;
    *e = drop;
    *sticky = st;
}

#define MAX_DIGITS 800 /* halfway points of f64 have < 770 significant digits: dropping more is exact */

/* Decimal text: digits ["." digits] [("e"|"E") sign? digits], no '_' and no sign. */
static bool dec_float(const char *s, unsigned mb, int bias, uint64_t *out)
{
    big D = {{0}, 0};
    long long e10 = 0;
    int kept = 0;
    bool sticky = false, frac = false, any = false;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s == '.') {
            frac = true;
            continue;
        }
        int d = *s - '0';
        if (!any && d == 0) { /* leading zero */
            if (frac) e10--;
            continue;
        }
        any = true;
        if (kept < MAX_DIGITS) {
            if (!D.n) D.d[D.n++] = (uint32_t)d;
            else big_mul_add(&D, 10, (uint32_t)d);
            kept++;
            if (frac) e10--;
        } else {
            sticky |= d != 0;
            if (!frac) e10++;
        }
    }
    if (*s) {
        s++;
        bool eneg = *s == '-';
        if (*s == '-' || *s == '+') s++;
        long long x = 0;
        for (; *s; s++)
            if (x < 100000000) x = x * 10 + (*s - '0');
        e10 += eneg ? -x : x;
    }
    if (!any) {
        *out = 0;
        return true;
    }
    /* D has `kept` digits: the value is below 10^(kept+e10) and at least 10^(kept+e10-1) */
    if (kept + e10 > 400) return false;
    if (kept + e10 < -400) {
        *out = 0;
        return true;
    }
    uint64_t m;
    long long e;
    bool st;
    if (e10 >= 0) {
        for (long long i = 0; i < e10; i++) big_mul_add(&D, 10, 0);
        big_top(&D, &m, &e, &st);
        return round_bits(m, e, st || sticky, mb, bias, out);
    }
    /* D / 10^-e10: shift D so that the quotient has 62..63 bits, then divide bit by bit */
    big den = {{1}, 1};
    for (long long i = 0; i < -e10; i++) big_mul_add(&den, 10, 0);
    int s2 = big_bits(&den) - big_bits(&D) + 62;
    if (s2 >= 0) big_shl(&D, s2);
    else big_shl(&den, -s2); /* D is much larger than den: scale den up instead */
    uint64_t q = 0;
    big t;
    for (int bit = 63; bit >= 0; bit--) {
        t = den;
        big_shl(&t, bit);
        if (big_bits(&t) > big_bits(&D) + 1) continue;
        if (big_cmp(&D, &t) >= 0) {
            big_sub(&D, &t);
            q |= (uint64_t)1 << bit;
        }
    }
    return round_bits(q, -(long long)s2, D.n != 0 || sticky, mb, bias, out);
}

/* Checks float syntax; on success writes a copy without '_' (and without the sign) into buf.
 * kind: 0 number, 1 inf, 2 nan, 3 nan:0x payload (in *payload). */
static int float_syntax(const char *p, size_t n, char *buf, int *kind, bool *neg, uint64_t *payload, bool *pay_of)
{
    size_t k = 0, i = 0;
    *neg = false;
    if (n && (p[0] == '+' || p[0] == '-')) {
        *neg = p[0] == '-';
        i++;
    }
    if (n - i == 3 && memcmp(p + i, "inf", 3) == 0) {
        *kind = 1;
        return SK_LIT_OK;
    }
    if (n - i == 3 && memcmp(p + i, "nan", 3) == 0) {
        *kind = 2;
        return SK_LIT_OK;
    }
    if (n - i > 6 && memcmp(p + i, "nan:0x", 6) == 0) {
        *kind = 3;
        size_t used = sk_text_digits(p + i + 6, n - i - 6, 16, payload, pay_of);
        return used && used == n - i - 6 ? SK_LIT_OK : SK_LIT_SYNTAX;
    }
    *kind = 0;
    int base = 10;
    if (n - i > 2 && p[i] == '0' && p[i + 1] == 'x') {
        base = 16;
        buf[k++] = '0', buf[k++] = 'x';
        i += 2;
    }
    uint64_t dummy;
    bool of = false;
    size_t used = sk_text_digits(p + i, n - i, base, &dummy, &of); /* integer part */
    if (!used) return SK_LIT_SYNTAX;
    for (size_t j = 0; j < used; j++)
        if (p[i + j] != '_') buf[k++] = p[i + j];
    i += used;
    if (i < n && p[i] == '.') {
        buf[k++] = '.';
        i++;
        used = sk_text_digits(p + i, n - i, base, &dummy, &of);
        for (size_t j = 0; j < used; j++)
            if (p[i + j] != '_') buf[k++] = p[i + j];
        i += used;
    }
    if (i < n && (base == 10 ? (p[i] == 'e' || p[i] == 'E') : (p[i] == 'p' || p[i] == 'P'))) {
        buf[k++] = p[i++];
        if (i < n && (p[i] == '+' || p[i] == '-')) buf[k++] = p[i++];
        used = sk_text_digits(p + i, n - i, 10, &dummy, &of);
        if (!used) return SK_LIT_SYNTAX;
        for (size_t j = 0; j < used; j++)
            if (p[i + j] != '_') buf[k++] = p[i + j];
        i += used;
    }
    if (i != n) return SK_LIT_SYNTAX;
    buf[k] = 0;
    return SK_LIT_OK;
}

/* Shared by f32 and f64: mb mantissa bits, bias, the sign bit position. */
static int parse_float(const char *p, size_t n, unsigned mb, int bias, uint64_t *bits)
{
    char small[128];
    char *buf = n + 1 <= sizeof small ? small : sk_malloc(n + 1);
    if (!buf) return SK_LIT_RANGE;
    int kind;
    bool neg, pay_of = false;
    uint64_t payload = 0;
    int r = float_syntax(p, n, buf, &kind, &neg, &payload, &pay_of);
    uint64_t exp_all = ((uint64_t)2 * bias + 1) << mb; /* exponent field all ones */
    uint64_t sign = neg ? (uint64_t)1 << (mb == 23 ? 31 : 63) : 0;
    if (r == SK_LIT_OK) {
        uint64_t v = 0;
        if (kind == 1) v = exp_all;
        else if (kind == 2) v = exp_all | ((uint64_t)1 << (mb - 1));
        else if (kind == 3) {
            if (pay_of || payload == 0 || payload >= ((uint64_t)1 << mb)) r = SK_LIT_RANGE;
            else v = exp_all | payload;
        } else if (buf[1] == 'x') {
            if (!hex_float(buf, mb, bias, &v)) r = SK_LIT_RANGE;
        } else {
            if (!dec_float(buf, mb, bias, &v)) r = SK_LIT_RANGE;
        }
        *bits = sign | v;
    }
    if (buf != small) sk_free(buf);
    return r;
}

int sk_text_parse_f32(const char *p, size_t n, uint32_t *bits)
{
    uint64_t v = 0;
    int r = parse_float(p, n, 23, 127, &v);
    if (r == SK_LIT_OK) *bits = (uint32_t)v;
    return r;
}

int sk_text_parse_f64(const char *p, size_t n, uint64_t *bits) { return parse_float(p, n, 52, 1023, bits); }
