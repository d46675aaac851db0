# bench.mk: builds the benchmark suite into $(BUILD)/bench (called by the `bench` target of the top Makefile).
# Wasm with clang --target=wasm32-wasi, native with gcc and clang, wasm2c + gcc where wabt's runtime is found.
BUILD    ?= build
B        := $(BUILD)/bench
PROGS    := $(basename $(notdir $(wildcard bench/src/*.c)))
WASI_CC  ?= clang --target=wasm32-wasi
WASM2C   ?= wasm2c
W2C_RT   ?= $(firstword $(wildcard /usr/share/wabt/wasm2c /usr/local/share/wabt/wasm2c))
LARGE_FUNCS ?= 2200
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter

TARGETS := $(PROGS:%=$(B)/wasm/%.wasm) $(PROGS:%=$(B)/gcc/%) $(PROGS:%=$(B)/clang/%) \
           $(B)/wasm/large.wasm $(B)/skiff_time
ifneq ($(W2C_RT),)
ifneq ($(shell command -v $(WASM2C)),)
TARGETS += $(PROGS:%=$(B)/w2c/%)
endif
endif

all: $(TARGETS)

$(B)/wasm/%.wasm: bench/src/%.c bench/src/bench.h
	@mkdir -p $(dir $@)
	$(WASI_CC) -O2 -o $@ $<

$(B)/gcc/%: bench/src/%.c bench/src/bench.h
	@mkdir -p $(dir $@)
	gcc -O2 -o $@ $< -lm

$(B)/clang/%: bench/src/%.c bench/src/bench.h
	@mkdir -p $(dir $@)
	clang -O2 -o $@ $< -lm

# wasm2c output is C; each program gets its own directory since every module is named "bench".
$(B)/w2c/%: $(B)/wasm/%.wasm bench/w2c_main.c
	@mkdir -p $(B)/w2c/$*.d
	$(WASM2C) -n bench $< -o $(B)/w2c/$*.d/bench_w2c.c
	gcc -O2 -I$(B)/w2c/$*.d -I$(W2C_RT) -o $@ $(B)/w2c/$*.d/bench_w2c.c bench/w2c_main.c \
	    $(W2C_RT)/wasm-rt-impl.c -lm

$(B)/large.c: bench/gen_large.py
	@mkdir -p $(dir $@)
	python3 bench/gen_large.py $@ $(LARGE_FUNCS)

$(B)/wasm/large.wasm: $(B)/large.c
	@mkdir -p $(dir $@)
	$(WASI_CC) -O2 -o $@ $<

$(B)/skiff_time: bench/skiff_time.c $(BUILD)/libskiff.a
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 $(WARN) -Iinclude -o $@ $< $(BUILD)/libskiff.a -lm -lpthread

.PHONY: all
.SECONDARY:
