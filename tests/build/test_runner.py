"""`povlib build` end to end: the full build, what a reader sees, incrementality, failures, kills.

The full build runs once per module (it is the CI build); the failure tests use a small
configuration with html only to stay fast.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
import yaml

from pathlib import Path

from conftest import ROOT
from povlib import report
from povlib.build.runner import build, load_config, summary

CONFIG = ROOT / "reports.yaml"


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    results = build(CONFIG, out, jobs=2)
    return out, results


def test_full_build_writes_every_report_in_html_and_pdf(full):
    out, results = full
    assert [r.status for r in results] == ["built"] * len(load_config(CONFIG)), summary(results)
    for rep in load_config(CONFIG):
        for ext in ("ipynb", "html", "pdf"):
            assert (out / f"{rep.name}.{ext}").stat().st_size > 0
    index = (out / "index.html").read_text(encoding="utf-8")
    for rep in load_config(CONFIG):
        assert f'href="{rep.name}.html"' in index and f'href="{rep.name}.pdf"' in index
    assert "povlib 0.1.0" in index and "data hash" in index
    assert (out / "data" / "datapackage.json").is_file()


def test_config_lists_a_profile_for_every_profiled_region():
    params = [r.parameters.get("region") for r in load_config(CONFIG)]
    assert set(report.profile_regions()) <= set(params)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_embeds_a_cjk_font_and_holds_names_and_numbers(full, tmp_path):
    out, _ = full
    fonts = subprocess.run(["pdffonts", str(out / "profile-tongren.pdf")], capture_output=True, text=True,
                           check=True).stdout
    assert re.search(r"WenQuanYi|CJK", fonts), fonts
    text = _pdf_text(out / "profile-tongren.pdf")
    head = report.headline("tongren")
    assert "铜仁市" in text
    # reading order, not layout: a table cell's wrapped quote ('…的4.38' / '万人') stays one run of text
    flat = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out / "profile-tongren.pdf"), "-"],
                                             capture_output=True, text=True, check=True).stdout)
    for raw in head["raw"]:
        assert re.sub(r"\s+", "", raw) in flat, raw
    rates = _pdf_text(out / "poverty-rates.pdf")
    assert "25.71" in rates and "12.49" in rates and "昭通" in rates


def test_pdf_page_renders_the_chart(full, tmp_path):
    out, _ = full
    for pdf in sorted(out.glob("*.pdf")):  # charts are vectors: no PDF holds a raster image
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing == [], f"{pdf.name} holds raster images: {listing[:3]}"
    pages = _pdf_text(out / "poverty-rates.pdf").split("\f")
    page = next(i for i, text in enumerate(pages, 1) if "Poverty incidence (贫困发生率)" in text)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(out / "poverty-rates.pdf"),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image
    histogram = Image.open(png).convert("L").histogram()
    assert sum(histogram[:200]) > 0.01 * sum(histogram), "the rendered page is blank"


def test_html_reports_open_in_chromium_without_errors(full):
    from playwright.sync_api import sync_playwright

    out, _ = full
    from povlib.build.pdf import FLAGS, find_chromium
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(),
                                    args=[f for f in FLAGS if f not in ("--headless",)])
        for page_path in sorted(out.glob("*.html")):
            page = browser.new_page()
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
            page.goto(page_path.as_uri())
            images = page.evaluate("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
            assert all(images), f"{page_path.name}: an image did not load"
            if page_path.stem in ("poverty-rates", "funding"):
                charts = page.evaluate("document.querySelectorAll('figure.chart svg[role=img]').length")
                assert charts, f"{page_path.name} shows no chart"
            assert errors == [], f"{page_path.name}: {errors}"
            if page_path.name != "index.html":
                assert "Sources" in page.inner_text("body")
            page.close()
        browser.close()


def test_html_hides_code_and_escapes_quotes(full):
    out, _ = full
    html = (out / "profile-zhaotong.html").read_text(encoding="utf-8")
    assert "report.check_region" not in html and "NBVAL_CHECK_OUTPUT" not in html
    assert "<script src=" not in html
    assert "貧困發生率從25.71%下降至12.49%" in html  # traditional quote kept verbatim


def test_second_build_rebuilds_nothing(full):
    out, _ = full
    start = time.monotonic()
    results = build(CONFIG, out, jobs=2)
    assert {r.status for r in results} == {"skipped"}
    assert time.monotonic() - start < 5


# --- failures, parameters and interruptions, on a small config ----------------------------------

def _config(tmp_path, reports) -> "Path":
    path = tmp_path / "reports.yaml"
    for r in reports:
        r["notebook"] = str(ROOT / r["notebook"])
    path.write_text(yaml.safe_dump({"reports": reports}), encoding="utf-8")
    return path


def test_failing_report_does_not_stop_others_and_keeps_previous_version(tmp_path):
    out = tmp_path / "out"
    good = {"name": "tongren", "notebook": "notebooks/region_profile.ipynb", "parameters": {"region": "tongren"}}
    other = {"name": "rates", "notebook": "notebooks/poverty_rates.ipynb", "parameters": {"regions": "all"}}
    cfg = _config(tmp_path, [dict(good), dict(other)])
    assert {r.status for r in build(cfg, out, formats=("html",), jobs=2)} == {"built"}
    before = (out / "tongren.html").read_bytes()
    broken = dict(good, parameters={"region": "atlantis"})
    cfg = _config(tmp_path, [broken, dict(other, parameters={"regions": "tongren"})])
    results = {r.name: r for r in build(cfg, out, formats=("html",), jobs=2)}
    assert results["rates"].status == "built"
    failed = results["tongren"]
    assert failed.status == "failed" and "cell" in failed.cell
    assert "unknown region 'atlantis'" in failed.error and "valid values" in failed.error
    assert (out / "tongren.html").read_bytes() == before
    assert "FAILED tongren" in summary(list(results.values()))
    assert "last build failed" in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / ".tmp").exists() or not any((out / ".tmp").iterdir())


def test_cli_build_exits_non_zero_on_failure(tmp_path):
    cfg = _config(tmp_path, [{"name": "bad", "notebook": "notebooks/relocation.ipynb",
                              "parameters": {"regions": []}}])
    proc = subprocess.run([sys.executable, "-m", "povlib", "build", "--config", str(cfg), "--out",
                           str(tmp_path / "o"), "--format", "html"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "FAILED bad" in proc.stdout and "ValueError" in proc.stdout


@pytest.mark.parametrize("notebook, value, message", [
    ("region_profile", "atlantis", "unknown region 'atlantis'"),
    ("region_profile", 5, "must be a string"),
    ("poverty_rates", [], "is empty"),
])
def test_papermill_cli_stops_in_the_first_cell_with_valid_values(tmp_path, notebook, value, message):
    name = "region" if notebook == "region_profile" else "regions"
    param = ["-y", json.dumps({name: value})]
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "papermill") if (ROOT / ".venv").exists() else "papermill",
                           str(ROOT / "notebooks" / f"{notebook}.ipynb"), str(tmp_path / "out.ipynb"),
                           *param, "--cwd", str(ROOT), "--no-progress-bar"],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert message in proc.stderr + proc.stdout
    import nbformat
    nb = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    errors = [i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    params_cell = next(i for i, c in enumerate(nb.cells) if "injected-parameters" in c.metadata.get("tags", []))
    first_after = next(i for i in range(params_cell + 1, len(nb.cells)) if nb.cells[i].cell_type == "code")
    assert errors == [first_after]


def test_killed_build_leaves_previous_reports_whole_and_next_build_completes(tmp_path):
    out = tmp_path / "out"
    reports = [{"name": f"r{i}", "notebook": "notebooks/region_profile.ipynb", "parameters": {"region": reg}}
               for i, reg in enumerate(["tongren", "changdu", "xinzhou", "aba"])]
    cfg = _config(tmp_path, reports)
    build(cfg, out, formats=("html",), jobs=2)
    before = {p.name: p.read_bytes() for p in out.glob("*.html")}
    cmd = [sys.executable, "-m", "povlib", "build", "--config", str(cfg), "--out", str(out), "--format", "html",
           "--force", "--jobs", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while not any((out / ".tmp").glob("*/*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for name, data in before.items():
        now = (out / name).read_bytes()
        assert now == data or now.rstrip().endswith(b"</html>"), f"{name} is half-written"
    results = build(cfg, out, formats=("html",), jobs=2)
    assert all(r.status in ("built", "skipped") for r in results)
    assert not (out / ".tmp").exists() or not any((out / ".tmp").iterdir())
    assert len(list(out.glob("*.html"))) == len(reports) + 1  # reports + index


def test_executed_notebooks_have_no_warnings_or_errors(full):
    import nbformat

    out, _ = full
    for path in sorted(out.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                assert output.get("output_type") != "error", f"{path.name} cell {index}: {output.get('evalue')}"
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    pytest.fail(f"{path.name} cell {index} wrote to stderr (a warning?): {output['text'][:300]}")


# --- hardening: names, parameters, concurrency, crashes, orphans, reproducibility ---------------

PROBE = ROOT / "tests" / "fixtures" / "notebooks" / "probe.ipynb"


def _probe_config(tmp_path, *actions, extra=()):
    reports = [{"name": f"p{i}", "notebook": str(PROBE), "parameters": {"action": a}} for i, a in enumerate(actions)]
    path = tmp_path / "probe.yaml"
    path.write_text(yaml.safe_dump({"reports": reports + list(extra)}), encoding="utf-8")
    return path


def _povlib(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "povlib", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, **kw)


def test_a_report_name_cannot_reach_outside_the_output_folder(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("precious", encoding="utf-8")
    cfg = _probe_config(tmp_path, "ok", extra=[{"name": "../../victim", "notebook": str(PROBE)}])
    proc = _povlib("build", "--config", str(cfg), "--out", str(tmp_path / "out" / "reports"), "--format", "html")
    assert proc.returncode == 2
    assert "report 2" in proc.stderr and "not a safe file name" in proc.stderr and "Traceback" not in proc.stderr
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "precious"
    assert not (tmp_path / "out" / "evil").exists()


def test_inside_refuses_paths_outside_the_output_folder(tmp_path):
    from povlib.build.outputs import inside
    from povlib.exceptions import PovlibError
    with pytest.raises(PovlibError, match="outside the output folder"):
        inside(tmp_path / "out", tmp_path / "out" / ".." / "victim")
    assert inside(tmp_path / "out", tmp_path / "out" / "a.html") == tmp_path / "out" / "a.html"


def test_a_misspelt_parameter_fails_that_report_only(tmp_path):
    cfg = _probe_config(tmp_path, "ok", extra=[{"name": "profile-ganzi", "notebook": "notebooks/region_profile.ipynb",
                                               "parameters": {"regoin": "ganzi"}}])
    text = cfg.read_text(encoding="utf-8").replace("notebooks/region_profile.ipynb",
                                                   str(ROOT / "notebooks" / "region_profile.ipynb"))
    cfg.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = _povlib("build", "--config", str(cfg), "--out", str(out), "--format", "html")
    assert proc.returncode == 1, proc.stderr
    assert "FAILED profile-ganzi" in proc.stdout and "'regoin'" in proc.stdout and "valid: region" in proc.stdout
    assert (out / "p0.html").is_file() and not (out / "profile-ganzi.html").exists()
    assert "Traceback" not in proc.stdout + proc.stderr


def test_two_builds_at_once_both_succeed(tmp_path):
    cfg = _probe_config(tmp_path, "ok", "ok", "ok")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "povlib", "build", "--config", str(cfg), "--out", str(out), "--format", "html",
           "--force"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert "failed" not in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / ".tmp").exists()


def test_a_dead_worker_fails_only_its_report_and_the_index_is_written(tmp_path):
    cfg = _probe_config(tmp_path, "ok", "kill-worker", "ok", "ok")
    out = tmp_path / "out"
    results = {r.name: r for r in build(cfg, out, formats=("html",), jobs=2)}
    assert results["p1"].status == "failed" and "died" in results["p1"].error
    assert [results[n].status for n in ("p0", "p2", "p3")] == ["built"] * 3
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="p3.html"' in index and "last build failed" in index


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            state = open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(f"{pid}: {cmdline[:120]}")
    return found


def test_sigkill_of_the_main_process_leaves_no_process_and_no_temp_file(tmp_path):
    import tempfile
    out = tmp_path / "out"
    tmp = Path(tempfile.mkdtemp(prefix="pv", dir="/tmp"))  # the system temp folder of the build (short)
    reports = [{"name": f"r{i}", "notebook": str(ROOT / "notebooks" / "region_profile.ipynb"),
                "parameters": {"region": reg}} for i, reg in enumerate(["tongren", "changdu", "xinzhou"])]
    cfg = tmp_path / "reports.yaml"
    cfg.write_text(yaml.safe_dump({"reports": reports}), encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.Popen([sys.executable, "-m", "povlib", "build", "--config", str(cfg), "--out", str(out),
                             "--jobs", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list((out / ".tmp" / "kernels").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(str(out)), f"the build did not start: {proc.poll()} {proc.stderr.read() if proc.poll() is not None else ''}"
    proc.kill()  # the main process only, as `kill -9 PID` would
    proc.wait()
    deadline = time.monotonic() + 60  # orphans notice within a second; a loaded machine may take longer
    while _processes_mentioning(str(out)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(str(out)) == []
    again = _povlib("build", "--config", str(cfg), "--out", str(out), "--jobs", "2", env=env)
    assert again.returncode == 0 and "3 built" in again.stdout, again.stdout + again.stderr
    assert not (out / ".tmp").exists()
    assert list(tmp.iterdir()) == []
    tmp.rmdir()


def test_unchanged_inputs_give_byte_identical_html_and_notebooks(tmp_path):
    reports = [{"name": "tongren", "notebook": "notebooks/region_profile.ipynb", "parameters": {"region": "tongren"}},
               {"name": "funding", "notebook": "notebooks/funding.ipynb", "parameters": {"regions": "all"}}]
    cfg = _config(tmp_path, reports)
    first, second = tmp_path / "a", tmp_path / "b"
    build(cfg, first, formats=("html",), jobs=1)
    build(cfg, second, formats=("html",), jobs=2)
    for name in ("tongren", "funding"):
        for ext in ("html", "ipynb"):
            assert (first / f"{name}.{ext}").read_bytes() == (second / f"{name}.{ext}").read_bytes(), f"{name}.{ext}"


@pytest.mark.parametrize("argv, message", [
    (["--jobs", "0"], "less than 1"), (["--jobs", "-1"], "less than 1"), (["--jobs", "two"], "not a whole number"),
])
def test_jobs_below_one_is_refused(argv, message):
    proc = _povlib("build", *argv)
    assert proc.returncode == 2 and message in proc.stderr


def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = _povlib("build", "--config", str(_probe_config(tmp_path, "ok")), "--out", str(blocker / "reports"),
                   "--format", "html")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "cannot write to the output folder" in proc.stderr


def test_a_kernel_that_dies_fails_its_report_without_hanging_the_build(tmp_path):
    cfg = _probe_config(tmp_path, "kill-kernel", "ok", "ok")
    results = {r.name: r for r in build(cfg, tmp_path / "out", formats=("html",), jobs=1)}
    assert results["p0"].status == "failed" and "kernel died" in results["p0"].error
    assert results["p1"].status == results["p2"].status == "built"


@pytest.mark.parametrize("formats", ["", ","])
def test_an_empty_format_list_is_one_clear_error(formats):
    proc = _povlib("build", "--format", formats)
    assert proc.returncode == 2 and "names no format" in proc.stderr


# --- what a reader gets (issue: reports a reader can publish) -----------------------------------

FIT_JS = """() => {
  const W = document.documentElement.clientWidth, bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (r.right > W + 1 || r.left < -1) bad.push(`${el.tagName}.${el.className} spans ${r.left}-${r.right}`);
    if (['auto', 'scroll', 'hidden', 'clip'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1)
      bad.push(`${el.tagName}.${el.className} clips ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return bad;
}"""


def _reports(out):
    return sorted(p for p in out.glob("*.html") if p.name != "index.html")


def test_every_report_fits_an_a4_print_page(full):
    from playwright.sync_api import sync_playwright

    from povlib.build.pdf import FLAGS, find_chromium
    out, _ = full
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=[f for f in FLAGS if f != "--headless"])
        page = browser.new_page(viewport={"width": 680, "height": 1000})  # A4 with an 18 cm text width
        page.emulate_media(media="print")
        for path in [out / "index.html", *_reports(out)]:
            page.goto(path.as_uri())
            assert page.evaluate(FIT_JS) == [], path.name
        # the check can fail: a block wider than the page is caught
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"width:900px;height:9px\">x</div>')")
        assert page.evaluate(FIT_JS)
        browser.close()


def test_every_report_opens_with_key_messages_then_its_first_chart_then_key_findings(full):
    out, _ = full
    for path in _reports(out):
        text = path.read_text(encoding="utf-8")
        start = re.search(r"<ul class=[\"']key-findings[\"']>", text).start()
        first_chart = text.find("<svg") if "<svg" in text else start  # a profile may have no chart
        assert text.index("Key messages") < first_chart <= start, path.name
        items = text[start:text.index("</ul>", start)].split("<li>")[1:]
        assert 1 <= len(items) <= 6, (path.name, len(items))
        for item in items:
            ids = re.findall(r'href="#fact-([a-z0-9-]+)"', item)
            assert ids and all(re.search(f"id=[\"']fact-{i}[\"']", text) for i in ids), (path.name, item[:120])
        assert "e+0" not in text.split("Key findings")[1].split("</ul>")[0]


def _first_chart_title(html_text: str) -> str | None:
    """Return the text of the first drawn chart's title (the <h3 class="chart-title"> of the first
    <figure class="chart">), or None when the page draws no chart."""
    import html as html_lib
    found = re.search(r'<figure class="chart".*?<h3 class="chart-title">(.*?)</h3>', html_text, re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else None


def test_the_key_messages_and_the_first_chart_are_on_page_1(full):
    out, _ = full
    squeeze = lambda t: re.sub(r"\s+", "", t)
    charted = 0
    for path in _reports(out):
        page1 = squeeze(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path.with_suffix(".pdf")), "-"],
                                       capture_output=True, text=True, check=True).stdout)
        assert "Keymessages" in page1, path.name
        title = _first_chart_title(path.read_text(encoding="utf-8"))
        if title is not None:
            charted += 1
            assert squeeze(title)[:40] in page1, (path.name, title)
    assert charted >= 5  # the check can fail: half the reports draw a chart


def test_pdfs_have_titles_outlines_and_a_footer_on_every_page(full):
    out, _ = full
    for path in _reports(out):
        pdf = path.with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        title = re.search(r"^Title:\s+(.*)$", info, re.M).group(1).strip()
        assert title == re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8")).group(1), pdf.name
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert b"/Outlines" in pdf.read_bytes(), f"{pdf.name} has no outline"
        for n in range(1, pages + 1):
            text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert re.search(rf"\b{n}\s*/\s*{pages}\b", text) and "povlib 0.1.0" in text and "data " in text, (pdf.name, n)


def test_html_and_pdf_show_the_same_facts(full):
    out, _ = full
    fact = re.compile(r"\b[a-z]+-20\d\d-\d{3}\b")
    for path in _reports(out):
        html_ids = set(re.findall(r"id=[\"']fact-([a-z0-9-]+)[\"']", path.read_text(encoding="utf-8")))
        pdf_text = subprocess.run(["pdftotext", str(path.with_suffix(".pdf")), "-"], capture_output=True, text=True,
                                  check=True).stdout
        pdf_ids = set(fact.findall(pdf_text))
        assert html_ids and html_ids <= pdf_ids, (path.name, sorted(html_ids - pdf_ids)[:5])
        assert pdf_ids <= html_ids | set(fact.findall(path.read_text(encoding="utf-8"))), path.name


def test_charts_share_colours_across_reports():
    from povlib import plots
    assert plots.color_of("fund_source", "east_west_partner") == plots.COLORS["fund_source"]["east_west_partner"]
    assert len(set(plots.COLORS["region"].values())) == len(plots.COLORS["region"])
    assert plots.color_of("region", "nowhere") == "#777777"


def test_a_no_op_build_imports_neither_pandas_nor_matplotlib(tmp_path):
    """A build with nothing to rebuild only compares hashes and stamps: it must not pay for pandas."""
    cfg, out = _probe_config(tmp_path, "ok"), tmp_path / "out"
    first = _povlib("build", "--config", str(cfg), "--out", str(out), "--format", "html")
    assert first.returncode == 0, first.stderr
    probe = ("import sys\nfrom povlib.cli import main\n"
             f"status = main(['build', '--config', {str(cfg)!r}, '--out', {str(out)!r}, '--format', 'html'])\n"
             "print('heavy:' + ','.join(m for m in ('pandas', 'matplotlib') if m in sys.modules), status)")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "0 built, 1 unchanged" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "heavy: 0"


# ---------------------------------------------------------------- reports a reader can cite (issue 17)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class _LangCheck(HTMLParser):
    """Collect text with Han characters whose nearest lang is not zh-Hans or zh-Hant."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.bad, self.root = [], [], None

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.root = lang
        if tag not in self.VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if any(t in ("script", "style", "title") for t, _ in self.stack) or not HAN.search(data):
            return
        langs = [lang for _, lang in self.stack if lang]
        if not langs or langs[-1] not in ("zh-Hans", "zh-Hant"):
            self.bad.append(data.strip()[:60])


def test_every_han_character_on_an_english_page_sits_in_a_zh_element(full):
    out, _ = full
    for path in [out / "index.html", *_reports(out)]:
        check = _LangCheck()
        check.feed(path.read_text(encoding="utf-8"))
        assert check.root == "en", path.name
        assert check.bad == [], (path.name, check.bad[:5])
    # the check can fail: Chinese outside a zh element, or under lang="zh" without a script
    for page in ('<html lang="en"><p>贫困</p></html>', '<html lang="en"><p lang="zh">贫困</p></html>'):
        check = _LangCheck()
        check.feed(page)
        assert check.bad


def _texts(out):
    """Yield (file name, reader text) of every report's HTML and PDF and of the index with its search data."""
    import html as html_lib
    for path in [out / "index.html", *_reports(out)]:
        raw = path.read_text(encoding="utf-8")
        yield path.name, html_lib.unescape(re.sub(r"<[^>]+>", " ", raw))
        if path.name != "index.html":
            yield path.with_suffix(".pdf").name, _pdf_text(path.with_suffix(".pdf"))


def test_one_english_name_per_region_across_index_search_reports_and_pdfs(full):
    from povlib.catalog.frames import load_facts, load_sources
    from povlib.present.report import name_variants, region_name

    out, _ = full
    variants = name_variants()
    titles = [t for t in load_sources()["title_en"] if t]  # document titles keep their own wording
    names = sorted(set(variants.values()), key=len, reverse=True)
    for name, text in _texts(out):
        text = re.sub(r"\s+", " ", text)  # a PDF wraps a title over lines
        for title in titles:
            text = text.replace(re.sub(r"\s+", " ", title), " ")
        for keep in names:
            text = text.replace(keep, " ")
        found = [v for v in variants if re.search(rf"(?<![\w'-]){re.escape(v)}(?![\w-])", text)]
        assert found == [], (name, found)
    index = (out / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="search-data">(.*?)</script>', index, re.S)
                      .group(1).replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&"))
    regions = dict(zip(load_facts()["fact_id"], load_facts()["region"]))
    assert all(f["region"] == region_name(regions[f["id"]]) for f in data["facts"])
    assert "Garze" in index and "Qamdo" in index


def _page_fill(pdf) -> list[float]:
    """Return, per page, how far down the printed area (A4 less 12 mm top and 16 mm bottom margins)
    text, drawings and images reach: the lowest non-white pixel row of the page rendered at 30 dpi."""
    import tempfile

    from PIL import Image
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        fills = []
        for png in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            image = Image.open(png).convert("L")
            width, height = image.size
            top, bottom = round(height * 12 / 297), round(height * (297 - 16) / 297)
            pixels = image.load()
            low = max((y for y in range(top, bottom) if any(pixels[x, y] < 200 for x in range(width))), default=top)
            fills.append((low - top) / (bottom - top))
        return fills


def _section_starts(path) -> set[str]:
    """Return the headings that open a section of the report (h2), as text."""
    import html as html_lib
    raw = path.read_text(encoding="utf-8")
    return {html_lib.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", raw, re.S)}


def test_no_pdf_page_but_a_sections_last_is_under_half_full(full):
    out, _ = full
    for path in _reports(out):
        pdf, starts = path.with_suffix(".pdf"), _section_starts(path)
        fills = _page_fill(pdf)
        for n, fill in enumerate(fills[:-1], 1):
            following = subprocess.run(["pdftotext", "-f", str(n + 1), "-l", str(n + 1), str(pdf), "-"],
                                       capture_output=True, text=True, check=True).stdout
            first_line = next((line.strip() for line in following.splitlines() if line.strip()), "")
            assert fill >= 0.5 or first_line in starts, (pdf.name, n, round(fill, 2), first_line)


def test_every_quote_appears_once_in_sources_with_its_fact_ids(full):
    out, _ = full
    for path in _reports(out):
        raw = path.read_text(encoding="utf-8")
        sources = raw[raw.index("id='sources'") if "id='sources'" in raw else raw.index('id="sources"'):]
        quotes = re.findall(r"<td class=[\"']k-quote[\"']>(.*?)</td>", sources, re.S)
        assert quotes and len(quotes) == len(set(quotes)), (path.name, len(quotes) - len(set(quotes)))
        anchors = re.findall(r'id="fact-([a-z0-9-]+)"', sources)
        assert len(anchors) == len(set(anchors)), path.name
        # every fact a table or finding links to has its entry in Sources
        linked = set(re.findall(r'href="#fact-([a-z0-9-]+)"', raw))
        assert linked <= set(anchors), (path.name, sorted(linked - set(anchors))[:5])


def test_every_report_is_framed_for_citation(full):
    from povlib.base.version import __version__
    out, _ = full
    for path in _reports(out):
        raw = path.read_text(encoding="utf-8")
        assert "Definitions and method" in raw, path.name
        box = raw.split("Definitions and method")[1].split("</section>")[0]
        body = raw.replace(box, "")
        for term in ("万", "亿", "Years"):  # the unit and year rules are in every box
            assert term in box, (path.name, term)
        # a tailored box: each entry it keeps is a term the report uses (its marks when it uses them)
        for mark, pattern in (("? after a year", r"\d\?"), ("†", "†"), ("Three guarantees", "三包|[Tt]hree guarantees"),
                              ("Four-good villages", "四好|[Ff]our-good"), ("jin (斤)", r"\bjin\b|斤")):
            if mark in box:
                assert re.search(pattern, re.sub(r"<td class=[\"']k-quote[\"']>.*?</td>", "", body, flags=re.S)), \
                    (path.name, mark)
        sources = re.search(r"id=[\"']sources[\"']", raw).start()
        assert raw.index("Definitions and method") < raw.index("Suggested citation") < sources, path.name
        cite = re.search(r"<p class=[\"']povlib-cite[\"']>(.*?)</p>", raw, re.S).group(1)
        assert f"povlib {__version__}" in cite and re.search(r"data [0-9a-f]{16}", cite) and \
            re.search(r"built \d{4}-\d{2}-\d{2}", cite) and re.search(r"Accessed \d{4}-\d{2}-\d{2}", cite) and \
            "povlib project" in cite and f"{path.stem}.html" in cite, path.name
        assert not re.search(r"\(\s*,", raw), path.name  # no citation with an empty first field
        for href in re.findall(r'<p class="povlib-links">(.*?)</p>', raw, re.S)[0].split('href="')[1:]:
            target = href.split('"')[0]
            assert (out / target).is_file(), (path.name, target)
        assert f'href="{path.stem}.pdf"' in raw and 'href="index.html"' in raw and 'href="data/facts.csv"' in raw
        # the Period columns read as English
        for table in re.findall(r"<table class=[\"']povlib-table[\"'].*?</table>", raw, re.S):
            heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
            if "Period" in heads:
                col = heads.index("Period")
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
                    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
                    assert not HAN.search(cells[col]), (path.name, cells[col])


def test_every_report_page_is_well_nested(full):
    """Every <div> a report opens is closed: a page rewrite that unbalances them lays sections out
    sideways in a browser while the PDF may still look right."""
    out, _ = full
    for page in sorted(out.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert text.count("<div") == text.count("</div>"), page.name


def test_no_chart_in_any_report_has_fewer_than_two_marks(full):
    # every drawn chart lists its marks in the SVG's <desc> ("label: value; label: value"): a chart
    # of one mark (or of none) would have been a sentence instead
    out, _ = full
    charts = 0
    for path in _reports(out):
        text = path.read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="chart".*?</figure>', text, re.S)
        for figure in figures:
            desc = re.search(r"<desc>(.*?)</desc>", figure, re.S)
            assert desc, (path.name, figure[:200])
            assert len([m for m in desc.group(1).split("; ") if ":" in m]) >= 2, (path.name, desc.group(1)[:200])
        charts += len(figures)
    assert charts >= 5  # the check can fail: the reports draw charts
