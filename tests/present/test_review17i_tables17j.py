"""Review 17i, reader defects #1, #2, #3, #4, #10 and #19: comparison reports carry the Anomalies
their † notes point to; 'coverage unclear' only for an anomaly about coverage; parts directly under
their total; rows by displayed region name with sub-regions under their region; appendix topic
counts that agree with the sections; achieved headcounts apart from plans and targets."""

import json
import re
from pathlib import Path

import pandas as pd

from povlib.analysis import metrics
from povlib.catalog.frames import load_facts
from povlib.present import report, views

ROOT = Path(__file__).resolve().parents[2]
ALL = sorted(report.region_labels())
DAGGER_IDS = re.compile(r"†\s*((?:[a-z]+-\d{4}-a\d+ \([^)]*\)(?:,\s*)?)+)")


def _dagger_ids(html: str) -> set[str]:
    return {i for m in DAGGER_IDS.findall(html) for i in re.findall(r"[a-z]+-\d{4}-a\d+", m)}


# --- #1 -------------------------------------------------------------------------------------------

def test_anomalies_named_takes_a_rows_anomalies_cell_or_else_the_anomalies_of_its_fact():
    index = metrics.anomaly_index()
    fact, marks = next((f, m) for f, m in index.items() if m)
    other = next(a for f, m in index.items() for a, _ in m if a not in {x for x, _ in marks})
    got = report.anomalies_named(pd.DataFrame({"region": ["x"], "fact_id": [fact]}),
                                 pd.DataFrame({"region": ["y"], "facts": ["nothing-0000-000"], "anomalies": [other]}))
    assert set(got["anomaly_id"]) == {a for a, _ in marks} | {other}
    assert (got.loc[got["anomaly_id"] == marks[0][0], "facts_here"] .iloc[0].split(";")).count(fact) == 1
    assert report.anomalies_named(pd.DataFrame({"region": [], "fact_id": []})).empty


def test_every_anomaly_a_comparison_table_points_to_is_in_its_anomalies_table():
    labels = report.region_labels()
    declines = report.metric("poverty_rate_declines", ALL)
    reductions = report.metric("headcount_reductions", ALL)
    points = report.incidence_points(ALL)
    relocation = report.metric("relocation_scale", ALL)
    funding = report.metric("funding", ALL)
    for tables, frames in (((views.declines(declines, labels), views.reductions(reductions, labels),
                             views.points(points, labels)), (declines, reductions, points)),
                           ((views.relocation(relocation, labels),), (relocation,)),
                           ((views.funding(funding, labels),), (funding,))):
        pointed = set().union(*(_dagger_ids(t.data) for t in tables))
        assert pointed
        listed = views.anomalies(report.anomalies_named(*frames)).data
        assert pointed <= set(re.findall(r"[a-z]+-\d{4}-a\d+", listed))


def test_comparison_notebooks_show_anomalies_before_sources():
    for name in ("funding", "poverty_rates", "relocation"):
        cells = ["".join(c["source"]) for c in json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())["cells"]]
        where = [n for n, c in enumerate(cells) if "Anomalies in the sources" in c and "anomalies_named(" in c]
        sources = [n for n, c in enumerate(cells) if c.startswith("views.sources(")]
        assert where and sources and where[0] < sources[0], name


# --- #2 -------------------------------------------------------------------------------------------

def test_only_an_ambiguity_about_the_area_covered_is_a_coverage_anomaly():
    df = pd.DataFrame({
        "anomaly_id": ["t-1", "t-2", "t-3", "t-4"],
        "kind": ["ambiguous", "ambiguous", "contradiction", "ambiguous"],
        "caveat": ["the plan may cover 4 counties only, not the whole prefecture",
                   "the end year is read from the passage; it may run to 2020",
                   "the whole county figure contradicts the sum", ""],
        "explanation": ["", "", "", "The text calls the count prefecture-wide although one district is missing."]})
    assert views.coverage_anomalies(df) == {"t-1", "t-4"}


