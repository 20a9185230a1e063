"""A scope the curator read (not stated) says so, and a count of areas names the contested ones it leaves out."""

from decimal import Decimal

from povlib.present import claims, findings
from povlib.present.claims import Figure


def _fig(scope_note):
    return Figure(region="zhaotong", indicator="relocated_persons", value=Decimal("7144"), unit="persons",
                  measure="actual", scope="registered_poor", scope_note=scope_note, label="people relocated",
                  start=2019, end=2019, start_stated=True, end_stated=True, facts=("x",), anomalies=(), notes=())


def test_a_scope_read_by_the_curator_is_worded_as_a_reading():
    assert "(read as registered poor people)" in claims.who(_fig("the poor moved in, read as registered poor"))
    assert "(registered poor people only)" in claims.who(_fig(""))


def test_the_poverty_rates_summary_names_the_areas_it_leaves_out_as_contested():
    key = findings.poverty_rates(["zhaotong", "tongren", "liangshan", "sichuan", "changdu", "xinzhou"])
    left_out = {f.region for c in key.contested if c.claim is not None and c.claim.kind == "change"
                for f in c.claim.figures}
    assert left_out, "the data has a contested change (Zhaotong's rates rest on a contradiction)"
    summary = next(m.text for m in key.messages if m.text.startswith("Poverty incidence fell"))
    for region in left_out:
        assert f"leaving out {claims.region_name(region)}" in summary


def test_a_rate_chart_title_counts_only_uncontested_areas_and_names_the_contested_one():
    from povlib.analysis import metrics
    from povlib.catalog.frames import load_sources
    from povlib.present import plots, report
    df = metrics.poverty_rate_declines()
    flagged = df[df["flagged"].astype(bool)]
    assert len(flagged) > 0 and len(df) - len(flagged) >= 2
    title = plots.rate_declines(df, report.region_labels(), load_sources()).title
    finding, _, rest = title.partition(";")
    # the finding names every uncontested area drawn in full (at most three: by name) and no contested one
    whole = df["start_year"].notna() & df["end_year"].notna()
    for r in df[~df["flagged"].astype(bool) & whole].itertuples():
        assert claims.region_name(r.region) in finding, title
    for r in flagged.itertuples():
        assert claims.region_name(r.region) not in finding and f"{claims.region_name(r.region)} (grey) contested" in rest
    one = plots.rate_declines(flagged[:1], report.region_labels(), load_sources()).title
    assert "contradicts" in one


def test_a_region_whose_parts_state_a_series_is_not_called_not_reported():
    from povlib.present import report
    text = getattr(report.series_note("sichuan"), "data", "")
    assert "povlib-empty" not in text and "only for its parts" in text
    for part in ("Liangshan", "Garze"):
        assert part in text


def test_a_profile_gives_the_national_rate_of_its_latest_incidence_year_as_context_only():
    from povlib.analysis import metrics
    key = findings.profile("tongren")
    line = next(f for f in key if f.text.startswith(findings.NATIONAL_CONTEXT))
    nat = metrics.national_poverty_rates().set_index("fact_id")
    national_ids = [i for i in line.facts if i in nat.index]
    assert len(national_ids) == 1 and "not compared" in line.text
    assert f"end of {int(nat.loc[national_ids[0], 'year'])}" in line.text
    # no figure to pair: the national figures stand alone, and the line says nothing is set beside them
    alone = findings.national_context("changdu")
    assert len(alone) == 1 and "for Qamdo as a whole" in alone[0].text and "none is set beside" in alone[0].text


def test_a_contested_incidence_gets_no_national_benchmark_and_its_trajectory_title_says_so():
    from povlib.analysis import metrics
    from povlib.catalog.frames import load_sources
    from povlib.present import plots, report
    marks = metrics.anomaly_index()
    contested = lambda ids: any(k == "contradiction" for f in ids for _, k in marks.get(f, []))
    found = False
    for region in report.profile_regions():
        for title, table in report.trajectories(region):
            if contested(table["fact_id"]):
                found = True
                chart = plots.trajectory(table, title, table["unit"].iloc[0], load_sources(), region=region)
                assert chart.title.endswith("figures its source contradicts")
        for line in findings.national_context(region):
            assert not contested(line.facts)
    assert found, "the data has a contested series (Zhaotong's incidence)"
