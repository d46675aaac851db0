#!/usr/bin/env bash
# run.sh: compiles each tests/wasi/*.c guest with clang --target=wasm32-wasi, runs it under WASI in a
# fresh sandbox, and checks it. Last line: "N passed, N failed".
#
# Tests are C files, or .wat modules run as they are. Directives in a test's source (each optional, one
# per line, after "// " in C and ";; " in .wat):
#   // WASI-ARGS: runner options (--dir, --env, --stdin, ...); $SANDBOX $OUTSIDE $T are substituted
#   // WASI-ARGV: guest arguments after the module (shell words, substituted the same way)
#   // WASI-EXIT: expected exit status (default 0)
#   // WASI-STDOUT: an expected stdout line (all of them, in order, must be the whole output)
#   // WASI-COMPARE: shell command run in $SANDBOX whose output must equal the guest's
#                    (whitespace-normalised); for checks against native tools
#   // WASI-BG: shell command run in the background (in $T) while the guest runs; killed after
#   // WASI-SETUP: shell command run in $T before the guest starts
#   // WASI-CHECK: shell command run in $T after the guest; must succeed (then no "ok:" line is needed)
#   // WASI-STDIN: file the guest's stdin is redirected from (default /dev/null)
#   // WASI-NEEDS-DRIVER: the test uses options only tests/tools/wasi_run has (skipped with another RUNNER)
# Without WASI-STDOUT/WASI-COMPARE, the output must end with "ok: ..." and have no FAIL line.
# Every run must leave $OUTSIDE (next to the sandbox) exactly as it was.
#
# Environment: BUILD (default build) for $BUILD/tools/wasi_run, or RUNNER to use another command
# (e.g. RUNNER="build/skiff run"), WASI_CC (default clang), KEEP=1 keeps the temporary files.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
RUNNER=${RUNNER:-$BUILD/tools/wasi_run}
CC_WASM=${WASI_CC:-clang}
ONLY=${1:-}
export SKIFF_WASI_TEST=from-host SKIFF_WASI_OVERRIDE=host # for env_inherit.c

