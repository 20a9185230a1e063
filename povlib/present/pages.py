"""The reader's HTML page of an executed notebook (nbconvert with povlib's template) and its title."""

from __future__ import annotations

import html
import re
from pathlib import Path

#: nbconvert templates for the reports (povlib_report)
TEMPLATES = Path(__file__).resolve().parent / "templates"


def to_html(notebook_path: Path, title: str) -> str:
    """Return the reader's HTML of an executed notebook: code and `report-hide` cells hidden,
    lang zh, povlib table style."""
    import nbformat
    from nbconvert import HTMLExporter

    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="povlib_report", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    # cells tagged report-hide print plain text for nbval; readers get the HTML table next to them
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"report-hide"}, enabled=True), True)
    exporter.language_code = "zh"  # Chromium then picks Noto Sans CJK SC for Chinese
    nb = nbformat.read(str(notebook_path), as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return with_title(body, title)


def with_title(body: str, fallback: str) -> str:
    """Return the page with its <title> set to the report's first <h1> (the PDF's Title too)."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() if heading else fallback
    return re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(text)}</title>", body, count=1, flags=re.S)


def page_title(html_path: Path) -> str:
    """Return the <title> of a built report."""
    found = re.search(r"<title>(.*?)</title>", html_path.read_text(encoding="utf-8"), re.S)
    return html.unescape(found.group(1)) if found else html_path.stem
