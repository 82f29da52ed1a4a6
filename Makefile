# mmview — targets named in shared/ARCHITECTURE.md:
#   make              core, native unit tests, build/arm/mmview.so (and build/x86-m32/mmview.so)
#   make unit         the cmocka suite on synthetic dumps (seconds)
#   make integration  real crash on real ARM dumps (builds the dumps first if missing)
#   make test         everything
#   make vmcores      build or reuse the real ARM dumps in $(CACHE)
#   make demo         crash with mmview on the default dump, running `mmview triage`
#   make bench        mmview vs crash built-ins on the scale dumps (make vmcores-scale: 1 and 3 GiB)
#   make install      build/native/mmview, its man page and the crash extension (PREFIX, DESTDIR)
CACHE ?= $(or $(MMVIEW_CACHE),$(HOME)/.cache/mmview)
export MMVIEW_CACHE := $(CACHE)

CC ?= gcc
ARM_CC ?= arm-linux-gnueabihf-gcc
CFLAGS_COMMON := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror=incompatible-pointer-types -fPIC
CFLAGS ?= $(CFLAGS_COMMON) -Werror=implicit-function-declaration
# The crash whose defs.h build/arm/mmview.so is built against (an extension must match the crash
# that loads it): the machine's crash package (bookworm: 8.0.2) unless told otherwise, e.g.
# make CRASH_DEFS=$$(tools/crash-root trixie)/usr/include/crash/defs.h build/arm/mmview.so
CRASH_DEFS ?= /usr/include/crash/defs.h
CRASH_INC = $(patsubst %/crash/defs.h,%,$(CRASH_DEFS))
# The crashes of the real-dump matrix (vmcores/real/kernels, last column).
CRASH_SUITES := $(shell awk -F'|' '$$1 !~ /^\#/ && NF >= 5 { print $$5 }' vmcores/real/kernels | sort -u)

