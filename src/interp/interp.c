/* interp.c: the direct-threaded dispatch loop of the interpreter tier, and sk_interp_call. */
#define _GNU_SOURCE /* the REG_* register indices of the fault's ucontext */
#include "icode.h"
#include "simd_exec.h"
#include "fp.h"
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <ucontext.h>

/* A caller's frame record: wasm-to-wasm calls push one instead of recursing in C. It holds the caller's
 * return point, frame and instance, and the code of the function it called (so a return restores no
 * code: the running function's code is that of the record below the top, or the activation's own). */
typedef struct sk_frec {
    const sk_icell *ret;
    sk_slot *fp;
    const sk_icode *code; /* the callee's */
    sk_instance *inst;
} sk_frec;

/* Execution state of a store (store->exec): one value stack and one frame-record stack,
 * shared by nested activations (host -> wasm -> host -> wasm ...). */
typedef struct sk_exec {
    sk_slot *stack, *end, *top; /* top: first free slot for a new activation */
    sk_frec *frames; /* [cap], after one more record: room for the outermost activation's sentinel */
    sk_frec *fsp; /* the running activation's next free frame record (the dispatch loop's) */
    atomic_int poll; /* what function entries and back edges poll (SK_POLL_*; runtime.h, poll_arm) */
    uint32_t depth, cap;
    /* Guard-page mode: what the fault path needs to rebuild an out-of-bounds trap, kept current by
     * run_guarded: gip at each scalar access (on x86-64 the fault handler reads it from the faulting
     * instruction's register instead, see guard_fault_ip), ginst when the instance changes (and fsp,
     * always; the innermost function is found from gip among ginst's functions). */
    const sk_icell *gip;
    sk_instance *ginst;
    bool ghost; /* a host function called from the activation runs (its faults are not the guest's) */
} sk_exec;

static void exec_free(void *p)
{
    sk_exec *x = p;
    if (!x) return;
    sk_free(x->stack);
    if (x->frames) sk_free(x->frames - 1);
    sk_free(x);
}

static bool frames_grow(sk_exec *x, uint32_t limit)
{
    uint64_t ncap = x->cap ? (uint64_t)x->cap * 2 : 256;
    if (ncap > limit) ncap = limit;
    if (ncap <= x->cap) return false;
    sk_frec *nf = sk_realloc(x->frames ? x->frames - 1 : NULL, (size_t)(ncap + 1) * sizeof *nf);
    if (!nf) return false;
    if (!x->frames) memset(nf, 0, sizeof *nf);
    x->frames = nf + 1;
    x->cap = (uint32_t)ncap;
    return true;
}

static size_t stack_slots(const sk_store *s)
{
    size_t n = (s->max_stack_bytes ? s->max_stack_bytes : 8u * 1024 * 1024) / sizeof(sk_slot);
    return n < 16 ? 16 : n;
}

static sk_exec *exec_get(sk_store *s)
{
    if (s->exec) {
        sk_exec *x = s->exec;
        /* max_stack_bytes changed while nothing runs: take the new size */
        size_t n = stack_slots(s);
        if (x->depth == 0 && x->top == x->stack && n != (size_t)(x->end - x->stack)) {
            sk_slot *ns = sk_malloc(n * sizeof(sk_slot));
            if (!ns) return NULL;
            sk_free(x->stack);
            x->stack = x->top = ns;
            x->end = ns + n;
        }
        return x;
    }
    sk_exec *x = sk_calloc(1, sizeof *x);
    size_t n = stack_slots(s);
    if (x) x->stack = sk_malloc(n * sizeof(sk_slot));
    if (!x || !x->stack) {
        exec_free(x);
        return NULL;
    }
    x->end = x->stack + n;
    x->top = x->stack;
    if (!frames_grow(x, s->max_call_depth ? s->max_call_depth : 1)) {
        exec_free(x);
        return NULL;
    }
    s->exec = x;
    s->exec_free = exec_free;
    /* publish the poll word, then take over what was requested before: sk_store_interrupt sets s->interrupt
     * before it reads poll_word, so a request either finds the word or is seen here */
    atomic_init(&x->poll, 0);
    atomic_store(&s->poll_word, &x->poll);
    if (atomic_exchange(&s->interrupt, 0) & SK_POLL_INTERRUPT) atomic_fetch_or(&x->poll, SK_POLL_INTERRUPT);
    return x;
}

