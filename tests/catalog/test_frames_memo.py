"""The loaders build each frame once per validated catalog: callers get their own copies, and an
edited input file gives fresh frames."""

from povlib.catalog import frames


def test_a_callers_changes_do_not_reach_the_next_caller(mini, cache_dir):
    first = frames.load_facts(mini.layout)
    first.loc[first.index[0], "value"] = -12345.0
    again = frames.load_facts(mini.layout)
    assert -12345.0 not in set(again["value"])
    assert again is not first


def test_an_edited_facts_file_gives_a_fresh_frame(mini, cache_dir):
    before = frames.load_facts(mini.layout)
    data = mini.read()
    data["facts"][0]["note"] = "edited after the first load"
    mini.write(data)
    after = frames.load_facts(mini.layout)
    fid = data["facts"][0]["id"] if "id" in data["facts"][0] else data["facts"][0]["fact_id"]
    assert "edited after the first load" not in set(before["note"])
    assert after.loc[after["fact_id"] == fid, "note"].iloc[0] == "edited after the first load"


def test_the_frame_is_built_once_while_the_catalog_is_current(mini, cache_dir, monkeypatch):
    calls = []
    build = frames.per_catalog(lambda layout=None: calls.append(1) or {"n": len(calls)})
    assert build(layout=mini.layout) == {"n": 1} and build(layout=mini.layout) == {"n": 1}
    assert len(calls) == 1
