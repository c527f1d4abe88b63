# PhốiHợp — two commands on a new machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' requirements.lock)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck check-migrations pytest browser-test lock setup clean sweep bench bench-quick

install: $(VENV)/.installed .secret_key

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	@touch $@

# Regenerate the lock file after editing pyproject.toml dependencies.
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

# This checkout's own random SECRET_KEY, made once, never committed (.gitignore); a deployment sets SECRET_KEY
# or SECRET_KEY_FILE instead.
.secret_key:
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@
	@echo "created $@ (SECRET_KEY of this checkout)"

setup: install
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regulations
	$(MANAGE) load_calendar
	$(MANAGE) load_demo --allow-demo-password

run: setup
	$(MANAGE) runserver_with_sweep $(HOST):$(PORT)

sweep: install
	$(MANAGE) sweep

lint: install
	$(VENV)/bin/ruff check src tests $(wildcard bench/*.py)
	$(VENV)/bin/ruff format --check src tests $(wildcard bench/*.py)
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache

typecheck: install
	$(VENV)/bin/mypy src

check-migrations: install
	$(MANAGE) makemigrations --check --dry-run

pytest: install
	$(VENV)/bin/pytest -m "not browser and not fuzz"
	@if [ -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then $(VENV)/bin/pytest -m browser; \
	else echo "browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)"; fi

browser-test: install
	$(VENV)/bin/pytest -m browser

test: lint typecheck check-migrations pytest

clean:
	rm -rf $(VENV) db.sqlite3* media staticfiles

# Benchmarks (bench/README.md): never part of `make test`; their own SQLite files under bench/out/ (git-ignored).
BENCH_DB := bench/out/bench.sqlite3
BENCH_QUICK_DB := bench/out/bench-quick.sqlite3

# generate.py writes bench/out/bench.json last: without it the database is missing or half-written.
bench: install
	@test -f $(BENCH_DB) -a -f $(BENCH_DB:.sqlite3=.json) || \
		DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_DB) $(PY) bench/generate.py --force
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_DB) $(PY) bench/run.py

bench-quick: install
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_QUICK_DB) $(PY) bench/generate.py --scale 0.02 --force
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_QUICK_DB) $(PY) bench/run.py --json bench/out/results-quick.json
