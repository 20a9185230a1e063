"""What review 17g found, fixed by mechanism: contested series drawn apart, axis lines over labels,
targets as dots, aligned exact amounts, narrow parts worded in their cells, stated figures said to be
stated, and the limits of the sources counted."""

import re
from html import unescape

import pandas as pd
import pytest

from povlib.analysis import metrics
from povlib.catalog.frames import load_facts, load_sources
from povlib.present import findings, plots, pubtable, report, views


@pytest.fixture(scope="module")
def rate_chart():
    plots.use_style()
    df = metrics.poverty_rate_declines()
    return df, plots.rate_declines(df, report.region_labels(), load_sources())


def _series(chart, color):
    return [ln for ax in chart.fig.axes for ln in ax.get_lines()
            if ln.get_color() == color and ln.get_marker() not in (None, "", "None")]


def test_a_contested_series_is_grey_dotted_and_hollow_and_no_other_is(rate_chart):
    df, chart = rate_chart
    flagged = int(df["flagged"].astype(bool).sum())
    assert flagged >= 1  # Zhaotong's rates rest on a contradiction
    grey = _series(chart, plots.CONTESTED_COLOR)
    assert len(grey) == flagged
    for line in grey:
        assert line.get_linestyle() == ":" and line.get_markerfacecolor() == "white"
    others = [ln for ax in chart.fig.axes for ln in ax.get_lines() if ln not in grey and ln.get_label() != plots.NATIONAL_LABEL]
    assert others and all(ln.get_linestyle() == "-" for ln in others)
    names = [t.get_text() for ax in chart.fig.axes for t in ax.texts]
    assert sum("(contested)" in n for n in names) == flagged


def test_axis_lines_are_drawn_over_every_label(rate_chart):
    _, chart = rate_chart
    for ax in chart.fig.axes:
        top_text = max((t.get_zorder() for t in ax.texts), default=0)
        assert ax.texts and all(s.get_zorder() > top_text for s in ax.spines.values())


def test_a_target_series_is_dots_without_a_line_and_a_level_series_is_a_line():
    plots.use_style()
    table = pd.DataFrame({"year_end": [2017, 2018], "value": [366.0, 463.0], "unit": ["count", "count"],
                          "raw": ["366个", "463个"], "fact_id": ["x-1", "x-2"], "year_basis": ["stated", "stated"],
                          "anomalies": ["", ""]})
    src = pd.DataFrame(columns=["source_id"])
    target = plots.trajectory(table, "Target: Poor villages exited (villages)", "count", src, national=None)
    level = plots.trajectory(table, "Poor villages exited (villages)", "count", src, national=None)
    assert [ln.get_linestyle() for ln in target.fig.axes[0].get_lines()] == ["None"]
    assert [ln.get_linestyle() for ln in level.fig.axes[0].get_lines()] == ["-"]


@pytest.mark.parametrize("titles, heading", [
    (["Target: People lifted out of poverty (persons)", "Target: Poor villages exited (villages)"], "Yearly targets"),
    (["Poverty incidence (%)"], "Poverty over time"),
    (["Poverty incidence (%)", "Plan: Poor villages exited (villages)"], "Poverty over time and yearly targets"),
])
def test_the_series_section_is_named_for_what_it_holds(titles, heading):
    assert report.series_heading([(t, pd.DataFrame()) for t in titles]) == heading


@pytest.mark.parametrize("cell, whole, frac", [("↳ 78.6889", "78", ".6889"), ("3,832", "3,832", ""),
                                               ("more than 0.56", "0", ".56")])
def test_an_amount_cell_aligns_its_decimal_point_and_stays_exact(cell, whole, frac):
    out = pubtable.aligned(cell)
    assert f'<span class="num">{whole}<span class="frac">{frac}</span></span>' in out
    # nothing padded, nothing rounded (a mark or qualifier is joined to its number by a no-break space)
    assert re.sub(r"[\u00a0\u202f]", " ", re.sub(r"<[^>]+>", "", out)) == cell


def test_an_amount_cell_that_ends_in_words_is_left_as_text():
    out = pubtable.aligned("completed so far: 13,665 (83.4% of the plan)")
    assert "frac" not in out and "13,665" in out


def test_a_cross_area_part_worded_narrowly_keeps_its_wording_in_its_cell():
    facts = load_facts()
    narrow = facts[(facts["indicator"] == "relocated_persons_cross_area") & (facts["scope"] == "subset")
                   & (facts["scope_note"] != "")]
    assert len(narrow) >= 1  # Tongren's moves into the main urban area
    html = unescape(views.relocation(report.metric("relocation_scale", sorted(report.region_labels())),
                                     report.region_labels()).data)
    for _, f in narrow.iterrows():
        figure = pubtable.fmt_number(f["value"])
        assert re.search(rf"{re.escape(figure)} \(only [^)]*{re.escape(f['scope_note'].split()[-1])}", html), figure
    assert "Share of the row's people who are people moved across areas into" in html  # the ratio says what it counts


