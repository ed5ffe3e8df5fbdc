# Two commands: `make run` (set up, then serve the demo instance) and `make test` (set up, then test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTANCE ?= instance
PORT ?= 5000

.PHONY: run test install install-test assets browser fonts clean lint audit check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files re-run the install whenever setup.cfg changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Front-end packages (GOV.UK Frontend, MOJ Frontend, fonts) from the npm registry, exactly as
# package-lock.json pins them; the build compiles them into core/web/static/build/ (never committed).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

ASSET_SOURCES := $(wildcard core/web/assets/*)
core/web/static/build/.built: node_modules/.installed $(ASSET_SOURCES)
	npm run --silent build
	touch $@

assets: core/web/static/build/.built

# Compiled catalogues (.mo) are built by the install, never committed.
install: $(VENV)/.installed assets
	@$(BIN)/mad translations compile

install-test: $(VENV)/.installed-test assets
	@$(BIN)/mad translations compile

# Debian's Chromium for the browser tests; never a downloaded browser build.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests (about 20 s)"; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# Debian's DejaVu fonts for the Operation Encompass PDF (Unicode names); never downloaded at run time.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "Installing Debian's fonts-dejavu-core for the Encompass PDF"; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null; }

run: install fonts
	@test -f $(INSTANCE)/mad.toml || $(BIN)/mad --instance $(INSTANCE) init --demo
	@$(BIN)/mad --instance $(INSTANCE) db upgrade
	$(BIN)/mad --instance $(INSTANCE) run --host 127.0.0.1 --port $(PORT)

# The suite runs on every core (pytest-xdist); tests that start worker processes and time them
# share one test process (their xdist group), so they never race each other for the cores.
TEST_WORKERS ?= auto
test: install-test browser fonts lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Lint (ruff: pyflakes and pycodestyle errors) and security lint (bandit: medium and high findings in
# the shipped code); settings in pyproject.toml. `make test` runs these first.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/bandit -c pyproject.toml -q -r core plugins -ll -ii

# Known vulnerabilities in the installed dependencies (pip-audit; skipped, saying why, without PyPI).
audit: install-test
	$(BIN)/python tools/audit_dependencies.py

check: lint audit

clean:
	rm -rf $(VENV) $(INSTANCE) .pytest_cache node_modules core/web/static/build
