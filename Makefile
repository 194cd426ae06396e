# Rasid — quick start: `make run`, `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DB      ?= var/sample.db
SHARED  ?= ../shared

.PHONY: setup system run test eval bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# System packages the tests need (headless Chromium, PostgreSQL); skipped when not root.
system:
	bash scripts/setup-system.sh

run: setup
	@mkdir -p var
	$(BIN)/rasid run samples/ --db $(DB)

test: setup system
	bash scripts/run-tests.sh

eval: setup
	$(BIN)/rasid eval ner --data $(SHARED)/data/ner/anercorp/test.txt --predictions var/ner-test.tsv
	$(BIN)/rasid eval seeds --seeds $(SHARED)/seeds --gold $(SHARED)/eval/seeds.gold.json
	$(BIN)/rasid eval sentences --data tests/data/sentences.jsonl
	$(BIN)/rasid eval sentences --data tests/data/sentences_heldout2.jsonl
	$(BIN)/rasid eval sentences --data tests/data/sentences_heldout3.jsonl
	$(BIN)/rasid eval resolve --seeds $(SHARED)/seeds --gold $(SHARED)/eval/seeds.gold.json
	$(BIN)/rasid eval resolve --data tests/data/resolve_ant.jsonl

bench: setup
	$(BIN)/rasid bench ingest
	$(BIN)/rasid bench tag
	$(BIN)/rasid bench extract
	$(BIN)/rasid bench run
	$(BIN)/rasid bench serve

clean:
	rm -rf $(VENV) var build *.egg-info
