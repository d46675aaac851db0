;; unstable_no_accept.wat: sock_accept is new in preview1; importing it from wasi_unstable is an unknown import.
;; WASI-EXIT: 1
;; WASI-CHECK: grep -q 'unknown import "wasi_unstable" "sock_accept"' err
(module
  (import "wasi_unstable" "sock_accept" (func (param i32 i32 i32) (result i32)))
  (memory 1)
  (func (export "_start")))
