"""A PDF build checks the fonts it embeds before any work (issue 19, item 2).

The check is tested with a stand-in `fc-match` on PATH, so no font has to be uninstalled.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from povlib import ToolMissingError
from povlib.build.pdf import PDF_FONTS, check_fonts, missing_fonts

PROBE = ROOT / "tests" / "fixtures" / "notebooks" / "probe.ipynb"
#: a stand-in fc-match that resolves every family to DejaVu Sans (WenQuanYi Zen Hei is "not installed")
WITHOUT_WQY = '#!/bin/sh\nprintf "DejaVu Sans"\n'
#: a stand-in fc-match that finds every family asked for (its last argument)
WITH_ALL = '#!/bin/sh\nfor last; do :; done\nprintf "%s,other name" "$last"\n'


def _fake_fc_match(tmp_path, script: str) -> dict:
    """Return an environment whose PATH finds `script` as fc-match first."""
    folder = tmp_path / "bin"
    folder.mkdir(parents=True)
    tool = folder / "fc-match"
    tool.write_text(script, encoding="utf-8")
    tool.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def test_the_fonts_checked_are_the_ones_the_report_css_puts_first():
    css = (ROOT / "povlib" / "present" / "templates" / "povlib_report" / "index.html.j2").read_text(encoding="utf-8")
    first = css.split("font-family:", 1)[1].split(";", 1)[0]
    assert [f.strip(' "') for f in first.split(",")[:2]] == list(PDF_FONTS)


def test_missing_fonts_compares_the_family_fontconfig_picks():
    picks = {"DejaVu Sans": "DejaVu Sans", "WenQuanYi Zen Hei": "DejaVu Sans"}
    assert missing_fonts(picks.get) == ["WenQuanYi Zen Hei"]
    assert missing_fonts(lambda family: f"{family},文泉驿正黑") == []
    assert missing_fonts(lambda family: "") == list(PDF_FONTS)


def test_a_missing_font_is_one_line_with_the_install_command():
    with pytest.raises(ToolMissingError) as info:
        check_fonts(lambda family: "DejaVu Sans")
    message = str(info.value)
    assert "\n" not in message and "'WenQuanYi Zen Hei'" in message
    assert "apt-get install fonts-wqy-zenhei`" in message and "--format html" in message
    check_fonts(lambda family: family)  # every font present: no error


def test_a_pdf_build_stops_before_any_work_when_a_font_is_missing(tmp_path):
    cfg = tmp_path / "probe.yaml"
    cfg.write_text(yaml.safe_dump({"reports": [{"name": "p0", "notebook": str(PROBE),
                                                "parameters": {"action": "ok"}}]}), encoding="utf-8")
    out = tmp_path / "out"
    env = _fake_fc_match(tmp_path, WITHOUT_WQY)
    proc = subprocess.run([sys.executable, "-m", "povlib", "build", "--config", str(cfg), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "apt-get install fonts-wqy-zenhei" in proc.stderr
    assert not out.exists()  # stopped before any work
    html_only = subprocess.run([sys.executable, "-m", "povlib", "build", "--config", str(cfg), "--out", str(out),
                                "--format", "html"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert html_only.returncode == 0, html_only.stderr
    assert (out / "p0.html").is_file() and not (out / "p0.pdf").exists()


def test_a_pdf_build_with_every_font_gets_past_the_check(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _fake_fc_match(tmp_path, WITH_ALL)["PATH"])
    check_fonts()  # the real fc_match, through the stand-in: no error
    monkeypatch.setenv("PATH", _fake_fc_match(tmp_path / "b", WITHOUT_WQY)["PATH"])
    with pytest.raises(ToolMissingError, match="WenQuanYi"):
        check_fonts()
