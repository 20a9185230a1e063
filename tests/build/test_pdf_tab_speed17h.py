"""One browser tab prints every PDF of a build: each PDF still shows its own page, with its own
footer, and a failed print leaves a tab that the next print replaces."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from povlib.build.pdf import Browser, footer_template


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def browser():
    scratch = Path(tempfile.mkdtemp(prefix="pv", dir="/tmp"))  # Chromium's socket path must stay short
    with Browser(tmp=scratch) as b:
        yield b
    shutil.rmtree(scratch)


def test_each_pdf_printed_by_the_one_tab_shows_its_own_page_and_footer(browser, tmp_path):
    pages = {}
    for name, words in (("first", "Alpha report"), ("second", "Beta report"), ("third", "Gamma report")):
        pages[name] = tmp_path / f"{name}.html"
        pages[name].write_text(f"<html><body><h1>{words}</h1><p>贫困发生率</p></body></html>", encoding="utf-8")
        browser.print_pdf(pages[name], tmp_path / f"{name}.pdf", footer_template(words, f"stamp-{name}"))
    texts = {name: _text(tmp_path / f"{name}.pdf") for name in pages}
    assert "Alpha report" in texts["first"] and "stamp-first" in texts["first"]
    assert "Beta report" in texts["second"] and "stamp-second" in texts["second"]
    assert "Alpha report" not in texts["second"] and "Beta report" not in texts["third"]
    assert "Gamma report" in texts["third"] and "stamp-third" in texts["third"]


def test_a_failed_print_is_followed_by_a_good_one(browser, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><h1>Delta report</h1></body></html>", encoding="utf-8")
    with pytest.raises(OSError):
        browser.print_pdf(page, tmp_path / "missing-folder" / "p.pdf")  # the PDF cannot be written
    browser.print_pdf(page, tmp_path / "p.pdf")
    assert "Delta report" in _text(tmp_path / "p.pdf")