def test_a_stated_figure_that_equals_a_difference_is_said_to_be_stated_first():
    assert views._check(100, 100, "yes").startswith("Stated by the source;")
    assert views._check(None, 100, "").startswith("Computed as the difference")
    assert "Stated by the source as 90" in views._check(90, 100, "no")
    note = findings.difference_note(pd.Series({"value_exact": "10", "year_start": 2014, "year_end": 2014}),
                                     pd.Series({"value_exact": "4", "year_start": 2018, "year_end": 2018}))
    assert note.startswith("stated by the source, and equal to 10 for 2014 minus 4 for 2018")


def test_the_limits_of_the_sources_are_counted_from_their_records(monkeypatch):
    rows = [{"source_id": "a", "url": "", "host": "", "publisher": "", "retrieved": ""},
            {"source_id": "b", "url": "http://x", "host": "x.example (a republishing site)", "publisher": "",
             "retrieved": ""},
            {"source_id": "c", "url": "http://y", "host": "y.example, the outlet's own website", "publisher": "A bureau",
             "retrieved": "2026-01-01"}]
    monkeypatch.setattr(report, "document_record", lambda r: r)
    text = report.source_limits(rows)
    assert "of the 3 documents, 1 has no known address" in text
    assert "1 is cited through a site that republished the text, not the original publisher's release (b)" in text
    assert "no retrieval date was recorded for 2 of them" in text
    assert report.source_limits(rows[2:]) == ""


def test_a_measure_takes_the_right_article():
    from decimal import Decimal
    from povlib.present.claims import Figure
    fig = Figure(region="zhaotong", indicator="relocated_persons", value=Decimal("214100"), unit="persons",
                 measure="actual", scope="all", scope_note="", label="people relocated", start=2019, end=2019,
                 start_stated=True, end_stated=True, facts=("x",), anomalies=(), notes=())
    assert findings._basis(fig).startswith("an actual figure for")


def test_a_caveat_that_opens_with_its_kinds_words_is_not_said_twice():
    from povlib.present import claims
    text = claims.anomaly_caveat("a01", "contradiction", caveat="the source contradicts itself: 184.37萬 at 25.71%")
    assert text.count("contradicts itself") == 1 and text.endswith("anomaly a01")
    other = claims.anomaly_caveat("a02", "contradiction", caveat="two totals differ")
    assert other.startswith("the source contradicts itself on this figure: two totals differ")


def test_a_plan_finding_says_how_much_of_it_its_source_says_was_done():
    facts = load_facts()
    byid = facts.set_index("fact_id")
    parts = facts[facts["part_of"].isin(byid.index) & facts["measure"].isin(["actual", "cumulative"])]
    pairs = [(p, f) for p, f in zip(parts["part_of"], parts["fact_id"])
             if byid.loc[p, "measure"] in ("plan", "target") and byid.loc[p, "unit"] == byid.loc[f, "unit"]]
    assert pairs  # Qamdo's rural-road plan and the amount invested by 2020
    texts = [f.text for r in sorted(report.region_labels()) for k in [findings.funding([r])] for f in [*k.messages, *k]]
    checked = 0
    for plan, part in pairs:
        for text in [t for t in texts if f"{pubtable.fmt_number(byid.loc[plan, 'value'] / 1e6)} million yuan" in t
                     and "plan" in t]:
            checked += 1
            assert f"according to fact {part}" in text and "of which" in text, text
    assert checked >= 1  # at least one such plan is a finding


def test_a_national_benchmark_line_carries_the_anomalies_of_the_regions_figure():
    from povlib.analysis.metrics import anomaly_index
    named = anomaly_index()
    seen = 0
    for region in sorted(report.region_labels()):
        for f in findings.national_context(region):
            own = [i for i in f.facts if not i.startswith("nbs-")]
            for aid, _ in [a for i in own for a in named.get(i, [])]:
                seen += 1
                assert f"anomaly {aid}" in f.text and "pairing by year is uncertain" in f.text, f.text
    assert seen >= 1  # Liangshan's 21.1% and Tongren's 1.16% have no stated year


# --- review 17h -------------------------------------------------------------------------------

