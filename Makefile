# dlprep: the two commands a user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-all bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/dlprep

test: install
	$(BIN)/pytest -m "not slow" -n 2

test-all: install
	$(BIN)/pytest -n 2

bench: install
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/concepts.py
	$(BIN)/python benchmarks/fashion_data.py
	$(BIN)/python benchmarks/grading.py

clean:
	rm -rf $(VENV) build *.egg-info