CORE_SRC := $(sort $(wildcard core/*.c core/*/*.c))
SYNTH_SRC := $(sort $(wildcard vmcores/synth/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
EXT_SRC := $(sort $(wildcard extension/*.c))
SA_SRC := $(sort $(wildcard standalone/*.c))
SA_LIB_SRC := $(filter-out standalone/main.c,$(SA_SRC))
SA_LIBS := -ldw -lelf -lkdumpfile -ledit
# The extension's decoders of gdb's text need no crash headers: the unit tests run them natively.
EXT_TEXT_SRC := extension/gdb_text.c
CORE_HDR := $(wildcard core/*.h core/*/*.h core/*.def core/offsets/*.def vmcores/synth/*.h tests/unit/*.h tests/unit/*.def)

# SANITIZE=1: the native build (core, synth, unit tests) with ASan + UBSan, no recovery, leak
# checking on, in its own tree (build/san) so the two builds never mix objects.
ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS += $(SAN_FLAGS) -O1
NATIVE := build/san
export ASAN_OPTIONS := detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/unit/lsan.supp
else
NATIVE := build/native
endif
UNIT_BIN := $(NATIVE)/unit/unit_tests

CORE_OBJ := $(CORE_SRC:%.c=$(NATIVE)/%.o)
SA_OBJ := $(SA_SRC:%.c=$(NATIVE)/%.o)
SA_LIB_OBJ := $(SA_LIB_SRC:%.c=$(NATIVE)/%.o)
SYNTH_OBJ := $(SYNTH_SRC:%.c=$(NATIVE)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(NATIVE)/%.o) $(EXT_TEXT_SRC:%.c=$(NATIVE)/%.o)

SETUP_STAMP := build/.setup-done

.PHONY: all setup unit integration test test-all vmcores vmcores-all vmcores-scale demo bench clean arm m32 arm-all
all: unit-bin native build/native/mmview.1 arm m32

# Installs packages (Debian) once per machine; re-run when tools/setup changes.
$(SETUP_STAMP): tools/setup
	@mkdir -p build
	tools/setup
	@touch $@
setup: $(SETUP_STAMP)

$(NATIVE)/%.o: %.c $(CORE_HDR) | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(NATIVE)/libmmview.a: $(CORE_OBJ)
	ar rcs $@ $^

# 64-bit file offsets: dumps pass 2 GiB, and a 32-bit host must read them too.
$(NATIVE)/standalone/%.o: standalone/%.c standalone/*.h $(CORE_HDR) | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -D_FILE_OFFSET_BITS=64 -c $< -o $@

# The standalone program: the core over dump files and vmlinux's DWARF, no crash.
$(NATIVE)/mmview: $(SA_OBJ) $(CORE_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $(SA_OBJ) $(CORE_OBJ) $(SA_LIBS)
.PHONY: native
native: $(NATIVE)/mmview

$(UNIT_BIN): $(UNIT_OBJ) $(SYNTH_OBJ) $(CORE_OBJ) $(SA_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $(UNIT_OBJ) $(SYNTH_OBJ) $(CORE_OBJ) $(SA_LIB_OBJ) -lcmocka $(SA_LIBS) -lz

.PHONY: unit-bin
unit-bin: $(UNIT_BIN)

unit: $(UNIT_BIN) docs-check
	$(UNIT_BIN)

# The crash extension: core + adapter in one shared object, for Debian's armhf crash. Its own
# symbols are hidden: crash finds the extension through its constructor, and calls inside the
# object then go straight to their target, not through the PLT (5-7% of a walk under qemu-arm).
# The short loops of core/copy.h stay loops: GCC would turn them back into calls to strlen and
# memset, each a PLT call and two translation-block look-ups under qemu-arm (a strlen call per
# table cell was 3% of the instructions of a 12,000-row listing).
EXT_CFLAGS := -fvisibility=hidden -fno-tree-loop-distribute-patterns
build/arm/mmview.so: $(CORE_SRC) $(EXT_SRC) $(CORE_HDR) extension/*.h | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	@echo "  ARMHF   $@"
	@$(ARM_CC) $(CFLAGS_COMMON) $(EXT_CFLAGS) -I$(CRASH_INC) -DARM -D_FILE_OFFSET_BITS=64 -shared -rdynamic -o $@ $(CORE_SRC) $(EXT_SRC)
arm: build/arm/mmview.so

# One extension per crash of the matrix, each against its own defs.h (tools/crash-root makes the
# private armhf root of that crash, with its header, on first use).
build/arm/crash-%/mmview.so: $(CORE_SRC) $(EXT_SRC) $(CORE_HDR) extension/*.h | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	@root=$$(tools/crash-root $*) && echo "  ARMHF   $@ (crash $$(cat $$root/.version))" && \
	$(ARM_CC) $(CFLAGS_COMMON) $(EXT_CFLAGS) -I$$root/usr/include -DARM -D_FILE_OFFSET_BITS=64 -shared -rdynamic -o $@ $(CORE_SRC) $(EXT_SRC)
arm-all: $(CRASH_SUITES:%=build/arm/crash-%/mmview.so)

# The same extension for a crash built with target=ARM on x86_64 (32-bit host build).
build/x86-m32/mmview.so: $(CORE_SRC) $(EXT_SRC) $(CORE_HDR) extension/*.h | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	@echo "  M32     $@"
	@$(CC) -m32 -I/usr/include/$(shell gcc -print-multiarch) $(CFLAGS_COMMON) $(EXT_CFLAGS) -DARM -D_FILE_OFFSET_BITS=64 -shared -rdynamic -o $@ $(CORE_SRC) $(EXT_SRC)
m32:
	@if echo 'int main(void){return 0;}' | $(CC) -m32 -x c - -o /dev/null 2>/dev/null; then \
		$(MAKE) --no-print-directory build/x86-m32/mmview.so; \
	else echo "m32: no 32-bit multilib here; skipping build/x86-m32/mmview.so"; fi

# The command reference is generated from the built-in help.
$(NATIVE)/helpdump: tools/helpdump.c $(CORE_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ tools/helpdump.c $(CORE_OBJ)

.PHONY: docs
docs: $(NATIVE)/helpdump
	$(NATIVE)/helpdump > docs/commands.md

# docs/commands.md must match the help compiled in.
.PHONY: docs-check
docs-check: $(NATIVE)/helpdump
	@$(NATIVE)/helpdump | diff -u docs/commands.md - >/dev/null \
		|| { echo "docs/commands.md is stale: run make docs"; exit 1; }

# The fuzz target (docs/fuzzing.md): clang's libFuzzer with ASan + UBSan over synthetic dumps
# of every profile, corrupted word by word, every subcommand in text and JSON. Single process;
# the long run is niced (the machine is shared), the smoke is not: a starved input would meet
# -timeout and read as a hang. Found inputs go to build/fuzz/crashes/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 600
FUZZ_FLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wno-unused-parameter -Wno-missing-field-initializers
FUZZ_SRC := tests/fuzz/fuzz_mmview.c tests/unit/json_check.c $(CORE_SRC) $(SYNTH_SRC)
FUZZ_RUN = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	build/fuzz/fuzz_mmview -timeout=30 -rss_limit_mb=2048 -max_len=400 -len_control=10 \
	-artifact_prefix=build/fuzz/crashes/ -print_final_stats=1

build/fuzz/fuzz_mmview: $(FUZZ_SRC) $(CORE_HDR) tests/unit/json_check.h | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(FUZZ_SRC)

.PHONY: fuzz fuzz-smoke
# make fuzz FUZZ_SECONDS=N: grows build/fuzz/corpus from the seeds in tests/fuzz/corpus.
fuzz: build/fuzz/fuzz_mmview
	@mkdir -p build/fuzz/corpus build/fuzz/crashes
	nice -n 19 env $(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus tests/fuzz/corpus

# For CI: every seed once, then a minute of fuzzing from them.
fuzz-smoke: build/fuzz/fuzz_mmview
	@mkdir -p build/fuzz/smoke build/fuzz/crashes
	$(FUZZ_RUN) -runs=0 tests/fuzz/corpus
	$(FUZZ_RUN) -max_total_time=$(or $(FUZZ_SMOKE_SECONDS),60) build/fuzz/smoke tests/fuzz/corpus

# The man page of the standalone program, from the same built-in help.
build/native/mmview.1: build/native/helpdump
	build/native/helpdump --man > $@

# Installation: the program and its man page under PREFIX; the crash extension where Debian's
# crash looks for `extend mmview.so` (/usr/lib/crash/extensions, whatever PREFIX is).
PREFIX ?= /usr/local
CRASH_EXTDIR ?= /usr/lib/crash/extensions
.PHONY: install
install: build/native/mmview build/native/mmview.1 build/arm/mmview.so
	install -D -m 0755 build/native/mmview $(DESTDIR)$(PREFIX)/bin/mmview
	install -D -m 0644 build/native/mmview.1 $(DESTDIR)$(PREFIX)/share/man/man1/mmview.1
	install -D -m 0644 build/arm/mmview.so $(DESTDIR)$(CRASH_EXTDIR)/mmview.so

vmcores: $(SETUP_STAMP)
	MMVIEW_MATRIX=$(MMVIEW_MATRIX) vmcores/real/build

integration: arm-all native vmcores
	MMVIEW_MATRIX=$(MMVIEW_MATRIX) tests/integration/run-all

# Everything CI runs: the unit suite plain and under ASan + UBSan, a minute of fuzzing, and the
# real-dump matrix through crash and the standalone program.
.PHONY: unit-san
unit-san:
	$(MAKE) --no-print-directory unit SANITIZE=1
test: unit unit-san fuzz-smoke integration

# The matrix plus the kernels built from Debian's source (vmcores/real/matrix-source: SLAB, other
# splits, no HighMem, SPARSEMEM). Building those kernels takes longer than a cold CI run allows,
# so they stay out of `make test`.
vmcores-all: $(SETUP_STAMP)
	MMVIEW_MATRIX=all vmcores/real/build
test-all: unit unit-san fuzz-smoke
	$(MAKE) --no-print-directory integration MMVIEW_MATRIX=all

# The main job needs one dump only: the default one is built (or reused) alone.
DEMO_DUMP ?= 6.1/oom
demo: arm
	vmcores/real/build $(DEMO_DUMP)
	tools/demo $(DEMO_DUMP)

# The scale dumps (vmcores/real/matrix-scale): a busy device at 1 GiB and 3 GiB. Slow to build
# (4 + 8 min, 1 + 3 GiB of disk), for the bench only: never part of `make test`.
vmcores-scale: $(SETUP_STAMP)
	vmcores/real/build --scale

bench: arm-all native vmcores-scale
	tools/bench

clean:
	rm -rf build
