#!/usr/bin/env bash
# Run every test: the data checks, the import layers (import-linter), the pytest suite (with the
# full report build), and nbval over the committed notebooks. Does its own set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/povlib check
.venv/bin/lint-imports
.venv/bin/python -m pytest -n auto --dist loadfile tests notebooks --nbval-lax \
  --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider "$@"
