#!/usr/bin/env bash
# The whole suite: lint, every test on SQLite, then the database-sensitive tests
# (marked "postgres") again on a throwaway PostgreSQL cluster the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
# ANUVAD_VENV names another environment (make test-latest); the default is the locked one.
bin=${ANUVAD_VENV:-.venv}/bin

$bin/ruff check .
$bin/ruff format --check .
$bin/python -m pytest "$@"
$bin/python -m pytest --postgres -m postgres "$@"
