"""Issue 18 (draft18b): indicators only in the number's unit, a proposed new indicator where none
fits, the runner-up in `suggested_by`, and the measure and period mechanisms measured on the dev
half. Every sentence here is synthetic; each expected field is what the sentence says."""

from __future__ import annotations

import yaml

from povlib.catalog import loader as catalog
from povlib.cli import main
from povlib.draft.pipeline import draft
from povlib.draft.suggest import Context, Learner, counted, proposed_key, suggest

INDICATORS = {
    "poor_counties": {"label_zh": "贫困县", "unit": "count"},
    "poor_villages": {"label_zh": "贫困村", "unit": "count"},
    "counties_exited": {"label_zh": "贫困县摘帽", "unit": "count"},
    "bridges_built": {"label_zh": "新建桥梁", "unit": "count"},
    "roads_built": {"label_zh": "公路里程", "unit": "km"},
    "persons_lifted": {"label_zh": "脱贫人口", "unit": "persons"},
}

#: curated sentences the learner votes with (source id -> text); each fact is the number in it
CURATED = {
    "a": ("某县今年新建桥梁14座,全部通车。", "14座", "bridges_built"),
    "b": ("某县今年又新建桥梁9座,方便群众出行。", "9座", "bridges_built"),
    "c": ("某县去年新修桥梁3座。", "3座", "bridges_built"),
    "d": ("全省又有6个县摘帽退出贫困序列。", "6个", "counties_exited"),
    "e": ("全州今年有4个县摘帽。", "4个", "counties_exited"),
}


def _learner(indicators: dict = INDICATORS, curated: dict = CURATED) -> Learner:
    facts = [{"fact_id": f"{sid}-001", "source_id": sid, "raw": raw, "raw_start": text.index(raw),
              "indicator": ind, "topic": "infrastructure" if ind == "bridges_built" else "poverty",
              "scope": "all", "scope_note": "", "quote": text}
             for sid, (text, raw, ind) in curated.items()]
    return Learner(facts, {sid: text for sid, (text, _, _) in curated.items()}, indicators)


def _suggest(text: str, raw: str, year: int = 2021, learner: Learner | None = None, at: int | None = None):
    start = text.index(raw) if at is None else at
    return suggest(Context(text, year, [], ""), learner or Learner([], {}, {}), raw, start)


def _period(fields: dict) -> tuple[str, str]:
    return fields["period_start"], fields["period_end"]


# --- indicators in the number's unit ---------------------------------------------------------

def test_a_number_without_a_unit_takes_the_unit_of_the_noun_it_counts():
    fields, basis = _suggest("全县还有5.8万贫困群众需要帮扶。", "5.8万", learner=_learner())
    assert fields["indicator"] not in INDICATORS   # no count indicator for people
    assert fields["new_indicator"]["unit"] == "persons" and fields["new_indicator"]["label_zh"] == "贫困群众"
    assert basis["indicator"].startswith("PROPOSED NEW indicator")


def test_a_number_without_a_unit_or_a_noun_gets_no_indicator():
    fields, basis = _suggest("全县新建12座桥梁,其中已有8万通过验收。", "8万", learner=_learner())
    assert fields["indicator"] == "" and "new_indicator" not in fields
    assert "no unit" in basis["indicator"]


def test_a_number_without_a_unit_gets_a_curated_indicator_its_noun_names():
    fields, _ = _suggest("今年全州还有2万脱贫人口需要巩固。", "2万", learner=_learner())
    assert fields["indicator"] == "persons_lifted"


def test_an_action_right_after_a_label_changes_what_it_counts():
    fields, _ = _suggest("全州今年又有4个贫困县退出。", "4个", learner=_learner())
    assert fields["indicator"] != "poor_counties"


# --- a proposed new indicator where no curated one fits --------------------------------------

def test_a_count_no_curated_indicator_fits_proposes_its_label_before_the_number():
    assert counted("全县建成扶贫车间120个。", "120个", 8) == ("扶贫车间", "count", "the label before the number")
    fields, basis = _suggest("扶贫车间120个已投产。", "120个", learner=_learner())
    new = fields["new_indicator"]
    assert new == {"key": fields["indicator"], "label_en": "", "label_zh": "扶贫车间", "unit": "count"}
    assert fields["indicator"].startswith("new_") and "扶贫车间" in basis["indicator"]
    assert "povlib/data/indicators" in basis["indicator"]


def test_the_noun_after_a_count_names_what_it_counts():
    assert counted("全县新建120个村级活动室,投入资金。", "120个", 4) == ("村级活动室", "count", "the noun after the number")
    assert counted("全乡共有36名驻村干部就地帮扶。", "36名", 4)[:2] == ("驻村干部", "persons")
    assert counted("培育致富带头人850人。", "850人", 7)[:2] == ("致富带头人", "persons")


def test_one_noun_proposes_one_key_and_a_fitting_vote_proposes_nothing():
    assert proposed_key("扶贫车间", "count") == proposed_key("扶贫车间", "count") != proposed_key("扶贫工厂", "count")
    fields, _ = _suggest("某县今年新建桥梁11座,全部通车。", "11座", learner=_learner())
    assert fields["indicator"] == "bridges_built" and "new_indicator" not in fields


