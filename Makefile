# PhốiHợp — two commands on a new machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' requirements.lock)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck check-migrations pytest browser-test lock setup clean sweep bench bench-quick bench-pg

install: $(VENV)/.installed .secret_key .identity_keys

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

# This checkout's own Fernet key of the protected identities (PHOIHOP_IDENTITY_KEYS), made once, never committed
# (.gitignore); a deployment sets PHOIHOP_IDENTITY_KEYS or PHOIHOP_IDENTITY_KEYS_FILE instead (deploy/README.md).
.identity_keys: $(VENV)/.installed
	@umask 077 && $(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > $@.tmp && mv $@.tmp $@
	@echo "created $@ (identity keys of this checkout)"

setup: install
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regulations
	$(MANAGE) load_calendar
	$(MANAGE) load_demo --allow-demo-password

# The demo's users have addresses @phoihop.local: `make run` writes the e-mails the outbox sends as files in
# sent-mail/ (one file per connection) unless EMAIL_BACKEND says otherwise (an SMTP server: deploy/README.md).
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
run: export EMAIL_FILE_PATH ?= $(CURDIR)/sent-mail
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

# Benchmarks (bench/README.md): never part of `make test`. SQLite files under bench/out/ (git-ignored); bench-pg
# uses its own database on the machine's PostgreSQL, created at the start and dropped at the end (even on failure).
# SCALE (default 1: 500k requests), RUNS (measurements on the same data, default 3), LOAD_CLIENTS/LOAD_SECONDS.
SCALE ?= 1
RUNS ?= 3
LOAD_CLIENTS ?= 20
LOAD_SECONDS ?= 30
BENCH_DB := bench/out/bench.sqlite3
BENCH_QUICK_DB := bench/out/bench-quick.sqlite3
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/phoihop_bench
BENCH_SQLITE_ENV := DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_DB)
BENCH_LOAD := --clients $(LOAD_CLIENTS) --duration $(LOAD_SECONDS)

# generate.py --reuse keeps bench/out/bench.sqlite3 when its bench.json (written last) says the same scale.
bench: install
	$(BENCH_SQLITE_ENV) $(PY) bench/generate.py --scale $(SCALE) --reuse
	$(BENCH_SQLITE_ENV) $(PY) bench/run.py --runs $(RUNS) --json bench/out/results-sqlite.json
	$(BENCH_SQLITE_ENV) $(PY) bench/load.py $(BENCH_LOAD) --json bench/out/load-sqlite.json
	$(PY) bench/goals.py --results bench/out/results-sqlite.json --load bench/out/load-sqlite.json \
		--out bench/out/goals-sqlite

bench-pg: install
	@trap '$(PY) bench/pgdb.py drop $(BENCH_PG_URL)' EXIT; trap 'exit 130' INT TERM; set -e; \
	$(PY) bench/pgdb.py create $(BENCH_PG_URL); \
	export DATABASE_URL=$(BENCH_PG_URL); \
	$(PY) bench/generate.py --scale $(SCALE); \
	$(PY) bench/run.py --runs $(RUNS) --json bench/out/results-pg.json; \
	$(PY) bench/load.py $(BENCH_LOAD) --json bench/out/load-pg.json; \
	$(PY) bench/goals.py --results bench/out/results-pg.json --load bench/out/load-pg.json --out bench/out/goals-pg

bench-quick: install
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_QUICK_DB) $(PY) bench/generate.py --scale 0.02 --force
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_QUICK_DB) $(PY) bench/run.py --repeat 7 --json bench/out/results-quick.json
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_QUICK_DB) $(PY) bench/load.py --clients 4 --duration 5 \
		--json bench/out/load-quick.json
	$(PY) bench/goals.py --results bench/out/results-quick.json --load bench/out/load-quick.json \
		--out bench/out/goals-sqlite-quick
