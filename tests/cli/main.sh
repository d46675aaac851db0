#!/usr/bin/env bash
# main.sh: CLI tests of the top level: --version, --help, help COMMAND, unknown commands.
source "$(dirname "$0")/lib.bash"

sk --version
expect_rc 0
expect_out "skiff 0.1.0"

sk --help
expect_rc 0
for c in run validate inspect wat2wasm wast; do expect_out_has "  $c "; done
expect_out_has "0  success"
expect_out_has "2  usage error"
expect_out_has "3  the WebAssembly code trapped"

sk
expect_rc 2
expect_err_has "usage: skiff COMMAND"

sk frobnicate
expect_rc 2
expect_err_has "unknown command 'frobnicate'"

for c in run validate inspect wat2wasm wast; do
    sk "$c" --help
    expect_rc 0
    expect_out_has "usage: skiff $c"
    sk help "$c"
    expect_rc 0
    expect_out_has "usage: skiff $c"
    # no file: usage error
    sk "$c"
    expect_rc 2
    expect_err_has "usage: skiff $c"
    sk "$c" --no-such-option x
    expect_rc 2
done

sk help nothing
expect_rc 2
finish
