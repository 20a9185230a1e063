"""Charts: CJK font, units, periods, source line; a missing font is a clear error."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from povlib import metrics, plots, report  # noqa: E402
from povlib.exceptions import ToolMissingError  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    plots.use_style()
    yield
    plt.close("all")


def _texts(fig) -> str:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [ax.get_title(loc=loc) for loc in ("left", "center")] + [ax.get_xlabel(), ax.get_ylabel()]
        parts += [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_yticklabels()]
    return "\n".join(parts)


def _draw(fig):
    fig.canvas.draw()  # glyph warnings are raised while drawing; pytest turns them into errors


def test_rate_declines_writes_both_years_unit_and_source():
    declines = metrics.poverty_rate_declines()
    sources = report.sources_of(declines)
    fig = plots.rate_declines(declines, report.region_labels(), sources)
    _draw(fig)
    text = _texts(fig)
    assert "(%)" in text and "Source:" in text and "Periods differ" in text
    zt = declines.set_index("region").loc["zhaotong"]
    assert f"{zt['start_year']}: {zt['start_rate']:g}%" in text and f"{zt['end_year']}: {zt['end_rate']:g}%" in text
    assert "昭通市" in text


def test_funding_chart_separates_measures_and_says_nothing_is_summed():
    funding = metrics.funding()
    fig = plots.amounts_by_region(funding, "yi_yuan", "亿元 (10^8 yuan)", "Funding", report.region_labels(),
                                  report.sources_of(funding), hue="fund_source")
    _draw(fig)
    text = _texts(fig)
    assert "nothing is summed" in text and "亿元" in text
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert {t.split(" — ")[1].split(" ")[0] for t in titles} == set(funding["measure"])
    # a per-year amount and a subset never share a panel with lump sums of the whole region
    assert any("per year" in t for t in titles) and any(" · " in t for t in titles)


def test_rate_chart_puts_each_scope_in_its_own_panel_and_marks_inferred_years_and_anomalies():
    declines = metrics.poverty_rate_declines()
    fig = plots.rate_declines(declines, report.region_labels(), report.sources_of(declines))
    _draw(fig)
    panels = {ax.get_title(loc="left"): [t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes}
    subset = next(labels for title, labels in panels.items() if "deep-poverty" in title)
    assert len(subset) == 1 and "Liangshan" in subset[0] and "deep-poverty" in subset[0]
    whole = panels["Scope: whole region"]
    assert not any("Liangshan" in label for label in whole)
    text = _texts(fig)
    liangshan = declines.set_index("region").loc["liangshan"]
    assert liangshan["year_basis"] != "stated" and f"{liangshan['end_year']}?: " in text
    assert "? year inferred" in text
    for aid in liangshan["anomalies"].split(";"):
        assert f"† {aid}:" in text


def test_empty_input_draws_nothing():
    empty = metrics.relocation_scale().iloc[0:0]
    assert plots.measure_bars(empty, "persons", "persons", "x", {}, empty) is None


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    from matplotlib import font_manager
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name])
    monkeypatch.setattr(plots, "_FONT_GLOBS", ())
    with pytest.raises(ToolMissingError, match="fonts-noto-cjk"):
        plots.use_style()
