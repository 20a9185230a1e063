"""Manifests may record who wrote the text (author), the site it was copied from (host) and its
address (url); the sources table carries them, empty when unknown, and their English is checked
like other reader-facing prose."""

import pytest

from povlib.catalog import frames
from povlib.catalog import loader as catalog
from povlib.exceptions import DataError


def _manifest(mini):
    return mini.root / "seeds" / "mini-2019.yaml"


def _add(mini, lines: str) -> None:
    path = _manifest(mini)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nboilerplate:", "\n" + lines + "\nboilerplate:", 1), encoding="utf-8")


def test_author_host_and_url_reach_the_sources_table(mini, cache_dir):
    _add(mini, 'author: "Reporter Li Si"\nhost: "example.org (a republishing site)"\n'
               'url: "http://example.org/a/1.html"')
    row = frames.load_sources(mini.layout).set_index("source_id").loc["mini-2019"]
    assert (row["author"], row["host"], row["url"]) == ("Reporter Li Si", "example.org (a republishing site)",
                                                        "http://example.org/a/1.html")


def test_without_them_the_fields_are_empty_not_guessed(mini, cache_dir):
    row = frames.load_sources(mini.layout).set_index("source_id").loc["mini-2019"]
    assert (row["author"], row["host"], row["url"]) == ("", "", "")


def test_a_misspelt_field_is_still_refused(mini, cache_dir):
    _add(mini, 'adress: "http://example.org"')
    with pytest.raises(DataError, match="unknown field"):
        catalog.load(mini.layout)


def test_chinese_in_a_manifest_english_field_is_a_check_error(mini, cache_dir):
    _add(mini, 'author: "本报记者 Li Si"')
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    hits = [e for e in errors if "manifest mini-2019" in e and "author" in e]
    assert len(hits) == 1 and "本报记者" in hits[0] and "outside quotation marks" in hits[0]


def test_the_curated_manifests_record_the_addresses_their_descriptions_state(cache_dir):
    sources = catalog.load().sources
    for sid, source in sources.items():
        for word in source.description.split():
            if word.startswith("http"):
                assert source.url and source.url in source.description, sid
