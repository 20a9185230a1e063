#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine with Python 3.11+:
#   1. Debian packages (CJK font, Chromium for PDF, poppler for PDF checks) when run as root,
#      or the exact command to run when not;
#   2. a virtual environment in .venv with povlib installed in editable mode (+ test and cluster
#      extras: the tests start a Dask LocalCluster).
# Re-running is cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(fonts-noto-cjk fonts-wqy-zenhei fonts-dejavu-core chromium poppler-utils)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .venv
    else
      echo "setup: python3 cannot create a virtual environment; run: sudo apt-get install -y python3-venv" >&2
      exit 1
    fi
  fi
fi

stamp=.venv/.povlib-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing povlib and its dependencies into .venv (log: .venv/pip.log)"
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[test,cluster]"; } \
      > .venv/pip.log 2>&1; then
    tail -n 30 .venv/pip.log >&2
    echo "setup: pip install failed; the full log is .venv/pip.log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
