"""Charts: vector (SVG) output with the caption as HTML text, a finding as title and alt text, a value
on every mark, plain ticks, nothing cut off, no chart of fewer than two comparable marks, the national
figure on poverty-rate charts, funding parts inside their total; a missing font is a clear error."""

import re
import subprocess

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from povlib import metrics, plots, report  # noqa: E402
from povlib.exceptions import ToolMissingError  # noqa: E402

#: a synthetic national series (values made up for the test: the real one comes from the national source)
NATIONAL = pd.DataFrame({"year": list(range(2012, 2020)), "rate_pct": [10.5, 9.5, 8.0, 6.5, 5.0, 4.0, 2.5, 1.5],
                         "poor_persons": [float("nan")] * 8, "fact_id": [f"nowhere-2020-{i:03d}" for i in range(8)]})


@pytest.fixture(autouse=True)
def _close():
    plots.use_style()
    yield
    plt.close("all")


def _charts(obj) -> list:
    return list(getattr(obj, "charts", [obj]))


def _figure_texts(fig) -> list[str]:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [ax.get_title(loc=loc) for loc in ("left", "center")] + [ax.get_xlabel(), ax.get_ylabel()]
        parts += [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_yticklabels()]
    return parts


def _declines():
    declines = metrics.poverty_rate_declines()
    return declines, report.sources_of(declines)


def _funding(regions=None):
    funding = metrics.funding() if regions is None else report.metric("funding", regions)
    return plots.amounts_by_region(funding, "yi_yuan", "亿元 (100 million yuan)", "Funding", report.region_labels(),
                                   report.sources_of(funding), hue="fund_source")


def _all_charts():
    declines, sources = _declines()
    labels = report.region_labels()
    relocation = metrics.relocation_scale()
    out = [plots.rate_declines(declines, labels, sources, national=NATIONAL),
           plots.pp_per_year(declines, labels, sources, national=NATIONAL),
           plots.measure_bars(relocation, "households", "households", "Households relocated", labels,
                              report.sources_of(relocation)), _funding()]
    for chart_title, table in report.trajectories("zhaotong"):
        out.append(plots.trajectory(table, chart_title, table["unit"].iloc[0],
                                    report.sources_of(report.region_facts("zhaotong")), region="zhaotong",
                                    national=NATIONAL))
    return [c for obj in out for c in _charts(obj) if c.fig is not None]


def test_rate_chart_writes_every_value_the_unit_and_the_sources_as_text():
    declines, sources = _declines()
    chart = plots.rate_declines(declines, report.region_labels(), sources, national=None)
    texts = _figure_texts(chart.fig)
    zt = declines.set_index("region").loc["zhaotong"]
    for rate in (zt["start_rate"], zt["end_rate"]):  # the value, with its inferred-year mark when it has one
        assert any(t == f"{rate:g}%" or t.startswith(f"{rate:g}% (") for t in texts), rate
    assert "Poverty incidence (%)" in texts
    assert chart.source.startswith("Source") and "zhaotong-2019" in chart.source and "(, " not in chart.source
    assert "贫困发生率" in chart.subtitle and "scope" in chart.subtitle
    # the one English name, in the figure and in the title
    assert any(t.startswith("Zhaotong") for t in texts) and not any("昭通" in t for t in texts)


def test_rate_chart_puts_each_scope_in_its_own_panel_and_marks_inferred_years_and_anomalies():
    declines, sources = _declines()
    chart = plots.rate_declines(declines, report.region_labels(), sources, national=None)
    panels = {ax.get_title(loc="left"): " ".join(t.get_text() for t in ax.texts) for ax in chart.fig.axes}
    subset = next(text for title, text in panels.items() if "deep-poverty" in title)
    assert "Liangshan" in subset and "Liangshan" not in panels["Scope: whole region"]
    liangshan = declines.set_index("region").loc["liangshan"]
    assert f"{liangshan['end_rate']:g}% ({liangshan['end_year']}?)" in subset  # inferred end year
    notes = "\n".join(chart.notes)
    assert "Years marked “?” are inferred" in notes and "sichuan-2017-a04" in chart.notes[0]  # caveats in words first
    for aid in liangshan["anomalies"].split(";"):
        assert f"† {aid}:" in notes and "…" not in notes  # every anomaly named, none cut off


