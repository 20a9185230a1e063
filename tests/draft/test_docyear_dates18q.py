"""The document year from the text alone (issue 18, round 5): 今年/去年 beside a year reported as
past, an estimated whole-year figure, a year's output or income, a calendar of years' roles, an
anniversary of a founding, a lead day before a dated past day; an
outlet named 新闻 on a publication line; the stripping of benchmarks/docyear_eval.py.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from povlib.draft.manifest import date_line, detect_date, is_publication_line, month_day, publication_free
from povlib.draft.periods import document_year

_SPEC = importlib.util.spec_from_file_location(
    "docyear_eval_dates18q", Path(__file__).resolve().parents[2] / "benchmarks" / "docyear_eval.py")
docyear_eval = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(docyear_eval)


def test_this_year_in_a_clause_with_a_past_year_is_a_later_year():
    text = "从今年7月初开始对全省2018年宣布脱贫摘帽的12个县进行抽查,抽查结果良好。"
    year, evidence = document_year(text)
    assert year == 2019
    assert "今年" in evidence and "2018" in evidence


def test_last_year_in_a_clause_with_a_past_year_is_two_years_later():
    assert document_year("全县贫困人口从2016年的3万人减少到去年的1万人。")[0] == 2018


@pytest.mark.parametrize("text, year", [
    # the year opens its own clause and 今年 is in another: reported speech of that year's event
    ("2014年全省两会期间,省长在政府工作报告中提出今年再减少贫困人口10万人以上。", 2014),
    # 今年 written right beside the year it is
    ("今年(2019年)全县减少贫困人口1万人。", 2019),
    # 去年 as the base of a change counts back from the year beside it
    ("2019年前三季度全县农民人均收入较去年增长8%。", 2019),
    ("2019年全县农民人均收入比去年同期增长8%,达到1.2万元。", 2019),
])
def test_this_year_beside_its_own_year_or_in_another_clause_changes_nothing(text, year):
    assert document_year(text)[0] == year


def test_an_estimated_whole_year_figure_is_of_a_year_still_running():
    text = "记者从全省扶贫工作会议上获悉:2019年年度脱贫攻坚任务全面完成,预计全年减少贫困人口10万人以上。"
    assert document_year(text)[0] == 2019
    counted = "记者从全省扶贫工作会议上获悉:2019年年度脱贫攻坚任务全面完成,全年减少贫困人口10万人。"
    assert document_year(counted)[0] == 2020


@pytest.mark.parametrize("figure", ["地区生产总值1942.8亿元", "农村居民人均可支配收入12000元", "地方财政收入8.5亿元"])
def test_a_years_output_or_income_is_a_whole_years_result(figure):
    assert document_year(f"30余年接续奋斗,2018年,全市{figure}。")[0] == 2019


def test_a_calendar_of_years_roles_is_no_report():
    text = ("2018年是关键之年,2019年是决战之年,2020年是决胜之年。"
            "2018年,全省脱贫攻坚连战连捷,减少贫困人口14万人。")
    year, evidence = document_year(text)
    assert year == 2018
    assert "全省脱贫攻坚" in evidence


def test_a_single_years_role_still_counts():
    assert document_year("2018年是全面小康承上启下的关键之年。全县脱贫5000人。")[0] == 2018


@pytest.mark.parametrize("text, year", [
    ("中国改革开放40年来,有近8亿人口摆脱了贫困。我们要为实现2030年可持续发展目标携手努力。", 2018),
    ("在新中国成立七十周年之际,全县举行座谈会。", 2019),
    ("联合国成立75周年之际,各国代表齐聚一堂。", 2020),
])
def test_an_exact_anniversary_of_a_founding_names_its_year(text, year):
    assert document_year(text)[0] == year


@pytest.mark.parametrize("text", [
    "改革开放30多年来,我国扶贫开发取得了举世瞩目的成就。",   # no exact count
    "全县上下喜迎新中国成立70周年。",                         # an anniversary ahead
])
def test_an_inexact_or_awaited_anniversary_names_no_year(text):
    assert document_year(text)[0] is None


def test_a_lead_day_before_a_dated_past_day_is_in_the_next_year():
    text = "4月22日,全省脱贫攻坚表彰大会在省城举行。\n2020年11月17日,省政府批准最后7个县退出贫困县序列。"
    year, evidence = document_year(text)
    assert year == 2021
    assert "4月22日" in evidence and "2020年11月17日" in evidence
    same_year = "12月22日,全省脱贫攻坚表彰大会在省城举行。\n2020年11月17日,省政府批准最后7个县退出贫困县序列。"
    assert document_year(same_year)[0] == 2020
    later_paragraph = "全省脱贫攻坚成效明显。\n4月22日,全省召开表彰大会。\n2020年11月17日,省政府批准最后7个县退出。"
    assert document_year(later_paragraph)[0] == 2020


def test_a_datelines_day_before_a_dated_past_day_is_in_the_next_year():
    assert document_year("新华社北京1月5日电 2019年12月30日,全国扶贫开发工作会议召开。")[0] == 2020
    assert document_year("新华社北京12月31日电 2019年12月30日,全国扶贫开发工作会议召开。")[0] == 2019


def test_a_dateline_with_xun_gives_the_month_and_day():
    assert month_day("每日甘肃网3月20日讯(通讯员 张某)去年,全县脱贫1万人。")[0] == (3, 20)
    date, basis, _ = detect_date("每日甘肃网3月20日讯(通讯员 张某)2018年,全县减少贫困人口1万人,比上年多2000人。")
    assert (date, basis) == ("2019-03-20", "inferred")


def test_an_outlet_named_xinwen_opens_a_publication_line():
    assert date_line("川观新闻 2021年04月22日") is not None
    date, basis, _ = detect_date("川观新闻 2021年04月22日\n4月22日,全省脱贫攻坚表彰大会举行。2020年全省脱贫。")
    assert (date, basis) == ("2021-04-22", "stated")


@pytest.mark.parametrize("line", ["2019年3月20日 星期三", "2019年3月20日 周三 来源:某某日报", "中国扶贫在线 2019-03-20"])
def test_a_weekday_or_an_online_outlet_keeps_a_publication_line(line):
    date, basis, _ = detect_date(line + "\n全县脱贫攻坚取得新进展。2018年,全县减少贫困人口1万人。")
    assert (date, basis) == ("2019-03-20", "stated")


def test_a_sentence_opening_with_a_date_and_weekday_is_no_publication_line():
    assert date_line("2019年3月20日,星期三,全县召开脱贫攻坚大会") is None


def test_publication_lines_are_recognised_and_datelines_cut_out():
    assert is_publication_line("发布时间:2020-01-09  来源:某某网")
    assert is_publication_line("2021-07-12 08:15  来源:绿源日报")
    assert is_publication_line("10-18 15:03:11 来源:上游新闻")
    assert not is_publication_line("2019年12月1日,全县召开脱贫攻坚大会,部署下一步工作。")
    assert publication_free("新华社北京3月5日电 全国减少贫困人口1000万人。") == " 全国减少贫困人口1000万人。"


def test_the_benchmark_strips_a_dated_publication_line_and_keeps_the_body():
    text = ("全县脱贫攻坚取得新进展\n发布时间:2020-01-09 10:20  来源:某县人民政府\n"
            "本报讯 2019年,全县减少贫困人口1.2万人,比上年多2000人。\n今年,全县将巩固脱贫成果。")
    stripped = docyear_eval.strip_publication(text)
    assert "2020-01-09" not in stripped and "发布时间" not in stripped
    assert "本报讯 2019年,全县减少贫困人口1.2万人,比上年多2000人。" in stripped
    assert "全县脱贫攻坚取得新进展" in stripped and "今年,全县将巩固脱贫成果。" in stripped
    name, true, year, _ = docyear_eval.evaluate([("synthetic", text, "2020")])[0]
    assert (name, true, year) == ("synthetic", "2020", 2020)