/* Interrupt and fuel: the slow half of the poll at function entry and loop headers.
 * An interrupt request is consumed by the trap it causes. */
static sk_trap_kind poll_slow(sk_store *s, sk_exec *x)
{
    if (atomic_fetch_and(&x->poll, ~SK_POLL_INTERRUPT) & SK_POLL_INTERRUPT) return SK_TRAP_INTERRUPT;
    if (s->fuel_enabled) {
        if (s->fuel == 0) return SK_TRAP_OUT_OF_FUEL;
        s->fuel--;
    } else {
        atomic_fetch_and(&x->poll, ~SK_POLL_FUEL); /* fuel was turned off by a host function */
    }
    return SK_TRAP_NONE;
}

/* Sets the poll word's fuel bit when fuel is on (at activation entry and after a host call, which may
 * have turned it on). */
static inline void poll_arm(sk_store *s, sk_exec *x)
{
    if (SK_UNLIKELY(s->fuel_enabled) && !(atomic_load_explicit(&x->poll, memory_order_relaxed) & SK_POLL_FUEL))
        atomic_fetch_or(&x->poll, SK_POLL_FUEL);
}

/* Values <-> frame slots: a v128 takes two slots, 32-bit values are kept zero-extended. */
static void vals_to_slots(sk_slot *sl, const sk_val *v, const uint8_t *types, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        uint8_t ty = types[k];
        if (ty == SK_V128) {
            memcpy(sl, v[k].v128, 16);
            sl += 2;
        } else {
            (sl++)->u64 = (ty == SK_I32 || ty == SK_F32) ? v[k].u32 : v[k].u64;
        }
    }
}
static void slots_to_vals(sk_val *v, const sk_slot *sl, const uint8_t *types, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        uint8_t ty = types[k];
        memset(&v[k], 0, sizeof v[k]);
        if (ty == SK_V128) {
            memcpy(v[k].v128, sl, 16);
            sl += 2;
        } else {
            if (ty == SK_I32 || ty == SK_F32) v[k].u32 = sl->u32;
            else v[k].u64 = sl->u64;
            sl++;
        }
    }
}

/* ---- float helpers: fp.h has the shared ones (min/max, rounding, sat_i32/u32) ---- */
static inline int64_t sat_i64(double v)
{
    if (isnan(v)) return 0;
    if (v < -9223372036854775808.0) return INT64_MIN;
    if (v >= 9223372036854775808.0) return INT64_MAX;
    return (int64_t)v;
}
static inline uint64_t sat_u64(double v)
{
    if (isnan(v) || v <= -1.0) return 0;
    if (v >= 18446744073709551616.0) return UINT64_MAX;
    return (uint64_t)v;
}
/* Trapping float->int: 0 ok, else the trap kind. */
static inline sk_trap_kind chk_i32(double v)
{
    if (isnan(v)) return SK_TRAP_INVALID_CONV;
    return (v > -2147483649.0 && v < 2147483648.0) ? SK_TRAP_NONE : SK_TRAP_INT_OVERFLOW;
}
static inline sk_trap_kind chk_u32(double v)
{
    if (isnan(v)) return SK_TRAP_INVALID_CONV;
    return (v > -1.0 && v < 4294967296.0) ? SK_TRAP_NONE : SK_TRAP_INT_OVERFLOW;
}
static inline sk_trap_kind chk_i64(double v)
{
    if (isnan(v)) return SK_TRAP_INVALID_CONV;
    return (v >= -9223372036854775808.0 && v < 9223372036854775808.0) ? SK_TRAP_NONE : SK_TRAP_INT_OVERFLOW;
}
static inline sk_trap_kind chk_u64(double v)
{
    if (isnan(v)) return SK_TRAP_INVALID_CONV;
    return (v > -1.0 && v < 18446744073709551616.0) ? SK_TRAP_NONE : SK_TRAP_INT_OVERFLOW;
}

