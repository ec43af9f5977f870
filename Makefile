# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Local development runs with DEBUG on: a development master key is made under var/ on first use.
export DJANGO_DEBUG ?= 1
# Requests and tasks run as the application's role, under row-level security, as in production.
export CASEWORK_DB_ROLE ?= casework_app

.PHONY: run drafts test test-browser messages lint format install install-dev db clean check-deploy audit fuzz bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

db: install
	$(BIN)/python manage.py db_create
	$(BIN)/python manage.py migrate --noinput

run: db
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "casework is starting at http://127.0.0.1:8000/  (API docs: http://127.0.0.1:8000/api/docs/)"
	@echo "Stop with Ctrl-C."
	$(BIN)/honcho start -f Procfile.dev

# The Russian catalogue, before the tests: the domain's strings (casework/wording/domain_catalogue.py, generated),
# then the .po from every source, then the .mo. Needs GNU gettext (xgettext, msgmerge, msgfmt; .ci/run installs
# it). A new string arrives untranslated and tests/test_translations.py fails until it is translated in the .po.
# A run that changes no message leaves the .po as it was (makemessages would still bump POT-Creation-Date).
LOCALE_PO := casework/locale/ru/LC_MESSAGES/django.po
DOMAIN_CATALOGUE := casework/wording/domain_catalogue.py
messages: install
	$(BIN)/python manage.py domain_catalogue > $(DOMAIN_CATALOGUE).new
	cmp -s $(DOMAIN_CATALOGUE).new $(DOMAIN_CATALOGUE) || cp $(DOMAIN_CATALOGUE).new $(DOMAIN_CATALOGUE)
	rm -f $(DOMAIN_CATALOGUE).new
	cp -p $(LOCALE_PO) $(LOCALE_PO).before
	$(BIN)/python manage.py makemessages -l ru --ignore=$(VENV) --ignore=tests --ignore=docs --ignore=bench \
		--no-obsolete --verbosity=0
	grep -v '^"POT-Creation-Date:' $(LOCALE_PO).before > $(LOCALE_PO).a; \
	grep -v '^"POT-Creation-Date:' $(LOCALE_PO) > $(LOCALE_PO).b; \
	if cmp -s $(LOCALE_PO).a $(LOCALE_PO).b; then mv $(LOCALE_PO).before $(LOCALE_PO); \
	else rm $(LOCALE_PO).before; fi; rm -f $(LOCALE_PO).a $(LOCALE_PO).b
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --verbosity=0

# The draft templates' DOCX files, from their builder (casework/drafts/build.py; docs/drafts.md).
drafts: install
	$(BIN)/python manage.py drafts_build

test: install-dev messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Only the browser tests (Debian's chromium at /usr/bin/chromium; CASEWORK_SCREENSHOTS=1 rewrites
# docs/screenshots/).
test-browser: install-dev messages
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy casework

# Only the schemathesis run against the API's schema (also part of `make test`), with more examples if asked:
# `make fuzz FUZZ_EXAMPLES=200`.
FUZZ_EXAMPLES ?= 25
fuzz: install-dev
	CASEWORK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -m fuzz -n 0 $(PYTEST_ARGS)

# Django's deployment checklist against production settings (DEBUG off, HTTPS), failing on any warning, with
# throwaway secrets made for the run by .ci/check_deploy.py.
check-deploy: install
	$(BIN)/python .ci/check_deploy.py

# pip-audit on the pinned requirements (.ci/audit.py): fails only on a known vulnerability that has a fix;
# one without a fix, and a package it could not check, are reported. Without its data it says so, and passes.
audit: install-dev
	$(BIN)/python .ci/audit.py

# Benchmarks (bench/, docs/performance.md): datasets of 1,000 and BENCH_LARGE_CLIENTS (100,000) synthetic
# clients made once, then every figure against its baseline in the same run. Reports; never fails on time.
$(VENV)/.installed-bench: $(VENV)/.installed-dev requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
