"""The manifest draft of a new seed: sha256, script, date, title, regions and boilerplate lines."""

from __future__ import annotations

import hashlib
import re

from opencc import OpenCC

from .repeats import Occurrences
from .periods import document_year

_T2S, _S2T = OpenCC("t2s"), OpenCC("s2t")
_DATE = (r"(?P<date>(?P<y>(?:19|20)\d\d)\s?[-年/.]\s?(?P<mo>\d{1,2})\s?[-月/.]\s?(?P<d>\d{1,2})(?!\d)(?:\s?[日号號]|/)?)"
         r"(?P<time>(?:[ \t\u3000]+|(?<=[日号號]))\d{1,2}:\d\d(?::\d\d)?(?!\d))?")
#: a date written day first (09.09.2020 05:30), as some sites print it
_DATE_DMY = (r"(?P<date>(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d))"
             r"(?P<time>[ \t\u3000]+\d{1,2}:\d\d(?::\d\d)?(?!\d))?")
#: white space, and list bullets that some pages set before their page fields (• 2020-03-12)
_PAD = r"[ \t\u3000\ufeff•·●▪◆■\-*]*"
#: a publication label is a word of its own, or follows a word that says the page was published
#: (发布时间, 更新日期, 信息来源); not 采访时间 or 会议时间, which date an event
_LABEL_START = (r"(?:(?<![\u4e00-\u9fff])|(?<=发布|發布|發佈|发表|發表|更新|信息|稿件|文章|新闻|新聞|上传|上傳|录入|錄入"
                r"|出版|刊发|刊發|发稿|發稿|编发|編發|创建|創建|添加))")
#: a labelled publication date: 发布时间:2021-01-15, 發布日期:2019-06-17 11:34:00
_PUBLISHED = re.compile(_LABEL_START + r"(?:发布|發布|發佈|发表|發表|日期|时间|時間|来源|來源)[^\n\d]{0,8}?[:：]?\s*" + _DATE)
#: unlabelled publication lines (whole lines): a date opening the line, then a time, the source
#: or nothing (2021-07-12 08:15  来源:绿源日报; 2020年3月16日  岚川省统计局); a date in brackets
#: with a short note ((2020年1月8日,根据录音整理)); the outlet, then the date
#: (云溪县融媒体中心 2020-01-09 17:42 编辑:李某 校对:王某)
_DATELINE = re.compile(r"^" + _PAD + _DATE + r"(?P<rest>[^\n]*)$")
_BRACKETED = re.compile(r"^" + _PAD + r"[（(]\s*" + _DATE + r"\s*(?:[,，、;；\s]\s*[^（）()。\n]{0,30})?[）)]" + _PAD + "$")
#: a newspaper's page line: 《 人民日报 》( 2018年02月07日 01 版)
_PAPER = re.compile(r"^" + _PAD + r"《[^《》\n]{1,20}》" + _PAD + r"[（(]\s*" + _DATE + r"\s*(?:第?\s*\d{1,3}\s*版)?\s*[）)]"
                    + _PAD + "$")
_OUTLET_FIRST = re.compile(r"^" + _PAD + r"(?P<source>[^\s\d]{2,20})[ \t\u3000]+" + _DATE + r"(?P<rest>[^\n]*)$")
#: page fields after a date: 编辑:李某 校对:王某 来源:…
_FIELDS = re.compile(r"(?:[ \t\u3000]*(?:责任编辑|責任編輯|编辑|編輯|校对|校對|审核|審核|作者|记者|記者|通讯员|通訊員"
                     r"|来源|來源)\s*[:：][ \t\u3000]*[^ \t\u3000]*)*[ \t\u3000]*")
