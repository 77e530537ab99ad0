# nerq: build, run, test, measure. `make help` lists the targets.
BUILD    ?= build
CC       ?= cc
PKGS     := libpcre2-8 jansson libxxhash
DATADIR  := $(CURDIR)
OPT      ?= -O3
CFLAGS_ALL = -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE $(OPT) -g \
             -DNERQ_DATADIR='"$(DATADIR)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread $(LDLIBS)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

PROGS    := nerq nerq-ingest nerq-tokenize nerq-entities nerq-quotes nerq-attribute
PROG_SRC := $(addprefix pipeline/,$(addsuffix .c,$(PROGS)))
LIB_SRC  := $(filter-out $(PROG_SRC),$(wildcard pipeline/*.c))
LIB_OBJ  := $(LIB_SRC:pipeline/%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libnerq.a
BINS     := $(addprefix $(BUILD)/,$(PROGS))
UNIT_SRC := $(wildcard tests/unit/check_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
# The fuzz targets as plain programs (tests/fuzz/standalone.c): replay tests/regress/.
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
EXAMPLES ?= examples
OUT      ?= out

.PHONY: FORCE all deps run test unit golden asan eval eval-tokens bench clean help golden-update fuzz fuzz-bins leakcheck

all: $(BINS) $(UNIT_BIN) $(BENCH_BIN) $(FUZZ_REPLAY)

help:
	@echo "make run      install deps, build, annotate $(EXAMPLES)/ into $(OUT)/articles.jsonl"
	@echo "make test     install deps, build, run every test (unit, golden, identity)"
	@echo "make asan     the tests under AddressSanitizer + UBSan"
	@echo "make fuzz     libFuzzer targets (clang) into build-fuzz/, each for FUZZ_SECONDS (default 60)"
	@echo "make leakcheck  golden tests and the bad-input corpus under valgrind: no leaks, no errors"
	@echo "make eval     score on CoNLL-2003 dev, PolNeAR dev and the seeds (needs ../shared)"
	@echo "make bench    MB/s and peak memory over the BBC corpus (needs ../shared)"
	@echo "make eval-tokens  token and sentence boundary scores on CoNLL-2003 dev (needs ../shared)"

deps:
	@sh tools/install-deps.sh

# The compiler flags in a file that changes only when they do: objects built with other
# flags (a changed OPT, CFLAGS) are rebuilt.
$(BUILD)/flags: FORCE | $(BUILD)/obj
	@echo '$(CC) $(CFLAGS_ALL)' | cmp -s - $@ || echo '$(CC) $(CFLAGS_ALL)' > $@
FORCE:

$(BUILD)/obj/%.o: pipeline/%.c pipeline/*.h $(BUILD)/flags | $(BUILD)/obj
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# XXH3 for AVX2, in a file of its own (file.c calls it only on a CPU that has AVX2)
ifeq ($(shell uname -m),x86_64)
$(BUILD)/obj/xxh3_avx2.o: CFLAGS_ALL += -mavx2
endif

$(BUILD)/obj $(BUILD)/tests $(BUILD)/bench:
	mkdir -p $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%: pipeline/%.c $(LIB) pipeline/*.h
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h $(LIB) pipeline/*.h | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags check 2>/dev/null) -Ipipeline -o $@ $< $(LIB) \
	    $(CHECK_LIBS) $(LDLIBS_ALL)

$(BUILD)/bench/%: tests/bench/%.c $(LIB) pipeline/*.h | $(BUILD)/bench
	$(CC) $(CFLAGS_ALL) -Ipipeline -o $@ $< $(LIB) $(LDLIBS_ALL)

$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c tests/fuzz/*.h $(LIB) pipeline/*.h | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) -Ipipeline -o $@ $< tests/fuzz/standalone.c $(LIB) $(LDLIBS_ALL)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(LIB) pipeline/*.h
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -Ipipeline -o $@ $< $(LIB) $(LDLIBS_ALL)

fuzz-bins: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	    OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" LDLIBS="$(FUZZ_SAN)" fuzz-bins
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

leakcheck: deps
	@$(MAKE) --no-print-directory OPT="-O1" BUILD=build-leak all
	@BUILD=build-leak sh tests/leakcheck.sh

run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/nerq run $(EXAMPLES) -o $(OUT)
	@echo "records: $(OUT)/articles.jsonl"

test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/run-all.sh

unit: all
	@BUILD=$(BUILD) ONLY=unit sh tests/run-all.sh

golden-update: all
	@BUILD=$(BUILD) sh tests/golden.sh --update

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    LDLIBS="-fsanitize=address,undefined" all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    BUILD=build-asan sh tests/run-all.sh

eval: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/eval.sh

eval-tokens: all
	@python3 tools/eval_tokens.py --build $(BUILD) --shared $${SHARED:-../shared}

bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/bench.sh

clean:
	rm -rf build build-asan build-fuzz build-leak
	find $(OUT) -mindepth 1 ! -name .gitignore -delete 2>/dev/null || true
