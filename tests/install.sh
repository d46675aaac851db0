#!/usr/bin/env bash
# install.sh: `make install` into a staging directory (DESTDIR + PREFIX), then checks the installed
# tree (headers, both libraries, versioned SONAME, CLI, skiff.pc) and builds an example against it with
# `pkg-config --cflags --libs skiff`, both shared and static, and runs it.
# Usage: BUILD=build bash tests/install.sh. Last line: "install: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CC=${CC:-cc}
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }
finish() { echo "install: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v pkg-config >/dev/null 2>&1; then
    echo "install: pkg-config is not installed (Debian: pkg-config)"
    bad "pkg-config available"
    finish
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/skiff-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
stage="$tmp/stage"
prefix=/opt/skiff
root="$stage$prefix"

# SANITIZE is passed on so a sanitizer build installs its own objects.
san_arg=""
case "$BUILD" in *san*) san_arg="SANITIZE=1" ;; esac
if make --no-print-directory $san_arg BUILD="$BUILD" install DESTDIR="$stage" PREFIX="$prefix" >"$tmp/make.log" 2>&1; then
    ok "make install DESTDIR=... PREFIX=$prefix"
else
    bad "make install (log follows)"
    tail -n 30 "$tmp/make.log"
    finish
fi

for f in bin/skiff lib/libskiff.a lib/libskiff.so lib/libskiff.so.0 include/wasm.h include/skiff.h \
         lib/pkgconfig/skiff.pc; do
    if [ -e "$root/$f" ]; then ok "installed $f"; else bad "installed $f"; fi
done
real=$(readlink -f "$root/lib/libskiff.so")
case "$real" in */libskiff.so.[0-9]*.[0-9]*.[0-9]*) ok "libskiff.so -> $(basename "$real")" ;; *) bad "libskiff.so is not a link to a versioned file ($real)" ;; esac
soname=$(objdump -p "$root/lib/libskiff.so" 2>/dev/null | awk '/SONAME/ {print $2}')
if [ "$soname" = "libskiff.so.0" ]; then ok "SONAME $soname"; else bad "SONAME is '$soname', want libskiff.so.0"; fi
if grep -q "^prefix=$prefix\$" "$root/lib/pkgconfig/skiff.pc"; then ok "skiff.pc names prefix $prefix"; else bad "skiff.pc prefix"; fi
if ls "$root/include" | grep -qv '^\(wasm\|skiff\)\.h$'; then bad "only public headers installed (found: $(ls "$root/include"))"; else ok "only public headers installed"; fi

# Build an example with nothing but the installed tree and pkg-config.
export PKG_CONFIG_PATH="$root/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
export PKG_CONFIG_LIBDIR="$root/lib/pkgconfig"
flags=$(pkg-config --cflags --libs skiff 2>"$tmp/pc.err")
if [ $? -eq 0 ] && [ -n "$flags" ]; then ok "pkg-config --cflags --libs skiff: $flags"; else bad "pkg-config skiff: $(cat "$tmp/pc.err")"; fi
version=$(pkg-config --modversion skiff 2>/dev/null)
mkdir -p "$tmp/app"
cp examples/skiff/fuel.c examples/skiff/common.h "$tmp/app/"
SAN=""
case "$BUILD" in *san*) SAN="-fsanitize=address,undefined -fno-omit-frame-pointer" ;; esac
# Shared: the program must find libskiff.so.0 at run time (LD_LIBRARY_PATH, as for any staged install).
if (cd "$tmp/app" && $CC -std=gnu11 -Wall -Wextra -Werror $SAN fuel.c -o fuel-shared $flags) 2>"$tmp/cc1.log"; then
    ok "built examples/skiff/fuel.c against the installed shared library"
    needed=$(objdump -p "$tmp/app/fuel-shared" | awk '/NEEDED/ && /skiff/ {print $2}')
    if [ "$needed" = "libskiff.so.0" ]; then ok "program needs $needed"; else bad "program needs '$needed'"; fi
    if LD_LIBRARY_PATH="$root/lib" "$tmp/app/fuel-shared" >"$tmp/app/out.txt" 2>&1 &&
        diff -u examples/skiff/fuel.out "$tmp/app/out.txt" >/dev/null; then
        ok "ran it (shared); output as expected"
    else
        bad "running the shared build (output follows)"
        head -n 20 "$tmp/app/out.txt"
    fi
else
    bad "building against the installed shared library"
    head -n 20 "$tmp/cc1.log"
fi
# Static: pkg-config --static adds the private libraries (-lm -lpthread).
sflags=$(pkg-config --cflags --libs --static skiff)
if (cd "$tmp/app" && $CC -std=gnu11 -Wall -Wextra -Werror $SAN fuel.c -o fuel-static \
        $(pkg-config --cflags skiff) "$root/lib/libskiff.a" $(pkg-config --libs-only-l --static skiff | sed 's/-lskiff//')) \
        2>"$tmp/cc2.log" && "$tmp/app/fuel-static" >"$tmp/app/out2.txt" 2>&1 &&
    diff -u examples/skiff/fuel.out "$tmp/app/out2.txt" >/dev/null; then
    ok "built and ran it against the installed static library ($sflags)"
else
    bad "static build or run"
    head -n 20 "$tmp/cc2.log" "$tmp/app/out2.txt" 2>/dev/null
fi
if [ "$version" = "$(sed -n 's/^VERSION *:= *//p' Makefile)" ]; then ok "pkg-config version $version"; else bad "pkg-config version '$version'"; fi
"$root/bin/skiff" --version >/dev/null 2>&1 || "$root/bin/skiff" --help >/dev/null 2>&1
if [ -x "$root/bin/skiff" ]; then ok "CLI installed and executable"; else bad "CLI executable"; fi

# uninstall removes everything install put there.
make --no-print-directory $san_arg BUILD="$BUILD" uninstall DESTDIR="$stage" PREFIX="$prefix" >"$tmp/un.log" 2>&1
left=$(find "$root" -type f -o -type l | wc -l)
if [ "$left" -eq 0 ]; then ok "make uninstall removed every installed file"; else bad "make uninstall left $left files"; fi
finish
