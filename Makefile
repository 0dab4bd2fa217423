# stratex — build, run and test.  See README.md.
#
#   make          build libstratex (static + shared) and build/stratex
#   make run      the main job on the embedded defaults
#   make test     everything CI runs: unit tests, golden cases, CLI tests, fuzz corpus
#                 replay, then the whole suite again under ASan + UBSan
#   make eval     screening evaluation on ../shared/eval and the name bench
#   make bench    benchmarks (figures are reported, never asserted)
#   make check-data  consistency of data/regimes/ (also part of make test)
#   make fuzz     libFuzzer binaries (clang) under build/fuzz-libfuzzer/
#   make ui       the web workbench (ui/, Vite) into build/ui/, served by `stratex serve` at /
#
# Every target first runs the deps step (tools/deps.sh), which installs any missing
# Debian package named in deps/debian-packages.txt.

BUILD    ?= build
SAN      ?=
CC       ?= cc
SHARED   ?= $(or $(wildcard ../shared),/work/shared)

CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla
OPT      ?= -O2 -g
INCS     := -Iinclude -Isrc -I/usr/include/libxml2 -I/usr/include/postgresql
SANFLAGS :=
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      := -O1 -g
endif
CFLAGS   += -DSX_DEFAULT_DATA_DIR=\"$(CURDIR)/data\" $(CSTD) $(WARN) $(OPT) $(INCS) $(SANFLAGS) -fPIC -pthread -MMD -MP
LDFLAGS  += $(SANFLAGS) -pthread
# ESPEAK=0 builds without espeak-ng (GPL-3.0-or-later): no loanword readings of English
# list names (docs/screening.md), everything else the same.
ESPEAK   ?= 1
ESPEAK_LIB := -lespeak-ng
ifeq ($(ESPEAK),0)
CFLAGS   += -DSX_NO_ESPEAK
ESPEAK_LIB :=
endif
LIBS     := -lutf8proc -ljansson -lyaml -lxml2 -lsqlite3 -lpq -lmicrohttpd -lcrypto \
            -lmecab $(ESPEAK_LIB) -licui18n -licuuc -lcurl -lz -lm

LIB_SRC  := $(sort $(shell find src/lib src/util -name '*.c'))
CLI_SRC  := $(sort $(wildcard src/cli/*.c) $(wildcard src/server/*.c))
TEST_SRC := $(sort $(shell find tests/unit -name 'test_*.c'))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
BENCH_SRC:= $(sort $(wildcard bench/bench_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTS    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
REPLAYS  := $(patsubst fuzz/fuzz_%.c,$(BUILD)/fuzz/replay_%,$(FUZZ_SRC))
BENCHES  := $(patsubst bench/bench_%.c,$(BUILD)/bench/bench_%,$(BENCH_SRC))

STATIC   := $(BUILD)/libstratex.a
SHAREDLIB:= $(BUILD)/libstratex.so
CLI      := $(BUILD)/stratex
CHECKDATA:= $(BUILD)/check-data
DEPS_OK  := $(BUILD)/.deps-ok

.PHONY: all deps run test check check-data eval bench fuzz clean format symbols

all: $(CLI) $(SHAREDLIB)

deps: $(DEPS_OK)
$(DEPS_OK): deps/debian-packages.txt tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh
	@touch $@

# Quiet by default; `make V=1` shows the commands.
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(V),true,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(SHAREDLIB): $(LIB_OBJ)
	$(Q)$(CC) -shared -o $@ $^ $(LDFLAGS) $(LIBS)

$(CLI): $(CLI_OBJ) $(STATIC)
	@$(if $(V),true,echo "  LINK    $@")
	$(Q)$(CC) -o $@ $(CLI_OBJ) $(STATIC) $(LDFLAGS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(V),true,echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS) -lcmocka

$(CHECKDATA): tools/check_data.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS)

# Consistency of data/regimes/ against itself and the US EAR snapshot (also run by the suite).
check-data: $(CHECKDATA)
	@$(CHECKDATA) data $(SHARED)/data/us_ear_2026-07-23

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay_main.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< fuzz/replay_main.c $(STATIC) $(LDFLAGS) $(LIBS)

$(BUILD)/bench/bench_%: bench/bench_%.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS)

# The suite for one build flavour (run by `make test` twice: plain, then sanitized).
check: $(CLI) $(SHAREDLIB) $(TESTS) $(REPLAYS) $(CHECKDATA)
	@sh tests/run.sh $(BUILD) $(SHARED)

test: $(DEPS_OK)
	@rm -f $(BUILD)/test-summary.txt $(BUILD)/asan/test-summary.txt
	@$(MAKE) --no-print-directory check BUILD=$(BUILD) || true
	@$(MAKE) --no-print-directory check BUILD=$(BUILD)/asan SAN=1 || true
	@sh tests/summary.sh $(BUILD)/test-summary.txt $(BUILD)/asan/test-summary.txt

run: $(CLI)
	@sh tools/run.sh $(BUILD)

eval: $(CLI)
	@sh tools/eval.sh $(BUILD) $(SHARED)

bench: $(CLI) $(BENCHES)
	@sh bench/run.sh $(BUILD) $(SHARED)

fuzz: $(DEPS_OK)
	@sh fuzz/build.sh $(BUILD)/fuzz-libfuzzer

symbols: $(SHAREDLIB)
	@sh tools/check-symbols.sh $(SHAREDLIB)

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(shell find include -name '*.h') \
	    $(shell find src -name '*.h')

clean:
	rm -rf $(BUILD)

# ---- the workbench (ui/, docs/workbench.md) ----
# `npm ci` when ui/node_modules is missing or older than the lockfile, then the type check
# and `vite build` into $(UI_OUT); stratex serve finds it there (compiled in, like the data
# dir; `--ui DIR` to change).
UI_OUT   := $(BUILD)/ui
UI_STAMP := ui/node_modules/.package-lock.json
UI_SRC   := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json \
            ui/tsconfig.json ui/vite.config.ts

.PHONY: ui
all: ui
check: ui
ui: $(UI_OUT)/index.html

$(UI_STAMP): ui/package-lock.json ui/package.json | $(DEPS_OK)
	@echo "  NPM     ci (ui/)"
	$(Q)cd ui && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(UI_OUT)/index.html: $(UI_SRC) $(UI_STAMP)
	@echo "  VITE    $(UI_OUT)"
	$(Q)cd ui && npx tsc --noEmit -p . && npx vite build --logLevel warn --emptyOutDir \
	    --outDir "$(abspath $(UI_OUT))"

$(BUILD)/obj/src/cli/cmd_serve.o: CFLAGS += -DSX_DEFAULT_UI_DIR=\"$(abspath $(UI_OUT))\"

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