static inline uint32_t rotl32(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
static inline uint32_t rotr32(uint32_t a, uint32_t b) { return (a >> (b & 31)) | (a << ((32 - b) & 31)); }
static inline uint64_t rotl64(uint64_t a, uint64_t b) { return (a << (b & 63)) | (a >> ((64 - b) & 63)); }
static inline uint64_t rotr64(uint64_t a, uint64_t b) { return (a >> (b & 63)) | (a << ((64 - b) & 63)); }

/* Pushes frames for the trap: the current function (code) at ip, then every caller of this activation,
 * whose first function is base_code. */
static void add_frames(sk_trap *t, sk_exec *x, uint32_t base_depth, const sk_icode *base_code,
                       const sk_icode *code, sk_instance *inst, const sk_icell *ip)
{
    for (uint32_t d = x->depth + 1; d-- > base_depth;) {
        uint32_t cell;
        if (d == x->depth) {
            cell = (uint32_t)(ip - code->cells);
        } else {
            code = d == base_depth ? base_code : x->frames[d - 1].code;
            inst = x->frames[d].inst;
            cell = (uint32_t)(x->frames[d].ret - code->cells) - 1;
        }
        uint32_t off = sk_icode_offset(code, cell);
        uint64_t moff = off == UINT32_MAX ? UINT64_MAX : (uint64_t)code->body_offset + off;
        sk_trap_push_frame(t, inst, code->func_idx, off, moff);
    }
}

/* Sets up a new frame's declared locals and constant pool (icode.h: init, nzero). Small counts get an
 * inline loop, kept a loop by the empty asm (gcc would make it a libc call, a PLT call per wasm call). */
static inline __attribute__((always_inline)) void frame_init(sk_slot *fp, const sk_icode *c)
{
    if (!c->setup) return;
    if (SK_UNLIKELY(c->nzero)) memset(fp + c->zero_at, 0, (size_t)c->nzero * sizeof(sk_slot));
    uint32_t n = c->ninit;
    if (SK_LIKELY(n <= 8)) {
        sk_slot *l = fp + c->init_at;
        const uint64_t *k = c->init;
        for (uint32_t i = 0; i < n; i++) {
            l[i].u64 = k[i];
            __asm__("" ::: "memory");
        }
    } else {
        memcpy(fp + c->init_at, c->init, (size_t)n * sizeof(sk_slot));
    }
}

/* The dispatch loop, with explicit bounds checks on every scalar memory access. */
#define SK_RUN run
#define SK_BOUNDS(ea, n) \
    if (SK_UNLIKELY((ea) + (n) > mem_size)) goto trap_oob
#define SK_GUARD_INST() ((void)0)
#define SK_GUARD_HOST(b) ((void)0)
/* a checked access (also the guard-page instance's where the access cannot name its ip, below) */
#define SK_LOAD(d, ea, n)                        \
    do {                                         \
        SK_BOUNDS(ea, n);                        \
        memcpy((d), mem_base + (ea), (n));       \
    } while (0)
#define SK_STORE(ea, s, n)                       \
    do {                                         \
        SK_BOUNDS(ea, n);                        \
        memcpy(mem_base + (ea), (s), (n));       \
    } while (0)
#include "run.h"
#undef SK_GUARD_HOST
#undef SK_GUARD_INST
#undef SK_BOUNDS
#undef SK_RUN

#if defined(__x86_64__) && defined(__linux__)
#define SK_GUARD_ASM 1
/* Unaligned, aliasing-safe views of guest memory for asm memory operands. */
typedef struct { uint8_t v; } __attribute__((packed, may_alias)) g8;
typedef struct { uint16_t v; } __attribute__((packed, may_alias)) g16;
typedef struct { uint32_t v; } __attribute__((packed, may_alias)) g32;
typedef struct { uint64_t v; } __attribute__((packed, may_alias)) g64;
/* Appended to an access instruction labelled 1 whose operand %2 is ip: records the instruction's address
 * (32-bit self-relative) and the name of the register that holds ip there (the compiler's choice). */
#define GUARD_PC_RECORD                                                  \
    "\n\t.pushsection skiff_guard_pcs, \"a\"\n\t.balign 4\n\t"          \
    ".long 1b - .\n2:\t.ascii \"%2\"\n\t.org 2b + 8\n\t.popsection"
typedef struct {
    int32_t pc;   /* the access's address minus this field's */
    char reg[8];  /* "%rbx", "%r12", ... (NUL-padded) */
} guard_pc;
/* Loads n bytes at p into d; a fault there is an out-of-bounds trap at ip. volatile: a load
 * whose value is unused still traps. */
static inline __attribute__((always_inline)) void guard_load(void *d, const uint8_t *p, size_t n,
                                                             const sk_icell *ip)
{
    switch (n) {
    case 1: {
        uint32_t v;
        __asm__ volatile("1: movzbl %1, %0" GUARD_PC_RECORD : "=r"(v) : "m"(*(const g8 *)p), "r"(ip));
        uint8_t b = (uint8_t)v;
        memcpy(d, &b, 1);
        break;
    }
    case 2: {
        uint32_t v;
        __asm__ volatile("1: movzwl %1, %0" GUARD_PC_RECORD : "=r"(v) : "m"(*(const g16 *)p), "r"(ip));
        uint16_t h = (uint16_t)v;
        memcpy(d, &h, 2);
        break;
    }
    case 4: {
        uint32_t v;
        __asm__ volatile("1: movl %1, %0" GUARD_PC_RECORD : "=r"(v) : "m"(*(const g32 *)p), "r"(ip));
        memcpy(d, &v, 4);
        break;
    }
    default: {
        uint64_t v;
        __asm__ volatile("1: movq %1, %0" GUARD_PC_RECORD : "=r"(v) : "m"(*(const g64 *)p), "r"(ip));
        memcpy(d, &v, 8);
        break;
    }
    }
}
/* The same for a double, straight into an xmm register (no trip through a general register). */
static inline __attribute__((always_inline)) void guard_load_f64(double *d, const uint8_t *p, const sk_icell *ip)
{
    __asm__ volatile("1: movsd %1, %0" GUARD_PC_RECORD : "=x"(*d) : "m"(*(const g64 *)p), "r"(ip));
}
/* Stores n bytes from s at p; x86-64 writes nothing when the store faults. */
static inline __attribute__((always_inline)) void guard_store(uint8_t *p, const void *s, size_t n,
                                                              const sk_icell *ip)
{
    switch (n) {
    case 1: {
        uint8_t v;
        memcpy(&v, s, 1);
        __asm__ volatile("1: movb %b1, %0" GUARD_PC_RECORD : "=m"(*(g8 *)p) : "q"(v), "r"(ip));
        break;
    }
    case 2: {
        uint16_t v;
        memcpy(&v, s, 2);
        __asm__ volatile("1: movw %w1, %0" GUARD_PC_RECORD : "=m"(*(g16 *)p) : "r"(v), "r"(ip));
        break;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, s, 4);
        __asm__ volatile("1: movl %k1, %0" GUARD_PC_RECORD : "=m"(*(g32 *)p) : "r"(v), "r"(ip));
        break;
    }
    default: {
        uint64_t v;
        memcpy(&v, s, 8);
        __asm__ volatile("1: movq %q1, %0" GUARD_PC_RECORD : "=m"(*(g64 *)p) : "r"(v), "r"(ip));
        break;
    }
    }
}
/* The recorded accesses (the linker defines these bounds of the section). */
extern const guard_pc __start_skiff_guard_pcs[] __attribute__((weak, visibility("hidden")));
extern const guard_pc __stop_skiff_guard_pcs[] __attribute__((weak, visibility("hidden")));
/* The ip of a fault when its instruction is one of the recorded accesses, else NULL. */
static const sk_icell *guard_fault_ip(const void *ucv)
{
    static const struct {
        char name[8];
        int reg;
    } regs[] = {{"%rax", REG_RAX}, {"%rbx", REG_RBX}, {"%rcx", REG_RCX}, {"%rdx", REG_RDX}, {"%rsi", REG_RSI},
                {"%rdi", REG_RDI}, {"%rbp", REG_RBP}, {"%r8", REG_R8},   {"%r9", REG_R9},   {"%r10", REG_R10},
                {"%r11", REG_R11}, {"%r12", REG_R12}, {"%r13", REG_R13}, {"%r14", REG_R14}, {"%r15", REG_R15}};
    const ucontext_t *uc = ucv;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    for (const guard_pc *e = __start_skiff_guard_pcs; e < __stop_skiff_guard_pcs; e++) {
        if ((uintptr_t)((const char *)&e->pc + e->pc) != pc) continue;
        for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++)
            if (strncmp(e->reg, regs[i].name, sizeof e->reg) == 0)
                return (const sk_icell *)uc->uc_mcontext.gregs[regs[i].reg];
        return NULL;
    }
    return NULL;
}
#else
#define SK_GUARD_ASM 0
static const sk_icell *guard_fault_ip(const void *ucv)
{
    (void)ucv;
    return NULL;
}
#endif

/* The same loop for memories inside an 8 GiB reservation (guard pages): a scalar access cannot leave
 * the reservation, so it runs unchecked and a fault past the accessible size is the trap. On x86-64 the
 * access is the asm of guard_load/guard_store (above); elsewhere it records its ip first. The empty asm "reads" that record and "produces" the address, so the compiler
 * keeps the store ahead of the access without a full memory barrier (which would cost every handler
 * its register-held values). */
#if defined(__aarch64__)
/* Arm may tear a misaligned store that crosses into a guard page (bytes before the page written, then the
 * fault): touch the access's last byte first; it is inaccessible exactly when the access is out of bounds. */
#define SK_GUARD_PROBE(ea, n) ((void)*(volatile const uint8_t *)(mem_base + (ea) + (n)-1))
#else
#define SK_GUARD_PROBE(ea, n) ((void)0) /* x86-64: a faulting store writes nothing */
#endif
#define SK_RUN run_guarded
#define SK_BOUNDS(ea, n)                                  \
    do {                                                  \
        x->gip = ip;                                      \
        __asm__("" : "+r"(ea) : "m"(x->gip));             \
        SK_GUARD_PROBE(ea, n);                            \
    } while (0)
#define SK_GUARD_INST() (x->ginst = inst)
#define SK_GUARD_HOST(b) (x->ghost = (b))
#if SK_GUARD_ASM
/* x86-64: the access is the one instruction of an asm statement that lists its own address and the
 * register holding ip in section skiff_guard_pcs; the fault handler takes ip from that register when
 * the faulting instruction is one of those. No store per access. */
