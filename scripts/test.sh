#!/usr/bin/env bash
# Run every test: the project's data checks and the pytest suite. Does its own set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/povlib check
.venv/bin/python -m pytest -n auto --dist loadfile "$@"
