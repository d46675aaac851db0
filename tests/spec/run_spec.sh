#!/usr/bin/env bash
# tests/spec/run_spec.sh: runs `skiff wast` over every official spec script and fails on any
# failing file not listed in tests/spec/expected-failures.txt. Ends with "N passed, N failed" (files).
#
# usage: tests/spec/run_spec.sh [-v] [NAME...]   (NAME: a script name such as i32 or i32.wast)
# environment: SKIFF (the binary; default $BUILD/skiff, BUILD defaults to build),
#              SKIFF_SPEC_DIR (default ../shared/spec-testsuite/wasm-2.0 from the repo root),
#              SKIFF_SPEC_TIMEOUT (seconds per file, default 300),
#              SKIFF_SPEC_MODES (bounds-check modes to run every script in, default "guard explicit";
#              guard is left out where the host has no guard pages). A file passes if it passes in every mode.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SKIFF=${SKIFF:-$root/${BUILD:-build}/skiff}
spec_dir=${SKIFF_SPEC_DIR:-$root/../shared/spec-testsuite/wasm-2.0}
timeout_s=${SKIFF_SPEC_TIMEOUT:-300}
xfail_file=$root/tests/spec/expected-failures.txt

verbose=0
names=()
for a in "$@"; do
    case $a in
    -v | --verbose) verbose=1 ;;
    -h | --help)
        sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) names+=("$a") ;;
    esac
done

if [[ ! -d $spec_dir ]]; then
    echo "#############################################################################"
    echo "# WARNING: spec testsuite not found at $spec_dir"
    echo "# Set SKIFF_SPEC_DIR to a folder of wasm-2.0 .wast files. SKIPPING spec tests."
    echo "#############################################################################"
    echo "0 passed, 0 failed"
    exit 0
fi
if [[ ! -x $SKIFF ]]; then
    echo "error: skiff binary not found at $SKIFF (build it, or set SKIFF)"
    echo "0 passed, 1 failed"
    exit 1
fi

