# Two commands set everything up on a fresh machine:
#   make demo   install IMPACT and run the demo assessment (SQLite file demo.db)
#   make test   install what the tests need (PostgreSQL and Chromium from Debian's packages
#               when missing) and run them on SQLite and PostgreSQL, browser tests included
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# `make test` runs pytest on one worker per CPU (pytest-xdist; TEST_WORKERS=0: one process).
# --dist loadfile keeps each test file on one worker, so a module-scoped fixture (a demo
# database, rendered reports, a live server) is built once, not once per worker.
TEST_WORKERS ?= logical

.PHONY: demo test install install-dev lint docs serve bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	./scripts/ensure-report-deps.sh
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	./scripts/ensure-report-deps.sh
	$(BIN)/pip install -q -e ".[dev]"

demo: install
	$(BIN)/impact --db demo.db demo --fresh

test: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m cogapp --check docs/cli.md
	./scripts/ensure-chromium.sh >/dev/null
	IMPACT_TEST_POSTGRES_URL="$$(./scripts/ensure-postgres.sh)" $(BIN)/pytest -q -p no:cacheprovider \
		-n $(TEST_WORKERS) --dist loadfile

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

docs: install-dev
	$(BIN)/python -m cogapp -r docs/cli.md

serve: install
	$(BIN)/impact --db demo.db serve

bench: install-dev
	$(BIN)/python bench/cli.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/web.py

# schemathesis over every API operation, in process, on a fresh demo database (a few minutes)
fuzz: install-dev
	$(BIN)/python -m tests.web.fuzz --examples 10

clean:
	rm -rf $(VENV) demo.db build dist src/*.egg-info test-artifacts
