# SPDX-License-Identifier: GPL-2.0-only
# Front door: make demo | test | fuzz | bench | conformance. A thin shim over Meson + Ninja.

PYTHON    ?= /usr/bin/python3
BUILD     ?= build
ASAN      ?= build-asan
FUZZ      ?= build-fuzz
FUZZ_SECS ?= 60
CORPUS    ?= ../shared/corpus
TEST      ?=
# -Werror in git checkouts and CI, as DPDK does; a release tarball builds without it.
WERROR    := $(if $(wildcard .git),true,false)

.PHONY: all deps build asan demo test fuzz bench conformance corpus-check format check-style clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) -Dwerror=$(WERROR) -Dtests=enabled

$(ASAN)/build.ninja:
	meson setup $(ASAN) -Dwerror=$(WERROR) -Dtests=enabled -Ddebug_checks=true \
	    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

asan: deps $(ASAN)/build.ninja
	ninja -C $(ASAN)

demo: build
	@scripts/demo.sh $(BUILD)

test: build asan
	@WERROR=$(WERROR) scripts/run-tests.sh $(BUILD) $(ASAN)

conformance: build
	@$(PYTHON) tests/conformance/run.py --khien $(BUILD)/khien \
	    $(if $(TEST),$(TEST),--check-baseline)

corpus-check: build
	@scripts/corpus-check.sh $(BUILD) $(CORPUS)

fuzz: deps
	@scripts/fuzz.sh $(FUZZ) $(FUZZ_SECS)

bench: build
	@scripts/install-deps.sh --bench
	@scripts/bench.sh $(BUILD) $(CORPUS)

check-style:
	@scripts/check-style.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) build-clang