#: how the name of an outlet or office ends (simplified script), and words no such name holds
_OUTLET_END = re.compile(r"(?:局|厅|委|办|办公室|部|院|中心|日报|晚报|时报|报社|新闻|在线|客户端|网|电视台|电台|政府|委员会|社|馆|处|集团|队|站|所)$")
_VERB = re.compile(r"召开|举行|举办|发布|印发|开展|组织|启动|完成|实现|出台|部署|通过|会议")
_DATELINE_MAX = 60    # characters: a longer line is a sentence, not a publication line
_BOILERPLATE = [
    (re.compile(r"不代表.{0,16}(?:观点|觀點|立场|立場)|未经(?:授权|许可)|未經(?:授權|許可)|禁止转载|禁止轉載|免责声明|免責聲明"
                r"|(?:转载|轉載).{0,12}(?:自行斟酌|真实性|真實性|版权|版權)|(?:真实性|真實性)自行"),
     "disclaimer of the site or of a mirror (转载, 不代表…观点, 免责声明)"),
    (re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上一條|下一條|上一页|下一页|上一頁|下一頁|上篇|下篇|前一篇|后一篇|後一篇)"
                r"|^(?:点击|點擊)?(?:加载更多|加載更多|載入更多|查看更多|阅读全文|閱讀全文|阅读原文|閱讀原文)"),
     "next or previous article, load more (上一篇, 下一篇, 加载更多)"),
    (re.compile(r"^[【\[(（]?\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|主编|主編|校对|校對|审核|審核|审校|審校)\s*[:：]"),
     "editor line (责编, 编辑)"),
    (re.compile(r"^(?:分享到|分享|转发到|轉發到|微信公众号|微信公眾號|官方微博|官方微信|扫码关注|掃碼關注|关注我们|關注我們|"
                r"扫一扫|掃一掃|微信|微博|收藏|打印本页|打印|关闭窗口|关闭|關閉|返回顶部|返回頂部)\s*[:：]?$"),
     "share, follow or print buttons"),
    (re.compile(r"ICP|备案号|備案號"), "ICP registration number"),
    (re.compile(r"\d{3,4}-\d{7,8}|电话|電話|联系|聯系|聯繫|Tel", re.I), "phone number / contact line"),
    (re.compile(r"首页|首頁|当前位置|當前位置|您的位置|>\s*\S+\s*>"), "site navigation"),
    (re.compile(r"版权所有|版權所有|Copyright|©|主办|主辦|承办|承辦|技术支持|技術支持|免责声明|免責聲明"),
     "site footer"),
    (re.compile(r"^(分享到|相关文章|相關文章|责任编辑|責任編輯|编辑|編輯|原标题|原標題|扫一扫|打印|关闭|返回)"),
     "page furniture (share, related articles, editor, original title)"),
    (re.compile(r"(发布日期|發布日期|发布时间|發布時間|来源|來源)\s*[:：]"), "publication date and source line"),
    (re.compile(r"@|www\.|https?://"), "e-mail or web address"),
    (re.compile(r"邮编|郵編|邮政编码|郵政編碼"), "address and postcode line"),
    (re.compile(r"网站标识码|網站標識碼|网站识别码|網站識別碼|公网安备|公網安備"),
     "site identifier or public-security registration (网站标识码, 公网安备)"),
    (re.compile(r"(?:分辨率|解析度).{0,15}(?:浏览|瀏覽)|(?:浏览|瀏覽).{0,15}(?:分辨率|解析度)"
                r"|(?:建议|建議)(?:使用|采用|採用).{0,30}(?:浏览器|瀏覽器)"), "browser note"),
    (re.compile(r"^[（(【\[]?\s*(?:本文|全文)共?\s*[约約]?\s*[\d,，]+\s*(?:余|餘|多)?\s*字\s*[）)】\]]?$"),
     "word count of the page"),
]
#: a related-links heading; the short lines right below it (up to a blank line) are link titles
_LINKS = re.compile(r"^(?:相关链接|相關鏈接|相關連結|相关文章|相關文章|相关阅读|相關閱讀|相关新闻|相關新聞)")
_LINE_MAX = 120       # characters: a longer line is body text, never boilerplate


def sha256(data: bytes) -> str:
    """Return the hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def detect_script(text: str) -> tuple[str, str]:
    """Return (script, basis): `traditional`, `simplified` or `mixed`, by how many characters
    OpenCC's t2s and s2t conversions change."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "mixed", "no Chinese characters"
    sample = "".join(han)
    trad = sum(a != b for a, b in zip(sample, _T2S.convert(sample)))
    simp = sum(a != b for a, b in zip(sample, _S2T.convert(sample)))
    share = trad / ((trad + simp) or 1)
    script = "traditional" if share >= 0.8 else "simplified" if share <= 0.2 else "mixed"
    return script, (f"OpenCC: t2s changes {trad} and s2t changes {simp} of {len(han)} Chinese characters "
                    f"({share:.0%} traditional-only)")


