"""The one povlib chart style, and one function per figure kind.

Every chart function returns a `Chart`: the figure (drawn as inline SVG, so vector in the HTML and
in the PDF) plus its caption as HTML text: a title that states the finding, a subtitle with the
definition and scope, the source line and the notes. A value is printed on every mark. A chart
needs at least two comparable marks; with fewer, the function returns a `Chart` without a figure
that says so in a sentence. Call `use_style()` first; it registers the Noto Sans CJK font so
Chinese renders, not boxes, and makes the notebook's inline figures SVG.
"""

from __future__ import annotations

import contextlib
import glob
import html
import io
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.colors import to_hex, to_rgb

from ..exceptions import ToolMissingError
from ..analysis import metrics
from ..analysis.metrics import INFERRED
from ..catalog import loader as catalog
from ..catalog.reference import ancestors
from .pubtable import fmt_number
from . import amounts, claims, report
from .text import join_and, lang_spans, script_of
from .report import anomaly_lines, period_label

CJK_FAMILY = "Noto Sans CJK SC"
_FONT_GLOBS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc", "/usr/share/fonts/**/NotoSansCJK*.tt[cf]")
PALETTE = "colorblind"
MEASURE_ORDER = ["actual", "cumulative", "target", "plan", "share", "threshold"]
FUND_SOURCES = ["central_units", "east_west_partner", "enterprises_society", "local_government",
                "central_government", "credit", "mixed", "unspecified", "state_enterprise_own"]
REGIONS = ["zhaotong", "xinzhou", "sichuan", "aba", "ganzi", "liangshan", "tongren", "changdu"]


def _registry() -> dict[str, dict[str, str]]:
    """Return the one colour registry: category -> key -> hex colour, fixed for the whole project
    (a key keeps its colour in every chart and report, whatever else the chart shows)."""
    # each category draws from its own palette, so a colour never means a region in one chart and
    # a source of funds in another
    funds = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999", "#D55E00"]
    regions = sns.color_palette("Set2", 8).as_hex()
    measures = sns.color_palette("Dark2", 6).as_hex()
    return {"fund_source": dict(zip(FUND_SOURCES, map(legible, funds))),
            "measure": dict(zip(MEASURE_ORDER, map(legible, measures))),
            "region": dict(zip(REGIONS, map(legible, regions)))}


MIN_CONTRAST = 3.0  # WCAG 2 minimum for graphics (lines, markers, bold labels) against white


