"""Charts draw marks together only when they are truly comparable (measure, per-unit basis, scope,
period, source of funds; sector across regions; never a possible total beside its parts); the rest is a
small table. Money is in million yuan; the SVG describes every mark and tags its Chinese."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from povlib import metrics, plots, report  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    plots.use_style()
    yield
    plt.close("all")


def _row(**kw):
    base = {"source_id": "tongren-2020", "region": "tongren", "fund_source": "east_west_partner", "sector": "general",
            "measure": "cumulative", "period_start": "2016", "period_end": "2020", "period_text": "", "per": "",
            "yi_yuan": 1.0, "value_exact_yi": "1", "amount_label": "", "raw": "", "fact_id": "x-1", "part_of": "",
            "level": 0, "item": "", "note": "", "scope": "all", "scope_note": "", "year_basis": "stated",
            "start_basis": "stated", "end_basis": "stated", "anomalies": "", "flagged": False}
    base.update(kw)
    return base


def _chart(rows, listing=True):
    df = pd.DataFrame(rows)
    return plots.amounts_by_region(df, "yi_yuan", "亿元 (100 million yuan)", "Funding", report.region_labels(),
                                   report.sources_of(df), listing=listing)


def _drawn(group):
    return [c for c in getattr(group, "charts", [group]) if c.fig is not None]


def test_amounts_of_other_periods_or_funders_are_a_table_not_a_ranking():
    rows = [_row(fact_id="a", yi_yuan=46.0, value_exact_yi="46"),
            _row(fact_id="b", yi_yuan=17.054, value_exact_yi="17.054", period_start="2013"),  # other start year
            _row(fact_id="c", yi_yuan=4.3, value_exact_yi="4.3", fund_source="enterprises_society")]  # other funder
    group = _chart(rows)
    assert not _drawn(group)
    html = group._repr_html_() if not hasattr(group, "charts") else "".join(c._repr_html_() for c in group.charts)
    assert "<table" in html and "largest" not in html
    assert "4,600 million yuan" in html and "1,705.4 million yuan" in html and "430 million yuan" in html
    # under a section that has its own table: one sentence, no second table
    short = _chart(rows, listing=False)
    assert "<table" not in short._repr_html_() and "table below" in short.sentence and "3 amounts" in short.sentence


def test_three_comparable_amounts_are_ranked_in_million_yuan_and_two_are_not():
    rows = [_row(fact_id=f"f{i}", yi_yuan=v, value_exact_yi=str(v), item=f"item {i}") for i, v in
            enumerate([21.6, 3.74, 1.16])]
    chart = _drawn(_chart(rows))[0]
    assert "the largest of Tongren's 3 comparable amounts" in chart.title and "2,160 million yuan" in chart.title
    assert [v for _, v in chart.marks] == ["2,160 million yuan", "374 million yuan", "116 million yuan"]
    two = _drawn(_chart(rows[:2]))[0]
    assert "largest" not in two.title
    # several regions: only amounts of one sector are drawn together
    mixed = [rows[0], _row(fact_id="g", region="changdu", yi_yuan=2.0, value_exact_yi="2", sector="education")]
    assert not _drawn(_chart(mixed))


def test_a_possible_total_is_never_drawn_beside_its_parts_and_per_unit_amounts_are_never_drawn():
    funding = metrics.funding()
    tied = funding[funding["fact_id"].isin(["sichuan-2017-007", "sichuan-2017-008", "sichuan-2017-009"])]
    assert len(tied) == 3  # one period, measure and funder: only the ambiguous anomaly keeps them apart
    group = _chart(tied.to_dict("records"))
    assert not _drawn(group)
    per = [_row(fact_id="p1", per="person_year", yi_yuan=0.00004713, value_exact_yi="0.00004713"),
           _row(fact_id="p2", per="person_year", yi_yuan=0.00005, value_exact_yi="0.00005")]
    chart = _chart(per)
    assert not _drawn(chart) and "4,713 yuan per person per year" in chart.text()


def test_progress_on_a_plan_is_an_of_which_completed_row_under_it():
    rows = [_row(fact_id="plan", measure="plan", yi_yuan=163.87, value_exact_yi="163.87", period_start="2017",
                 period_end="2019"),
            _row(fact_id="done", measure="cumulative", part_of="plan", level=1, yi_yuan=136.65,
                 value_exact_yi="136.65", period_start="2017", period_end="2020")]
    chart = _chart(rows)
    lines = chart.text().splitlines()
    plan = next(i for i, line in enumerate(lines) if "16,387 million yuan" in line)
    assert "of which completed" in lines[plan + 1] and "13,665 million yuan" in lines[plan + 1]
    assert "progress on the plan" in lines[plan + 1] and "83.4%" in lines[plan + 1]  # 13,665 / 16,387


def test_relocation_figures_of_other_periods_are_not_drawn_together():
    rel = pd.DataFrame([
        {"source_id": "tongren-2020", "region": "tongren", "measure": "cumulative", "period_start": "2016",
         "period_end": "2020", "scope": "all", "scope_note": "", "year_basis": "stated", "anomalies": "",
         "households": 66000.0},
        {"source_id": "changdu-2020", "region": "changdu", "measure": "cumulative", "period_start": "",
         "period_end": "2020", "scope": "all", "scope_note": "", "year_basis": "stated", "anomalies": "",
         "households": 1146.0}])
    chart = plots.measure_bars(rel, "households", "households", "Households relocated", report.region_labels(),
                               report.sources_of(rel), listing=True)
    assert chart.fig is None and "66,000 households" in chart.text() and "<table" in chart._repr_html_()


def test_svg_describes_every_mark_and_tags_traditional_and_simplified_chinese():
    rows = [_row(fact_id=f"f{i}", yi_yuan=v, value_exact_yi=str(v), item=f"item {i}") for i, v in
            enumerate([2.0, 1.0])]
    chart = _drawn(_chart(rows))[0]
    svg = chart.svg()
    assert "<desc>" in svg and "200 million yuan" in svg.split("<desc>")[1].split("</desc>")[0]
    assert "100 million yuan" in svg.split("<desc>")[1].split("</desc>")[0]
    fig, ax = plt.subplots()
    ax.set_title("Zhaotong 昭通 萬人")
    svg = plots.Chart(fig, "Title 亿元 here").svg()
    assert '<tspan lang="zh-Hans">昭通</tspan>' in svg and '<tspan lang="zh-Hant">萬人</tspan>' in svg
    assert 'aria-label="Title here"' in svg and "亿" not in svg.split(">", 1)[0]
    html = plots.Chart(None, "t", sentence="3.28億 and 3.28亿")._repr_html_()
    assert '<span lang="zh-Hant">億</span>' in html and '<span lang="zh-Hans">亿</span>' in html


def test_anomaly_notes_under_a_chart_are_in_english_units():
    row = pd.DataFrame({"anomalies": ["zhaotong-2019-a01"], "year_basis": ["stated"]})
    raw = "\n".join(report.anomaly_lines(["zhaotong-2019-a01"], width=10_000))
    assert "萬" in raw  # the curated explanation writes its amounts in 萬
    note = plots.marks_note(row)
    assert note.startswith("†") and "萬" not in note and "1,843,700" in note


def test_bar_labels_name_only_what_differs_and_the_title_names_what_is_shared():
    rows = [_row(fact_id=f"f{i}", yi_yuan=v, value_exact_yi=str(v), item=f"item {i}") for i, v in
            enumerate([3.0, 2.0, 1.0])]
    chart = _drawn(_chart(rows))[0]
    labels = [t.get_text() for t in chart.fig.axes[0].get_yticklabels()]
    assert labels == ["item 0", "item 1", "item 2"]
    assert "Tongren" in chart.title and "2016" in chart.title
    # what the bars share is said in the subtitle: region, measure, period, source of funds
    assert "Tongren, whole region" in chart.subtitle and "east–west partners" in chart.subtitle


def test_a_pace_is_drawn_only_beside_another_area_of_its_scope():
    # two unflagged areas of one scope are two comparable marks; the nation is never a bar beside them
    declines = metrics.poverty_rate_declines()
    row = declines[declines["region"] == "liangshan"].iloc[0]
    two = pd.DataFrame([row, row.copy()]).reset_index(drop=True)
    two.loc[1, ["region", "pp_per_year", "anomalies"]] = ["aba", 1.234, ""]
    # stated years (facts of its own): one span, so one pace
    two.loc[1, ["start_fact", "end_fact", "start_basis", "end_basis", "year_basis"]] = [
        "aba-test-1", "aba-test-2", "stated", "stated", "stated"]
    two["flagged"] = False
    chart = plots.pp_per_year(two, report.region_labels(), report.sources_of(declines))
    bars = [t.get_text() for t in chart.fig.axes[0].get_yticklabels()]
    assert len(bars) == 2 and not any(b.startswith("China") for b in bars)
    assert "1.2 pp a year" in [t.get_text().strip() for t in chart.fig.axes[0].texts]  # rounded, 2 figures
    assert "rounded" in chart.subtitle
