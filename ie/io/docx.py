"""Word (.docx) reports: paragraphs and tables in body order, via python-docx.

Each body paragraph is one line. Each table row is one line with its cells
separated by tabs (a cell spanning several grid columns is followed by empty
cells, so columns line up); the paragraphs of a cell are joined by spaces.
A table inside a cell is flattened into that cell's text, down to
:data:`ie.io.read.MAX_TABLE_DEPTH` levels. Content controls (``w:sdt``) are
read through; headers, footers, footnotes and text boxes are not read.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from ..errors import InputError
from .common import Limits, describe_error


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_CUSTOM_XML = _W + "customXml"
_VAL = _W + "val"


class _Budget:
    """Counts extracted characters and stops the reader past the limit."""

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.used = 0

    def take(self, text: str) -> str:
        """Count ``text`` (and its line break); return it."""
        self.used += len(text) + 1
        if self.used > self.limit:
            raise InputError("E050", path=self.path, limit=self.limit)
        return text


def read_docx(path: Path, data: bytes, limits: Limits) -> str:
    """The text of a .docx held in ``data`` (already checked as a safe ZIP container)."""
    import docx  # python-docx

    try:
        document = docx.Document(BytesIO(data))
        body = document.element.body
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - any parser failure on a damaged file is one user error
        raise _damaged(path, e, limits) from None
    budget = _Budget(path, limits.max_chars)
    lines: list[str] = []
    try:
        _blocks(body, lines, path, limits, budget)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - malformed XML inside a valid package
        raise _damaged(path, e, limits) from None
    return "\n".join(lines)


def _damaged(path: Path, e: BaseException, limits: Limits) -> InputError:
    if "Excessive depth" in str(e):  # lxml refuses XML nested past 256 levels
        return InputError("E051", path=path, limit=limits.max_table_depth)
    return InputError("E044", path=path, kind="DOCX", reason=describe_error(e))


def _blocks(parent, lines: list[str], path: Path, limits: Limits, budget: _Budget) -> None:
    """Append the lines of the paragraphs and tables under ``parent``, in order."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P:
            lines.append(budget.take(_paragraph_text(child)))
        elif tag == _TBL:
            lines.extend(_table_rows(child, 1, path, limits, budget))
        elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            _blocks(child, lines, path, limits, budget)


def _paragraph_text(p) -> str:
    """A paragraph's text as python-docx renders it (runs, tabs, line breaks, hyperlinks)."""
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text


def _table_rows(tbl, depth: int, path: Path, limits: Limits, budget: _Budget) -> list[str]:
    """One tab-separated line per row of ``tbl``."""
    if depth > limits.max_table_depth:
        raise InputError("E051", path=path, limit=limits.max_table_depth)
    rows: list[str] = []
    for tr in _children(tbl, _TR):
        cells: list[str] = [""] * _grid_value(tr, "gridBefore")
        for tc in _children(tr, _TC):
            cells.append(_cell_text(tc, depth, path, limits, budget))
            cells.extend([""] * (_grid_value(tc, "gridSpan") - 1))
        rows.append("\t".join(cells))
    return rows


def _children(parent, tag: str):
    """Direct children with ``tag``, looking through content controls around rows or cells."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _children(child, tag)


def _grid_value(element, name: str) -> int:
    """``w:gridSpan`` of a cell or ``w:gridBefore`` of a row (1 / 0 when absent), capped."""
    props = element.find(_W + ("tcPr" if name == "gridSpan" else "trPr"))
    default = 1 if name == "gridSpan" else 0
    if props is None:
        return default
    node = props.find(_W + name)
    if node is None:
        return default
    try:
        return max(default, min(int(node.get(_VAL, default)), 64))
    except ValueError:
        return default


def _cell_text(tc, depth: int, path: Path, limits: Limits, budget: _Budget) -> str:
    """A cell on one line: its paragraphs and nested tables joined by spaces."""
    parts: list[str] = []
    for child in _cell_blocks(tc):
        if child.tag == _P:
            parts.append(_paragraph_text(child))
        else:
            parts.extend(_table_rows(child, depth + 1, path, limits, budget))
    return budget.take(" ".join(" ".join(part.split()) for part in parts if part.strip()))


def _cell_blocks(parent):
    """The paragraphs and tables of a cell, in order, looking through content controls."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _cell_blocks(child)
