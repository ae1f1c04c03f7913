"""Clean text pasted out of PDFs into the text the model reads, with an offset map.

Every character of the clean text remembers the index of the original
character it came from, so entities found in the clean text report their
offsets in the original input too.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

# one character in, one character out: offsets do not move
_CHAR_MAP = {
    "\u201a": "“", "\u201b": "”",  # PDF-broken quotes ‚四个意识‛
    "\u3000": " ", "\u00a0": " ", "\ufeff": "",
    "％": "%", "＋": "+", "－": "-", "．": ".", "，": "，",
}
_CHAR_MAP.update({chr(0xFF10 + i): str(i) for i in range(10)})  # full-width digits
_CHAR_MAP.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_CHAR_MAP.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})

# traditional characters of the words rules match (measure words, headers, units), one to one, so offsets
# do not move; used to fold text for matching only: the text itself is never changed
_TRAD = str.maketrans("單萬億數預執項經費員額資實際績評權總計劃專標達準個場條張臺戶間筆輛畝噸頃課學種類處塊算行金撥付結轉餘當財政滿意確統級補助發獲農機購貼覆蓋時務質與產據調劑採納"
                      # … of organization names (財政廳, 衛生健康委員會, 縣人民政府) and money nouns (債券, 獎勵, 造價)
                      "廳衛會縣區鎮鄉廣東陽師業國黨環態門開電視檢醫協聯辦審優殘婦團書傳園圖館藥監營貿龍遼寧蘇陝貴慶興華嶺灣鄭瀋濟約債獎價",
                      "单万亿数预执项经费员额资实际绩评权总计划专标达准个场条张台户间笔辆亩吨顷课学种类处块算行金拨付结转余当财政满意确统级补助发获农机购贴覆盖时务质与产据调剂采纳"
                      "厅卫会县区镇乡广东阳师业国党环态门开电视检医协联办审优残妇团书传园图馆药监营贸龙辽宁苏陕贵庆兴华岭湾郑沈济约债奖价")


def fold_traditional(text: str) -> str:
    """``text`` with the traditional characters rules look for written simplified (same length)."""
    return text.translate(_TRAD)

_CJK = r"[\u3400-\u9fff“”（）《》、。，；：]"
# ASCII punctuation written between Chinese characters becomes full-width
_ASCII_PUNCT = re.compile(rf"(?<={_CJK})[ ]*([,;:?!()])[ ]*(?={_CJK}|$)|(?<={_CJK})([,;:()])(?=[ ]*[0-9])", re.M)
_PUNCT_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

_PAGE_MARKER = re.compile(r"^[ \t]*(?:[—–\-－]+[ \t]*\d{1,4}[ \t]*[—–\-－]+|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*共[ \t]*\d+[ \t]*页)?)[ \t]*$", re.M)
_HTML_TAG = re.compile(r"</?(?:p|br|span|div|strong|b|i|u|em|font)(?:\s[^<>]*)?/?>", re.I)
_HTML_ENTITY = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
_TERMINAL = "。！？；：!?;:…】>"
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)|附件)")
_NUMERIC_BREAK = re.compile(
    r"(?<=[0-9万亿千百])[ ]*\n(?:[ ]*\n)?[ ]*(?=[万亿元%千百个件次篇场名项期批条家张分]|人次)"
    r"|(?<=[0-9][.,])[ ]*\n(?:[ ]*\n)?[ ]*(?=[0-9])")


@dataclass(frozen=True)
class CleanText:
    """The clean text and, for each of its characters, the original index."""

    text: str
    offsets: list[int]  # len(text) + 1 entries; the last one is len(original)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span ``[start, end)`` to the original text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_original(self, start: int, end: int) -> tuple[int, int] | None:
        """Map an original span to the clean text; None when its edges were cleaned away or merged."""
        if not hasattr(self, "_inverse"):
            first: dict[int, int] = {}
            last: dict[int, int] = {}
            for i, o in enumerate(self.offsets[:-1]):
                first.setdefault(o, i)
                last[o] = i
            object.__setattr__(self, "_inverse", (first, last))
        first, last = self._inverse  # type: ignore[attr-defined]
        s, e = first.get(start), last.get(end - 1)
        if s is None or e is None or e < s:
            return None
        return s, e + 1


def _rewrite(text: str, offsets: list[int], pattern: re.Pattern[str],
             repl: Callable[[re.Match[str]], str]) -> tuple[str, list[int]]:
    """Apply a regex substitution and carry the offset map along.

    A replacement of the same length keeps each character's origin; a shorter
    or longer one maps all its characters to the start of the match.
    """
    parts: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        parts.append(text[pos:m.start()])
        new_offsets.extend(offsets[pos:m.start()])
        rep = repl(m)
        parts.append(rep)
        if len(rep) == m.end() - m.start():
            new_offsets.extend(offsets[m.start():m.end()])
        else:
            new_offsets.extend([offsets[m.start()]] * len(rep))
        pos = m.end()
    parts.append(text[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(parts), new_offsets


def _numeric_join(text: str, m: re.Match[str]) -> str:
    """Join a number broken over lines, but never two table rows (lines with tabs)."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    next_end = text.find("\n", m.end())
    if "\t" in text[line_start:m.start()] or "\t" in text[m.end():next_end if next_end >= 0 else len(text)]:
        return m.group()
    return ""


