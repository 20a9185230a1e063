"""The number/unit grammar of `raw` strings and exact conversion to base units.

``parse_raw("184.37萬人")`` returns ``Quantity(value=Decimal("1843700"), unit="persons", ...)``.
Grammar: ``[prefix] number [space] [multiplier] [余|餘|多] [unit] [以上|以下]``; see docs/curation.md.
The first end of a range whose multiplier is written once, after the second end, is written as the
range: ``parse_raw("3-5万元")`` is 3万元 (30000 yuan). Full-width digits and decimal points (１２．６％)
read as ASCII ones. All arithmetic is exact (``decimal.Decimal``); nothing is rounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

from ..exceptions import UnitError

#: base unit -> English label used on tables and charts
BASE_UNITS = {
    "persons": "persons",
    "person-times": "person-times",
    "households": "households",
    "yuan": "yuan (CNY)",
    "percent": "%",
    "pp": "percentage points",
    "mu": "mu (1/15 ha)",
    "km": "km",
    "m": "m",
    "m2": "m²",
    "km2": "km²",
    "ha": "ha",
    "t": "tonnes",
    "kg": "kg",
    "jin": "jin (0.5 kg)",
    "kW": "kW",
    "times": "times",
    "years": "years",
    "months": "months",
    "days": "days",
    "hours": "hours",
    "count": "count",
    "degrees": "degrees",
}

_COUNTERS = (
    "个 個 所 座 家 处 處 项 項 批 件 间 間 套 栋 棟 条 條 支 场 場 场次 場次 期 次 台 辆 輛 张 張 "
    "篇 本 头 頭 只 株 棵 类 類 种 種 村 县 縣 乡 鄉 镇 鎮 区 區 部 届 屆 轮 輪 份 门 門 块 塊 片 棒 趟 期次 市 大类 大類 册 冊 对 對 县市 縣市 县区 縣區 大领域 大領域"
).split()

#: unit word as written -> (base unit, factor)
UNITS: dict[str, tuple[str, Decimal]] = {
    **{w: ("persons", Decimal(1)) for w in ("人", "名", "位")},
    **{w: ("person-times", Decimal(1)) for w in ("人次",)},
    **{w: ("households", Decimal(1)) for w in ("户", "戶")},
    **{w: ("yuan", Decimal(1)) for w in ("元", "块钱", "塊錢")},   # 3000块钱: spoken yuan (块 alone counts pieces)
    "成": ("percent", Decimal(10)),   # 3成 = 30 %: one 成 is a tenth
    **{w: ("percent", Decimal(1)) for w in ("%", "％")},
    **{w: ("pp", Decimal(1)) for w in ("个百分点", "個百分點", "百分点", "百分點")},
    **{w: ("mu", Decimal(1)) for w in ("亩", "畝")},
    **{w: ("km", Decimal(1)) for w in ("公里", "千米")},
    "米": ("m", Decimal(1)),
    "厘米": ("m", Decimal("0.01")),
    "里": ("km", Decimal("0.5")),   # 10里山路: the Chinese li (市里) is half a kilometre
    **{w: ("m2", Decimal(1)) for w in ("平方米", "平米", "㎡")},
    "平方公里": ("km2", Decimal(1)),
    **{w: ("ha", Decimal(1)) for w in ("公顷", "公頃")},
    **{w: ("t", Decimal(1)) for w in ("吨", "噸")},
    **{w: ("kg", Decimal(1)) for w in ("公斤", "千克")},
    "斤": ("jin", Decimal(1)),
    "千瓦": ("kW", Decimal(1)),
    "倍": ("times", Decimal(1)),
    "度": ("degrees", Decimal(1)),
    **{w: ("years", Decimal(1)) for w in ("年", "岁", "歲")},
    **{w: ("months", Decimal(1)) for w in ("个月", "個月")},
    "天": ("days", Decimal(1)),
    **{w: ("hours", Decimal(1)) for w in ("小时", "小時", "个小时", "個小時")},
    **{w: ("count", Decimal(1)) for w in _COUNTERS},
}

MULTIPLIERS: dict[str, Decimal] = {
    "十": Decimal(10),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10**4),
    "萬": Decimal(10**4),
    "百万": Decimal(10**6),
    "百萬": Decimal(10**6),
    "千万": Decimal(10**7),
    "千萬": Decimal(10**7),
    "亿": Decimal(10**8),
    "億": Decimal(10**8),
}

PREFIXES = {"约": "approx", "約": "approx", "近": "nearly", "至少有": "at_least", "至少": "at_least", "超过了": "more_than", "超過了": "more_than",
            "超过": "more_than", "超過": "more_than", "逾": "more_than", "超": "more_than",
            # a negated bound: 不超过25平方米 is at most 25, 不低于55% at least 55 (as 55%以上)
            **{w: "at_most" for w in ("不超过", "不超過", "不高于", "不高於", "不多于", "不多於",
                                      "不得超过", "不得超過", "不得高于", "不得高於", "不得多于", "不得多於",
                                      "不到", "不足")},   # 不到3公里, 不足10%: below the number
            **{w: "more_than" for w in ("不低于", "不低於", "不少于", "不少於", "不得低于", "不得低於",
                                        "不得少于", "不得少於")}}
SUFFIXES = {"余": "more_than", "餘": "more_than", "多": "more_than"}
#: words after the unit: 50%以上 (at least 50 %), 3%以下 (at most 3 %), 30户左右 (about 30)
TRAILERS = {"以上": "more_than", "以下": "at_most", "左右": "approx", "上下": "approx"}

_NUMBER = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?)")
#: what joins the two ends of a range (3-5万元, 1.5—5平方米, 20%～30%, 3至5年)
RANGE_DASHES = "-—–~～－至到"
#: the dash and second end right after the first number of a range-first-end raw (3-5万元)
_SECOND_END = re.compile(rf" ?[{RANGE_DASHES}] ?" + _NUMBER.pattern.replace("?P<num>", "?:"))


@dataclass(frozen=True)
class Quantity:
    """A parsed `raw`: exact value in base units, the unit (None if the raw states none),
    the qualifier ('' exact, 'approx', 'nearly', 'more_than', 'at_least', 'at_most') and the half-width of the
    interval the written precision implies (in base units)."""

    value: Decimal
    unit: str | None
    qualifier: str
    half_ulp: Decimal


def _split_prefix(raw: str) -> tuple[str, str]:
    for word in sorted(PREFIXES, key=len, reverse=True):
        if raw.startswith(word):
            return PREFIXES[word], raw[len(word):]
    return "", raw


def _split_unit(rest: str) -> tuple[Decimal, str, str | None, Decimal]:
    """Return (multiplier, qualifier, base unit or None, unit factor) for the text after the number.

    余/多 may stand before the multiplier (10余万人) or after it (1万余人).
    """
    lead = ""
    if rest[:1] in SUFFIXES:
        lead, rest = SUFFIXES[rest[0]], rest[1:]
    candidates = [("", Decimal(1))] + sorted(MULTIPLIERS.items(), key=lambda kv: -len(kv[0]))
    for word, mult in candidates:
        if not rest.startswith(word):
            continue
        tail, qualifier = rest[len(word):], lead
        if tail[:1] in SUFFIXES and not qualifier:
            qualifier, tail = SUFFIXES[tail[0]], tail[1:]
        elif tail[:2] in ("个多", "個多") and not qualifier:  # 1个多小时: the qualifier sits inside 个X
            qualifier, tail = "more_than", tail[0] + tail[2:]
        tail = tail.lstrip(" ")
        if tail == "":
            return mult, qualifier, None, Decimal(1)
        if tail in UNITS:
            base, factor = UNITS[tail]
            return mult, qualifier, base, factor
    raise UnitError(
        f"unknown unit {rest!r}: a raw is [prefix] number [multiplier] [余/多] [unit]; "
        f"add the unit word to povlib.units.UNITS if it is a real unit, "
        f"or shorten raw to end at the unit"
    )


def parse_raw(raw: str) -> Quantity:
    """Parse a `raw` string such as ``"3.84万户"`` and return its exact :class:`Quantity`.

    A range-first-end raw (``"3-5万元"``) returns the first end with the multiplier and unit written
    after the second end (30000 yuan)."""
    if not isinstance(raw, str) or not raw.strip():
        raise UnitError(f"raw {raw!r} is empty: write the number with its unit as the text has it")
    if raw != raw.strip():
        raise UnitError(f"raw {raw!r} begins or ends with white space (a space, tab or \\r): "
                        "end raw at the number or unit, as the text has it")
    qualifier, body = _split_prefix(raw)
    match = _NUMBER.match(body)
    if not match:
        raise UnitError(f"raw {raw!r} does not start with an Arabic number (after an optional 约/近/超过)")
    number = Decimal(ascii_number(match.group("num")).replace(",", ""))
    rest = body[match.end():]
    second = _SECOND_END.match(rest)
    if second:  # 3-5万元: the multiplier and unit after the second end are the first end's too
        rest = rest[second.end():]
        if not rest.strip():
            raise UnitError(f"raw {raw!r} is a range with nothing after its second end: "
                            f"write the first end alone ({match.group('num')!r})")
    rest = rest.lstrip(" ")
    for word, trailer_qualifier in TRAILERS.items():
        if rest.endswith(word):
            if qualifier:
                raise UnitError(f"raw {raw!r} has two qualifiers; keep one and explain in note")
            qualifier, rest = trailer_qualifier, rest[: -len(word)]
    mult, suffix_qualifier, unit, factor = _split_unit(rest)
    if qualifier and suffix_qualifier:
        raise UnitError(f"raw {raw!r} has two qualifiers; keep one and explain in note")
    exponent = number.as_tuple().exponent
    with localcontext(_exact_for(number)):  # exact products, however many digits the text writes
        half_ulp = Decimal(1).scaleb(exponent) / 2 * mult * factor
        value = number * mult * factor
    return Quantity(_normalize(value), unit, qualifier or suffix_qualifier, _normalize(half_ulp))


def ascii_number(text: str) -> str:
    """Return `text` with full-width (or other Unicode) digits and the full-width point ．as ASCII."""
    return "".join(str(int(c)) if c.isdecimal() else "." if c == "．" else c for c in text)


def is_range_first_end(raw: str) -> bool:
    """Return True when `raw` is written as a range for its first end (``"3-5万元"``)."""
    _, body = _split_prefix(raw)
    match = _NUMBER.match(body)
    return bool(match and _SECOND_END.match(body, match.end()))


def _exact_for(number: Decimal) -> Context:
    """Return a decimal context wide enough that `number` times a multiplier and a unit factor (each
    at most a few digits) stays exact: the default 28 digits would round a long id silently."""
    return Context(prec=max(28, len(number.as_tuple().digits) + 20))


def _normalize(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (1.2E+4 -> 12000), for numbers of
    any length (a 42-digit page id in a web page must not overflow the default 28-digit context)."""
    wide = Context(prec=max(28, len(d.as_tuple().digits) + max(d.as_tuple().exponent, 0) + 2))
    d = d.normalize(wide)
    return d.quantize(Decimal(1), context=wide) if d == d.to_integral_value(context=wide) else d


def format_decimal(d: Decimal) -> str:
    """Return a plain decimal string (no exponent) for an exact value."""
    return format(_normalize(d), "f")


def unit_label(unit: str) -> str:
    """Return the English label of a base unit; raises UnitError for an unknown unit."""
    try:
        return BASE_UNITS[unit]
    except KeyError:
        raise UnitError(f"unknown base unit {unit!r}; valid: {', '.join(BASE_UNITS)}") from None
