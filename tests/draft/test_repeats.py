"""Repeats proposed for the ledger: a headline or lead paragraph repeating a number of the body
(the body one is kept as the fact), a figure restated in a later paragraph (the first is kept),
never two numbers of one sentence, never two years apart.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.catalog import loader as catalog
from povlib.draft.pipeline import draft_rows, learner_from
from povlib.draft.repeats import lead_levels, restates


@pytest.fixture(scope="module")
def trained():
    learner, _, regions = learner_from(catalog.load())
    return learner, regions


def _draft(text: str, trained, year: int = 2020):
    learner, regions = trained
    facts, excluded = draft_rows("syn-2020", text, year, lambda a, b: False, learner, regions)
    return facts, [e for e in excluded if e["kind"] == "repeat"]


def _fact_at(facts: list[dict], text: str, quote: str) -> dict:
    return next(f for f in facts if f["quote"] in text and quote in f["quote"])


def test_a_headline_number_is_a_repeat_of_the_body_sentence(trained):
    text = ("青岭县46个贫困村全部出列\n\n"
            "  本报柳川5月6日电 近日,青岭省政府发布公告,青岭县46个贫困村全部退出贫困序列。全县还新建村道80公里。\n")
    facts, repeats = _draft(text, trained)
    assert [r["quote"] for r in repeats] == ["青岭县46个贫困村全部出列"]
    kept = next(f for f in facts if f["raw"] == "46个")
    assert "退出贫困序列" in kept["quote"] and repeats[0]["repeats"] == kept["fact_id"]


def test_a_lead_paragraph_number_is_a_repeat_of_the_body(trained):
    text = ("本报柳川3月2日电 青岭省统计局日前公布,2019年全省农村贫困人口比上年减少86.4万人,各地收入较快增长。\n"
            "按现行标准测算,2019年末,全省农村贫困人口153.2万人,比2018年末减少86.4万人;贫困发生率降至4.1%。\n")
    facts, repeats = _draft(text, trained)
    assert len(repeats) == 1 and repeats[0]["raw"] == "86.4万人" and "上年" in repeats[0]["quote"]
    kept = next(f for f in facts if f["raw"] == "86.4万人")
    assert "2018年末" in kept["quote"] and repeats[0]["repeats"] == kept["fact_id"]


def test_a_figure_restated_in_a_later_paragraph_repeats_the_first(trained):
    text = ("一、总体情况\n全县共表彰脱贫攻坚先进集体27个、先进个人158人。\n"
            "二、经验做法\n各乡镇认真组织学习,会议表彰脱贫攻坚先进集体27个、先进个人158人。\n")
    facts, repeats = _draft(text, trained)
    assert sorted(r["raw"] for r in repeats) == ["158人", "27个"]
    first = {f["raw"]: f["fact_id"] for f in facts}
    assert {r["raw"]: r["repeats"] for r in repeats} == {"27个": first["27个"], "158人": first["158人"]}
    assert all(r["quote"].startswith("各乡镇") or "会议" in r["quote"] for r in repeats)


def test_the_same_number_twice_in_one_sentence_is_no_repeat(trained):
    text = "青岭县对大病患者集中救治1613人,救治进度100%;对慢病患者签约服务7513人,救治进度100%。\n"
    facts, repeats = _draft(text, trained)
    assert repeats == [] and [f["raw"] for f in facts].count("100%") == 2


def test_the_same_number_of_two_different_years_is_no_repeat():
    text = "青岭县新闻\n2018年全县脱贫1.2万人。\n全县上下共同努力,2019年全县脱贫1.2万人。\n"
    first = text.index("1.2万人")
    later = text.index("1.2万人", first + 1)
    assert not restates(text, (first, first + 5, "2018年全县脱贫1.2万人"), (later, later + 5, "2019年全县脱贫1.2万人"))


def test_a_headline_with_another_subject_is_no_repeat(trained):
    text = "柳川镇新建村道45公里\n\n  今年,青岭县易地搬迁安置点配套建设幼儿园45个,全部投入使用。\n"
    _, repeats = _draft(text, trained)
    assert repeats == []


def test_lead_levels_tell_headlines_leads_and_body_apart():
    text = "青岭县全部脱贫\n来源:青岭日报\n首段,全县脱贫。\n次段,全县新建村道。\n二、做法\n第三段。\n第四段。\n"
    levels = [(text[a:b], lv) for a, b, lv in lead_levels(text)]
    assert levels == [("青岭县全部脱贫", 0), ("来源:青岭日报", 0), ("首段,全县脱贫。", 1), ("第三段。", 1)]


def test_a_lead_paragraph_sums_up_its_own_section_only():
    """A lead paragraph (the first after a heading) repeats a number of the body of its section;
    the same number restated under the next heading is another statement (and looking no further
    than the section keeps a long document's drafting linear)."""
    from povlib.draft.repeats import lead_repeats
    lead = "山南县今年建成扶贫车间12个,带动就业。"
    body = "全县扶贫车间12个,均已投产,带动就业。"
    numbers = lambda text: [(text.index("12个", text.index(q)), text.index("12个", text.index(q)) + 3, q)
                            for q in (lead, body)]
    same_section = f"一、产业扶贫\n{lead}\n{body}\n"
    assert lead_repeats(same_section, numbers(same_section)) == {0: 1}
    next_section = f"一、产业扶贫\n{lead}\n二、就业扶贫\n本节导语,说明就业扶贫的做法。\n{body}\n"
    assert lead_repeats(next_section, numbers(next_section)) == {}
