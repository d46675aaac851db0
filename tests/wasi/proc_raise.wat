;; proc_raise.wat: signal 0 and ignored signals return success; SIGABRT (6) ends the run with a trap.
;; WASI-EXIT: 3
;; WASI-CHECK: grep -q 'proc_raise(SIGABRT)' err && [ "$(cat out)" = "before" ]
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 16) "before\nafter\n")
  (func $print (param $at i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $at))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (if (call $raise (i32.const 0)) (then (call $exit (i32.const 10))))   ;; no signal
    (if (call $raise (i32.const 16)) (then (call $exit (i32.const 11))))  ;; SIGCHLD: ignored
    (if (i32.ne (call $raise (i32.const 99)) (i32.const 28)) (then (call $exit (i32.const 12)))) ;; EINVAL
    (call $print (i32.const 16) (i32.const 7))
    (drop (call $raise (i32.const 6)))
    (call $print (i32.const 23) (i32.const 6))))
