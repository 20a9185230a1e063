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


def test_a_span_narrated_after_a_year_reaches_past_it_and_last_year_is_its_end():
    from povlib.draft.periods import document_year
    feature = ("青石村是当地的贫困村之一。2015年,村集体收入不足1万元。经过4年努力,青石村整村脱贫出列,"
               "去年村集体收入达到12万元。如今,村里每年分红3万元。")
    assert document_year(feature)[0] == 2020   # 2015 + 4 = 2019, called 去年: written in 2020
    assert document_year(feature.replace("去年", ""))[0] == 2019
    plan = "2018年,全县贫困人口1.2万人。经过3年努力,将全部实现脱贫。"
    assert document_year(plan)[0] == 2018     # a span still ahead (将) reaches no year of writing


def test_a_paragraph_opening_with_the_present_governs_its_later_sentences():
    text = ("2012年,返乡青年李某在村里办起果园。\n"
            "如今,果园每年给村集体分红4万元。果园每年提供用工3000多个,年发工资90余万元。\n")
    assert _period(text, "3000多个", 2021) == ("2021", "2021")
    assert _period(text, "90余万元", 2021) == ("2021", "2021")
    fields, basis = _fields(text, "90余万元", 2021)
    assert fields["period_text"] == "如今" and "opens the number's paragraph" in basis["period"]


def test_a_paragraphs_opening_year_stops_governing_once_the_story_moves_on():
    text = ("2011年,退伍军人王某回乡创业,承包荒山3000亩。随着果园发展,村里看到了希望。"
            "村里将400亩土地入股,发动18户贫困户参与分红。\n")
    assert _period(text, "3000亩", 2020) == ("2011", "2011")   # the opening sentence is the opening year's
    assert _period(text, "400亩", 2020) == ("", "")
    assert _period(text, "18户", 2020) == ("", "")


def test_a_present_level_in_its_own_clause_is_not_dated_by_the_paragraphs_opening_span():
    text = ("2013年至2017年,全省累计减少贫困人口80万人。"
            "但发展不平衡问题依旧突出,全省贫困人口还有30多万人。\n")
    assert _period(text, "30多万人", 2018) == ("2018", "2018")


def test_a_present_level_under_a_paragraphs_as_of_now_is_a_status_not_a_total():
    text = "截至目前,全省脱贫成效明显。12个县目前共有8.6万人外出务工。"
    assert _fields(text, "8.6万人", 2020)[0]["measure"] == "actual"
    text = "截至目前,全省脱贫成效明显。全省扶贫车间吸纳就业2.3万人。"
    assert _fields(text, "2.3万人", 2020)[0]["measure"] == "cumulative"   # no present word: still a total


def test_what_is_already_done_is_not_framed_by_a_plan_word_in_an_earlier_clause():
    text = "全省安排扶贫项目2.4万个,目前已开工项目1.9万个。"
    assert _fields(text, "2.4万个", 2020)[0]["measure"] == "plan"
    assert _fields(text, "1.9万个", 2020)[0]["measure"] == "actual"


def test_a_percentage_after_a_proportion_of_is_a_share():
    text = "外出务工人数占去年外出务工总人数比例的96.2%。"
    assert _fields(text, "96.2%", 2020)[0]["measure"] == "share"


def test_a_document_with_no_date_keeps_the_periods_its_text_states_and_no_relative_ones():
    text = "2019年底,全县贫困发生率降至0.5%。今年新建公路30公里,2016年以来累计投入2亿元。"
    assert _period(text, "0.5%", None) == ("2019", "2019")
    assert _period(text, "30公里", None) == ("", "")
    assert _period(text, "2亿元", None) == ("", "")   # a since-year runs to the unknown document year
    fields, basis = _fields(text, "30公里", None)
    assert "no date" in basis["period"]


def test_a_part_of_a_present_total_is_present_too():
    text = "全省有38个贫困县,其中深度贫困县12个。全省贫困县12个。"
    assert _period(text, "12个", 2019) == ("2019", "2019")
    assert _period(text, "38个", 2019) == ("2019", "2019")


def test_a_relative_year_gives_no_period_when_the_document_has_no_date():
    text = "外出务工人数占去年外出务工总数的93.1%。"
    assert _period(text, "93.1%", None) == ("", "")


def test_the_level_a_change_reaches_after_an_already_reached_total_is_a_level_at_that_date():
    text = "到2019年底,全县识别的3.1万贫困人口已有2.8万实现脱贫,贫困发生率从2014年的9.4%降至0.6%。"
    assert _period(text, "2.8万", 2020) == ("", "2019")        # a total up to that date
    assert _period(text, "0.6%", 2020) == ("2019", "2019")     # the level at that date
