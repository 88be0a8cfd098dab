# Wegweiser Magdeburg. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app directory
HOST ?= 127.0.0.1
PORT ?= 5000
# The PostgreSQL run of the test suite; set PG_URL= (empty) to skip it outside CI.
PG_URL ?= postgresql://127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install run demo test lint bench bench-http load-test relevance clean translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d directory/translations

## Refresh the catalogs from the code: extract the UI strings, merge them into every language (docs/translating.md)
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-by-file \
		--project "Wegweiser Magdeburg" -o directory/translations/messages.pot .
	$(VENV)/bin/pybabel update -i directory/translations/messages.pot -d directory/translations --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d directory/translations

## Start the app with the real directory on SQLite at http://127.0.0.1:5000
run: install
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) index rebuild
	$(FLASK) run --host $(HOST) --port $(PORT)

## The same with the invented example offers added (marked "Beispiel"), e.g. to try filters and distances
demo: install
	$(FLASK) db upgrade
	$(FLASK) seed --demo
	$(FLASK) index rebuild
	$(FLASK) run --host $(HOST) --port $(PORT)

## Run the test suite on SQLite, then on PostgreSQL
test: install
	$(PY) -m pytest $(PYTEST_ARGS)
	@if [ -n "$(PG_URL)" ] && $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" "$(PG_URL)" 2>/dev/null; then \
		echo "== the same suite on PostgreSQL ($(PG_URL))"; \
		DIRECTORY_TEST_DATABASE_URL="$(PG_URL)" $(PY) -m pytest -m "not browser" $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL): the suite must run on it under CI" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at '$(PG_URL)': only the SQLite run was done"; \
	fi

## Search benchmark: synthetic corpora of 1,000 / 10,000 / 100,000 offers, then the HTTP section
## (`make bench-http`); not part of `make test`
bench: install
	$(PY) bench/search_bench.py $(BENCH_ARGS)
	$(PY) bench/http_bench.py $(HTTP_BENCH_ARGS)

## HTTP benchmark: search API and results page against the stylesheet, gunicorn with 2 workers, wrk (Debian `wrk`)
bench-http: install
	$(PY) bench/http_bench.py $(HTTP_BENCH_ARGS)

## Load test: 60 s of searches, offer pages and editors' saves against gunicorn, then `flask index verify`
load-test: install
	$(PY) -m pip install --quiet -e '.[load]'
	$(PY) bench/load_test.py $(LOAD_TEST_ARGS)

## Search relevance on the constructed query set (bench/relevance_queries.yaml; not part of `make test`)
relevance: install
	$(PY) bench/relevance.py $(RELEVANCE_ARGS)

## Ruff, and the layer order of the package (import-linter contract in pyproject.toml)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
