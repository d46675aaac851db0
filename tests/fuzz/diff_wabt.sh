#!/usr/bin/env bash
# tests/fuzz/diff_wabt.sh: differential check of execution results against wabt's interpreter (a
# development cross-check, needs Debian `wabt`). Each fuzz_exec input (generator choices, e.g. the
# corpus) is turned into a module without imports; Skiff's results for the parameterless exports
# (FUZZ_EXEC_PRINT) are compared with `wasm-interp --run-all-exports`. Modules where either side
# runs out of fuel/time or call stack are skipped (the engines' limits differ).
# usage: tests/fuzz/diff_wabt.sh FUZZ_EXEC_BINARY INPUT...
set -u
bin=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 diff=0 skipped=0
norm() { # one line per call: name, then value list or a trap category
    sed -E -e 's/-nan/nan/g' \
        -e 's/error: (integer divide by zero).*/trap:div/' \
        -e 's/error: (unreachable).*/trap:unreachable/' \
        -e 's/error: (integer overflow).*/trap:overflow/' \
        -e 's/error: (invalid conversion).*/trap:conversion/' \
        -e 's/error: out of bounds memory access.*/trap:oob-memory/' \
        -e 's/error: (out of bounds table access|undefined table index|undefined element|out of bounds call_indirect).*/trap:oob-table/' \
        -e 's/error: (uninitialized (table )?element).*/trap:uninit/' \
        -e 's/error: (indirect call (type|signature) mismatch).*/trap:sig/' \
        -e 's/error: (null reference|null).*/trap:null/'
}
for f in "$@"; do
    [[ $(head -c4 "$f" | od -An -tx1 | tr -d ' ') == 0061736d ]] && continue
    FUZZ_EXEC_NOIMPORT=1 FUZZ_EXEC_PRINT=1 FUZZ_EXEC_DUMP="$tmp/m.wasm" "$bin" "$f" 2>/dev/null |
        grep -E '^(f[0-9]+\(\) =>|instantiation trap)' >"$tmp/sk.txt"
    timeout 10 wasm-interp "$tmp/m.wasm" --run-all-exports >"$tmp/wb.txt" 2>&1
    rc=$?
    if [[ $rc -eq 124 ]] || grep -qE 'all fuel consumed|call stack exhausted|instantiation trap' "$tmp/sk.txt" ||
        grep -qE 'call stack exhausted|error (initializing|running start)|out of memory' "$tmp/wb.txt"; then
        skipped=$((skipped + 1))
        continue
    fi
    if diff <(norm <"$tmp/sk.txt") <(grep -E '^f[0-9]+\(\) =>' "$tmp/wb.txt" | norm) >"$tmp/d.txt"; then
        same=$((same + 1))
    else
        diff=$((diff + 1))
        echo "== DIFFERENT: $f"
        head -20 "$tmp/d.txt"
        [[ -n ${DIFF_KEEP:-} ]] && cp "$tmp/m.wasm" "$DIFF_KEEP/$(basename "$f").wasm"
    fi
done
echo "diff_wabt: $same same, $diff different, $skipped skipped"
[[ $diff -eq 0 ]]
