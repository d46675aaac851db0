#!/usr/bin/env bash
# profile.sh: profiles Skiff's interpreter on the benchmark suite with perf and prints, per program, the share
# of samples per internal op (bench/profile_report.py). Needs perf (perf_event_paranoid
# allowing user-space sampling) and the suite built (`make bench-build`).
# usage: BUILD=build bash bench/profile.sh [PROGRAM...]     output also in $BUILD/bench/profile.txt
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
B=$BUILD/bench
TOP=${PROFILE_TOP:-14}
# cpu-clock (timer) sampling: works in VMs without hardware counters (this machine has none).
if ! perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    echo "skip: perf cannot sample here (try valgrind --tool=callgrind $B/iop_profile ...)"; exit 0
fi
mkdir -p "$B"
# The op names come from src/interp/iops.def: the library must be built from the same sources.
make --no-print-directory -s BUILD="$BUILD" "$BUILD/libskiff.a" || exit 1
gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
    -Wno-unused-parameter -Iinclude -Isrc -o "$B/iop_profile" bench/iop_profile.c "$BUILD/libskiff.a" -lm -lpthread ||
    exit 1
# Work sizes: about a second or a few under the interpreter.
arg_for() {
    case $1 in
        fib) echo 35 ;; nbody) echo 300000 ;; rho) echo 800 ;; lz) echo 4 ;; sha256) echo 12 ;; matmul) echo 3 ;;
        sieve) echo 2 ;; mandel) echo 600 ;; qsort) echo 1 ;; hashtab) echo 1 ;; *) echo "" ;;
    esac
}
PROGS=${*:-$(for f in bench/src/*.c; do basename "$f" .c; done)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for p in $PROGS; do
    w=$B/wasm/$p.wasm
    [ -f "$w" ] || { echo "skip $p: $w missing"; continue; }
    a=$(arg_for "$p")
    echo "== $p (arg ${a:-default})"
    perf record -q -F 2999 -e cpu-clock -o "$T/perf.data" -- "$B/iop_profile" "$T/map" "$w" $a >/dev/null 2>"$T/err" ||
        { cat "$T/err"; continue; }
    perf script -i "$T/perf.data" -F ip,sym,symoff 2>/dev/null >"$T/script"
    python3 bench/profile_report.py "$T/map" "$T/script" "$B/iop_profile" "$TOP"
done 2>&1 | tee "$B/profile.txt"