def detect_date(text: str) -> tuple[str, str, str]:
    """Return (date, date_basis, date_evidence): the date of a publication line when one is
    stated (labelled, 发布时间:2021-01-15, or an unlabelled line `date_line` recognises), else the
    document year `povlib.periods.document_year` infers ("" when there is none)."""
    found = _publication_date(text)
    if found:
        return found
    year, evidence = document_year(_T2S.convert(text))
    if year is None:
        why = evidence or "no publication line, no year in the text"
        return "", "inferred", (f"draft: no date found ({why}); write the date and the evidence, then date "
                                "by hand the facts that say 今年 or 目前")
    day = month_day(text)
    if day is not None:
        (mo, d), line = day
        return (f"{year}-{mo:02d}-{d:02d}", "inferred",
                f"draft: month and day from “{line}”; year inferred, {evidence}")
    return str(year), "inferred", f"draft: {evidence}"


#: a news dateline: the outlet (and place), then month, day and 电 or 讯 (中新网西宁1月22日电, 本報北京2月6日電,
#: 新华社武汉1月13日电, 每日甘肃网3月20日讯) at the start of a paragraph
_DATELINE_MD = re.compile(r"^" + _PAD + r"[^\s\d，,。:：]{2,16}?(?P<mo>\d{1,2})月(?P<d>\d{1,2})[日号]\s?(?:电|電|讯|訊)")
#: a publication line with month and day but no year: 10-18 15:03:11 来源:上游新闻
_PUBLISHED_MD = re.compile(r"^" + _PAD + r"(?P<mo>\d{1,2})-(?P<d>\d{1,2})[ \t\u3000]+\d{1,2}:\d\d(?::\d\d)?(?!\d)"
                           r"(?P<rest>[^\n]*)$")


def month_day(text: str) -> tuple[tuple[int, int], str] | None:
    """Return ((month, day), line) of the first dateline (中新网西宁1月22日电) or publication line
    with a time but no year (10-18 15:03:11 来源:上游新闻), or None. Only the month and day: the
    year comes from the text."""
    for line in text.split("\n"):
        for pattern in (_DATELINE_MD, _PUBLISHED_MD):
            m = pattern.match(line)
            if m is None or not (1 <= int(m.group("mo")) <= 12 and 1 <= int(m.group("d")) <= 31):
                continue
            if pattern is _PUBLISHED_MD and _FIELDS.fullmatch(m.group("rest")) is None:
                continue
            shown = m.group().strip() if pattern is _DATELINE_MD else line.strip()
            return (int(m.group("mo")), int(m.group("d"))), shown
    return None


def is_publication_line(line: str) -> bool:
    """Return True when a line is a publication line: one `date_line` recognises, a page line of
    month and day with a time (10-18 15:03:11 来源:上游新闻), or a short line (no 。) holding a
    labelled publication date (发布时间:2021-01-15 来源:…)."""
    body = line.strip()
    if date_line(body):
        return True
    md = _PUBLISHED_MD.match(body)
    if md and _FIELDS.fullmatch(md.group("rest")) is not None:
        return True
    return len(body) <= _LINE_MAX and "。" not in body and any(_valid(m) for m in _PUBLISHED.finditer(body))


def publication_free(line: str) -> str:
    """Return `line` without the news dateline that opens it (中新网西宁1月22日电) and without any
    labelled publication date in it (发布时间:2021-01-15): the sentences around them stay."""
    line = _DATELINE_MD.sub("", line, count=1)
    return _PUBLISHED.sub("", line)


