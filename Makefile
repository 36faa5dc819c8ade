# Cityline. `make run` serves the demo city; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo test test-fast lint bench bench-console lock browser screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# Installed once per change of the lock file; a second `make run` reuses the environment.
$(VENV)/.installed-runtime: requirements/runtime.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/runtime.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.lock pyproject.toml $(VENV)/.installed-runtime
	$(BIN)/pip install --quiet -r requirements/test.lock
	touch $@

demo: $(VENV)/.installed-runtime
	$(BIN)/cityline demo

# The server and, as its child, the worker that sends the e-mail and texts and pages on call.
run: demo
	$(BIN)/cityline serve --with-worker --host $(HOST) --port $(PORT)

# Browser tests need Debian's Chromium; scripts/install-browser.sh installs it where it can.
browser:
	@bash scripts/install-browser.sh

test: $(VENV)/.installed-test browser
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-test
	$(BIN)/pytest -n 2 --dist loadgroup -m "not e2e" $(PYTEST_ARGS)

# Retake the screenshots under docs/screenshots/ (the browser tests take them when asked).
screenshots: $(VENV)/.installed-test browser
	CITYLINE_SCREENSHOTS=1 $(BIN)/pytest -n 2 --dist loadgroup tests/e2e $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench $(BENCH_ARGS)

# The console's search and pages on 100,000 cases (set DATABASE_URL to a PostgreSQL database).
bench-console: $(VENV)/.installed-test
	$(BIN)/python -m bench console_search $(BENCH_ARGS)

# Re-pin every dependency (needs the package index): runtime first, then runtime + test tools.
lock:
	bash scripts/lock.sh

clean:
	rm -rf $(VENV) var