#undef SK_LOAD
#undef SK_STORE
#define SK_LOAD(d, ea, n)                                                     \
    _Generic((d), double *: guard_load_f64((double *)(void *)(d), mem_base + (ea), ip), \
             default: guard_load((d), mem_base + (ea), (n), ip))
#define SK_STORE(ea, s, n) guard_store(mem_base + (ea), (s), (n), ip)
#endif
#include "run.h"
#undef SK_GUARD_HOST
#undef SK_GUARD_INST
#undef SK_BOUNDS
#undef SK_GUARD_PROBE
#undef SK_RUN

const void *const *sk_interp_handlers(void) { return sk_interp_handlers_for(false); }

const void *const *sk_interp_handlers_for(bool guard_pages)
{
    const void *const *labels = NULL;
    if (guard_pages) run_guarded(NULL, NULL, NULL, NULL, &labels);
    else run(NULL, NULL, NULL, NULL, &labels);
    return labels;
}

/* ---- Guard pages: the fault path ----
 * One process-wide SIGSEGV/SIGBUS handler. A fault is ours when this thread is inside a guarded
 * activation (cur_run), wasm code (not a host function it called) is running, and the address lies
 * in a reservation of a memory of that activation's store; then it jumps back to the activation's
 * entry, which builds the trap. Anything else goes to the handler that was there before. */