def _publication_date(text: str) -> tuple[str, str, str] | None:
    """Return (date, "stated", evidence) of the first labelled publication date, else of the
    first unlabelled publication line (`date_line`); None when there is neither. The evidence
    is the labelled line up to the end of the date and its time, or the whole unlabelled line."""
    m = next((m for m in _PUBLISHED.finditer(text) if _valid(m)), None)
    if m is not None:
        end = m.end("time") if m.group("time") else m.end("date")
        return _iso(m), "stated", text[text.rfind("\n", 0, m.start()) + 1:end].strip()
    for line in text.split("\n"):
        m = date_line(line.strip())
        if m is not None:
            return _iso(m), "stated", line.strip()
    return None


def _iso(m: re.Match) -> str:
    return f"{m.group('y')}-{int(m.group('mo')):02d}-{int(m.group('d')):02d}"


def _valid(m: re.Match) -> bool:
    """True when a matched date has a month 1-12 and a day 1-31."""
    return 1 <= int(m.group("mo")) <= 12 and 1 <= int(m.group("d")) <= 31


def date_line(line: str) -> re.Match | None:
    """Return the date match when a stripped line is a publication line, else None: a short line
    (no 。) that opens with a date followed by a time, the source (来源:…, or an outlet's name set
    off by spaces: 岚川省统计局), page fields (编辑:…) or nothing; a bracketed date with a short
    note ((2020年1月8日,根据录音整理)); or an outlet's name, then the date with a time or page
    fields; or a newspaper's page line (《 人民日报 》( 2018年02月07日 01 版)). A sentence that starts
    with a date is none of these."""
    if not line or len(line) > _DATELINE_MAX or "。" in line:
        return None
    for pattern in (_DATELINE, _BRACKETED, _PAPER, _OUTLET_FIRST):
        m = pattern.match(line)
        if m and _valid(m) and _dated_as(pattern, m):
            return m
    return _page_line(line)


_DATE_IN = re.compile(_DATE)
_DMY_IN = re.compile(_DATE_DMY)
#: page fields: a label and its value (来源:新华社, 作者 :田某, 围观 :), the value up to white space or a bar
_FIELD = re.compile(r"(?:责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|作者|记者|記者|通讯员|通訊員|摄影|攝影|来源|來源"
                    r"|出处|出處|发布|發布|發佈|时间|時間|日期|围观|圍觀|评论|評論|阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問|字号|字號"
                    r"|字体|字體|分享)[\u4e00-\u9fff]{0,3}\s*[:：]\s*[^\s|•]*")
#: a web address or a site's domain
_ADDRESS = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/[\w./-]*)?")
#: counters, buttons and the weekday of a page line: 0 条评论, 1234次, 字号 T大字 T小字, 大 中 小, 打印, 收藏, 星期三
_WIDGETS = re.compile(r"\d+\s*(?:条评论|條評論|次|人阅读|人閱讀|人浏览)|T?[大中小]字?|打印|收藏|分享|评论|評論|围观|圍觀"
                      r"|(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]"
                      r"|阅读|閱讀|参与互动|參與互動|\d{1,3}\s*版|第\s*\d{1,3}\s*版")


#: what sets a date off from the fields around it: nothing (the line's end), white space, a bar,
#: a bullet or a bracket (2020年3月16日岚川省统计局 runs on into a name: a sentence, not a page line)
_SEPARATE = r"$|[\s|•·●▪\[\]【】（）()]"


def _page_fields_only(rest: str) -> bool:
    """True when `rest`, what a line holds besides its date and time, is all page furniture: page
    fields (来源:…, 作者 :…, 围观 :), outlets' names (中国新闻网, 县融媒体中心), web addresses, counters
    and buttons, set off by white space, bars, bullets or brackets."""
    rest = _GLOSS.sub("", rest)
    rest = _FIELD.sub(" ", rest)
    rest = _ADDRESS.sub(" ", rest)
    words = [w for w in re.split(r"[\s|•·●▪\[\]【】（）()/\-—,，]+", rest) if w]
    return all(_WIDGETS.fullmatch(w) or _is_outlet(w) for w in words)


