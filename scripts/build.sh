#!/usr/bin/env bash
# Build every report (and the data exports) into reports/. Does its own set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/povlib check
.venv/bin/povlib export reports/data
