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

from ..exceptions import ToolMissingError
from ..analysis.metrics import INFERRED
from ..catalog import loader as catalog
from ..catalog.reference import ancestors
from .pubtable import fmt_number, fmt_quantity
from .report import anomaly_lines, period_label

CJK_FAMILY = "Noto Sans CJK SC"
_FONT_GLOBS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc", "/usr/share/fonts/**/NotoSansCJK*.tt[cf]")
PALETTE = "colorblind"
MEASURE_ORDER = ["actual", "cumulative", "target", "plan", "share", "threshold"]
FUND_SOURCES = ["central_units", "east_west_partner", "enterprises_society", "local_government",
                "central_government", "credit", "mixed", "unspecified"]
REGIONS = ["zhaotong", "xinzhou", "sichuan", "aba", "ganzi", "liangshan", "tongren", "changdu"]


def _registry() -> dict[str, dict[str, str]]:
    """Return the one colour registry: category -> key -> hex colour, fixed for the whole project
    (a key keeps its colour in every chart and report, whatever else the chart shows)."""
    # each category draws from its own palette, so a colour never means a region in one chart and
    # a source of funds in another
    funds = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999"]
    regions = sns.color_palette("Set2", 8).as_hex()
    measures = sns.color_palette("Dark2", 6).as_hex()
    return {"fund_source": dict(zip(FUND_SOURCES, funds)), "measure": dict(zip(MEASURE_ORDER, measures)),
            "region": dict(zip(REGIONS, regions))}


COLORS = _registry()


LEGEND_LABELS = {"central_units": "Central helping units", "east_west_partner": "East–west partners",
                 "enterprises_society": "Enterprises and society", "local_government": "Local government",
                 "central_government": "Central government", "credit": "Credit", "mixed": "Several sources",
                 "unspecified": "Source not stated"}


def color_of(category: str, key: str) -> str:
    """Return the registered colour of `key` in `category` (grey for a key the registry lacks)."""
    return COLORS.get(category, {}).get(key, "#777777")


def _tick(value, _pos=None) -> str:
    """Axis tick label: thousands separators, never exponent notation (1,843,700; 0.01)."""
    return fmt_number(round(float(value), 6))


def plain_ticks(axis) -> None:
    """Label an axis with plain numbers (see `_tick`); returns None."""
    from matplotlib.ticker import FuncFormatter
    axis.set_major_formatter(FuncFormatter(_tick))


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


def wrap(text: str, width: int) -> list[str]:
    """Return `text` broken into lines of at most `width` columns (a CJK character counts two),
    at spaces where there are any. Cheaper than matplotlib's own wrapping, which measures every
    candidate line with the renderer."""
    import unicodedata
    lines, line, size = [], "", 0
    for word in text.replace(" ", " \0").split("\0"):
        cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in word)
        if size + cols > width and line:
            lines.append(line.rstrip())
            line, size = "", 0
        while cols > width:  # a long run without spaces (Chinese text): cut it
            cut, used = 0, 0
            while cut < len(word) and used + (2 if unicodedata.east_asian_width(word[cut]) in "WF" else 1) <= width:
                used += 2 if unicodedata.east_asian_width(word[cut]) in "WF" else 1
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
            cols -= used
        line, size = line + word, size + cols
    return lines + ([line.rstrip()] if line.strip() else [])


def _chars_per_line(fig) -> int:
    return int(fig.get_figwidth() * 17)  # 7.5 pt text


def source_line(fig, sources: pd.DataFrame, note: str = "") -> None:
    """Write the source line (and an optional comparability note) under a figure; returns None."""
    docs = "; ".join(f"{r.source_id}: {r.outlet or r.title_en} ({r.date})" for r in sources.itertuples())
    paragraphs = [f"Source: {docs}.", *(note.split("\n") if note else [])]
    text = "\n".join(line for p in paragraphs for line in wrap(p, _chars_per_line(fig)))
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=7.5, color="#444444")


def _finish(fig, sources, note=""):
    """Grow the figure by the height the source line and notes need, reserve it under the axes
    (constrained layout), then write them."""
    docs = "; ".join(f"{r.source_id}: {r.outlet or r.title_en} ({r.date})" for r in sources.itertuples())
    lines = sum(len(wrap(p, _chars_per_line(fig))) for p in [f"Source: {docs}.", *note.split("\n")] if p)
    extra = 0.16 * lines + 0.25
    height = min(fig.get_figheight() + extra, MAX_HEIGHT + 1.6)  # the whole chart fits one A4 page
    fig.set_figheight(height)
    fig.get_layout_engine().set(rect=(0, extra / height, 1, 1 - extra / height))
    source_line(fig, sources, note)
    return fig


