# The portal's commands. Each target works on a fresh clone: it installs what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# links in emails point to the address actually served
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: install run test e2e lint format demo migrate bench messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput --verbosity 0

demo: migrate
	@$(PY) manage.py load_demo

# DEBUG stays off: whitenoise serves the collected static files, as in production
run: migrate
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

e2e: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e $(PYTEST_ARGS)

# the national-scale benchmark, in its own database (BENCH_ARGS="--scale 0.01" for a smoke run)
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l en --no-obsolete
	$(PY) manage.py compilemessages -l en

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
