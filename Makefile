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
#   make install  library (static, shared + SONAME links), headers, stratex.pc, the CLI,
#                 the data and the man pages under $(DESTDIR)$(PREFIX); make uninstall
#                 removes exactly that (docs/library.md)
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
# Install layout (GNU names; DESTDIR is prepended to all of them by install/uninstall).
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR   ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
STRATEX_DATADIR ?= $(PREFIX)/share/stratex/data
# The data folder compiled in as the last resort (the CLI first looks next to itself, see
# cli_data_dir()); a package build sets DEFAULT_DATA=$(STRATEX_DATADIR).
DEFAULT_DATA ?= $(CURDIR)/data
CFLAGS   += -DSX_DEFAULT_DATA_DIR=\"$(DEFAULT_DATA)\" $(CSTD) $(WARN) $(OPT) $(INCS) $(SANFLAGS) -fPIC -pthread -MMD -MP
LDFLAGS  += $(SANFLAGS) -pthread
LIB_VISIBILITY := -fvisibility=hidden
# ESPEAK=0 builds without espeak-ng (GPL-3.0-or-later): no loanword readings of English
# list names (docs/screening.md), everything else the same.
ESPEAK   ?= 1
ESPEAK_LIB := -lespeak-ng
ESPEAK_PC  := espeak-ng
LICENSE_OF_BUILD := GPL-3.0-or-later (links espeak-ng; the source is Apache-2.0, see LICENSE)
ifeq ($(ESPEAK),0)
CFLAGS   += -DSX_NO_ESPEAK
ESPEAK_LIB :=
ESPEAK_PC  :=
LICENSE_OF_BUILD := Apache-2.0
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

# The shared library's names (docs/library.md): the file is libstratex.so.MAJOR.MINOR.PATCH,
# its SONAME libstratex.so.SOVERSION (bumped only when the ABI breaks), and libstratex.so
# the development link.  The numbers are read from include/stratex/version.h.
VERSION_OF = $(shell sed -n 's/^\#define SX_$(1) \([0-9]*\)$$/\1/p' include/stratex/version.h)
VERSION  := $(call VERSION_OF,VERSION_MAJOR).$(call VERSION_OF,VERSION_MINOR).$(call VERSION_OF,VERSION_PATCH)
SOVERSION:= $(call VERSION_OF,SOVERSION)
SONAME   := libstratex.so.$(SOVERSION)

STATIC   := $(BUILD)/libstratex.a
SHAREDLIB:= $(BUILD)/libstratex.so
SHAREDREAL := $(BUILD)/libstratex.so.$(VERSION)
CLI      := $(BUILD)/stratex
CHECKDATA:= $(BUILD)/check-data
DEPS_OK  := $(BUILD)/.deps-ok
DICT_DIR := data/terms/dict
# Debian's own Python, which sees the modules Debian packages (python3-icu for
# tools/dict_terms.py), whatever python3 comes first on PATH.
DEBIAN_PYTHON := /usr/bin/python3
DICT     := $(DICT_DIR)/ja_dict.tsv $(DICT_DIR)/ja_loan.tsv $(DICT_DIR)/ko_dict.tsv \
            $(DICT_DIR)/zh_pinyin.tsv $(DICT_DIR)/zh_dict.tsv $(DICT_DIR)/zh_ja_chars.tsv \
            $(DICT_DIR)/zh_ja_shared.tsv $(DICT_DIR)/ja_kanji.tsv $(DICT_DIR)/ja_kana.tsv \
            $(DICT_DIR)/ko_hanja.tsv $(DICT_DIR)/ko_sino.tsv $(DICT_DIR)/han_traditional.tsv
