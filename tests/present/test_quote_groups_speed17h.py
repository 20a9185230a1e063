"""The groups of overlapping quotes are found once per catalog (`views.quote_groups`) and found
again when the catalog changes; callers may change what the memoized loaders give them."""

from povlib.catalog.frames import load_facts
from povlib.present import views


def _use(mini, monkeypatch):
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)


def test_editing_a_quote_in_a_catalog_copy_changes_the_quotes_shown_together(mini, cache_dir, monkeypatch):
    _use(mini, monkeypatch)
    # 搬迁1.2万人 ends where 其中跨县搬迁3000人,占25% (facts 009 and 010) begins: no overlap
    assert views.with_quoted(["mini-2019-008"]) == ["mini-2019-008"]
    assert ("mini-2019-009", "mini-2019-010") in views.quote_groups()
    seed = next(mini.layout.seeds.glob("*.txt")).read_text(encoding="utf-8")
    longer = seed[seed.index("搬迁1.2万人"):seed.index("跨县搬迁") + 2]  # now runs into their quote
    mini.edit_fact("mini-2019-008", quote=longer)
    assert views.with_quoted(["mini-2019-008"]) == ["mini-2019-008", "mini-2019-009", "mini-2019-010"]
    assert ("mini-2019-008", "mini-2019-009", "mini-2019-010") in views.quote_groups()


def test_a_caller_changing_a_loaded_frame_does_not_change_the_next_load(mini, cache_dir, monkeypatch):
    _use(mini, monkeypatch)
    first = load_facts()
    original = first.loc[0, "quote"]
    first.loc[0, "quote"] = "changed"
    first["extra"] = 1
    first.pop("raw")
    again = load_facts()
    assert again.loc[0, "quote"] == original and "extra" not in again and "raw" in again


def test_a_region_s_facts_follow_an_edit_of_the_catalog_copy(mini, cache_dir, monkeypatch):
    from povlib.present import report
    _use(mini, monkeypatch)
    before = report.region_facts("mini").set_index("fact_id")
    assert before.loc["mini-2019-013", "note"] == ""
    before.loc["mini-2019-013", "note"] = "changed by a caller"  # the caller's own copy
    assert report.region_facts("mini").set_index("fact_id").loc["mini-2019-013", "note"] == ""
    mini.edit_fact("mini-2019-013", note="edited in the catalog")
    assert report.region_facts("mini").set_index("fact_id").loc["mini-2019-013", "note"] == "edited in the catalog"


def test_memoized_functions_of_the_same_name_in_two_modules_keep_their_own_results(mini, cache_dir, monkeypatch):
    from povlib.catalog.frames import per_catalog
    _use(mini, monkeypatch)

    def make(module, value):
        def twin():
            return (value,)
        twin.__module__ = module
        return per_catalog(twin)

    first, second = make("tests.one", "one"), make("tests.two", "two")
    assert (first(), second(), first()) == (("one",), ("two",), ("one",))
