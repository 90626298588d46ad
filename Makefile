# devatlas: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint eval bench-extract bench-search bench-search-recall bench-web bench-exchange clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# setup.py compiles these with mypyc: a change to one rebuilds them, so the compiled code is always the source's
NATIVE_SOURCES := $(wildcard devatlas/understand/*.py devatlas/text/*.py) devatlas/gazetteer/lookup.py

$(VENV)/.installed: $(BIN)/python pyproject.toml setup.py $(NATIVE_SOURCES)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/devatlas version
	touch $@

install: $(VENV)/.installed
	$(BIN)/python -m devatlas.web.assets

# Reads the bundled samples into ./devatlas.db and serves the web app on http://$(HOST):$(PORT)/.
RUN_DB ?= sqlite:///devatlas.db
run: install
	$(BIN)/devatlas ingest samples/*.txt --db $(RUN_DB)
	$(BIN)/devatlas serve --host $(HOST) --port $(PORT) --db $(RUN_DB)

test: install
	$(BIN)/ruff check --output-format concise devatlas tests benchmarks
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check --output-format concise devatlas tests benchmarks
	$(BIN)/ruff format --check devatlas tests benchmarks

# Scores extraction on the shared evaluation sets and on our own samples.
eval: install
	@for set in $(SHARED)/eval/seeds $(SHARED)/eval/dev; do \
	  echo "== $$set"; \
	  $(BIN)/devatlas extract $$set/*.txt --format jsonl > /tmp/devatlas-eval.jsonl; \
	  $(BIN)/python $(SHARED)/tools/score.py $$set /tmp/devatlas-eval.jsonl; \
	done
	@echo "== samples"; $(BIN)/python -m benchmarks.score_samples

bench-extract: install
	$(BIN)/python -m benchmarks.bench_extract

# Registry: ingest rate, database size, search latency (and tantivy beside it). SIZES=10000,100000 for more.
SIZES ?= 10000
bench-search: install
	$(BIN)/python -m benchmarks.bench_search --sizes $(SIZES)

# Search quality: recall@10 of the judged queries over the samples, plain FTS5 beside it.
bench-search-recall: install
	$(BIN)/python -m benchmarks.search_recall

# Web pages under load: p95 of search, project and place pages, 50 clients, real uvicorn. DOCS=2000 for a quick run.
DOCS ?= 100000
bench-web: install
	$(BIN)/python -m benchmarks.bench_web --docs $(DOCS)

# IATI exchange: streamed reading of a BIG_MB file beside a 50 MB one (memory must stay flat), import and export
# rates. BIG_MB=2048 for the 2 GB case.
BIG_MB ?= 500
bench-exchange: install
	$(BIN)/python -m benchmarks.bench_exchange --big-mb $(BIG_MB)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info devatlas/_native_build.json
	find devatlas -name "*.so" -delete; rm -f *__mypyc.*.so