def test_poverty_rate_charts_draw_the_national_figure_as_a_labelled_series():
    declines, sources = _declines()
    labels = report.region_labels()
    with_nat = plots.rate_declines(declines, labels, sources, national=NATIONAL)
    without = plots.rate_declines(declines, labels, sources, national=None)
    texts = _figure_texts(with_nat.fig)
    assert "China (national)" in texts and "China (national)" not in _figure_texts(without.fig)
    zt = declines.set_index("region").loc["zhaotong"]
    years = NATIONAL.set_index("year")["rate_pct"]
    assert f"{years[int(zt['start_year'])]:g}%" in texts
    # the national line is context on another basis: said in the subtitle, never in the title
    assert "survey estimate" in with_nat.subtitle and "national" not in with_nat.title.lower()
    # an area's own rate beside China's survey pace is not two comparable marks: a sentence, with
    # the national pace over the same years as context and the area's contradiction in words
    pace = plots.pp_per_year(declines, labels, sources, national=NATIONAL)
    start, end = int(zt["start_year"]), int(zt["end_year"])
    national_pace = (years[start] - years[end]) / (end - start)
    assert national_pace == 1.375  # (8.0 − 2.5) / 4: a derived pace, shown to two significant figures
    assert pace.fig is None and "China's survey estimate fell about 1.4 pp a year" in pace.sentence
    assert "rests on a contradiction" in pace.sentence and "not compared" in pace.sentence
    # a trajectory in % gets the national series, one in persons does not
    series = dict(report.trajectories("zhaotong"))
    src = report.sources_of(report.region_facts("zhaotong"))
    rate = plots.trajectory(series["Poverty incidence (%)"], "Poverty incidence (%)", "percent", src,
                            region="zhaotong", national=NATIONAL)
    targets = dict(report.trajectories("ganzi"))
    poor_title = next(t for t in targets if "People lifted" in t)
    poor = plots.trajectory(targets[poor_title], poor_title, "persons", report.sources_of(report.region_facts("ganzi")),
                            region="ganzi", national=NATIONAL)
    assert "China (national)" in _figure_texts(rate.fig) and "China (national)" not in _figure_texts(poor.fig)


def test_national_series_comes_from_metrics_when_povlib_has_it(monkeypatch):
    monkeypatch.setattr(metrics, "national_poverty_rates", lambda: NATIONAL, raising=False)
    declines, sources = _declines()
    chart = plots.rate_declines(declines, report.region_labels(), sources)
    assert "China (national)" in _figure_texts(chart.fig)
    monkeypatch.delattr(metrics, "national_poverty_rates")
    assert plots.national_rates() is None


def test_charts_are_inline_svg_titled_with_their_finding_and_captioned_in_html():
    declines, sources = _declines()
    chart = plots.rate_declines(declines, report.region_labels(), sources, national=NATIONAL)
    page = chart._repr_html_()
    assert "<svg" in page and "<img" not in page and "image/png" not in page and "base64" not in page
    title = re.escape(chart.title.replace("'", "&#x27;"))
    assert re.search(rf'<svg[^>]* role="img" aria-label="{title}"', page)
    assert re.search(rf"<title>{title}</title>", page)
    assert "No description has been provided" not in page
    for cls in ("chart-title", "chart-subtitle", "chart-source", "chart-notes"):
        assert f'class="{cls}"' in page
    # Chinese in the caption is marked as such; the figure's text stays text (searchable) in the PDF's fonts
    assert '<span lang="zh-Hans">贫困发生率</span>' in page
    assert "<text" in chart.svg() and "WenQuanYi Zen Hei" in chart.svg()
    desc = re.search(r"<desc>([^<]*)</desc>", chart.svg()).group(1)
    for _, value in chart.marks:
        assert value in desc
    # the same data gives the same bytes (reproducible reports)
    again = plots.rate_declines(declines, report.region_labels(), sources, national=NATIONAL)
    assert again._repr_html_() == page


