"""Publication lines of many shapes: a full date with page furniture around it and nothing else.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.draft.manifest import boilerplate, detect_date

HEAD = "【合成测试文件,非真实资料】\n青岭县脱贫攻坚取得新进展\n"
BODY = "\n2016年全县脱贫1.2万人,比上年多2000人。\n"


@pytest.mark.parametrize("line, date", [
    ("作者 :王某某 2021-06-18 09:12:40 围观 : 评论", "2021-06-18"),              # fields before and after
    ("青岭新闻网 www.example.cn 2017-04-09 18:38 来源: 青岭日报", "2017-04-09"),  # an outlet and its address
    ("  • 2018-05-21", "2018-05-21"),                                             # a bulleted page field
    ("2019/11/02/ 10:05 来源:青岭晨报 通讯员 李某", "2019-11-02"),               # a slash after the day
    ("2018年04月11日10:20    来源:青岭网", "2018-04-11"),                         # a time right after 日
    ("【2017-08-15 16:30】", "2017-08-15"),                                       # a bracketed stamp
    ("15.08.2017 16:30", "2017-08-15"),                                           # day first
    ("来源：青岭日报 | 2017-08-15 | 0 条评论 | 字号 T大字 T小字", "2017-08-15"),
])
def test_a_line_of_a_date_and_page_furniture_is_the_publication_line(line, date):
    text = HEAD + line + BODY
    found, basis, evidence = detect_date(text)
    assert (found, basis) == (date, "stated") and line.strip().startswith(evidence) and date[:4] in evidence
    assert line in [b["quote"] for b in boilerplate(text)]


@pytest.mark.parametrize("line", [
    "2017-08-15 全县召开脱贫攻坚推进会",              # the rest is a sentence
    "青岭县 2017-08-15 召开推进会 部署工作",
    "2017-08-15青岭县统计局",                        # runs on into a name: no page line
])
def test_a_date_with_words_that_are_not_furniture_is_no_publication_line(line):
    assert detect_date(HEAD + line + BODY)[1] == "inferred"


def test_the_date_of_an_interview_or_a_meeting_is_not_the_publication_date():
    text = HEAD + "采访时间:2016年11月20日\n会议时间：2016年11月21日\n2017年02月08日 08:30\n" + BODY
    assert detect_date(text) == ("2017-02-08", "stated", "2017年02月08日 08:30")


def test_a_publication_label_after_a_publishing_word_still_counts():
    assert detect_date(HEAD + "信息来源：青岭县扶贫办 2017-08-15" + BODY)[:2] == ("2017-08-15", "stated")
    assert detect_date(HEAD + "更新时间：2017-08-15" + BODY)[:2] == ("2017-08-15", "stated")
