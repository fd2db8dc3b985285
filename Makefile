# The README's commands. Everything runs from the project's own virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# links in e-mails point here: the address `make run` serves, unless set
PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: run test bench install install-test lint translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: the app with demo data on the embedded SQLite database, at http://127.0.0.1:5000,
## with the scheduler beside it (mail goes to instance/mail/*.eml)
run: install
	@$(BIN)/secretariat db upgrade
	@$(BIN)/secretariat demo load --quiet
	@PUBLIC_URL=$(PUBLIC_URL) $(BIN)/secretariat demo serve --host $(HOST) --port $(PORT)

## make test: the whole suite (set TEST_DATABASE_URL to run it on PostgreSQL); first makes
## sure of what the suite needs outside Python (a Chromium, WeasyPrint's libraries and fonts)
test: install-test
	$(BIN)/python -m tests.needs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench: page throughput against hello-world under gunicorn, with the large data
bench: install-test
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/register_sync.py
	$(BIN)/python bench/sweep.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/programmes.py
	$(BIN)/python bench/meeting_day.py
	$(BIN)/python bench/search.py

lint: install-test
	$(BIN)/ruff check .

## refresh the catalogues after changing UI strings, then translate and compile
## (sorted by msgid, file-only locations: branches that add strings merge cleanly)
translations: install-test
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 --ignore-dirs=".* __pycache__ .venv" \
	  --sort-output --add-location=file -o secretariat/translations/messages.pot .
	$(BIN)/pybabel update -i secretariat/translations/messages.pot -d secretariat/translations \
	  --no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -d secretariat/translations

clean:
	rm -rf $(VENV) instance
