"""Issue 18, round 4 (rules18i): the indicator rules measured on loo and the dev half. Every sentence
here is synthetic; each expected indicator is what the sentence says the number counts."""

from __future__ import annotations

from povlib.draft.suggest import Context, Learner, counted, suggest

INDICATORS = {
    "poor_counties": {"label_zh": "贫困县", "unit": "count"},
    "poor_villages": {"label_zh": "贫困村", "unit": "count"},
    "counties_exited": {"label_zh": "贫困县摘帽", "unit": "count"},
    "villages_exited": {"label_zh": "贫困村退出", "unit": "count"},
    "county_exit_criteria": {"label_zh": "县摘帽标准条数", "unit": "count"},
    "industry_projects": {"label_zh": "产业扶贫项目", "unit": "count"},
    "poor_population": {"label_zh": "贫困人口", "unit": "persons"},
    "persons_lifted": {"label_zh": "脱贫人口", "unit": "persons"},
    "households_lifted": {"label_zh": "脱贫户数", "unit": "households"},
    "produce_bought": {"label_zh": "购买贫困地区农产品", "unit": "yuan"},
}


def _learner(curated: dict | None = None) -> Learner:
    curated = curated or {}
    facts = [{"fact_id": f"{sid}-001", "source_id": sid, "raw": raw, "raw_start": text.index(raw),
              "indicator": ind, "topic": "poverty", "scope": "all", "scope_note": "", "quote": text}
             for sid, (text, raw, ind) in curated.items()]
    return Learner(facts, {sid: text for sid, (text, _, _) in curated.items()}, INDICATORS)


def _indicator(text: str, raw: str, learner: Learner | None = None) -> tuple[dict, dict]:
    return suggest(Context(text, 2021, [], ""), learner or _learner(), raw, text.index(raw))


# --- a change of state in the number's item names the indicator that joins it with the noun --------

def test_a_change_of_state_after_a_list_of_counts_names_the_exit_indicator():
    text = "今年将实现6个国家级贫困县和1个省级贫困县摘帽的目标。"
    for raw in ("6个", "1个"):
        fields, basis = _indicator(text, raw)
        assert fields["indicator"] == "counties_exited", raw
        assert "摘帽" in basis["indicator"]


def test_an_exit_word_before_the_noun_names_the_exit_indicator():
    fields, _ = _indicator("今年将摘帽12个贫困县、脱贫120万人。", "12个")
    assert fields["indicator"] == "counties_exited"   # not 县摘帽标准条数: its other words are not in the item


def test_reducing_poverty_by_persons_or_households_is_the_number_lifted_out():
    fields, _ = _indicator("全市累计减贫15.42万人。", "15.42万人")
    assert fields["indicator"] == "persons_lifted"
    fields, _ = _indicator("全市累计减贫3.84万户19.46万人。", "3.84万户")
    assert fields["indicator"] == "households_lifted"   # 减贫 before, and 户 and 人 counted together


def test_an_exit_word_after_another_number_with_its_own_verb_is_that_number_s():
    text = "全市动态识别的185.1万贫困人口已有171.2万实现脱贫。"
    fields, _ = _indicator(text, "185.1万")
    assert fields["indicator"] != "persons_lifted"


def test_an_exit_word_for_another_kind_of_place_does_not_name_a_count():
    fields, _ = _indicator("今年有387个贫困村退出、6个乡镇通过验收。", "6个")
    assert fields["indicator"] not in ("villages_exited", "counties_exited")


# --- a transitive verb after a label found after the number leaves the label standing -----------

def test_a_transitive_verb_after_the_label_keeps_the_label():
    fields, basis = _indicator("全省实施的7412个产业扶贫项目覆盖贫困人口217.3万人次。", "7412个")
    assert fields["indicator"] == "industry_projects"
    assert basis["indicator"].startswith("rule: its label 产业扶贫项目")


def test_a_change_of_state_after_the_label_still_changes_what_is_counted():
    fields, _ = _indicator("全省8个贫困县脱贫出列,群众满意度提高。", "8个")
    assert fields["indicator"] != "poor_counties"


# --- a long label ending right before the number ---------------------------------------------

def test_a_label_longer_than_the_window_that_ends_next_to_the_number_names_it():
    fields, basis = _indicator("今年购买贫困地区农产品3059.15万元。", "3059.15万元")
    assert fields["indicator"] == "produce_bought"
    assert "购买贫困地区农产品" in basis["indicator"]


def test_a_label_ending_far_before_the_number_does_not_name_it():
    fields, _ = _indicator("购买贫困地区农产品的单位今年共安排资金3059.15万元。", "3059.15万元")
    assert fields["indicator"] != "produce_bought"


# --- 人 is itself the noun a number counts -----------------------------------------------------

def test_the_word_after_a_number_in_persons_is_no_noun_of_it():
    text = "贫困人口由2014年的484万人降至2019年底的8.7万人。"
    assert counted(text, "484万人", text.index("484万人")) is None
    fields, _ = _indicator(text, "484万人")
    assert "new_indicator" not in fields   # no proposed indicator named 降至


def test_a_classifier_before_a_noun_still_takes_the_noun():
    text = "全县有1160名贫困群众参加培训。"
    assert counted(text, "1160名", text.index("1160名"))[0] == "贫困群众"


# --- a bare 万 number takes the unit written once for the pair ---------------------------------

def test_a_bare_multiplier_number_takes_the_unit_of_its_partner():
    learner = _learner({"a": ("全省贫困人口由上年的20万人下降到12万人。", "12万人", "poor_population")})
    text = "全县贫困人口由2011年的14.63万下降到2014年的7.89万人。"
    fields, basis = _indicator(text, "14.63万", learner)
    assert fields["indicator"] == "poor_population"
    assert "states no unit" not in basis["indicator"]


def test_a_bare_number_with_no_partner_of_its_multiplier_stays_without_a_unit():
    learner = _learner({"a": ("全省贫困人口由上年的20万人下降到12万人。", "12万人", "poor_population")})
    text = "全县有14.63万通过验收,另有7.89亿元资金到位。"
    fields, _ = _indicator(text, "14.63万", learner)
    assert fields["indicator"] == ""
