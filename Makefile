# Two commands set everything up on a fresh machine:
#   make demo   install IMPACT and run the demo assessment (SQLite file demo.db)
#   make test   install what the tests need and run them on SQLite and PostgreSQL
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev lint typecheck docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"

demo: install
	$(BIN)/impact --db demo.db demo --fresh

test: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m cogapp --check docs/cli.md
	IMPACT_TEST_POSTGRES_URL="$$(./scripts/ensure-postgres.sh)" $(BIN)/pytest -q -p no:cacheprovider

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

docs: install-dev
	$(BIN)/python -m cogapp -r docs/cli.md

bench: install
	$(BIN)/python bench/analysis.py

clean:
	rm -rf $(VENV) demo.db build dist src/*.egg-info