def test_a_flow_dated_to_its_documents_own_year_says_it_may_not_cover_the_whole_year():
    ctx = findings._Context()
    flows = {k for k, d in ctx.definitions.items() if "during the period" in d}
    hits = [i for i, f in ctx.facts.items() if ctx.part_year(i)]
    assert hits  # Shiqu's 2017 exits, from a document of 11 Dec 2017
    for i in hits:
        f = ctx.facts[i]
        date = ctx.dates[f["source_id"]]
        assert f["indicator"] in flows and f["measure"] == "actual" and str(f["period_end"])[:4] == date[:4]
        assert date in ctx.part_year(i)
    # a figure of a year that ended before its document is whole
    whole = [i for i, f in ctx.facts.items() if f["indicator"] in flows and str(f["period_end"])[:4]
             and str(f["period_end"])[:4] < str(ctx.dates.get(f["source_id"], ""))[:4]]
    assert whole and not any(ctx.part_year(i) for i in whole)


def test_every_profile_gets_a_national_benchmark_line_citing_national_facts():
    from povlib.analysis.metrics import benchmark_regions
    facts = load_facts().set_index("fact_id")
    national = set(benchmark_regions())
    for region in ["aba", "changdu", "ganzi", "liangshan", "sichuan", "tongren", "xinzhou", "zhaotong"]:
        lines = findings.national_context(region)
        assert lines, region
        for f in lines:
            assert f.text.startswith(findings.NATIONAL_CONTEXT) and "survey estimate" in f.text
            assert any(facts.loc[i, "region"] in national for i in f.facts), f.facts
            for i in f.facts:   # every national figure named is quoted exactly as curated
                if facts.loc[i, "region"] in national:
                    assert pubtable.fmt_number(facts.loc[i, "value"]) in f.text.replace("%", ""), (i, f.text)


def test_key_messages_lead_with_figures_no_anomaly_names():
    for key in (findings.relocation(sorted(report.region_labels())), findings.funding(sorted(report.region_labels()))):
        flags = [findings._caveated(m.claim) for m in key.messages]
        assert flags == sorted(flags), [m.text[:60] for m in key.messages]


def test_a_count_not_at_year_end_says_so_in_its_from_cell():
    from povlib.analysis.metrics import NOT_ONE_YEAR
    df = report.metric("headcount_reductions", sorted(report.region_labels()))
    flagged = df[df["note"].astype(str).str.startswith(NOT_ONE_YEAR)]
    assert len(flagged) >= 1
    html = views.reductions(df, report.region_labels()).data
    assert html.count("(not a year-end count: see note)") == len(flagged)


def test_one_amount_is_not_described_as_sharing_a_basis_with_no_other():
    plots.use_style()
    labels = report.region_labels()
    seen = 0
    for region in sorted(labels):
        df = report.metric("funding", [region])
        if len(df) != 1:
            continue
        seen += 1
        chart = plots.amounts_by_region(df, "yi_yuan", "亿元", "Funding", labels, load_sources(), hue="fund_source")
        assert "one amount only" in chart.sentence and "with no other" not in chart.sentence
    assert seen >= 1  # Xinzhou states one amount


def test_a_metrics_rows_period_marks_each_inferred_end():
    row = pd.Series({"period_start": "2016", "period_end": "2020", "period_text": "近年来", "start_basis": "context",
                     "end_basis": "context", "year_basis": "context"})
    assert plots._period(row).count("?") == 2
    stated = row.copy()
    stated["start_basis"] = "stated"
    assert "2016?" not in plots._period(stated) and "2020?" in plots._period(stated)


def test_a_flow_its_source_calls_the_whole_years_says_so_and_when_it_was_said():
    ctx = findings._Context()
    whole = [i for i, f in ctx.facts.items() if any(w in str(f.get("quote")) for w in findings.WHOLE_YEAR_WORDS)
             and "during the period" in ctx.definitions.get(f["indicator"], "") and f["measure"] == "actual"
             and str(f["period_end"])[:4] == str(ctx.dates.get(f["source_id"], ""))[:4]]
    assert whole  # Aba's 2017 exits: 全年, in a speech of 11 Dec 2017
    for i in whole:   # the source's own 'whole year' is said, and that it was said before the year ended
        assert "calls it the whole year's" in ctx.part_year(i) and "may not cover" not in ctx.part_year(i)


def test_an_inferred_source_date_carries_a_question_mark():
    src = load_sources()
    for _, s in src.iterrows():
        if s["date"]:
            assert findings.source_date(s["source_id"]).endswith("?") == (s["date_basis"] == "inferred")


# --- review 17i -------------------------------------------------------------------------------

