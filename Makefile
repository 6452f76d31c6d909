# The portal's commands. Each target works on a fresh clone: it installs what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs the suite in one process
TEST_WORKERS ?= auto
# links in emails point to the address actually served
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: install run test e2e coverage lint format demo migrate bench messages clean

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

# DEBUG stays off: whitenoise serves the collected static files, as in production.
# honcho runs the Procfile: the web server, the worker (emails, exports) and the clock (daily
# reminders, digests, purges); Ctrl-C stops them all. The demo's closing block says where to go.
run: demo
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	HOST=$(HOST) $(VENV)/bin/honcho start --port $(PORT)

# without Chromium the browser journeys are skipped (one line says how to run them);
# E2E_REQUIRED=true (set by .ci/run) makes a missing browser a failure
test: install
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# the suite with line and branch coverage: a summary here, the detail in htmlcov/index.html
coverage: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -n $(TEST_WORKERS) --cov --cov-report=term:skip-covered --cov-report=html $(PYTEST_ARGS)

e2e: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e $(PYTEST_ARGS)

# the national-scale benchmark, in its own database (BENCH_ARGS="--scale 0.01" for a smoke run)
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l en --no-obsolete
	$(PY) manage.py compilemessages -l en

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .coverage htmlcov
