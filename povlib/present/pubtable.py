"""Tables for readers: chosen columns with English labels, numbers with their units, one symbol
for "not stated", notes as numbered footnotes, fact ids as links to their Sources entries.

A table is a list of `Col` specs over a DataFrame. Numbers are formatted from their exact value
with thousands separators in the report's one unit per kind of quantity (`povlib.present.amounts`:
million yuan for money totals, yuan with per-words for amounts per unit, plain counts, %, pp), never in
exponent notation and never with more digits than the value has. Every cell is HTML-escaped. The layout
fits an A4 page: the table takes the text width and long text wraps (see the report template).

Why not great_tables: it is built for publication tables and was weighed. povlib needs per-cell
links to Sources anchors, footnotes shared between rows, row anchors, and a layout that wraps
inside 18 cm of print; each of these is a few lines here, while with great_tables each would be
a workaround on its HTML, plus a dependency for the readers' build. See docs/decisions.md.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .text import HAN_CHAR, lang_spans, script_of, zh  # noqa: F401 - part of the reader-table API
from . import amounts

NOT_STATED = "—"
#: base unit -> (unit after a plain number, unit after a number in 万, in 亿)
UNIT_WORDS = {
    "persons": ("persons", "万人", "亿人"), "households": ("households", "万户", "亿户"),
    "yuan": ("元", "万元", "亿元"), "person-times": ("person-times", "万人次", "亿人次"),
    "mu": ("mu", "万亩", "亿亩"),
}
SHORT_UNITS = {"percent": "%", "pp": " pp", "km2": " km²", "m2": " m²", "count": "", "times": " times"}


@dataclass(frozen=True)
class Col:
    """One column of a reader's table: the DataFrame column, its header and how to format it.

    kind: text, number, quantity (value with the row's `unit` and `qualifier` columns), yi (a number of
    亿元, the unit in the header), amount (preformatted number, right-aligned), percent, pp, year,
    facts (fact ids as links), anchors (fact ids, each also the anchor `fact-<id>` of its Sources
    entry), quote (verbatim source text in a span of the row's `script`, wrapped).
    """

    key: str
    label: str
    kind: str = "text"
    #: a column that applies to few rows: when it is empty in more than half of them it is left
    #: out and its text joins the notes of the rows that have it (no column of mostly '—')
    aside: bool = False


_decimal = amounts.decimal  # exact, or None for a missing value (pandas' NA included)


def fmt_number(value, places: int | None = None) -> str:
    """Return a number with thousands separators and no exponent ('1,843,700', '2.05');
    `places` rounds (half-up as the Decimal default context), else the value's own digits."""
    d = _decimal(value)
    if d is None:
        return NOT_STATED
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    d = d.normalize() if d == d.to_integral_value() or places is None else d
    sign, text = ("-" if d < 0 else ""), format(abs(d), "f")
    whole, _, frac = text.partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


def _scale(d: Decimal, unit: str, raw: str | None) -> int:
    """Return 8 (亿), 4 (万) or 0: as the source wrote the number, else by size."""
    if raw is not None:
        return 8 if ("亿" in raw or "億" in raw) else 4 if ("万" in raw or "萬" in raw) else 0
    if unit == "yuan" and abs(d) >= 10**8:
        return 8
    return 4 if abs(d) >= 10**5 else 0


def fmt_quantity(value, unit: str, raw: str | None = None) -> str:
    """Return a value in its base unit as a reader writes it: '184.37 万人', '5.8 亿元', '25.71%',
    '19,924 persons'. With `raw` (the number as written) the source's own 万/亿 is kept."""
    d = _decimal(value)
    if d is None:
        return NOT_STATED
    if unit in UNIT_WORDS:
        plain, wan, yi = UNIT_WORDS[unit]
        scale = _scale(d, unit, raw)
        word = dict([(8, yi), (4, wan), (0, _one(plain, d))])[scale]
        return f"{fmt_number(d / 10**scale)} {word}"
    if unit in SHORT_UNITS:
        return f"{fmt_number(d)}{_one(SHORT_UNITS[unit], d)}"
    return f"{fmt_number(d)} {_one(unit, d)}"


def _one(word: str, d: Decimal) -> str:
    """Return the singular of an English unit for exactly one ('1 person', '1 hour')."""
    return word[:-1] if d == 1 and word.endswith("s") and not word.endswith("ss") else word


def quantity_en(value, unit: str, qualifier: str | None = "", per: str | None = None) -> str:
    """Return a quantity in the report's one unit for its kind (`povlib.present.amounts`), with its
    qualifier in words and the unit in the right number: 'more than 130,000 people', '1 person',
    '34,000 million yuan', '4,713 yuan per person per year' (with `per`), '25.71%'.

    People, households and the like are plain counts (184.37万人 → '1,843,700 people'); money totals
    are in million yuan (22,211.54万元 → '222.1154 million yuan'), exact, never rounded; '—' when
    there is no value.
    """
    d = _decimal(value)
    if d is None:
        return NOT_STATED
    unit = str(unit or "")
    if unit != "yuan" and unit not in amounts.COUNT_WORDS and unit not in amounts.SHORT_UNITS:
        words = amounts.QUALIFIER_WORDS.get(str(qualifier or ""), "")
        text = f"{fmt_number(d)} {_one(unit, d)}".rstrip()
        return f"{words} {text}" if words else text
    return amounts.quantity_en(_decimal(value), str(unit or ""), qualifier or None, per or None)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YM_RANGE = re.compile(r"\b(\d{4})-(\d{2})(\??)\s*[–-]\s*(\d{4})-(\d{2})(\??)")
_YM = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b(\??)")


def plain_dates(text: str) -> str:
    """Return text with code-format months in plain words: '2017-12' → 'Dec 2017',
    '2019-01–2019-02' → 'Jan–Feb 2019', '2018-12–2019' → 'Dec 2018–2019', '2018-06?' → 'Jun 2018?'."""
    def span(m: re.Match) -> str:
        y1, m1, q1, y2, m2, q2 = m.groups()
        if y1 == y2 and q1 == q2:
            return f"{MONTHS[int(m1) - 1]}–{MONTHS[int(m2) - 1]} {y1}{q1}"
        return f"{MONTHS[int(m1) - 1]} {y1}{q1}–{MONTHS[int(m2) - 1]} {y2}{q2}"
    text = _YM_RANGE.sub(span, str(text or ""))
    return _YM.sub(lambda m: f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}{m.group(3)}", text)


def count_en(n: int, singular: str, plural: str | None = None) -> str:
    """Return a count with its noun in the right number: '1 amount', '8 amounts', '1 person'."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def sentence(parts) -> str:
    """Return note fragments as sentences: each stripped, capitalised and ended with one full stop
    ('a year is not stated' + 'see anomaly a01' → 'A year is not stated. See anomaly a01.')."""
    out = []
    for p in parts:
        p = str(p or "").strip().rstrip(";").strip()
        if not p:
            continue
        # a curated note may join its own sentences with '.;' : one full stop, a capital after it
        p = re.sub(r"\.\s*;\s*(\w)", lambda m: ". " + m.group(1).upper(), p)
        p = p[0].upper() + p[1:]
        out.append(p if p[-1] in ".!?。" else p + ".")
    return " ".join(dict.fromkeys(out))


def fact_links(cell) -> str:
    """Return HTML links to the Sources entries of the fact ids in a ';'-separated cell."""
    ids = [i for i in str(cell if cell is not None and cell is not pd.NA else "").split(";") if i]
    if not ids:
        return NOT_STATED
    return " ".join(f'<a class="fact" href="#fact-{html.escape(i)}">{html.escape(i)}</a>' for i in ids)


def _cell(row: pd.Series, col: Col) -> str:
    value = row.get(col.key)
    if col.kind == "facts":
        return fact_links(value)
    if col.kind == "quantity":
        if _decimal(value) is None and isinstance(value, str) and value.strip():
            return lang_spans(value)  # a figure given as written (an anomaly says it cannot be read as a number)
        return lang_spans(quantity_en(value, row.get("unit", ""), row.get("qualifier"), row.get("per") or None))
    if col.kind == "yi":
        return html.escape(NOT_STATED if _decimal(value) is None else fmt_number(value))
    if col.kind == "percent":
        return html.escape(NOT_STATED if _decimal(value) is None else f"{fmt_number(value)}%")
    if col.kind == "pp":
        return html.escape(NOT_STATED if _decimal(value) is None else f"{fmt_number(value)} pp")
    if col.kind == "number":
        return html.escape(fmt_number(value))
    if col.kind == "amount":
        return aligned(value)
    if col.kind == "anchors":
        ids = [i for i in str(value or "").split(";") if i]
        return " ".join(f'<a class="fact" id="fact-{html.escape(i)}" href="#fact-{html.escape(i)}">'
                        f'{html.escape(i)}</a>' for i in ids) or NOT_STATED
    if col.kind == "year":
        return html.escape(NOT_STATED if _decimal(value) is None else str(int(_decimal(value))))
    text = "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)
    if col.kind == "quote" and text.strip():
        return zh(text, row.get("script") or None)
    return lang_spans(text) if text.strip() else NOT_STATED


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d[\d,]*)(\.\d+)?$", re.S)
#: what a number's cell keeps on its line with it: a part's mark '↳' and the qualifier words of
#: amounts.QUALIFIER_WORDS ('more than', 'about'), with the spaces after them
_BOUND_HEAD = re.compile(r"(?:↳\s*)?(?:(?:" + "|".join(sorted(map(re.escape, amounts.QUALIFIER_WORDS.values()), key=len, reverse=True))
                         + r")\s+)?$")


def aligned(value) -> str:
    """Return an amount cell's HTML with its decimal point aligned down the column: a cell that ends
    in a number ('↳ 78.6889', '3,832') puts the number's decimals in a fixed-width
    `<span class="frac">` (empty for a whole number), so exact figures of 0–4 decimals line up
    (the span is filled with nothing: the figure stays exact, never padded with zeros). Other cells
    are text."""
    text = "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)
    m = _TRAILING_NUMBER.match(text)
    if not text.strip() or not m:
        return lang_spans(text) if text.strip() else NOT_STATED
    head, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    # a part's mark and a qualifier ('↳ ', 'more than ') read with their number: a no-break space joins
    # them to it (after '↳' a narrow one), while the words of a qualifier may wrap between them, so a
    # long qualifier does not widen its column
    bound = _BOUND_HEAD.search(head)
    head, tied = head[:bound.start()], bound.group(0)
    tied = re.sub(r"↳\s*", "↳\u202f", re.sub(r"\s+$", "\u00a0", tied))
    return (f'{lang_spans(head)}{html.escape(tied)}<span class="num">{whole}<span class="frac">{frac}</span>'
            '</span>')


def render_html(df: pd.DataFrame, cols: list[Col], caption: str = "", note: str | None = None,
                row_id: str | None = None, source: str = "", export: str = "") -> str:
    """Return the HTML of a reader's table: caption, header, rows, numbered footnotes from the
    `note` column (identical notes share a number), and a source line.

    `row_id` names a column whose value becomes the row's anchor (`id="fact-<value>"`); `export`
    names the table of `reports/data/` the rows come from (`data-export`, which the page links).
    """
    if df.empty:
        return f"<p class='povlib-empty'><em>{lang_spans(caption + ': ' if caption else '')}no facts of this " \
               f"kind in the source documents.</em></p>"
    notes: dict[str, int] = {}
    asides = [c for c in cols if c.aside and 2 * sum(bool(str(v or "").strip()) for v in df[c.key].fillna("")) <= len(df)]
    cols = [c for c in cols if c not in asides]
    extra_notes = [" ".join(str(row[c.key]).strip() for c in asides if str(row[c.key] or "").strip())
                   for _, row in df.fillna({c.key: "" for c in asides}).iterrows()]
    grid = [[_cell(row, c) for c in cols] for _, row in df.iterrows()]
    # a column with no value in any row is left out (the legend says what '—' means)
    keep = [j for j, c in enumerate(cols)
            if c.kind in ("anchors",) or any(r[j] not in (NOT_STATED, html.escape(NOT_STATED), "") for r in grid)]
    cols = [cols[j] for j in keep]
    body = []
    for (_, row), full, aside in zip(df.iterrows(), grid, extra_notes):
        cells = [f"<td class='k-{c.kind}'>{full[j]}</td>" for j, c in zip(keep, cols)]
        text = " ".join(t for t in (aside, str(row.get(note) or "").strip() if note else "") if t)
        if text:
            number = notes.setdefault(text, len(notes) + 1)
            cells[0] = cells[0][:-5] + f"<sup class='fn'>{number}</sup></td>"
        anchor = f" id='fact-{html.escape(str(row[row_id]))}'" if row_id else ""
        body.append(f"<tr{anchor}>{''.join(cells)}</tr>")
    head = "".join(f"<th class='k-{c.kind}'>{lang_spans(c.label)}</th>" for c in cols)
    # the caption as a block before the table: print keeps it with the table's first rows
    # (Chromium does not honour break avoidance between a <caption> and its rows)
    cap = f"<p class='povlib-caption'>{lang_spans(caption)}</p>" if caption else ""
    foot = "".join(f"<li>{lang_spans(t)}</li>" for t in notes)
    extra = (f"<ol class='povlib-notes'>{foot}</ol>" if foot else "")
    # the marks '—', '?' and '†' are explained once per report, in its definitions box (pages.py)
    tail = f"<p class='povlib-source'>Source: {lang_spans(source)}</p>" if source else ""
    data = f" data-export='{html.escape(export)}'" if export else ""
    return (f"{cap}<table class='povlib-table'{data}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"</table>{extra}{tail}")


def table(df: pd.DataFrame, cols: list[Col], caption: str = "", note: str | None = None,
          row_id: str | None = None, source: str = "", export: str = ""):
    """Return the reader's table as an IPython HTML object (see `render_html`)."""
    from IPython.display import HTML
    return HTML(render_html(df, cols, caption, note, row_id, source, export))
