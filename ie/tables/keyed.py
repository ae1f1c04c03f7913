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

_KEYED = re.compile(
    r"^[ \t\u3000]*(?:其中[:：][ \t\u3000]*)?"
    r"(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff（）()、]{1,24}?)[ \t\u3000]*"
    r"(?:[:：][ \t\u3000]*|[ \t\u3000]+)"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t\u3000]*$",
    re.M)
# the same glued into one run, as a PDF's text layer or the line joining of ie.io.clean leaves it:
# 按收入性质分：2030.12按支出性质分：1925.67其中：一般公共预算：1325.68 — a colon before each number, and after it
# the next label or the line's end; a unit, a measure word or another digit after it is no such cell
_INLINE = re.compile(
    r"(?:其中[:：][ \t\u3000]*)?(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff（）()、]{1,24}?)[:：][ \t\u3000]*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\d.,])(?![ \t\u3000]*[万亿千元%％年月日号次个人户家座处批期届条名])(?=[ \t\u3000]*(?:$|[\u4e00-\u9fff]))",
    re.M)
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONEY_WORDS = re.compile(r"资金|预算|支出|收入|拨款|补助|经费|金额|总额|结余|结转|债券|投资|费用")
# a heading that names a fund and gives the unit: 计划生育家庭特别扶助制度补助资金 (万元)
_HEADING = re.compile(r"^[ \t\u3000]*(?P<name>[\u4e00-\u9fff（）()、]{2,40}?(?:资金|经费|补助|项目|专项))"
                      r"[ \t\u3000]*[（(][ \t\u3000]*(?:万元|亿元|千元|元)[ \t\u3000]*[)）]?[ \t\u3000]*$", re.M)
_LOOK_BACK = 400   # characters above a line where its unit may be declared


def _unit_above(text: str, start: int) -> str | None:
    """The unit the nearest declaration above ``start`` gives bare numbers (None beyond the look-back)."""
    before = text[max(0, start - _LOOK_BACK):start]
    found = [m for rx in (UNIT_IN, UNIT_DECL) for m in rx.finditer(before)]
    return max(found, key=lambda m: m.start()).group(1) if found else None


def _heading_above(text: str, start: int) -> tuple[int, int] | None:
    """The fund a heading names, when the nearest unit declaration above is that heading's."""
    before_start = max(0, start - _LOOK_BACK)
    before = text[before_start:start]
    headings = list(_HEADING.finditer(before))
    units = [m for rx in (UNIT_IN, UNIT_DECL) for m in rx.finditer(before)]
    if not headings or not units:
        return None
    heading = headings[-1]
    if max(m.start() for m in units) > heading.end():
        return None  # a later declaration (another block) stands between
    return before_start + heading.start("name"), before_start + heading.end("name")


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
        if not (vocab.is_funding_row(label) or _MONEY_WORDS.search(label)):
            continue
        unit = _unit_above(text, m.start())
        if unit is None:
            continue
        links.append(CellLink(start, end, "MONEY", m.span("label"), _heading_above(text, m.start()),
                              None, unit))
    return links
