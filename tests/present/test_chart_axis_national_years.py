"""A national rate outside a chart's years (1978's 97.5 %) does not stretch the chart's axis."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from povlib import metrics, plots, report  # noqa: E402

#: a synthetic national series with a far-off early year (values made up for the test)
NATIONAL = pd.DataFrame({"year": [1978, 2013, 2014, 2017, 2018], "rate_pct": [97.5, 8.0, 7.0, 3.0, 2.0],
                         "poor_persons": [float("nan")] * 5, "fact_id": [f"nowhere-2020-{i:03d}" for i in range(5)]})


@pytest.fixture(autouse=True)
def _close():
    plots.use_style()
    yield
    plt.close("all")


def test_rate_chart_axis_follows_the_drawn_years_only():
    declines = metrics.poverty_rate_declines()
    chart = plots.rate_declines(declines, report.region_labels(), report.sources_of(declines), national=NATIONAL)
    top = chart.fig.axes[0].get_ylim()[1]
    assert top == pytest.approx(float(declines["start_rate"].max()) * 1.2)  # the areas' highest rate, not 97.5


def test_trajectory_axis_follows_the_drawn_years_only():
    series = dict(report.trajectories("zhaotong"))
    table = series["Poverty incidence (%)"]
    src = report.sources_of(report.region_facts("zhaotong"))
    chart = plots.trajectory(table, "Poverty incidence (%)", "percent", src, region="zhaotong", national=NATIONAL)
    assert chart.fig.axes[0].get_ylim()[1] == pytest.approx(float(table["value"].max()) * 1.25)
