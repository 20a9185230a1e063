"""Draft candidates: one per number, with a raw by the unit grammar, a clause as quote, and a
ledger proposal for dates, times and fractions. The texts are synthetic (written for these tests,
some after the reviewer's repro lines); no number in them is data."""

from __future__ import annotations

import re

import pytest

from povlib.draft.candidates import candidates
from povlib.catalog.units import format_decimal, parse_raw


def cands(text: str) -> list:
    return candidates(text, lambda start, end: False)


def facts_of(text: str) -> dict[str, tuple[str, str | None]]:
    """raw -> (value, unit) of the candidates that are not proposed for the ledger."""
    out = {}
    for c in cands(text):
        if not c.exclusion:
            q = parse_raw(c.raw)
            out[c.raw] = (format_decimal(q.value), q.unit)
    return out


def proposals(text: str) -> dict[str, str]:
    """raw -> kind of the candidates proposed for the exclusion ledger."""
    return {c.raw: c.exclusion["kind"] for c in cands(text) if c.exclusion}


# defect 1: a number after YYYY- is not a date unless it is a month (and day)
@pytest.mark.parametrize("text, second", [("户均增收2000-3000元。", "3000元"), ("人均1990-2500元。", "2500元"),
                                          ("奖补2000-12000元。", "12000元")])
def test_the_second_end_of_a_range_after_a_year_like_number_is_a_candidate(text, second):
    rows = facts_of(text)
    assert rows[second] == (second[:-1], "yuan")
    assert len(rows) == 2          # the first end too: two numbers, two candidates


# defect 4: an ASCII thousands separator does not end the clause
def test_a_quote_is_not_cut_at_a_thousands_separator():
    quotes = {c.raw: c.quote for c in cands("全县监测对象共386户1,205人。")}
    assert quotes == {"386户": "全县监测对象共386户1,205人", "1,205人": "全县监测对象共386户1,205人"}


# defect 5: a multiplier written once after the second end belongs to the first end too
def test_a_shared_multiplier_gives_the_first_end_its_value():
    rows = facts_of("户均贷款3-5万元,覆盖率30%—40%。")
    first = [raw for raw in rows if raw.startswith("3-")]
    assert len(first) == 1 and rows[first[0]] == ("30000", "yuan")
    assert rows["5万元"] == ("50000", "yuan")
    assert rows["30%"] == ("30", "percent") and rows["40%"] == ("40", "percent")


def test_a_shared_unit_alone_keeps_the_bare_first_end_as_the_curated_data_writes_it():
    # zhaotong-2019 curates 1.5—5平方米 as raw '1.5' (the indicator's unit) and '5平方米'
    rows = facts_of("动员搬迁群众人均拿出1.5—5平方米用于扶贫车间建设。")
    assert rows == {"1.5": ("1.5", None), "5平方米": ("5", "m2")}


def test_a_fraction_is_one_ledger_proposal_not_two_numbers():
    text = "全国约1/3的县开展了生态补偿,不足20%的县挂钩。"
    assert proposals(text) == {"1/3": "other"}
    assert facts_of(text) == {"不足20%": ("20", "percent")}   # 不足 reads as "at most"


# defect 6: a full-width decimal point does not split a number
def test_a_full_width_decimal_point_is_part_of_the_number():
    assert facts_of("增长１２．６％。") == {"１２．６％": ("12.6", "percent")}


# defect 7: raw and quote end at the text, not at a tab or the \r of a CRLF line
def test_table_cells_give_raws_without_tabs():
    found = [(c.raw, c.quote) for c in cands("收入\t13485\t14860\n")]
    assert found == [("13485", "收入\t13485\t14860"), ("14860", "收入\t13485\t14860")]


def test_crlf_line_ends_stay_out_of_raw_and_quote():
    text = "某县:2020年脱贫1,200户3,456人。\r\n今年计划投入资金5000万元\r\n收入\t13485\t14860\r\n"
    found = cands(text)
    assert len(found) == 5
    for c in found:
        assert not re.search(r"\s$", c.raw) and not re.search(r"\s$", c.quote), (c.raw, c.quote)
    assert {c.raw: c.quote for c in found}["5000万元"] == "今年计划投入资金5000万元"


