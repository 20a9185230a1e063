"""The Sources section of the poverty-rates report holds every fact its key findings link to,
including the national rates a gap with the national pace rests on."""

from povlib import findings, metrics, report


def test_fact_ids_take_the_facts_the_key_findings_link_to():
    regions = report.check_regions("all")
    declines = report.metric("poverty_rate_declines", regions)
    key = findings.poverty_rates(regions)
    linked = {i for item in [*key, *key.messages] for i in item.facts}
    ids = report.fact_ids(declines, key)
    assert linked <= set(ids) and set(report.fact_ids(declines)) <= set(ids)
    # Zhaotong's 2014→2018 pace is set against the national rates of 2014 and 2018
    national = metrics.pace_against_national(["zhaotong"]).iloc[0]["national_facts"].split(";")
    assert set(national) <= linked and not set(national) & set(report.fact_ids(declines))
    assert ids == sorted(ids)
