#!/usr/bin/env bash
# tests/fuzz/run.sh: seeds the fuzz corpora (spec-test modules via wast_dump, plus tests/regress inputs)
# and runs every libFuzzer target FUZZ_SECONDS seconds. Called by `make fuzz`. Exits non-zero on a finding;
# crashing inputs are left in $FUZZ_BUILD/artifacts/.
set -u
cd "$(dirname "$0")/../.."
FUZZ_BUILD=${FUZZ_BUILD:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=${FUZZ_TARGETS:-}
SPEC=${SPEC_DIR:-/work/shared/spec-testsuite/wasm-2.0}
seeds=$FUZZ_BUILD/seeds
mkdir -p "$FUZZ_BUILD/artifacts" "$seeds/load" "$seeds/wat" "$seeds/wast"

# Seeds from the spec scripts: every module as .wasm (target load) and as .wat text (target wat).
if [[ ! -f $seeds/.done && -d $SPEC ]]; then
    tmp=$(mktemp -d)
    for w in "$SPEC"/*.wast; do
        b=$(basename "$w" .wast)
        mkdir -p "$tmp/$b"
        "$FUZZ_BUILD/wast_dump" "$w" "$tmp/$b" >/dev/null 2>&1 || true
        for f in "$tmp/$b"/*.wasm; do [[ -f $f ]] && cp "$f" "$seeds/load/$b-$(basename "$f")"; done
        for f in "$tmp/$b"/*.wat; do [[ -f $f ]] && cp "$f" "$seeds/wat/$b-$(basename "$f")"; done
    done
    rm -rf "$tmp"
    touch "$seeds/.done"
fi
# Seeds for the script parser: the spec scripts themselves (libFuzzer truncates them to -max_len).
if [[ ! -f $seeds/wast/.done && -d $SPEC ]]; then
    cp "$SPEC"/*.wast "$seeds/wast/" 2>/dev/null || true
    touch "$seeds/wast/.done"
fi

status=0
for bin in "$FUZZ_BUILD"/fuzz_*; do
    [[ -x $bin ]] || continue
    t=${bin##*/fuzz_}
    if [[ -n $FUZZ_TARGETS && " $FUZZ_TARGETS " != *" $t "* ]]; then continue; fi
    corpus=$FUZZ_BUILD/corpus/$t
    mkdir -p "$corpus"
    dirs=("$corpus")
    [[ -d $seeds/$t ]] && dirs+=("$seeds/$t")
    [[ $t == exec ]] && dirs+=("$seeds/load") # fuzz_exec also runs whole modules given as input
    [[ -d tests/regress/$t ]] && dirs+=("tests/regress/$t")
    case $t in
    exec) opts=(-max_len=1024 -len_control=20) ;; # generator choices: a few hundred bytes make a rich module
    wat) opts=(-max_len=16384 -dict=tests/fuzz/wat.dict) ;;
    wast) opts=(-max_len=32768 -dict=tests/fuzz/wat.dict) ;;
    *) opts=(-max_len=65536) ;;
    esac
    echo "== fuzz_$t: ${FUZZ_SECONDS}s"
    start=$(date +%s)
    "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=3072 "${opts[@]}" \
        -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/artifacts/$t-" "${dirs[@]}" \
        >"$FUZZ_BUILD/$t.log" 2>&1
    rc=$?
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^fuzz_' "$FUZZ_BUILD/$t.log" | sed 's/^/   /'
    echo "   exit $rc after $(($(date +%s) - start))s (log: $FUZZ_BUILD/$t.log)"
    if [[ $rc -ne 0 ]]; then
        status=1
        grep -E 'ERROR|SUMMARY|Test unit written' "$FUZZ_BUILD/$t.log" | head -5 | sed 's/^/   /'
    fi
done
exit $status
