# LayoffWatch front door. `make demo` and `make test` work from a fresh clone
# (needs only python3 >= 3.11, pip, node/npm).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VENDOR_STAMP := layoffwatch/static/vendor/.stamp
PORT ?= 8000

.PHONY: setup demo test test-pg test-browser lint format bench messages screenshots clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "LayoffWatch needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

$(VENDOR_STAMP): package.json package-lock.json scripts/vendor.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor.sh
	touch $(VENDOR_STAMP)

setup: $(STAMP) $(VENDOR_STAMP)

## 演示 / demo: SQLite under var/, demo data, accounts printed, served at http://127.0.0.1:$(PORT)
demo: setup
	$(BIN)/layoffwatch demo --port $(PORT)

## 测试 / tests: the whole suite (SQLite by default; set DATABASE_URL=postgres://… for PostgreSQL)
# Tests use a cheaper Argon2 cost (still Argon2; production keeps Django's defaults).
# Whole files go to two workers, those that start processes or a browser first (conftest.py).
test: export ARGON2_MEMORY_KIB ?= 64
test: export ARGON2_TIME_COST ?= 1
test: export ARGON2_PARALLELISM ?= 1
test: setup
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

test-browser: setup
	$(BIN)/pytest -m browser

lint: setup
	$(BIN)/ruff check layoffwatch tests benchmarks
	$(BIN)/ruff format --check layoffwatch tests benchmarks
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format layoffwatch tests benchmarks
	$(BIN)/ruff check --fix layoffwatch tests benchmarks

## 基准测试 / benchmarks (results and ratios: benchmarks/README.md)
bench: setup
	$(BIN)/pip install -q -c requirements.lock -e '.[dev,bench]'
	$(BIN)/python -m benchmarks.run

## 截图 / screenshots: docs/screens/*.png for docs/user-guide.md, from a fresh demo in chromium (scripts/screenshots.py)
screenshots: setup
	$(BIN)/python scripts/screenshots.py --out docs/screens

messages: setup
	cd layoffwatch && ../$(BIN)/layoffwatch compilemessages -l en

clean:
	rm -rf $(VENV) node_modules layoffwatch/static/vendor