def _page_line(line: str) -> re.Match | None:
    """Return the date match of a line that holds a full date (2020-11-12, 2019/03/20/, 09.09.2020,
    2021年03月15日09:20) with or without a time, and besides it only page furniture
    (`_page_fields_only`): 作者 :田某 2020-11-12 12:36:21 围观 : 评论, 中国网 www.example.cn
    2015-03-05 18:38 来源: 新华社, • 2020-03-12; else None."""
    for pattern in (_DATE_IN, _DMY_IN):
        for m in pattern.finditer(line):
            apart = re.match(_SEPARATE, line[m.end():m.end() + 1]) and re.fullmatch(_SEPARATE, line[m.start() - 1:m.start()])
            if _valid(m) and apart and _page_fields_only(line[:m.start()] + " " + line[m.end():]):
                return m
    return None


def _dated_as(pattern: re.Pattern, m: re.Match) -> bool:
    """True when the rest of a date line matched by `pattern` is what a publication line holds."""
    if pattern is _BRACKETED or pattern is _PAPER:
        return True
    rest = m.group("rest")
    if pattern is _OUTLET_FIRST:
        return _is_outlet(m.group("source")) and _FIELDS.fullmatch(rest) is not None
    if m.group("time") or not rest.strip() or re.match(r"来源|來源", rest.strip()) or _FIELDS.fullmatch(rest):
        return True
    if 1 < len(rest.split()) <= 3 and all(_is_outlet(part) for part in rest.split()):
        return True   # 2022年3月18日  青岭省统计局  国家统计局青岭调查总队: offices publishing together
    name = re.match(r"[ \t\u3000]+(?P<name>[^\s]+)", rest)
    return bool(name) and _is_outlet(name.group("name")) and _FIELDS.fullmatch(rest[name.end():]) is not None


def _is_outlet(name: str) -> bool:
    """True when `name` reads as the name of an outlet or office (岚川省统计局, 云溪县融媒体中心)."""
    name = _T2S.convert(name)
    return (2 <= len(name) <= 20 and not re.search(r"[\d,，。;；:：、()（）“”\"'!！?？]", name)
            and _OUTLET_END.search(name) is not None and not _VERB.search(name))


#: pinyin glosses some mirrors insert after a character: 統(tǒng), 責(zé)編
_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
#: a row of links: four or more short items between | bars (关于我们 | 联系我们 | …, 镇坪县| 四会市| …)
_LINK_ROW = re.compile(r"^\|?(?:[^|\n]{1,16}\|){3,}[^|\n]{0,16}$|^\|[^|\n。]{1,16}\|?$")
_COUNTER = re.compile(r"^\d{1,7}$")   # a line holding only a number right below the publication line
_FOLLOW = "share, follow or print buttons"
_HEAD_LINES = 8   # non-blank lines above the body that may hold copies of the page title


def boilerplate(text: str) -> list[dict]:
    """Return the lines that look like site furniture, each {quote, reason[, occurrence]}: lines
    a furniture pattern matches (disclaimers, share and follow buttons, next or previous article,
    load more, editor and source lines, rows of links), the publication line, a lone number
    right below it (a page counter), the page title's copies above the article's own headline,
    the site name right above a follow label, and a related-links heading with the link titles
    right below it."""
    out, in_links, offset, occurrences = [], False, 0, Occurrences(text)
    lines = text.split("\n")
    copies = _title_copies(lines)
    since_dateline = None   # non-blank lines since the publication line
    for i, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        quote = line.rstrip("\r")
        body = quote.strip()
        reason = _furniture(body)
        if reason is None and since_dateline is not None and since_dateline < 2 and _COUNTER.match(body):
            reason = "a lone number below the publication line (a page counter)"
        if reason is None and body and len(body) <= 20 and "。" not in body and not re.search(r"\d", body):
            following = next((x.strip() for x in lines[i + 1:] if x.strip()), "")
            if _furniture(following) == _FOLLOW and not re.match(r"分享|转发|轉發|打印|关闭|關閉|返回|收藏", following):
                reason = "the site's name above a follow label (微信公众号, 官方微博)"
        if reason is None and i in copies:
            reason = "a copy of the page title above the article's own headline"
        if body:
            since_dateline = 0 if reason and date_line(body) else None if since_dateline is None else since_dateline + 1
        if _LINKS.match(body) and len(body) <= 60:
            reason, in_links = "related-links heading (相关链接, 相关文章)", True
        elif in_links and reason is None and body and "。" not in body and len(body) <= 60:
            reason = "a link title under a related-links heading"
        else:
            in_links = False
        if reason is None:
            continue
        item = {"quote": quote, "reason": f"draft: {reason}"}
        occurrence = occurrences.of(quote, start)
        if occurrence:
            item["occurrence"] = occurrence
        out.append(item)
    return out


