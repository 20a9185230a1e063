"""Review 17i, defects 6, 7 and 8 (charts): titles state only drawn marks, trajectory x ranges fit
their data and labels, registry colours are legible on white, source lines cite only drawn marks,
and leader lines avoid drawn lines."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_rgb

from povlib.analysis import metrics
from povlib.catalog.frames import load_sources
from povlib.present import plots


def _wcag_contrast_on_white(color: str) -> float:
    # WCAG 2.x relative luminance, written out here independently of plots
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return (1.0 + 0.05) / (lum + 0.05)


def test_every_registry_colour_reaches_graphics_contrast_on_white_and_stays_distinct():
    for category, colours in plots.COLORS.items():
        for key, colour in colours.items():
            assert _wcag_contrast_on_white(colour) >= 3.0, (category, key, colour)
        assert len(set(colours.values())) == len(colours), category  # one colour per entity
    # the light yellow of Set2 (Liangshan's old colour) would fail; the registry's does not
    assert _wcag_contrast_on_white("#ffd92f") < 3.0
    assert plots.color_of("region", "liangshan").lower() != "#ffd92f"


def _declines(rows):
    cols = {"source_id": "x-2020", "decline_pp": float("nan"), "years": pd.NA, "pp_per_year": float("nan"),
            "relative_decline_pct": float("nan"), "start_fact": "x-2020-001", "end_fact": "x-2020-002",
            "caveat": "", "scope": "all", "scope_note": "", "year_basis": "stated", "start_basis": "stated",
            "end_basis": "stated", "anomalies": "", "flagged": False}
    df = pd.DataFrame([{**cols, **r} for r in rows])
    return df.astype({"start_year": "Int64", "end_year": "Int64"})


def test_a_rate_chart_title_leaves_out_a_change_it_does_not_draw_in_full():
    df = _declines([{"region": "aba", "start_year": 2014, "start_rate": 33.3, "end_year": 2018, "end_rate": 11.1},
                    {"region": "xinzhou", "start_year": None, "start_rate": 44.4, "end_year": 2019,
                     "end_rate": 2.2}])
    chart = plots.rate_declines(df, {}, load_sources().head(1), national=None)
    assert "33.3%" in chart.title and "11.1%" in chart.title  # a number stays in the title
    assert "44.4%" not in chart.title and "Xinzhou" not in chart.title
    assert "44.4%" in chart.subtitle  # the row not drawn in full is named in the subtitle
    assert len(chart.title) <= plots.TITLE_CHARS


def _series(years, values, unit="persons"):
    return pd.DataFrame({"year_end": years, "value": values, "unit": unit, "raw": [str(v) for v in values],
                         "fact_id": [f"x-2020-{i:03d}" for i in range(len(years))], "year_basis": "stated",
                         "anomalies": ""})


def test_a_two_point_trajectory_fits_its_x_range_to_its_data_and_labels():
    chart = plots.trajectory(_series([2017, 2018], [51200, 20400]), "People lifted out of poverty (persons)",
                             "persons", load_sources().head(1), region="ganzi", national=None)
    fig = chart.fig
    ax = fig.axes[0]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    renderer = canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    texts = [t.get_window_extent(renderer).x1 for t in ax.texts if t.get_visible() and t.get_text().strip()]
    last_x = ax.transData.transform((2018, 20400))[0]
    # no wide empty strip on the right: the axis ends half a year after the data (the left margin),
    # or where the rightmost label ends when a label needs more room
    lo, hi = ax.get_xlim()
    assert hi - 2018 <= 2017 - lo + 1e-6 or frame.x1 - max(texts + [last_x]) < 0.08 * frame.width
    # the last point is not left in the middle of the plot
    assert (last_x - frame.x0) / frame.width > 0.6
    assert plots.collisions(fig) == []


def test_a_chart_source_line_cites_no_national_document_whose_points_are_not_drawn():
    nat = metrics.national_poverty_rates()
    drawn_years = (2012, 2014)
    drawn = {f.rsplit("-", 1)[0] for y, f in zip(nat["year"], nat["fact_id"]) if drawn_years[0] <= y <= drawn_years[1]}
    not_drawn = {f.rsplit("-", 1)[0] for y, f in zip(nat["year"], nat["fact_id"])
                 if not drawn_years[0] <= y <= drawn_years[1]} - drawn
    assert drawn and not_drawn
    chart = plots.trajectory(_series([2012, 2013, 2014], [20.5, 15.5, 10.5], unit="percent"),
                             "Poverty incidence (%)", "percent", load_sources().head(0), region="ganzi")
    for sid in drawn:
        assert f"[{sid}]" in chart.source
    for sid in not_drawn:
        assert f"[{sid}]" not in chart.source


def test_settle_keeps_a_leader_line_off_a_drawn_line_when_another_place_is_free():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.plot([0, 10], [6, 6], ls="--", color="#444444", label="national")
    ax.plot([5], [5], marker="o", ls="none", label="area")
    # first place far above (its leader crosses the dashed line), second far below (clear)
    note = plots._label(ax, "12.5%", (5, 5), [(0, 40, "center", "bottom"), (0, -40, "center", "top")])
    plots.settle(fig)
    assert note.get_position()[1] < 0, "the label took the place whose leader crosses the line"
    assert plots.collisions(fig) == []
    # and the print check reports a leader line that does cross a drawn line
    note.set_position((0, 40))
    note.set_va("bottom")
    note.arrow_patch.set_visible(True)
    assert any(a.startswith("leader line of") and b == "line national" for a, b in plots.collisions(fig))
    plt.close(fig)
