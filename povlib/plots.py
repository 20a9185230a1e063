"""The one povlib chart style, and one function per figure kind.

Every chart states its unit and period(s), says when it compares different periods, scopes or
measures, and ends with a source line naming the document(s). Call `use_style()` first (the
report helpers do); it registers the Noto Sans CJK font so Chinese renders, not boxes.
"""

from __future__ import annotations

import contextlib
import glob

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager

from .exceptions import ToolMissingError
from .report import period_label

CJK_FAMILY = "Noto Sans CJK SC"
_FONT_GLOBS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc", "/usr/share/fonts/**/NotoSansCJK*.tt[cf]")
PALETTE = "colorblind"
MEASURE_ORDER = ["actual", "cumulative", "target", "plan", "share", "threshold"]


def _ensure_cjk_font() -> None:
    if any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):
        return
    # a font cache built before the fonts were installed does not see them: register the files
    files = sorted({p for pattern in _FONT_GLOBS for p in glob.glob(pattern, recursive=True)})
    for path in files:
        font_manager.fontManager.addfont(path)
    if not any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):
        raise ToolMissingError(
            f"font {CJK_FAMILY!r} is not installed, so Chinese labels would render as boxes: "
            "run `bash scripts/setup.sh` as root, or `sudo apt-get install fonts-noto-cjk`"
        )