def _title_copies(lines: list[str]) -> set[int]:
    """Return the indexes of the lines, above the first body sentence, that repeat a later line
    of that stretch word for word: a page title shown again above the article's own headline
    (the last copy is the headline)."""
    head = []
    for i, line in enumerate(lines):
        if "。" in line or len(head) >= _HEAD_LINES:
            break
        if line.strip():
            head.append((i, line.strip()))
    return {i for k, (i, body) in enumerate(head) if any(body == other for _, other in head[k + 1:])}


def _furniture(line: str) -> str | None:
    """Return why a stripped line is site furniture, or None."""
    line = _GLOSS.sub("", line)
    if line and _LINK_ROW.match(line):
        return "a row of site links between | bars"
    if not line or len(line) > _LINE_MAX:
        return None
    for pattern, reason in _BOILERPLATE:
        if pattern.search(line):
            return reason
    if date_line(line):
        return "publication date and source line"
    return None


def detect_title(text: str, furniture: list[dict]) -> str:
    """Return the first line above the first body sentence (a line with 。) that is neither
    furniture nor a sentence, or "": a title is never taken from below the body (a footer, a
    closing source line such as 据新华社)."""
    skip = {b["quote"].strip() for b in furniture if not b.get("occurrence")}
    taken = {(b["quote"].strip(), b["occurrence"]) for b in furniture if b.get("occurrence")}
    seen: dict[str, int] = {}
    for line in text.split("\n"):
        line = line.strip().lstrip("\ufeff")   # a byte-order mark is not part of the title
        if "。" in line:
            break
        seen[line] = seen.get(line, 0) + 1
        if line and line not in skip and (line, seen[line]) not in taken and 4 <= len(line) <= 60:
            return line
    return ""


def region_names(regions: dict[str, dict]) -> list[tuple[str, str]]:
    """Return (simplified name, key) pairs for every region, with short forms (昭通 for 昭通市),
    longest first."""
    suffixes = ("藏族自治州", "彝族自治州", "土家族自治县", "自治州", "自治县", "省", "市", "州", "县", "区", "镇", "乡")
    pairs = set()
    for key, row in regions.items():
        name = _T2S.convert(row["name_zh"])
        pairs.add((name, key))
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                pairs.add((name[: -len(suffix)], key))
                break
    return sorted(pairs, key=lambda p: (-len(p[0]), p))


def main_regions(text: str, regions: dict[str, dict]) -> list[str]:
    """Return the region keys the document names most (prefectures, provinces, counties), most
    named first: at most three, each named at least three times."""
    folded = _T2S.convert(text)
    counts: dict[str, int] = {}
    for name, key in region_names(regions):
        if regions[key]["level"] in ("province", "prefecture", "county"):
            counts[key] = counts.get(key, 0) + folded.count(name)
    ranked = sorted((k for k, c in counts.items() if c >= 3), key=lambda k: (-counts[k], k))
    return ranked[:3]


def manifest(source_id: str, file: str, data: bytes, text: str, regions: dict[str, dict]) -> tuple[dict, dict]:
    """Return (manifest fields, basis notes) for a new seed; every field is a draft to review."""
    script, script_basis = detect_script(text)
    date, date_basis, evidence = detect_date(text)
    furniture = boilerplate(text)
    keys = main_regions(text, regions)
    fields = {
        "source_id": source_id, "file": file, "sha256": sha256(data), "status": "draft",
        "title": detect_title(text, furniture), "title_en": "", "outlet": "", "outlet_en": "",
        "date": date, "date_basis": date_basis, "date_evidence": evidence, "script": script,
        "regions": keys, "description": "", "boilerplate": furniture,
    }
    notes = {"script": script_basis, "title": "first line that is not furniture and not a sentence",
             "regions": "regions of the tables the text names at least three times" if keys else
             "no known region named three times: add the document's regions to the tables"}
    return fields, notes
