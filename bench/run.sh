#!/usr/bin/env bash
# run.sh: runs the benchmark suite (built by bench.mk) natively (gcc, clang), under each Skiff tier, node (V8)
# and wasm2c+gcc; checks every checksum against native; writes medians, ratios and geometric means to
# bench/RESULTS.md. Called by `make bench`.
#
# Environment:
#   BUILD=build            build directory (programs in $BUILD/bench)
#   BENCH_RUNS=3           timed runs per program and runtime (median reported)
#   BENCH_PROGS="fib lz"   subset of programs (default: all of bench/src/*.c)
#   BENCH_QUICK=1          small inputs (smoke test; RESULTS.md is then written to $BUILD/bench/RESULTS-quick.md)
#   BENCH_RUNTIMES="..."   subset of runtimes by name (gcc clang skiff-interp node wasm2c ...)
#   SKIFF_RUN="cmd"        command prefix to run a WASI module under Skiff (overrides the detection below)
#   SKIFF_TIERS="a b"      tiers to run when `skiff run` has --tier (default: what the engine accepts)
#   BENCH_TIMEOUT=900      seconds before a single run is abandoned
#   BENCH_OUT=file         where to write the results table
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
B=$BUILD/bench
RUNS=${BENCH_RUNS:-3}
TIMEOUT=${BENCH_TIMEOUT:-900}
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then OUT=${BENCH_OUT:-$B/RESULTS-quick.md}; else OUT=${BENCH_OUT:-bench/RESULTS.md}; fi
PROGS=${BENCH_PROGS:-$(for f in bench/src/*.c; do basename "$f" .c; done | tr '\n' ' ')}

# Quick-mode arguments (each program's argv[1] is its work size; without it the ~1 s default is used).
quick_arg() {
    case $1 in
        fib) echo 27 ;; nbody) echo 50000 ;; rho) echo 40 ;; lz) echo 1 ;; sha256) echo 2 ;;
        matmul) echo 1 ;; sieve) echo 1 ;; mandel) echo 150 ;; qsort) echo 1 ;; hashtab) echo 1 ;; *) echo "" ;;
    esac
}

# ---- runtimes: parallel arrays of name and command prefix ("native" ones take the program path)
RT_NAMES=() RT_CMDS=() RT_KIND=()
add_rt() { RT_NAMES+=("$1"); RT_CMDS+=("$2"); RT_KIND+=("$3"); }
add_rt gcc "$B/gcc" native
add_rt clang "$B/clang" native

skiff_help=$("$BUILD/skiff" run --help 2>&1 || true)
if [ -n "${SKIFF_RUN:-}" ]; then
    add_rt skiff "$SKIFF_RUN" wasm
elif grep -q -- '--tier' <<<"$skiff_help"; then
    tiers=${SKIFF_TIERS:-$("$B/skiff_time" tiers 2>/dev/null | tr '\n' ' ')}
    for t in ${tiers:-interp}; do add_rt "skiff-$t" "$BUILD/skiff run --tier=$t" wasm; done
    # the default bounds mode is guard pages where available: also time the explicit-check fallback
    if grep -q -- '--bounds-checks' <<<"$skiff_help"; then
        for t in ${tiers:-interp}; do
            add_rt "skiff-$t-explicit" "$BUILD/skiff run --tier=$t --bounds-checks=explicit" wasm
        done
    fi
elif grep -q -- '--dir' <<<"$skiff_help"; then
    add_rt skiff-interp "$BUILD/skiff run" wasm
elif [ -x "$BUILD/tools/wasi_run" ]; then
    echo "note: \`skiff run\` has no WASI yet; using $BUILD/tools/wasi_run (same library, same interpreter)"
    add_rt skiff-interp "$BUILD/tools/wasi_run" wasm
else
    echo "skip: no way to run WASI modules under Skiff (neither skiff run with WASI nor $BUILD/tools/wasi_run)"
fi
if command -v node >/dev/null && node -e 'require("node:wasi")' 2>/dev/null; then
    add_rt node "node --no-warnings bench/node_wasi.mjs" wasm
else
    echo "skip: node with node:wasi not found"
fi
if [ -x "$B/w2c/fib" ]; then
    add_rt wasm2c "$B/w2c" native
else
    echo "skip: wasm2c builds missing (wabt's wasm2c or its runtime files /usr/share/wabt/wasm2c not found)"
fi
if [ -n "${BENCH_RUNTIMES:-}" ]; then
    keep_n=() keep_c=() keep_k=()
    for i in "${!RT_NAMES[@]}"; do
        case " $BENCH_RUNTIMES gcc " in *" ${RT_NAMES[$i]} "*)
            keep_n+=("${RT_NAMES[$i]}"); keep_c+=("${RT_CMDS[$i]}"); keep_k+=("${RT_KIND[$i]}") ;; esac
    done
    RT_NAMES=("${keep_n[@]}") RT_CMDS=("${keep_c[@]}") RT_KIND=("${keep_k[@]}")
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run_once RT_INDEX PROG ARG -> prints seconds (or FAIL/TIMEOUT); output in $TMP/out
run_once() {
    local i=$1 p=$2 arg=$3 cmd
    if [ "${RT_KIND[$i]}" = native ]; then cmd="${RT_CMDS[$i]}/$p"; else cmd="${RT_CMDS[$i]} $B/wasm/$p.wasm"; fi
    local t0 t1 rc
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    timeout "$TIMEOUT" $cmd $arg >"$TMP/out" 2>"$TMP/err"
    rc=$?
    t1=$(date +%s%N)
    if [ $rc = 124 ]; then echo TIMEOUT; elif [ $rc != 0 ]; then echo "FAIL(rc=$rc)"; else
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; fi
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A MED STATUS SHIM
echo "runtimes: ${RT_NAMES[*]}; runs: $RUNS; programs: $PROGS"
for p in $PROGS; do
    arg=""
    [ "$QUICK" = 1 ] && arg=$(quick_arg "$p")
    expected=""
    for i in "${!RT_NAMES[@]}"; do
        rt=${RT_NAMES[$i]} times="" st=ok
        for ((r = 0; r < RUNS; r++)); do
            t=$(run_once "$i" "$p" "$arg")
            # node:wasi aborts the process when a module grows memory past 32 MiB (node 20.20): retry the
            # program with node_wasi.mjs's own minimal WASI; the table marks such cells with a dagger.
            if [[ $rt = node && $t = FAIL* && ${RT_CMDS[$i]} != *--shim ]]; then
                echo "  $p/node: node:wasi failed ($t); using node_wasi.mjs --shim"
                RT_CMDS[$i]="${RT_CMDS[$i]} --shim"; SHIM[$p]=1
                t=$(run_once "$i" "$p" "$arg")
            fi
            case $t in TIMEOUT | FAIL*) st=$t; sed 's/^/    /' "$TMP/err" | head -5; break ;; esac
            if [ -z "$expected" ]; then expected=$(cat "$TMP/out"); fi
            if [ "$(cat "$TMP/out")" != "$expected" ]; then
                st="WRONG"
                echo "  $p/$rt: output differs from native:"; diff <(echo "$expected") "$TMP/out" | head -5 | sed 's/^/    /'
                break
            fi
            times="$times $t"
        done
        [ "$rt" = node ] && RT_CMDS[$i]=${RT_CMDS[$i]% --shim}
        STATUS[$p,$rt]=$st
        if [ "$st" = ok ]; then MED[$p,$rt]=$(echo "$times" | median); else MED[$p,$rt]=""; fi
        printf '  %-8s %-14s %s  (runs:%s)\n' "$p" "$rt" "${MED[$p,$rt]:-$st}" "$times"
    done
done

# ---- table: median seconds and ratio to the faster native build; geometric mean of ratios per runtime
{
    echo "# Skiff benchmark results"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "- compilers: $(gcc --version | head -1); $(clang --version | head -1); wasm: clang --target=wasm32-wasi -O2"
    echo "- node $(node --version 2>/dev/null); wasm2c from wabt $(wasm2c --version 2>/dev/null)"
    echo "- skiff commit $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)'); runtimes: ${RT_NAMES[*]}"
    echo "- load average (1/5/15 min) at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the"
    echo "  machine makes single runs noisy: compare ratios, and rerun when the load is high)"
    echo "- each cell: median wall time of $RUNS runs in seconds, and (in parentheses) the ratio to the faster"
    echo "  native build of the same program. Every output was checked against the native gcc output."
    [ "$QUICK" = 1 ] && echo "- QUICK mode (small inputs): start-up dominates, ratios are not meaningful."
    echo
    printf '| program |'; for rt in "${RT_NAMES[@]}"; do printf ' %s |' "$rt"; done; echo
    printf '|---|'; for rt in "${RT_NAMES[@]}"; do printf -- '---:|'; done; echo
    for p in $PROGS; do
        g=${MED[$p,gcc]:-} c=${MED[$p,clang]:-} best=""
        if [ -n "$g" ] && [ -n "$c" ]; then best=$(awk -v a="$g" -v b="$c" 'BEGIN { print (a < b ? a : b) }');
        else best=${g:-$c}; fi
        printf '| %s |' "$p"
        for rt in "${RT_NAMES[@]}"; do
            m=${MED[$p,$rt]:-}
            if [ -z "$m" ]; then printf ' %s |' "${STATUS[$p,$rt]}";
            elif [ -n "$best" ]; then
                mark=""; [ "$rt" = node ] && [ -n "${SHIM[$p]:-}" ] && mark=" †"
                printf ' %s (%s)%s |' "$m" "$(awk -v a="$m" -v b="$best" 'BEGIN { printf "%.2f", a / b }')" "$mark";
            else printf ' %s |' "$m"; fi
        done
        echo
    done
    printf '| **geomean ratio** |'
    for rt in "${RT_NAMES[@]}"; do
        gm=$(for p in $PROGS; do
                 g=${MED[$p,gcc]:-} c=${MED[$p,clang]:-} m=${MED[$p,$rt]:-}
                 [ -n "$m" ] && [ -n "$g$c" ] && awk -v m="$m" -v g="${g:-$c}" -v c="${c:-$g}" 'BEGIN { b = g < c ? g : c; print log(m / b) }'
             done | awk '{ s += $1; n++ } END { if (n) printf "%.2f (%d)", exp(s / n), n; else print "-" }')
        printf ' %s |' "$gm"
    done
    echo
    echo
    echo "(n) after a geometric mean: how many programs it covers (failed runs are left out)."
    [ ${#SHIM[@]} -gt 0 ] && echo "† node:wasi aborted the process (node $(node --version), memory growth past 32 MiB); timed with bench/node_wasi.mjs --shim, a minimal WASI in JavaScript."
} >"$TMP/table.md"

# ---- start-up costs through the API (skiff_time) and node
{
    echo
    echo "## Compile, instantiate and call costs"
    echo
    L=$B/wasm/large.wasm
    if [ -x "$B/skiff_time" ] && [ -f "$L" ]; then
        codehex=$(wasm-objdump -h "$L" 2>/dev/null | grep -o 'Code .*size=0x[0-9a-f]*' | grep -o '0x[0-9a-f]*$')
        codesz=""; [ -n "$codehex" ] && codesz=$((codehex))
        echo "Large module: $L, $(stat -c %s "$L") bytes${codesz:+, code section $codesz bytes}, $(grep -c '^static uint64_t' "$B/large.c" 2>/dev/null) generated functions."
        echo
        echo "| measurement | skiff | node (V8) |"
        echo "|---|---:|---:|"
        sk=$("$B/skiff_time" load 5 "$L" 2>&1)
        nd=$(node --no-warnings bench/node_wasi.mjs --load-time 5 "$L" 2>&1)
        nde=$(node --no-wasm-lazy-compilation --no-warnings bench/node_wasi.mjs --load-time 3 "$L" 2>&1)
        "$B/skiff_time" emit "$TMP" && nm=$(node --no-warnings bench/node_wasi.mjs --micro 2000000 "$TMP/small.wasm" "$TMP/calls.wasm" 2>&1)
        c=$(awk '/^compile_us/ { print $2 }' <<<"$sk") i=$(awk '/^instantiate_us/ { print $2 }' <<<"$sk")
        echo "| large module: compile (decode+validate+lower), ms | $(awk -v v="$c" 'BEGIN { printf "%.1f", v / 1000 }') | |"
        echo "| large module: instantiate (WASI linked), ms | $(awk -v v="$i" 'BEGIN { printf "%.2f", v / 1000 }') | |"
        echo "| large module: compile + instantiate, ms | $(awk -v a="$c" -v b="$i" 'BEGIN { printf "%.1f", (a + b) / 1000 }') | $(awk -v v="$nd" 'BEGIN { printf "%.1f", v / 1000 }') lazy, $(awk -v v="$nde" 'BEGIN { printf "%.0f", v / 1000 }') eager |"
        sm=$("$B/skiff_time" small 2000 2>&1)
        echo "| small module ($(awk '/^small_bytes/ { print $2 }' <<<"$sm") bytes): compile, µs | $(awk '/^small_compile_us/ { print $2 }' <<<"$sm") | |"
        echo "| small module: instantiate, µs | $(awk '/^small_instantiate_us/ { print $2 }' <<<"$sm") | $(awk '/^small_instantiate_us/ { print $2 }' <<<"${nm:-}") |"
        hc=$("$B/skiff_time" hostcall 2000000 2>&1)
        echo "| wasm → empty host function, ns/call | $(awk '/^wasm_to_host_ns/ { print $2 }' <<<"$hc") | $(awk '/^wasm_to_host_ns/ { print $2 }' <<<"${nm:-}") |"
        echo "| host → empty export, ns/call | $(awk '/^host_to_wasm_ns/ { print $2 }' <<<"$hc") | $(awk '/^host_to_wasm_ns/ { print $2 }' <<<"${nm:-}") |"
        echo
        echo "Medians: large module of 5 loads, small module of 2000, calls of 5 batches of 2,000,000."
        echo "Skiff: through include/wasm.h (host function made with wasm_func_new, export called with wasm_func_call)."
        echo "node: \`new WebAssembly.Module\` + \`new WebAssembly.Instance\`; V8 compiles lazily by default (a"
        echo "function is compiled at its first call), \"eager\" is --no-wasm-lazy-compilation; its calls are a JS"
        echo "function imported by the module and an export called from JS (same modules, \`skiff_time emit\`)."
    else
        echo "skip: $B/skiff_time or $L missing"
    fi
} >>"$TMP/table.md"

mkdir -p "$(dirname "$OUT")"
cp "$TMP/table.md" "$OUT"
echo
cat "$OUT"
echo
echo "written to $OUT"
