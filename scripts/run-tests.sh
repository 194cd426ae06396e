#!/usr/bin/env bash
# Runs the whole test suite in the project's virtual environment.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q "$@"