def contrast_on_white(color: str) -> float:
    """Return the WCAG 2 contrast ratio of `color` against white (1.0 for white, 21.0 for black)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in to_rgb(color))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def legible(color: str, ratio: float = MIN_CONTRAST) -> str:
    """Return `color` as hex, darkened in steps (its hue kept) until its contrast on white reaches
    `ratio`; a colour that already reaches it is returned unchanged."""
    rgb = to_rgb(color)
    while contrast_on_white(to_hex(rgb)) < ratio:
        rgb = tuple(c * 0.95 for c in rgb)
    return to_hex(rgb)


COLORS = _registry()


LEGEND_LABELS = {"central_units": "Central helping units", "east_west_partner": "East–west partners",
                 "enterprises_society": "Enterprises and society", "local_government": "Local government",
                 "central_government": "Central government", "credit": "Credit", "mixed": "Several sources",
                 "unspecified": "Source not stated", "state_enterprise_own": "State-owned enterprise, own investment"}


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
    """Apply the povlib style (seaborn white, CJK-capable font, vector output); returns None.

    Figures are written as SVG with text kept as text (searchable, read by screen readers; the
    fonts named in SVG_FONTS) and fixed ids (the same data gives the same bytes), and a notebook's
    inline figures are SVG too."""
    _ensure_cjk_font()
    sns.set_theme(style="white", palette=PALETTE, font=CJK_FAMILY,
                  rc={"font.sans-serif": [CJK_FAMILY, "DejaVu Sans"], "axes.unicode_minus": False,
                      "figure.dpi": 100, "savefig.dpi": 110, "axes.titlesize": 12, "axes.titleweight": "bold",
                      "svg.fonttype": "none", "svg.hashsalt": "povlib", "axes.spines.top": False,
                      "axes.spines.right": False})
    with contextlib.suppress(ImportError):
        from IPython import get_ipython
        if get_ipython() is not None:
            from matplotlib_inline.backend_inline import set_matplotlib_formats
            set_matplotlib_formats("svg")


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


NATIONAL_LABEL = "China (national)"
NATIONAL_COLOR = "#444444"
#: axis lines are drawn over labels (text: zorder 3), so a label near an axis leaves the line whole
SPINE_ZORDER = 3.5
#: the longest chart title a reader takes in at a glance (the print test holds titles to it)
TITLE_CHARS = 150
CONTESTED_COLOR = "#8c8c8c"  # a series its source contradicts: drawn, never highlighted
#: how a contested series is drawn in every chart: grey, thin, dotted, hollow markers
CONTESTED_STYLE = {"color": CONTESTED_COLOR, "ls": ":", "lw": 1.2, "mfc": "white"}
#: the anomaly kinds that contest a figure (its source contradicts it, or it cannot be so large)
CONTESTING_KINDS = metrics.FLAG_KINDS
#: the one rule every chart follows for a value's year, said in its subtitle
YEAR_RULE = ("Years marked ? are inferred, not stated; a figure with no year at all is not drawn; "
             "the axis starts at zero.")
SCOPE_WORDS = {"rural": "rural population", "registered_poor": "registered poor"}
#: one panel per measure and kind of scope; rows of a subset name their part in the label
PANEL_SCOPES = {"rural": "rural population only", "registered_poor": "registered poor only",
                "subset": "parts of regions (each named on its row)"}
MAX_HEIGHT = 10.5  # inches: a chart fits one A4 page with its caption
MAX_BARS = 10  # per panel; smaller amounts are in the table under the chart
LABEL_COLUMNS = 40  # row labels wrap at this width instead of being cut off
_HAN = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_AUTO = object()  # `national=` default: use metrics.national_poverty_rates() when povlib has it
#: the font families an SVG's text asks for: the one matplotlib measured with, then the CJK and Latin
#: fonts the PDF build has (povlib.build.pdf.PDF_FONTS)
SVG_FONTS = f"'{CJK_FAMILY}', 'WenQuanYi Zen Hei', 'DejaVu Sans', sans-serif"
_BOX = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"}  # keeps lines off value labels

#: print legibility: the page prints a chart at most TEXT_WIDTH_IN wide, and the first chart of a
#: report (under the key messages) at most FIRST_CHART_HEIGHT_MM tall (the report template's
#: `.povlib-first svg { max-height: 75mm }`); no chart text may print smaller than MIN_PRINT_PT
TEXT_WIDTH_IN = 186 / 25.4
FIRST_CHART_HEIGHT_MM = 75
MIN_PRINT_PT = 7.0
CHART_WIDTH = 7.0  # inches: narrower than the text width, so a chart prints at its own size
#: the height a first chart is laid out at: a little under the cap, so that its title, subtitle and
#: drawing fit page 1 under the key messages
FIRST_LAYOUT_IN = FIRST_CHART_HEIGHT_MM * 0.9 / 25.4
LABEL_PT = 9  # value and name labels on marks
#: candidate places of a label, in order of preference: (dx, dy) in points from its point, ha, va
ABOVE = [(0, 7, "center", "bottom"), (0, -8, "center", "top"), (8, 4, "left", "bottom"), (-8, 4, "right", "bottom"),
         (8, -4, "left", "top"), (-8, -4, "right", "top"), (10, 0, "left", "center"), (-10, 0, "right", "center"),
         (0, 17, "center", "bottom"), (0, -18, "center", "top"), (14, 12, "left", "bottom"),
         (-14, 12, "right", "bottom"), (0, 28, "center", "bottom")]
BESIDE = [(9, -5, "left", "top"), (9, 5, "left", "bottom"), (9, 0, "left", "center"), (0, -14, "center", "top"),
          (0, 14, "center", "bottom"), (9, -16, "left", "top"), (9, 16, "left", "bottom")]
ONE_POINT = [(8, 5, "left", "bottom"), (8, -5, "left", "top"), (-8, 5, "right", "bottom"), (0, 8, "center", "bottom"),
             (8, 14, "left", "bottom"), (-8, 14, "right", "bottom"), (0, 20, "center", "bottom")]
BELOW = [(-5, -5, "right", "top"), (5, -5, "left", "top"), (0, -9, "center", "top"), (-6, 5, "right", "bottom"),
         (0, 8, "center", "bottom"), (6, 5, "left", "bottom"), (-9, 0, "right", "center"), (9, 0, "left", "center"),
         (-8, 13, "right", "bottom"), (8, 13, "left", "bottom"), (0, 19, "center", "bottom"),
         (-16, -3, "right", "top"), (16, -3, "left", "top")]


def _ring() -> list[tuple[int, int, str, str]]:
    """Return the fallback places of a label: eight directions at growing distances (points)."""
    out = []
    for d in (8, 16, 26, 38):
        for dx, dy, ha, va in ((0, 1, "center", "bottom"), (0, -1, "center", "top"), (1, 0, "left", "center"),
                               (-1, 0, "right", "center"), (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"),
                               (1, -1, "left", "top"), (-1, -1, "right", "top")):
            out.append((dx * d, dy * d, ha, va))
    return out


RING = _ring()


def _label(ax, text: str, xy, places, rank: int = 0, **kwargs):
    """Write a label at a point, at the first of `places` (see ABOVE) where it collides with no
    other text and no line (chosen by `settle` once the figure's size is final; labels of a lower
    `rank` choose first); returns it."""
    dx, dy, ha, va = places[0]
    kwargs.setdefault("bbox", _BOX)
    # a thin leader line, shown only when the label has to sit away from its point (see `settle`)
    lead = {"arrowstyle": "-", "lw": 0.6, "color": "#888888", "shrinkA": 1, "shrinkB": 3}
    note = ax.annotate(text, xy, textcoords="offset points", xytext=(dx, dy), ha=ha, va=va, arrowprops=lead,
                       **kwargs)
    note.arrow_patch.set_visible(False)
    note.povlib_places = list(places)
    note.povlib_rank = rank
    note.set_in_layout(False)  # placed inside the axes: the layout does not move with it
    return note


def _extent(text, renderer):
    """Return the box of a text's own letters (an annotation's leader line left out)."""
    from matplotlib.text import Annotation, Text
    if isinstance(text, Annotation):
        text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _renderer(fig):
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return canvas.get_renderer()


def collisions(fig) -> list[tuple[str, str]]:
    """Return (text, what it collides with) for every text inside an axes of `fig` that overlaps
    another text or crosses a drawn line, every label (a text with a place chosen by `settle`) that
    lies outside its plot area, every leader line that crosses another text, and every marker that
    hides another marker (the checks `settle` and `dodge` work by); [] when none."""
    renderer = _renderer(fig)
    out = []
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        boxes = [_extent(t, renderer) for t in texts]
        ticks = [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_visible() and t.get_text()]
        tick_boxes = [t.get_window_extent(renderer) for t in ticks]
        frame = ax.get_window_extent(renderer)
        for i, (t, box) in enumerate(zip(texts, boxes)):
            for u, other in list(zip(texts[i + 1:], boxes[i + 1:])) + list(zip(ticks, tick_boxes)):
                if box.overlaps(other):
                    out.append((t.get_text(), u.get_text()))
            for line in _lines(ax):
                if _crosses(line, box.padded(-0.5)):
                    out.append((t.get_text(), f"line {line.get_label()}"))
            if getattr(t, "povlib_places", None) and not _inside(box, frame):
                out.append((t.get_text(), "outside the plot area"))
            leader = _leader(t)
            if leader is not None:
                for u, other in list(zip(texts, boxes)) + list(zip(ticks, tick_boxes)):
                    if u is not t and leader.intersects_bbox(other.padded(-0.5), filled=True):
                        out.append((f"leader line of {t.get_text()}", u.get_text()))
                for line in _lines(ax):
                    if _leader_crosses(leader, line):
                        out.append((f"leader line of {t.get_text()}", f"line {line.get_label()}"))
        points = _markers(ax)
        for i, (x, y, r, line) in enumerate(points):
            for x2, y2, r2, line2 in points[i + 1:]:
                if (x - x2) ** 2 + (y - y2) ** 2 < (0.8 * (r + r2)) ** 2:
                    out.append((f"marker of {line.get_label()}", f"marker of {line2.get_label()}"))
    return out


def _inside(box, frame) -> bool:
    return frame.x0 <= box.x0 + 0.5 and box.x1 - 0.5 <= frame.x1 and frame.y0 <= box.y0 + 0.5 \
        and box.y1 - 0.5 <= frame.y1


def _leader(text):
    """Return the drawn leader line of a label (display coordinates), or None when it has none."""
    arrow = getattr(text, "arrow_patch", None)
    if arrow is None or not arrow.get_visible():
        return None
    return arrow.get_path()


def _markers(ax) -> list[tuple[float, float, float, object]]:
    """Return (x, y, radius, line) in display units for every drawn marker of `ax`."""
    out = []
    for line in _lines(ax):
        if line.get_marker() in (None, "None", "none", ""):
            continue
        r = line.get_markersize() * line.figure.dpi / 72 / 2
        path = line.get_transform().transform_path(line.get_path())
        out += [(float(x), float(y), r, line) for x, y in path.vertices]
    return out


def dodge(points: list[tuple[float, float]], ax, step: float = 0.22) -> list[float]:
    """Return an x for each (x, y) point of `points`, in order, so that no marker sits on an earlier
    one or on a marker already drawn in `ax` (same x, values closer than a marker's size at the
    axes' final height): such a point moves right by `step`, `2 * step`, ...; the others keep
    their x. Call after the y limits are final."""
    _renderer(ax.figure)  # the axes at their laid-out size
    taken = [(x, y, r) for x, y, r, _ in _markers(ax)]
    r_new = plt.rcParams["lines.markersize"] * ax.figure.dpi / 72 / 2
    out = []
    for x, y in points:
        shift = 0.0
        while True:
            px, py = ax.transData.transform((x + shift, y))
            if not any((px - tx) ** 2 + (py - ty) ** 2 < (r_new + tr + 1.5) ** 2 for tx, ty, tr in taken):
                break
            shift += step
        taken.append((px, py, r_new))
        out.append(x + shift)
    return out


def _lines(ax) -> list:
    return [ln for ln in ax.get_lines() if ln.get_visible() and len(ln.get_xdata()) > 0]


def _leader_crosses(leader, line) -> bool:
    """Return True when a leader line (display coordinates) crosses the drawn stroke of `line`
    (markers alone have no stroke; the leader's own point lies outside it, see `_label`'s shrinkB)."""
    if line.get_linestyle() in ("None", "none", "", " ") or len(line.get_xdata()) < 2:
        return False
    return leader.intersects_path(line.get_transform().transform_path(line.get_path()), filled=False)


def _crosses(line, box) -> bool:
    path = line.get_transform().transform_path(line.get_path())
    if line.get_linestyle() not in ("None", "none", "", " ") and len(path.vertices) > 1 \
            and path.intersects_bbox(box, filled=False):
        return True
    if line.get_marker() not in (None, "None", "none", ""):
        r = line.get_markersize() * line.figure.dpi / 72 / 2
        return any(box.x0 - r < x < box.x1 + r and box.y0 - r < y < box.y1 + r for x, y in path.vertices)
    return False


def settle(fig) -> None:
    """Place every label written with `_label` at its first candidate place that stays inside its
    axes and collides with no text placed before it, no other text, tick label or line (the
    least-crowded place when none is free); a leader line crosses no drawn line while another place
    is free. An axes with `povlib_fit_right` (the last data x plus its margin, the widest right
    limit) is laid out at the widest limit, then has its right x limit shrunk to the room its labels and markers really take, measured, never below that x and
    never at the cost of a label's place. Returns None. Run again after a figure is resized."""
    renderer = _renderer(fig)
    for ax in fig.axes:
        fit = getattr(ax, "povlib_fit_right", None)
        if fit is not None:  # from the widest limit again: a resized figure may need more room
            ax.set_xlim(ax.get_xlim()[0], fit[1])
            renderer = _renderer(fig)
        _place(ax, renderer)
        if fit is not None:
            _fit_right(ax, renderer)


def _used_right(ax, renderer) -> float:
    """Return the rightmost display x taken by a visible text or marker inside `ax`."""
    xs = [_extent(t, renderer).x1 for t in ax.texts if t.get_visible() and t.get_text().strip()]
    xs += [x + r for x, _, r, _ in _markers(ax)]
    return max(xs, default=ax.get_window_extent(renderer).x0)


def _fit_right(ax, renderer, pad: float = 4.0) -> None:
    """Shrink the right x limit of `ax` to the room its placed labels and markers take plus `pad`
    pixels (at least `ax.povlib_fit_right[0]`), placing the labels again each time; a step that makes any
    label's place worse (`povlib_cost`) is undone. Returns None."""
    for _ in range(4):
        lo, hi = ax.get_xlim()
        frame = ax.get_window_extent(renderer)
        spare = frame.x1 - _used_right(ax, renderer) - pad
        if spare <= 1:
            return
        new_hi = max(ax.povlib_fit_right[0], hi - spare * (hi - lo) / frame.width)
        if new_hi >= hi - 1e-6:
            return
        before = [getattr(t, "povlib_cost", 0) for t in ax.texts if getattr(t, "povlib_places", None)]
        ax.set_xlim(lo, new_hi)
        renderer = _renderer(ax.figure)
        _place(ax, renderer)
        after = [getattr(t, "povlib_cost", 0) for t in ax.texts if getattr(t, "povlib_places", None)]
        if sum(after) > sum(before):
            ax.set_xlim(lo, hi)
            renderer = _renderer(ax.figure)
            _place(ax, renderer)
            return


def _place(ax, renderer) -> None:
    """Place the movable labels of one axes (see `settle`); returns None."""
    movable = sorted((t for t in ax.texts if getattr(t, "povlib_places", None)), key=lambda t: t.povlib_rank)
    if not movable:
        return
    fixed = [t for t in ax.texts if t not in movable and t.get_visible() and t.get_text().strip()]
    fixed += [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_visible() and t.get_text()]
    placed = [_extent(t, renderer) for t in fixed]
    frame = ax.get_window_extent(renderer)
    lines = _lines(ax)
    leaders = []  # leader lines of the labels placed so far
    for note in movable:
        best, best_cost = None, None
        # a clear gap between neighbours; where that leaves no free place, a narrow one
        for pad, (dx, dy, ha, va) in [(p, place) for p in (4, 1) for place in note.povlib_places + RING]:
            if pad == 1 and best_cost == 0:
                break
            note.set_position((dx, dy))
            note.set_ha(ha)
            note.set_va(va)
            box = _extent(note, renderer).padded(pad)
            cost = sum(box.overlaps(p) for p in placed) * 10 + sum(_crosses(ln, box) for ln in lines) * 10
            cost += sum(ld.intersects_bbox(box, filled=True) for ld in leaders) * 10
            if max(abs(dx), abs(dy)) >= 16:  # its own leader line must cross no other text either
                leader = note.arrow_patch.get_path()
                cost += sum(leader.intersects_bbox(p.padded(1), filled=True) for p in placed) * 10 + 1
                cost += sum(_leader_crosses(leader, ln) for ln in lines) * 10  # nor any drawn line
            cost += 0 if _inside(box.padded(-pad), frame) else 100  # labels stay inside the plot area
            if best_cost is None or cost < best_cost:
                best, best_cost = (dx, dy, ha, va), cost
            if cost == 0:
                break
        dx, dy, ha, va = best
        note.povlib_cost = best_cost  # 0: clear of everything; >= 10: the least-crowded place found
        note.set_position((dx, dy))
        note.set_ha(ha)
        note.set_va(va)
        note.arrow_patch.set_visible(max(abs(dx), abs(dy)) >= 16)  # far from its point: a leader line
        placed.append(_extent(note, renderer))
        if note.arrow_patch.get_visible():
            leaders.append(note.arrow_patch.get_path())


def printed_scale(fig, first: bool = False) -> float:
    """Return the factor the page prints `fig` at (1.0 = its own size): at most the text width,
    and for the first chart at most FIRST_CHART_HEIGHT_MM tall."""
    width, height = fig.get_size_inches()
    scale = min(1.0, TEXT_WIDTH_IN / width)
    return min(scale, FIRST_CHART_HEIGHT_MM / 25.4 / height) if first else scale


def smallest_text_pt(fig) -> float:
    """Return the smallest font size (pt) of any visible text in `fig`, tick labels included."""
    _renderer(fig)
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_visible() and str(t.get_text()).strip()]
    return min((float(t.get_fontsize()) for t in texts), default=99.0)


