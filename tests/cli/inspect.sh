#!/usr/bin/env bash
# inspect.sh: CLI tests of `skiff inspect`.
source "$(dirname "$0")/lib.bash"

sk inspect "$EX/hello.wat"
expect_rc 0
expect_out_has "imports: 1"
expect_out_has 'func   "spectest" "print_i32": (i32) -> ()'
expect_out_has "exports: 3"
expect_out_has 'memory "memory" = memory 0: 1.. pages'
expect_out_has 'func   "strlen" = func 1: (i32) -> (i32)'
expect_out_has 'func   "_start" = func 2: () -> ()'
expect_out_has "functions: 3 (1 imported, 2 defined)"
expect_out_has "memories: 1"
expect_out_has "data segments: 1"

cat >"$TMP/all.wat" <<'W'
(module
  (import "spectest" "table" (table 10 20 funcref))
  (import "spectest" "global_i32" (global i32))
  (memory 2 5)
  (global $g (mut i64) (i64.const 7))
  (global f32 (f32.const 1))
  (func $f)
  (start $f)
  (export "g" (global $g))
  (elem (i32.const 0) $f))
W
sk inspect "$TMP/all.wat"
expect_rc 0
expect_out_has 'table  "spectest" "table": funcref 10..20'
expect_out_has 'global "spectest" "global_i32": i32'
expect_out_has "table 0: funcref 10..20 (imported)"
expect_out_has "memory 0: 2..5 pages"
expect_out_has "global 1: mut i64"
expect_out_has "global 2: f32"
expect_out_has 'global "g" = global 1: mut i64'
expect_out_has "start: func 0"
expect_out_has "element segments: 1"

# custom sections, including the name section
hexfile 0061736d01000000010b0260027f7f017f6000017f030302000107060102676f00010a12020700200020016d0b08004101410010000b0018046e616d65010a0200036469760102676f02050200000100 "$TMP/named.wasm"
sk inspect "$TMP/named.wasm"
expect_rc 0
expect_out_has "custom sections: 1"
expect_out_has '"name" (19 bytes)'
expect_out_has "types: 2"

# inspect decodes without validating: an invalid body is still inspectable
hexfile 0061736d010000000105016000017f030201000a0601040042010b "$TMP/invalid.wasm"
sk inspect "$TMP/invalid.wasm"
expect_rc 0
expect_out_has "functions: 1 (0 imported, 1 defined)"

hexfile 0061736d0100000001 "$TMP/truncated.wasm"
sk inspect "$TMP/truncated.wasm"
expect_rc 1
expect_err_has "unexpected end"
finish