typedef struct guard_run {
    sigjmp_buf jb;
    sk_store *s;
    sk_exec *x;
} guard_run;

static __thread guard_run *cur_run __attribute__((tls_model("initial-exec")));
static struct sigaction prev_segv, prev_bus;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;
static bool guard_installed;

static void chain(int sig, siginfo_t *si, void *uc)
{
    const struct sigaction *p = sig == SIGBUS ? &prev_bus : &prev_segv;
    if (p->sa_flags & SA_SIGINFO) {
        p->sa_sigaction(sig, si, uc);
        return;
    }
    if (p->sa_handler != SIG_DFL && p->sa_handler != SIG_IGN) {
        p->sa_handler(sig);
        return;
    }
    /* Default action: restore it; a real fault then happens again on return and kills the process,
     * a sent signal (si_code <= 0) is raised again. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (si->si_code <= 0) raise(sig);
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    guard_run *r = cur_run;
    if (r && !r->x->ghost && si->si_code > 0 && sk_store_owns_guest_address(r->s, si->si_addr)) {
        const sk_icell *ip = guard_fault_ip(uc);
        if (ip) r->x->gip = ip; /* else an access that recorded it (SK_BOUNDS) */
        siglongjmp(r->jb, 1);
    }
    chain(sig, si, uc);
}

static void guard_install(void)
{
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, &prev_segv) != 0) return;
    if (sigaction(SIGBUS, &sa, &prev_bus) != 0) {
        sigaction(SIGSEGV, &prev_segv, NULL);
        return;
    }
    guard_installed = true;
#endif
}

bool sk_guard_pages_available(void)
{
    pthread_once(&guard_once, guard_install);
    return guard_installed;
}

/* The function of inst whose code holds cell ip (the code of a faulting access). */
static const sk_icode *code_at(const sk_instance *inst, const sk_icell *ip)
{
    const sk_module *m = inst->module;
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        const sk_icode *c = m->funcs[i].code;
        if (c && ip >= c->cells && ip < c->cells + c->ncells) return c;
    }
    return NULL; /* cannot happen: only run_guarded's accesses fault into the jump back */
}

/* Runs f in guard-page mode. Nothing local changes between sigsetjmp and the jump back: the fault
 * path reads ip, frame and instance from x, where run_guarded keeps them. */
static sk_trap *call_guarded(sk_store *s, sk_exec *x, sk_func *f, sk_slot *fp)
{
    guard_run r;
    r.s = s;
    r.x = x;
    guard_run *const outer = cur_run; /* host -> wasm -> host -> wasm: restore the outer activation's state */
    const sk_icell *const gip = x->gip;
    sk_frec *const fsp = x->fsp;
    sk_instance *const ginst = x->ginst;
    const bool ghost = x->ghost;
    const uint32_t base_depth = x->depth;
    sk_trap *t;
    if (sigsetjmp(r.jb, 0) == 0) {
        x->ghost = false;
        cur_run = &r;
        t = run_guarded(s, x, f, fp, NULL);
    } else {
        /* exactly what trap_oob does, from the recorded state */
        t = sk_trap_new(SK_TRAP_OOB_MEMORY, NULL);
        x->depth = (uint32_t)(x->fsp - x->frames);
        add_frames(t, x, base_depth, f->def->code, code_at(x->ginst, x->gip), x->ginst, x->gip);
        x->depth = base_depth;
    }
    cur_run = outer;
    x->gip = gip;
    x->fsp = fsp;
    x->ginst = ginst;
    x->ghost = ghost;
    return t;
}

