# Bilingual news digest: every target bootstraps .venv from the pinned requirements.lock.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MKDOCS_FLAGS := --strict
# The site is built with ar and en in two processes (generator/sitebuild.py), byte for byte what `mkdocs build`
# writes (tests/test_scale.py): 0.6-0.7x the wall time on two cores (make bench). PARALLEL=0 builds in one.
PARALLEL ?= 1
# With the two-process build, pages whose Markdown did not change since the last site are kept from it
# instead of rendered again (same bytes, tested; see generator/sitebuild.py). REUSE=0 renders every page.
REUSE ?= 1
MKDOCS_BUILD := $(if $(filter 0,$(PARALLEL)),$(BIN)/mkdocs build,$(BIN)/python -m generator.sitebuild $(if $(filter 0,$(REUSE)),,--reuse site))
export NO_MKDOCS_2_WARNING := 1
ifeq ($(STRICT),1)
export DIGEST_REFUSE_DRAFTS := 1
endif

.PHONY: all venv generate build build-locked serve test test-fast browser-deps fuzz bench bench-10k golden lint clean

all: build

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

venv: $(STAMP)

## generate: write the generated pages and feeds into docs/ (no site build)
generate: venv
	$(BIN)/python -m generator build $(if $(filter 1,$(STRICT)),--strict,) $(if $(filter 1,$(DRAFTS)),--drafts,) $(if $(filter 1,$(ALLOW_MASS_REMOVAL)),--allow-mass-removal,)

## build: generate docs/ from seeds/ and build the site into site/: drafts and articles dated after the build time are
## held back (DRAFTS=1 publishes drafts, marked, for a staging site; STRICT=1 fails while any article is a draft;
## NO_WAIT=1 fails at once instead of waiting when another build of the project is running; ALLOW_MASS_REMOVAL=1
## lets a build remove more than half of the published articles, or every topic)
# One build at a time (generator/lock.py): the generator and the site build run under one lock.
build: venv
	@$(BIN)/python -m generator.lock $(if $(filter 1,$(NO_WAIT)),--no-wait,) -- $(MAKE) --no-print-directory build-locked

# Build beside site/ and swap it in whole only on success (generator/sitefolder.py), so a failed or killed build
# leaves the last good site in place; what a killed build left beside it goes first.
build-locked: venv
	$(BIN)/python -m generator build $(if $(filter 1,$(STRICT)),--strict,) $(if $(filter 1,$(DRAFTS)),--drafts,) $(if $(filter 1,$(ALLOW_MASS_REMOVAL)),--allow-mass-removal,)
	@$(BIN)/python -m generator.sitefolder clean site
	DIGEST_SKIP_GENERATE=1 $(MKDOCS_BUILD) $(MKDOCS_FLAGS) --site-dir .site.new 2>&1 | grep -v '^INFO' ; exit $${PIPESTATUS[0]}
	@$(BIN)/python -m generator.sitefolder swap .site.new site

## serve: live preview on 127.0.0.1:8000, drafts shown and marked; edits to seeds/ or templates/ regenerate and reload
# --dirty: after an edit MkDocs rebuilds only the pages whose Markdown changed (the generator leaves the
# others untouched, mtimes included): seconds instead of a full build. MkDocs warns on every dirty build,
# hence --no-strict here; `make build` stays full and strict.
serve: venv
	DIGEST_DRAFTS=1 $(BIN)/mkdocs serve --dirty --no-strict -a 127.0.0.1:8000

## browser-deps: Chromium and Arabic fonts for the browser tests (apt-get, when missing and allowed)
browser-deps:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and fonts-noto-core for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
	    || echo "browser tests will be skipped: apt-get could not install chromium"; \
	else echo "browser tests will be skipped: chromium is missing and apt-get is not available as root"; fi

# Test processes (pytest-xdist); each test file runs whole in one of them, so a file's module fixtures are
# made once, and the seeds' site (tests/conftest.py) is built once for all of them.
TEST_JOBS ?= auto
PYTEST_PARALLEL := -n $(TEST_JOBS) --dist loadfile
# The unit tier: tests of pure stages that build no site and start no browser.
FAST_TESTS := tests/test_arabic.py tests/test_clean.py tests/test_clean_properties.py tests/test_digest.py \
	tests/test_feeds.py tests/test_ingest.py tests/test_links.py tests/test_sources.py tests/test_theme_copies.py \
	tests/test_topics.py

## test: the whole test suite in parallel (browser tests included when Chromium is available)
test: venv browser-deps
	$(BIN)/python -m pytest -q $(PYTEST_PARALLEL)

## test-fast: the unit tier, for editing (under a minute)
test-fast: venv
	$(BIN)/python -m pytest -q $(PYTEST_PARALLEL) $(FAST_TESTS)

## fuzz: long property-based runs (2,000+ examples each)
fuzz: venv
	$(BIN)/python -m pytest -q -m fuzz

## bench: generator and site build figures for 100 and 1,000 articles (bench-10k adds 10,000)
bench: venv
	$(BIN)/python -m benchmarks.run --sizes 100 1000

bench-10k: venv
	$(BIN)/python -m benchmarks.run --sizes 100 1000 10000

## golden: rewrite the golden files under tests/golden/ from the current code (review the diff)
golden: venv
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -k golden

## lint: ruff (lint and format check, settings in pyproject.toml) on the Python files, mypy on generator/
lint: venv
	$(BIN)/ruff check generator benchmarks tests
	$(BIN)/ruff format --check generator benchmarks tests
	$(BIN)/mypy

clean:
	rm -rf site .cache .pytest_cache .hypothesis
	$(BIN)/python -c "import json,pathlib; d=pathlib.Path('docs'); m=d/'.generated.json'; [ (d/p).unlink(missing_ok=True) for p in (json.loads(m.read_text()) if m.exists() else []) ]; m.unlink(missing_ok=True)" 2>/dev/null || true
