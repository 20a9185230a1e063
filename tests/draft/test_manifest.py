"""The manifest draft: publication dates (labelled or not), the document year, boilerplate lines.

Every text below is SYNTHETIC (made up for these tests, like tests/fixtures/draft/).
"""

from __future__ import annotations

import pytest

from povlib.draft.manifest import boilerplate, detect_date
from povlib.draft.periods import document_year

HEAD = "【合成测试文件,非真实资料】\n"


@pytest.mark.parametrize("line, evidence", [
    ("2021-07-12 08:15  来源:绿源日报", "2021-07-12 08:15  来源:绿源日报"),
    ("2021年7月12日 08:15  绿源日报", "2021年7月12日 08:15  绿源日报"),
    ("2021年7月12日  來源:綠源日報", "2021年7月12日  來源:綠源日報"),
])
def test_an_unlabelled_publication_line_gives_the_stated_date(line, evidence):
    text = HEAD + "2021年6月30日,全县召开生态补偿工作会议。\n" + line + "\n今年共兑现补偿资金2860万元。\n"
    assert detect_date(text) == ("2021-07-12", "stated", evidence)


def test_a_date_opening_a_body_sentence_is_not_a_publication_date():
    text = HEAD + "2021年6月30日 08:00,全县召开会议,兑现补偿资金2860万元。\n今年还将新增2亿元。\n"
    assert detect_date(text)[1] == "inferred"
    text += "2021-07-12\n"   # a line that is only a date is a publication line
    assert detect_date(text) == ("2021-07-12", "stated", "2021-07-12")


def test_a_labelled_date_keeps_its_day_mark_and_time_in_the_evidence():
    assert detect_date(HEAD + "发布日期:2021年7月12日\n正文。\n")[2] == "发布日期:2021年7月12日"
    assert detect_date(HEAD + "發布日期:2019-06-17 11:34:00     來源:紅色扎西\n")[2] == "發布日期:2019-06-17 11:34:00"
    assert detect_date(HEAD + "发布时间:2021-13-40\n2020年脱贫1万人。\n")[:2] == ("2020", "inferred")   # no month 13


def test_a_year_end_deadline_is_planned_not_done():
    assert document_year("该县力争2021年底前后完成改造。")[0] == 2021     # 前后: around the year end
    assert document_year("该县计划于2022年底建成示范村10个。")[0] == 2022
    assert document_year("到2019年底,全市累计减贫3万人。")[0] == 2020   # a year-end reached is still done


@pytest.mark.parametrize("text, year", [
    ("2019年全县减贫1000人。今年力争到2025年茶叶达到15万亩。", 2019),
    ("去年全县减贫3215户。茶叶要再发展2万亩,力争到2022年达到15万亩。县长通报了2019年的工作。", 2019),
    ("2020年全县脱贫1万人。到2025年,全县森林覆盖率力争达到72%。", 2020),
    ("2020年全县脱贫1万人。该县还计划于2022年底前建成首期“两山银行”。", 2020),
    ("2020年全县脱贫1万人。到2023年底,全县将建成示范村10个。", 2020),
    # as-of and reached years are done, and 年前三季度 is no deadline
    ("截至2021年6月底,已累计兑现资金1亿元。到2025年,全县森林覆盖率力争达到72%。", 2021),
    # the level reached at a year is a year-end count, like 到2019年底: reported the year after
    ("2016年全县减贫1万人。贫困人口从18万人下降到2018年的5万人。", 2019),
    ("2019年前三季度,全县减贫100人。力争到2025年全部脱贫。", 2019),
])
def test_a_deadline_is_never_the_document_year(text, year):
    assert document_year(text)[0] == year


def test_a_text_with_only_deadlines_has_no_document_year_and_says_why():
    year, why = document_year("今年共兑现补偿资金2860万元。该县还计划于2022年底前建成首期“两山银行”。")
    assert year is None and "only deadlines" in why and "2022年底前" in why
    date, basis, evidence = detect_date(HEAD + "该县还计划于2022年底前建成首期“两山银行”。\n")
    assert (date, basis) == ("", "inferred") and "only deadlines" in evidence


