"""`povlib draft`: candidates for every number, anchored quotes, draft status kept out of reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from povlib import load_excluded, load_facts, load_sources

from povlib.catalog import loader as catalog
from povlib.cli import main
from povlib.draft.pipeline import DraftError, draft
from povlib.draft.manifest import detect_date, detect_script
from povlib.catalog.units import parse_raw

SYNTHETIC = Path(__file__).parents[1] / "fixtures" / "draft" / "synthetic-tea-2021.txt"


@pytest.fixture
def drafted(mini):
    """The mini layout with the synthetic document drafted as `tea-2021`."""
    result = draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    return mini, result, yaml.safe_load(result.facts.read_text(encoding="utf-8"))


def test_seed_is_copied_byte_for_byte_and_manifest_loads(drafted):
    mini, result, _ = drafted
    assert result.seed.read_bytes() == SYNTHETIC.read_bytes()
    manifest = yaml.safe_load(result.manifest.read_text(encoding="utf-8"))
    assert manifest["status"] == "draft" and manifest["script"] == "simplified"
    assert manifest["date"] == "2021-01-15" and manifest["date_basis"] == "stated"
    reasons = " ".join(b["reason"] for b in manifest["boilerplate"])
    assert "ICP" in reasons and "phone" in reasons and "navigation" in reasons
    assert "tea-2021" not in set(load_sources(mini.layout)["source_id"])   # a draft manifest reaches no report
    assert "tea-2021" in set(load_sources(mini.layout, include_drafts=True)["source_id"])


def test_every_number_has_a_candidate_whose_raw_parses_and_whose_quote_is_in_the_seed(drafted):
    mini, _, data = drafted
    text = SYNTHETIC.read_text(encoding="utf-8")
    for row in data["facts"]:
        assert row["status"] == "draft" and row["quote"] in text and row["raw"] in row["quote"]
        parse_raw(row["raw"])
        assert {"indicator", "measure", "period", "region"} <= set(row["suggested_by"])
    cat = catalog.load(mini.layout, collect_errors=True)
    assert cat.errors == []
    cov = cat.coverage["tea-2021"]
    assert cov.counted > 15 and cov.uncovered == []
    kinds = {e["raw"]: e["kind"] for e in data["excluded"]}
    assert kinds["1+3"] == "name" and kinds["1"] == "ordinal"


def test_suggestions_follow_the_wording(drafted):
    _, _, data = drafted
    rows = {r["raw"]: r for r in data["facts"]}
    assert rows["500亩"]["measure"] == "plan" and rows["500亩"]["period_start"] == "2021"
    assert rows["1500万元"]["measure"] == "target"
    assert rows["2150元"]["per"] == "person" and rows["不低于1000元"]["per"] == "year"
    assert rows["不低于1000元"]["measure"] == "target"   # 确保 frames it; 不低于 is its qualifier ("more than")
    assert parse_raw("不低于1000元").qualifier == "more_than"
    assert rows["97户"]["scope"] == "registered_poor"
    assert rows["48.5吨"]["period_start"] == "2020"   # the year of the heading above the list


def test_drafts_never_reach_reports_but_check_counts_them(drafted, monkeypatch, capsys):
    mini, result, data = drafted
    assert "tea-2021" not in set(load_facts(mini.layout)["source_id"])
    with_drafts = load_facts(mini.layout, include_drafts=True)
    assert (with_drafts[with_drafts["source_id"] == "tea-2021"]["status"] == "draft").sum() == len(data["facts"])
    assert "tea-2021" not in set(load_excluded(mini.layout)["source_id"])
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    main(["check", "--source", "tea-2021"])
    out = capsys.readouterr().out
    assert f"tea-2021: manifest draft, {len(data['facts'])} facts ({len(data['facts'])} draft)" in out


def test_a_curated_row_may_not_keep_suggested_by(drafted):
    mini, result, data = drafted
    data["facts"][0].pop("status")
    result.facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cat = catalog.load(mini.layout, collect_errors=True)
    assert any("suggested_by is left on a curated row" in str(e) for e in cat.errors)


def test_refuses_to_overwrite_without_force(drafted):
    mini, result, _ = drafted
    result.facts.write_text("source_id: tea-2021\n", encoding="utf-8")
    with pytest.raises(DraftError, match="exists.*--force"):
        draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    assert result.facts.read_text(encoding="utf-8") == "source_id: tea-2021\n"
    draft(SYNTHETIC, "tea-2021", layout=mini.layout, force=True)
    assert "status: draft" in result.facts.read_text(encoding="utf-8")


def test_cli_errors_are_one_line(mini, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    assert main(["draft", str(SYNTHETIC), "--source-id", "Bad ID"]) == 2
    assert main(["draft", str(tmp_path / "missing.txt"), "--source-id", "tea-2021"]) == 2
    (tmp_path / "gbk.txt").write_bytes("扶贫".encode("gb18030"))
    assert main(["draft", str(tmp_path / "gbk.txt"), "--source-id", "gbk-2020"]) == 2
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 3 and all(line.startswith("povlib: error: ") for line in err)
    assert "lower-case slug" in err[0] and "not found" in err[1] and "not UTF-8" in err[2]
    assert main(["draft", str(SYNTHETIC), "--source-id", "tea-2021"]) == 0
    assert main(["draft", str(SYNTHETIC), "--source-id", "tea-2021"]) == 2
    assert "--force" in capsys.readouterr().err


def test_script_and_date_detection_on_the_curated_seeds():
    sources = catalog.load().sources
    for src in sources.values():
        assert detect_script(src.text)[0] == src.script
        assert detect_date(src.text)[0][:4] == src.date[:4]
    assert detect_date(sources["zhaotong-2019"].text)[:2] == ("2019-06-17", "stated")


def test_candidates_cover_every_number_of_a_curated_seed():
    from povlib.catalog.coverage import coverage
    from povlib.draft.pipeline import draft_rows, learner_from
    from povlib.catalog.facts import _raw_offset
    from povlib.catalog.sources import locate
    cat = catalog.load()
    learner, _, regions = learner_from(cat, leave_out="tongren-2020")
    src = cat.sources["tongren-2020"]
    facts, excluded = draft_rows("tongren-2020", src.text, 2020, src.in_boilerplate, learner, regions)
    spans = []
    for row in facts + excluded:
        start = locate(src.text, row["quote"], row.get("occurrence"))
        start += _raw_offset(row["quote"], row["raw"], row.get("raw_occurrence"))
        spans.append((start, start + len(row["raw"])))
    cov = coverage(src, spans)
    assert cov.counted == cat.coverage["tongren-2020"].counted and cov.uncovered == []


def _suggest(text: str, raw: str, indicators: dict | None = None, year: int = 2020) -> dict:
    from povlib.draft.suggest import Context, Learner, suggest
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, indicators or {}), raw, text.index(raw))
    return fields


def test_period_and_measure_rules_without_neighbours():
    background = _suggest("全市辖9个县,国土面积2.3万平方公里。", "2.3万平方公里")
    assert (background["period_start"], background["period_end"], background["measure"]) == ("", "", "actual")
    result = _suggest("全市实现脱贫3万人。", "3万人")
    assert (result["period_start"], result["period_end"]) == ("2020", "2020")
    governed = _suggest("“十三五”以来,全市脱贫攻坚成效明显。全市投入资金5亿元。", "5亿元")
    assert governed["measure"] == "cumulative" and (governed["period_start"], governed["period_end"]) == ("2016", "2020")
    assert _suggest("我们将每年整合3亿元推进生态扶贫。", "3亿元")["measure"] == "plan"


def test_an_indicator_label_next_to_the_number_names_it():
    indicators = {"poverty_incidence": {"label_zh": "贫困发生率", "unit": "percent"},
                  "poor_population": {"label_zh": "贫困人口", "unit": "persons"}}
    assert _suggest("全市贫困发生率降至1.2%。", "1.2%", indicators)["indicator"] == "poverty_incidence"
    assert _suggest("全市减少贫困人口3万人。", "3万人", indicators)["indicator"] == "poor_population"


def _period(fields: dict) -> tuple[str, str]:
    return fields["period_start"], fields["period_end"]


def test_plan_words_used_as_nouns_do_not_make_a_plan():
    assert _suggest("编制了全市脱贫攻坚规划和15个分项方案。", "15个")["measure"] == "actual"
    assert _suggest("全市规划建设安置点144个。", "144个")["measure"] == "plan"
    assert _suggest("2020年计划再实施危房改造948户。", "948户")["measure"] == "plan"


def test_a_target_word_wins_over_the_rate_rule():
    assert _suggest("确保年内自来水普及率达到93%。", "93%")["measure"] == "target"
    assert _suggest("全市小学净入学率达99.8%。", "99.8%")["measure"] == "share"


def test_a_task_to_complete_is_a_target_but_a_completed_one_is_not():
    assert _suggest("完成6个县摘帽、679个村退出的任务。", "679个")["measure"] == "target"
    assert _suggest("已完成98个乡镇卫生院标准化建设任务。", "98个")["measure"] != "target"


def test_a_cumulative_word_earlier_in_the_sentence_governs_its_list():
    fields = _suggest("农大制定了工作方案。截至目前,在全省建成分院5个;参与编制规划100多个;选派科技特派员500多人。", "500多人", year=2017)
    assert fields["measure"] == "cumulative" and _period(fields) == ("", "2017")


def test_since_expressions_with_words_between_or_a_plan_period():
    assert _period(_suggest("自2013年苏州市结对帮扶我市以来,两地互访1706人次。", "1706人次")) == ("2013", "2020")
    assert _period(_suggest("“十三五”以来,各单位挂职干部合计86人。", "86人")) == ("2016", "2020")
    assert _period(_suggest("2017年10月以来,发现问题7680个。", "7680个", year=2018)) == ("2017-10", "2018")
    assert _period(_suggest("近3年来,全市累计培训124.2万人次。", "124.2万人次", year=2019)) == ("2016", "2019")


def test_a_cumulative_figure_runs_from_the_since_year_to_the_year_it_reaches():
    text = "2014年以来,贫困人口下降到2018年的58.83万人,累计减贫125.54万人。"
    assert _period(_suggest(text, "125.54万人", year=2019)) == ("2014", "2018")
    text = "2015年以来,全市累计改造危房17.43万户,2019年改造危房8.2万户。"
    assert _period(_suggest(text, "8.2万户", year=2019)) == ("2019", "2019")


def test_an_opening_now_word_governs_the_paragraphs_below_it():
    text = "当前,全市抓好公共服务体系建设。\n\n公共服务方面。新建社区服务中心48个。"
    fields = _suggest(text, "48个")
    assert _period(fields) == ("2020", "2020") and fields["year_basis"] == "document_date"
    assert _period(_suggest("公共服务方面。新建社区服务中心48个。", "48个")) == ("", "")


def test_a_deadline_after_a_target_number_is_its_period():
    fields = _suggest("确保8个电站在6月底前全部投入运营。", "8个", year=2018)
    assert fields["measure"] == "target" and _period(fields) == ("2018-06", "2018-06")
    assert fields["period_text"] == "6月底"


REVIEWED = {   # synthetic documents independent reviewers wrote to try drafting: (file, date, script)
    "synthetic-county-report-2021.txt": ("2022-01-18", "traditional"),
    "synthetic-news-2021.txt": ("2021-07-12", "simplified"),
    "synthetic-bulletin-2019.txt": ("2020-03-16", "simplified"),
    "synthetic-speech-2020.txt": ("2020-01-08", "traditional"),
}


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_each_reviewed_document_drafts_with_every_number_accounted_for(mini, name):
    seed = SYNTHETIC.parent / name
    result = draft(seed, name.removesuffix(".txt").removeprefix("synthetic-"), layout=mini.layout)
    manifest = yaml.safe_load(result.manifest.read_text(encoding="utf-8"))
    assert (manifest["date"], manifest["script"]) == REVIEWED[name]
    cat = catalog.load(mini.layout, collect_errors=True)
    assert cat.errors == []
    cov = cat.coverage[manifest["source_id"]]
    assert cov.counted > 50 and cov.uncovered == []
    data = yaml.safe_load(result.facts.read_text(encoding="utf-8"))
    for row in data["facts"]:
        assert row["raw"] == row["raw"].strip() and row["quote"] == row["quote"].strip()


def test_a_statistics_bulletin_is_read_against_the_year_it_reports_on(mini):
    result = draft(SYNTHETIC.parent / "synthetic-bulletin-2019.txt", "bulletin-2019", layout=mini.layout)
    rows = {r["raw"]: r for r in yaml.safe_load(result.facts.read_text(encoding="utf-8"))["facts"]}
    assert rows["12,847元"]["period_start"] == "2019"     # 全年 in a bulletin on 2019, published 2020
    assert rows["9,445"]["period_start"] == "2018"        # the 2018年 column of its table
    assert rows["10,569元"]["per"] == "person"
