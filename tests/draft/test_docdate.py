"""The document date of a draft: datelines, newspaper page lines, and the year the text implies.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.draft.manifest import detect_date, month_day
from povlib.draft.periods import document_year

HEAD = "【合成测试文件,非真实资料】\n"


@pytest.mark.parametrize("text, year", [
    # a year inside a name: an agenda, a plan's or document's title
    ("全县落实2030年可持续发展议程,2016年脱贫1.2万人。", 2016),
    ("对照2035年远景目标,2019年新建公路30公里。", 2019),
    ("会议学习了《2024年乡村振兴工作要点》。2018年全县脱贫2万人。", 2018),
    # a since-phrase: the text is written later, but not in that year
    ("2012年全县脱贫3000人。2016年以来,累计减贫2万人。", 2012),
    ("2012年全县脱贫3000人。2016年来,累计减贫2万人。", 2012),
    ("2012年全县脱贫3000人。2016年起,累计减贫2万人。", 2012),
    ("2012年全县脱贫3000人。自2016年实施易地搬迁以来,累计搬迁5000人。", 2012),
])
def test_a_year_in_a_name_or_a_since_phrase_is_not_the_document_year(text, year):
    assert document_year(text)[0] == year


def test_a_since_phrase_alone_gives_no_year():
    assert document_year("2016年以来,全县累计减贫2万人。")[0] is None


@pytest.mark.parametrize("text, year", [
    ("2013年全乡农民人均纯收入为4100元,比上年增加380元。", 2014),      # compared with the year before
    ("2013年全乡贫困人口同比减少12%。", 2014),
    ("2010年至2014年,全乡共投入资金3.2亿元,年均增长9.5%。", 2015),   # a closed span of whole years
])
def test_a_whole_year_result_means_the_text_was_written_after_that_year(text, year):
    assert document_year(text)[0] == year


def test_a_part_of_a_year_compared_with_the_year_before_is_still_that_year():
    assert document_year("2019年1—9月,全乡农民收入同比增长6%。")[0] == 2019
    assert document_year("2019年上半年,全乡农民收入同比增长6%。")[0] == 2019


def test_a_plain_result_of_a_year_is_that_year():
    assert document_year("2019年援助资金6.5亿元已全部到位。")[0] == 2019
    assert document_year("2016年来自外省的投资5亿元全部到位。")[0] == 2016   # 来自 is no since-phrase


@pytest.mark.parametrize("line, md", [
    ("柳川日报青岭3月8日电 (记者王某)3日,全县召开会议。", (3, 8)),
    ("  本報青嶺12月1日電 (記者李某)全縣脫貧1萬人。", (12, 1)),
    ("09-21 10:15:02 来源:青岭晨报", (9, 21)),
])
def test_a_dateline_gives_month_and_day(line, md):
    assert month_day(HEAD + line + "\n正文。\n")[0] == md


def test_a_sentence_with_a_month_and_day_is_no_dateline():
    assert month_day(HEAD + "全县于3月8日召开会议,部署脱贫工作。\n") is None
    assert month_day(HEAD + "09-21 全县召开会议。\n") is None      # no time, no source: not a page line


def test_the_dateline_day_joins_the_inferred_year():
    text = HEAD + "柳川日报青岭1月20日电 2018年底,全县贫困发生率降至0.5%。\n"
    date, basis, evidence = detect_date(text)
    assert (date, basis) == ("2019-01-20", "inferred")
    assert "柳川日报青岭1月20日电" in evidence and "2018年底" in evidence


def test_a_stated_publication_date_comes_before_the_dateline():
    text = HEAD + "本报青岭3月8日电 2018年全县脱贫1万人。\n2019年03月09日 08:00 来源:青岭日报\n"
    assert detect_date(text)[:2] == ("2019-03-09", "stated")


def test_a_newspaper_page_line_is_a_publication_line():
    text = HEAD + "2017年全县脱贫1万人。\n《 青岭日报 》( 2018年03月09日 02 版)\n"
    assert detect_date(text) == ("2018-03-09", "stated", "《 青岭日报 》( 2018年03月09日 02 版)")
