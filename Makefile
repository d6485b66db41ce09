# newsbot — the README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test install bench clean

# Create the virtualenv and install newsbot with its test tools; redone when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Index seeds/ into ./newsbot.db and show what newsbot does, with no Slack tokens.
demo: $(STAMP)
	@$(BIN)/newsbot ingest seeds/
	@echo
	@$(BIN)/newsbot ask -k 2 "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
	@echo
	@$(BIN)/newsbot ask -k 2 "quand l'entrepôt sera-t-il terminé ?"
	@echo
	@$(BIN)/newsbot ask -k 1 "missiles Iskander"
	@echo
	@$(BIN)/newsbot quotes --speaker Danilov
	@echo
	@$(BIN)/newsbot digest --dry-run
	@echo
	@$(BIN)/newsbot stats

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Search speed, memory and quality at 10k and 100k passages (minutes); the 1M run and every
# option are in docs/benchmarks.md. Needs ../shared/ (OrangeSum, PIAF); says so when absent.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/run.py --sizes 10k,100k

clean:
	rm -rf $(VENV) newsbot.db newsbot.db-wal newsbot.db-shm .pytest_cache
