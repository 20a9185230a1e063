"""Document year and periods on texts unlike the curated ones: features with no dateline,
releases with no year, changes between two dated levels (issue 18, round 3).

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

from povlib.draft.suggest import Context, Learner, suggest


def _fields(text: str, raw: str, year: int | None, month: int | None = None) -> tuple[dict, dict]:
    return suggest(Context(text, year, [], "", month), Learner([], {}, {}), raw, text.index(raw))


def _period(text: str, raw: str, year: int | None, month: int | None = None) -> tuple[str, str]:
    fields, _ = _fields(text, raw, year, month)
    return fields["period_start"], fields["period_end"]


def test_a_change_between_the_levels_of_two_years_spans_the_years_after_the_first():
    text = "全县贫困人口从2012年末的3.6万人减少至2017年末的0.4万人,五年累计脱贫3.2万人,年均下降2.1个百分点。"
    assert _period(text, "3.2万人", 2018) == ("2013", "2017")
    assert _period(text, "2.1个百分点", 2018) == ("2013", "2017")
    assert _period(text, "0.4万人", 2018) == ("2017", "2017")   # the level itself stands at its year


def test_a_yearly_change_right_after_two_dated_levels_spans_the_years_after_the_first():
    text = "农民人均收入由2013年的4100元增加到2018年的7300元,年均增长12.2%。"
    assert _period(text, "12.2%", 2019) == ("2014", "2018")
