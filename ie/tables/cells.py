"""Cut a report's text into cells, whatever the flattening, and read value cells.

A table flattened into text keeps its cells in reading order but loses its
grid: pipes, tabs, ideographic or runs of spaces, one cell per line, or no
separator at all. :func:`split_cells` turns every line into cells by the
separators it has, splits runs of value tokens written with single spaces,
and cuts glued text at the form's vocabulary (``年度资金总额``, ``全年预算数（A）``
…) and at the edges of numeric runs. The grid is rebuilt later from the
order of the cells (:mod:`ie.tables.forms`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..numerals.units import KNOWN_UNITS
from .vocabulary import Vocabulary

_AR = "0-9０-９"
_NUMBER = rf"-?[{_AR}]+(?:[,，][{_AR}]{{3}})*(?:[.．][{_AR}]+)?"
# digits damaged by OCR or masks (1O0, 3■5.6, 12,34): a value cell whose number cannot be read
_DAMAGED = rf"[{_AR}](?:[{_AR},，.．]*[O■*][{_AR}■*,，.．]*|[{_AR}]*[,，][{_AR}]{{1,2}}(?![{_AR}]))"
_CN_NUMBER = "[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩点點]+"
_SPACED = rf"[{_AR}]{{1,3}}(?: [{_AR}]{{3}})+(?:[.．][{_AR}]+)?|{_CN_NUMBER[:-1]}(?: {_CN_NUMBER[:-1]})+"
_CMP = r"(?:>=|<=|≥|≤|≧|≦|>|<|＞|＜|=|＝|不低于|不少于|不高于|不超过|大于等于|小于等于|大于|小于|约)"
# units as a value cell writes them (compound: 元/人*月, 元/户·年)
_UNITS = sorted((u for u in KNOWN_UNITS if u), key=len, reverse=True)
_UNIT = "(?:" + "|".join(re.escape(u) for u in _UNITS) + r"|百分比)(?:[/／][\u4e00-\u9fff]{1,3}(?:[*·•、][\u4e00-\u9fff]{1,2})?)?"
_VALUE = re.compile(rf"^(?P<cmp>{_CMP})?\s*(?P<num>{_NUMBER}|{_CN_NUMBER}|{_DAMAGED}|{_SPACED})\s*(?P<unit>{_UNIT})?\s*(?P<tail>以上|以下|以内|左右)?$")
# a run of value tokens glued to each other or to text (10≥266米≥266米10, 40004000100%)
_RUN = re.compile(rf"(?:{_CMP}?\s*-?[{_AR}][{_AR},，.．]*\s*(?:{_UNIT})?)+")
_DATE_UNIT = re.compile(r"^[年月日号届期]")


@dataclass(frozen=True)
class Cell:
    """One cell: offsets into the text (white space trimmed), its text and its line.

    ``gap`` counts the empty cells (blank between pipes or tabs, or written as
    ``—``, ``/``) right before this one: they are dropped from the cells but
    still hold a column. ``None`` where the layout cannot tell (cells cut at
    single spaces or glued text with no empty cell seen).
    """

    start: int
    end: int
    text: str
    line: int
    gap: int | None = None


@dataclass(frozen=True)
class Value:
    """A value cell read: where its number and unit sit, relative to the cell."""

    approx_word: str | None   # the comparison or approximator written in the cell
    num_start: int
    num_end: int              # the number alone (a bare table number)
    span_end: int             # the number and its unit (the quantity span)
    unit: str | None


def read_value(text: str) -> Value | None:
    """The value a cell holds (``≥50个``, ``100%``, ``2318.88``, ``两万五``), or None for text."""
    m = _VALUE.match(text)
    if not m:
        return None
    unit = m.group("unit")
    if unit and _DATE_UNIT.match(unit):
        return None
    num = m.group("num")
    if not re.search(rf"[{_AR}]", num) and len(num) < 2 and not unit:
        return None  # a lone 十 or 一 in a cell is text
    end = m.end("unit") if unit else m.end("num")
    return Value(m.group("cmp"), m.start("num"), m.end("num"), end, unit)


def _cell(text: str, start: int, end: int, line: int) -> Cell | None:
    raw = text[start:end]
    body = raw.strip(" \t\u3000\xa0\r")
    if not body:
        return None
    lead = len(raw) - len(raw.lstrip(" \t\u3000\xa0\r"))
    return Cell(start + lead, start + lead + len(body), body, line)


def _split(text: str, start: int, end: int, sep: re.Pattern[str], line: int,
           keep_empty: bool = False) -> list[Cell]:
    """The cells between separators; with ``keep_empty`` a blank cell stays as a cell with no text."""
    out = []
    pos = start
    for m in sep.finditer(text, start, end):
        cell = _cell(text, pos, m.start(), line)
        if cell:
            out.append(cell)
        elif keep_empty:
            out.append(Cell(pos, pos, "", line))
        pos = m.end()
    cell = _cell(text, pos, end, line)
    if cell:
        out.append(cell)
    elif keep_empty:
        out.append(Cell(pos, pos, "", line))
    return out


_PIPE = re.compile(r"\|")
_TAB = re.compile(r"\t")
_WIDE = re.compile(r"\u3000+| {2,}")
_SPACE = re.compile(r" ")


_EMPTY = re.compile(r"^[-－—–/／\\…·.]+$")   # an empty cell written as a dash, slash or dots


_SPACED_NUMERAL = re.compile(rf"[{_AR}]{{1,3}}(?: [{_AR}]{{3}})+(?:[.．][{_AR}]+)?|[{_CN_NUMBER[1:-2]}](?: ?[{_CN_NUMBER[1:-2]}])+")


def _split_spaced_values(text: str, cell: Cell, delimited: bool = False) -> list[Cell]:
    """``5.28 1.96`` -> two cells, when every space-separated part is a value (or an empty-cell dash).

    In a cell a pipe or tab delimits, one spaced numeral (``1 500``, ``一 千 二 百``) stays whole.
    Dashes stay as cells here; :func:`split_cells` turns them into the next cell's ``gap``.
    """
    if delimited and _SPACED_NUMERAL.fullmatch(cell.text):
        return [cell]
    parts = _split(text, cell.start, cell.end, _SPACE, cell.line)
    if len(parts) > 1 and all(read_value(p.text) or _EMPTY.match(p.text) for p in parts):
        return parts
    return [cell]


def _split_field_label(text: str, cell: Cell, vocab: Vocabulary) -> list[Cell]:
    """``项目名称 昌州财行(2022)10号`` -> the label and its value, as two cells; so is a funding row's
    label before its numbers (``年度资金总额 50万元47.6895.00%``, ``年度资金总额: 40004000100%``)."""
    m = re.match(r"(\S{2,14}?)[ :：]+(?=\S)", cell.text)
    if not m:
        return [cell]
    label = m.group(1)
    row_label = (vocab.is_funding_row(label) or vocab.is_total(label)) and \
        re.match(rf"(?:{_CMP})?\s*[{_AR}]", cell.text[m.end():])
    if not (vocab.header_field(label) or row_label):
        return [cell]
    head = _cell(text, cell.start, cell.start + len(m.group(1)), cell.line)
    rest = _cell(text, cell.start + m.end(), cell.end, cell.line)
    return [c for c in (head, rest) if c]


_PUNCT = re.compile(r"[，。；！？,;!?]")


def _cut_glued(text: str, cell: Cell, vocab: Vocabulary) -> list[Cell]:
    """Cut a cell that glues form words, text and numbers into its pieces.

    Only where two of the form's words follow each other with no sentence
    punctuation between (``…得分年度资金总额：202010100.00%10其中：本年财政拨款…``):
    a sentence that names 全年预算数 and 执行率 stays whole.
    """
    anchors = list(vocab.anchor.finditer(text, cell.start, cell.end))
    chained: set[int] = set()
    for i, (a, b) in enumerate(zip(anchors, anchors[1:])):
        gap = text[a.end():b.start()]
        if len(gap) <= 80 and not _PUNCT.search(gap):
            chained.update((i, i + 1))
    if not chained:
        return [cell]
    cuts = {cell.start, cell.end}
    zone_start = min(anchors[i].start() for i in chained)
    zone_end = max(anchors[i].end() for i in chained)
    for i in chained:
        cuts.update((anchors[i].start(), anchors[i].end()))
    # numeric runs glued to text inside the zone (and right after it): 坡面水标尺安装10≥266米≥266米10标尺宽幅
    for m in _RUN.finditer(text, zone_start, cell.end):
        if not re.search(rf"[{_AR}]", m.group()):
            continue
        if m.start() > zone_end + 80 and _PUNCT.search(text, zone_end, m.start()):
            break
        before = text[m.start() - 1] if m.start() > cell.start else ""
        if before and re.match(r"[A-Za-z（(〔\[第]", before):
            continue  # 附件2, (2022)10号: not a value run
        if re.match(r"\s*[年月日号]", text[m.end():m.end() + 2]):
            continue  # 2022年: a date
        cuts.update((m.start(), m.end()))
    bounds = sorted(c for c in cuts if cell.start <= c <= cell.end)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = _cell(text, a, b, cell.line)
        if piece and piece.text not in ("：", ":", "，", ",", "。", "、"):
            out.append(piece)
    return out


def _spaced_form(line: str, vocab: Vocabulary) -> bool:
    """A form row flattened with single spaces between cells (年度资金总额 5.28 1.96 1.96 10 100.00% 10)."""
    parts = [p for p in line.split(" ") if p]
    if len(parts) < 4:
        return False
    lengths = sorted(len(p) for p in parts)
    if lengths[len(lengths) // 2] > 20:
        return False
    values = sum(1 for p in parts if read_value(p))
    words = sum(1 for p in parts if vocab.is_vocabulary(p) or vocab.is_funding_row(p))
    return words >= 2 or values >= 3 or (words >= 1 and values >= 2)


def split_cells(text: str, vocab: Vocabulary) -> list[Cell]:
    """Every cell of ``text`` in reading order (see the module docstring)."""
    cells: list[Cell] = []
    empties = 0   # empty cells since the last cell kept: they hold columns
    pos = 0
    for number, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        delimited = "|" in line or "\t" in line
        if "|" in line:
            found = _split(text, start, end, _PIPE, number, keep_empty=True)
            # the blanks outside the outer pipes (| a | b |) are not cells
            if found and not found[0].text and not text[start:found[0].start].strip():
                found = found[1:]
            if found and not found[-1].text:
                found = found[:-1]
        elif "\t" in line:
            found = _split(text, start, end, _TAB, number, keep_empty=True)
        elif _WIDE.search(line.strip()):
            found = _split(text, start, end, _WIDE, number)
        elif _spaced_form(line, vocab):
            found = _split(text, start, end, _SPACE, number)
        else:
            found = [c for c in [_cell(text, start, end, number)] if c]
        if delimited:
            empties = 0   # a delimited row places its own cells: dashes of the row before do not count
        for c in (piece for cell in found for piece in _pieces(text, cell, vocab, delimited)):
            if not c.text or _EMPTY.match(c.text):
                empties += 1
                continue
            cells.append(replace(c, gap=empties) if delimited or empties else c)
            empties = 0
    return cells


def _pieces(text: str, cell: Cell, vocab: Vocabulary, delimited: bool) -> Iterator[Cell]:
    """The cells one separated cell holds: spaced values, glued words and numbers, a field label and its value."""
    if not cell.text:
        yield cell  # a blank cell: it holds a column
        return
    for piece in _split_spaced_values(text, cell, delimited):
        for p in _cut_glued(text, piece, vocab) if len(piece.text) > 4 else [piece]:
            for q in _split_spaced_values(text, p, delimited) if " " in p.text else [p]:
                yield from _split_field_label(text, q, vocab)