# Expected failures: "FILE  reason"; blank lines and # comments ignored.
declare -A xfail=()
bad_list=0
if [[ -f $xfail_file ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
        [[ -z ${line//[[:space:]]/} || $line =~ ^[[:space:]]*# ]] && continue
        file=${line%%[[:space:]]*}
        reason=$(sed -E 's/^[^[:space:]]+[[:space:]]*//' <<<"$line")
        # every wasm-2.0 script passes (SIMD included since issue 6): no expected failure is accepted
        echo "error: $xfail_file lists $file ($reason): every spec script must pass, the list must stay empty"
        bad_list=$((bad_list + 1))
    done <"$xfail_file"
fi

files=()
if [[ ${#names[@]} -gt 0 ]]; then
    for n in "${names[@]}"; do
        n=$(basename "$n")
        [[ $n == *.wast ]] || n=$n.wast
        if [[ -f $spec_dir/$n ]]; then files+=("$spec_dir/$n"); else
            echo "error: no script $n in $spec_dir"
            bad_list=$((bad_list + 1))
        fi
    done
else
    for f in "$spec_dir"/*.wast; do [[ -f $f ]] && files+=("$f"); done
fi

have_timeout=0
command -v timeout >/dev/null 2>&1 && have_timeout=1
out_file=$(mktemp)
trap 'rm -f "$out_file"' EXIT

modes=()
for m in ${SKIFF_SPEC_MODES:-guard explicit}; do
    # guard pages may be unavailable (not 64-bit Linux): then the option is a usage error
    if [[ $m == guard ]] && ! "$SKIFF" wast --bounds-checks=guard --help >/dev/null 2>&1; then
        echo "note: guard pages are not available on this host: running explicit bounds checks only"
        continue
    fi
    modes+=("$m")
done
[[ ${#modes[@]} -eq 0 ]] && modes=(explicit)

declare -A file_bad=()
all_failed=()
all_mode_lines=()
for mode in "${modes[@]}"; do
echo "== bounds checks: $mode =="
n_pass=0 n_fail=0 n_xfail=0 n_xpass=0 n_mismatch=0
cmd_pass=0 cmd_fail=0 cmd_skip=0
cmd_pass_nosimd=0 cmd_fail_nosimd=0
failed_files=() xpass_files=()
for f in "${files[@]}"; do
    name=$(basename "$f")
    if [[ $have_timeout -eq 1 ]]; then
        timeout "$timeout_s" "$SKIFF" wast -v --bounds-checks="$mode" "$f" >"$out_file" 2>&1
    else
        "$SKIFF" wast -v --bounds-checks="$mode" "$f" >"$out_file" 2>&1
    fi
    rc=$?
    p=0 q=0 s=0
    line=$(grep -E "^.*: [0-9]+ passed, [0-9]+ failed" "$out_file" | tail -n 1)
    if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]]; then
        p=${BASH_REMATCH[1]} q=${BASH_REMATCH[2]} s=${BASH_REMATCH[4]:-0}
    fi
    why=""
    if [[ $rc -eq 124 && $have_timeout -eq 1 ]]; then why="timed out after ${timeout_s}s"
    elif [[ $rc -ge 128 ]]; then why="crashed (signal $((rc - 128)))"
    elif [[ $rc -ne 0 && $q -eq 0 ]]; then why="exit status $rc"
    fi
    [[ -n $why && $q -eq 0 ]] && q=1
    cmd_pass=$((cmd_pass + p)) cmd_fail=$((cmd_fail + q)) cmd_skip=$((cmd_skip + s))
    if [[ $name != simd_* ]]; then
        cmd_pass_nosimd=$((cmd_pass_nosimd + p)) cmd_fail_nosimd=$((cmd_fail_nosimd + q))
    fi
    counts="$p passed, $q failed"
    [[ $s -ne 0 ]] && counts+=", $s skipped"
    mm=$(grep -oE '^[0-9]+ rejected modules passed with a different error message' "$out_file" | cut -d' ' -f1)
    if [[ -n $mm ]]; then
        counts+=" ($mm with another error message)"
        [[ $name != simd_* ]] && n_mismatch=$((n_mismatch + mm))
    fi
    [[ -n $why ]] && counts+=" ($why)"
    if [[ $rc -eq 0 && $q -eq 0 ]]; then
        if [[ -n ${xfail[$name]+x} ]]; then
            printf 'XPASS %-40s %s  -- now passes: remove it from tests/spec/expected-failures.txt\n' "$name" "$counts"
            n_xpass=$((n_xpass + 1))
            xpass_files+=("$name")
        else
            printf 'ok    %-40s %s\n' "$name" "$counts"
        fi
        n_pass=$((n_pass + 1))
    elif [[ -n ${xfail[$name]+x} ]]; then
        printf 'xfail %-40s %s  (expected: %s)\n' "$name" "$counts" "${xfail[$name]}"
        n_xfail=$((n_xfail + 1))
    else
        printf 'FAIL  %-40s %s\n' "$name" "$counts"
        n_fail=$((n_fail + 1))
        failed_files+=("$name")
        file_bad[$name]=1
        if [[ $verbose -eq 1 ]]; then
            grep -E 'failed:|error:|: skipped ' "$out_file" | head -n 40 | sed 's/^/    | /'
        else
            grep -E 'failed:|error:' "$out_file" | head -n 5 | sed 's/^/    | /'
        fi
    fi
done

echo
echo "[$mode] commands: $cmd_pass passed, $cmd_fail failed, $cmd_skip skipped (all files)"
echo "[$mode] commands without simd_*: $cmd_pass_nosimd passed, $cmd_fail_nosimd failed" \
    "($n_mismatch rejections with another message than the expected one; skiff wast -v lists them)"
echo "[$mode] files: ${#files[@]}: $n_pass passed, $n_xfail failed as expected, $n_fail failed unexpectedly"
[[ ${#failed_files[@]} -gt 0 ]] && echo "[$mode] unexpected failures: ${failed_files[*]}"
[[ ${#xpass_files[@]} -gt 0 ]] && echo "[$mode] expected failures that now pass (remove them from the list): ${xpass_files[*]}"
echo
all_mode_lines+=("bounds checks $mode: $((n_pass + n_xfail)) passed, $n_fail failed")
done

# Summary over the modes: a file passes only if it passed in each of them.
for l in "${all_mode_lines[@]}"; do echo "$l"; done
n_fail=$((${#file_bad[@]} + bad_list))
echo "$((${#files[@]} - ${#file_bad[@]})) passed, $n_fail failed"
[[ $n_fail -eq 0 ]]
