# Anuvad: `make run` starts a complete local desk, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
# Reinstalled whenever the lock changes; `uv sync --locked` refuses a lock that no longer
# matches pyproject.toml, so a dependency added without `make lock` fails here.
STAMP := $(VENV)/.installed-$(shell cat uv.lock pyproject.toml | sha1sum | cut -c1-12)
ENV_FILE := var/anuvad.env
# Compiled interface catalogues: polib writes them, so no system gettext is needed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run test test-latest lock install lint format migrate demo bench clean messages schema

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# uv itself comes from uv.lock, hash-checked, through the venv's own pip.
$(UV): | $(VENV)/bin/python
	$(PY) scripts/bootstrap_uv.py

$(STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --quiet --locked --extra dev --python $(PY)
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) messages

messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(PY) -c 'import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

$(ENV_FILE):
	@mkdir -p var
	@printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote $@ (local development settings)."

migrate: install $(ENV_FILE)
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@$(PY) manage.py run_banner
	@$(VENV)/bin/honcho start $(if $(REDIS_URL),web worker,)

test: install
	bash scripts/test.sh

# The lock is the only way versions change: `make lock` moves every dependency to the newest
# release pyproject.toml allows (commit uv.lock with the change that needs it).
lock: | $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

# The whole suite against the newest releases, in a throwaway venv: try an upgrade before
# `make lock` makes it, and learn early what the next releases break.
test-latest: | $(UV)
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT \
	 && $(UV) venv --quiet --python $(PYTHON) "$$d/venv" \
	 && $(UV) pip install --quiet --python "$$d/venv/bin/python" --upgrade -r pyproject.toml --extra dev \
	 && ANUVAD_VENV="$$d/venv" bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/static

# The committed OpenAPI schema (tests/api/test_schema.py fails when it is out of date).
schema: install
	$(PY) manage.py spectacular --validate --fail-on-warn --file api/openapi.yaml
