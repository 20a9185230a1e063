"""Plain English for readers: periods, quantities, region names and Chinese spans (issue 17, item 2)."""

from __future__ import annotations

import re

import pytest

from povlib.catalog.frames import load_facts, load_regions, load_sources
from povlib.present import views
from povlib.present.pubtable import count_en, quantity_en, sentence
from povlib.present.report import english_names, period_en, region_labels, region_name
from povlib.present.text import lang_spans, script_of, zh

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.mark.parametrize("start, end, text, inferred, expected", [
    ("", "", "每年", False, "per year"),
    ("2016", "2019", "2016年以来", True, "from 2016 to 2019?"),
    ("2016", "2020", "“十三五”时期", False, "2016–2020 (13th Five-Year Plan)"),
    ("2016", "2020", "\"十三五\"期间", False, "2016–2020 (13th Five-Year Plan)"),
    ("2016", "2020", "“十三五”以来", True, "from 2016 (13th Five-Year Plan) to 2020?"),
    ("2020-01", "2020-06", "今年上半年", True, "first half of 2020?"),
    ("2018", "2020", "2018-2020年", False, "2018–2020"),
    ("2017", "2019", "2017至2019年", False, "2017–2019"),
    ("2013", "2020", "自2013年苏州市结对帮扶我市以来", True, "from 2013 to 2020?"),
    ("2018", "2018", "僅2018年", False, "2018 alone"),
    ("2013", "2013", "2013年底", False, "end of 2013"),
    ("2014", "2018", "2014年以來", False, "from 2014 to 2018"),
    ("", "2017", "近年来", True, "in recent years, to 2017?"),
    ("2016", "2019", "近3年來", True, "the last 3 years, 2016–2019?"),
    ("2018", "2020", "未来3年", True, "the next 3 years, 2018–2020?"),
    ("2020", "2020", "截至目前", True, "as of 2020?"),
    ("", "2019", "累計", True, "to 2019?"),
])
def test_period_en_translates_the_source_words(start, end, text, inferred, expected):
    assert period_en(start, end, text, inferred) == expected


def test_period_en_falls_back_to_the_years_never_to_chinese():
    # words with no rule of their own: the curated years, marked when inferred
    assert period_en("2017", "2017", "這一年", True) == "2017?"
    assert period_en("", "", "同時期") == "period not stated"
    assert period_en("2015", "2016", "某个说法") == "2015–2016"
    assert period_en("2014", "2018", "") == "2014–2018"


def test_no_curated_period_reads_as_chinese_in_english():
    facts = load_facts()
    for r in facts[facts["period_text"] != ""].itertuples():
        text = period_en(r.period_start, r.period_end, r.period_text, r.year_basis in ("context", "document_date"))
        assert not HAN.search(text), (r.fact_id, r.period_text, text)


@pytest.mark.parametrize("value, unit, qualifier, expected", [
    (130000, "persons", "more_than", "more than 130,000 people"),
    (50, "persons", "nearly", "nearly 50 people"),
    (1, "persons", "", "1 person"),
    (1, "households", "", "1 household"),
    (1843700, "persons", "", "1,843,700 people"),
    ("222115400", "yuan", "", "222.1154 million yuan"),
    (34000000000, "yuan", "approx", "about 34,000 million yuan"),
    (25.71, "percent", "", "25.71%"),
    (1, "hours", "more_than", "more than 1 hour"),
    (None, "persons", "", "—"),
])
def test_quantity_en_one_unit_per_kind_with_qualifier_words(value, unit, qualifier, expected):
    assert quantity_en(value, unit, qualifier) == expected


def test_counts_and_notes_read_as_english():
    assert count_en(1, "amount") == "1 amount" and count_en(8, "amount") == "8 amounts"
    assert sentence(["a year is not stated;", "see anomaly a01.", "a year is not stated"]) == \
        "A year is not stated. See anomaly a01."


def test_every_region_has_one_distinct_english_name():
    keys = list(load_regions()["key"])
    names = [region_name(k) for k in keys]
    assert len(set(names)) == len(names)
    assert (region_name("ganzi"), region_name("changdu"), region_name("shiqu")) == \
        ("Garze", "Qamdo", "Shiqu (Sershul) County")
    assert region_labels()["changdu"] == "Qamdo 昌都市"
    with pytest.raises(Exception, match="unknown region 'atlantis'"):
        region_name("atlantis")


def test_english_names_replaces_other_spellings_but_not_fact_ids():
    assert english_names("Ganzi's task; Changdu's population; changdu-2020-001") == \
        "Garze's task; Qamdo's population; changdu-2020-001"


def test_chinese_spans_carry_the_script():
    assert script_of("紅色扎西") == "zh-Hant" and script_of("红色扎西") == "zh-Hans"
    assert zh("<b>铜仁</b>", "traditional") == '<span lang="zh-Hant">&lt;b&gt;铜仁&lt;/b&gt;</span>'
    marked = lang_spans("Tongren 铜仁市 and 13万余 people & 从2013年底的29.3%下降")
    assert marked == ('Tongren <span lang="zh-Hans">铜仁市</span> and 13<span lang="zh-Hans">万余</span> people &amp; '
                      '<span lang="zh-Hans">从2013年底的29.3%下降</span>')


def test_citations_name_every_field_and_never_leave_one_blank():
    for r in load_sources().itertuples():
        text = views.citation(r)
        # no internal ids for readers (the seed file a reader can open is a path, named as such)
        assert "(, " not in text and "date" in text and r.source_id not in text.replace(f"seeds/{r.file}", "")
        assert f"seed file seeds/{r.file}" in text
        assert ("publisher not stated" in text.lower()) == (not (r.outlet or r.outlet_en or r.author or r.host))
        assert r.date in text
