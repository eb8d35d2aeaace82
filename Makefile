# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
READER := $(VENV)/.reader-installed
TOOLS := $(VENV)/.tools-installed

.PHONY: run test lint benchmark clean

# `make run` installs the reader alone; `make test` adds the test tools and the [web] and
# [draft] extras.
# Both are pinned by constraints.txt, so that a new release cannot change a result under us.
$(READER): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . -c constraints.txt
	$(BIN)/python -m compileall -q sievierodonetsk_reader  # bytecode even if writing it is off
	touch $(READER)

$(TOOLS): $(READER) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -e '.[web,draft]' -r requirements-dev.txt -c constraints.txt
	touch $(TOOLS)

run: $(READER)
	$(BIN)/sievierodonetsk-reader

lint: $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# A test waits for a condition (conftest.wait_until), never for a fixed time: on a busy
# machine any fixed pause is sometimes too short. conftest.py holds the one polling loop.
FIXED_WAITS := pause\([^)]|sleep\([^0)]|sleep\(0[.0-9]|wait_for_timeout\(\s*[0-9]

# The tests run even when a lint step fails; the target fails if any step did.
test: $(TOOLS)
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy || status=1; \
	if grep -rnE '$(FIXED_WAITS)' tests --include='*.py' --exclude=conftest.py; then \
		echo "tests must wait for a condition (conftest.wait_until), not a fixed time"; \
		status=1; \
	fi; \
	$(BIN)/python -m pytest -n 2 || status=1; \
	exit $$status

benchmark: $(TOOLS)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