class Chart:
    """A chart for readers: a matplotlib figure (or None) with its caption as text.

    `title` states the finding, `subtitle` the definition and scope, `source` the documents,
    `notes` the caveats of the marks; `sentence` replaces the figure when there are fewer than two
    comparable marks, and `table` (a header row then data rows, text cells) lists figures that are
    not drawn. `marks` lists (label, value) of every drawn mark: the SVG's <desc>. In a notebook it
    displays as HTML: the figure as inline SVG whose <title> and aria-label are the title and whose
    <desc> lists every mark, and the caption as text under classes chart-title, chart-subtitle,
    chart-source and chart-notes.
    """

    def __init__(self, fig, title: str, subtitle: str = "", source: str = "", notes=(), sentence: str = "",
                 marks=(), table=(), contested: bool = False):
        self.fig, self.title, self.subtitle, self.source = fig, title, subtitle, source
        self.contested = contested  # every drawn series is one its source contradicts: never a lead chart
        self.notes = [n for n in notes if n]
        self.sentence = sentence
        self.marks = [(str(label), str(value)) for label, value in marks]
        self.table = [list(map(str, row)) for row in table]
        if fig is not None:
            settle(fig)  # labels clear of each other and of the lines, at the figure's final size
            plt.close(fig)  # drawn once, as SVG, by _repr_html_; not again by the inline backend

    def desc(self) -> str:
        """Return the plain-text description of the drawn marks: 'label: value; …' (no Chinese)."""
        return "; ".join(f"{_plain(label)}: {_plain(value)}" for label, value in self.marks)

    def svg(self) -> str:
        """Return the figure as an inline <svg> element: scalable, titled with the finding, its
        <desc> listing every mark's label and value, its text as text in the PDF's fonts."""
        buf = io.StringIO()
        self.fig.savefig(buf, format="svg", metadata={"Date": None})
        text = buf.getvalue()
        text = text[text.index("<svg"):]
        root = re.match(r"<svg([^>]*)>", text)
        attrs = re.sub(r'\s(width|height)="[^"]*"', "", root.group(1))
        width = float(self.fig.get_figwidth()) * 72
        label = html.escape(_plain(self.title), quote=True)
        body = re.sub(r"font-family:\s*'[^']*'", "font-family: " + SVG_FONTS, text[root.end():])
        body = re.sub(r"(<text[^>]*>)([^<]*)(</text>)", lambda m: m.group(1) + _HAN.sub(
            lambda h: f'<tspan lang="{script_of(h.group(0))}">{h.group(0)}</tspan>', m.group(2)) + m.group(3), body)
        desc = f"<desc>{html.escape(self.desc())}</desc>" if self.marks else ""
        return (f'<svg{attrs} role="img" aria-label="{label}" style="width:100%;height:auto;max-width:{width:g}pt">'
                f"<title>{label}</title>{desc}{body}")

    def text(self) -> str:
        """Return the caption as plain text: title, subtitle, sentence, table rows, source and notes,
        one per line."""
        rows = [" | ".join(r) for r in self.table]
        return "\n".join(filter(None, [self.title, self.subtitle, self.sentence, *rows, self.source, *self.notes]))

    def _table_html(self) -> str:
        if not self.table:
            return ""
        head, *rows = self.table
        last = len(head) - 1  # the value: one line, right-aligned; the words left-aligned

        def cell(tag, i, c):
            style = "white-space:nowrap;text-align:right" if i == last else "text-align:left"
            return f'<{tag} style="{style}">{_markup(c)}</{tag}>'
        return ('<table class="chart-table" style="font-size:0.85em;break-inside:auto"><thead><tr>'
                + "".join(cell("th", i, c) for i, c in enumerate(head)) + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows)
                + "</tbody></table>")

    def _repr_html_(self) -> str:
        if self.fig is None:
            return f'<p class="chart-none">{_markup(self.sentence)}</p>' + self._table_html()
        notes = "".join(f"<li>{_markup(n)}</li>" for n in self.notes)
        return ('<figure class="chart" style="margin:0.6em 0 1em;break-inside:avoid-page">'
                f'<h3 class="chart-title">{_markup(self.title)}</h3>'
                + (f'<p class="chart-subtitle">{_markup(self.subtitle)}</p>' if self.subtitle else "")
                + self.svg()
                + f'<figcaption><p class="chart-source">{_markup(self.source)}</p>'
                + (f'<ul class="chart-notes">{notes}</ul>' if notes else "") + "</figcaption></figure>"
                + self._table_html())

    def __repr__(self) -> str:
        return self.text()


def show(chart) -> None:
    """Display a chart (or nothing for None) in the notebook; returns None."""
    if chart is not None:
        from IPython.display import display
        display(chart)


def lead(*groups: list) -> "Chart | None":
    """Return the first drawn chart of `groups` (lists of charts, in the order the report's sections
    show them) whose data is not contested (`Chart.contested`), else the first drawn chart, or None
    when none is drawn: a chart of figures their source contradicts never opens a report while
    another chart exists. A report shows it under its key messages so that both share the first
    printed page; its place in `groups` becomes None, so its section does not repeat it (a section
    left with nothing is not shown)."""
    drawn = [(group, i, chart) for group in groups for i, chart in enumerate(group)
             if chart is not None and chart.fig is not None]
    if not drawn:
        return None
    group, i, chart = next((d for d in drawn if not getattr(d[2], "contested", False)), drawn[0])
    group[i] = None  # shown once, under the key messages; its section does not repeat it
    fit_first(chart.fig)
    return chart


def fit_first(fig) -> None:
    """Lay `fig` out at the size the page prints a report's first chart (at most the text width
    and FIRST_CHART_HEIGHT_MM tall) when it would otherwise be shrunk, so its text prints at its own
    size, never below MIN_PRINT_PT; its labels are placed again. Returns None."""
    width, height = fig.get_size_inches()
    top = FIRST_LAYOUT_IN
    if height <= top and width <= TEXT_WIDTH_IN:
        return
    fig.set_size_inches(min(width, TEXT_WIDTH_IN), min(height, top))
    settle(fig)


def _markup(text: str) -> str:
    """Return `text` HTML-escaped, each run of Chinese in a <span lang="zh-Hant"> (traditional
    characters) or <span lang="zh-Hans"> (simplified), as povlib.present.text.script_of tells."""
    return lang_spans(text)


def _plain(text: str) -> str:
    """Return `text` without its Chinese (for attributes and SVG <title>/<desc>, which cannot carry
    a language tag per phrase): the English around it, empty brackets and doubled spaces removed."""
    out = _HAN.sub("", str(text))
    out = re.sub(r"\(\s*\)|“\s*”|‘\s*’|'\s*'", "", out)
    return re.sub(r"\s{2,}", " ", out).replace(" ,", ",").replace(" .", ".").strip()


def region_name(key: str, labels: dict[str, str] | None = None) -> str:
    """Return the one English name of a region (report.region_name when povlib has it, else the
    label without its Chinese)."""
    named = getattr(report, "region_name", None)
    if named is not None:
        return named(key)
    label = (labels or {}).get(key) or report.region_labels().get(key, key)
    return _HAN.sub("", label).strip() or key


def source_text(sources: pd.DataFrame, cited: set[str] | frozenset = frozenset()) -> str:
    """Return the short source line under a chart: 'Sources: publisher, date [id]; …' (a short title
    where the publisher is not stated), ending with a pointer to the full citations in the report's
    Sources section, so the line stays one or two lines and the chart block stays on its page. A
    document in `cited` (named under an earlier chart of the same group) is '[id], above'."""
    docs = []
    for r in sources.itertuples():
        if r.source_id in cited:
            docs.append(f"[{r.source_id}], above")
            continue
        who = (getattr(r, "outlet_en", "") or "").split(", the ")[0]
        if not who:
            title = report.source_title(r._asdict())   # "[Description]" for an untitled document
            short = title if len(title) <= 60 else title[:60].rsplit(" ", 1)[0] + "…" + ("]" if title.startswith("[") else "")
            who = short if short.startswith("[") else "“" + short + "”"
        date = str(getattr(r, "date", "") or "date not stated")
        if getattr(r, "date_basis", "") == "inferred":
            date += "?"
        docs.append(f"{who}, {date} [{r.source_id}]")
    return (("Sources: " if len(docs) > 1 else "Source: ") + "; ".join(docs)
            + ". Full citations under Sources.")


def _figure(width: float, height: float, **kwargs):
    fig, axes = plt.subplots(figsize=(width, min(height, MAX_HEIGHT)), layout="constrained", **kwargs)
    for ax in np.atleast_1d(axes).ravel():
        for spine in ax.spines.values():
            spine.set_zorder(SPINE_ZORDER)  # a value label's white box never cuts an axis line
    return fig, axes


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
    """Return the words a chart adds to a region's label for a scope ('' for the whole region)."""
    if scope == "all" or not scope:
        return ""
    return ", " + (scope_note if scope == "subset" and scope_note else SCOPE_WORDS.get(scope, scope))


def year_text(year, basis: str = "stated") -> str:
    """Return a year for a chart: '2017', '2017?' when inferred (not stated), 'year not stated' when missing."""
    if pd.isna(year):
        return "year not stated"
    return f"{int(year)}?" if basis in INFERRED else str(int(year))


def row_label(row, labels: dict[str, str]) -> str:
    """Return 'Liangshan, the 11 deep-poverty counties †' for a metrics row (English name, its scope,
    † when it rests on an anomaly)."""
    dagger = " †" if getattr(row, "anomalies", "") else ""
    return f"{region_name(row.region, labels)}{scope_label(row.scope, row.scope_note)}{dagger}"


def _who(row, labels: dict[str, str] | None = None) -> str:
    """Return 'Liangshan (the 11 deep-poverty counties)' for a title: the name and its scope."""
    scope = scope_label(row.scope, row.scope_note)[2:]
    return region_name(row.region, labels) + (f" ({scope})" if scope else "")


def _wrapped(text: str, width: int = LABEL_COLUMNS) -> str:
    return "\n".join(wrap(text, width))


def marks_note(df: pd.DataFrame) -> str:
    """Return the legend lines for '?' (inferred years) and '†' (anomalies) of the rows in `df`,
    one per line, every anomaly named with the first sentence of its explanation, its amounts in
    English units (amounts.english_units: 184.37萬 → 1,843,700; quotes stay as written)."""
    lines = []
    if "year_basis" in df and df["year_basis"].isin(INFERRED).any():
        lines.append("? Year inferred from the text around it or the document's date, not stated.")
    ids = sorted({a for cell in df.get("anomalies", pd.Series(dtype=str)) for a in str(cell).split(";") if a})
    lines += [f"† {amounts.english_units(line)}" for line in anomaly_lines(ids, width=10_000)]
    return "\n".join(lines)


def _explained(df: pd.DataFrame) -> str:
    """Return the '†' lines of `marks_note` (each anomaly with the first sentence of its explanation);
    the '?' legend is already in `caveat_words`."""
    return "\n".join(line for line in marks_note(df).split("\n") if line.startswith("†"))


def _notes(*parts: str) -> list[str]:
    return [line for part in parts if part for line in part.split("\n") if line]


def national_rates() -> pd.DataFrame | None:
    """Return `metrics.national_poverty_rates()` (year, rate_pct, fact_id...) or None when povlib
    has no national series."""
    fn = getattr(metrics, "national_poverty_rates", None)
    if fn is None:
        return None
    df = fn()
    return df if len(df) else None


