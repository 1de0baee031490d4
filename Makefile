# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    virtualenv, install, migrate the SQLite database, serve on 127.0.0.1:8000
#   make test   virtualenv, install with dev extras, run the whole suite (SQLite, then PostgreSQL)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# PostgreSQL for the second test pass; CI=true makes its absence a failure, not a skip.
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres install install-dev migrate openapi worker bench durability lint-docker clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) -m alembic upgrade head

run: migrate
	$(PY) -m app serve

worker: migrate
	$(PY) -m app worker

test: install-dev
	$(PY) -m pytest -q
	FOLLOWUP_TEST_DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -q -m "not sqlite_only" --db-only

test-sqlite: install-dev
	$(PY) -m pytest -q

test-postgres: install-dev
	FOLLOWUP_TEST_DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -q -m "not sqlite_only" --db-only

openapi: install
	$(PY) -m app openapi --output openapi/openapi.json

# BENCH_ARGS: e.g. --quick, --skip-slow, --engines sqlite, --profile bench/results (see bench/run.py --help).
bench: install-dev
	$(PY) bench/run.py $(BENCH_ARGS)

# SIGKILL the real server mid-load on each engine, restart it, check every acknowledged write.
durability: install-dev
	$(PY) bench/durability.py --engine sqlite $(DURABILITY_ARGS)
	$(PY) bench/durability.py --engine postgres --database-url $(TEST_POSTGRES_URL) $(DURABILITY_ARGS)

lint-docker: install-dev
	$(VENV)/bin/hadolint Dockerfile

clean:
	rm -rf $(VENV) var .pytest_cache
