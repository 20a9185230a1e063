"""A label found after a number does not name it when the clause's predicate changes what is
counted (…个贫困县全部实现脱贫摘帽 counts counties that exited, not poor counties).

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

from povlib.draft.suggest import Context, Learner, suggest

INDICATORS = {"poor_counties": {"label_zh": "贫困县", "unit": "count", "label_en": "poor counties"},
              "poor_population": {"label_zh": "贫困人口", "unit": "persons", "label_en": "poor population"}}


def _indicator(text: str, raw: str) -> str:
    fields, _ = suggest(Context(text, 2019, [], ""), Learner([], {}, INDICATORS), raw, text.index(raw))
    return fields["indicator"]


def test_a_predicate_later_in_the_clause_changes_what_the_label_counts():
    assert _indicator("青岭省12个贫困县全部实现脱贫摘帽。", "12个") != "poor_counties"
    assert _indicator("全省将实现6个国定贫困县和1个省定贫困县摘帽的目标。", "6个") != "poor_counties"
    assert _indicator("3万建档立卡贫困人口易地扶贫搬迁工作进展顺利。", "3万") != "poor_population"
    # a label with no action in its clause still names the number
    assert _indicator("全省还有12个贫困县,任务艰巨。", "12个") == "poor_counties"
