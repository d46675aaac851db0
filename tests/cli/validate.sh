#!/usr/bin/env bash
# validate.sh: CLI tests of `skiff validate`.
source "$(dirname "$0")/lib.bash"

for f in fac add fib hello trap; do
    sk validate "$EX/$f.wat"
    expect_rc 0
    expect_out ""
    expect_err_empty
done
sk validate -v "$EX/fac.wat"
expect_rc 0
expect_out "$EX/fac.wat: valid"

# type mismatch in a binary: error with its location on stderr
hexfile 0061736d010000000105016000017f030201000a0601040042010b "$TMP/invalid.wasm"
sk validate "$TMP/invalid.wasm"
expect_rc 1
expect_out ""
expect_err_has "invalid.wasm"
expect_err_has "type mismatch"
expect_err_has "@0x"

# malformed binaries
hexfile 0061736d02000000 "$TMP/version.wasm"
sk validate "$TMP/version.wasm"
expect_rc 1
expect_err_has "unknown binary version"
hexfile 0061736d0100000001 "$TMP/truncated.wasm"
sk validate "$TMP/truncated.wasm"
expect_rc 1
expect_err_has "unexpected end"

# text errors carry file:line:col
printf '(module\n  (func (param i32) (result i32)\n    (local.get 1)))\n' >"$TMP/badlocal.wat"
sk validate "$TMP/badlocal.wat"
expect_rc 1
expect_err_has "unknown local"
printf '(module\n  (fnuc))\n' >"$TMP/syntax.wat"
sk validate "$TMP/syntax.wat"
expect_rc 1
expect_err_has "syntax.wat:2:"

# several files: exit 1 if any is invalid, each error reported
sk validate "$EX/fac.wat" "$TMP/invalid.wasm" "$EX/add.wat"
expect_rc 1
expect_err_has "invalid.wasm"

sk validate "$TMP/nonexistent.wasm"
expect_rc 1
expect_err_has "nonexistent.wasm"
finish
