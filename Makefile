# retention_kit: the project's verbs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= reports
EXTRAS ?= dev
WORKERS ?= 2

.PHONY: help install report test test-fast lab bench docs clean

help: ## show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its test tools

report: $(STAMP) ## write the demo reports (English and Dutch): the shop into reports/<date>/, the subscription service into reports/subscriptions/<date>/
	$(BIN)/retention-kit report --out $(OUT) --lang en,nl --segment channel
	$(BIN)/retention-kit report --subscriptions demo --out $(OUT)/subscriptions --lang en,nl

test: $(STAMP) ## run the whole test suite (unit tests, doctests, notebooks), a test file per worker
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

test-fast: $(STAMP) ## the edit loop: every test that runs no notebook and no browser
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile -m "not slow" -q

lab: $(STAMP) ## open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab notebooks/

docs: $(STAMP) ## build the HTML API reference from the docstrings into docs/api/ (a warning fails it)
	$(BIN)/python docs/build_api.py docs/api

bench: $(STAMP) ## run the scale benchmarks (not part of make test)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean: ## remove the virtual environment and generated reports
	rm -rf $(VENV) $(OUT)/20* $(OUT)/index.html $(OUT)/.failed $(OUT)/subscriptions
