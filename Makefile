# Skiff build. `make` builds build/skiff, build/libskiff.a and build/libskiff.so.
# `make test` builds and runs every test; its last line is "N passed, N failed".
# `make SANITIZE=1 ...` builds the same into build/san with ASan + UBSan.

CC      ?= cc
VERSION := 0.1.0
SOVERSION := 0
PREFIX  ?= /usr/local

ifeq ($(SANITIZE),1)
BUILD   ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT     ?= -O1 -g
else
BUILD   ?= build
SANFLAGS :=
OPT     ?= -O2 -g
endif

# `make SIMD_PORTABLE=1 BUILD=build/simd-portable` builds the plain-C SIMD lanes instead of host vectors.
ifeq ($(SIMD_PORTABLE),1)
CFLAGS  += -DSKIFF_SIMD_PORTABLE
endif

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  += -std=gnu11 $(OPT) $(WARN) $(SANFLAGS) -fPIC -fvisibility=hidden -Iinclude -DSKIFF_VERSION='"$(VERSION)"'
LDFLAGS += $(SANFLAGS)
LDLIBS  += -lm -lpthread

LIB_SRCS := $(sort $(wildcard src/common/*.c src/decode/*.c src/validate/*.c src/runtime/*.c \
                              src/interp/*.c src/text/*.c src/api/*.c src/wasi/*.c))
CLI_SRCS := $(sort $(wildcard src/cli/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all lib cli test unit spec clean install uninstall docs example
all: $(BUILD)/skiff $(BUILD)/libskiff.a $(BUILD)/libskiff.so

lib: $(BUILD)/libskiff.a $(BUILD)/libskiff.so

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libskiff.a: $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libskiff.so: $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,libskiff.so.$(SOVERSION) -Wl,-z,start-stop-visibility=hidden $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/skiff: $(CLI_OBJS) $(BUILD)/libskiff.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libskiff.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h tests/unit/builder.h tests/unit/rt_util.h $(BUILD)/libskiff.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(BUILD)/libskiff.a $(LDFLAGS) $(LDLIBS)

TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)
$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libskiff.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(BUILD)/libskiff.a $(LDFLAGS) $(LDLIBS)

unit: $(UNIT_BINS) $(TOOL_BINS)

# Runs a bundled example module.
example: $(BUILD)/skiff
	$(BUILD)/skiff run --invoke fac examples/fac.wat 20

test: all $(UNIT_BINS) $(TOOL_BINS)
	@BUILD=$(BUILD) bash tests/run.sh

clean:
	rm -rf build

# ---- Installation: `make install PREFIX=/usr/local DESTDIR=/staging` installs the CLI, both
# libraries (libskiff.so.$(VERSION) with SONAME libskiff.so.$(SOVERSION)), the public headers
# (include/*.h) and skiff.pc for pkg-config. `make uninstall` removes exactly those files.
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

$(BUILD)/skiff.pc: skiff.pc.in Makefile
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' $< > $@

install: all $(BUILD)/skiff.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(BUILD)/skiff $(DESTDIR)$(BINDIR)/skiff
	install -m 644 $(BUILD)/libskiff.a $(DESTDIR)$(LIBDIR)/libskiff.a
	install -m 755 $(BUILD)/libskiff.so $(DESTDIR)$(LIBDIR)/libskiff.so.$(VERSION)
	ln -sf libskiff.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libskiff.so.$(SOVERSION)
	ln -sf libskiff.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libskiff.so
	install -m 644 include/*.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(BUILD)/skiff.pc $(DESTDIR)$(PKGCONFIGDIR)/skiff.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/skiff $(DESTDIR)$(LIBDIR)/libskiff.a $(DESTDIR)$(LIBDIR)/libskiff.so \
	      $(DESTDIR)$(LIBDIR)/libskiff.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libskiff.so.$(VERSION) \
	      $(DESTDIR)$(PKGCONFIGDIR)/skiff.pc $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(wildcard include/*.h)))

# ---- API documentation: `make docs` runs Doxygen (Debian package `doxygen`) over include/*.h into
# $(BUILD)/docs. Any warning, including an undocumented public symbol, fails the build.
docs:
	@command -v doxygen >/dev/null || { echo "make docs: doxygen is not installed (Debian: apt-get install doxygen)"; exit 1; }
	@mkdir -p $(BUILD)/docs
	SKIFF_DOCS_DIR=$(BUILD)/docs SKIFF_DOCS_VERSION=$(VERSION) doxygen Doxyfile

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)

# ---- Benchmarks (issue 8, not part of `make test`): `make bench` builds bench/ (wasm32-wasi with clang, native
# with gcc and clang, wasm2c + gcc) into $(BUILD)/bench, runs every program natively, under Skiff, node and
# wasm2c, checks the checksums and writes bench/RESULTS.md. Needs Debian clang, lld, wasi-libc,
# libclang-rt-dev-wasm32, wabt and nodejs. Options (BENCH_RUNS, BENCH_PROGS, BENCH_QUICK, ...): bench/run.sh.
.PHONY: bench bench-build
bench-build: $(BUILD)/skiff $(BUILD)/libskiff.a
	@$(MAKE) --no-print-directory -f bench/bench.mk BUILD=$(BUILD) CC="$(CC)"

bench: bench-build
	@BUILD=$(BUILD) bash bench/run.sh

# ---- Fuzzing (issue 7): `make fuzz FUZZ_SECONDS=N` builds the libFuzzer targets of tests/fuzz/
# with clang (ASan + UBSan), seeds their corpora from the spec tests, and runs each N seconds.
# Needs clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev or llvm's compiler-rt).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(WARN) $(FUZZ_SAN) -fvisibility=hidden -Iinclude -DSKIFF_VERSION='"$(VERSION)"'
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)

.PHONY: fuzz fuzz-build
$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# interp.c's dispatch loop (thousands of computed-goto labels, in two instances) makes clang's sanitizer and
# coverage passes run for tens of minutes even at -O0, so the fuzz build takes it from the system compiler,
# uninstrumented (the ASan+UBSan build of `make SANITIZE=1 test` does cover it; faults in it still end a fuzz
# run, and fuzz_exec compares its two bounds-check modes).
$(FUZZ_BUILD)/obj/src/interp/interp.o: src/interp/interp.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g $(WARN) -fPIC -fvisibility=hidden -Iinclude -DSKIFF_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libskiff-fuzz.a: $(FUZZ_LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_BUILD)/libskiff-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(FUZZ_BUILD)/libskiff-fuzz.a -lm -lpthread

# The seed extractor is an ordinary (non-fuzzer) tool linked against the same library.
$(FUZZ_BUILD)/wast_dump: tests/tools/wast_dump.c $(FUZZ_BUILD)/libskiff-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Isrc -o $@ $< $(FUZZ_BUILD)/libskiff-fuzz.a -lm -lpthread

fuzz-build: $(FUZZ_BINS) $(FUZZ_BUILD)/wast_dump

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

-include $(FUZZ_LIB_OBJS:.o=.d)
