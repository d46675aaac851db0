#!/usr/bin/env bash
# wabt_compare.sh: compares Skiff's WAT encoder with Debian wabt on the spec test scripts.
# For every .wast in $SKIFF_SPEC_DIR (default ../shared/spec-testsuite/wasm-2.0 next to the repo):
#  1. builds the modules with wast2json and with tests/tools/wast_dump and compares the text-form
#     modules byte for byte (matched by the line of their command);
#  2. round trip: prints every binary wast2json produced back to text with wasm2wat (wabt's own
#     flat style), and compares the encodings of that text by both tools.
# Where wast2json rejects a whole script, its modules are compared one by one with wat2wasm.
# Prints counts; the last line is "N passed, N failed" (failed = modules whose bytes differ, or
# that wabt encodes and Skiff does not).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DUMP=${WAST_DUMP:-$BUILD/tools/wast_dump}
SPEC=${SKIFF_SPEC_DIR:-../shared/spec-testsuite/wasm-2.0}
if ! command -v wast2json >/dev/null 2>&1 || ! command -v wat2wasm >/dev/null 2>&1; then
    echo "!!!! wabt (wast2json, wat2wasm) is not installed: SKIPPING the wabt byte comparison !!!!"
    echo "0 passed, 0 failed"
    exit 0
fi
if [[ ! -d $SPEC ]]; then
    echo "!!!! spec test suite not found at $SPEC (set SKIFF_SPEC_DIR): SKIPPING the wabt comparison !!!!"
    echo "0 passed, 0 failed"
    exit 0
fi
if [[ ! -x $DUMP ]]; then
    echo "wast_dump not built ($DUMP): run make unit first"
    echo "0 passed, 1 failed"
    exit 1
fi
have_wasm2wat=1
command -v wasm2wat >/dev/null 2>&1 || have_wasm2wat=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 differ=0 ours_failed=0 wabt_failed_files=0 files=0 wabt_only=0 wabt_rejects=0
rt_same=0 rt_differ=0 rt_wabt_only=0

# compare SCRIPT DIR KIND: counts into the spec (KIND=spec) or round-trip (KIND=rt) counters.
compare() {
    local f=$1 d=$2 kind=$3 name
    name=$(basename "$f")
    mkdir -p "$d/w" "$d/o"
    if ! "$DUMP" "$f" "$d/o" 2>"$d/o/err"; then
        echo "FAIL: wast_dump failed on $name: $(head -n 1 "$d/o/err")"
        ours_failed=$((ours_failed + 1))
        return
    fi
    local n_same=0 n_differ=0 n_only=0 idx line form status rest wf
    if (wast2json "$f" -o "$d/w/x.json" >/dev/null 2>"$d/w/err"; exit $?) 2>/dev/null; then
        # "line filename" of every binary module wast2json wrote
        grep -o '"line": [0-9]*, "filename": "[^"]*\.wasm"' "$d/w/x.json" |
            sed -E 's/"line": ([0-9]+), "filename": "([^"]*)"/\1 \2/' >"$d/w/list"
        local -A by_line=()
        local l fn
        while read -r l fn; do
            [[ -n ${by_line[$l]:-} ]] || by_line[$l]=$fn
        done <"$d/w/list"
        while read -r idx line form status rest; do
            [[ $form == text ]] || continue
            wf=${by_line[$line]:-}
            [[ -n $wf ]] || continue # wabt kept it as text (inside assert_malformed)
            if [[ $status != ok ]]; then
                n_only=$((n_only + 1))
                echo "DIFF: $name:$line: only wabt encodes this module: $rest"
            elif cmp -s "$d/w/$wf" "$d/o/$idx.wasm"; then
                n_same=$((n_same + 1))
            else
                n_differ=$((n_differ + 1))
                echo "DIFF: $name:$line: bytes differ ($wf vs $idx.wasm)"
            fi
        done <"$d/o/manifest.txt"
    else
        [[ $kind == spec ]] && wabt_failed_files=$((wabt_failed_files + 1))
        echo "note: wast2json cannot process $name ($(head -n 1 "$d/w/err" | cut -c1-100)); comparing module by module"
        while read -r idx line form status rest; do
            [[ $form == text && $status == ok && -f $d/o/$idx.wat ]] || continue
            if ! (wat2wasm --no-check "$d/o/$idx.wat" -o "$d/w/$idx.wasm" >/dev/null 2>&1; exit $?) 2>/dev/null; then
                wabt_rejects=$((wabt_rejects + 1))
                continue
            fi
            if cmp -s "$d/w/$idx.wasm" "$d/o/$idx.wasm"; then
                n_same=$((n_same + 1))
            else
                n_differ=$((n_differ + 1))
                echo "DIFF: $name:$line: bytes differ"
            fi
        done <"$d/o/manifest.txt"
    fi
    if [[ $kind == spec ]]; then
        same=$((same + n_same)) differ=$((differ + n_differ)) wabt_only=$((wabt_only + n_only))
    else
        rt_same=$((rt_same + n_same)) rt_differ=$((rt_differ + n_differ)) rt_wabt_only=$((rt_wabt_only + n_only))
    fi
}

for f in "$SPEC"/*.wast; do
    name=$(basename "$f" .wast)
    files=$((files + 1))
    compare "$f" "$tmp/$name" spec
    # round trip through wabt's printer: all of this script's binaries as one script
    if [[ $have_wasm2wat == 1 && -d $tmp/$name/w ]]; then
        rt="$tmp/$name/rt.wast"
        : >"$rt"
        # only the modules of plain (module ...) commands: they are valid
        for w in $(grep -o '"type": "module", "line": [0-9]*, "filename": "[^"]*\.wasm"' "$tmp/$name/w/x.json" 2>/dev/null |
            sed -E 's/.*"filename": "([^"]*)"/\1/'); do
            w="$tmp/$name/w/$w"
            [[ -f $w ]] || continue
            (wasm2wat --no-check "$w" -o "$tmp/$name/one.wat" >/dev/null 2>&1; exit $?) 2>/dev/null || continue
            cat "$tmp/$name/one.wat" >>"$rt"
            echo >>"$rt"
        done
        [[ -s $rt ]] && compare "$rt" "$tmp/$name/rtcmp" rt
    fi
done
echo "files: $files (wast2json could not process $wabt_failed_files; their modules were compared one by one)"
echo "spec text modules identical to wabt: $same; different: $differ; encoded only by wabt: $wabt_only"
if [[ $have_wasm2wat == 1 ]]; then
    echo "wasm2wat round trip: identical: $rt_same; different: $rt_differ; encoded only by wabt: $rt_wabt_only"
else
    echo "!!!! wasm2wat not installed: round trip skipped !!!!"
fi
echo "wabt rejected $wabt_rejects single modules (not counted); wast_dump failures: $ours_failed"
bad=$((differ + wabt_only + rt_differ + rt_wabt_only + ours_failed))
echo "$((same + rt_same)) passed, $bad failed"
[[ $bad -eq 0 ]]
