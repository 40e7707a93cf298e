# dlprep: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run lint test test-all test-under-load bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

run: install
	$(BIN)/dlprep

# The gates: lint and format (ruff), types (mypy: the package, then the child library as its
# own roots), import contracts (import-linter; the child's roots on the path). See pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	MYPYPATH=grader/sandbox_lib $(BIN)/mypy -p dlprep_child -p d2l -p dlprep_common
	PYTHONPATH=grader/sandbox_lib $(BIN)/lint-imports --no-cache

# tmux drives the end-to-end test (tests/e2e); it is installed when missing and we are root,
# otherwise that one test skips and says why.
test: lint
	@command -v tmux >/dev/null || { test "$$(id -u)" = 0 && { apt-get install -y tmux \
		|| { apt-get update && apt-get install -y tmux; }; } >/dev/null; } \
		|| echo "tmux is not available: tests/e2e/test_e2e_tmux.py will be skipped"
	$(BIN)/pytest -m "not slow" -n 2

test-all: install
	$(BIN)/pytest -n 2

# The grader's tests with CPU and memory hogs beside them (verdicts must not depend on load).
test-under-load: install
	$(BIN)/python tests/load_hog.py --cpu 2 --memory-mib 2048 --runs $(or $(RUNS),1) -- \
		$(BIN)/pytest tests/grader -m "not slow" -p no:xdist -q

bench: install
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/concepts.py
	$(BIN)/python benchmarks/fashion_data.py
	$(BIN)/python benchmarks/grading.py
	$(BIN)/python benchmarks/tui_submit.py

clean:
	rm -rf $(VENV) build *.egg-info
