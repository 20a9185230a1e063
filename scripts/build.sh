#!/usr/bin/env bash
# Build every report (HTML, PDF, executed notebooks, index, data exports) into reports/.
# Does its own set-up. Extra arguments go to `povlib build` (e.g. --force, --only NAME).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/povlib check
.venv/bin/povlib build "$@"
