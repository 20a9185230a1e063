"""How a quantity reads in an English report: one unit per kind of quantity, everywhere.

Decisions (docs/reports.md, "Units"):
- money totals are in **million yuan** (46亿元 → 4,600 million yuan; 22,211.54万元 → 222.1154
  million yuan), in prose, tables and charts alike, so one column or sentence never mixes 亿元,
  万元 and billions;
- an amount per person, household, month or mu stays in **yuan** with its "per" words
  (4,713 yuan per person per year): it is a rate, never drawn or added beside totals;
- people, households and the like are plain counts (184.37万人 → 1,843,700 people);
- conversions only move the decimal point (exact Decimal arithmetic): nothing is rounded, and the
  qualifier of the source (余, 近, 约) becomes a word (more than, nearly, about).
Chinese unit words stay only inside quotes; `english_units` rewrites them in curated English prose
(anomaly explanations, notes), leaving quoted Chinese (“…”) as written.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MONEY_UNIT = "million yuan"
MILLION = Decimal(10) ** 6
#: a fact's `qualifier` (povlib.catalog.units) as English words before the number
QUALIFIER_WORDS = {"approx": "about", "nearly": "nearly", "more_than": "more than", "at_most": "at most",
                   "at_least": "at least"}
#: base unit -> (one, many) as English words after a count
COUNT_WORDS = {"persons": ("person", "people"), "households": ("household", "households"),
               "person-times": ("person-time", "person-times"), "mu": ("mu", "mu"),
               "persons_per_year": ("person a year", "people a year")}
SHORT_UNITS = {"percent": "%", "pp": " pp", "pp_per_year": " pp a year", "km2": " km²", "m2": " m²",
               "count": "", "times": " times"}
#: `per` of a funding fact (povlib.analysis.metrics) as English words after "yuan"
PER_WORDS = {"person": "per person", "household": "per household", "month": "per month", "year": "a year",
             "mu": "per mu", "person_year": "per person per year", "household_year": "per household per year"}


def decimal(value) -> Decimal | None:
    """Return `value` as an exact Decimal, or None when it is missing or not a number."""
    if value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and value != value):
        return None
    try:
        d = Decimal(str(value))  # pandas' NA reads '<NA>': not a number
    except (InvalidOperation, ValueError, TypeError):
        return None
    return d if d.is_finite() else None


def number(d: Decimal) -> str:
    """Return an exact number with thousands separators and no exponent ('1,843,700', '0.5674')."""
    d = d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
    sign, text = ("-" if d < 0 else ""), format(abs(d), "f")
    whole, _, frac = text.partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


def shown(value, digits: int = 3, max_decimals: int = 1) -> tuple[Decimal | None, bool]:
    """Return `value` as shown in a sentence or on a chart mark, and whether that is rounded.

    A value with at most `max_decimals` decimal places is shown exactly (1,843,700; 25.71 is shown
    as is only with max_decimals=2). A longer one is rounded half-up to `digits` significant
    figures, never dropping a whole-number digit (78.6889 → 78.7, 222.1154 → 222, 0.5674 → 0.567).
    Tables and Sources keep the exact figure; callers say "about" (sentences, `shown_en`) or note
    "rounded" (charts) when the flag is True (docs/reports.md, "Precision").
    """
    d = decimal(value)
    if d is None:
        return None, False
    exponent = d.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -max_decimals:
        return d, False
    whole = len(str(int(abs(d)))) if abs(d) >= 1 else 0
    places = max(digits - whole, 0) if whole else digits + _leading_zeros(abs(d))
    out = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return out, out != d


def _leading_zeros(d: Decimal) -> int:
    """Return how many zeros follow the decimal point of a number below 1 (0.0567 → 1)."""
    text = format(d, "f").partition(".")[2]
    return len(text) - len(text.lstrip("0"))


def shown_en(value, unit: str, qualifier: str | None = None, per: str | None = None,
             digits: int = 3, max_decimals: int = 1) -> str:
    """Return `quantity_en` of the value as shown in a sentence: rounded by `shown` (money in
    million yuan first), with "about" when the rounding changed it. A qualified value (more than,
    nearly) is shown exactly: rounding could turn "more than 78.6889" into a false "more than 78.7"."""
    d = decimal(value)
    if d is None:
        return "—"
    if qualifier:
        return quantity_en(d, unit, qualifier, per)
    if unit == "yuan" and not per:
        m, rounded = shown(d / MILLION, digits, max_decimals)
        text = f"{number(m)} {MONEY_UNIT}"
    else:
        m, rounded = shown(d, digits, max_decimals)
        text = quantity_en(m, unit, None, per)
    return f"about {text}" if rounded else text


def million(value) -> Decimal | None:
    """Return an amount in yuan as million yuan, exactly (460000000 → Decimal('460')); None if missing."""
    d = decimal(value)
    return None if d is None else d / MILLION


def money_en(value, per: str | None = None, qualifier: str | None = None) -> str:
    """Return an amount in yuan as a reader reads it: '4,600 million yuan' for a total,
    '4,713 yuan per person per year' for an amount per unit (`per`), with the qualifier in words."""
    d = decimal(value)
    if d is None:
        return "—"
    if per:
        text = f"{number(d)} yuan {PER_WORDS.get(per, 'per ' + per.replace('_', ' '))}"
    else:
        text = f"{number(d / MILLION)} {MONEY_UNIT}"
    return _qualified(text, qualifier)


def quantity_en(value, unit: str, qualifier: str | None = None, per: str | None = None) -> str:
    """Return a value in its base unit in English: '1,843,700 people', '1 person', 'more than
    130,000 people', '4,600 million yuan', '25.71%', '2.05 pp a year'; '—' when missing."""
    d = decimal(value)
    if d is None:
        return "—"
    if unit == "yuan":
        return money_en(d, per, qualifier)
    if unit in SHORT_UNITS:
        text = f"{number(d)}{SHORT_UNITS[unit]}"
    else:
        one, many = COUNT_WORDS.get(unit, (unit, unit))
        text = f"{number(d)} {one if d == 1 else many}".rstrip()
    return _qualified(text, qualifier)


