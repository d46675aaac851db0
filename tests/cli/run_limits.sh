#!/usr/bin/env bash
# run_limits.sh: CLI tests of `skiff run --fuel/--timeout/--max-memory` and the exit codes.
source "$(dirname "$0")/lib.bash"

cat >"$TMP/loop.wat" <<'W'
(module
  (func (export "spin") (loop $l (br $l)))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i)))
W
cat >"$TMP/grow.wat" <<'W'
(module
  (memory 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
W
cat >"$TMP/big.wat" <<'W'
(module (memory 20) (func (export "f") (result i32) (i32.const 7)))
W
cat >"$TMP/exit.wat" <<'W'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 42))))
W
cat >"$TMP/wasi_spin.wat" <<'W'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (loop $l (br $l))))
W

# --help documents the options and the exit codes.
sk run --help
expect_rc 0
expect_out_has "--fuel N"
expect_out_has "--timeout SECONDS"
expect_out_has "--max-memory BYTES"
expect_out_has "3 trap"
expect_out_has "proc_exit(N) exits with N"

# --fuel: enough fuel finishes, too little traps "all fuel consumed" with exit 3.
sk run --fuel 1000 --invoke count "$TMP/loop.wat" 100
expect_rc 0
expect_out "100 : i32"
sk run --fuel 50 --invoke count "$TMP/loop.wat" 100
expect_rc 3
expect_err_has "all fuel consumed"
sk run --fuel=0 --invoke spin "$TMP/loop.wat"
expect_rc 3
expect_err_has "all fuel consumed"
sk run --fuel 100000 --invoke spin "$TMP/loop.wat"
expect_rc 3
expect_err_has "all fuel consumed"
sk run --fuel abc --invoke spin "$TMP/loop.wat"
expect_rc 2
expect_err_has "--fuel"
sk run --fuel -5 --invoke spin "$TMP/loop.wat"
expect_rc 2

# --timeout: an endless loop is stopped with an "interrupt" trap and a timeout message.
start=$(date +%s%N)
sk run --timeout 0.3 --invoke spin "$TMP/loop.wat"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc 3
expect_err_has "interrupt"
expect_err_has "timeout"
if ((elapsed_ms >= 250 && elapsed_ms < 5000)); then pass; else fail "timeout took ${elapsed_ms} ms"; fi
sk run --timeout=0.2 "$TMP/wasi_spin.wat"
expect_rc 3
expect_err_has "timeout"
# A run that finishes in time is unaffected and does not wait for the timeout.
start=$(date +%s%N)
sk run --timeout 30 --invoke count "$TMP/loop.wat" 1000
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc 0
expect_out "1000 : i32"
expect_err_empty
if ((elapsed_ms < 5000)); then pass; else fail "a quick run took ${elapsed_ms} ms"; fi
# A guest blocked in a host call (reading a stdin that stays open) is ended after a grace second.
cat >"$TMP/read.wat" <<'W'
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $rd (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\10\00\00\00")
  (func (export "_start") (drop (call $rd (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))
W
start=$(date +%s%N)
sk run --timeout 0.3 "$TMP/read.wat" < <(sleep 8)
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc 3
expect_err_has "timeout"
if ((elapsed_ms < 4000)); then pass; else fail "a blocked guest took ${elapsed_ms} ms to stop"; fi
sk run --timeout 0 --invoke spin "$TMP/loop.wat"
expect_rc 2
sk run --timeout soon --invoke spin "$TMP/loop.wat"
expect_rc 2
expect_err_has "--timeout"

# --max-memory: memory.grow beyond the cap returns -1; within it succeeds.
sk run --max-memory 262144 --invoke grow "$TMP/grow.wat" 3
expect_rc 0
expect_out "1 : i32"
sk run --max-memory 262144 --invoke grow "$TMP/grow.wat" 4
expect_rc 0
expect_out "-1 : i32"
sk run --max-memory 256K --invoke grow "$TMP/grow.wat" 4
expect_out "-1 : i32"
sk run --invoke grow "$TMP/grow.wat" 4
expect_out "1 : i32"
# A module whose memory starts bigger than the cap does not instantiate.
sk run --max-memory 1M --invoke f "$TMP/big.wat"
expect_rc 1
expect_err_has "memory limit exceeded"
sk run --max-memory 2M --invoke f "$TMP/big.wat"
expect_rc 0
expect_out "7 : i32"
sk run --max-memory 12X --invoke f "$TMP/big.wat"
expect_rc 2
expect_err_has "--max-memory"

# Exit codes: proc_exit(N) exits with N; a trap is 3; a usage error 2.
sk run "$TMP/exit.wat"
expect_rc 42
expect_err_empty
sk run --bogus "$TMP/exit.wat"
expect_rc 2

# --tier: interp (and default) run; an unknown tier is a usage error naming the available ones.
sk run --tier=interp --invoke count "$TMP/loop.wat" 7
expect_rc 0
expect_out "7 : i32"
sk run --tier default --invoke count "$TMP/loop.wat" 3
expect_out "3 : i32"
sk run --tier jit --invoke count "$TMP/loop.wat" 3
expect_rc 2
expect_err_has "unknown tier 'jit' (available: interp)"

finish
