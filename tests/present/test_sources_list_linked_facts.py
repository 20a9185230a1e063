"""The Sources section of the poverty-rates report holds every fact its key findings link to,
including the national rates a gap with the national pace rests on."""

from povlib import findings, report


def test_fact_ids_take_the_facts_the_key_findings_link_to():
    regions = report.check_regions("all")
    declines = report.metric("poverty_rate_declines", regions)
    key = findings.poverty_rates(regions)
    linked = {i for item in [*key, *key.messages] for i in item.facts}
    ids = report.fact_ids(declines, key)
    assert linked <= set(ids) and set(report.fact_ids(declines)) <= set(ids)
    # a pace set against the national one links the national rates it rests on
    for item in [*key, *key.messages]:
        if item.claim is not None and item.claim.kind == "gap":
            national = set(item.claim.reference.facts)
            assert national <= linked and not national & set(report.fact_ids(declines))
    assert ids == sorted(ids)


def test_a_reports_sources_give_each_documents_address_or_say_none_is_known():
    from povlib.catalog.frames import load_facts, load_sources
    from povlib.present.views import documents
    facts = load_facts()
    sources = load_sources().set_index("source_id")
    for sid, src in sources.iterrows():
        html_ = documents(list(facts.loc[facts["source_id"] == sid, "fact_id"][:1]))
        if src.get("url"):
            assert f'href="{src["url"]}"' in html_, sid
        else:
            assert "no address known" in html_, sid
        assert "By compiled by" not in html_ and "By by" not in html_
