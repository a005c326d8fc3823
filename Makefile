# Two-command quickstart: `make run` and `make test` on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LINT_DIR := tools/cypher-lint
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	$(BIN)/pip install --quiet -e '.[dev]'
	cd $(LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/frontierkg ingest samples/articles
	$(BIN)/frontierkg serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) $(LINT_DIR)/node_modules
