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
# Test processes (pytest-xdist); each has its own databases. 0 runs the suite in this process.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# Every dependency pinned with its hashes (`make lock` after changing them in pyproject.toml).
LOCK := requirements.lock
TOOLS ?= .venv-tools

.PHONY: install run demo serve test lint bench bench-http load-test relevance clean translations lock audit schemathesis

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
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

## Production: migrate, then gunicorn (gunicorn.conf.py) with DIRECTORY_WORKERS workers on DIRECTORY_BIND (README, "Production")
serve: install
	@if [ -z "$$DIRECTORY_SECRET_KEY" ]; then \
		echo "DIRECTORY_SECRET_KEY is not set: every host needs the same secret key (README, \"Production\")." >&2; exit 1; \
	fi
	$(FLASK) db upgrade
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

## Run the test suite on SQLite, then on PostgreSQL
test: install
	$(PYTEST) $(PYTEST_ARGS)
	@if [ -n "$(PG_URL)" ] && $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" "$(PG_URL)" 2>/dev/null; then \
		echo "== the same suite on PostgreSQL ($(PG_URL))"; \
		DIRECTORY_TEST_DATABASE_URL="$(PG_URL)" $(PYTEST) -m "not browser and not once" $(PYTEST_ARGS); \
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

## Pin the dependencies of pyproject.toml (with the dev extra) and their hashes into requirements.lock
lock:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet pip-tools
	$(TOOLS)/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

## Known vulnerabilities of the locked dependencies (pip-audit asks PyPI for the advisories of each pinned
## version); where that database cannot be reached, it says so and is not a failure
audit:
	@if $(PYTHON) -c "import urllib.request as u; u.urlopen('https://pypi.org/pypi/pip/24.0/json', timeout=10)" 2>/dev/null; then \
		$(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet pip-audit && \
		$(TOOLS)/bin/pip-audit --strict --disable-pip --require-hashes --requirement $(LOCK); \
	else \
		echo "audit not run: no vulnerability database reachable"; \
	fi

## schemathesis (all checks) against /api/v1/openapi.json of the seeded app on 127.0.0.1 (README, Security checks)
schemathesis: install
	VENV=$(VENV) scripts/schemathesis.sh

clean:
	rm -rf $(VENV) $(TOOLS) instance .pytest_cache .ruff_cache
