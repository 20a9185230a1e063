"""Every chart of every report, built with the notebooks' calls: a title that states a finding in
words (no symbol strings), units as reader words, labels clear of lines and of each other, text
that prints at 7 pt or more at the printed size, rounded labels said to be rounded."""

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from povlib import plots, report  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _close():
    plots.use_style()
    yield
    plt.close("all")


def _report_charts():
    """Return (report name, chart, printed first) for every chart the reports of reports.yaml draw,
    made as the notebooks make them (region_profile, poverty_rates, relocation, funding)."""
    labels = report.region_labels()
    out = []

    def add(name, lead, rest):
        for i, c in enumerate([lead] + rest):
            for one in getattr(c, "charts", [c]) if c is not None else []:
                out.append((name, one, i == 0 and one is getattr(lead, "charts", [lead])[0]))

    config = yaml.safe_load((ROOT / "reports.yaml").read_text(encoding="utf-8"))["reports"]
    for entry in config:
        name, params = entry["name"], entry.get("parameters", {})
        if "region" in params:
            region = params["region"]
            sources = report.sources_of(report.region_facts(region))
            tr = [plots.trajectory(t, title, t["unit"].iloc[0], sources, region=region)
                  for title, t in report.trajectories(region)]
            rel = report.metric("relocation_scale", [region])
            fund = report.metric("funding", [region])
            rc = [plots.measure_bars(rel, "persons", "persons", "People relocated", labels, sources)]
            fc = [plots.amounts_by_region(fund, "yi_yuan", "亿元 (100 million yuan)", "Funding", labels, sources)]
            add(name, plots.lead(tr, rc, fc), tr + rc + fc)
        elif "poverty_rates" in entry["notebook"]:
            d = report.metric("poverty_rate_declines", report.check_regions("all"))
            charts = [plots.rate_declines(d, labels, report.sources_of(d)),
                      plots.pp_per_year(d, labels, report.sources_of(d))]
            add(name, plots.lead(charts), charts)
        elif "relocation" in entry["notebook"]:
            r = report.metric("relocation_scale", report.check_regions("all"))
            charts = [plots.measure_bars(r, "persons", "persons", "People relocated", labels, report.sources_of(r)),
                      plots.measure_bars(r, "households", "households", "Households relocated", labels,
                                         report.sources_of(r))]
            add(name, plots.lead(charts), charts)
        elif "funding" in entry["notebook"]:
            f = report.metric("funding", report.check_regions("all"))
            add(name, None, [plots.amounts_by_region(f, "yi_yuan", "亿元 (100 million yuan)", "Funding", labels,
                                                     report.sources_of(f))])
    # the page caps the first chart it shows (a lead chart or not) to the first-chart height
    out = [(n, c) for n, c, _ in out if c is not None]
    firsts = {}
    for n, c in out:
        if c.fig is not None:
            firsts.setdefault(n, c)
    return [(n, c, firsts.get(n) is c) for n, c in out]


@pytest.fixture(scope="module")
def every_chart():
    plots.use_style()
    charts = _report_charts()
    assert sum(c.fig is not None for _, c, _ in charts) >= 5  # the reports do draw charts
    return charts


def test_titles_state_a_finding_in_words_and_units_are_reader_words(every_chart):
    for name, chart, _ in every_chart:
        assert "see notes" not in chart.title and not re.search(r"\([?†\s]+", chart.title), (name, chart.title)
        if chart.fig is None:
            continue
        assert len(chart.title) <= 150, (name, chart.title)  # one or two printed lines, not four
        assert re.search(r"\d", chart.title), (name, chart.title)  # a finding with its number
        words = [chart.subtitle] + [t for ax in chart.fig.axes for t in (ax.get_xlabel(), ax.get_ylabel())]
        for text in words:
            assert not re.search(r"\b(count|persons)\b", text), (name, text)
        if any("†" in label for label, _ in chart.marks):
            assert any("anomal" in n for n in chart.notes) and "†" not in chart.title, (name, chart.notes)


def test_labels_collide_with_no_line_and_no_other_text(every_chart):
    for name, chart, _ in every_chart:
        if chart.fig is not None:
            assert plots.collisions(chart.fig) == [], (name, chart.title, plots.collisions(chart.fig))


def test_chart_text_prints_at_seven_points_or_more(every_chart):
    for name, chart, first in every_chart:
        if chart.fig is not None:
            printed = plots.smallest_text_pt(chart.fig) * plots.printed_scale(chart.fig, first)
            assert printed >= plots.MIN_PRINT_PT, (name, chart.title, printed)


def test_rounded_labels_say_so_and_keep_at_most_three_significant_figures(every_chart):
    for name, chart, _ in every_chart:
        if chart.fig is None:
            continue
        texts = [t.get_text() for ax in chart.fig.axes for t in ax.texts]
        for t in texts:
            for number in re.findall(r"\d[\d,]*\.\d{2,}", t):
                assert "%" in t and len(number.split(".")[1]) <= 2, (name, t)  # only a stated rate: 25.71%


def test_the_first_chart_height_is_the_report_templates():
    css = (ROOT / "povlib/present/templates/povlib_report/index.html.j2").read_text(encoding="utf-8")
    cap = re.search(r"\.povlib-first svg \{ max-height: (\d+)mm", css)
    assert cap and int(cap.group(1)) == plots.FIRST_CHART_HEIGHT_MM


def test_collisions_finds_overlapping_labels_and_settle_moves_them_apart():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1], marker="o")
    ax.set_xlim(-1, 2)
    ax.set_ylim(-1, 2)
    a = ax.annotate("first label", (0.5, 0.5), textcoords="offset points", xytext=(0, 0), ha="center")
    ax.annotate("second label", (0.5, 0.5), textcoords="offset points", xytext=(0, 0), ha="center")
    assert plots.collisions(fig)  # on each other and on the line
    a.remove()
    ax.texts[0].remove()
    plots._label(ax, "first label", (0.5, 0.5), plots.ABOVE)
    plots._label(ax, "second label", (0.5, 0.5), plots.ABOVE)
    plots.settle(fig)
    assert plots.collisions(fig) == []


def test_a_tall_first_chart_is_laid_out_at_its_printed_size():
    fig, ax = plt.subplots(figsize=(7.5, 6))
    ax.plot([0, 1], [0, 1])
    plots.fit_first(fig)
    width, height = fig.get_size_inches()
    assert height * 25.4 <= plots.FIRST_CHART_HEIGHT_MM + 0.01 and width <= plots.TEXT_WIDTH_IN
    assert plots.printed_scale(fig, first=True) == pytest.approx(1.0)