def _figure(width: float, height: float, **kwargs):
    return plt.subplots(figsize=(width, height), layout="constrained", **kwargs)


SCOPE_WORDS = {"rural": "rural population", "registered_poor": "registered poor"}
#: one panel per measure and kind of scope; rows of a subset name their part in the label
PANEL_SCOPES = {"rural": "rural population only", "registered_poor": "registered poor only",
                "subset": "parts of regions (each named on its row)"}
MAX_HEIGHT = 10.5  # inches: with the notes below, a chart still fits one A4 page
MAX_ANOMALY_LINES = 5  # under a chart; the tables' footnotes list them all


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;(") + "…"


def _top(region: str) -> str:
    """Return the profiled area a region belongs to (its colour in the registry)."""
    table = catalog.load().regions
    for key in [region, *ancestors(table, region)]:
        if key in REGIONS:
            return key
    return region


def scope_label(scope: str, scope_note: str = "") -> str:
    """Return the words a chart adds to a region's label for a scope ('' for the whole region);
    long scope notes are shortened (the tables carry them in full)."""
    if scope == "all" or not scope:
        return ""
    return ", " + _short(scope_note if scope == "subset" else SCOPE_WORDS.get(scope, scope))


def year_text(year, basis: str = "stated") -> str:
    """Return a year for a chart: '2017', '2017?' when inferred (not stated), 'year n/s' when missing."""
    if pd.isna(year):
        return "year n/s"
    return f"{int(year)}?" if basis in INFERRED else str(int(year))


def row_label(row, labels: dict[str, str]) -> str:
    """Return 'Liangshan 凉山彝族自治州, the 11 deep-poverty counties †' for a metrics row."""
    dagger = " †" if getattr(row, "anomalies", "") else ""
    return f"{labels[row.region]}{scope_label(row.scope, row.scope_note)}{dagger}"


def marks_note(df: pd.DataFrame) -> str:
    """Return the legend lines for '?' (inferred years) and '†' (anomalies) of the rows in `df`."""

    lines = []
    if "year_basis" in df and df["year_basis"].isin(INFERRED).any():
        lines.append("? year inferred from the text around it or the document's date, not stated.")
    ids = sorted({a for cell in df.get("anomalies", pd.Series(dtype=str)) for a in str(cell).split(";") if a})
    shown = anomaly_lines(ids[:MAX_ANOMALY_LINES])
    lines += [f"† {line}" for line in shown]
    if len(ids) > len(shown):
        lines.append(f"† … and {len(ids) - len(shown)} more anomalies: see the table's footnotes.")
    return "\n".join(lines)


def _scope_groups(df: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Split rows by scope (one panel each: rows of different scopes never share an axis)."""
    order = {"all": 0, "rural": 1, "registered_poor": 2, "subset": 3}
    keys = sorted({(r.scope, r.scope_note) for r in df.itertuples()}, key=lambda k: (order.get(k[0], 9), k[1]))
    out = []
    for scope, note in keys:
        part = df[(df["scope"] == scope) & (df["scope_note"] == note)].reset_index(drop=True)
        out.append(("whole region" if scope == "all" else scope_label(scope, note)[2:], part))
    return out


def _panels(groups, row_height: float):
    heights = [max(len(g), 1) for _, g in groups]
    fig, axes = _figure(8.5, row_height * sum(heights) + 1.1 * len(groups) + 1.6, nrows=len(groups), ncols=1,
                        squeeze=False, sharex=True, gridspec_kw={"height_ratios": heights})
    return fig, axes[:, 0]


def rate_declines(df: pd.DataFrame, labels: dict[str, str], sources: pd.DataFrame):
    """Return a start→end dot chart of poverty incidence (%), both years written at each end,
    one panel per scope (the whole region, a subset...). Inferred years end in '?', rows that
    rest on an anomaly carry '†' with the anomaly explained below the chart.

    `df` is `metrics.poverty_rate_declines()`; `labels` maps region key to display name.
    Returns None when `df` is empty.
    """
    if df.empty:
        return None
    groups = _scope_groups(df)
    fig, axes = _panels(groups, 0.75)
    for ax, (title, part) in zip(axes, groups):
        for i, r in enumerate(part.itertuples()):
            ax.annotate("", xy=(r.end_rate, i), xytext=(r.start_rate, i),
                        arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 1.5})
            for rate, year in ((r.start_rate, r.start_year), (r.end_rate, r.end_year)):
                ax.plot(rate, i, "o", color=color_of("region", _top(r.region)))
                ax.text(rate, i + 0.25, f"{year_text(year, r.year_basis)}: {rate:g}%", ha="center", fontsize=8)
        ax.set_yticks(range(len(part)), [f"{row_label(r, labels)}\n({r.source_id})" for r in part.itertuples()])
        ax.set_ylim(-0.6, len(part) - 0.2)
        ax.invert_yaxis()
        ax.set_title(f"Scope: {title}", loc="left", fontsize=10)
    axes[-1].set_xlabel("Poverty incidence (%)")
    fig.suptitle("Poverty incidence, first → last year stated (%)", fontweight="bold")
    note = "Periods differ between regions (years at each end); panels separate scopes, which are not comparable."
    return _finish(fig, sources, "\n".join(filter(None, [note, marks_note(df)])))


def pp_per_year(df: pd.DataFrame, labels: dict[str, str], sources: pd.DataFrame):
    """Return bars of the incidence decline in percentage points per year, one panel per scope,
    period on each bar; flagged rows (resting on a contradiction or impossible magnitude) are
    hatched and not ranked."""
    data = df[df["pp_per_year"].notna()]
    if data.empty:
        return None
    groups = _scope_groups(data)
    fig, axes = _panels(groups, 0.6)
    for ax, (title, part) in zip(axes, groups):
        ax.barh([row_label(r, labels) for r in part.itertuples()], part["pp_per_year"],
                color=[color_of("region", _top(r)) for r in part["region"]])
        for i, r in enumerate(part.itertuples()):
            if r.flagged:
                ax.patches[i].set_hatch("//")
            ax.text(r.pp_per_year, i, f" {r.pp_per_year:g} pp/yr ({year_text(r.start_year, r.year_basis)}–"
                    f"{year_text(r.end_year, r.year_basis)})", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_title(f"Scope: {title}", loc="left", fontsize=10)
        ax.margins(x=0.45)
    axes[-1].set_xlabel("Decline in poverty incidence (percentage points per year)")
    fig.suptitle("Pace of decline, percentage points per year", fontweight="bold")
    skipped = sorted(set(df["region"]) - set(data["region"]))
    note = "Per year = decline / (end year − start year). Hatched: rests on a contradiction, not ranked."
    if skipped:
        note += f" Not shown (a year is not stated): {', '.join(labels[r] for r in skipped)}."
    return _finish(fig, sources, "\n".join(filter(None, [note, marks_note(data)])))


def _panel_name(row) -> str:
    """Return the panel of a row: its measure, plus 'per year' and the scope when they apply."""
    name = row.measure + (f" per {row.per}" if getattr(row, "per", "") else "")
    return name + (f" · {PANEL_SCOPES[row.scope]}" if row.scope != "all" else "")


def _panel_order(data: pd.DataFrame) -> list[str]:
    rank = {m: i for i, m in enumerate(MEASURE_ORDER)}
    return sorted(set(data["measure"]), key=lambda p: (rank.get(p.split(" ")[0], 9), p))


def measure_bars(df: pd.DataFrame, value: str, unit: str, title: str, labels: dict[str, str],
                 sources: pd.DataFrame, hue: str | None = None):
    """Return horizontal bars of `value`, one row per fact-derived row, one panel per measure.

    Each bar is labelled with its value and period; measures (plan, actual, cumulative...) are
    never stacked or added, they get separate panels. Returns None when there is nothing to draw.
    """
    data = df[df[value].notna()].copy()
    if data.empty:
        return None
    data["label"] = [f"{row_label(r, labels)} · {period_label(r.period_start, r.period_end)}"
                     + ("?" if getattr(r, "year_basis", "") in INFERRED else "") for r in data.itertuples()]
    data["measure"] = [_panel_name(r) for r in data.itertuples()]
    measures = _panel_order(data)
    heights = [max(1, (data["measure"] == m).sum()) for m in measures]
    # panels in one unit share the x axis, so a 7,144-person site never draws as long as 361,800 people
    fig, axes = _figure(9, min(MAX_HEIGHT, 0.32 * sum(heights) + 1.1 * len(measures) + 1.2), nrows=len(measures), ncols=1,
                        gridspec_kw={"height_ratios": heights}, squeeze=False, sharex=True)
    colors = {h: color_of(hue, h) for h in sorted(data[hue].unique())} if hue else {}
    for ax, measure in zip(axes[:, 0], measures):
        part = data[data["measure"] == measure].reset_index(drop=True)
        bar_colors = [colors[h] for h in part[hue]] if hue else [color_of("region", _top(r)) for r in part["region"]]
        ax.barh(part["label"], part[value], color=bar_colors)
        for i, v in enumerate(part[value]):
            ax.text(v, i, f" {_tick(v)}", va="center", fontsize=7.5)
        plain_ticks(ax.xaxis)
        ax.invert_yaxis()
        ax.set_title(f"{title} — {measure}", loc="left", fontsize=10)
        ax.set_xlabel(unit if ax is axes[-1, 0] else "")
        ax.tick_params(axis="y", labelsize=7.5)
        ax.margins(x=0.15)
    if hue:
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
        fig.legend(handles, list(colors), loc="upper right", fontsize=7.5, title=hue.replace("_", " "))
    note = ("Panels separate measures (actual, cumulative, target, plan) and scopes: they are never added. "
            "Periods differ between bars; each bar names its period.")
    return _finish(fig, sources, "\n".join(filter(None, [note, marks_note(data)])))


def trajectory(df: pd.DataFrame, title: str, unit: str, sources: pd.DataFrame):
    """Return a line chart of one indicator by year (`df` from `report.trajectory`), points labelled
    with value and fact id, the y axis from zero, inferred years written '2017?' and points that rest
    on an anomaly marked '†' with the anomaly explained below. Returns None when `df` is empty."""
    if df.empty:
        return None
    fig, ax = _figure(7, 3.6)
    years = df["year_end"].astype(int)
    ax.plot(years, df["value"], marker="o", color=color_of("measure", "actual"))
    for r in df.itertuples():
        mark = " †" if getattr(r, "anomalies", "") else ""
        ax.annotate(f"{fmt_quantity(r.value, r.unit, r.raw)}{mark}\n{r.fact_id}", (int(r.year_end), r.value),
                    textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    ax.set_xticks(list(years), [year_text(y, getattr(r, "year_basis", "stated")) for y, r in zip(years, df.itertuples())])
    ax.set_ylim(bottom=0, top=float(df["value"].max()) * 1.3)
    plain_ticks(ax.yaxis)
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.margins(x=0.15)
    note = "Only values the source dates to a year are shown; the axis starts at zero."
    return _finish(fig, sources, "\n".join(filter(None, [note, marks_note(df)])))


def amounts_by_region(df: pd.DataFrame, value: str, unit: str, title: str, labels: dict[str, str],
                      sources: pd.DataFrame, hue: str):
    """Return a dot chart: one dot per stated amount, one row per region, one panel per measure.

    The x axis is logarithmic (amounts span several orders of magnitude); dots are coloured by
    `hue` (e.g. fund_source). Nothing is summed. Returns None when there is nothing to draw.
    """
    data = df[df[value].notna() & (df[value] > 0)].copy()
    if data.empty:
        return None
    data["region_label"] = [row_label(r, labels) for r in data.itertuples()]
    data["measure"] = [_panel_name(r) for r in data.itertuples()]
    measures = _panel_order(data)
    rows = {m: sorted(data.loc[data["measure"] == m, "region_label"].unique()) for m in measures}
    heights = [len(rows[m]) for m in measures]
    fig, axes = _figure(9, min(MAX_HEIGHT, 0.26 * sum(heights) + 0.7 * len(measures) + 1.2), nrows=len(measures), ncols=1,
                        sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights})
    hues = sorted(data[hue].unique())
    colors = {h: color_of(hue, h) for h in hues}
    for ax, measure in zip(axes[:, 0], measures):
        part = data[data["measure"] == measure]
        with seeded_jitter():
            sns.stripplot(data=part, x=value, y="region_label", hue=hue, order=rows[measure], palette=colors,
                          hue_order=hues, ax=ax, size=6, jitter=0.15, legend=False)
        ax.set_xscale("log")
        from matplotlib.ticker import LogLocator
        span = float(data[value].max()) / float(data[value].min())
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0,) if span > 1e3 else (1.0, 2.0, 5.0)))
        plain_ticks(ax.xaxis)
        ax.set_title(f"{title} — {measure}", loc="left", fontsize=10)
        ax.set_ylabel("")
        ax.set_xlabel(f"{unit} (log scale)" if ax is axes[-1, 0] else "")
    handles = [plt.Line2D([], [], marker="o", ls="", color=c) for c in colors.values()]
    fig.legend(handles, [LEGEND_LABELS.get(h, h.replace("_", " ")) for h in hues], loc="outside upper right",
               fontsize=7.5, title=hue.replace("_", " "))
    note = ("One dot per amount as stated; nothing is summed. Panels separate measures (plan, actual, "
            "cumulative, target) and per-year amounts; periods differ between dots: see the table.")
    return _finish(fig, sources, "\n".join(filter(None, [note, marks_note(data)])))
