# rapport: build, test, demo and benchmark.  Plain make, no generated build system.
#   make deps    install what the build and tests need (Debian packages, npm)
#   make         build build/rapport
#   make check   every test: unit, sanitizers, API, browser
#   make demo    build, create demo.db with a fictional county, and serve it
#   make bench   load runs with wrk (see bench/README.md)

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libical libpcre2-8 xlsxwriter pangocairo libzip
WARN    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wformat=2
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC     := $(sort $(wildcard src/*.c))
OBJ     := $(SRC:src/%.c=build/obj/%.o)
SAN_OBJ := $(SRC:src/%.c=build/san/%.o)
LIB_OBJ := $(filter-out build/obj/main.o,$(OBJ))
LIB_SAN := $(filter-out build/san/main.o,$(SAN_OBJ))
TESTS   := $(sort $(wildcard tests/unit/test_*.c))
UNIT    := $(TESTS:tests/unit/%.c=build/unit/%)
UNIT_SAN:= $(TESTS:tests/unit/%.c=build/unit-san/%)

# Files built into the binary, sorted (the lookup is a binary search).
VENDOR  := $(shell cat web/vendor.txt 2>/dev/null)
ASSETS  := $(sort $(wildcard src/sql/*.sql) docs/openapi.yaml $(shell find web -type f ! -name '*.test.*' ! -path 'web/tests/*' 2>/dev/null) $(VENDOR))

DEBIAN_PKGS := build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev \
  libsodium-dev libcsv-dev libxlsxwriter-dev libical-dev libpcre2-dev libcmocka-dev libpango1.0-dev libcairo2-dev libzip-dev \
  fonts-dejavu-core poppler-utils postgresql wrk nginx-light chromium curl sqlite3 libxml2-utils clang libclang-rt-14-dev

.PHONY: all deps check check-pg unit unit-san api browser demo bench clean fuzz fuzz-smoke
all: build/rapport

deps:
	@missing=""; for p in $(DEBIAN_PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || \
	  command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	else echo "Debian packages: all present"; fi
	@command -v npm >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y nodejs npm; }
	@if [ -f package.json ]; then \
	  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then echo "npm packages: all present"; \
	  else npm ci --no-audit --no-fund --loglevel=error; fi; fi

build/.flags: FORCE
	@mkdir -p build; echo '$(CC) $(ALL_CFLAGS) $(LDLIBS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS) $(LDLIBS)' > $@
FORCE:

build/embed: tools/embed.c
	@mkdir -p build; $(CC) -O2 -o $@ $<

build/assets.c: build/embed $(ASSETS)
	build/embed $@ $(ASSETS)

build/obj/%.o: src/%.c $(wildcard src/*.h) build/.flags
	@mkdir -p build/obj; $(CC) $(ALL_CFLAGS) -c -o $@ $<
build/san/%.o: src/%.c $(wildcard src/*.h) build/.flags
	@mkdir -p build/san; $(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<
build/obj/assets.o: build/assets.c
	@mkdir -p build/obj; $(CC) -O0 -c -o $@ $<

build/rapport: $(OBJ) build/obj/assets.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
build/rapport-san: $(SAN_OBJ) build/obj/assets.o
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

build/unit/%: tests/unit/%.c $(LIB_OBJ) build/obj/assets.o tests/unit/testutil.h
	@mkdir -p build/unit; $(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(LIB_OBJ) build/obj/assets.o $(LDLIBS) -lcmocka
build/unit-san/%: tests/unit/%.c $(LIB_SAN) build/obj/assets.o tests/unit/testutil.h
	@mkdir -p build/unit-san; $(CC) $(ALL_CFLAGS) -O1 $(SAN) -Isrc -o $@ $< $(LIB_SAN) build/obj/assets.o $(LDLIBS) -lcmocka

unit: $(UNIT)
	@for t in $(UNIT); do echo "== $$t"; $$t || exit 1; done
unit-san: $(UNIT_SAN)
	@for t in $(UNIT_SAN); do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 $$t || exit 1; done

# API tests drive the sanitizer build of the real binary over HTTP.
api: build/rapport-san
	RAPPORT_BIN=$(CURDIR)/build/rapport-san node --test --test-concurrency=1 tests/api/

browser: build/rapport
	@if ls tests/browser/*.test.mjs >/dev/null 2>&1; then RAPPORT_BIN=$(CURDIR)/build/rapport node --test --test-concurrency=1 tests/browser/; fi

# libFuzzer harnesses (tests/fuzz/): clang with ASan and UBSan.  make fuzz runs
# each for FUZZ_TIME seconds, keeping what it finds in build/fuzz-corpus/;
# make fuzz-smoke only replays the seed corpus (part of make check).
FUZZ_CC   := clang
FUZZ_SAN  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_TIME ?= 60
FUZZ_OBJ  := $(filter-out build/fuzzobj/main.o,$(SRC:src/%.c=build/fuzzobj/%.o))
FUZZERS   := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
.SECONDARY: $(FUZZ_OBJ)
build/fuzzobj/%.o: src/%.c $(wildcard src/*.h) build/.flags
	@mkdir -p build/fuzzobj; $(FUZZ_CC) $(filter-out -Werror,$(ALL_CFLAGS)) -Wno-format-nonliteral -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) build/obj/assets.o
	@mkdir -p build/fuzz; $(FUZZ_CC) $(filter-out -Werror,$(ALL_CFLAGS)) -O1 $(FUZZ_SAN) -fsanitize=fuzzer -Isrc -o $@ $< $(FUZZ_OBJ) build/obj/assets.o $(LDLIBS)
fuzz-smoke: $(FUZZERS)
	@for f in $(FUZZERS); do n=$$(basename $$f); echo "== $$n (seed corpus)"; \
	  $$f -runs=0 tests/fuzz/corpus/$$n/ 2>build/fuzz/$$n.smoke.log || { cat build/fuzz/$$n.smoke.log; exit 1; }; done
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do n=$$(basename $$f); mkdir -p build/fuzz-corpus/$$n; echo "== $$n ($(FUZZ_TIME) s)"; \
	  $$f -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix=build/fuzz/$$n- \
	    build/fuzz-corpus/$$n tests/fuzz/corpus/$$n 2>build/fuzz/$$n.log || { tail -60 build/fuzz/$$n.log; exit 1; }; \
	  grep -E '^(#[0-9]+ *DONE|Done)' build/fuzz/$$n.log | tail -1; done

check: all unit unit-san fuzz-smoke api browser check-pg
	@echo "make check: all suites passed"

# The unit tests and the whole API suite again on PostgreSQL: a throwaway
# cluster (tests/pg/cluster.sh) in a temporary directory, removed afterwards.
check-pg: $(UNIT) build/rapport-san
	@eval "$$(tests/pg/cluster.sh start)" || exit 1; \
	trap 'tests/pg/cluster.sh stop "$$RAPPORT_PG_DIR"' EXIT INT TERM; \
	echo "== PostgreSQL test cluster at $$RAPPORT_TEST_PG"; \
	for t in $(UNIT); do echo "== $$t (postgres)"; $$t || exit 1; done; \
	RAPPORT_BIN=$(CURDIR)/build/rapport-san node --test --test-concurrency=1 tests/api/ || exit 1; \
	echo "make check-pg: passed on PostgreSQL"

DEMO_LISTEN ?= 127.0.0.1:8080
demo: deps all
	rm -f demo.db demo.db-wal demo.db-shm
	build/rapport init --db demo.db
	@umask 077; build/rapport seed-demo --db demo.db --listen $(DEMO_LISTEN) > build/demo-login.txt
	@cat build/demo-login.txt
	@echo "(the accounts are also in build/demo-login.txt; Ctrl-C stops the server)"
	build/rapport serve --db demo.db --listen $(DEMO_LISTEN)

bench: all
	bench/run.sh

clean:
	rm -rf build
