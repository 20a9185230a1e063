"""Mirrors that insert pinyin glosses inside words (發(fā)生率, 今(jīn)年): the draft reads the
words without them.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

from povlib.draft.suggest import Context, Learner, fold, suggest


def _fields(text: str, raw: str, indicators: dict | None = None, year: int = 2019) -> dict:
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, indicators or {}), raw, text.index(raw))
    return fields


def test_fold_leaves_glosses_out():
    assert fold("貧困發(fā)生率3.1%") == "贫困发生率#%"


def test_a_glossed_poverty_incidence_is_a_level_not_a_share():
    assert _fields("全縣貧困發(fā)生率從8.2%下降至1.1%。", "8.2%")["measure"] == "actual"


def test_a_glossed_label_names_the_indicator():
    indicators = {"poverty_rate": {"label_zh": "贫困发生率", "unit": "percent", "label_en": "poverty rate"}}
    assert _fields("全縣貧困發(fā)生率為1.1%。", "1.1%", indicators)["indicator"] == "poverty_rate"


def test_a_glossed_time_word_dates_the_number():
    fields = _fields("今(jīn)年全縣新修道路80公里。", "80公里")
    assert (fields["period_start"], fields["period_end"]) == ("2019", "2019")
