#!/usr/bin/env bash
# Re-execute the notebooks in place with their default parameters, so that the committed outputs
# (which nbval compares in CI) match the current data and code. Run after changing either.
set -euo pipefail
cd "$(dirname "$0")/.."
for nb in notebooks/*.ipynb; do
  .venv/bin/papermill "$nb" "$nb" --cwd . --no-progress-bar --kernel python3 2>&1 | grep -v "IPKernelApp" || true
done