def _national(national) -> pd.DataFrame | None:
    df = national_rates() if national is _AUTO else national
    if df is None or not len(df):
        return None
    return df.dropna(subset=["year", "rate_pct"]).astype({"year": int}).sort_values("year").reset_index(drop=True)


def _national_rate(nat: pd.DataFrame | None, year) -> float | None:
    if nat is None or pd.isna(year):
        return None
    hit = nat[nat["year"] == int(year)]
    return float(hit["rate_pct"].iloc[0]) if len(hit) else None


def _national_sources(nat: pd.DataFrame | None) -> pd.DataFrame:
    if nat is None or "fact_id" not in nat:
        return pd.DataFrame(columns=["source_id"])
    ids = sorted({str(f).rsplit("-", 1)[0] for f in nat["fact_id"] if isinstance(f, str) and "-" in f})
    return report.sources_of(pd.DataFrame({"source_id": ids}))


def drawn_national(nat: pd.DataFrame | None, spans) -> pd.DataFrame | None:
    """Return the rows of `nat` whose year lies in one of `spans` ((first, last) years of a panel
    that draws the national line), or None when none is drawn: a chart's source line cites only
    the documents of the marks it draws."""
    if nat is None:
        return None
    keep = pd.Series(False, index=nat.index)
    for lo, hi in spans:
        if lo is not None and hi is not None:
            keep |= (nat["year"] >= lo) & (nat["year"] <= hi)
    return nat[keep] if keep.any() else None


def _sources(sources: pd.DataFrame, nat: pd.DataFrame | None) -> str:
    extra = _national_sources(nat)
    both = pd.concat([sources, extra[~extra["source_id"].isin(set(sources["source_id"]))]]) if len(extra) else sources
    return source_text(both)


def _dark(color: str) -> str:
    """Return `color` darkened for text on white (the registry's pastel region colours are too light)."""
    return to_hex(tuple(c * 0.6 for c in to_rgb(color)))


def _pct(value) -> str:
    """Return a rate as a chart shows it: as the source states it (two decimals at most kept,
    `amounts.shown` with max_decimals=2), e.g. '25.71%'."""
    shown, _ = amounts.shown(value, max_decimals=2)
    return f"{amounts.number(shown)}%" if shown is not None else "—"


