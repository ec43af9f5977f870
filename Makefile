# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Local development runs with DEBUG on: a development master key is made under var/ on first use.
export DJANGO_DEBUG ?= 1

.PHONY: run test lint format install install-dev db clean

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

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy casework

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
