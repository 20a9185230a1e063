"""Evaluation of the arithmetic relations the documents imply, with interval arithmetic.

A stated number such as 25.71% stands for the interval 25.705–25.715; qualifiers widen it
(余/多/超过/以上: at least the number; 以下: at most; 近: up to 10 % below it; 约: ±10 %). A check holds when the
interval computed from the operands overlaps the interval of the stated result.

Kind `parts` is derived by povlib from the facts' `part_of` field (never written by hand): the
parts of a total must not add up to more than the total, at the written precision (a list of
parts may be incomplete, so less is allowed).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from ..exceptions import DataError

Interval = tuple[float, float]
_APPROX = 0.10


def interval(fact: dict) -> Interval:
    """Return the interval of values a fact's written number stands for."""
    v, h = fact["value"], fact["precision"]
    q = fact["qualifier"]
    if q == "more_than":
        return (v, math.inf)
    if q == "at_least":
        return (v - h, math.inf)
    if q == "at_most":
        return (-math.inf, v + h)
    if q == "nearly":
        return (v - max(h, _APPROX * abs(v)), v + h)
    if q == "approx":
        w = max(h, _APPROX * abs(v))
        return (v - w, v + w)
    return (v - h, v + h)


def _combine(kind: str, ivs: list[Interval]) -> Interval:
    if kind in ("sum", "equal", "parts"):
        return (sum(i[0] for i in ivs), sum(i[1] for i in ivs))
    if kind == "difference":
        (a0, a1), (b0, b1) = ivs
        return (a0 - b1, a1 - b0)
    (a0, a1), (b0, b1) = ivs  # share
    if b0 <= 0:
        return (-math.inf, math.inf)
    return (100 * a0 / b1, 100 * a1 / b0)


def _point(kind: str, facts: list[dict]) -> Decimal:
    vals = [Decimal(f["value_exact"]) for f in facts]
    if kind in ("sum", "equal", "parts"):
        return sum(vals, Decimal(0))
    if kind == "difference":
        return vals[0] - vals[1]
    return vals[0] / vals[1] * 100 if vals[1] else Decimal("NaN")


def _check_units(check: dict, result: dict, operands: list[dict]) -> None:
    units = {f["unit"] for f in operands}
    ok = len(units) == 1
    if check["kind"] == "share":
        ok = ok and result["unit"] == "percent"
    elif check["kind"] == "difference" and units == {"percent"}:
        ok = ok and result["unit"] in ("percent", "pp")
    else:
        ok = ok and result["unit"] in units
    if not ok:
        raise DataError(check["file"], f"units do not fit a {check['kind']}: result {result['unit']}, "
                        f"operands {sorted(units)}", "compare like with like", row=f"line {check['line']} "
                        f"(check_id {check['check_id']})")


def evaluate(check: dict, facts: dict[str, dict]) -> dict:
    """Return the check with `computed`, `stated`, `verdict` ('holds'/'fails') and `explanation`."""
    missing = [f for f in [check["result"], *check["operands"]] if f not in facts]
    if missing:
        raise DataError(check["file"], f"unknown fact id(s) {missing}", "use fact_ids that exist",
                        row=f"line {check['line']} (check_id {check['check_id']})")
    result = facts[check["result"]]
    operands = [facts[f] for f in check["operands"]]
    _check_units(check, result, operands)
    lo, hi = _combine(check["kind"], [interval(f) for f in operands])
    r_lo, r_hi = interval(result)
    holds = lo <= r_hi and (check["kind"] == "parts" or r_lo <= hi)
    computed = _point(check["kind"], operands)
    relation = "sum of the parts" if check["kind"] == "parts" else check["kind"]
    explanation = (f"{relation} of {', '.join(check['operands'])} gives {float(computed):g} "
                   f"(range {lo:g}–{hi:g} at the stated precision); "
                   f"{check['result']} states {result['raw']} = {result['value']:g} {result['unit']}"
                   + (" (parts may not exceed their total)" if check["kind"] == "parts" else ""))
    return {**check, "source_id": result["source_id"], "computed": float(computed),
            "stated": result["value"], "unit": result["unit"],
            "verdict": "holds" if holds else "fails", "explanation": explanation}


