"""PDF printing: a dead browser fails one PDF and is restarted; a broken browser is one clear error."""

import pytest

from povlib.exceptions import ToolMissingError
from povlib.build.pdf import Browser, BrowserError, Printer


def test_a_browser_that_dies_is_restarted_for_the_next_pdf(tmp_path):
    import shutil
    import tempfile
    from pathlib import Path
    scratch = Path(tempfile.mkdtemp(prefix="pv", dir="/tmp"))  # Chromium's socket path must stay short
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>贫困发生率</p></body></html>", encoding="utf-8")
    with Printer(tmp=scratch) as printer:
        printer.print_pdf(page, tmp_path / "a.pdf")
        printer.browser.proc.kill()
        printer.browser.proc.wait()
        with pytest.raises(BrowserError, match="Chromium exited"):
            printer.print_pdf(page, tmp_path / "b.pdf")
        printer.print_pdf(page, tmp_path / "c.pdf")
    shutil.rmtree(scratch)
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-" and (tmp_path / "c.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_broken_browser_executable_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("POVLIB_CHROMIUM", "/bin/false")
    with pytest.raises(ToolMissingError, match="does not work.*--format html"):
        Browser()
