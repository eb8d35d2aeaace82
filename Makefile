# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint benchmark clean

# The tools come from requirements-dev.txt, pinned by constraints.txt (with the reader's own
# dependencies) so that a new release cannot change a test result under us.
$(STAMP): pyproject.toml requirements-dev.txt constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[web]' -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m compileall -q sievierodonetsk_reader  # bytecode even if writing it is off
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sievierodonetsk-reader

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The tests run even when a lint step fails; the target fails if any step did.
test: $(STAMP)
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy || status=1; \
	$(BIN)/python -m pytest -n 2 || status=1; \
	exit $$status

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