pass=0
fail=0
skip=0
WORK=$(mktemp -d /tmp/skiff-wasi.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

if [ ! -x "${RUNNER%% *}" ]; then
    echo "FAIL: runner ${RUNNER%% *} not built (make BUILD=$BUILD unit)"
    echo "0 passed, 1 failed"
    exit 1
fi

# The toolchain: clang with the wasm32 target and wasi-libc (Debian: clang lld wasi-libc libclang-rt-dev-wasm32).
echo 'int main(void){return 0;}' > "$WORK/probe.c"
if ! "$CC_WASM" --target=wasm32-wasi -O1 "$WORK/probe.c" -o "$WORK/probe.wasm" 2> "$WORK/probe.err"; then
    echo "################################################################"
    echo "FAIL: cannot compile WASI guests: '$CC_WASM --target=wasm32-wasi' does not work."
    echo "      Install: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32"
    sed 's/^/      /' "$WORK/probe.err" | head -5
    echo "################################################################"
    echo "0 passed, 1 failed"
    exit 1
fi

directive() { sed -n "s#^\(//\|;;\) $1: ##p" "$2"; }

# A fresh sandbox and an "outside" directory that must never be touched.
make_sandbox() {
    local t=$1
    mkdir -p "$t/sandbox/sub/deeper" "$t/sandbox/data" "$t/outside/inner"
    printf 'hello world\n' > "$t/sandbox/hello.txt"
    printf 'inner\n' > "$t/sandbox/sub/inner.txt"
    printf 'SECRET\n' > "$t/outside/secret.txt"
    printf 'SECRET2\n' > "$t/outside/inner/x.txt"
    # Data for wc / sha256sum: some text, an empty file, binary bytes.
    cp tests/wasi/check.h "$t/sandbox/data/check.h"
    seq 1 20000 > "$t/sandbox/data/numbers.txt"
    : > "$t/sandbox/data/empty.txt"
    for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done > "$t/sandbox/data/bytes.bin"
    cat "$t/sandbox/data/bytes.bin" "$t/sandbox/data/bytes.bin" "$t/sandbox/data/numbers.txt" > "$t/sandbox/data/mixed.bin"
    # Ways out that must all be refused.
    ln -s ../outside/secret.txt "$t/sandbox/out_link"
    ln -s "$t/outside/secret.txt" "$t/sandbox/abs_link"
    ln -s ../outside "$t/sandbox/dir_out"
    ln -s /etc "$t/sandbox/etc_link"
    ln -s ../../../outside/secret.txt "$t/sandbox/sub/deeper/up_link"
    # Links that stay inside.
    ln -s hello.txt "$t/sandbox/in_link"
    ln -s sub "$t/sandbox/sub_link"
    ln -s ../hello.txt "$t/sandbox/sub/up_in_link"
}

outside_state() { (cd "$1/outside" && find . -printf '%p %y %s %m\n' | sort && cat secret.txt inner/x.txt); }

norm() { awk '{$1=$1; print}'; }

for src in tests/wasi/*.c tests/wasi/*.wat; do
    name=$(basename "${src%.*}")
    [ -n "$ONLY" ] && [ "$name" != "$ONLY" ] && continue
    T="$WORK/$name"
    mkdir -p "$T"
    if [ "${src##*.}" = wat ]; then
        cp "$src" "$T/$name.wasm" # the runner reads the text format too
    elif ! "$CC_WASM" --target=wasm32-wasi -O1 -Wall -Werror -o "$T/$name.wasm" "$src" 2> "$T/cc.err"; then
        echo "FAIL $name: does not compile"
        sed 's/^/    /' "$T/cc.err" | head -10
        fail=$((fail + 1))
        continue
    fi
    if [ -n "$(directive WASI-NEEDS-DRIVER "$src")" ] && [ "${RUNNER##*/}" != wasi_run ]; then
        echo "SKIP $name: needs tests/tools/wasi_run ($(directive WASI-NEEDS-DRIVER "$src")), RUNNER is $RUNNER"
        skip=$((skip + 1))
        continue
    fi
    make_sandbox "$T"
    SANDBOX="$T/sandbox"
    OUTSIDE="$T/outside"
    before=$(outside_state "$T")
    subst() { local s=$1; s=${s//\$SANDBOX/$SANDBOX}; s=${s//\$OUTSIDE/$OUTSIDE}; s=${s//\$T/$T}; printf '%s' "$s"; }
    args=$(subst "$(directive WASI-ARGS "$src")")
    argv=$(subst "$(directive WASI-ARGV "$src")")
    stdin=$(subst "$(directive WASI-STDIN "$src")")
    want_exit=$(directive WASI-EXIT "$src")
    want_exit=${want_exit:-0}
    setup=$(directive WASI-SETUP "$src")
    bg=$(directive WASI-BG "$src")
    [ -n "$setup" ] && (cd "$T" && eval "$setup")
    bgpid=
    if [ -n "$bg" ]; then
        (cd "$T" && eval "$bg") &
        bgpid=$!
    fi
    eval "set -- $args"
    opts=("$@")
    eval "set -- $argv"
    timeout 60 $RUNNER "${opts[@]}" "$T/$name.wasm" "$@" > "$T/out" 2> "$T/err" < "${stdin:-/dev/null}"
    got_exit=$?
    if [ -n "$bgpid" ]; then
        kill "$bgpid" 2> /dev/null
        wait "$bgpid" 2> /dev/null
    fi
    why=
    [ "$got_exit" = "$want_exit" ] || why="exit status $got_exit, want $want_exit"
    if grep -q '^FAIL' "$T/out"; then why="${why:+$why; }a check failed"; fi
    want_out=$(directive WASI-STDOUT "$src")
    compare=$(directive WASI-COMPARE "$src")
    post=$(directive WASI-CHECK "$src")
    if [ -n "$post" ]; then
        (cd "$T" && eval "$(subst "$post")") > "$T/check.out" 2>&1 || why="${why:+$why; }WASI-CHECK failed"
    fi
    if [ -n "$compare" ]; then
        (cd "$SANDBOX" && eval "$(subst "$compare")") 2>&1 | norm > "$T/want"
        norm < "$T/out" > "$T/got"
        cmp -s "$T/want" "$T/got" || why="${why:+$why; }output differs from native"
    elif [ -n "$want_out" ]; then
        printf '%s\n' "$want_out" > "$T/want"
        cmp -s "$T/want" "$T/out" || why="${why:+$why; }stdout differs"
    elif [ -z "$post" ] && ! tail -n 1 "$T/out" | grep -q '^ok:'; then
        why="${why:+$why; }no 'ok:' line at the end"
    fi
    after=$(outside_state "$T")
    [ "$before" = "$after" ] || why="${why:+$why; }the directory outside the sandbox changed"
    if [ -z "$why" ]; then
        echo "PASS $name: $(tail -n 1 "$T/out")"
        pass=$((pass + 1))
    else
        echo "FAIL $name: $why"
        sed 's/^/    out: /' "$T/out" | grep -v '^    out: PASS' | head -20
        sed 's/^/    err: /' "$T/err" | head -10
        if [ -f "$T/want" ]; then diff "$T/want" "${T}/$([ -n "$compare" ] && echo got || echo out)" | head -10 | sed 's/^/    diff: /'; fi
        fail=$((fail + 1))
    fi
done
[ "$skip" = 0 ] || echo "($skip skipped: they need the wasi_run driver)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