def _typical_line_length(text: str) -> int:
    lengths = [len(line.strip()) for line in text.split("\n") if len(line.strip()) > 10 and "\t" not in line]
    return int(statistics.median(lengths)) if len(lengths) >= 5 else 10**6


def clean_text(raw: str) -> CleanText:
    """Return the text the model reads, with its map back to ``raw``.

    Steps: CRLF to LF; PDF page markers removed; HTML tags in table cells
    removed; broken quotes, full-width digits/letters and stray ASCII
    punctuation normalized; hard line breaks inside sentences and inside
    numbers joined; trailing spaces at line ends dropped.
    """
    text = raw
    offsets = list(range(len(raw)))
    text, offsets = _rewrite(text, offsets, re.compile(r"\r\n?"), lambda m: "\n")
    text, offsets = _rewrite(text, offsets, _PAGE_MARKER, lambda m: "")
    text, offsets = _rewrite(text, offsets, _HTML_TAG, lambda m: "")
    text, offsets = _rewrite(text, offsets, re.compile("|".join(_HTML_ENTITY)), lambda m: _HTML_ENTITY[m.group()])
    # 1:1 character normalization keeps offsets; only the BOM is dropped
    text, offsets = _rewrite(text, offsets, re.compile("[" + "".join(_CHAR_MAP) + "]"),
                             lambda m: _CHAR_MAP[m.group()])
    text, offsets = _rewrite(text, offsets, _ASCII_PUNCT,
                             lambda m: _PUNCT_FULL[m.group(1) or m.group(2)])
    # a line holding only a tab is an empty cell of a one-cell-per-line table: keep it
    text, offsets = _rewrite(text, offsets, re.compile(r"(?<=\S)[ \t]+(?=\n|$)|^ +(?=\n|$)", re.M), lambda m: "")
    text, offsets = _rewrite(text, offsets, _NUMERIC_BREAK, lambda m: _numeric_join(text, m))
    text, offsets = _join_wrapped_lines(text, offsets)
    offsets.append(len(raw))
    return CleanText(text, offsets)


_ROW_END = re.compile(r"(?:\d|%|[-－—/])$")
# a PDF wraps prose at the page width, some 25-40 characters; shorter lines are cells of a table flattened
# one cell per line (绍兴二院兰亭院区(康复医院)工程 | 其他项目收益专项债券), never joined
_MIN_WRAPPED = 20
# the start of a self-evaluation form's row (a field label, a row of the funding or indicator block): a line
# that begins so is a new row, not the rest of a wrapped sentence
_FORM_ROW = re.compile(
    r"^\s*(?:(?:项目|专项|转移支付|资金|政策)(?:[（(](?:项目|政策)[)）])?(?:名称|全称)"
    r"|(?:中央|地方|省级|自治区|市级|县级|项目)?主管(?:部门|单位)|实施单位"
    r"|资金使用单位|项目资金|资金情况|年度资金总额|绩效指标|一级指标|产出指标|效益指标|满意度指标|成本指标"
    r"|(?:年度)?总体目标|项目负责人|填报单位|预算单位)"
    # … followed by its cell, a bracket, a colon or the next header word (not by the rest of a sentence)
    r"(?=[\s:：（(]|$|一级|二级|三级|年度|全年|数量|质量|时效|成本|经济|社会|生态|可持续|服务对象)")
# a line that ends with a column header of such a form: the cells below are not its sentence
_FORM_HEAD_END = re.compile(r"(?:完成情况|总体目标|预期目标|指标值|完成值|改进措施|执行率|预算数|执行数|得分|分值)$")
_WIDE_GAP = re.compile(r"\S {2,}\S")


def _table_row(line: str) -> bool:
    """A flattened table row (pipes, cells apart by wide spaces, a value or empty-cell dash at its end)."""
    body = line.rstrip()
    return "|" in body or bool(_WIDE_GAP.search(body)) or bool(_ROW_END.search(body) and " " in body)


def _join_wrapped_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Join lines a PDF wrapped inside a sentence; keep paragraph and table breaks.

    A break is joined when the line before it is about as long as the
    document's typical full line and does not end a sentence, and the next
    non-blank line is not a heading; table lines (with tabs) are never joined,
    nor the rows of a form flattened one row per line (``中央主管部门 …`` after
    ``专项(项目)名称 …``; a line ending with a column header such as 全年实际完成情况).
    """
    width = _typical_line_length(text)
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    keep = [True] * len(text)  # which characters survive
    i = 0
    while i < len(lines) - 1:
        line = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines):
            break
        nxt = lines[j]
        body = line.strip()
        if (body and "\t" not in line and "\t" not in nxt and body[-1] not in _TERMINAL
                and len(body) >= max(0.8 * width, _MIN_WRAPPED) and not _HEADING.match(nxt)
                and not _table_row(line) and not _table_row(nxt)
                and not _FORM_ROW.match(nxt) and not _FORM_HEAD_END.search(body)):
            # drop the line break(s), blank lines and the next line's indentation
            cut_from = starts[i] + len(line)
            cut_to = starts[j] + (len(nxt) - len(nxt.lstrip()))
            for k in range(cut_from, cut_to):
                keep[k] = False
        i = j
    new_text = "".join(c for c, k in zip(text, keep) if k)
    new_offsets = [o for o, k in zip(offsets, keep) if k]
    return new_text, new_offsets
