# The two commands a newcomer needs: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-fast lint bench run check-config samples clean install train eval

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "socialpulse needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# A host install for production (deploy/socialpulse.service): the runtime dependencies only,
# at the releases pinned in deploy/constraints.txt, and socialpulse itself (not editable: a
# new checkout takes effect at the next `make install`). The targets above add the dev tools.
install:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "socialpulse needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c deploy/constraints.txt .
	$(PY) -m pip check

demo: $(STAMP)
	$(PY) -m bot demo

# The Telegram tests run the bot against telegram-test-api, pinned in package-lock.json.
node_modules/.installed-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules/.installed-stamp

test: $(STAMP) node_modules/.installed-stamp
	$(PY) -m pytest -q

# The quick part of the suite, while working: every test not marked `slow` (README).
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check bot handlers tests training tools
	$(VENV)/bin/ruff format --check bot handlers tests training tools
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m benchmarks.comments
	$(PY) -m benchmarks.ads
	$(PY) -m benchmarks.latency
	$(PY) -m benchmarks.footprint
	$(PY) -m benchmarks.workers
	$(PY) -m benchmarks.workers --postgres

# The learned readers (bot/smo/models, see its MODEL_CARD.md): rebuild them from a data folder,
# or print their figures (5-fold held out, next to the training fit) through the engine. The
# intent reader is fitted on evaluation-only tweets, so it goes to build/intents, not the package.
DATA ?= ../shared/data

train: $(STAMP)
	$(PY) -m training.train_readers $(DATA)
	$(PY) -m training.train_intents $(DATA)

eval: $(STAMP)
	$(PY) -m training.eval_readers $(DATA)
	$(PY) -m training.eval_intents $(DATA)

run: $(STAMP)
	$(PY) -m bot run

check-config: $(STAMP)
	$(PY) -m bot check-config

samples: $(STAMP)
	$(PY) -m tools.samples --out samples

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
