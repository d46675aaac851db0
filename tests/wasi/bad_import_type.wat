;; bad_import_type.wat: a WASI function imported with the wrong type is refused before anything runs.
;; WASI-EXIT: 1
;; WASI-CHECK: grep -q 'incompatible import type "wasi_snapshot_preview1" "fd_write"' err
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32) (result i32)))
  (memory 1)
  (func (export "_start")))
