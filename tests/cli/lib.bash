# lib.bash: helpers sourced by the CLI tests (tests/cli/*.sh); not a test itself.
# Each test ends with finish, which prints "N passed, N failed" and sets the exit status.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SKIFF=${SKIFF:-$ROOT/${BUILD:-build}/skiff}
EX=$ROOT/examples
T_PASS=0
T_FAIL=0
OUT="" ERR="" RC=0 LAST=""
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [[ ! -x $SKIFF ]]; then
    echo "skiff binary not found at $SKIFF (set SKIFF)"
    echo "0 passed, 1 failed"
    exit 1
fi

# sk ARGS...: runs skiff; sets OUT, ERR (trailing newlines dropped) and RC.
sk() {
    "$SKIFF" "$@" >"$TMP/.out" 2>"$TMP/.err"
    RC=$?
    OUT=$(<"$TMP/.out")
    ERR=$(<"$TMP/.err")
    LAST="skiff $*"
}
pass() { T_PASS=$((T_PASS + 1)); }
fail() {
    T_FAIL=$((T_FAIL + 1))
    echo "FAIL: $LAST: $*"
    echo "  exit: $RC"
    echo "  stdout: ${OUT:0:800}"
    echo "  stderr: ${ERR:0:800}"
}
expect_rc() { if [[ $RC -eq $1 ]]; then pass; else fail "exit status $RC, expected $1"; fi; }
expect_out() { if [[ $OUT == "$1" ]]; then pass; else fail "stdout differs, expected: $1"; fi; }
expect_out_has() { if [[ $OUT == *"$1"* ]]; then pass; else fail "stdout lacks: $1"; fi; }
expect_out_lacks() { if [[ $OUT != *"$1"* ]]; then pass; else fail "stdout has: $1"; fi; }
expect_err_has() { if [[ $ERR == *"$1"* ]]; then pass; else fail "stderr lacks: $1"; fi; }
expect_err_empty() { if [[ -z $ERR ]]; then pass; else fail "stderr not empty"; fi; }
expect_last_line() { if [[ $(tail -n 1 <<<"$OUT") == "$1" ]]; then pass; else fail "last line is not: $1"; fi; }
# hexfile HEX PATH: writes the bytes given in hex to PATH.
hexfile() { printf "$(sed 's/../\\x&/g' <<<"$1")" >"$2"; }
finish() {
    echo "$T_PASS passed, $T_FAIL failed"
    [[ $T_FAIL -eq 0 ]]
    exit
}