def _qualified(text: str, qualifier: str | None) -> str:
    words = QUALIFIER_WORDS.get(str(qualifier or ""), "")
    return f"{words} {text}" if words else text


_SCALE = {"万": 4, "萬": 4, "亿": 8, "億": 8}
_UNIT_AFTER = {"元": "yuan", "人": "people", "名": "people", "户": "households", "戶": "households", "亩": "mu",
               "畝": "mu", "人次": "person-times", "个": "", "個": "", "家": "", "吨": "tonnes", "噸": "tonnes",
               "头": "head", "頭": "head", "斤": "jin", "公里": "km", "千瓦": "kW"}
_UNITS = "人次|公里|千瓦|元|人|名|户|戶|亩|畝|个|個|家|吨|噸|头|頭|斤"
_NUM = r"\d[\d,]*(?:\.\d+)?"
_CN_AMOUNT = re.compile(rf"(?<![\w.\-])(?P<num>{_NUM})\s*(?P<scale>[万萬亿億])?(?P<more>余|餘|多)?"
                        rf"(?:\s*(?P<unit>{_UNITS}))(?P<above>以上)?")
_CN_SCALED = re.compile(rf"(?<![\w.\-])(?P<num>{_NUM})\s*(?P<scale>[万萬亿億])(?P<more>余|餘|多)?")
#: an arithmetic chain whose last operand carries the scale word ("559.19 + 303.75億元"): the scale
#: applies to every operand, which are converted alike
_CHAIN = re.compile(rf"(?<![\w.\-])((?:{_NUM}\s*[+\-−=×]\s*)+)({_NUM})(\s*)([万萬亿億])((?:{_UNITS})?)")
_BARE = re.compile(r"(?<![\w.,\-/])(\d{5,})(?![\d,.\w])")
_A_YEAR = re.compile(r"\b(?:in|since|by|from|to|until|of|end-|late|early|mid-)\s*$")
#: a four-digit count before its noun ('7568 households') takes a separator; a year never has a count noun
_COUNT4 = re.compile(r"(?<![\w.,\-/])(\d{4})(?=\s+(?:people|persons|households|villages|counties|sites|schools|"
                     r"projects|person-times|poor)\b)")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|‘[^’]*’|《[^》]*》")


def _english_amount(m: re.Match) -> str:
    d = decimal(m.group("num").replace(",", ""))
    if d is None:
        return m.group(0)
    scale = m.groupdict().get("scale") or ""
    value = d * Decimal(10) ** _SCALE.get(scale, 0)
    unit = _UNIT_AFTER.get(m.groupdict().get("unit") or "", "")
    lead = "more than " if m.group("more") else "at least " if m.groupdict().get("above") else ""
    if unit == "yuan":
        return lead + (money_en(value) if value >= MILLION else f"{number(value)} yuan")
    return lead + (f"{number(value)} {unit}".rstrip())


def _chain(m: re.Match) -> str:
    scale = m.group(4) + m.group(5)
    operands = re.split(r"(\s*[+\-−=×]\s*)", m.group(1))
    out = "".join(part if re.fullmatch(r"\s*[+\-−=×]\s*", part) or not part else part + scale
                  for part in operands)
    return out + m.group(2) + m.group(3) + scale


def _plain(text: str) -> str:
    text = _CHAIN.sub(_chain, text)
    text = _CN_AMOUNT.sub(_english_amount, text)
    text = _CN_SCALED.sub(_english_amount, text)
    text = _COUNT4.sub(lambda m: m.group(1) if _A_YEAR.search(m.string, 0, m.start()) and 1900 <= int(m.group(1)) <= 2100
                       else number(Decimal(m.group(1))), text)
    return _BARE.sub(lambda m: number(Decimal(m.group(1))), text)


#: an amount after a Chinese scale word: the unit word that follows it, if any
_AFTER_SCALE = re.compile(rf"\s*(?P<unit>{_UNITS})?")
#: English count words after a number: such a number is never money
_COUNT_AFTER = re.compile(r"\s*(?:\(|more )?\s*(?:poor |registered |rural )*(?:people|persons?|households?|villages?|"
                          r"counties|sites?|students?|pupils?|jobs?|members?|workers?|times|mu|tonnes)\b")