def test_a_year_end_deadline_does_not_move_a_dated_report():
    text = "2020年全县脱贫1万人。2021年底前完成搬迁。"
    year, evidence = document_year(text)
    assert year == 2020 and "2020年全县脱贫" in evidence


@pytest.mark.parametrize("line", [
    "地址:青嵐縣新城大道88號  郵編:650000", "地址:青岚县新城大道88号  邮编:650000",
    "網站標識碼:5301000001", "网站标识码:5301000001",
    "滇公網安備 53010202000123號", "滇公网安备 53010202000123号",
    "建議使用1024×768以上分辨率瀏覽本網站", "建议使用1024×768以上分辨率浏览本网站",
    "（本文共约2000字）", "（本文共約2000字）",
    "相關鏈接:", "相关链接:",
])
def test_footer_lines_are_boilerplate(line):
    text = HEAD + "全县辖9个乡镇,总面积1,842平方公里。\n" + line + "\n"
    assert [b["quote"] for b in boilerplate(text)] == [line]


def test_link_titles_under_a_related_links_heading_are_boilerplate_up_to_a_blank_line():
    text = (HEAD + "全县辖9个乡镇。\n相关链接:\n青岚县2020年政府工作报告\n青岚县2019年政府工作报告\n"
            "\n一、2020年工作回顾\n")
    found = {b["quote"]: b["reason"] for b in boilerplate(text)}
    assert set(found) == {"相关链接:", "青岚县2020年政府工作报告", "青岚县2019年政府工作报告"}
    assert "link title" in found["青岚县2019年政府工作报告"]


def test_an_unlabelled_publication_line_is_boilerplate():
    text = HEAD + "2021年7月12日 08:15  绿源日报\n2021年全县脱贫1万人。\n"
    assert [b["quote"] for b in boilerplate(text)] == ["2021年7月12日 08:15  绿源日报"]


@pytest.mark.parametrize("line, date", [
    ("2020年3月16日  岚川省统计局", "2020-03-16"),
    ("2022年3月18日  青岭省统计局  国家统计局青岭调查总队", "2022-03-18"),   # two offices together
    ("（2020年1月8日,根据录音整理）", "2020-01-08"),
    ("（2020年1月8日,根據錄音整理）", "2020-01-08"),
    ("（2020年1月8日）", "2020-01-08"),
    ("云溪县融媒体中心 2020-01-09 17:42 编辑:李某 校对:王某", "2020-01-09"),
    ("雲溪縣融媒體中心 2020-01-09 17:42 編輯:李某 校對:王某", "2020-01-09"),
])
def test_speech_and_bulletin_date_lines_are_stated_dates_and_boilerplate(line, date):
    text = HEAD + "在全县2020年工作会议上的讲话\n" + line + "\n今年力争到2022年新建车间10个。\n去年减贫3215户。\n"
    assert detect_date(text) == (date, "stated", line)
    assert [(b["quote"], b["reason"]) for b in boilerplate(text)] == [(line, "draft: publication date and source line")]


@pytest.mark.parametrize("line", [
    "2020年3月16日  全县召开脱贫攻坚推进会,兑现资金2860万元。",
    "2020年3月16日  县委召开常委会议",
    "2020年3月16日 岚川省统计局发布公报",
    "2020年3月16日岚川省统计局",
    "全县 2020年1月8日 召开会议",
    "（2020年1月8日,县委召开常委会议审议通过了全县脱贫攻坚三年行动方案和年度工作要点等文件）",
])
def test_a_body_sentence_that_starts_with_a_date_is_not_a_date_line(line):
    text = HEAD + line + "\n全年新建车间10个。\n（2020年1月8日）\n"
    assert detect_date(text) == ("2020-01-08", "stated", "（2020年1月8日）")
    assert [b["quote"] for b in boilerplate(text)] == ["（2020年1月8日）"]
