"""Round 5 period rules for numbers with no time word in their clause (rules18q): who says it before a
paragraph's opening year, and a former level (原有) that is not the present one."""

from povlib.draft.suggest import Context, Learner, suggest


def _period(text: str, raw: str, year: int = 2021) -> tuple[str, str]:
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, {}), raw, text.index(raw))
    return fields["period_start"], fields["period_end"]


def test_a_year_after_who_published_the_data_governs_the_paragraph():
    # 另据…数据, and …显示, say who says it; the year after them opens the paragraph and dates its
    # later sentences, which name no year of their own
    text = "概况\n另据省统计局日前公布的数据,2019年甲区农民人均可支配收入11567元。乙区农民人均可支配收入11443元。"
    assert _period(text, "11443元") == ("2019", "2019")
    text = "概况\n调查显示,2018年甲区农民人均可支配收入9377元。乙区农民人均可支配收入9012元。"
    assert _period(text, "9012元") == ("2018", "2018")


def test_a_former_level_is_not_the_present_one():
    # 原有 (had originally): a level before the exits the text reports, not a status at the document date
    assert _period("黑龙江原有20个国家级贫困县。", "20个") == ("", "")
    assert _period("全省原有深度贫困村107个,其中深度贫困县3个。", "3个") == ("", "")
    # 现有 and a plain 有 are still the present level
    assert _period("全省现有贫困村107个。", "107个") == ("2021", "2021")


def test_a_breakdown_paragraph_takes_the_year_of_the_paragraph_above():
    # 从纯收入来源看, breaks down the figures just given: their year (据了解,2011年,…) dates its shares
    text = "概况\n据了解,2011年甲区农民人均纯收入为3964元。\n从纯收入来源看,家庭经营性收入占46.3%,工资性收入占44.2%。"
    assert _period(text, "46.3%") == ("2011", "2011")
    assert _period(text, "44.2%") == ("2011", "2011")
    # a paragraph that does not open with a breakdown does not borrow the year above
    text = "概况\n据了解,2011年甲区农民人均纯收入为3964元。\n家庭经营性收入占46.3%。"
    assert _period(text, "46.3%") == ("", "")
