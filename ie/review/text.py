"""The report text as HTML: every character once, in order, with marked spans and tables as grids.

Marks (entities, the places of checks) may nest or cross each other and
cross table cells. They are cut into properly nested fragments: a mark
closed early to close another is reopened right after, and every fragment
of one mark carries the same opening tag (same ``data-id``), so the page can
find all of them. Separators between table cells (tabs, pipes, the line
breaks between rows) stay in the HTML as hidden text, so the text content
of the page is exactly the report text.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..tables.grid import Table, find_tables

# what may sit between two cells and be hidden: white space and the pipes / rules of a flattened table
_SEPARATOR = re.compile(r"[\s|:\-]*")


@dataclass(frozen=True)
class Mark:
    """A span to wrap in ``open_tag`` … ``</span>``; ``rank`` orders marks of the same extent (lower: outside)."""

    start: int
    end: int
    open_tag: str
    rank: int = 0


def escape_text(text: str) -> str:
    """Escape text for an HTML element; CR as a reference, since parsers turn a raw CR LF into LF."""
    return html.escape(text, quote=False).replace("\r", "&#13;")


def render_marked(text: str, start: int, end: int, marks: Iterable[Mark]) -> str:
    """``text[start:end]`` as HTML, each mark (clipped to the range) wrapped in properly nested spans."""
    opens: dict[int, list[tuple[int, int, Mark]]] = defaultdict(list)
    bounds = {start, end}
    for m in marks:
        s, e = max(m.start, start), min(m.end, end)
        if s < e:
            opens[s].append((-e, m.rank, m))
            bounds.update((s, e))
    out: list[str] = []
    stack: list[tuple[int, Mark]] = []
    points = sorted(bounds)
    for i, pos in enumerate(points):
        if any(e == pos for e, _ in stack):
            reopen = []
            while any(e == pos for e, _ in stack):
                e, m = stack.pop()
                out.append("</span>")
                if e != pos:
                    reopen.append((e, m))
            for e, m in reversed(reopen):  # marks that go on past pos, reopened in their old order
                out.append(m.open_tag)
                stack.append((e, m))
        for neg_end, _, m in sorted(opens.get(pos, ()), key=lambda o: (o[0], o[1])):  # outer first
            out.append(m.open_tag)
            stack.append((-neg_end, m))
        if i + 1 < len(points):
            out.append(escape_text(text[pos:points[i + 1]]))
    return "".join(out)


class MarkSweep:
    """The marks that overlap each range of a left-to-right walk over the text.

    Ranges must come in order (each starts at or after the one before starts):
    a mark enters when the walk reaches its start and leaves once the walk is
    past its end, so a page with thousands of cells and marks stays linear.
    """

    def __init__(self, marks: Iterable[Mark]) -> None:
        self._marks = sorted(marks, key=lambda m: m.start)
        self._next = 0
        self._active: list[Mark] = []

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """The marks that overlap ``[start, end)``."""
        while self._next < len(self._marks) and self._marks[self._next].start < end:
            self._active.append(self._marks[self._next])
            self._next += 1
        self._active = [m for m in self._active if m.end > start]
        return [m for m in self._active if m.start < end]


def _usable(table: Table, after: int, length: int) -> bool:
    """A table can be drawn as a grid when its cells lie in order inside it, after what was drawn before."""
    if table.start < after or table.end > length or not table.rows:
        return False
    pos = table.start
    for row in table.rows:
        for cell in row.cells:
            if cell.start < pos or cell.end < cell.start or cell.end > table.end:
                return False
            pos = cell.end
    return True


def _gap(text: str, start: int, end: int, marks: MarkSweep) -> str:
    """The text between two cells: hidden when it only separates them, shown when it says something."""
    if start >= end:
        return ""
    kind = "sep" if _SEPARATOR.fullmatch(text, start, end) else "gap"
    return f'<span class="{kind}">{_region(text, start, end, marks)}</span>'


def _region(text: str, start: int, end: int, marks: MarkSweep) -> str:
    return render_marked(text, start, end, marks.overlapping(start, end))


def render_table(text: str, table: Table, marks: MarkSweep, end: int | None = None) -> str:
    """One table as an HTML grid; the text before each cell goes into that cell (hidden if a separator).

    The text from the last cell to ``end`` (default: the table's end) goes into the last cell.
    """
    end = table.end if end is None else end
    out = [f'<div class="grid-wrap"><table class="grid" data-start="{table.start}" data-end="{table.end}"><tbody>']
    pos = table.start
    for r, row in enumerate(table.rows):
        out.append("<tr>")
        for c, cell in enumerate(row.cells):
            before = _gap(text, pos, cell.start, marks)
            body = _region(text, cell.start, cell.end, marks)
            last = r == len(table.rows) - 1 and c == len(row.cells) - 1
            out.append(f"<td>{before}{body}{_gap(text, cell.end, end, marks) if last else ''}</td>")
            pos = cell.end
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def render_text(text: str, marks: Iterable[Mark]) -> tuple[str, int]:
    """The whole text as HTML, tables (:func:`ie.tables.grid.find_tables`) as grids; also how many grids."""
    sweep = MarkSweep(marks)
    out: list[str] = []
    pos = grids = 0
    for table in sorted(find_tables(text), key=lambda t: t.start):
        if not _usable(table, pos, len(text)):
            continue  # drawn as plain text: never lose or repeat a character for a table we cannot place
        # the line break that ends the table's last row goes with the grid: after a block it would show as a blank line
        end = table.end + 1 if text.startswith("\n", table.end) else table.end
        out.append(_region(text, pos, table.start, sweep))
        out.append(render_table(text, table, sweep, end))
        pos = end
        grids += 1
    out.append(_region(text, pos, len(text), sweep))
    return "".join(out), grids
