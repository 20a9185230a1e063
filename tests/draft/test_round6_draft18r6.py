"""Round 6 (draft18r6): a count of which every one has left its status (全部脱贫, 全部摘帽, 全部退出,
全部清零) is a total up to the year reported on, not a level of one year."""

from povlib.draft.suggest import Context, Learner, suggest


def _fields(text: str, raw: str, year: int = 2020) -> dict:
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, {}), raw, text.index(raw))
    return fields


def test_every_one_of_a_group_exited_is_a_total():
    # 全部 after the number, then the change of state, in the number's own clause
    for text, raw in (("岚川省31个贫困县全部实现脱贫摘帽。", "31个"),
                      ("全州88个贫困县全部清零,11501个贫困村全部退出。", "88个"),
                      ("全州88个贫困县全部清零,11501个贫困村全部退出。", "11501个"),
                      ("625万贫困人口全部脱贫。", "625万")):
        fields = _fields(text, raw)
        assert fields["measure"] == "cumulative", (text, raw)
        # a total with no time word: no start, up to the document year
        assert (fields["period_start"], fields["period_end"]) == ("", "2020"), (text, raw)


def test_every_one_written_before_the_number():
    # 全部 before the number, the change of state after it (陕西全部56个贫困县实现“摘帽”)
    fields = _fields("岚川全部56个贫困县(区)实现“摘帽”。", "56个")
    assert fields["measure"] == "cumulative"


def test_not_a_total_without_every_one_or_with_a_year_or_a_rate():
    # a part of the group (12个贫困县退出), a dated exit (2019年…全部退出) and a rate stay as before
    assert _fields("岚川省12个贫困县脱贫摘帽。", "12个")["measure"] == "actual"
    dated = _fields("2019年,岚川省31个贫困县全部脱贫摘帽。", "31个")
    assert dated["measure"] == "actual" and (dated["period_start"], dated["period_end"]) == ("2019", "2019")
    assert _fields("岚川省贫困发生率降至0.5%,贫困县全部摘帽。", "0.5%")["measure"] == "actual"
    # 全部 that is not followed by a change of state (全部为低风险地区) is no exit
    assert _fields("全国832个贫困县全部为低风险地区。", "832个")["measure"] == "actual"