def _same_scale_money(text: str, last: dict) -> str:
    """Return text outside quotes with 元 after each bare scaled amount ('the 190亿') whose nearest
    earlier amount of the same scale was money ('190亿元'): the writer dropped the repeated unit, so
    it converts to million yuan like its neighbour instead of a raw count of yuan. `last` carries the
    scale → unit state from earlier parts of the same text."""
    out, pos = [], 0
    for m in _CN_SCALED.finditer(text):
        scale = _SCALE[m.group("scale")]
        unit = _AFTER_SCALE.match(text, m.end()).group("unit")
        if unit:
            last[scale] = unit
        elif last.get(scale) == "元" and not _COUNT_AFTER.match(text, m.end()):
            out += [text[pos:m.end()], "元"]
            pos = m.end()
    return "".join(out) + text[pos:]


#: an English amount in converted prose: '26,749 people', '4,600 million yuan', '6,500 yuan'
_EN_AMOUNT = re.compile(r"(?<![\w.,\-])(?P<num>\d[\d,]*(?:\.\d+)?)(?![\d\w])(?P<mil> million)?"
                        r"(?P<unit> yuan| people| persons?| households?)?")
#: words after an amount in yuan that make it a rate (kept in yuan beside million-yuan totals)
_RATE_AFTER = re.compile(r"\s*(?:a |an |per |each |every |/)")
_SENTENCE_END = re.compile(r"(?<=[.;!?])(\s+)")


def _value(m: re.Match) -> Decimal | None:
    d = decimal(m.group("num").replace(",", ""))
    return None if d is None else d * (MILLION if m.group("mil") else 1)


def _one_money_unit(sentence: str) -> str:
    """Return a sentence that gives a total in million yuan with its other totals of 10,000 yuan or
    more in million yuan too ('4,200 million yuan … 500,000 yuan for a hall' → '… 0.5 million yuan
    …'), so it never mixes raw yuan with million yuan; an amount per person, month and the like
    ('6,500 yuan a month', '3,300 yuan per household') stays in yuan, and so does a sentence with no
    million-yuan total (a household's income of 50,000 yuan)."""
    if not any(m.group("mil") and (m.group("unit") or "").strip() == "yuan" for m in _EN_AMOUNT.finditer(sentence)):
        return sentence
    out, last = [], 0
    for m in _EN_AMOUNT.finditer(sentence):
        value = _value(m)
        if (m.group("unit") or "").strip() != "yuan" or m.group("mil") or value is None or value < 10_000 \
                or _RATE_AFTER.match(sentence, m.end()) or sentence[:m.start()].endswith("per "):
            continue
        out += [sentence[last:m.start()], money_en(value)]
        last = m.end()
    return "".join(out) + sentence[last:]


def _no_restatement(sentence: str) -> str:
    """Return a sentence without an amount that only restates the amount before it once both are in
    English units: '267,490,000 people (267.49 million people)' → '267,490,000 people'; '26,749
    people … or 26,749' → '26,749 people …' (two notations of one number are not two readings)."""
    found = list(_EN_AMOUNT.finditer(sentence))
    drop = []
    for i, m in enumerate(found[1:], 1):
        value = _value(m)
        if value is None or not any(_value(p) == value for p in found[:i]):
            continue
        before = sentence[:m.start()]
        paren = re.search(r"\s*\($", before)
        if paren and re.match(r"\)", sentence[m.end():]) and _value(found[i - 1]) == value \
                and not sentence[found[i - 1].end():paren.start()].strip():
            drop.append((paren.start(), m.end() + 1))
        elif re.search(r"\s+or\s+$", before) and re.match(r"\s*(?:[.,;)]|$)", sentence[m.end():]):
            drop.append((re.search(r"\s+or\s+$", before).start(), m.end()))
    for start, end in reversed(drop):
        sentence = sentence[:start] + sentence[end:]
    return sentence


def english_units(text: str) -> str:
    """Return curated English prose with each number written with a Chinese scale or unit word in
    English ('184.37萬 poor people' → '1,843,700 poor people', '30亿元' → '3,000 million yuan',
    '56萬余' → 'more than 560,000', '6500元 a month' → '6,500 yuan a month'), every operand of a
    sum or difference in the same unit ('559.19 + 303.75億元' → '55,919 + 30,375 million yuan'),
    and long bare numbers with thousands separators; text inside Chinese quotation marks stays as
    written."""
    if not text:
        return text
    out, last, scales = [], 0, {}
    for q in _QUOTED.finditer(text):
        out += [_plain(_same_scale_money(text[last:q.start()], scales)), q.group(0)]
        last = q.end()
    out.append(_plain(_same_scale_money(text[last:], scales)))
    # per sentence, outside quotes: one money unit, and no amount restated in the same unit
    return "".join(part if i % 2 else "".join(_no_restatement(_one_money_unit(s))
                                             for s in _SENTENCE_END.split(part))
                   for i, part in enumerate(out))
