"""Review 17h, chart and table fixes (charts17i): one pace rule in every chart sentence, one rule for
undated values said in every chart's subtitle, one style for contested data (never the lead chart
when another exists), captions kept with their drawing in print, '↳' kept with its number, and
section charts laid out short enough to share their heading's page."""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from povlib.analysis import metrics
from povlib.present import plots, pubtable, report

TEMPLATE = Path(plots.__file__).parent / "templates" / "povlib_report" / "index.html.j2"
NO_SOURCES = pd.DataFrame(columns=["source_id"])


@pytest.fixture(autouse=True, scope="module")
def _style():
    plots.use_style()


def _decline(region: str, end_basis: str, pace: float, decline: float = 8.0) -> dict:
    """A synthetic `poverty_rate_declines` row: facts not in the catalog, 2012 stated, 2016 by `end_basis`."""
    return {"source_id": "test-2017", "region": region, "start_year": 2012, "start_rate": 20.0, "end_year": 2016,
            "end_rate": 20.0 - decline, "decline_pp": decline, "years": 4, "pp_per_year": pace,
            "relative_decline_pct": 40.0, "start_fact": f"{region}-test-1", "end_fact": f"{region}-test-2",
            "caveat": "", "scope": "all", "scope_note": "", "year_basis": end_basis, "start_basis": "stated",
            "end_basis": end_basis, "anomalies": "", "flagged": False}


def test_a_pace_on_an_inferred_year_is_a_range_in_the_chart_sentence():
    # 8 pp from 2012 to 2016?: 4 or 3 years, so 2 to 2.7 pp a year, never one number
    row = _decline("aba", "document_date", 2.0)
    chart = plots.pp_per_year(pd.DataFrame([row]), {}, NO_SOURCES, national=None)
    assert chart.fig is None
    assert "2–2.7 pp a year" in chart.sentence and "no single pace" in chart.sentence
    assert not re.search(r"about 2 pp a year", chart.sentence)
    # stated years: one span, one pace
    stated = plots.pp_per_year(pd.DataFrame([_decline("aba", "stated", 2.0)]), {}, NO_SOURCES, national=None)
    assert "2 pp a year" in stated.sentence and "no single pace" not in stated.sentence


def test_a_drawn_pace_bar_labels_and_titles_the_range():
    rows = pd.DataFrame([_decline("aba", "document_date", 2.0), _decline("ganzi", "stated", 1.5, 6.0)])
    chart = plots.pp_per_year(rows, {}, NO_SOURCES, national=None)
    labels = [t.get_text() for t in chart.fig.axes[0].texts]
    assert any("2–2.7 pp a year" in t for t in labels) and any("1.5 pp a year" in t for t in labels)
    assert "2–2.7 pp a year" in chart.title and "2 pp a year (" not in chart.title


def _series(fact: str = "test-2019-001", basis: str = "context") -> pd.DataFrame:
    return pd.DataFrame({"year_end": [2015, 2018], "value": [20.0, 10.0], "unit": "percent", "raw": ["20%", "10%"],
                         "fact_id": [fact + "a", fact + "b"], "year_basis": ["stated", basis], "anomalies": ""})


def test_every_chart_states_one_rule_for_undated_values_in_its_subtitle():
    line = plots.trajectory(_series(), "Poverty incidence (%)", "percent", NO_SOURCES, national=None)
    declines = plots.rate_declines(metrics.poverty_rate_declines(), report.region_labels(), NO_SOURCES,
                                   national=None)
    for chart in (line, declines):
        assert "Only values the source dates" not in chart.subtitle
        assert re.search(r"\? (are|is) inferred, not stated", chart.subtitle), chart.subtitle
        assert re.search(r"no year[^.;]*not drawn", chart.subtitle), chart.subtitle


def _contested_fact() -> str:
    for fact, named in metrics.anomaly_index().items():
        if any(kind == "contradiction" for _, kind in named):
            return fact
    pytest.skip("no contradicted fact in the catalog")


def _line_style(chart, color):
    lines = [ln for ln in chart.fig.axes[0].get_lines() if to_hex(ln.get_color()) == color]
    return [(ln.get_linestyle(), ln.get_markerfacecolor()) for ln in lines]


def to_hex(color):
    from matplotlib.colors import to_hex as hexed
    return hexed(color)


def test_a_contested_series_is_drawn_alike_in_a_trajectory_and_in_the_rate_chart():
    series = _series()
    series.loc[1, "fact_id"] = _contested_fact()
    chart = plots.trajectory(series, "Poverty incidence (%)", "percent", NO_SOURCES, region="zhaotong",
                             national=None)
    grey = to_hex(plots.CONTESTED_COLOR)
    styles = _line_style(chart, grey)
    assert styles, "the contested series is not grey"
    assert all(ls == ":" for ls, _ in styles) and all(to_hex(face) == "#ffffff" for _, face in styles)
    assert chart.contested
    # the rate chart draws its contested rows the same way
    declines = metrics.poverty_rate_declines()
    if declines["flagged"].astype(bool).any():
        rates = plots.rate_declines(declines, report.region_labels(), NO_SOURCES, national=None)
        assert set(_line_style(rates, grey)) == set(styles)


def _chart(contested: bool):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    return plots.Chart(fig, "contested" if contested else "plain", contested=contested)


def test_the_lead_chart_is_never_a_contested_one_when_another_is_drawn():
    first, second = [_chart(True)], [None, _chart(False)]
    chosen = plots.lead(first, second)
    assert chosen.title == "plain" and second[1] is None and first[0] is not None
    alone = [_chart(True)]
    assert plots.lead(alone).title == "contested"  # the only chart: still shown
    assert plots.lead([None], [plots.Chart(None, "sentence only")]) is None


def test_a_charts_source_line_never_starts_a_page_alone_in_print():
    css = TEMPLATE.read_text(encoding="utf-8")
    block = css[css.index("@media print"):]
    rule = re.search(r"figure\.chart figcaption[^{]*\{([^}]*)\}", block)
    assert rule and "break-before: avoid-page" in rule.group(1)
    assert re.search(r"figure\.chart \.chart-source[^{]*\{[^}]*break-inside: avoid-page", block)


@pytest.mark.parametrize("cell", ["↳ 55,919", "↳ more than 78.6889", "about 3,000"])
def test_a_parts_mark_and_qualifier_never_wrap_apart_from_the_number(cell):
    text = re.sub(r"<[^>]+>", "", pubtable.aligned(cell))
    digits = re.search(r"\d", text).start()
    # the mark and the word before the number are joined to it: no ordinary space a line may break at
    assert not re.search(r"\s", text[digits - 1]) or text[digits - 1] in "\u00a0\u202f"
    assert text[digits - 1] in "\u00a0\u202f"
    if cell.startswith("↳"):
        assert text[1] in "\u00a0\u202f"
    assert re.sub(r"[\u00a0\u202f]", " ", text) == cell  # the cell's words and figure unchanged


def test_a_section_chart_is_laid_out_no_taller_than_the_first_chart():
    # a section's line chart the height a first chart prints at: it fits the rest of its heading's page
    chart = plots.trajectory(_series(basis="stated"), "Poverty incidence (%)", "percent", NO_SOURCES,
                             national=None)
    width, height = chart.fig.get_size_inches()
    assert height * 25.4 <= plots.FIRST_CHART_HEIGHT_MM
    assert plots.printed_scale(chart.fig, first=True) == 1.0  # never shrunk when it opens a report