def test_a_whole_region_row_with_a_non_coverage_ambiguity_keeps_a_plain_scope():
    facts = load_facts().set_index("fact_id")
    about = views.coverage_anomalies()
    plain = [f for f, m in metrics.anomaly_index().items() if f in facts.index and facts.loc[f, "scope"] == "all"
             and any(k == "ambiguous" for _, k in m) and not any(a in about for a, _ in m)]
    assert plain
    for f in plain:
        cell = views._scope({**facts.loc[f].to_dict(), "fact_id": f})
        assert "coverage" not in cell and not cell.endswith("?"), (f, cell)


# --- #3, #4 ---------------------------------------------------------------------------------------

def test_rows_sort_by_displayed_name_with_sub_regions_and_parts_under_their_total():
    rows = pd.DataFrame({"region": ["jingan-site", "zhaojiaba-site", "dazhai-village", "zhaotong", "changdu", "aba"],
                         "facts": ["zhaotong-2019-219", "zhaotong-2019-234", "zhaotong-2019-027", "zhaotong-2019-216",
                                   "changdu-2020-059", "sichuan-2017-002"]})
    out = views.nested(rows)
    names = [report.region_name(r) for r in out["region"]]
    order = list(out["facts"])
    # by English name: Aba before Qamdo (its key 'changdu' would put it first), Zhaotong's places under Zhaotong
    assert names.index(report.region_name("aba")) < names.index(report.region_name("changdu"))
    assert order.index("zhaotong-2019-216") < min(order.index(f) for f in ("zhaotong-2019-234", "zhaotong-2019-027"))
    # the part directly after its total
    assert order.index("zhaotong-2019-219") == order.index("zhaotong-2019-216") + 1
    assert sorted(order) == sorted(rows["facts"])


def test_relocation_table_prints_each_part_right_after_its_total():
    html = views.relocation(report.metric("relocation_scale", ALL), report.region_labels()).data
    body = [r for r in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S) if "<td" in r]
    marked = [n for n, r in enumerate(body) if "↳" in r]
    assert marked
    for n in marked:  # a part follows its total or a sibling part, never an unrelated row
        assert n > 0 and ("↳" in body[n - 1] or "part of" not in body[n - 1])
        total = re.search(r"part of ([^)<]+)\)", body[n]).group(1)
        above = next(r for r in reversed(body[:n]) if "↳" not in r)
        assert total in re.sub(r"<[^>]+>", "", above)


# --- #10 ------------------------------------------------------------------------------------------

def test_topic_heading_counts_add_up_to_the_section_count():
    topic_of = {"f1": "funding", "f2": "funding", "f3": "governance", "f4": "infrastructure"}
    printed = {"f1": "governance", "f2": "funding", "f3": "governance", "f4": "infrastructure"}
    section = ["f1", "f2", "f4"]
    words = views.topic_count_words("funding", printed, topic_of, section)
    own = int(re.match(r"(\d+) fact", words).group(1))
    more = int(re.search(r"also counts (\d+) fact", words).group(1))
    assert own + more == len(section)
    assert "Governance" in words and "Infrastructure" in words
    assert re.search(r"also lists 1 Funding fact", views.topic_count_words("governance", printed, topic_of))
    assert views.topic_count_words("infrastructure", printed, topic_of) == "1 fact"


# --- #19 ------------------------------------------------------------------------------------------

def test_headcount_achieved_and_planned_rows_are_in_separate_tables():
    df = report.metric("headcount_reductions", ALL)
    assert {"actual", "cumulative"} & set(df["measure"]) and {"plan", "target"} & set(df["measure"])
    html = views.reductions(df, report.region_labels()).data
    tables = [b for b in re.split(r"(?=<p class='povlib-caption'>)", html) if "<table" in b]
    assert len(tables) == 2
    achieved, planned = tables
    assert "achieved" in achieved and "planned and targeted" in planned
    cells = lambda t: re.findall(r"<td[^>]*>(.*?)</td>", t, flags=re.S)
    assert not {"planned", "target"} & set(cells(achieved))
    assert not {"actual", "cumulative"} & set(cells(planned))
