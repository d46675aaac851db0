;; unstable.wat: the wasi_unstable variants whose ABI differs from preview1: fd_seek's whence numbering,
;; the 56-byte filestat (u32 nlink) and the 56-byte poll subscription. Each failed check exits with its number.
;; WASI-ARGS: --dir $SANDBOX::/sandbox
;; WASI-STDOUT: ok: wasi_unstable layouts
(module
  (import "wasi_unstable" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello.txt")
  (data (i32.const 32) "ok: wasi_unstable layouts\n")
  ;; 0: fd, 8: offset, 64: filestat / subscription, 192: event, 240: nevents, 248: iovec, 256: nwritten
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $proc_exit (local.get $code)))))
  (func (export "_start")
    (local $fd i32)
    ;; open hello.txt (12 bytes) with read, seek, tell and filestat_get rights
    (call $check (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 9)
      (i32.const 0) (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 0))) (i32.const 10))
    (local.set $fd (i32.load (i32.const 0)))
    ;; whence 1 is END in wasi_unstable
    (call $check (i32.eqz (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 1) (i32.const 8))) (i32.const 11))
    (call $check (i64.eq (i64.load (i32.const 8)) (i64.const 12)) (i32.const 12))
    ;; whence 2 is SET
    (call $check (i32.eqz (call $fd_seek (local.get $fd) (i64.const 3) (i32.const 2) (i32.const 8))) (i32.const 13))
    (call $check (i64.eq (i64.load (i32.const 8)) (i64.const 3)) (i32.const 14))
    ;; whence 0 is CUR
    (call $check (i32.eqz (call $fd_seek (local.get $fd) (i64.const 2) (i32.const 0) (i32.const 8))) (i32.const 15))
    (call $check (i64.eq (i64.load (i32.const 8)) (i64.const 5)) (i32.const 16))
    (call $check (i32.eq (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 3) (i32.const 8)) (i32.const 28))
      (i32.const 17))
    ;; filestat: filetype u8 @16, nlink u32 @20, size u64 @24, atim @32, mtim @40, ctim @48; 56 bytes
    (i64.store (i32.const 120) (i64.const -1))
    (call $check (i32.eqz (call $fd_filestat_get (local.get $fd) (i32.const 64))) (i32.const 20))
    (call $check (i32.eq (i32.load8_u (i32.const 80)) (i32.const 4)) (i32.const 21))
    (call $check (i32.eq (i32.load (i32.const 84)) (i32.const 1)) (i32.const 22))
    (call $check (i64.eq (i64.load (i32.const 88)) (i64.const 12)) (i32.const 23))
    (call $check (i64.ne (i64.load (i32.const 104)) (i64.const 0)) (i32.const 24))
    (call $check (i64.eq (i64.load (i32.const 120)) (i64.const -1)) (i32.const 25)) ;; byte 56 untouched
    (call $check (i32.eqz (call $path_filestat_get (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 9)
      (i32.const 64))) (i32.const 26))
    (call $check (i64.eq (i64.load (i32.const 88)) (i64.const 12)) (i32.const 27))
    ;; poll: userdata @0, tag @8, clock {identifier u64 @16, id u32 @24, timeout u64 @32, precision @40, flags u16 @48}
    (memory.fill (i32.const 64) (i32.const 0) (i32.const 128))
    (i64.store (i32.const 64) (i64.const 77))
    (i32.store (i32.const 88) (i32.const 1))
    (i64.store (i32.const 96) (i64.const 20000000))
    (call $check (i32.eqz (call $poll_oneoff (i32.const 64) (i32.const 192) (i32.const 1) (i32.const 240)))
      (i32.const 30))
    (call $check (i32.eq (i32.load (i32.const 240)) (i32.const 1)) (i32.const 31))
    (call $check (i64.eq (i64.load (i32.const 192)) (i64.const 77)) (i32.const 32))
    (call $check (i32.eqz (i32.load16_u (i32.const 200))) (i32.const 33))
    (call $check (i32.eqz (i32.load8_u (i32.const 202))) (i32.const 34))
    ;; print the result
    (i32.store (i32.const 248) (i32.const 32))
    (i32.store (i32.const 252) (i32.const 26))
    (call $check (i32.eqz (call $fd_write (i32.const 1) (i32.const 248) (i32.const 1) (i32.const 256)))
      (i32.const 40)))
)