@contextlib.contextmanager
def seeded_jitter(seed: int = 0):
    """Draw seaborn's jitter (numpy's global random state) from a fixed seed, so the same data
    always gives the same picture; the caller's random state is restored afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def use_style() -> None:
    """Apply the povlib style (seaborn whitegrid, CJK-capable font); returns None."""
    _ensure_cjk_font()
    sns.set_theme(style="whitegrid", palette=PALETTE, font=CJK_FAMILY,
                  rc={"font.sans-serif": [CJK_FAMILY, "DejaVu Sans"], "axes.unicode_minus": False,
                      "figure.dpi": 100, "savefig.dpi": 110, "axes.titlesize": 12, "axes.titleweight": "bold"})


def source_line(fig, sources: pd.DataFrame, note: str = "") -> None:
    """Write the source line (and an optional comparability note) under a figure; returns None."""
    docs = "; ".join(f"{r.source_id}: {r.outlet or r.title_en} ({r.date})" for r in sources.itertuples())
    text = f"Source: {docs}." + (f"\n{note}" if note else "")
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=7.5, color="#444444", wrap=True)


def _finish(fig, sources, note=""):
    """Reserve room for the source line under the axes (constrained layout), then write it."""
    height = fig.get_figheight()
    bottom = min(0.45, 0.6 / height)
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    source_line(fig, sources, note)
    return fig


def _figure(width: float, height: float, **kwargs):
    return plt.subplots(figsize=(width, height), layout="constrained", **kwargs)


def rate_declines(df: pd.DataFrame, labels: dict[str, str], sources: pd.DataFrame):
    """Return a start→end dot chart of poverty incidence (%), both years written at each end.

    `df` is `metrics.poverty_rate_declines()`; `labels` maps region key to display name.
    Returns None when `df` is empty.
    """
    if df.empty:
        return None
    fig, ax = _figure(8, 0.7 * len(df) + 2.2)
    for i, r in enumerate(df.itertuples()):
        ax.annotate("", xy=(r.end_rate, i), xytext=(r.start_rate, i),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 1.5})
        for rate, year, ha in ((r.start_rate, r.start_year, "left"), (r.end_rate, r.end_year, "right")):
            year_text = "year n/s" if pd.isna(year) else str(year)
            ax.plot(rate, i, "o", color=sns.color_palette(PALETTE)[0 if ha == "left" else 1])
            ax.text(rate, i + 0.22, f"{year_text}: {rate:g}%", ha="center", fontsize=8)
    ax.set_yticks(range(len(df)), [f"{labels[r]}\n({s})" for r, s in zip(df["region"], df["source_id"])])
    ax.set_ylim(-0.6, len(df) - 0.3)
    ax.invert_yaxis()
    ax.set_xlabel("Poverty incidence (%)")
    ax.set_title("Poverty incidence, first → last year stated (%)")
    note = ("Periods differ between regions (years on each end); compare percentage points per year. "
            "Scopes differ: see the table's caveats.")
    return _finish(fig, sources, note)


def pp_per_year(df: pd.DataFrame, labels: dict[str, str], sources: pd.DataFrame):
    """Return a bar chart of the incidence decline in percentage points per year, period on each bar."""
    data = df[df["pp_per_year"].notna()]
    if data.empty:
        return None
    fig, ax = _figure(8, 0.6 * max(len(data), 1) + 2.2)
    ax.barh([labels[r] for r in data["region"]], data["pp_per_year"], color=sns.color_palette(PALETTE)[2])
    for i, r in enumerate(data.itertuples()):
        ax.text(r.pp_per_year, i, f" {r.pp_per_year:g} pp/yr ({r.start_year}–{r.end_year})", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Decline in poverty incidence (percentage points per year)")
    ax.set_title("Pace of decline, percentage points per year")
    ax.margins(x=0.35)
    skipped = sorted(set(df["region"]) - set(data["region"]))
    note = "Different periods are made comparable by dividing by the number of years."
    if skipped:
        note += f" Not shown (a year is not stated): {', '.join(labels[r] for r in skipped)}."
    return _finish(fig, sources, note)


def measure_bars(df: pd.DataFrame, value: str, unit: str, title: str, labels: dict[str, str],
                 sources: pd.DataFrame, hue: str | None = None):
    """Return horizontal bars of `value`, one row per fact-derived row, one panel per measure.

    Each bar is labelled with its value and period; measures (plan, actual, cumulative...) are
    never stacked or added, they get separate panels. Returns None when there is nothing to draw.
    """
    data = df[df[value].notna()].copy()
    if data.empty:
        return None
    data["label"] = [f"{labels[r]} · {period_label(s, e)}" for r, s, e in
                     zip(data["region"], data["period_start"], data["period_end"])]
    measures = [m for m in MEASURE_ORDER if m in set(data["measure"])]
    heights = [max(1, (data["measure"] == m).sum()) for m in measures]
    fig, axes = _figure(9, 0.32 * sum(heights) + 1.1 * len(measures) + 1.2, nrows=len(measures), ncols=1,
                        gridspec_kw={"height_ratios": heights}, squeeze=False)
    colors = dict(zip(sorted(data[hue].unique()), sns.color_palette(PALETTE))) if hue else {}
    for ax, measure in zip(axes[:, 0], measures):
        part = data[data["measure"] == measure].reset_index(drop=True)
        bar_colors = [colors[h] for h in part[hue]] if hue else sns.color_palette(PALETTE)[0]
        ax.barh(part["label"], part[value], color=bar_colors)
        for i, v in enumerate(part[value]):
            ax.text(v, i, f" {v:,.6g}", va="center", fontsize=7.5)
        ax.invert_yaxis()
        ax.set_title(f"{title} — {measure}", loc="left", fontsize=10)
        ax.set_xlabel(unit)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.margins(x=0.15)
    if hue:
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
        fig.legend(handles, list(colors), loc="upper right", fontsize=7.5, title=hue.replace("_", " "))
    note = ("Panels separate measures (actual, cumulative, target, plan): they are never added. "
            "Periods and scopes differ between bars; each bar names its period.")
    return _finish(fig, sources, note)


def trajectory(df: pd.DataFrame, title: str, unit: str, sources: pd.DataFrame):
    """Return a line chart of one indicator by year (`df` has year_end, value, fact_id), points labelled.

    Returns None when `df` is empty.
    """
    if df.empty:
        return None
    fig, ax = _figure(7, 3.6)
    ax.plot(df["year_end"].astype(int), df["value"], marker="o")
    for r in df.itertuples():
        ax.annotate(f"{r.value:,.6g}\n{r.fact_id}", (int(r.year_end), r.value), textcoords="offset points",
                    xytext=(0, 6), ha="center", fontsize=7)
    ax.set_xticks(sorted(df["year_end"].astype(int).unique()))
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.margins(y=0.3, x=0.15)
    return _finish(fig, sources, "Only values the source dates to a year are shown.")


def amounts_by_region(df: pd.DataFrame, value: str, unit: str, title: str, labels: dict[str, str],
                      sources: pd.DataFrame, hue: str):
    """Return a dot chart: one dot per stated amount, one row per region, one panel per measure.

    The x axis is logarithmic (amounts span several orders of magnitude); dots are coloured by
    `hue` (e.g. fund_source). Nothing is summed. Returns None when there is nothing to draw.
    """
    data = df[df[value].notna() & (df[value] > 0)].copy()
    if data.empty:
        return None
    data["region_label"] = [labels[r] for r in data["region"]]
    measures = [m for m in MEASURE_ORDER if m in set(data["measure"])]
    rows = {m: sorted(data.loc[data["measure"] == m, "region_label"].unique()) for m in measures}
    heights = [len(rows[m]) for m in measures]
    fig, axes = _figure(9, 0.3 * sum(heights) + 0.9 * len(measures) + 1.4, nrows=len(measures), ncols=1,
                        sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights})
    hues = sorted(data[hue].unique())
    colors = dict(zip(hues, sns.color_palette(PALETTE, len(hues))))
    for ax, measure in zip(axes[:, 0], measures):
        part = data[data["measure"] == measure]
        with seeded_jitter():
            sns.stripplot(data=part, x=value, y="region_label", hue=hue, order=rows[measure], palette=colors,
                          hue_order=hues, ax=ax, size=6, jitter=0.15, legend=False)
        ax.set_xscale("log")
        ax.set_title(f"{title} — {measure}", loc="left", fontsize=10)
        ax.set_ylabel("")
        ax.set_xlabel(f"{unit} (log scale)")
    handles = [plt.Line2D([], [], marker="o", ls="", color=c) for c in colors.values()]
    fig.legend(handles, hues, loc="outside upper right", fontsize=7.5, title=hue.replace("_", " "))
    note = ("One dot per amount as stated; nothing is summed. Panels separate measures (plan, actual, "
            "cumulative, target); periods and scopes differ between dots: see the table.")
    return _finish(fig, sources, note)