def test_every_mark_carries_its_value_ticks_are_plain_and_no_gridline_or_label_is_cut():
    for chart in _all_charts():
        fig = chart.fig
        canvas = FigureCanvasAgg(fig)  # a closed figure keeps no canvas of its own
        canvas.draw()  # glyph warnings are raised while drawing; pytest turns them into errors
        renderer = canvas.get_renderer()
        box = fig.bbox
        for ax in fig.axes:
            assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines()), chart.title
            ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
            assert not any(re.search(r"×|\^|e[+-]\d|\$", t) for t in ticks), (chart.title, ticks)
            bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_facecolor()[3] > 0 and p.get_width() > 0]
            values = [t for t in ax.texts if re.search(r"\d", t.get_text())]
            points = sum(len(line.get_xdata()) for line in ax.get_lines() if line.get_marker() not in (None, "None", ""))
            assert len(values) >= len(bars) + points - 0, (chart.title, len(values), len(bars), points)
            lo_x, hi_x = sorted(ax.get_xlim())
            lo_y, hi_y = sorted(ax.get_ylim())
            shown = ([t for t, v in zip(ax.get_xticklabels(), ax.get_xticks()) if lo_x <= v <= hi_x]
                     + [t for t, v in zip(ax.get_yticklabels(), ax.get_yticks()) if lo_y <= v <= hi_y])
            for text in ax.texts + shown:  # ticks beyond the axis limits are not drawn
                if text.get_text() and text.get_visible():
                    ext = text.get_window_extent(renderer)
                    assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, (chart.title, text.get_text())
                    assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, (chart.title, text.get_text())


def test_a_chart_of_fewer_than_two_comparable_marks_is_a_sentence():
    relocation = metrics.relocation_scale()
    one = relocation[relocation["persons"].notna()].iloc[:1]
    chart = plots.measure_bars(one, "persons", "persons", "People relocated", report.region_labels(),
                               report.sources_of(one))
    assert chart.fig is None and "no chart" in chart.sentence and f"{one['persons'].iloc[0]:,.0f} people" in chart.sentence
    assert chart._repr_html_().startswith('<p class="chart-none">') and "<svg" not in chart._repr_html_()
    # two rows of one measure and scope make a chart; a third of another measure stays out of it
    two = pd.concat([one, one.assign(region="changdu", persons=5.0),
                     one.assign(region="tongren", persons=7.0, measure="target")])
    group = plots.measure_bars(two, "persons", "persons", "People relocated", report.region_labels(),
                               report.sources_of(two))
    drawn = [c for c in group.charts if c.fig is not None]
    assert len(drawn) == 1 and len(drawn[0].fig.axes[0].get_yticklabels()) == 2
    assert "Not charted: 1 figure" in group.charts[-1].sentence and "<table" not in group.charts[-1]._repr_html_()
    # one amount of funding is a sentence with its value, not a one-dot chart
    single = metrics.funding()
    single = single[single["fact_id"] == single["fact_id"].iloc[0]]
    chart = plots.amounts_by_region(single, "yi_yuan", "亿元 (100 million yuan)", "Funding",
                                    report.region_labels(), report.sources_of(single), listing=True)
    million = f"{float(single['value_exact_yi'].iloc[0]) * 100:,g} million yuan"
    assert chart.fig is None and "<table" in chart._repr_html_() and million in chart.text()
    # paces of different scopes, without the national series, are not compared
    declines, sources = _declines()
    pace = plots.pp_per_year(declines[declines["region"] == "liangshan"], report.region_labels(), sources,
                             national=None)
    assert pace.fig is None and "no two areas of one scope" in pace.sentence


