"""HTML → PDF with headless Chromium (the browser engine renders CJK with the system fonts).

Chosen over LaTeX: one Debian package instead of ~750 MB of TeX, the PDF looks like the HTML
report, and Chinese renders with Noto Sans CJK without a custom xeCJK template.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .exceptions import PovlibError, ToolMissingError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"]


def find_chromium() -> str:
    """Return the path of a Chromium executable ($POVLIB_CHROMIUM first); raise ToolMissingError."""
    explicit = os.environ.get("POVLIB_CHROMIUM")
    if explicit:
        if shutil.which(explicit):
            return shutil.which(explicit)
        raise ToolMissingError(f"POVLIB_CHROMIUM={explicit!r} is not an executable: fix the path or unset it")
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise ToolMissingError("Chromium is not installed, so PDFs cannot be printed: run `bash scripts/setup.sh` "
                           "as root, or `sudo apt-get install chromium`; or build HTML only with --format html")


def html_to_pdf(html: Path, pdf: Path, timeout: float = 120) -> None:
    """Print `html` to `pdf` with headless Chromium; returns None, raises PovlibError on failure."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="povlib-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise PovlibError(f"Chromium could not print {html.name} to PDF (exit {proc.returncode}): {' | '.join(tail)}")
