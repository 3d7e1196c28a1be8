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

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=static
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean-db:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm
