#!/usr/bin/env bash
# docs.sh: builds the API documentation (`make docs`: Doxygen over include/*.h, every warning an error,
# undocumented public symbols included) and checks that the check bites: a copy of the headers with one
# undocumented function must fail. Skips (loudly, counted as passed 0) when doxygen is not installed;
# CI installs it (Debian package: doxygen). Last line: "docs: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
if ! command -v doxygen >/dev/null 2>&1; then
    echo "docs: SKIPPED - doxygen is not installed (apt-get install doxygen); the documentation was NOT checked"
    echo "docs: 0 passed, 0 failed"
    exit 0
fi
passed=0
failed=0
out="$BUILD/docs-test"
rm -rf "$out" "$BUILD/docs"
mkdir -p "$out"

if make --no-print-directory BUILD="$BUILD" docs >"$out/make-docs.log" 2>&1; then
    if [ -f "$BUILD/docs/html/skiff_8h.html" ] && [ -f "$BUILD/docs/html/wasm_8h.html" ]; then
        echo "ok   make docs (no warnings; html for skiff.h and wasm.h)"
        passed=$((passed + 1))
    else
        echo "FAIL make docs: no html for skiff.h / wasm.h in $BUILD/docs/html"
        failed=$((failed + 1))
    fi
else
    echo "FAIL make docs (see $out/make-docs.log):"
    head -n 30 "$out/make-docs.log"
    failed=$((failed + 1))
fi

# The same configuration over headers with one undocumented function must fail and name it.
mkdir -p "$out/include" "$out/neg"
cp include/*.h "$out/include/"
sed -i 's|^#undef own$|WASM_API_EXTERN void skiff_undocumented_probe(int x);\n#undef own|' "$out/include/skiff.h"
if (cat Doxyfile; echo "INPUT = $out/include"; echo "OUTPUT_DIRECTORY = $out/neg") |
    SKIFF_DOCS_VERSION=test doxygen - >"$out/negative.log" 2>&1; then
    echo "FAIL an undocumented function did not fail the documentation build"
    failed=$((failed + 1))
elif grep -q "skiff_undocumented_probe" "$out/negative.log"; then
    echo "ok   an undocumented function fails the documentation build"
    passed=$((passed + 1))
else
    echo "FAIL the documentation build failed without naming the undocumented function:"
    head -n 20 "$out/negative.log"
    failed=$((failed + 1))
fi

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
