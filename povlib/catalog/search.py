"""Script-independent search over facts and source passages.

Query and texts are both folded to simplified Chinese with OpenCC (`t2s`), so a simplified
query finds traditional text and a traditional query finds simplified text.
"""

from __future__ import annotations

import pandas as pd

from . import loader as catalog
from ..exceptions import PovlibError
from .layout import Layout
from .scripts import fold
from .sources import SpanIndex

RESULT_COLUMNS = ["kind", "source_id", "fact_id", "line", "offset", "text"]


def search(text: str, layout: Layout | None = None) -> pd.DataFrame:
    """Return facts and source passages matching `text` in either script.

    Columns: kind ('fact' or 'passage'), source_id, fact_id (facts only), line (1-based line of
    the seed), offset (character offset of the quote or line), text (quote or line, verbatim).
    Facts match on quote, raw, region, indicator or note; passages are seed lines outside
    boilerplate.
    """
    query = fold(text.strip())
    if not query:
        raise PovlibError("search text is empty: give a word or number to look for, e.g. povlib search 贫困发生率")
    cat = catalog.load(layout)
    rows = []
    for f in cat.facts.values():
        if f.get("status") == "draft":
            continue  # a draft is not a fact yet; its text is still found as a passage
        hay = " ".join([f["quote"], f["raw"], f["region"], f["indicator"], f["note"]])
        if query in fold(hay):
            text_ = cat.sources[f["source_id"]].text
            rows.append(["fact", f["source_id"], f["fact_id"], text_.count("\n", 0, f["quote_start"]) + 1,
                         f["quote_start"], f["quote"]])
    for sid, src in sorted(cat.sources.items()):
        offset, in_boilerplate = 0, SpanIndex(src.boilerplate)
        for number, line in enumerate(src.text.split("\n"), 1):
            if line.strip() and query in fold(line) and not in_boilerplate(offset, offset + len(line)):
                rows.append(["passage", sid, "", number, offset, line.strip()])
            offset += len(line) + 1
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)
