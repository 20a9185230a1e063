"""Round 4 period rules: a bare 以来 dates nothing, the level a change leaves is not dated by the
point in time that dates the level it reaches, and a change against a named base year spans from it."""

from povlib.draft.periods import expressions, suggest_period


def test_bare_since_names_no_span():
    # 党的十八大以来: the start is an event, not a year; the clause's own defaults decide
    assert not [f for f in expressions("党的十八大以来贫困地区农村居民收入年均实际增长", 2018) if f[2].group() == "以来"]
    assert suggest_period("党的十八大以来贫困地区农村居民收入年均实际增长", "", 2018) is None


def test_a_stated_start_year_still_opens_a_span():
    found = suggest_period("2016年以来,全市累计减贫", "", 2020, cumulative=True)
    assert (found.start, found.end) == ("2016", "2020")


def test_level_a_change_leaves_is_not_dated_by_the_point_in_time():
    found = suggest_period("2019年底,贫困发生率从", "", 2020, after="下降至1.16%")
    assert found is not None and (found.start, found.end) == ("", "")
    reached = suggest_period("2019年底,贫困发生率从24.74%下降至", "", 2020)
    assert (reached.start, reached.end) == ("2019", "2019")


def test_level_a_change_leaves_at_the_start_of_a_span_is_kept():
    found = suggest_period("2014年以来,贫困发生率从", "", 2019, after="下降至12.49%")
    assert (found.start, found.end) == ("2014", "2014")


def test_a_change_against_a_named_base_year_spans_from_it():
    found = suggest_period("2017年贫困地区农村居民人均可支配收入是全国农村平均水平的69.8%,比2012年提高", "", 2018)
    assert (found.start, found.end) == ("2012", "2017")


def test_a_change_against_the_year_end_before_stays_in_its_year():
    found = suggest_period("2017年末,全国农村贫困人口3046万人,比2016年末减少", "", 2018)
    assert (found.start, found.end) == ("2017", "2017")
    # a change against the year before, with no year named, is no span either
    found = suggest_period("2017年,贫困发生率3.1%,比上年下降", "", 2018)
    assert (found.start, found.end) == ("2017", "2017")


def test_a_level_at_a_year_in_a_change_is_known_after_that_year():
    from povlib.draft.periods import document_year
    # 下降到2014年的7.89万人: a count at the year's end, reported in 2015
    assert document_year("全区贫困人口由2011年的14.63万下降到2014年的7.89万人。")[0] == 2015
    assert document_year("三区三州建档立卡贫困人口由2018年的172万减少到今年的43万。")[0] == 2019
    # a year whose result is reported, with no level at it, stays the latest year done
    assert document_year("2014年,全区贫困人口减少到7.89万人。")[0] == 2014
