"""Periods of numbers with no time word of their own, read from the role the text gives them
(issue 18, round 2).

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

from povlib.draft.periods import done_years
from povlib.draft.suggest import Context, Learner, suggest


def _period(text: str, raw: str, year: int, month: int | None = None) -> tuple[str, str]:
    fields, _ = suggest(Context(text, year, [], "", month), Learner([], {}, {}), raw, text.index(raw))
    return fields["period_start"], fields["period_end"]


PAGE = ("本报青岭2月6日电 青岭县统计局日前公布,2017年全县农村贫困人口比上年减少1200人。\n"
        "东部乡镇贫困人口300人,比上年减少19人。\n"
        "《 青岭日报 》( 2018年02月07日 01 版)\n")


def test_the_year_of_a_page_line_is_not_a_year_the_text_reports_on():
    assert done_years(PAGE) == frozenset({2017})


def test_a_text_published_early_in_a_year_reports_on_the_year_before_despite_its_page_line():
    assert _period(PAGE, "300人", 2018, 2) == ("2017", "2017")
    assert _period(PAGE, "19人", 2018, 2) == ("2017", "2017")


def test_a_present_level_stands_at_the_date_of_writing_even_in_a_text_on_the_year_before():
    text = ("青岭日报1月20日电 2018年全县减少贫困人口1.2万人,比上年多减3000人。\n"
            "全县现有贫困村42个,全年新修道路80公里。\n")
    assert _period(text, "42个", 2019, 1) == ("2019", "2019")       # 现有: the present
    assert _period(text, "80公里", 2019, 1) == ("2018", "2018")     # 全年: the year reported on


def test_a_total_reported_as_already_reached_by_a_date_has_no_start():
    text = "到2018年底,全县识别的3.2万贫困人口已有2.9万实现脱贫。"
    assert _period(text, "2.9万", 2019) == ("", "2018")
    text = "截至2016年,全乡已经建设了12个安置点。"
    assert _period(text, "12个", 2017) == ("", "2016")
    assert _period("2018年底,全县贫困人口减少到3000人。", "3000人", 2019) == ("2018", "2018")   # no 已: a level


def test_the_holiday_or_season_just_past_is_in_the_year_of_writing():
    assert _period("春节后,15位县领导深入8个乡镇走访贫困户。", "15位", 2019) == ("2019", "2019")
    assert _period("今春,全县发放春耕种子2300公斤。", "2300公斤", 2019) == ("2019", "2019")
    assert _period("2017年春节前,全县发放慰问金30万元。", "30万元", 2019) == ("2017", "2017")


def test_village_teams_in_place_stand_up_to_the_date_of_writing():
    text = ("青岭日报1月20日电 2018年全县减少贫困人口1.2万人,比上年多减3000人。\n"
            "全县组织156支驻村工作队进村帮扶。\n")
    assert _period(text, "156支", 2019, 1) == ("", "2019")


def test_more_than_n_years_is_a_span_up_to_the_date_of_writing_with_no_stated_start():
    assert _period("6年多来,全县近9万人脱贫。", "近9万人", 2019) == ("", "2019")


def test_a_paragraphs_opening_year_governs_it_also_after_who_says_it():
    text = "据县发改局局长李某介绍,2017年,全县将启动新一轮搬迁,建设安置房3200套,完成搬迁1.1万人。\n"
    assert _period(text, "3200套", 2017) == ("2017", "2017")
    assert _period(text, "1.1万人", 2017) == ("2017", "2017")
    text = "记者从县扶贫办获悉,2016年,全县新建村级活动室42个。此外,全县改造危房800户。\n"
    assert _period(text, "800户", 2018) == ("2016", "2016")


def _fields(text: str, raw: str, year: int) -> dict:
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, {}), raw, text.index(raw))
    return fields


def test_a_number_that_defines_a_standard_named_after_it_is_a_threshold_with_no_period():
    text = "2011年至2015年,全县减少贫困人口3万人。按人均纯收入2800元的省定扶贫标准,全县还有贫困人口6000人。"
    fields = _fields(text, "2800元", 2016)
    assert fields["measure"] == "threshold"
    assert (fields["period_start"], fields["period_end"]) == ("", "")
    assert _fields(text, "3万人", 2016)["measure"] != "threshold"


def test_a_future_verb_in_an_earlier_clause_makes_the_later_figures_plans():
    text = "2017年,全县将启动新一轮搬迁,建设安置房3200套,完成搬迁1.1万人。"
    assert _fields(text, "3200套", 2017)["measure"] == "plan"
    assert _fields(text, "1.1万人", 2017)["measure"] == "plan"


def test_totals_of_a_span_or_reached_by_a_date_are_cumulative():
    text = "2011年至2015年,全县投入扶贫资金9.5亿元,年均增长17%,减少贫困人口10万人。"
    assert _fields(text, "10万人", 2016)["measure"] == "cumulative"     # 年均 belongs to the clause before
    assert _fields(text, "17%", 2016)["measure"] == "actual"
    assert _fields("6年多来,全县近9万人脱贫。", "近9万人", 2019)["measure"] == "cumulative"
    text = "截至2016年,全乡已经建设了12个安置点,搬迁安置820户3100人。"
    assert _fields(text, "12个", 2017)["measure"] == "cumulative"
    assert _fields(text, "820户", 2017)["measure"] == "cumulative"


def test_an_estimate_of_a_past_years_level_is_actual_not_a_plan():
    text = "全县农民人均收入由2010年的2100元预计增加到2015年的4300元,年均增长15.4%。"
    assert _fields(text, "4300元", 2016)["measure"] == "actual"
    assert _fields(text, "4300元", 2015)["measure"] == "plan"    # written before the year's end: an estimate ahead