sk_trap *sk_interp_call(sk_store *s, sk_func *f, const sk_val *args, sk_val *results)
{
    if (!f || f->host || !f->def || !f->def->code) return sk_trap_new(SK_TRAP_HOST, "function has no code");
    sk_exec *x = exec_get(s);
    if (!x) return sk_trap_new(SK_TRAP_OOM, NULL);
    const sk_icode *c = f->def->code;
    sk_slot *fp = x->top;
    if ((size_t)(x->end - fp) < c->frame_slots || x->depth >= s->max_call_depth)
        return sk_trap_new(SK_TRAP_STACK_EXHAUSTED, NULL);
    /* code runs only in the dispatch loop whose handler addresses it holds (instantiation checks this) */
    bool guarded = f->inst->module->guard_pages;
    if (SK_UNLIKELY(guarded == s->bounds_checks))
        return sk_trap_new(SK_TRAP_HOST, "code compiled for another bounds-check mode than the store's");
    const sk_functype *ft = f->type;
    vals_to_slots(fp, args, ft->params, ft->nparams);
    sk_slot *saved_top = x->top;
    x->top = fp + c->frame_slots;
    /* The record below the activation's first one (an outer activation's, or the spare one before
     * x->frames[0]) becomes the sentinel that ends it (L_RET), and is put back after. */
    uint32_t base_depth = x->depth;
    sk_frec below = x->frames[(ptrdiff_t)base_depth - 1];
    x->frames[(ptrdiff_t)base_depth - 1].inst = NULL;
    sk_trap *t = guarded ? call_guarded(s, x, f, fp) : run(s, x, f, fp, NULL);
    x->frames[(ptrdiff_t)base_depth - 1] = below; /* (x->frames may have moved) */
    x->top = saved_top;
    if (t) return t;
    slots_to_vals(results, fp, ft->results, ft->nresults);
    return NULL;
}

/* Debug listing of lowered code (cells, handler names, raw operand units). */
void sk_icode_dump(const sk_icode *c, FILE *out)
{
    static const char *const names[SK_IOP_COUNT] = {
#define IOP(n) #n,
#include "iops.def"
#undef IOP
    };
    /* the code's mode is not recorded in it: take the table its first handler belongs to */
    const void *const *h = sk_interp_handlers_for(false);
    bool found = false;
    for (int k = 0; k < SK_IOP_COUNT && c->ncells; k++) found |= h[k] == c->cells[0].h;
    if (!found) h = sk_interp_handlers_for(true);
    fprintf(out, "func %u: params %u locals %u results %u frame %u cells %u\n", c->func_idx, c->nparams,
            c->nlocals, c->nresults, c->frame_slots, c->ncells);
    uint32_t i = 0;
    while (i < c->ncells) {
        int k = 0;
        while (k < SK_IOP_COUNT && h[k] != c->cells[i].h) k++;
        fprintf(out, "  %4u: %s", i, k < SK_IOP_COUNT ? names[k] : "?");
        uint32_t j = i + 1;
        /* operands run until the next cell that holds a handler address */
        for (; j < c->ncells; j++) {
            int q = 0;
            while (q < SK_IOP_COUNT && h[q] != c->cells[j].h) q++;
            if (q < SK_IOP_COUNT) break;
            fprintf(out, " %d %d", c->cells[j].s[0], c->cells[j].s[1]);
        }
        fputc('\n', out);
        i = j;
    }
}
