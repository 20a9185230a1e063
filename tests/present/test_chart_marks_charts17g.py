"""Marks that hide each other, labels outside the plot area, leader lines across labels, uneven
year ticks, and a change the chart cannot show in full: what `collisions` finds and what the rate
chart does about each."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from povlib import metrics, plots, report  # noqa: E402

#: a synthetic national series with a 2019 rate right by Tongren's 1.16% (values made up for the test)
NATIONAL = pd.DataFrame({"year": [2014, 2017, 2018, 2019], "rate_pct": [7.0, 3.0, 2.0, 1.0],
                         "poor_persons": [float("nan")] * 4, "fact_id": [f"nowhere-2020-{i:03d}" for i in range(4)]})


@pytest.fixture(autouse=True)
def _close():
    plots.use_style()
    yield
    plt.close("all")


def _chart():
    declines = metrics.poverty_rate_declines()
    return declines, plots.rate_declines(declines, report.region_labels(), report.sources_of(declines),
                                         national=NATIONAL)


def test_collisions_finds_a_marker_on_a_marker_and_dodge_moves_the_second_aside():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(2013, 2021)
    ax.set_ylim(0, 30)
    ax.plot([2014, 2019], [7, 1.0], marker="o", label="national")
    ax.plot([2019], [1.16], marker="o", label="area")
    assert ("marker of national", "marker of area") in plots.collisions(fig)
    ax.lines[-1].remove()
    (x,) = plots.dodge([(2019, 1.16)], ax)
    assert x > 2019  # moved right, the year's own mark kept in place
    ax.plot([x], [1.16], marker="o", label="area")
    assert plots.collisions(fig) == []


def test_collisions_finds_a_label_outside_the_plot_area_and_a_leader_line_across_a_label():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    low = plots._label(ax, "below the axis", (5, 0.2), [(0, -12, "center", "top")])
    low.set_position((0, -12))
    assert ("below the axis", "outside the plot area") in plots.collisions(fig)
    low.remove()
    ax.annotate("in the way", (5, 5), ha="center", va="center")
    far = plots._label(ax, "far", (5, 2), [(0, 100, "center", "bottom")])
    far.set_position((0, 100))
    far.arrow_patch.set_visible(True)
    assert ("leader line of far", "in the way") in plots.collisions(fig)
    plots.settle(fig)  # placed again: a place whose leader line crosses no label
    assert plots.collisions(fig) == []


def test_a_lone_point_never_hides_a_national_point_and_labels_stay_clear():
    declines, chart = _chart()
    assert plots.collisions(chart.fig) == []
    ax = chart.fig.axes[0]
    national = [ln for ln in ax.get_lines() if ln.get_label() == plots.NATIONAL_LABEL][0]
    assert 2019 in list(national.get_xdata())  # China's own point keeps its year
    lone = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 1]
    assert lone and all(ln.get_xdata()[0] != 2019 for ln in lone)


def test_every_year_with_a_mark_has_a_labelled_tick():
    _, chart = _chart()
    for ax in chart.fig.axes:
        shown = {t.get_text() for t in ax.get_xticklabels() if t.get_text()}
        years = {str(int(round(x))) for ln in ax.get_lines() for x in ln.get_xdata()}
        assert years <= shown, (years, shown)
        steps = [int(b) - int(a) for a, b in zip(sorted(shown), sorted(shown)[1:])]
        assert set(steps) == {1} or shown == years  # every year, or exactly the marked years


def test_a_start_not_plotted_is_said_first_with_its_value_and_why():
    declines, chart = _chart()
    missing = declines[declines["start_year"].isna() & declines["start_rate"].notna()]
    assert len(missing)  # the data do have an area whose start has no year (Tongren)
    first = chart.subtitle.split(": the chart cannot show")[0]
    for r in missing.itertuples():
        value = f"{r.start_rate:g}%"
        assert value in first and "start" in first and "not plotted" in first, chart.subtitle
    assert chart.subtitle.index("not plotted") < chart.subtitle.index("Poverty incidence (")


def test_year_ticks_label_every_year_when_they_fit_else_the_marked_years():
    fig, (wide, narrow) = plt.subplots(1, 2, figsize=(9, 2), gridspec_kw={"width_ratios": [8, 1]})
    for ax in (wide, narrow):
        ax.set_xlim(2009.5, 2020.5)
        plots.year_ticks(ax, range(2010, 2021), {2010, 2015, 2020})
    assert [t.get_text() for t in wide.get_xticklabels()] == [str(y) for y in range(2010, 2021)]
    shown = [t.get_text() for t in narrow.get_xticklabels() if t.get_text()]
    assert shown and set(shown) <= {"2010", "2015", "2020"} and "2010" in shown
    assert len(narrow.get_xticks()) == 11  # a tick for every year either way


def test_completed_amount_under_a_plan_reads_as_progress_with_its_share_not_as_a_part():
    from decimal import Decimal
    words = plots.progress_words(Decimal("13665000000"), Decimal("16387000000"), "cumulative", "plan")
    assert "progress on the plan" in words and "not a part" in words
    assert f"{round(13665 / 16387 * 100, 1)}%" in words  # the share, computed from the two amounts
    assert plots.progress_words(Decimal("5"), Decimal("10"), "plan", "plan") == ""  # a part of a plan: a part
