"""Chinese inside English pages: every Chinese phrase in an element with `lang="zh-Hans"` or
`lang="zh-Hant"` (its script), so browsers, screen readers and the PDF pick the right font and
voice. Light: no pandas, so the landing page can use it on a no-op build.
"""

from __future__ import annotations

import html
import re

from ..catalog.scripts import fold

#: Han characters, CJK punctuation and full-width forms: what `lang_spans` marks as Chinese
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK = _HAN + "\u3000-\u303f\uff00-\uffef“”‘’《》·"
_ZH_RUN = re.compile(f"[{_CJK}]+(?:[0-9０-９.,%:：\\-+×/ ]*[{_CJK}]+)*")
HAN_CHAR = re.compile(f"[{_HAN}]")


def script_of(text: str) -> str:
    """Return 'zh-Hant' when `text` has a character OpenCC writes differently in simplified
    Chinese, else 'zh-Hans' (the language tag of a Chinese span)."""
    han = "".join(HAN_CHAR.findall(text))
    return "zh-Hant" if han and fold(han) != han else "zh-Hans"


def zh(text: str, script: str | None = None) -> str:
    """Return `text` HTML-escaped inside <span lang="zh-Hans|zh-Hant">; `script` is 'simplified',
    'traditional' or a tag, else it is read from the characters (see `script_of`)."""
    tag = {"simplified": "zh-Hans", "traditional": "zh-Hant"}.get(str(script), script) or script_of(text)
    return f'<span lang="{tag}">{html.escape(text)}</span>'


def lang_spans(text: str, script: str | None = None) -> str:
    """Return plain `text` HTML-escaped, with every run of Chinese in a `zh` span, so an English
    page declares each Chinese phrase ('Tongren <span lang="zh-Hans">铜仁市</span>')."""
    out, last = [], 0
    for m in _ZH_RUN.finditer(text):
        out += [html.escape(text[last:m.start()]), zh(m.group(0), script)]
        last = m.end()
    return "".join(out) + html.escape(text[last:])


def join_and(items) -> str:
    """Return the items as English prose: 'a', 'a and b' or 'a, b and c' ('' for none)."""
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)
