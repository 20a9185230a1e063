"""Web furniture in a manifest draft: share and follow buttons, next or previous article, load
more, editor and source lines, disclaimers, rows of links, page counters, copies of the page
title; and a title never taken from below the body.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.draft.manifest import boilerplate, detect_title

BODY = "  青岭县今年脱贫1200人,新建村道45公里。\n"


def _reasons(text: str) -> dict[str, str]:
    return {b["quote"].strip(): b["reason"] for b in boilerplate(text)}


@pytest.mark.parametrize("line", [
    "上一篇:青岭县召开扶贫工作会议",
    "下一篇：柳川镇新建产业园",
    "下一條:柳川鎮新建產業園",
    "点击加载更多",
    "加載更多",
    "【编辑:王青】",
    "責(zé)編:李柳",
    "责任编辑：赵某",
    "来源:青岭日报",
    "微信公众号",
    "转发到:",
    "以上内容为网络转载,信息真实性请自行斟酌。",
    "本站所载文章不代表本站观点,未经授权禁止转载。",
    "首页 | 新闻 | 政务 | 服务 | 互动",
    "| 留言板",
])
def test_a_furniture_line_below_the_body_is_proposed(line):
    text = "青岭县脱贫工作综述\n" + BODY + line + "\n"
    assert line.strip() in _reasons(text)
    assert BODY.strip() not in _reasons(text)


def test_a_body_sentence_with_a_furniture_word_is_not_furniture():
    text = "青岭县脱贫工作综述\n  下一步,全县将新建村道30公里,编辑出版扶贫读本2000册。\n"
    assert _reasons(text) == {}


def test_a_long_row_of_links_is_furniture_whatever_its_length():
    row = "| ".join(f"柳川{i}县" for i in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥") + "|"
    assert len(row) > 120
    assert row in _reasons("青岭县脱贫工作综述\n" + BODY + row + "\n")


def test_a_lone_number_below_the_publication_line_is_a_page_counter():
    text = "青岭县脱贫工作综述\n2021-03-02 10:00:00  来源:青岭日报\n3\n" + BODY + "表\n3\n"
    found = boilerplate(text)
    counters = [b for b in found if b["quote"] == "3"]
    # occurrence 1 is the 3 of the date; the 3 far below the body (occurrence 3) is no counter
    assert len(counters) == 1 and counters[0]["occurrence"] == 2


def test_the_site_name_above_a_follow_label_is_furniture():
    text = "青岭县脱贫工作综述\n" + BODY + "柳川新闻网\n官方微博\n"
    assert "柳川新闻网" in _reasons(text)


def test_copies_of_the_page_title_above_the_headline_are_furniture_but_not_the_headline():
    text = "分享到:\n青岭县全部脱贫\n\n青岭县全部脱贫\n\n  青岭县全部脱贫\n" + BODY
    found = [(b["quote"], b.get("occurrence")) for b in boilerplate(text)]
    assert ("青岭县全部脱贫", 1) in found and ("青岭县全部脱贫", 2) in found
    assert not any(q == "  青岭县全部脱贫" for q, _ in found)
    assert detect_title(text, boilerplate(text)) == "青岭县全部脱贫"


@pytest.mark.parametrize("footer", ["据青岭日报", "下一篇:柳川镇新建产业园", "(完)"])
def test_a_title_is_never_taken_from_below_the_body(footer):
    text = BODY + "  全县还新建村道30公里。\n" + footer + "\n"
    assert detect_title(text, boilerplate(text)) == ""