def as_anomaly(evaluated: dict, facts: dict[str, dict]) -> dict:
    """Return the anomaly row recorded for a failing check."""
    result = facts[evaluated["result"]]
    return {"anomaly_id": f"{evaluated['check_id']}-fails", "source_id": evaluated["source_id"],
            "kind": "arithmetic", "quote": result["quote"], "quote_start": result["quote_start"],
            "explanation": f"The text's own arithmetic does not hold: {evaluated['explanation']}."
                           + (f" ({evaluated['note']})" if evaluated["note"] else ""),
            "caveat": "", "facts": [evaluated["result"], *evaluated["operands"]],
            "file": evaluated["file"], "line": evaluated["line"]}


# Reader-facing prose: fact notes and scope notes, anomaly explanations, check notes and indicator
# labels are printed in the reports, so they must not carry the curators' working vocabulary.
_JARGON = [
    (re.compile(r"\blines? \d+(?:\s*(?:,|and|-|–)\s*\d+)*", re.I), "a line number of the seed",
     "name the passage in words (e.g. 'the lead paragraph', 'later in the text')"),
    (re.compile(r"\b(?:check(?:_id)?\s*)?c\d{2,3}\b", re.I), "an arithmetic-check id",
     "state the arithmetic itself (e.g. '184.37 - 58.83 = 125.54') and drop the id"),
    (re.compile(r"`"), "a backtick (code formatting)", "write the word plainly, without backticks"),
    (re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"), "a snake_case field or code name",
     "say what it means in plain English (e.g. 'missing start year' for missing_baseline)"),
    (re.compile(r"\b(?:per|item|scope|measure|year_basis|sector):\s", re.I), "a field name with a colon",
     "describe the value in words (e.g. 'a yearly amount' for per: year)"),
    (re.compile(r"\bscope subset\b", re.I), "the field value 'scope subset'",
     "say which part the figure covers (e.g. 'this one base only')"),
    (re.compile(r"\bin povlib\b", re.I), "the program's name", "describe the source, not the software"),
]


def jargon(text: str) -> list[tuple[str, str, str]]:
    """Return (matched text, what it is, how to fix it) for each piece of internal jargon in `text`."""
    found = []
    for pattern, what, fix in _JARGON:
        found += [(m.group(0), what, fix) for m in pattern.finditer(text or "")]
    return found


#: a number with a Chinese scale and/or unit word that the English renderer of curated prose
#: (povlib.present.amounts.english_units) rewrites in English units ('184.37萬人' → '1,843,700 people',
#: '30亿元' → '3,000 million yuan'): its Chinese characters never reach a reader
CONVERTED_AMOUNT = re.compile(
    r"(?<![\w.\-])\d[\d,]*(?:\.\d+)?\s*(?:[万萬亿億](?:余|餘|多)?(?:\s*(?:人次|公里|千瓦|元|人|名|户|戶|亩|畝|个|個|家|吨|噸|头|頭|斤))?"
    r"|(?:余|餘|多)?\s*(?:人次|公里|千瓦|元|人|名|户|戶|亩|畝|个|個|家|吨|噸|头|頭|斤))")
#: quoted text, where Chinese stays as written (the reader sees it as a quotation of the source)
QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def unquoted_chinese(text: str) -> list[str]:
    """Return the runs of Chinese (Han) characters in `text` that sit outside “…” quotation marks and
    are not part of a number with a scale or unit word that English rendering converts
    (CONVERTED_AMOUNT); empty when a reader who knows no Chinese sees Chinese only as quotations."""
    plain = QUOTED.sub(" ", text or "")
    plain = CONVERTED_AMOUNT.sub(" ", plain)
    return _HAN.findall(plain)


#: the longest anomaly caveat, in words: it is printed beside every finding that rests on its facts
CAVEAT_MAX_WORDS = 30
#: an anomaly or fact id ('sichuan-2017-a10', 'a10', 'changdu-2020-005'): a caveat states its point in words
_RECORD_ID = re.compile(r"\b(?:[a-z][a-z0-9]*-\d{4}-(?:a\d{1,3}|\d{3})|a\d{2,3})\b", re.I)


