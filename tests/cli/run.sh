#!/usr/bin/env bash
# run.sh: CLI tests of `skiff run`: --invoke, argument parsing, result printing, traps, _start.
source "$(dirname "$0")/lib.bash"

sk run --invoke fac "$EX/fac.wat" 20
expect_rc 0
expect_out "2432902008176640000 : i64"

sk run --invoke add "$EX/add.wat" 2 40
expect_rc 0
expect_out "42 : i32"

# negative and hex integers; i32 wraps and prints signed
sk run --invoke add "$EX/add.wat" -5 0x3
expect_out "-2 : i32"
sk run --invoke add "$EX/add.wat" 0xffffffff 0
expect_out "-1 : i32"
sk run --invoke add "$EX/add.wat" 4294967296 0
expect_rc 2
expect_err_has "not a valid i32"
sk run --invoke add_i64 "$EX/add.wat" 9223372036854775807 1
expect_out "-9223372036854775808 : i64"

# floats print exactly (shortest text that reads back to the same bits)
sk run --invoke mul_f64 "$EX/add.wat" 1.5 4
expect_out "6 : f64"
sk run --invoke mul_f64 "$EX/add.wat" 0.1 3
expect_out "0.30000000000000004 : f64"
sk run --invoke div_f32 "$EX/add.wat" 1 3
expect_out "0.33333334 : f32"
sk run --invoke div_f32 "$EX/add.wat" 0x1p-1 1
expect_out "0.5 : f32"
sk run --invoke div_f32 "$EX/add.wat" 1 0
expect_out "inf : f32"
sk run --invoke div_f32 "$EX/add.wat" -1 0
expect_out "-inf : f32"
sk run --invoke div_f32 "$EX/add.wat" nan 1
expect_rc 0
expect_out_has "nan"
sk run --invoke div_f32 "$EX/add.wat" -0 1
expect_out "-0 : f32"
sk run --invoke div_f32 "$EX/add.wat" abc 1
expect_rc 2
expect_err_has "not a valid f32"

# multiple results, one per line
sk run --invoke divmod "$EX/add.wat" 17 5
expect_rc 0
expect_out $'3 : i32\n2 : i32'

# wrong argument count, unknown export
sk run --invoke add "$EX/add.wat" 1
expect_rc 2
expect_err_has "takes 2 arguments"
sk run --invoke nope "$EX/add.wat"
expect_rc 1
expect_err_has "no exported function \"nope\""
# arguments without --invoke
sk run "$EX/add.wat" 1 2
expect_rc 2

# a binary module works the same as text
sk wat2wasm "$EX/fib.wat" -o "$TMP/fib.wasm"
expect_rc 0
sk run --invoke fib "$TMP/fib.wasm" 50
expect_rc 0
expect_out "12586269025 : i64"
sk run --invoke fib_rec "$EX/fib.wat" 20
expect_out "6765 : i64"

# _start, with spectest imports
sk run "$EX/hello.wat"
expect_rc 0
expect_out $'42 : i32\n13 : i32'
# no _start and no --invoke: just instantiates
sk run "$EX/add.wat"
expect_rc 0
expect_out ""

# traps: exit status 3, message, function and backtrace
sk run --invoke divide "$EX/trap.wat" 1 0
expect_rc 3
expect_err_has "integer divide by zero"
expect_err_has "backtrace"
expect_out ""
sk run --invoke oob "$EX/trap.wat"
expect_rc 3
expect_err_has "out of bounds memory access"
sk run --invoke boom "$EX/trap.wat"
expect_rc 3
expect_err_has "unreachable"
sk run --invoke recurse "$EX/trap.wat"
expect_rc 3
expect_err_has "call stack exhausted"
sk run --invoke divide "$EX/trap.wat" 7 2
expect_rc 0
expect_out "3 : i32"

# function names from the name section appear in the trap report
hexfile 0061736d01000000010b0260027f7f017f6000017f030302000107060102676f00010a12020700200020016d0b08004101410010000b0018046e616d65010a0200036469760102676f02050200000100 "$TMP/named.wasm"
sk run --invoke go "$TMP/named.wasm"
expect_rc 3
expect_err_has "integer divide by zero"
expect_err_has "\$div"
expect_err_has "\$go"

# a start function that traps
cat >"$TMP/start_trap.wat" <<'W'
(module (func $s unreachable) (start $s))
W
sk run "$TMP/start_trap.wat"
expect_rc 3
expect_err_has "unreachable"

# unknown import
cat >"$TMP/import.wat" <<'W'
(module (import "env" "f" (func)))
W
sk run "$TMP/import.wat"
expect_rc 1
expect_err_has "unknown import"

# bad modules and files
sk run "$TMP/missing.wasm"
expect_rc 1
expect_err_has "missing.wasm"
printf '(module (func (result i32) (i64.const 1)))' >"$TMP/bad.wat"
sk run "$TMP/bad.wat"
expect_rc 1
expect_err_has "type mismatch"
printf '(module (func (resul i32)))' >"$TMP/syntax.wat"
sk run "$TMP/syntax.wat"
expect_rc 1
expect_err_has "syntax.wat:1:"
finish