# defect 8: dates and clock times go to the ledger, and never become facts
@pytest.mark.parametrize("text, raw, facts", [
    ("下表为2021.12统计数据。", "2021.12", {}),
    ("今年1—6月接待游客125.6万人次。", "1—6月", {"125.6万人次": ("1256000", "person-times")}),
    ("7月10日下午3点,会议在村委会召开。", "3点", {}),
    ("上午9:00在村委会召开会议。", "9:00", {}),
])
def test_dates_and_times_are_proposed_as_dates_and_are_no_facts(text, raw, facts):
    assert proposals(text) == {raw: "date"}
    assert facts_of(text) == facts


def test_a_year_with_decimals_and_a_unit_is_a_quantity_not_a_date():
    assert facts_of("实现产值2019.5亿元。") == {"2019.5亿元": ("201950000000", "yuan")}


def test_a_bare_number_of_points_is_not_a_time():
    assert proposals("会议提出3点意见。") == {}


def test_a_quote_never_starts_inside_a_clock_time():
    text = "上午9:00在村委会召开会议,共有50人参加。"
    quotes = {c.raw: c.quote for c in cands(text)}
    assert quotes["50人"] == "上午9:00在村委会召开会议,共有50人参加"
    for c in cands(text):
        assert not (c.quote_start > 0 and text[c.quote_start - 1].isdigit() and text[c.quote_start].isdigit())


def test_table_and_footnote_numbers_and_formulas_are_proposed_for_the_ledger():
    from povlib.draft.candidates import candidates
    text = "表1  主要指标\n注:1. 本公报数据为初步统计。\n贫困发生率=贫困人口/总人口×100%。\n惠民政策挂图1142套。\n"
    kinds = {c.raw: (c.exclusion or {}).get("kind") for c in candidates(text, lambda a, b: False)}
    assert kinds["1"] in ("reference", "ordinal") and kinds.get("100%", kinds.get("100")) == "other"
    assert kinds["1142套"] is None


def test_list_numbers_inside_a_line_and_ratio_terms_go_to_the_ledger():
    from povlib.draft.candidates import candidates
    text = "附件：1.问题清单（27项）  2.整改台账\n实现1∶1结对帮扶。城乡居民收入比为2.71∶1。\n"
    found = [(c.raw, (c.exclusion or {}).get("kind")) for c in candidates(text, lambda a, b: False)]
    assert found == [("1", "ordinal"), ("27项", None), ("2", "ordinal"), ("1", "other"), ("1", "other"),
                     ("2.71", None), ("1", "other")]


def test_item_markers_before_a_digit_and_numbers_in_book_titles_go_to_the_ledger():
    from povlib.draft.candidates import candidates
    text = "(1)6个项目未开展可行性研究。\n1、2020年全县新建公路30公里。\n组织编写《乡村振兴政策问答100条》,印发12万册。\n"
    found = [(c.raw, (c.exclusion or {}).get("kind")) for c in candidates(text, lambda a, b: False)]
    assert found == [("1", "ordinal"), ("6个", None), ("1", "ordinal"), ("30公里", None), ("100", "name"), ("12万册", None)]


def test_a_points_unit_written_once_for_two_numbers_leaves_the_first_bare():
    assert facts_of("两项指标分别提高3个和4个百分点。") == {"3": ("3", None), "4个百分点": ("4", "pp")}
    assert facts_of("新建5个和8个村卫生室。") == {"5个": ("5", "count"), "8个": ("8", "count")}


def test_a_time_offset_goes_to_the_ledger_as_a_date():
    assert proposals("力争3年后实现年产值1.2亿元,10年後翻番。") == {"3年": "date", "10年": "date"}
    assert proposals("近3年来,全县新建公路30公里。") == {"近3年": "date"}
    assert proposals("未来3年将投入120亿元。") == {"3年": "date"}
    assert facts_of("严格落实15年免费教育。") == {"15年": ("15", "years")}   # a duration that is the quantity


def test_the_past_n_years_go_to_the_ledger():
    assert proposals("过去5年,全镇累计减少贫困人口1260人。") == {"5年": "date"}
    assert proposals("县里还计划用3年时间,把安置点打造成示范点。") == {"3年": "date"}


def test_a_clock_time_is_never_read_inside_a_longer_number():
    """`11:021170` is no clock time 11:02: proposing one crashed the draft (its raw is not a whole
    number of the quote)."""
    text = "2018-01-25 11:021170zgny.com中青在线\n"
    raws = [c.raw for c in candidates(text, lambda a, b: False)]
    assert "11:02" not in raws and "11" in raws
    assert [c.raw for c in candidates("会议于10:30开始。\n", lambda a, b: False)] == ["10:30"]