def caveat_errors(caveat: str) -> list[tuple[str, str]]:
    """Return (problem, fix) for each rule an anomaly caveat breaks beyond the prose rules: longer than
    CAVEAT_MAX_WORDS words, or naming an anomaly or fact id; empty when the caveat is fit to print."""
    errors = []
    words = len(caveat.split())
    if words > CAVEAT_MAX_WORDS:
        errors.append((f"caveat has {words} words, more than {CAVEAT_MAX_WORDS}",
                       "keep one short clause that holds for every listed fact; leave the detail to the explanation"))
    ids = _RECORD_ID.findall(caveat)
    if ids:
        errors.append((f"caveat names a record id ({', '.join(dict.fromkeys(ids))})",
                       "state the point in words; the report prints the anomaly id itself"))
    return errors


def prose_errors(facts: dict[str, dict], anomalies: list[dict], checks: list[dict],
                 indicators: dict[str, dict], sources: dict | None = None) -> list[DataError]:
    """Return one DataError per reader-facing text (fact note, scope_note and item, anomaly explanation
    and caveat, check note, indicator label_en) that contains line or check references, backticks,
    snake_case identifiers or field names, and one per text with Chinese outside quotation marks
    (`unquoted_chinese`), also in the English fields of the `sources` manifests (title_en, outlet_en,
    author, host); plus one per anomaly caveat that is too long or names an id (`caveat_errors`);
    empty when all prose is plain English."""
    texts = [(f["file"], f"line {f['line']} (fact {f['fact_id']})", name, f.get(name) or "")
             for f in facts.values() for name in ("note", "scope_note", "item")]
    texts += [(a["file"], f"line {a['line']} (anomaly {a['anomaly_id']})", "explanation", a["explanation"])
              for a in anomalies if a.get("kind") != "arithmetic"]
    texts += [(a["file"], f"line {a['line']} (anomaly {a['anomaly_id']})", "caveat", a.get("caveat") or "")
              for a in anomalies if a.get("kind") != "arithmetic"]
    texts += [(c["file"], f"line {c['line']} (check {c['check_id']})", "note", c.get("note") or "")
              for c in checks if "line" in c]
    texts += [(i.get("file", "povlib/data/indicators"), f"indicator {key}", "label_en", i.get("label_en") or "")
              for key, i in indicators.items()]
    english = ("title_en", "outlet_en", "author", "host")  # the English a Sources entry prints
    chinese_only = [(str(s.manifest_path), f"manifest {sid}", name, getattr(s, name, "") or "")
                    for sid, s in (sources or {}).items() for name in english]
    errors = [DataError(a["file"], problem, fix, row=f"line {a['line']} (anomaly {a['anomaly_id']})")
              for a in anomalies if a.get("kind") != "arithmetic"
              for problem, fix in caveat_errors(a.get("caveat") or "")]
    for file, row, name, text in chinese_only:
        chinese = unquoted_chinese(text)
        if chinese:
            errors.append(DataError(file, f"{name} is shown to readers but contains Chinese outside quotation "
                                    f"marks: {', '.join(dict.fromkeys(chinese))}", "say it in English, and if "
                                    "the Chinese wording matters keep it as a quotation after the English, e.g. "
                                    "'Sichuan Daily (“四川日报”)'", row=row))
    for file, row, name, text in texts:
        chinese = unquoted_chinese(text)
        if chinese:
            pieces = ", ".join(dict.fromkeys(chinese))
            errors.append(DataError(file, f"{name} is shown to readers but contains Chinese outside quotation "
                                    f"marks: {pieces}", "say it in English, and if the Chinese wording matters "
                                    "keep it as a quotation after the English, e.g. 'minimum living allowance "
                                    "(“低保”)'", row=row))
        found = jargon(text)
        if found:
            pieces = "; ".join(f"{what} ({match!r})" for match, what, _fix in found)
            fixes = "; ".join(dict.fromkeys(fix for _match, _what, fix in found))
            errors.append(DataError(file, f"{name} is shown to readers but contains internal jargon: {pieces}",
                                    fixes, row=row))
    return errors
