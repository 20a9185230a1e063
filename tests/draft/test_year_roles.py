"""The document year from what each year does in its sentence (issue 18, round 2): a year aimed
at, counted down to or inside a quoted name is no year of writing; a level reached at a year, the
end of a closed span totalled, a plan period reported and a year still running are.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.draft.periods import document_year


@pytest.mark.parametrize("text, year", [
    # a goal or a deadline ahead: for it, toward it, the distance to it
    ("2016年全县脱贫1.2万人。我们要为实现2035年乡村全面振兴共同努力。", 2016),
    ("2016年全县脱贫1.2万人,为2020年同步小康打下了基础。", 2016),
    ("2016年全县脱贫1.2万人。目前,离2020年同步小康只有四年时间。", 2016),
    ("2016年全县脱贫1.2万人。全县上下迈向2025年新目标。", 2016),
    # a quoted name (not quoted speech)
    ("2016年全县脱贫1.2万人。县里举办了“2030年乡村发展展望”论坛。", 2016),
])
def test_a_year_aimed_at_or_in_a_quoted_name_is_not_the_document_year(text, year):
    assert document_year(text)[0] == year


def test_a_quoted_name_is_skipped_but_a_quoted_sentence_keeps_its_years():
    assert document_year("县里举办了“2030年乡村发展展望”论坛。县长说:“2017年全县脱贫1.2万人,比上年多2000人。”")[0] == 2018


def test_the_level_a_change_reaches_at_a_year_is_no_deadline():
    text = "全县农民人均收入从2012年的3100元增长到2017年的6200元,年均增长14.9%。"
    assert document_year(text)[0] == 2018
    text = "全县农民人均收入从2012年的3100元增长到2017年逾6000元,年均增长14%。"
    assert document_year(text)[0] == 2018


def test_a_closed_span_totalled_was_written_after_its_end():
    assert document_year("据介绍,2008年—2012年,全县已累计投入扶贫资金3.5亿元。")[0] == 2013
    assert document_year("2008年—2012年,全县计划投入扶贫资金3.5亿元。")[0] is None


def test_a_plan_period_reported_as_done_reaches_its_last_year():
    assert document_year("“十二五”期间,全县共建成安置点41个。")[0] == 2015
    assert document_year("“十二五”时期,全县将建成安置点41个。")[0] is None


def test_the_year_before_a_single_planned_year_when_the_text_reports_this_year_running():
    text = "今年,全县预计减贫8000人,全年完成投资2亿元。2019年将继续减贫5000人。"
    year, evidence = document_year(text)
    assert year == 2018 and "still running" in evidence
    text = "2016年以来,全县脱贫工作稳步推进,年度减贫任务将超额完成。2017年,全县要再减贫5000人。"
    assert document_year(text)[0] == 2016
    # a plan for several years may start with the running one
    text = "今年来,全县全年实现脱贫3000人。确保2017年2个乡、2018年3个乡通过验收。"
    assert document_year(text)[0] == 2017


def test_this_year_called_the_last_of_a_campaign_is_its_deadline_year():
    text = "2013年,县里提出到2020年全面脱贫。今年是脱贫攻坚的收官之年,全县剩余贫困人口1200人。"
    year, evidence = document_year(text)
    assert year == 2020 and "收官之年" in evidence


def test_a_plan_word_in_the_years_own_clause_makes_it_planned():
    year, evidence = document_year("2016年全县脱贫1.2万人。2018年,全县要再减贫5000人。")
    assert year == 2018 and "plans for" in evidence