def _plot_national(ax, nat: pd.DataFrame, first: int, last: int) -> None:
    part = nat[(nat["year"] >= first) & (nat["year"] <= last)]
    if part.empty:
        return
    ax.plot(part["year"], part["rate_pct"], marker="o", ms=3.5, color=NATIONAL_COLOR, lw=1.2, ls="--",
            label=NATIONAL_LABEL)
    for r in part.itertuples():
        # below its point first: an area's point of the same year keeps its value above and its name right
        _label(ax, _pct(r.rate_pct), (r.year, r.rate_pct), BELOW, rank=2, fontsize=LABEL_PT - 0.5,
               color=NATIONAL_COLOR)
    mid = part.iloc[(len(part) - 1) // 2]  # the name by the middle of the line, clear of the areas' names
    _label(ax, NATIONAL_LABEL, (mid["year"] + (0.5 if len(part) > 1 else 0), mid["rate_pct"]),
           [(0, 6, "center", "bottom"), (0, -7, "center", "top"), (0, 16, "center", "bottom"),
            (0, -17, "center", "top"), (0, 26, "center", "bottom"), (-20, 10, "right", "bottom"),
            (20, 10, "left", "bottom"), (0, 36, "center", "bottom"), (-20, -10, "right", "top")],
           rank=3, fontsize=LABEL_PT - 0.5, color=NATIONAL_COLOR, fontweight="bold")


def _national_top(nat: pd.DataFrame | None, first, last) -> float:
    """Return the highest national rate between `first` and `last` (the years `_plot_national`
    draws), or 0.0 when none is drawn: a national figure outside the chart's years (1978's 97.5 %)
    must not stretch its axis."""
    if nat is None or first is None or last is None:
        return 0.0
    part = nat[(nat["year"] >= first) & (nat["year"] <= last)]
    return float(part["rate_pct"].max()) if len(part) else 0.0


def _scope_groups(df: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Split rows by scope (one panel each: rows of different scopes never share an axis)."""
    order = {"all": 0, "rural": 1, "registered_poor": 2, "subset": 3}
    keys = sorted({(r.scope, r.scope_note) for r in df.itertuples()}, key=lambda k: (order.get(k[0], 9), k[1]))
    out = []
    for scope, note in keys:
        part = df[(df["scope"] == scope) & (df["scope_note"] == note)].reset_index(drop=True)
        out.append(("whole region" if scope == "all" else scope_label(scope, note)[2:], part))
    return out


INCIDENCE = ("Poverty incidence (贫困发生率) is the share of the rural population living below China's national "
             "rural poverty line, in %.")


def national_words(nat, first, last, own: str) -> str:
    """Return the subtitle sentence on the national line of a rate chart: that it is China's rate, a
    survey estimate on another basis than `own`, drawn as context and not ranked; '' without a
    national series or chart years."""
    if nat is None or first is None:
        return ""
    return f"Dashed line: China, a national survey estimate on another basis than {own}: context, not a ranking."


def rate_declines(df: pd.DataFrame, labels: dict[str, str], sources: pd.DataFrame, national=_AUTO):
    """Return a `Chart` of poverty incidence (%) by year: each area's first and last figure joined
    by a line, one panel per scope, with the national rate ("China (national)") drawn in each panel
    over the same years. Every point carries its value; inferred years end in '?'; rows resting on
    an anomaly carry '†', explained in the notes.

    `df` is `metrics.poverty_rate_declines()`; `national` a frame like
    `metrics.national_poverty_rates()` (default: that function, when povlib has it; None: none).
    Returns None when `df` is empty, and a `Chart` with only a sentence when fewer than two
    points can be drawn.
    """
    if df.empty:
        return None
    nat = _national(national)
    dated = df[df["end_year"].notna()]
    points = int(dated["end_year"].notna().sum() + dated["start_year"].notna().sum())
    fell = df[df["end_rate"] < df["start_rate"]]
    years = [int(y) for y in pd.concat([df["start_year"], df["end_year"]]).dropna()]
    first, last = (min(years), max(years)) if years else (None, None)
    # a contested row (its source contradicts it) is drawn but never counted in the finding
    contested = [region_name(r.region, labels) for r in df.itertuples() if bool(getattr(r, "flagged", False))]
    plain = df[~df["flagged"].astype(bool)] if "flagged" in df else df
    # the title states only what the chart draws: a row without both years is not drawn in full
    # (the subtitle names it), so it stays out of the title while a row drawn in full remains
    whole = plain[plain["start_year"].notna() & plain["end_year"].notna()]
    plain = whole if len(whole) else plain
    fell = plain[plain["end_rate"] < plain["start_rate"]]
    if len(df) == 1:
        r = df.iloc[0]
        title = (f"Poverty incidence in {_who(r, labels)} {'fell' if r.end_rate < r.start_rate else 'rose'} "
                 f"from {_pct(r.start_rate)} to {_pct(r.end_rate)}"
                 + (", figures its source contradicts" if contested else ""))
    else:
        title = _declines_title(plain, fell, labels, contested)
    nation = national_words(nat, first, last, "the sources' own rates")
    caveats = caveat_words(df)
    if points + (0 if nat is None else 2) < 2:
        return Chart(None, title, sentence=f"{title}: {'; '.join(_decline_words(r, labels) for r in df.itertuples())}."
                     + (f" {caveats}" if caveats else ""))
    groups = _scope_groups(df)
    side = len(groups) <= 2  # side by side: each panel keeps a readable height when printed first
    fig, axes = _figure(CHART_WIDTH, 3.2 if side else 2.3 * len(groups) + 0.4, nrows=1 if side else len(groups),
                        ncols=len(groups) if side else 1, squeeze=False, sharey=True)
    axes = axes.reshape(-1, 1)
    skipped, marks, spans = [], [], []
    top = max(float(df["start_rate"].max()), _national_top(nat, first, last))
    axes[0, 0].set_ylim(0, top * 1.2)  # final before `dodge` measures markers
    for ax, (scope, part) in zip(axes[:, 0], groups):
        marked = set()  # the years with a mark in this panel: each gets a tick
        span = [int(y) for y in pd.concat([part["start_year"], part["end_year"]]).dropna()]
        lo, hi = (min(span), max(span)) if span else (first, last)
        if nat is not None and lo is not None:
            _plot_national(ax, nat, lo, hi)
            spans.append((lo, hi))
            marked |= {int(y) for y in nat["year"] if lo <= y <= hi}
            marks += [(f"{NATIONAL_LABEL}, {int(n.year)}", _pct(n.rate_pct)) for n in nat.itertuples()
                      if lo <= n.year <= hi]
        for r in part.itertuples():
            disputed = bool(getattr(r, "flagged", False))
            color = CONTESTED_COLOR if disputed else color_of("region", _top(r.region))
            ends = [(y, v, b) for y, v, b in ((r.start_year, r.start_rate, _basis(r, "start")),
                                              (r.end_year, r.end_rate, _basis(r, "end"))) if pd.notna(y)]
            if len(ends) < 2:
                skipped += [f"{_who(r, labels)}'s {end} ({_pct(v)}) has no year in the source and is not plotted"
                            for end, y, v in (("start", r.start_year, r.start_rate), ("end", r.end_year, r.end_rate))
                            if pd.isna(y) and pd.notna(v)]
            marked |= {int(e[0]) for e in ends}
            # a point on another mark (Tongren's 1.16% on China's 0.6%) moves right, never hides it
            xs = dodge([(e[0], e[1]) for e in ends], ax)
            ends = [(x, v, b, y) for x, (y, v, b) in zip(xs, ends)]
            if ends:  # a contested series: thin, dotted and hollow, so it never reads as a finding
                style = {k: v for k, v in CONTESTED_STYLE.items() if k != "color"} if disputed else {"lw": 2}
                ax.plot([e[0] for e in ends], [e[1] for e in ends], marker="o", color=color, **style)
            name = _wrapped(row_label(r, labels) + (" (contested)" if disputed else ""),
                            18 if side and len(groups) > 1 else 26)
            for x, v, basis, y in ends:
                marks.append((f"{row_label(r, labels)}, {year_text(y, basis)}", _pct(v)))
                inferred = f" ({year_text(y, basis)})" if basis in INFERRED else ""
                if len(ends) == 1:  # a lone point: its name and value in one label, one fewer to place
                    _label(ax, f"{name}\n{_pct(v)}{inferred}", (x, v), ONE_POINT, fontsize=LABEL_PT,
                           color=_dark(color), fontweight="bold", bbox=None)
                    continue
                _label(ax, _pct(v) + inferred, (x, v), ABOVE, fontsize=LABEL_PT,
                       color=CONTESTED_COLOR if disputed else "#222222")
            if len(ends) > 1:
                _label(ax, name, ends[-1][:2], BESIDE, rank=1, fontsize=LABEL_PT, color=_dark(color),
                       fontweight="bold", bbox=None)
        if lo is not None:
            ax.set_xlim(lo - 0.5, hi + (3.2 if side and len(groups) > 1 else 2.4))
            year_ticks(ax, range(lo, hi + 1), marked)
        ax.set_title(_wrapped(f"Scope: {scope}", 44), loc="left", fontsize=LABEL_PT + 0.5)
        ax.set_ylabel("Poverty incidence (%)" if ax is axes[0, 0] else "")
        ax.set_ylim(bottom=0)
        plain_ticks(ax.yaxis)
        ax.tick_params(labelsize=LABEL_PT)
    axes[0, 0].set_ylim(0, top * 1.2)
    # a change the title claims but the chart cannot show in full is said first, in the subtitle
    not_drawn = ("; ".join(skipped) + ": the chart cannot show that change in full.") if skipped else ""
    subtitle = " ".join(filter(None, [
        not_drawn,
        f"{INCIDENCE} First and last figure each source gives, {first}–{last}; one panel per scope (a part of a "
        "region is not compared with a whole region)." if first else INCIDENCE, YEAR_RULE, nation]))
    flagged = df["flagged"].astype(bool) if "flagged" in df else pd.Series(False, index=df.index)
    return Chart(fig, title, subtitle, _sources(sources, drawn_national(nat, spans)), _notes(caveats, _explained(df)),
                 marks=marks, contested=bool(flagged.all()))


def _declines_title(plain: pd.DataFrame, fell: pd.DataFrame, labels, contested: list[str]) -> str:
    """Return the title of a multi-area rate chart: the finding of the uncontested rows (each area
    with its first and last rate when there are at most three, else a count), then the contested
    areas, named as drawn in grey."""
    n = len(plain)
    tail = f"; {join_and(contested)} (grey) contested" if contested else ""
    if 0 < n <= 3:
        rose = plain[~plain.index.isin(fell.index)]
        for long in (True, False):  # the long form when the title stays short enough to read
            def change(r):
                start = _pct(r.start_rate) + (", no year," if pd.isna(r.start_year) else "")  # not drawn
                if long:   # each end's year, '?' when inferred: the title carries the caveat of its years
                    return (f"from {start} ({year_text(r.start_year, _basis(r, 'start'))}) to {_pct(r.end_rate)} "
                            f"({year_text(r.end_year, _basis(r, 'end'))}) in {_who(r, labels)}")
                return f"{row_label(r, labels).rstrip(' †')} ({start} to {_pct(r.end_rate)})"
            parts = [f"fell {'' if long else 'in '}{join_and([change(r) for r in fell.itertuples()])}"
                     if len(fell) else "",
                     f"did not fall {'' if long else 'in '}{join_and([change(r) for r in rose.itertuples()])}"
                     if len(rose) else ""]
            title = "Poverty incidence " + "; it ".join(p for p in parts if p) + tail
            if len(title) <= TITLE_CHARS:
                return title
        return title
    else:
        count = "both" if n == 2 and len(fell) == 2 else f"{'all ' if len(fell) == n else ''}{len(fell)}" + (
            "" if len(fell) == n else f" of {n}")
        title = f"Poverty incidence fell in {count} areas with " + (
            "uncontested figures" if contested else "a start and an end figure")
    return title + tail


def year_ticks(ax, years, marked) -> None:
    """Label the x axis of `ax` with every year of `years` when all the labels fit side by side,
    else with every year in `marked` (the years with a mark), else with as many of them as fit
    (first and last kept); a tick for every year either way. Call after the x limits are set;
    returns None."""
    years = list(years)
    renderer = _renderer(ax.figure)
    ax.set_xticks(years)
    ax.tick_params(axis="x", labelsize=LABEL_PT)
    width = ax.get_window_extent(renderer).width / max(1e-9, float(np.diff(ax.get_xlim())[0]))  # px a year

    def fits(shown: list[int]) -> bool:
        probe = ax.text(0, 0, "0000", fontsize=LABEL_PT)
        need = probe.get_window_extent(renderer).width + 4  # a visible gap between two years
        probe.remove()
        return all((b - a) * width >= need for a, b in zip(shown, shown[1:]))

    shown = years if fits(years) else sorted(y for y in marked if y in years)
    while len(shown) > 2 and not fits(shown):
        inner = shown[1:-1]
        shown = [shown[0]] + inner[1::2] + [shown[-1]]
    ax.set_xticks(years, [str(y) if y in shown else "" for y in years])


def _basis(row, end: str) -> str:
    """Return the year basis of one end ('start' or 'end') of a metrics row: its own column when
    the metrics give one per end, else the row's."""
    for col in (f"{end}_year_basis", f"{end}_basis"):
        if isinstance(getattr(row, col, None), str):
            return getattr(row, col)
    return row.year_basis


def _years_of(r) -> str:
    return f"{year_text(r.start_year, _basis(r, 'start'))}–{year_text(r.end_year, _basis(r, 'end'))}"


def _decline_words(r, labels) -> str:
    return (f"{row_label(r, labels)}: {_pct(r.start_rate)} ({year_text(r.start_year, _basis(r, 'start'))}) to "
            f"{_pct(r.end_rate)} ({year_text(r.end_year, _basis(r, 'end'))})")


def _pp(value: float) -> str:
    """Return a derived pace as shown: two significant figures ('3.3 pp'), `amounts.shown`."""
    shown, _ = amounts.shown(value, digits=2)
    return f"{amounts.number(shown)} pp"


def _pp_words(value: float) -> str:
    """Return a derived pace in a sentence: 'about 3.3 pp' when rounded (docs/reports.md, Precision)."""
    _, rounded = amounts.shown(value, digits=2)
    return ("about " if rounded else "") + _pp(value)


def pace_span(r) -> tuple[float, float] | None:
    """Return (lowest, highest) pp a year a `poverty_rate_declines` row allows: `metrics.pace_range`
    (the rule the tables and claims use: a year marked ? may be a year earlier), or, for a row whose
    facts are not in the catalog, `metrics.possible_spans` on the row's own year bases; None when a
    year is missing."""
    row = r._asdict() if hasattr(r, "_asdict") else dict(r)
    try:
        return metrics.pace_range(row)
    except KeyError:  # a row whose facts are not in the catalog (a notebook's own frame)
        spans = metrics.possible_spans(row.get("start_year"), row.get("end_year"),
                                       _basis(r, "start") in INFERRED, _basis(r, "end") in INFERRED)
        if not spans:
            return None
        return float(row["decline_pp"]) / max(spans), float(row["decline_pp"]) / min(spans)


def pace_words(r, sentence: bool = True) -> str:
    """Return a row's pace of decline as every chart says it: 'about 3.3 pp a year' when its years
    allow one span, 'about 2.1–2.7 pp a year (no single pace)' when an inferred year allows several
    (`pace_span`, the rule of the key messages and tables); `sentence` adds 'about' to a rounded pace."""
    span = pace_span(r)
    if span is None or amounts.shown(span[0], digits=2)[0] == amounts.shown(span[1], digits=2)[0]:
        value = r.pp_per_year  # one span: the row's own pace
        return f"{_pp_words(value) if sentence else _pp(value)} a year"
    low, high = (amounts.number(amounts.shown(v, digits=2)[0]) for v in span)
    return f"{'about ' if sentence else ''}{low}–{high} pp a year (no single pace)"


def _with_years(pace: str, r) -> str:
    """Return `pace` with the row's years in its brackets: '2.1–2.7 pp a year (no single pace; 2013–2017?)'."""
    years = _years_of(r)
    return f"{pace[:-1]}; {years})" if pace.endswith(")") else f"{pace} ({years})"


def pp_per_year(df: pd.DataFrame, labels: dict[str, str], sources: pd.DataFrame, national=_AUTO):
    """Return a `Chart` of the decline in poverty incidence in percentage points per year, one bar
    per area, value and years on every bar, drawn only when two or more areas of one scope can be
    compared: their rates are each source's own figures. A row that rests on a contradiction is never
    a comparable mark, and China's national pace (a sample-survey estimate, another basis than the
    sources' own, usually register-based, rates) is never a bar beside an area's: without two
    comparable bars the Chart is only a sentence that gives each pace, rounded and with its caveat,
    and China's pace over the same years as context. Returns None when no row has both years.
    """
    data = df[df["pp_per_year"].notna()].reset_index(drop=True)
    if data.empty:
        return None
    nat = _national(national)
    fair = data[~data["flagged"].astype(bool)]
    sizes = fair.groupby(["scope", "scope_note"])["region"].transform("size") if len(fair) else pd.Series(dtype=int)
    drawn = fair[sizes >= 2].reset_index(drop=True) if len(fair) else fair

    def words(r) -> str:
        text = f"{row_label(r, labels)}: {_with_years(pace_words(r), r)}"
        if r.flagged:
            text += ", a figure that rests on a contradiction in its source"
        a, b = _national_rate(nat, r.start_year), _national_rate(nat, r.end_year)
        if a is not None and b is not None and r.end_year > r.start_year:
            pace = (a - b) / (int(r.end_year) - int(r.start_year))
            text += (f" (over the same years China's survey estimate fell {_pp_words(pace)} a year: "
                     "another basis, given as context, not compared)")
        return text

    skipped = sorted(set(df["region"]) - set(data["region"]))
    missing = (" Not computed (a year is not stated): " + ", ".join(region_name(r, labels) for r in skipped) + "."
               if skipped else "")
    if drawn.empty:
        sentence = ("No chart of the pace of decline: no two areas of one scope have paces that can be compared "
                    "(an area's own rate is not on the basis of China's survey estimate, and a figure resting on a "
                    "contradiction is not ranked). Decline in poverty incidence, percentage points a year, "
                    "paces rounded: " + "; ".join(words(r) for r in data.itertuples()) + "." + missing)
        return Chart(None, "No two comparable paces of decline", sentence=sentence)
    drawn = drawn.sort_values("pp_per_year", ascending=False, kind="stable").reset_index(drop=True)
    top = drawn.iloc[0]
    title = (f"{_who(top, labels)} cut poverty incidence fastest of {len(drawn)} areas of one scope, "
             f"{pace_words(top, False)}" if len(drawn) >= 3 else
             "; ".join(f"{_who(r, labels)} cut poverty incidence by {_with_years(pace_words(r, False), r)}"
                       for r in drawn.itertuples()))
    bars = [(f"{row_label(r, labels)}, {_years_of(r)}", float(r.pp_per_year), color_of("region", _top(r.region)),
             pace_words(r, False)) for r in drawn.itertuples()]
    fig, ax = _figure(CHART_WIDTH, 0.42 * len(bars) + 1.3)
    ax.barh(range(len(bars)), [b[1] for b in bars], color=[b[2] for b in bars], height=0.6)
    for i, (_, v, _, words_of) in enumerate(bars):
        ax.text(v, i, f" {words_of}", va="center", fontsize=LABEL_PT)
    ax.set_yticks(range(len(bars)), [_wrapped(b[0]) for b in bars], fontsize=LABEL_PT)
    ax.invert_yaxis()
    ax.set_xlim(0, max(b[1] for b in bars) * (1.35 if all(len(b[3]) < 20 for b in bars) else 1.9))
    plain_ticks(ax.xaxis)
    ax.set_xlabel("Decline in poverty incidence (percentage points per year)", fontsize=LABEL_PT)
    subtitle = " ".join(filter(None, [
        "Percentage points (pp) of poverty incidence lost per year: (first rate − last rate) / (last year − first "
        "year), over each area's own years; areas of one scope, each source's own rate. Labels rounded to two "
        "significant figures; exact figures in the table. A year marked ? may be a year earlier, so its pace is a range "
        "(no single pace)."]))
    rest = data[~data.index.isin(data.index[data["region"].isin(set(drawn["region"])) & ~data["flagged"].astype(bool)])]
    notes = _notes(caveat_words(drawn), ("Not drawn (nothing comparable): " + "; ".join(words(r) for r in rest.itertuples())
                                         + ".") if len(rest) else "", missing.strip(), _explained(drawn))
    return Chart(fig, title, subtitle, _sources(sources, None), notes,
                 marks=[(b[0], b[3]) for b in bars])


def _period(r) -> str:
    words = getattr(report, "period_en", None)
    if words is not None:
        text = words(r.period_start, r.period_end, getattr(r, "period_text", ""))
    else:
        text = period_label(r.period_start, r.period_end)
    ends = (getattr(r, "start_basis", None), getattr(r, "end_basis", None))
    if hasattr(r, "quote") and hasattr(r, "year_basis"):   # one '?' rule per end, as tables and claims
        ends = metrics.end_bases({k: getattr(r, k, "") for k in
                                  ("period_start", "period_end", "period_text", "quote", "year_basis", "fact_id")})
    elif not all(isinstance(b, str) and b for b in ends):   # neither a fact nor a metrics row with per-end bases
        return text + ("?" if getattr(r, "year_basis", "") in INFERRED and not text.endswith("?")
                       and text != "period not stated" else "")
    for year, basis in zip((str(r.period_start or "")[:4], str(r.period_end or "")[:4]), ends):
        if year and basis in INFERRED:
            text = re.sub(rf"(?<!\d){year}(?![\d?])", f"{year}?", text, count=1)
    return text


class ChartGroup(Chart):
    """Several `Chart`s shown one after another (e.g. one per measure); `charts` lists them, `title`
    and `fig` are the first one's."""

    def __init__(self, charts: list[Chart]):
        self.charts = charts
        first = charts[0]
        self.fig, self.title, self.subtitle, self.source = first.fig, first.title, first.subtitle, first.source
        self.notes, self.sentence = first.notes, first.sentence
        self.contested = all(getattr(c, "contested", False) for c in charts)

    def text(self) -> str:
        """Return the captions of all charts as plain text, a blank line between charts."""
        return "\n\n".join(c.text() for c in self.charts)

    def _repr_html_(self) -> str:
        return "".join(c._repr_html_() for c in self.charts)


def _bar_figure(part: pd.DataFrame, value: str, unit: str, fmt, breakdown=None):
    """Return one figure of horizontal bars of `part` (largest first), the value written after every
    bar, each row labelled with `chart_label`; `breakdown` maps a row's fact_id to its parts
    (label, value), drawn as labelled segments of that bar."""
    lines = [max(1, str(label).count("\n") + 1) for label in part["chart_label"]]
    natural = 0.17 * sum(lines) + 0.2 * len(part) + 0.8
    # up to 14 label lines fit the first-chart height at full size: a funding chart printed first
    # (under the key messages) is then not shrunk below legible text
    fig, ax = _figure(CHART_WIDTH, min(natural, FIRST_LAYOUT_IN) if sum(lines) <= 14 else natural)
    values = part[value].astype(float).tolist()
    centres, y = [], 0.0
    for n in lines:  # rows as tall as their labels
        centres.append(y + n / 2)
        y += n + 0.6
    heights = [0.55 * max(1, min(n, 2)) for n in lines]
    ax.barh(centres, values, height=heights, color=[color_of("region", _top(r)) for r in part["region"]])
    for i, r in enumerate(part.itertuples()):
        ax.text(values[i], centres[i], f" {fmt(r)}", va="center", fontsize=LABEL_PT - 0.5)
        start = 0.0
        for part_label, v, *_ in (breakdown or {}).get(getattr(r, "fact_id", ""), []):
            ax.barh(centres[i], v, left=start, height=heights[i], color="none", edgecolor="white", lw=1.5)
            ax.text(start + v / 2, centres[i], _wrapped(part_label, 30), ha="center", va="center", fontsize=8,
                    color="#111111")
            start += v
    ax.set_yticks(centres, part["chart_label"], fontsize=8.5)
    ax.set_ylim(y - 0.3, -0.3)
    ax.set_xlim(0, max(values) * 1.3)
    plain_ticks(ax.xaxis)
    ax.set_xlabel(unit, fontsize=9)
    ax.tick_params(axis="x", labelsize=8.5)
    return fig


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() in ("", "nan", "<NA>")


def comparable_key(row, funding: bool = False) -> tuple:
    """Return what two marks must share to be drawn on one axis: measure, per-unit basis, kind of
    scope (a part of a region by its own name), period (the same start and end; a mark without a
    stated period is comparable with nothing) and, for money, the source of funds. Sector is
    checked per group (`comparable_groups`)."""
    get = row.get if isinstance(row, pd.Series) else (lambda k, d="": getattr(row, k, d))
    start, end = get("period_start", ""), get("period_end", "")
    per = "" if _missing(get("per", "")) else str(get("per", ""))
    if per != "year" and (_missing(start) or _missing(end)):  # no stated period: nothing to compare it with
        return ("alone", str(get("fact_id", "") or id(row)))
    period = ("per", per) if per == "year" and (_missing(start) or _missing(end)) else (str(start), str(end))
    scope = str(get("scope", "all"))
    note = str(get("scope_note", "") or "") if scope == "subset" else ""
    key = (str(get("measure", "")), per, scope, note, *period)
    return key + ((str(get("fund_source", "")),) if funding else ())


def _ambiguous_links() -> dict[str, set[str]]:
    """Return anomaly id -> its facts, for anomalies that leave open whether one amount is the total
    of others (kind 'ambiguous' naming two or more facts): such amounts are never drawn together."""
    def facts(cell) -> set[str]:
        return set(cell) if isinstance(cell, (list, tuple, set)) else set(str(cell or "").replace(",", ";").split(";"))
    return {a["anomaly_id"]: facts(a.get("facts")) - {""} for a in catalog.load().anomalies
            if a.get("kind") == "ambiguous"}


def comparable_groups(data: pd.DataFrame, funding: bool = False) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Split rows into groups of two or more truly comparable marks (same `comparable_key`; rows of
    several regions must also share a sector (`item`); rows an 'ambiguous' anomaly ties together,
    a possible total and its parts, are not grouped). Return the groups and the rows left alone."""
    groups, alone = [], []
    links = _ambiguous_links() if funding else {}
    keys = [comparable_key(r, funding) for _, r in data.iterrows()]
    for key in dict.fromkeys(keys):
        part = data[[k == key for k in keys]]
        subs = [part]
        sector = "sector" if "sector" in part else "item"
        if sector in part and part["region"].nunique() > 1 and part[sector].fillna("").nunique() > 1:
            subs = [part[part[sector].fillna("") == one] for one in dict.fromkeys(part[sector].fillna(""))]
        for sub in subs:
            ids = set(sub.get("fact_id", pd.Series(dtype=str)))
            tied = any(len(ids & facts) >= 2 for facts in links.values())
            (alone if len(sub) < 2 or tied else groups).append(sub)
    rest = pd.concat(alone) if alone else data.iloc[0:0]
    return groups, rest


MEASURE_WORDS = {"actual": "actual amounts (one period)", "cumulative": "cumulative totals",
                 "plan": "plans", "target": "targets", "share": "shares", "threshold": "thresholds"}


def caveat_words(part: pd.DataFrame) -> str:
    """Return the caveats of the marks of `part` in words, the first note under a chart (or the end
    of the sentence that stands in for one): what a '?' on a year means, and for each kind of
    anomaly the words every report uses (`claims.anomaly_caveat`), the regions whose marks carry it
    and its ids, explained below; '' when there is none. A chart title states only the finding:
    these words never go into it."""
    out = []
    if "year_basis" in part and part["year_basis"].isin(INFERRED).any():
        out.append("Years marked “?” are inferred from the text or the document's date, not stated")
    ids = sorted({a for cell in part.get("anomalies", pd.Series(dtype=str)).fillna("") for a in str(cell).split(";")
                  if a})
    kinds = {a["anomaly_id"]: a.get("kind", "") for a in catalog.load().anomalies}
    by_kind: dict[str, list[str]] = {}
    for aid in ids:
        by_kind.setdefault(kinds.get(aid, ""), []).append(aid)
    for kind, named in by_kind.items():
        words = claims.anomaly_caveat(named[0], kind).rsplit(", anomaly ", 1)[0]
        where = sorted({region_name(r.region) for r in part.itertuples() if hasattr(r, "region")
                        if set(str(getattr(r, "anomalies", "") or "").split(";")) & set(named)} - {""})
        out.append(f"“†” on {' and '.join(where) or 'a mark'}: {words} "
                   f"({'anomaly' if len(named) == 1 else 'anomalies'} {', '.join(named)}, explained below)")
    text = "; ".join(out)
    return (text[0].upper() + text[1:] + ".") if text else ""


ROUNDED_NOTE = "Labels rounded to three significant figures; exact figures in the table."


def _group_title(part: pd.DataFrame, what: str, fmt, who, label=None) -> str:
    """Return the finding of one group of comparable marks, in words: the largest of three or more
    (within one region: which of its items is the largest), else the two figures, with the shared
    measure and period. Caveats are not in the title (`caveat_words` puts them in the subtitle)."""
    rows = list(part.itertuples())
    top = rows[0]
    basis = f"{top.measure}, {_period(top)}"
    if len(part) >= 3:
        if part["region"].nunique() == 1 and label is not None:
            item = _plain_label(getattr(top, "chart_label", "") or label(top))
            return (f"{item[0].upper() + item[1:]}: the largest of {region_name(top.region)}'s {len(part)} "
                    f"comparable {what}, {fmt(top)} ({basis})")
        return f"{who(top)}: {fmt(top)}, the largest of {len(part)} comparable {what} ({basis})"
    other = rows[1]
    return f"{who(top)}: {fmt(top)}; {who(other)}: {fmt(other)} ({what}, {basis})"


def _plain_label(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).replace(" †", "").strip()


def shared_words(part: pd.DataFrame, labels: dict[str, str] | None = None) -> str:
    """Return what the bars of one chart share and what they differ by, as the subtitle's first
    sentence: 'Qamdo, whole region; cumulative, from 2016 to 2020?; source of funds not stated; one
    bar per sector.'"""
    top = next(part.itertuples())
    bits = []
    if part["region"].nunique() == 1:
        bits.append(region_name(top.region, labels) + (scope_label(top.scope, top.scope_note) or ", whole region"))
    bits.append(f"{top.measure}, {_period(top)}")
    if hasattr(top, "funder_words"):
        bits.append(top.funder_words)
    differ = [name for name, col in (("region", "region"), ("sector", "sector"), ("item", "item"))
              if col in part and part[col].fillna("").nunique() > 1]
    by = "region" if "region" in differ else (differ[0] if differ else "")
    return "; ".join(bits) + (f"; one bar per {'spending item' if by in ('sector', 'item') else by}" if by else "") + "."


def _group_charts(groups, value, unit, what, subtitle, sources, fmt, who, label, breakdown=None,
                  shown=None) -> list[Chart]:
    """Return one `Chart` per group of comparable marks, largest first: its finding as title, what
    its bars share and `subtitle`, the caveats in words, the sources of its rows, the marks' notes
    and the rows beyond MAX_BARS as a table. `shown(row)` gives (label, rounded) for the bar labels
    and the title (`amounts.shown`); exact figures stay in the tables, and a rounded label adds
    ROUNDED_NOTE to the subtitle."""
    out, cited = [], set()
    shown = shown or (lambda r: (fmt(r), False))
    for part in groups:
        part = part.sort_values(value, ascending=False, kind="stable").reset_index(drop=True)
        drawn, beyond = part.iloc[:MAX_BARS], part.iloc[MAX_BARS:]
        rounded = any(shown(r)[1] for r in drawn.itertuples()) or any(
            bit[2] for r in drawn.itertuples() for bit in (breakdown or {}).get(getattr(r, "fact_id", ""), []))
        fig = _bar_figure(drawn, value, unit, lambda r: shown(r)[0], breakdown)
        mine = sources[sources["source_id"].isin(set(part["source_id"]))] if "source_id" in part else sources
        marks = [(label(r), fmt(r)) for r in drawn.itertuples()]
        marks += [(f"of which {p}", "") for r in drawn.itertuples()
                  for p, *_ in (breakdown or {}).get(getattr(r, "fact_id", ""), [])]
        table = ([["Not drawn (smaller)", "Amount"]] + [[label(r), fmt(r)] for r in beyond.itertuples()]
                 if len(beyond) else [])
        sub = " ".join(filter(None, [shared_words(part), subtitle]))
        title = _group_title(part, what, lambda r: shown(r)[0], who, label)
        out.append(Chart(fig, title, sub, source_text(mine, frozenset(cited)),
                         _notes(ROUNDED_NOTE if rounded else "", caveat_words(part),
                                "Parts of a total are drawn as segments inside its bar, labelled “of which”."
                                if any(f in (breakdown or {}) for f in drawn.get("fact_id", [])) else "",
                                _explained(part)), marks=marks, table=table))
        cited |= set(mine["source_id"])
    return out


def measure_bars(df: pd.DataFrame, value: str, unit: str, title: str, labels: dict[str, str],
                 sources: pd.DataFrame, hue: str | None = None, listing: bool = False):
    """Return a `ChartGroup` of horizontal bars of `value` (e.g. persons relocated): one chart per
    group of comparable figures (same measure, scope and period: `comparable_groups`), the value on
    every bar; the figures comparable with no other are never drawn: a sentence says so and points
    to the section's table, or, with `listing` (for a page without such a table), lists them in a
    small table with their notes. `title` names the quantity ('People relocated'); bars take their
    region's colour (`hue` is kept for compatibility). Returns None when there is nothing to draw.
    """
    data = df[df[value].notna()].copy()
    if data.empty:
        return None
    data["chart_label"] = [_wrapped(f"{row_label(r, labels)} · {_period(r)}") for r in data.itertuples()]

    def fmt(r):
        return amounts.quantity_en(getattr(r, value), unit)

    def who(r):
        return row_label(r, labels)

    groups, rest = comparable_groups(data)
    what = title[0].lower() + title[1:]
    table = [["Region and scope", "Measure", "Period", title]] + [
        [row_label(r, labels), r.measure, _period(r), fmt(r)] for r in rest.itertuples()]
    if not groups:
        if len(data) == 1:
            r = next(data.itertuples())
            return Chart(None, title, sentence=(f"One figure of {what} is stated, so there is no chart: "
                                                f"{row_label(r, labels)}: {fmt(r)} ({r.measure}, {_period(r)})."))
        return Chart(None, title, sentence=(f"No chart of {what}: no two of the {len(data)} figures share a measure, "
                                            "scope and period, so none is compared"
                                            + (":" if listing else "; they are in the table below.")),
                     **_listing(listing, table, data))
    subtitle = (f"{what.capitalize()} as each source states them; the bars of a chart share measure, scope and "
                "period. Figures of another measure, scope or period are listed, not drawn.")
    charts = _group_charts(groups, value, unit, what, subtitle, sources, fmt, who, who)
    if len(rest):
        charts.append(Chart(None, title, sentence=(
            f"Not charted: {len(rest)} {'figure is' if len(rest) == 1 else 'figures are each'} the only one of "
            "its measure, scope and period, so none is compared" + (":" if listing else "; see the table below.")),
            **_listing(listing, table, rest)))
    return ChartGroup(charts)


def unit_words(title: str, unit: str) -> str:
    """Return the reader's word for a series' unit: the plural noun in the title's brackets
    ('People lifted out of poverty (persons)' → 'people', 'Poor villages exited (villages)' →
    'villages'), else the unit's own plural ('persons' → 'people'); '%' for a rate. Never 'count'."""
    if unit in ("percent", "%"):
        return "%"
    named = re.search(r"\(([^)%]+)\)", title)
    word = named.group(1).strip() if named else unit
    return amounts.COUNT_WORDS.get(word, (word, word))[1] if word != "count" else "items"


def _level(first: float, last: float) -> str:
    """Return 'stay about level' when `last` is within 5% of `first`, else 'rise' or 'fall'."""
    if first and abs(last - first) / abs(first) < 0.05:
        return "stay about level"
    return "rise" if last > first else "fall"


def trajectory(df: pd.DataFrame, title: str, unit: str, sources: pd.DataFrame, region: str | None = None,
               national=_AUTO):
    """Return a `Chart` of one indicator by year (`df` from `report.trajectory`): a line with the
    value on every point, the y axis from zero, inferred years written '2017?', points resting on an
    anomaly marked '†' (the caveat in words in the subtitle, explained in the notes); for a rate in
    % the national poverty incidence ("China (national)") is drawn over the same years, and the
    subtitle (not the title) says that it is a survey estimate on another basis. `title` is the
    indicator with its unit in brackets ('Poverty incidence (%) — the 11 deep-poverty counties only',
    'Target: People lifted out of poverty (persons)'), `region` the area's key. The title states the
    finding: a change from the first to the last value, or for targets of several years whether
    they rise, fall or stay about level. Returns None when `df` is empty, and a sentence when it
    holds one value.
    """
    if df.empty:
        return None
    indicator, _, scope = title.partition(" — ")
    noun = unit_words(indicator, unit)
    indicator = re.sub(r"\s*\([^)]*\)", "", indicator).strip()
    part = re.sub(r"\s+only$", "", scope.strip())
    part = "" if part.lower() in indicator.lower() else part  # 'Registered poor population (registered poor)'
    where = (f" in {region_name(region)}" if region else "") + (f" ({part})" if part and region else "")
    pct = unit in ("percent", "%")
    nat = _national(national) if pct else None
    years = df["year_end"].astype(int).tolist()

    def fmt(v, r=None) -> str:
        return _pct(v) if pct else f"{fmt_number(v)} {noun}"

    def short(v) -> str:
        return _pct(v) if pct else fmt_number(v)

    rows = list(df.itertuples())
    first, last = rows[0], rows[-1]
    y0, y1 = year_text(first.year_end, first.year_basis), year_text(last.year_end, last.year_basis)
    lead_word, _, what = indicator.partition(": ")
    if what and lead_word.lower() in ("target", "plan"):  # targets of several years: a schedule, not a trend
        who = (region_name(region) + "'s") if region else "The"
        kind = "targets" if lead_word.lower() == "target" else "plans"
        verb = _level(float(first.value), float(last.value))
        head = (f"{who} yearly {kind} for {what[0].lower() + what[1:]}{f' ({part})' if part else ''} {verb}: "
                + (f"{fmt(first.value)} ({y0}) and {short(last.value)} ({y1})" if verb == "stay about level"
                   else f"from {fmt(first.value)} ({y0}) to {short(last.value)} ({y1})"))
        head = head.replace(f"{verb}: from", f"{verb} from")
    else:
        verb = "fell" if last.value < first.value else "rose" if last.value > first.value else "stayed"
        head = f"{indicator}{where} {verb} from {fmt(first.value)} ({y0}) to {fmt(last.value)} ({y1})"
    index = metrics.anomaly_index()
    contested = any(k in CONTESTING_KINDS for f in (df["fact_id"] if "fact_id" in df else [])
                    for _, k in index.get(f, []))
    if contested:   # no finding is stated: the figures as the source gives them, and that it contradicts them
        head = (f"{indicator}{where} as stated: {fmt(first.value)} ({y0}) to {fmt(last.value)} ({y1}), "
                "figures its source contradicts")
    caveats = caveat_words(df.assign(region=region) if region and "region" not in df else df)
    if len(df) < 2:
        return Chart(None, head, sentence=f"{head}." + (f" {caveats}" if caveats else ""))
    # laid out at the first chart's height (legible there, see fit_first): a section's chart then shares the
    # page its heading starts on more often, instead of leaving that page half empty
    fig, ax = _figure(CHART_WIDTH, FIRST_LAYOUT_IN)
    color = color_of("region", _top(region)) if region else color_of("measure", "actual")
    if nat is not None:
        _plot_national(ax, nat, years[0], years[-1])
    schedule = bool(what) and lead_word.lower() in ("target", "plan")
    # yearly targets are separate goals, not a path: dots without a line between them
    style = {"ls": "none", "ms": 7} if schedule else {"lw": 2}
    if contested:  # the same style as a contested series in every chart (rate_declines)
        style = {**CONTESTED_STYLE, **({"ls": "none", "ms": 7} if schedule else {})}
        color = style.pop("color")
    ax.plot(years, df["value"], marker="o", color=color, **style)
    for r in rows:
        mark = " †" if getattr(r, "anomalies", "") else ""
        basis = getattr(r, "year_basis", "stated")
        inferred = f" ({year_text(r.year_end, basis)})" if basis in INFERRED else ""
        _label(ax, f"{short(r.value)}{inferred}{mark}", (int(r.year_end), r.value), ABOVE, fontsize=LABEL_PT,
               color=CONTESTED_COLOR if contested else "#222222")
    if region:
        _label(ax, region_name(region) + (" (contested)" if contested else ""),
               (years[-1], float(df["value"].iloc[-1])), BESIDE, rank=1, fontsize=LABEL_PT,
               color=_dark(color), fontweight="bold")
    ticks = list(range(years[0], years[-1] + 1))
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.set_xlim(years[0] - 0.5, years[-1] + 1.5)
    ax.povlib_fit_right = (years[-1] + 0.5, years[-1] + 1.5)  # `settle` keeps only the room the labels take
    top = max(float(df["value"].max()), _national_top(nat, years[0], years[-1]))
    ax.set_ylim(bottom=0, top=top * 1.25)
    plain_ticks(ax.yaxis)
    ax.set_ylabel("Poverty incidence (%)" if pct else noun.capitalize())
    define = INCIDENCE if pct else (f"{what} (yearly {lead_word.lower()}s), in {noun}." if what
                                    else f"{indicator}, in {noun}.")
    subtitle = " ".join(filter(None, [define, f"Scope: {scope}." if scope else "",
                                      "Grey and dotted: figures their source contradicts." if contested else "",
                                      YEAR_RULE,
                                      national_words(nat, years[0], years[-1], "the source's own rate")]))
    marks = [(f"{region_name(region) if region else indicator}, {year_text(r.year_end, getattr(r, 'year_basis', ''))}"
              + (" †" if getattr(r, "anomalies", "") else ""), fmt(r.value, r)) for r in rows]
    if nat is not None:
        marks += [(f"{NATIONAL_LABEL}, {int(n.year)}", _pct(n.rate_pct)) for n in nat.itertuples()
                  if years[0] <= n.year <= years[-1]]
    return Chart(fig, head, subtitle, _sources(sources, drawn_national(nat, [(years[0], years[-1])])),
                 _notes(caveats, _explained(df)), marks=marks, contested=contested)


PART_WORDS = {"actual": "completed", "cumulative": "completed"}


def progress_words(done, plan, measure: str, plan_measure: str) -> str:
    """Return how an amount completed (`measure` actual or cumulative) under a planned total reads:
    'completed (progress on the plan: 83.4% of it)', the share computed here and rounded by
    `amounts.shown`; '' when it is not progress on a plan (then it is an ordinary part)."""
    if plan_measure not in ("plan", "planned", "target") or measure not in PART_WORDS or not plan:
        return ""
    share, _ = amounts.shown(float(done) / float(plan) * 100)
    return f"completed (progress on the plan, not a part of it: {amounts.number(share)}% of it)"


FUND_COLUMNS = ["Region and scope", "Source of funds", "Sector", "Measure", "Period", "Amount"]


def _short_labels(part: pd.DataFrame, fields) -> pd.DataFrame:
    """Return `part` with bar labels naming only what differs between its bars (the sector always):
    what all share (measure, period, source of funds) is in the chart's title."""
    rows = list(part.itertuples())
    keep = [f for i, f in enumerate(fields) if i == 2 or len({f(r) for r in rows}) > 1]
    labels = [_wrapped(" · ".join(b for b in (f(r) for f in keep) if b and b != "—") + (" †" if r.anomalies else ""), 46)
              for r in rows]
    return part.assign(chart_label=labels)


def _listing(listing: bool, table: list, rows: pd.DataFrame) -> dict:
    """Return the table and notes of a not-charted list when `listing`, else nothing (the section's
    own table lists those figures with their notes: they are not repeated)."""
    return {"table": table, "notes": _notes(marks_note(rows))} if listing and len(table) > 1 else {}


def amounts_by_region(df: pd.DataFrame, value: str, unit: str, title: str, labels: dict[str, str],
                      sources: pd.DataFrame, hue: str = "fund_source", listing: bool = False):
    """Return a `ChartGroup` of funding amounts in million yuan (povlib.present.amounts): one chart
    per group of truly comparable amounts (`comparable_groups`: same measure, per-unit basis, scope
    kind, period and source of funds; several regions only within one sector; never a possible
    total beside its parts), one bar per amount with its value, region, source of funds, sector and
    period; parts of the same group are drawn as "of which" segments of their total. Amounts per
    person, household, month or mu are in yuan with their unit and never drawn. Nothing is summed.
    Amounts comparable with no other are never drawn: a sentence says why and points to the
    section's table, or, with `listing`, lists them in a small table (parts of another measure as
    "of which completed" rows under their total) with their notes. `value` in 亿元 (a column ending '_yi' or 'yi_yuan') is converted exactly; `unit` is the
    unit of `value`. Returns None when there is nothing to draw.
    """
    data = df[df[value].notna() & (df[value].astype(float) > 0)].copy()
    if data.empty:
        return None
    exact = "value_exact_yi" if "value_exact_yi" in data else value
    in_yi = "yi" in value or "亿" in unit
    data["yuan"] = [amounts.decimal(v) * (10 ** 8 if in_yi else 1) for v in data[exact]]
    data["million"] = [float(amounts.million(v)) for v in data["yuan"]]
    data["per"] = data["per"].fillna("") if "per" in data else ""

    def fmt(r) -> str:
        if r.per == "year":  # a yearly budget: a total a year, in million yuan
            return f"{amounts.money_en(r.yuan)} a year"
        return amounts.money_en(r.yuan, per=r.per or None)

    def shown(r) -> tuple[str, bool]:  # a chart label: amounts.shown, exact figures stay in the tables
        if r.per not in ("", "year"):
            return fmt(r), False
        value, rounded = amounts.shown(amounts.million(r.yuan))
        return f"{amounts.number(value)} {amounts.MONEY_UNIT}" + (" a year" if r.per == "year" else ""), rounded

    def sector(r) -> str:
        return getattr(r, "item", "") or str(getattr(r, "sector", "") or "").replace("_", " ") or "—"

    def funder(r) -> str:
        return LEGEND_LABELS.get(getattr(r, hue, ""), str(getattr(r, hue, "") or "source not stated"))

    def who(r) -> str:
        return (region_name(r.region, labels) + scope_label(r.scope, r.scope_note) + f", {sector(r)}"
                + (" †" if r.anomalies else ""))

    def words(r) -> str:
        bits = [region_name(r.region, labels) + scope_label(r.scope, r.scope_note), funder(r).lower(),
                sector(r), _period(r)]
        return " · ".join(b for b in bits if b) + (" †" if r.anomalies else "")

    data["chart_label"] = [_wrapped(words(r), 46) for r in data.itertuples()]
    data["funder_words"] = ["source of funds not stated" if getattr(r, hue, "") in ("", "unspecified")
                            else f"from {funder(r).lower()}" for r in data.itertuples()]
    drawable = data[data["per"].isin(["", "year"])]  # amounts per person, household, month or mu: never drawn
    parts = drawable[drawable["part_of"].astype(bool)] if "part_of" in drawable else drawable.iloc[0:0]
    totals = drawable[~drawable.index.isin(parts.index)]
    groups, rest = comparable_groups(totals, funding=True)
    groups = [_short_labels(g, [lambda r: region_name(r.region, labels) + scope_label(r.scope, r.scope_note),
                                funder, sector, _period]) for g in groups]
    breakdown, drawn_parts = {}, set()
    for r in parts.itertuples():
        parent = [g for g in groups if r.part_of in set(g["fact_id"])]
        if parent and comparable_key(r, True) == comparable_key(parent[0].iloc[0], True):
            breakdown.setdefault(r.part_of, []).append((f"of which {r.item or 'part'}: {shown(r)[0]}", r.million,
                                                        shown(r)[1]))
            drawn_parts.add(r.fact_id)
    rest = pd.concat([rest, data[~data["per"].isin(["", "year"])]])
    table = [FUND_COLUMNS]
    for r in rest.itertuples():
        table.append([region_name(r.region, labels) + scope_label(r.scope, r.scope_note) + (" †" if r.anomalies else ""),
                      funder(r), sector(r), r.measure, _period(r), fmt(r)])
        for p in parts[parts["part_of"] == r.fact_id].itertuples():
            how = (progress_words(p.yuan, r.yuan, p.measure, r.measure) or PART_WORDS.get(p.measure, p.item or "part")
                   if p.measure != r.measure else (p.item or "part"))
            table.append([f"↳ of which {how}" + (" †" if p.anomalies else ""), funder(p), sector(p),
                          p.measure, _period(p), fmt(p)])
    for g in groups:  # a part of another measure than its drawn total: a row of its own, named as a part
        for p in parts[parts["part_of"].isin(set(g["fact_id"]))].itertuples():
            if p.fact_id not in drawn_parts:
                total = g[g["fact_id"] == p.part_of].iloc[0]
                how = progress_words(p.yuan, total["yuan"], p.measure, total["measure"])
                table.append([f"{region_name(p.region, labels)} †" if p.anomalies else region_name(p.region, labels),
                              funder(p), f"of which {how or PART_WORDS.get(p.measure, p.item or 'part')} (of a drawn total)",
                              p.measure, _period(p), fmt(p)])
    listed = len(table) > 1
    count = len(rest)
    other = "other " if groups else ""   # the drawn amounts are compared: the sentence is about the rest
    why = (f"{f'the {other}amount' if count == 1 else f'each of the {other}{count} amounts'} shares its measure, source of funds, "
           "sector, period and scope with no other (or an anomaly leaves open whether one is the total of others), "
           "so none is compared or ranked")
    if count == 1 and not groups and len(table) == 2:
        why = "there is one amount only, so there is nothing to compare"
    parts_listed = len(table) - 1 - count  # parts of a total, listed under it: counted apart, never dropped
    if parts_listed:
        why += (f"; {parts_listed} more {'amount is a part' if parts_listed == 1 else 'amounts are parts'} of a "
                f"total or progress on a plan, listed under {'it' if parts_listed == 1 else 'their totals'}")
    why += ":" if listing else "; see the table below"
    if not groups:
        return Chart(None, title, sentence=f"No chart of funding: {why}{'' if listing else '.'}",
                     **_listing(listing, table, data))
    subtitle = "Amounts in million yuan as the source states them; nothing is summed."
    charts = _group_charts(groups, "million", "million yuan", "amounts", subtitle, sources, fmt, who, words,
                           breakdown, shown)
    if listed:
        charts.append(Chart(None, title, sentence=f"Not charted: {why}{'' if listing else '.'}",
                            **_listing(listing, table, rest)))
    return ChartGroup(charts)


def _unit_word(unit: str) -> str:
    return unit.split(" (")[0]
