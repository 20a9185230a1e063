"""Seeds and manifests: hash verification, quote location, boilerplate."""

import pytest

import povlib
from povlib.exceptions import DataError, SeedError
from povlib.catalog.sources import locate


def test_edited_seed_fails_with_hash_error(mini):
    seed = mini.root / "seeds" / "mini.txt"
    seed.write_bytes(seed.read_bytes().replace("127".encode(), "128".encode()))
    with pytest.raises(SeedError, match=r"sha256.*restore it with `git checkout -- seeds/mini.txt`"):
        povlib.load_facts(mini.layout)


@pytest.mark.parametrize("damage", ["edit", "delete"])
def test_a_damaged_seed_is_one_error_with_a_fix_that_works_in_a_checkout(mini, damage):
    from povlib.catalog import loader as catalog
    seed = mini.root / "seeds" / "mini.txt"
    if damage == "edit":
        seed.write_bytes(seed.read_bytes() + b"\n")
    else:
        seed.unlink()
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    assert len(errors) == 1, errors  # no second "no valid manifest" / "no manifest" error
    assert "git checkout -- seeds/mini.txt" in errors[0] and "shared/" not in errors[0]


def test_seed_without_manifest_is_an_error(mini):
    (mini.root / "seeds" / "extra.txt").write_text("新文件", encoding="utf-8")
    with pytest.raises(SeedError, match="extra.txt.*no valid manifest"):
        povlib.load_sources(mini.layout)


def test_manifest_with_bad_script_names_file_and_fix(mini):
    path = mini.root / "seeds" / "mini-2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("script: mixed", "script: cursive"), encoding="utf-8")
    with pytest.raises(DataError, match=r"mini-2019.yaml.*script 'cursive' invalid"):
        povlib.load_sources(mini.layout)


def test_locate_requires_occurrence_for_repeated_quote():
    text = "甲乙丙甲乙"
    with pytest.raises(LookupError, match="occurs 2 times"):
        locate(text, "甲乙", None)
    assert locate(text, "甲乙", 2) == 3


def test_locate_explains_a_script_mismatch():
    with pytest.raises(LookupError, match="script is ignored"):
        locate("貧困發生率", "贫困发生率", None)


def test_numbers_in_boilerplate_need_no_account(mini):
    cov = povlib.load_coverage(mini.layout).set_index("source_id").loc["mini-2019"]
    assert cov["percent"] == 100.0
    # the phone number 0870-2121765 lies in boilerplate; dropping the span makes it count
    path = mini.root / "seeds" / "mini-2019.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  - quote: "联系电话:0870-2121765"\n    reason: "contact line"\n', ""), encoding="utf-8")
    assert povlib.load_coverage(mini.layout).set_index("source_id").loc["mini-2019", "uncovered"] == 2


def test_sources_frame_has_manifest_fields(mini):
    row = povlib.load_sources(mini.layout).iloc[0]
    assert row["source_id"] == "mini-2019" and row["file"] == "mini.txt" and row["script"] == "mixed"


def test_locate_counts_overlapping_occurrences():
    assert locate("一一一", "一一", 2) == 1  # str.find from the next character, like a regex lookahead
    with pytest.raises(LookupError, match="occurs 2 times"):
        locate("一一一", "一一", None)
