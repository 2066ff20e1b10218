# lk3admin: `make run` starts the portal from nothing, `make test` runs every check.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt
FLASK := $(BIN)/flask

export FLASK_APP := lk3admin:create_app
# Every test runs on each backend (tests/conftest.py).
export LK3_TEST_BACKENDS ?= sqlite,postgresql

.PHONY: run install test lint services lock

## run: install, migrate, load the demo data, create the admin, start web + worker + beat
run: install
	$(FLASK) db upgrade
	$(FLASK) lk3 sync-roles
	$(FLASK) lk3 seed-demo
	$(FLASK) lk3 local-admin
	$(FLASK) lk3 serve

## install: the application and its pinned dependencies in .venv
install: $(VENV)/.installed

## test: lint, then the whole suite on SQLite and PostgreSQL, browser tests included
test: $(VENV)/.installed-test lint services
	@$(BIN)/pytest $(PYTEST_ARGS) || { status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; fi; \
	  exit $$status; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## services: PostgreSQL, Redis and Chromium for the tests (installed when absent)
services:
	scripts/ensure-test-services

## lock: pin every installed version (transitive ones too) after changing pyproject.toml
lock: | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]'
	{ echo "# Exact versions of every installed package, transitive ones included (pip -c)."; \
	  echo "# Regenerate with \`make lock\` after changing a pin in pyproject.toml."; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[test]'
	touch $@ $(VENV)/.installed

## translations: extract our strings, update every catalog, compile (then fill empty msgstr)
.PHONY: translations
translations: $(VENV)/.installed
	$(BIN)/python -m lk3admin.translations.catalogs
