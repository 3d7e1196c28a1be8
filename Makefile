# MBO Regie — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
export DEBUG ?= 1
export PYTHONUNBUFFERED := 1

.PHONY: run test setup lint bench messages loadtest clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

## setup: migrate and load reference data, demo data and demo accounts (idempotent)
setup: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_synthetic_portfolio
	$(BIN)/python manage.py import_werkagenda
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py seed_example_proposals
	$(BIN)/python manage.py seed_example_cases

## run: the portal on http://127.0.0.1:$(PORT) (SQLite, Celery in process, demo accounts)
run: setup
	@echo "MBO Regie: http://127.0.0.1:$(PORT)/  (demo-accounts: bestuurder, bestuurder2, staf, commissie, voorzitter, bestuur, raadpleger; wachtwoord: $${DEMO_PASSWORD:-regie-demo-2025})"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (browser tests run when Debian's Chromium is installed)
test: $(VENV)/.installed-dev
	@if [ -x /usr/bin/chromium ]; then echo "Browsertests: Chromium gevonden, ze draaien mee."; \
	else echo "Browsertests worden OVERGESLAGEN: /usr/bin/chromium ontbreekt (apt-get install chromium)."; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.bench_indicators

## messages: refresh the English catalogues (locale/ and each app's locale/) and compile them.
## Needs GNU gettext (apt-get install gettext) here only: the .mo files are committed, so the
## portal and the tests never need it. Translate every new or fuzzy entry, run it again, commit.
messages: $(VENV)/.installed-dev
	@command -v msgfmt >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext"; exit 1; }
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=static \
		--ignore=tests --ignore=data --add-location=file --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

## loadtest: gunicorn + PostgreSQL on loopback, the default data set, 8 and 32 connections;
## prints ONE JSON line (bench/loadtest.py). Needs a local PostgreSQL (trust auth). The data
## set is loaded with DEBUG on (demo accounts need it); the server runs with DEBUG off.
LOAD_DB ?= mbo_regie_load
LOAD_PG ?= postgres://postgres@127.0.0.1:5432
LOAD_PORT ?= 8765
# One sync worker per core: the pages are CPU-bound and PostgreSQL and the load generator share
# the same cores, so more workers only add context switches (measured on 2 cores: p95 of the
# case page 203 ms with 4 workers, 171 ms with 2; throughput 45 → 49 req/s).
LOAD_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
LOAD_ARGS ?=
loadtest: $(VENV)/.installed-run
	@dropdb --if-exists --maintenance-db=$(LOAD_PG)/postgres $(LOAD_DB)
	@createdb --maintenance-db=$(LOAD_PG)/postgres $(LOAD_DB)
	@set -e; export DATABASE_URL=$(LOAD_PG)/$(LOAD_DB) REDIS_URL= DEBUG=1 \
	  SECRET_KEY=loadtest-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
	  ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 \
	  SECURE_HSTS_SECONDS=0 LOG_LEVEL=WARNING; \
	for cmd in "migrate --noinput" load_reference_data load_synthetic_portfolio import_werkagenda \
	  create_demo_accounts seed_example_proposals seed_example_cases "collectstatic --noinput -v0"; do \
	  $(BIN)/python manage.py $$cmd > /dev/null; done; \
	$(BIN)/python manage.py shell -v0 -c "from portfolio.indicator_services import indicator_run_request as r; from portfolio.models import IndicatorRun as R; run = r(); assert R.objects.get(pk=run.pk).status == 'done', 'indicator run failed'" > /dev/null; \
	psql -q -d $(LOAD_PG)/$(LOAD_DB) -c "ANALYZE"; \
	DEBUG=0 $(BIN)/gunicorn mbo_regie.wsgi --bind 127.0.0.1:$(LOAD_PORT) --workers $(LOAD_WORKERS) \
	  --access-logfile /dev/null --error-logfile var/loadtest-gunicorn.log & pid=$$!; \
	trap "kill $$pid 2>/dev/null; wait $$pid 2>/dev/null" EXIT; \
	for i in $$(seq 60); do curl -fs http://127.0.0.1:$(LOAD_PORT)/health/ > /dev/null && break; sleep 1; done; \
	curl -fs http://127.0.0.1:$(LOAD_PORT)/health/ > /dev/null; \
	$(BIN)/python -m bench.loadtest --base http://127.0.0.1:$(LOAD_PORT) $(LOAD_ARGS)

clean-db:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm
