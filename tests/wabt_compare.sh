#!/usr/bin/env bash
# wabt_compare.sh: compares Skiff's WAT encoder with Debian wabt on the spec test scripts.
# For every .wast in $SKIFF_SPEC_DIR (default ../shared/spec-testsuite/wasm-2.0 next to the repo),
# builds the modules with wast2json and with tests/tools/wast_dump, and compares the text-form
# modules byte for byte (matched by the line of their command). Prints counts; the last line is
# "N passed, N failed" (failed = modules whose bytes differ or that only wabt could encode).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DUMP=${WAST_DUMP:-$BUILD/tools/wast_dump}
SPEC=${SKIFF_SPEC_DIR:-../shared/spec-testsuite/wasm-2.0}
if ! command -v wast2json >/dev/null 2>&1; then
    echo "!!!! wabt (wast2json) is not installed: SKIPPING the wabt byte comparison !!!!"
    echo "0 passed, 0 failed"
    exit 0
fi
if [[ ! -d $SPEC ]]; then
    echo "!!!! spec test suite not found at $SPEC (set SKIFF_SPEC_DIR): SKIPPING !!!!"
    echo "0 passed, 0 failed"
    exit 0
fi
if [[ ! -x $DUMP ]]; then
    echo "wast_dump not built ($DUMP): run make unit first"
    echo "0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 differ=0 ours_failed=0 wabt_failed_files=0 files=0 wabt_only=0 wabt_rejects=0
for f in "$SPEC"/*.wast; do
    name=$(basename "$f" .wast)
    files=$((files + 1))
    mkdir -p "$tmp/w/$name" "$tmp/o/$name"
    if ! "$DUMP" "$f" "$tmp/o/$name" 2>"$tmp/o/$name/err"; then
        echo "FAIL: wast_dump failed on $name.wast: $(head -n 1 "$tmp/o/$name/err")"
        ours_failed=$((ours_failed + 1))
        continue
    fi
    if ! wast2json "$f" -o "$tmp/w/$name/x.json" >/dev/null 2>"$tmp/w/$name/err"; then
        # wabt rejects something in this script: compare its text modules one by one with wat2wasm
        wabt_failed_files=$((wabt_failed_files + 1))
        echo "note: wast2json cannot process $name.wast ($(head -n 1 "$tmp/w/$name/err" | cut -c1-120)); comparing module by module"
        while read -r idx line form status rest; do
            [[ $form == text && $status == ok && -f $tmp/o/$name/$idx.wat ]] || continue
            if ! wat2wasm --no-check "$tmp/o/$name/$idx.wat" -o "$tmp/w/$name/$idx.wasm" >/dev/null 2>&1; then
                wabt_rejects=$((wabt_rejects + 1))
                continue
            fi
            if cmp -s "$tmp/w/$name/$idx.wasm" "$tmp/o/$name/$idx.wasm"; then
                same=$((same + 1))
            else
                differ=$((differ + 1))
                echo "DIFF: $name.wast:$line: bytes differ"
            fi
        done <"$tmp/o/$name/manifest.txt"
        continue
    fi
    # "line filename" of every binary module wast2json wrote
    grep -o '"line": [0-9]*, "filename": "[^"]*\.wasm"' "$tmp/w/$name/x.json" |
        sed -E 's/"line": ([0-9]+), "filename": "([^"]*)"/\1 \2/' >"$tmp/w/$name/list"
    while read -r idx line form status rest; do
        [[ $form == text ]] || continue
        wf=$(awk -v l="$line" '$1 == l { print $2; exit }' "$tmp/w/$name/list")
        if [[ -z $wf ]]; then
            if [[ $status == ok ]]; then
                :   # wabt left it as text (e.g. inside assert_malformed): nothing to compare
            fi
            continue
        fi
        if [[ $status != ok ]]; then
            wabt_only=$((wabt_only + 1))
            echo "DIFF: $name.wast:$line: only wabt encodes this module: $rest"
        elif cmp -s "$tmp/w/$name/$wf" "$tmp/o/$name/$idx.wasm"; then
            same=$((same + 1))
        else
            differ=$((differ + 1))
            echo "DIFF: $name.wast:$line: bytes differ ($wf vs $idx.wasm)"
        fi
    done <"$tmp/o/$name/manifest.txt"
done
echo "files: $files (wast2json could not process $wabt_failed_files; their modules were compared one by one; wabt rejects $wabt_rejects of them)"
echo "text modules identical to wabt: $same; different: $differ; encoded only by wabt: $wabt_only; wast_dump failures: $ours_failed"
echo "$same passed, $((differ + wabt_only + ours_failed)) failed"
[[ $((differ + wabt_only + ours_failed)) -eq 0 ]]
