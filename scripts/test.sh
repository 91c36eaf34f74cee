#!/usr/bin/env bash
# The whole suite: lint, every test on SQLite, then the database-sensitive tests
# (marked "postgres") again on a throwaway PostgreSQL cluster the tests start.
set -euo pipefail
cd "$(dirname "$0")/.."
# ANUVAD_VENV names another environment (make test-latest); the default is the locked one.
bin=${ANUVAD_VENV:-.venv}/bin

$bin/ruff check .
$bin/ruff format --check .
# One pytest worker per core (ANUVAD_TEST_WORKERS=0 for a single process); each has its own
# database, Redis and ports.
workers=(-n "${ANUVAD_TEST_WORKERS:-auto}")
phase() {
  local name=$1 start=$SECONDS
  shift
  $bin/python -m pytest "${workers[@]}" "$@"
  echo "$name: $((SECONDS - start)) s"
}
phase "SQLite" "$@"
phase "PostgreSQL" --postgres -m postgres "$@"