COUNTRIES:= $(DICT_DIR)/countries.tsv $(DICT_DIR)/country_translations.tsv
CANTONESE:= $(DICT_DIR)/zh_cantonese.tsv $(DICT_DIR)/zh_cantonese_pinyin.tsv
WADE_GILES:= $(DICT_DIR)/zh_wade_giles.tsv
ORG_TYPES:= $(DICT_DIR)/org_types.tsv
TERMSNORM:= $(BUILD)/terms-normalise
UNIHAN_READINGS := /usr/share/unicode/Unihan_Readings.txt.bz2
ISO3166  := /usr/share/iso-codes/json/iso_3166-1.json
ISO3166_MO := $(wildcard /usr/share/locale/*/LC_MESSAGES/iso_3166-1.mo)
DICT_SRC := /usr/share/edict/edict /usr/share/edict/kanjidic \
            /usr/share/libhangul/hanja/hanja.txt data/terms/han_variants.tsv \
            /usr/share/unicode/Unihan_Variants.txt.bz2 /usr/share/edict/enamdict \
            data/terms/legal_forms.tsv /usr/share/rime-data/pinyin_simp.dict.yaml \
            data/terms/zh_terms.tsv

.PHONY: all deps run test check check-data eval bench fuzz clean format symbols install uninstall

all: $(CLI) $(SHAREDLIB) $(BUILD)/man/man1/stratex.1 $(DICT) $(COUNTRIES) $(CANTONESE) \
     $(WADE_GILES) $(ORG_TYPES)

deps: $(DEPS_OK)
$(DEPS_OK): deps/debian-packages.txt tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh
	@touch $@

# The dictionary term tables screening reads (docs/screening.md, "Dictionaries"): derived
# from the EDRDG packages (edict, kanjidic, enamdict; installed by the deps step),
# libhangul's hanja table, Unihan's variants and Rime's pinyin dictionary
# (legal_forms.tsv: the legal forms left off enamdict's company names).  Written into data/terms/dict/ (not in git), so an installed
# data folder carries them.
$(DICT) &: tools/dict_terms.py | $(DEPS_OK)
	@$(if $(V),true,echo "  DICT    $(DICT_DIR)")
	$(Q)$(DEBIAN_PYTHON) tools/dict_terms.py $(DICT_SRC) $(DICT_DIR)
$(DICT): $(wildcard $(DICT_SRC))

# The country names list entries and queries are read with: ISO 3166-1 from iso-codes,
# in English and in the EU's languages written in Latin script (its translations).
$(COUNTRIES) &: tools/countries.py $(wildcard $(ISO3166)) $(ISO3166_MO) | $(DEPS_OK)
	@$(if $(V),true,echo "  DICT    $(COUNTRIES)")
	$(Q)mkdir -p $(DICT_DIR) && python3 tools/countries.py $(ISO3166) /usr/share/locale $(COUNTRIES)

# Each Han character's Cantonese reading as Hong Kong spells names: Unihan's kCantonese
# (unicode-data) through data/terms/jyutping_hk.tsv; and each such spelling with the
# Mandarin syllables (the pinyin table's) of the characters it spells.
$(CANTONESE) &: tools/cantonese.py data/terms/jyutping_hk.tsv $(DICT_DIR)/zh_pinyin.tsv \
                $(wildcard $(UNIHAN_READINGS)) | $(DEPS_OK)
	@$(if $(V),true,echo "  DICT    $(CANTONESE)")
	$(Q)python3 tools/cantonese.py $(UNIHAN_READINGS) data/terms/jyutping_hk.tsv \
	    $(word 1,$(CANTONESE)) $(DICT_DIR)/zh_pinyin.tsv $(word 2,$(CANTONESE))

# Each pinyin syllable's Wade-Giles spelling, by the system's rules (tools/wade_giles.py),
# for the syllables of the pinyin table above.
$(WADE_GILES): tools/wade_giles.py $(DICT_DIR)/zh_pinyin.tsv
	@$(if $(V),true,echo "  DICT    $@")
	$(Q)python3 tools/wade_giles.py $(DICT_DIR)/zh_pinyin.tsv $@

# Quiet by default; `make V=1` shows the commands.
Q := $(if $(V),,@)

# Objects are rebuilt when the compiler flags change (ESPEAK=0, PREFIX, visibility): a
# stale object built with other flags would otherwise export what it should not.
FLAGS_STAMP := $(BUILD)/.cflags
FLAGS_NOW   := $(CC) $(CFLAGS) $(LIB_VISIBILITY)
$(FLAGS_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@
.PHONY: FORCE
FORCE:

$(BUILD)/obj/%.o: %.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(V),true,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

# Only what include/stratex/ marks SX_EXTERN is exported (tools/check-symbols.sh checks).
# The static library is built from the same objects: visibility does not matter when
# linking statically, so the CLI and the unit tests still reach internal functions.
$(LIB_OBJ): CFLAGS += $(LIB_VISIBILITY)

$(SHAREDREAL): $(LIB_OBJ)
	@$(if $(V),true,echo "  LINK    $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -o $@ $^ $(LDFLAGS) $(LIBS)

$(BUILD)/$(SONAME): $(SHAREDREAL)
	$(Q)ln -sf $(notdir $<) $@

$(SHAREDLIB): $(BUILD)/$(SONAME)
	$(Q)ln -sf $(notdir $<) $@

$(CLI): $(CLI_OBJ) $(STATIC) | $(DICT) $(COUNTRIES) $(CANTONESE) $(WADE_GILES) $(ORG_TYPES)
	@$(if $(V),true,echo "  LINK    $@")
	$(Q)$(CC) -o $@ $(CLI_OBJ) $(STATIC) $(LDFLAGS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(STATIC) | $(DEPS_OK) $(DICT) $(COUNTRIES) $(CANTONESE) \
                  $(WADE_GILES) $(ORG_TYPES)
	@mkdir -p $(dir $@)
	@$(if $(V),true,echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS) -lcmocka

# The allocation-failure sweep (tests/unit/alloc/test_alloc_fail.c) sends the library's
# allocations to its failing allocator: --wrap redirects the calls made by libstratex.a's
# objects and by libyaml, linked statically into this one binary for that.  Nothing of it
# is in the library.
ALLOC_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup \
              -Wl,--wrap=json_loads,--wrap=json_loadb
$(BUILD)/tests/alloc/test_alloc_fail: LDFLAGS += $(ALLOC_WRAP) -Wl,-Bstatic -lyaml -Wl,-Bdynamic

$(CHECKDATA): tools/check_data.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS)

# rigour's legal forms normalised as names are, once at build time (tools/terms_normalise.c:
# its forms in Cyrillic, Greek, Armenian and Georgian would otherwise open ICU's
# transliterators in every process that loads the tables).  terms.c reads
# data/terms/org_types.tsv itself when this is missing.
$(TERMSNORM): tools/terms_normalise.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS)

$(ORG_TYPES): data/terms/org_types.tsv $(TERMSNORM)
	@$(if $(V),true,echo "  DICT    $@")
	$(Q)mkdir -p $(DICT_DIR) && $(TERMSNORM) data/terms/org_types.tsv $@

# Man pages from the --help texts (tools/man.sh): stratex(1) and stratex-<command>(1).
$(BUILD)/man/man1/stratex.1: $(CLI) tools/man.sh
	$(Q)rm -rf $(BUILD)/man
	$(Q)sh tools/man.sh $(CLI) $(BUILD)/man

# pkg-config file for the install layout; the link dependencies are private (a program
# using the shared library links only -lstratex; --static adds them).
$(BUILD)/stratex.pc: tools/stratex.pc.in FORCE
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@DATADIR@|$(STRATEX_DATADIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@ESPEAK@|$(ESPEAK)|' -e 's|@ESPEAK_PC@|$(ESPEAK_PC)|' \
	    -e 's|@LICENSE@|$(LICENSE_OF_BUILD)|' $< > $@

HEADERS := $(sort $(wildcard include/stratex/*.h))

install: all $(BUILD)/stratex.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(INCLUDEDIR)/stratex $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(STRATEX_DATADIR)
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/stratex
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libstratex.a
	install -m 755 $(SHAREDREAL) $(DESTDIR)$(LIBDIR)/libstratex.so.$(VERSION)
	ln -sf libstratex.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libstratex.so
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/stratex/
	install -m 644 $(BUILD)/stratex.pc $(DESTDIR)$(PKGCONFIGDIR)/stratex.pc
	install -m 644 $(BUILD)/man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp -R data/. $(DESTDIR)$(STRATEX_DATADIR)/
	chmod -R u+rwX,go+rX,go-w $(DESTDIR)$(STRATEX_DATADIR)
	rm -rf $(DESTDIR)$(UI_DATADIR) && install -d $(DESTDIR)$(UI_DATADIR)
	cp -R $(UI_OUT)/. $(DESTDIR)$(UI_DATADIR)/
	chmod -R u+rwX,go+rX,go-w $(DESTDIR)$(UI_DATADIR)

# Removes what install put there and the folders that are stratex's own; shared folders
# (bin, lib, share/man/man1...) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/stratex $(DESTDIR)$(LIBDIR)/libstratex.a \
	    $(DESTDIR)$(LIBDIR)/libstratex.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libstratex.so $(DESTDIR)$(PKGCONFIGDIR)/stratex.pc
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/stratex/,$(notdir $(HEADERS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/stratex
	rm -f $(DESTDIR)$(MANDIR)/man1/stratex.1 $(DESTDIR)$(MANDIR)/man1/stratex-*.1
	rm -rf $(DESTDIR)$(STRATEX_DATADIR) $(DESTDIR)$(UI_DATADIR)
	-rmdir $(DESTDIR)$(dir $(STRATEX_DATADIR)) 2>/dev/null

# Consistency of data/regimes/ against itself and the US EAR snapshot (also run by the suite).
check-data: $(CHECKDATA)
	@$(CHECKDATA) data $(SHARED)/data/us_ear_2026-07-23

# The server's objects are linked too, so a fuzz target can reach its request checks
# (fuzz/fuzz_http_request.c); they carry no main().
SRV_OBJ  := $(filter $(BUILD)/obj/src/server/%,$(CLI_OBJ))
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay_main.c $(SRV_OBJ) $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< fuzz/replay_main.c $(SRV_OBJ) $(STATIC) $(LDFLAGS) $(LIBS)

$(BUILD)/bench/bench_%: bench/bench_%.c $(STATIC) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(STATIC) $(LDFLAGS) $(LIBS)

# The suite for one build flavour (run by `make test` twice: plain, then sanitized).
check: $(CLI) $(SHAREDLIB) $(TESTS) $(REPLAYS) $(CHECKDATA) $(BUILD)/man/man1/stratex.1
	@STRATEX_MAKEFLAGS="BUILD=$(BUILD) SAN=$(SAN)" STRATEX_SANFLAGS="$(SANFLAGS)" \
	    sh tests/run.sh $(BUILD) $(SHARED)

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

# Formats the files on the checked list (tools/clang-format-files.txt); to add a file,
# put it on the list and run this in a commit of its own.
format:
	clang-format -i $(shell grep -v '^\#' tools/clang-format-files.txt)

clean:
	rm -rf $(BUILD) $(DICT_DIR)

# ---- the workbench (ui/, docs/workbench.md) ----
# `npm ci` when ui/node_modules is missing or older than the lockfile, then the type check
# and `vite build` into $(UI_OUT), beside the binary, where stratex serve looks for it
# (`--ui DIR` to change); make install puts it in $(UI_DATADIR).
UI_OUT   := $(BUILD)/ui
UI_DATADIR ?= $(PREFIX)/share/stratex/ui
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


-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
