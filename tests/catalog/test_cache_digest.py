"""The warm-load cache checks the sha256 of its payload before it unpickles it (issue 19, item 1)."""

from __future__ import annotations

import struct

import pandas as pd

import povlib
from povlib.catalog import cache
from povlib.catalog import loader as catalog


def _reload(layout) -> pd.DataFrame:
    """Load the facts as a new process would: nothing in memory, counters reset."""
    catalog._CACHE.clear()
    cache.STATS.clear()
    return povlib.load_facts(layout)


def test_a_changed_number_in_the_payload_is_never_used(mini, cache_dir, capsys):
    cold = povlib.load_facts(mini.layout)  # an empty cache: validated from the files, then written
    assert cache.STATS["written"] == 1
    (path,) = cache_dir.glob("catalog-*.pickle")
    value = cold.set_index("fact_id").loc["mini-2019-003", "value"]  # 127 villages, as the seed says
    data = path.read_bytes()
    packed = struct.pack(">d", value)  # how pickle stores a float (BINFLOAT)
    assert data.count(packed) >= 1
    path.write_bytes(data.replace(packed, struct.pack(">d", value + 1000), 1))  # the header is left alone
    capsys.readouterr()
    warm = _reload(mini.layout)
    pd.testing.assert_frame_equal(warm, cold)
    assert warm.set_index("fact_id").loc["mini-2019-003", "value"] == 127
    assert cache.STATS["hit"] == 0 and cache.STATS["damaged"] == 1 and cache.STATS["written"] == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "warning" in err and str(path) in err and "sha256" in err
    _reload(mini.layout)  # the rewritten file is whole again: a silent hit
    assert cache.STATS["hit"] == 1 and capsys.readouterr().err == ""


def test_the_header_carries_the_payload_sha256(mini, cache_dir):
    import hashlib

    povlib.load_facts(mini.layout)
    (path,) = cache_dir.glob("catalog-*.pickle")
    magic, key, digest, payload = path.read_bytes().split(b"\n", 3)
    assert magic.startswith(b"povlib-cache") and len(key) == 64
    assert digest.decode() == hashlib.sha256(payload).hexdigest()