def test_funding_charts_one_measure_each_with_parts_inside_their_total():
    funding = metrics.funding()
    group = _funding()
    drawn = [c for c in group.charts if c.fig is not None]
    assert drawn
    for chart in drawn:
        assert len(chart.fig.axes) == 1  # plans, actuals, cumulative totals never share an axis
        rows = [t.get_text() for t in chart.fig.axes[0].get_yticklabels()]
        assert len(rows) >= 2
        assert chart.fig.axes[0].get_xlabel() == "million yuan"
    assert "nothing is summed" in drawn[0].subtitle.lower()
    # a total with parts of its own measure and period: one bar, its parts written inside it, never beside it
    parts = funding[funding["part_of"].astype(bool)]
    totals = funding[funding["fact_id"].isin(set(parts["part_of"]))]
    total = next(t for t in totals.itertuples()
                 if (parts[parts["part_of"] == t.fact_id]["measure"] == t.measure).all())
    mine = funding[(funding["fact_id"] == total.fact_id) | (funding["part_of"] == total.fact_id)]
    other = mine[mine["fact_id"] == total.fact_id].assign(fact_id="other-total", value_exact_yi="1.5", yi_yuan=1.5,
                                                          anomalies="")
    frame = pd.concat([mine, other]).assign(period_start="2019", period_end="2020")
    chart = next(c for c in plots.amounts_by_region(frame, "yi_yuan", "亿元 (100 million yuan)", "Funding",
                                                    report.region_labels(), report.sources_of(frame)).charts
                 if c.fig is not None)
    texts = [t.replace("\n", " ") for t in _figure_texts(chart.fig)]
    assert len(chart.fig.axes[0].get_yticklabels()) == 2
    for part in parts[parts["part_of"] == total.fact_id].itertuples():
        million = f"{float(part.value_exact_yi) * 100:,.2f}".rstrip("0").rstrip(".") + " million yuan"
        assert any(t.startswith("of which") and t.endswith(million) for t in texts), (million, texts)
        assert not any(t.strip() == million for t in texts)  # not a bar of its own
    # one colour per region, the registry's
    ax = chart.fig.axes[0]
    colours = {matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches if p.get_facecolor()[3] > 0}
    assert colours <= set(plots.COLORS["region"].values()) | {"#777777"}


def test_charts_print_as_vectors_in_the_pdf(tmp_path):
    from povlib.build.pdf import html_to_pdf

    declines, sources = _declines()
    chart = plots.rate_declines(declines, report.region_labels(), sources, national=NATIONAL)
    page = tmp_path / "chart.html"
    page.write_text(f"<html lang='en'><meta charset='utf-8'><body>{chart._repr_html_()}"
                    f"{_funding()._repr_html_()}</body></html>", encoding="utf-8")
    pdf = tmp_path / "chart.pdf"
    html_to_pdf(page, pdf)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing == [], f"the PDF holds raster images: {listing}"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Source" in text and "China" in text  # caption as text, not pixels
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image
    histogram = Image.open(next(tmp_path.glob("p*.png"))).convert("L").histogram()
    assert sum(histogram[:200]) > 0.01 * sum(histogram), "the chart did not render"


def test_empty_input_draws_nothing():
    empty = metrics.relocation_scale().iloc[0:0]
    assert plots.measure_bars(empty, "persons", "persons", "x", {}, empty) is None
    assert plots.rate_declines(metrics.poverty_rate_declines().iloc[0:0], {}, empty) is None


def test_style_writes_vector_figures_with_fixed_ids():
    assert matplotlib.rcParams["svg.fonttype"] == "none" and matplotlib.rcParams["svg.hashsalt"]


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    from matplotlib import font_manager
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name])
    monkeypatch.setattr(plots, "_FONT_GLOBS", ())
    with pytest.raises(ToolMissingError, match="fonts-noto-cjk"):
        plots.use_style()
