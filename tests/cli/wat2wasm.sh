#!/usr/bin/env bash
# wat2wasm.sh: CLI tests of `skiff wat2wasm`.
source "$(dirname "$0")/lib.bash"

sk wat2wasm "$EX/fac.wat" -o "$TMP/fac.wasm"
expect_rc 0
if [[ $(head -c 4 "$TMP/fac.wasm" | od -An -tx1 | tr -d ' \n') == 0061736d ]]; then pass; else fail "no wasm magic"; fi
sk run --invoke fac "$TMP/fac.wasm" 5
expect_out "120 : i64"

# default output name: IN.wat -> IN.wasm
cp "$EX/add.wat" "$TMP/add.wat"
sk wat2wasm "$TMP/add.wat"
expect_rc 0
if [[ -s $TMP/add.wasm ]]; then pass; else fail "add.wasm not written"; fi
sk run --invoke add "$TMP/add.wasm" 20 22
expect_out "42 : i32"

# -o - writes to stdout; the same bytes as the file
"$SKIFF" wat2wasm "$TMP/add.wat" -o - >"$TMP/stdout.wasm"
if cmp -s "$TMP/stdout.wasm" "$TMP/add.wasm"; then pass; else fail "-o - differs from the file output"; fi

# the minimal module
printf '(module)' >"$TMP/empty.wat"
sk wat2wasm "$TMP/empty.wat" -o "$TMP/empty.wasm"
expect_rc 0
if [[ $(od -An -tx1 "$TMP/empty.wasm" | tr -d ' \n') == 0061736d01000000 ]]; then pass; else fail "(module) is not 8 bytes"; fi

# syntax errors: file:line:col, nothing written
printf '(module\n  (func (result i32)\n    (i32.const)))\n' >"$TMP/bad.wat"
sk wat2wasm "$TMP/bad.wat" -o "$TMP/bad.wasm"
expect_rc 1
expect_err_has "bad.wat:3:"
if [[ ! -e $TMP/bad.wasm ]]; then pass; else fail "output written for a bad module"; fi

# invalid module: rejected unless --no-check
printf '(module (func (result i32) (i64.const 1)))' >"$TMP/invalid.wat"
sk wat2wasm "$TMP/invalid.wat" -o "$TMP/invalid.wasm"
expect_rc 1
expect_err_has "type mismatch"
sk wat2wasm --no-check "$TMP/invalid.wat" -o "$TMP/invalid.wasm"
expect_rc 0
sk validate "$TMP/invalid.wasm"
expect_rc 1

# a binary input is refused
sk wat2wasm "$TMP/fac.wasm" -o "$TMP/again.wasm"
expect_rc 1
expect_err_has "already a binary module"

sk wat2wasm "$TMP/a.wat" "$TMP/b.wat"
expect_rc 2
sk wat2wasm "$EX/fac.wat" -o
expect_rc 2
sk wat2wasm "$EX/fac.wat" -o "$TMP/no/such/dir/x.wasm"
expect_rc 1
finish
