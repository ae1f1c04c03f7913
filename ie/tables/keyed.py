"""Amounts written one per line as ``label: number`` under a heading that gives the unit.

Funding blocks of self-evaluation forms are often flattened to key-value
lines (湖南's 部门整体支出绩效自评表: ``按收入性质分:2030.12`` / ``其中:基本支出:900.47``;
transfer-payment tables: ``计划生育家庭特别扶助制度补助资金 (万元)`` then
``年度预算资金总额:  321.25`` / ``其中:中央补助 166.00``). The numbers are bare, so
neither the quantity rules (no unit) nor the grid reader (no columns) read
them. A line is read when all of these hold: the line is only a label and a
number (or a run of ``label：number`` cells glued together); the label names money (a funding row of the form vocabulary, or a
word of :data:`_MONEY_WORDS`); a unit for bare numbers is declared above it,
within the block (``(万元)``, ``单位：万元``). The label is the amount's
INDICATOR; a heading that names the fund before its unit is its TASK.
"""
from __future__ import annotations

import re

from .forms import UNIT_DECL, UNIT_IN
from .grid import CellLink
from .vocabulary import Vocabulary

_SPACE = r"[ \t\u3000]"
_LABEL = r"(?:其中[:：]" + _SPACE + r"*)?(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff（）()、]{1,24}?)"
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# one per line: the label, a colon or spaces, the number, nothing else on the line
_KEYED = re.compile(rf"^{_SPACE}*{_LABEL}{_SPACE}*(?:[:：]{_SPACE}*|{_SPACE}+){_NUMBER}{_SPACE}*$", re.M)
# the same glued into one run, as a PDF's text layer or the line joining of ie.io.clean leaves it:
# 按收入性质分：2030.12按支出性质分：1925.67其中：一般公共预算：1325.68 — a colon before each number, and after it
# the next label or the line's end; a unit, a measure word or another digit after it is no such cell
_INLINE = re.compile(rf"{_LABEL}[:：]{_SPACE}*{_NUMBER}(?![\d.,])"
                     rf"(?!{_SPACE}*[万亿千元%％年月日号次个人户家座处批期届条名])(?={_SPACE}*(?:$|[\u4e00-\u9fff]))",
                     re.M)
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONEY_WORDS = re.compile(r"资金|预算|支出|收入|拨款|补助|经费|金额|总额|结余|结转|债券|投资|费用")
# a heading that names a fund and gives the unit: 计划生育家庭特别扶助制度补助资金 (万元)
_HEADING = re.compile(rf"^{_SPACE}*(?P<name>[\u4e00-\u9fff（）()、]{{2,40}}?(?:资金|经费|补助|项目|专项))"
                      rf"{_SPACE}*[（(]{_SPACE}*(?:万元|亿元|千元|元){_SPACE}*[)）]?{_SPACE}*$", re.M)
_LOOK_BACK = 400   # characters above a line where its unit may be declared


def _block_above(text: str, start: int) -> tuple[str | None, tuple[int, int] | None]:
    """The unit the nearest declaration above ``start`` gives bare numbers, and the fund its heading names.

    Both within the look-back; the fund only when that declaration is the heading's own
    (a later one belongs to another block).
    """
    before_start = max(0, start - _LOOK_BACK)
    before = text[before_start:start]
    units = [m for rx in (UNIT_IN, UNIT_DECL) for m in rx.finditer(before)]
    if not units:
        return None, None
    unit = max(units, key=lambda m: m.start())
    heading = next(iter(reversed(list(_HEADING.finditer(before)))), None)
    if heading is None or unit.start() > heading.end():
        return unit.group(1), None
    return unit.group(1), (before_start + heading.start("name"), before_start + heading.end("name"))


def read_keyed(text: str, vocab: Vocabulary, taken: list[tuple[int, int]]) -> list[CellLink]:
    """The ``label: number`` amounts of ``text`` no other table reading has claimed (``taken``)."""
    links: list[CellLink] = []
    seen: set[int] = set()
    for m in sorted((*_KEYED.finditer(text), *_INLINE.finditer(text)), key=lambda m: m.start("number")):
        start, end = m.span("number")
        if start in seen or _YEAR.fullmatch(m.group("number")) or any(s < end and start < e for s, e in taken):
            continue
        seen.add(start)
        label = m.group("label")
        # 合计 closes a block of amounts: a total right after one of them (not a lone 合计 100 of scores)
        total = vocab.is_total(label) and bool(links) and 0 <= m.start() - links[-1].end <= 80
        if not (vocab.is_funding_row(label) or _MONEY_WORDS.search(label) or total):
            continue
        own = UNIT_IN.search(label)   # 资金总额（元）：1,234,567.00 — the label gives its own unit
        unit, fund = (own.group(1), None) if own else _block_above(text, m.start())
        name = (m.start("label"), m.start("label") + own.start()) if own and own.start() >= 2 else m.span("label")
        if unit is not None:
            links.append(CellLink(start, end, "MONEY", name, fund, None, unit))
    return links