@pytest.mark.parametrize("build, indicator", [(findings.relocation, "relocated_persons"), (findings.funding, "funding")])
def test_comparison_reports_end_their_findings_with_a_national_benchmark(build, indicator):
    from povlib.analysis.metrics import benchmark_regions
    facts = load_facts().set_index("fact_id")
    key = build(sorted(report.region_labels()))
    last = list(key)[-1]
    assert last.text.startswith(findings.NATIONAL_CONTEXT) and "not compared" in last.text
    assert len(last.facts) == 1 and facts.loc[last.facts[0], "region"] in set(benchmark_regions())
    assert facts.loc[last.facts[0], "indicator"] == indicator and len(key) <= findings.MAX_FINDINGS


def test_a_caveat_written_out_once_in_a_block_is_referred_back_to_after():
    key = findings.profile("zhaotong")
    seen = {}
    for f in key.contested:
        for aid in {a for fig in f.claim.figures for a, _ in fig.anomalies}:
            seen.setdefault(aid, []).append(f.text)
    repeated = {a: t for a, t in seen.items() if len(t) > 1}
    assert repeated  # a01 names the facts of more than one contested figure
    for aid, texts in repeated.items():
        assert f"anomaly {aid}, see above" not in texts[0]
        assert all(f"anomaly {aid}, see above" in t for t in texts[1:])


def test_the_search_list_gives_counts_with_thousands_separators():
    from povlib.present.index import value_text
    assert value_text({"unit": "count", "value_exact": "1160", "qualifier": "", "per": ""}, {}) == "1,160"
    assert value_text({"unit": "count", "value_exact": "n/a", "qualifier": "", "per": ""}, {}) == "n/a"


def test_a_yearly_average_needs_both_years_stated():
    assert views._yearly_average(48650, "stated", "stated") == "On average 48,650 people a year."
    assert views._yearly_average(48650, "stated", "context").startswith("No single yearly average")
    assert views._yearly_average(None, "stated", "stated") == ""


def test_a_point_in_one_year_worded_since_reads_as_that_year():
    base = {"period_start": "2014", "period_end": "2014", "period_text": "2014年以來", "measure": "actual",
            "unit": "persons", "year_basis": "stated"}
    assert views._period(base) == "2014"
    assert views._period({**base, "measure": "cumulative", "period_end": "2018"}) != "2018"


def test_a_contested_trajectory_title_states_the_figures_not_a_finding():
    from povlib.analysis.metrics import anomaly_index
    marks = anomaly_index()
    plots.use_style()
    seen = 0
    for region in report.profile_regions():
        for title, table in report.trajectories(region):
            if any(k == "contradiction" for f in table["fact_id"] for _, k in marks.get(f, [])):
                seen += 1
                chart = plots.trajectory(table, title, table["unit"].iloc[0], load_sources(), region=region)
                assert " as stated: " in chart.title and not re.search(r"\b(fell|rose)\b", chart.title)
    assert seen >= 1


@pytest.mark.parametrize("yuan, qualifier, cell", [
    ("22415000", None, "22.42"),          # 2241.5万元: never read as 22,415
    ("3832000000", None, "3,832.00"),
    ("567400", None, "0.57"),
    ("78688900", "more_than", "78.6889"),  # rounding up would make 'more than' false: exact
    ("560000", "more_than", "0.56"),
])
def test_a_million_yuan_cell_has_two_decimals_unless_a_qualifier_forbids_rounding(yuan, qualifier, cell):
    from decimal import Decimal
    assert views.million_cell(Decimal(yuan), qualifier) == cell


def test_an_outcome_whose_stated_period_runs_past_its_documents_date_is_never_a_key_message():
    from povlib.present.claims import Claim
    ctx = findings._Context()
    src = dict(zip(load_sources()["source_id"], load_sources()["date"].fillna("")))
    ahead = [i for i, f in ctx.facts.items() if f["measure"] in ("actual", "cumulative") and f["year_basis"] == "stated"
             and len(src.get(f["source_id"], "")) >= 7 and str(f["period_end"])
             and str(f["period_end"]) + {4: "-12-31", 7: "-31"}.get(len(str(f["period_end"])), "") > src[f["source_id"]]]
    assert ahead  # Zhaotong's 214,100 newly resettled from end-2018 to 2019, in a text of June 2019
    for i in ahead:
        assert findings.prospective(Claim("level", (ctx.figure([i]),)))
    labels = report.check_regions("all")
    keys = [findings.relocation(labels), findings.funding(labels), findings.poverty_rates(labels),
            *[findings.profile(r) for r in labels]]
    for key in keys:
        assert not any(set(m.facts) & set(ahead) for m in key.messages)
    past = next(i for i, f in ctx.facts.items() if f["measure"] == "actual" and f["year_basis"] == "stated"
                and str(f["period_end"])[:4] < src.get(f["source_id"], "")[:4])
    assert not findings.prospective(Claim("level", (ctx.figure([past]),)))