def test_the_runner_up_and_its_share_are_offered():
    curated = {**CURATED, "f": ("某县今年新建便民桥7座,方便群众出行。", "7座", "roads_count")}
    indicators = {**INDICATORS, "roads_count": {"label_zh": "便民桥", "unit": "count"}}
    fields, basis = _suggest("某县今年新建桥梁5座,方便群众出行。", "5座", learner=_learner(indicators, curated))
    assert fields["indicator"] == "bridges_built"
    assert basis["indicator_runner_up"].startswith("roads_count (便民桥, ") and "% of the nearest" in basis["indicator_runner_up"]


# --- measure ---------------------------------------------------------------------------------

def test_a_goal_named_after_the_number_in_its_clause_is_a_target():
    assert _suggest("今年全县努力实现3000名贫困人口脱贫的目标。", "3000名")[0]["measure"] == "target"
    assert _suggest("全县减少3000人,如期实现了全面小康,目标如期完成。", "3000人")[0]["measure"] == "actual"


def test_by_a_past_year_is_no_target():
    assert _suggest("到2019年底,全县已有3.2万人实现脱贫。", "3.2万人", year=2021)[0]["measure"] != "target"
    assert _suggest("到2025年,全县农村公路达到900公里。", "900公里", year=2021)[0]["measure"] == "target"


def test_a_paragraphs_since_does_not_govern_a_sentence_with_its_own_year():
    text = "党的十八大以来,全县面貌一新。2020年末,全县农村贫困人口1200人。"
    assert _suggest(text, "1200人")[0]["measure"] == "actual"
    text = "党的十八大以来,全县面貌一新。农村贫困人口1200人,比上年减少300人。"
    assert _suggest(text, "300人")[0]["measure"] == "actual"
    assert _suggest("党的十八大以来,全县面貌一新。全县减少贫困人口3000人。", "3000人")[0]["measure"] == "cumulative"


def test_a_multi_year_span_before_a_flow_is_cumulative_unless_per_year():
    assert _suggest("2016年至2020年,全县共投入资金12亿元。", "12亿元")[0]["measure"] == "cumulative"
    assert _suggest("近几年,全县有8个贫困乡镇摘帽。", "8个")[0]["measure"] == "cumulative"
    assert _suggest("2016年至2020年,全县年均投入资金2亿元。", "2亿元")[0]["measure"] == "actual"
    assert _suggest("2016年至2020年,全县农民收入增长8.5%。", "8.5%")[0]["measure"] != "cumulative"


# --- period ----------------------------------------------------------------------------------

def test_a_text_that_reports_on_the_year_before_dates_its_reported_words_there():
    text = "本报讯 1月12日,县里召开会议。过去一年,全县全年投入资金2.3亿元,贫困发生率降至2020年底的0.5%。"
    assert _period(_suggest(text, "2.3亿元", year=2021)[0]) == ("2020", "2020")
    text = "过去一年,全县全年投入资金2.3亿元。2021年,全县贫困发生率为0.5%。"   # the text names its own year
    assert _period(_suggest(text, "2.3亿元", year=2021)[0]) == ("2021", "2021")


def test_the_levels_of_a_change_in_a_year_range_stand_at_its_ends():
    text = "2016年至2020年,全县贫困发生率从12.5%下降到0.8%。"
    assert _period(_suggest(text, "12.5%")[0]) == ("2016", "2016")
    assert _period(_suggest(text, "0.8%")[0]) == ("2020", "2020")


# --- the row and `povlib check` --------------------------------------------------------------

def test_a_drafted_row_proposes_a_new_indicator_and_check_asks_to_define_it(mini, tmp_path, monkeypatch, capsys):
    seed = tmp_path / "workshops.txt"
    seed.write_text("某县工作\n2021年,茶叶合作社120家已挂牌。\n", encoding="utf-8")
    result = draft(seed, "workshops-2021", layout=mini.layout)
    rows = {r["raw"]: r for r in yaml.safe_load(result.facts.read_text(encoding="utf-8"))["facts"]}
    row = rows["120家"]
    assert row["new_indicator"]["label_zh"] == "茶叶合作社" and row["indicator"] == row["new_indicator"]["key"]
    cat = catalog.load(mini.layout, collect_errors=True)
    assert cat.errors == [] and cat.facts[row["fact_id"]]["unit"] == "count"
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    main(["check", "--source", "workshops-2021"])
    out = capsys.readouterr().out
    assert f"proposed new indicator {row['indicator']} (茶叶合作社, count) on 1 draft row(s)" in out
    assert "define it in povlib/data/indicators/workshops-2021.csv" in out
    text = result.facts.read_text(encoding="utf-8").replace(
        f"key: {row['indicator']}", "key: another_key", 1)
    result.facts.write_text(text, encoding="utf-8")
    cat = catalog.load(mini.layout, collect_errors=True)
    assert any("new_indicator key 'another_key' is not the row's indicator" in str(e) for e in cat.errors)


def test_the_dated_levels_of_a_change_are_levels_even_after_a_plan_word():
    text = "预计全县3个乡镇将完成任务,贫困发生率由2019年底的2.4%降至2020年底的0.3%。"
    assert _suggest(text, "2.4%")[0]["measure"] == "actual"
    assert _suggest(text, "0.3%")[0]["measure"] == "actual"
    assert _suggest("贫困发生率由建档立卡时的9.1%降至0.5%。", "9.1%")[0]["measure"] == "actual"
