# Have Your Say: every command a newcomer needs. `make run` and `make test` set up everything.
SHELL := /bin/bash
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed
INSTANCE ?= $(or $(HYS_INSTANCE_PATH),instance)

.PHONY: run serve test lint format setup system-packages nlp-data semantic translations extract \
	update-translations db clean secret-key

run: setup db ## Set up, migrate and serve on 127.0.0.1:$(PORT)
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style serving: gunicorn (workers from the core count) and a background worker for
# analysis runs. SECRET_KEY is made once and kept in instance/ unless the environment sets it.
serve: setup db secret-key
	@export SECRET_KEY="$${SECRET_KEY:-$$(cat $(INSTANCE)/secret_key)}" HYS_ENV="$${HYS_ENV:-production}" \
		PORT="$(PORT)" JOBS_MODE=queue; \
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c survey/serving/gunicorn_conf.py

# The key that signs sessions, made once: readable by this user only (0600 in a 0700 folder),
# from its first byte (umask 077), and tightened if an older version left it readable.
secret-key:
	@mkdir -p -m 700 $(INSTANCE) && chmod 700 $(INSTANCE)
	@test -s $(INSTANCE)/secret_key || (umask 077; $(PYTHON) -c \
		'import secrets; print(secrets.token_hex(32))' > $(INSTANCE)/secret_key)
	@chmod 600 $(INSTANCE)/secret_key

# The whole suite, with everything it needs: Debian's Chromium (browser and axe tests) and
# WordNet (lemmas) are installed when missing and we are root, and the PostgreSQL listening on
# 127.0.0.1:5432 (database `test`) is used beside SQLite unless TEST_DATABASE_URL says otherwise.
test: system-packages setup ## Set up and run the whole test suite
	@export TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(.ci/postgres-url)}"; \
	if [ -z "$$TEST_DATABASE_URL" ]; then echo "make test: no PostgreSQL on 127.0.0.1:5432;" \
		"its tests will skip (set TEST_DATABASE_URL to use another)"; fi; \
	if [ "$$CI" = true ]; then $(PY) -m analysis.nlp_data check --strict && \
		$(PY) -m analysis.semantic check --strict || exit 1; fi; \
	$(PY) -m pytest $(PYTEST_ARGS)

# Debian packages the tests need. As root they are installed with apt; otherwise the one
# command to run is printed and the tests that need them say so when they skip.
# Pango and a font for WeasyPrint, which lays out the PDF report (flask --app app report).
MULTIARCH := /usr/lib/$(shell uname -m)-linux-gnu
SYSTEM_PACKAGES := chromium:/usr/bin/chromium wordnet-base:/usr/share/wordnet/data.noun \
	wordnet-sense-index:/usr/share/wordnet/index.sense \
	libpango-1.0-0:$(MULTIARCH)/libpango-1.0.so.0 libpangoft2-1.0-0:$(MULTIARCH)/libpangoft2-1.0.so.0 \
	fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
system-packages:
	@need=""; for item in $(SYSTEM_PACKAGES); do \
		[ -e "$${item#*:}" ] || need="$$need $${item%%:*}"; done; \
	if [ -z "$$need" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing Debian packages:$$need"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	else echo "make: missing Debian packages:$$need; run: sudo apt-get install -y$$need"; fi

setup: $(STAMP) nlp-data semantic translations

$(STAMP): pyproject.toml analysis/semantic/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r analysis/semantic/requirements.txt
	touch $(STAMP)

# Distils the sentence-embedding model into the static table the analysis reads (once per
# install, about two minutes, offline; see docs/analysis.md). Skipped when already built.
semantic: $(STAMP)
	$(PY) -m analysis.semantic build

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
