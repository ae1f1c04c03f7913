"""Tables flattened into text: find them, read their header, link their cells.

Three flattenings are recognised: tab-separated rows (``a\\tb\\tc``),
pipe rows (``| a | b |``) and one cell per line (``\\ta`` lines, a blank line
between rows). Each numeric cell gets its INDICATOR cell, TASK cell, role
and the unit the table declares (``单位：万元``, ``项目资金（元）``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..contract import ROLES
from ..io.clean import fold_traditional
from ..numerals.normalize import RATE_COLUMN
from ..numerals.read import read_numeral
from ..numerals.units import DEFAULT_UNITS

# traditional characters of header words and unit declarations, read as simplified (單位：萬元, 預算數)
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(DEFAULT_UNITS, key=len, reverse=True))
_UNIT_DECL = re.compile(rf"(?:单位|金额单位|计量单位)\s*[:：]\s*({_UNIT_ALT})(?![\u4e00-\u9fff])")
_HEADER_UNIT = re.compile(rf"[（(]\s*({_UNIT_ALT})\s*[)）]")
# a cell that is one numeral of any form (Chinese, mixed scales, spaced, damaged): read by the numeral core
_NUMERAL_CELL = re.compile(r"^[-+－]?[0-9０-９零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩点點.,，．O■*\s]+$")
_DIGIT = re.compile(r"[0-9０-９零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]")
_NUM_CELL = re.compile(
    r"^(?P<cmp>[≥≧>≤≦<]=?|不少于|不低于|不超过|不高于|约|近)?\s*"
    r"(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d\s].{0,7})?$"
)
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)|其中[:：])\s*")
_UNIT_CELLS = DEFAULT_UNITS
_SEQ_HEADERS = ("序号", "行次", "栏次", "行号", "编号")
_MONEY_UNITS = {u for u, label in DEFAULT_UNITS.items() if label == "MONEY"}

# header words: which column plays which part
ROLE_HEADERS: tuple[tuple[str, str], ...] = (
    ("年度指标值", "target"), ("目标值", "target"), ("预期值", "target"), ("指标值", "target"),
    ("实际完成值", "actual"), ("完成值", "actual"), ("实际值", "actual"), ("指标完成情况", "actual"),
    ("分值", "weight"), ("权重", "weight"), ("标准分", "weight"), ("满分", "weight"), ("得分", "score"), ("评分", "score"),
)
INDICATOR_HEADERS: tuple[str, ...] = ("三级指标", "关键指标", "指标名称", "绩效指标", "指标内容", "具体指标")
TASK_HEADERS: tuple[str, ...] = ("主要任务", "项目名称", "工作任务", "支出类别", "资金来源", "资金类别", "任务名称")
MEASURE_HEADERS: tuple[str, ...] = ("预算数", "执行数", "决算数", "执行率", "金额", "资金", "完成率", "预算", "支出", "收入", "数")
_HEADER_WORDS = tuple(w for w, _ in ROLE_HEADERS) + INDICATOR_HEADERS + TASK_HEADERS + MEASURE_HEADERS + \
    ("指标", "完成情况", "项目") + _SEQ_HEADERS

assert all(role in ROLES for _, role in ROLE_HEADERS)


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Row:
    cells: list[Cell]  # positional: empty cells kept so columns line up

    def nonempty(self) -> list[tuple[int, Cell]]:
        return [(i, c) for i, c in enumerate(self.cells) if c.text]


@dataclass
class CellLink:
    """What one numeric cell means."""

    start: int
    end: int
    label: str | None          # label for a bare number; None when the cell states its unit
    indicator: tuple[int, int] | None = None
    task: tuple[int, int] | None = None
    role: str | None = None
    table_unit: str | None = None
    level1: tuple[int, int] | None = None     # the 一级指标 / 二级指标 of an indicator-table value
    level2: tuple[int, int] | None = None
    form: int | None = None                   # index of the form (ie.tables.forms) it belongs to
    unit_cell: bool = False                   # its unit is the next cell: a span over both is cut here


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    unit: str | None = None
    start: int = 0
    end: int = 0
    spaced: bool = False   # cells separated by spaces only: rows must keep the header's width


def _cell(text: str, start: int, end: int) -> Cell:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    return Cell(start + lead, start + lead + len(body), body)


def _split(text: str, start: int, end: int, sep: str) -> list[Cell]:
    cells = []
    pos = start
    while True:
        nxt = text.find(sep, pos, end)
        if nxt < 0:
            cells.append(_cell(text, pos, end))
            return cells
        cells.append(_cell(text, pos, nxt))
        pos = nxt + 1


def find_tables(text: str) -> list[Table]:
    """Find the tables flattened into ``text``.

    Cell texts are read through a simplified view of the text (same
    offsets), so traditional headers (預算數, 單位：萬元) are understood.
    """
    original, text = text, fold_traditional(text)
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1

    tables: list[Table] = []
    current: Table | None = None
    blank_run = 0
    pending: list[Cell] = []  # cells of a one-cell-per-line row being collected

    def flush_pending() -> None:
        nonlocal pending, current
        if pending:
            if current is None:
                current = Table(start=pending[0].start)
            current.rows.append(Row(pending))
            current.end = pending[-1].end
            pending = []

    def close(at: int) -> None:
        nonlocal current
        flush_pending()
        if current is not None and len(current.rows) >= 2:
            current.unit = current.unit or _declared_unit(original, current.start)
            tables.append(current)
        current = None

    for idx, (s, e) in enumerate(lines):
        line = text[s:e]
        if line.strip() == "" and "\t" in line and (pending or current is not None):
            pending.append(Cell(s + line.index("\t") + 1, s + line.index("\t") + 1, ""))  # an empty cell
            blank_run = 0
            continue
        if not line.strip():
            blank_run += 1
            flush_pending()
            if blank_run > 3:
                close(s)
            continue
        blank_run = 0
        tabs = line.count("\t")
        stripped = line.strip()
        if tabs and line.startswith("\t") and line.lstrip("\t").count("\t") == 0:
            pending.append(_cell(text, s, e))  # one cell per line
            continue
        if pending and not tabs and current is not None:
            # a cell text wrapped onto a new line without its tab
            last = pending[-1]
            pending[-1] = Cell(last.start, s + len(line.rstrip()), text[last.start:s + len(line.rstrip())].strip())
            continue
        if tabs:
            flush_pending()
            if current is None:
                current = Table(start=s)
            current.rows.append(Row(_split(text, s, e, "\t")))
            current.end = e
            continue
        nxt_line = text[lines[idx + 1][0]:lines[idx + 1][1]] if idx + 1 < len(lines) else ""
        if stripped.count("|") >= 2 or ("|" in stripped and (current is not None or "|" in nxt_line)):
            flush_pending()
            if re.fullmatch(r"[|:\-\s]+", stripped):
                continue  # |---|---| separator
            # | a | b | keeps its outer cells empty; a | b | c has no outer pipes
            inner_s = s + line.index("|") + 1 if stripped.startswith("|") else s
            inner_e = s + line.rindex("|") if stripped.endswith("|") else e
            if current is None:
                current = Table(start=s)
            current.rows.append(Row(_split(text, inner_s, inner_e, "|")))
            current.end = e
            continue
        spaced = _split_spaced(text, s, e)
        if current is not None and current.spaced:
            if len(spaced) == len(current.rows[0].cells) and any(
                    _numeric(c.text, True) for c in spaced[1:]):
                current.rows.append(Row(spaced))
                current.end = e
                continue
            close(s)
        elif current is None and _starts_spaced_table(text, lines, idx, spaced):
            current = Table(start=s, spaced=True)
            current.rows.append(Row(spaced))
            current.end = e
            continue
        close(s)
    close(len(text))
    return tables


def _split_spaced(text: str, start: int, end: int) -> list[Cell]:
    """The cells of a line whose cells are separated by spaces (no tab, no pipe)."""
    return [Cell(start + m.start(), start + m.end(), m.group())
            for m in re.finditer(r"[^ \u3000]+", text[start:end])]


def _starts_spaced_table(text: str, lines: list[tuple[int, int]], idx: int, cells: list[Cell]) -> bool:
    """A header of short cells (``项目 年初预算数 全年执行数``) whose next line has as many cells, with values."""
    if not 2 <= len(cells) <= 12 or any(len(c.text) > 12 for c in cells) or idx + 1 >= len(lines):
        return False
    if not _is_header(Row(cells)):
        return False
    nxt = _split_spaced(text, *lines[idx + 1])
    return len(nxt) == len(cells) and any(_numeric(c.text, True) for c in nxt[1:])


def _declared_unit(text: str, table_start: int) -> str | None:
    """The unit declared in the few lines right above a table (``单位：万元``)."""
    start = max(0, table_start - 200)
    before = fold_traditional(text[start:table_start])
    found = None
    for m in _UNIT_DECL.finditer(before):
        if before.count("\n", m.end()) <= 3:
            found = m  # the last declaration within three lines of the table
    return text[start + found.start(1):start + found.end(1)] if found else None


def _is_header(row: Row) -> bool:
    cells = [c.text for _, c in row.nonempty()]
    if any(_numeric(c, False) is not None for c in cells):
        return False  # (2022年决算数 is a header: a year is no value)
    hits = sum(1 for c in cells if any(w in c for w in _HEADER_WORDS) and len(c) <= 12)
    return hits >= 2


def _column_kind(header: str) -> tuple[str, str | None]:
    """Return (kind, role) of a header cell: kind in role|indicator|task|measure|seq|other."""
    if any(w in header for w in _SEQ_HEADERS):
        return "seq", None  # 行次 of a 决算 table: line numbers, never amounts
    for word, role in ROLE_HEADERS:
        if word in header:
            return "role", role
    if any(w in header for w in INDICATOR_HEADERS):
        return "indicator", None
    if any(w in header for w in TASK_HEADERS):
        return "task", None
    if any(w in header for w in MEASURE_HEADERS):
        return "measure", None
    return "other", None


def _label_for(unit: str | None, header: str, kind: str, role: str | None, row_text: str) -> str:
    # the column says more than the table's declared unit: a 执行率 column
    # of a 单位：万元 table holds percentages, a 分值 column scores
    if role in ("weight", "score") or "分" in header:
        return "SCORE"
    if "率" in header or "%" in header:
        return "PERCENT"
    if unit:
        if unit in _UNIT_CELLS:
            return _UNIT_CELLS[unit]
    m = _HEADER_UNIT.search(header)
    if m:
        return _UNIT_CELLS.get(m.group(1), "COUNT")
    if unit is None and kind == "measure":
        return "MONEY"
    return "COUNT"


def _span(cell: Cell | None) -> tuple[int, int] | None:
    if cell is None or not cell.text:
        return None
    m = _ORDINAL.match(cell.text)
    cut = m.end() if m else 0
    if cut >= len(cell.text):
        return None
    return cell.start + cut, cell.end


def _numeric(cell: str, chinese: bool) -> tuple[int, int, str | None] | None:
    """(number start, number end, unit written in the cell) of a value cell, else None.

    Arabic numbers with an optional comparison and unit first; then a cell
    that is one numeral of any other form (``两万五``, ``3万4``, ``三 千``,
    ``1 500``, damaged ``1O0``) — Chinese-only numerals only where
    ``chinese`` (a value column under a header), so a row label never is one.
    """
    m = _NUM_CELL.match(cell)
    if m:
        unit = (m.group("unit") or "").strip() or None
        if unit is None or unit in _UNIT_CELLS or unit.startswith(("万元", "元", "%", "分")):
            return m.start("num"), m.end("num"), unit
        if unit[0] in "年月日号届期":
            return None  # '2022年', '1号' and friends: not a value cell
    if not (_NUMERAL_CELL.match(cell) and _DIGIT.search(cell)):
        return None if m is None else (m.start("num"), m.end("num"), (m.group("unit") or "").strip() or None)
    if not re.search(r"[0-9０-９]", cell) and not chinese:
        return None
    if read_numeral(re.sub(r"\s+", "", cell)).reason and re.fullmatch(r"[\d\s]+", cell):
        return None  # digit groups that are no one number: separate cells
    return 0, len(cell), None


_SIGN_CELL = re.compile(r"^(?:>=|<=|≥|≤|≧|≦|>|<|＞|＜|=|＝)$")
_TOTAL_CELL = re.compile(r"^(?:合计|总计|总分|合\s*计)$")


@dataclass(frozen=True)
class _RowShape:
    """A headerless indicator row read by the standard form's column order."""

    name: Cell | None          # the row's 三级指标 (or the row above's, for a continuation row)
    roles: dict[int, str]      # cell index -> target | actual | weight | score
    unit: str | None           # the target's unit, for a bare actual


def _found(row: Row) -> dict[int, tuple[int, int, str | None] | None]:
    return {i: _numeric(c.text, False) for i, c in enumerate(row.cells) if c.text}


def _unit_after(cells: list[Cell], i: int) -> str | None:
    nxt = cells[i + 1].text if i + 1 < len(cells) else ""
    return nxt if nxt in _UNIT_CELLS else None


def _score_pair(cells: list[Cell], found: dict) -> tuple[int, int] | None:
    """The row's last two cells as 分值 | 得分: adjacent bare numbers, 0 <= score <= weight <= 100."""
    numeric = [i for i, got in found.items() if got is not None]
    if len(numeric) < 2 or numeric[-1] != numeric[-2] + 1:
        return None
    values = []
    for i in numeric[-2:]:
        unit = found[i][2]
        if unit not in (None, "分") or _unit_after(cells, i):
            return None
        try:
            values.append(float(cells[i].text[found[i][0]:found[i][1]]))
        except ValueError:
            return None
    weight, score = values
    return (numeric[-2], numeric[-1]) if 0 <= score <= weight <= 100 else None


def _row_shapes(table: Table) -> dict[int, _RowShape]:
    """Rows before any header, read as 年度指标值 | 实际完成值 | 分值 | 得分 (the tail of a form whose
    header is on an earlier page), when at least one row shows that shape for sure: a target with a
    comparison sign or a unit, an actual, then a weight and a score no larger than it."""
    shapes: dict[int, _RowShape] = {}
    strong = False
    previous: Row | None = None
    for r, row in enumerate(table.rows):
        if _is_header(row):
            break
        cells = row.cells
        found = _found(row)
        pair = _score_pair(cells, found)
        numeric = [i for i, got in found.items() if got is not None]
        first = min(numeric + [i for i, c in enumerate(cells) if _SIGN_CELL.match(c.text)], default=len(cells))
        texts = [c for c in cells[:first] if c.text and c.text not in _UNIT_CELLS]
        if pair is None:
            previous = row
            continue
        name = texts[-1] if texts else None
        if (name is None or len(name.text) <= 4) and not (name and _TOTAL_CELL.match(name.text)) \
                and previous is not None and not any(_found(previous).values()):
            # 好坏 | 5 | 5 under 图书馆管理机制健全性 | 定性 | 好坏: the row above names it
            above = [c for c in previous.cells if c.text and not c.text.endswith("指标")]
            name = max(above, key=lambda c: len(c.text)) if above else name
        roles = {pair[0]: "weight", pair[1]: "score"}
        before = [i for i in numeric if i < pair[0]]
        unit = None
        if len(before) == 2:
            target, actual = before
            unit = found[target][2] or _unit_after(cells, target)
            signed = bool(found[target][0]) or (target > 0 and _SIGN_CELL.match(cells[target - 1].text))
            strong = strong or bool(signed or unit)
            roles.update({target: "target", actual: "actual"})
        shapes[r] = _RowShape(name, roles, unit)
        previous = row
    return shapes if strong else {}


def link_cells(text: str, table: Table) -> list[CellLink]:
    """Interpret every numeric cell of a table."""
    links: list[CellLink] = []
    header: Row | None = None
    kinds: list[tuple[str, str | None]] = []
    last_task: Cell | None = None
    measured = False   # the header names an amount column (预算数, 支出 …)
    shapes = _row_shapes(table)
    for r, row in enumerate(table.rows):
        if _is_header(row):
            header = row
            kinds = [_column_kind(c.text) for c in row.cells]
            measured = any(k == "measure" for k, _ in kinds)
            last_task = None
            continue
        cells = row.cells
        shape = shapes.get(r) if header is None else None
        task_cols = [i for i, (k, _) in enumerate(kinds) if k == "task"]
        ind_cols = [i for i, (k, _) in enumerate(kinds) if k == "indicator"]
        task_cell = next((cells[i] for i in task_cols if i < len(cells) and cells[i].text), None)
        if task_cols:
            if task_cell is not None:
                last_task = task_cell
            elif not (cells and cells[0].text):
                task_cell = last_task  # continuation row of the same task
        ind_cell = next((cells[i] for i in ind_cols if i < len(cells) and cells[i].text), None)
        found = {i: _numeric(c.text, i > 0 and header is not None) for i, c in enumerate(cells) if c.text}
        numeric = [i for i, got in found.items() if got is not None]
        for n, i in enumerate(numeric):
            cell = cells[i]
            num_s, num_e, unit = found[i]
            # a unit alone in the next cell: | 735 | 人次 |
            nxt = cells[i + 1].text if i + 1 < len(cells) else ""
            unit_from_cell = text[cells[i + 1].start:cells[i + 1].end] if (unit is None and nxt in _UNIT_CELLS) else None
            kind, role = kinds[i] if header is not None and i < len(kinds) else ("other", None)
            if kind == "seq":
                continue
            if kind == "other" and measured and header is not None:
                kind = "measure"  # a column no header word names (年末结余) in a table of amounts is one too
            head = header.cells[i].text if header is not None and i < len(header.cells) else ""
            left = [c for j, c in enumerate(cells[:i]) if c.text and found.get(j) is None]
            indicator = task = None
            if kind in ("role",) and ind_cell is not None:
                indicator = _span(ind_cell)
            elif kind in ("measure", "role") and header is not None:
                indicator = _span(header.cells[i])
                row_label = next((c for c in cells[:numeric[0]] if c.text), None)
                task = _span(row_label)
            elif left:
                indicator = _span(left[-1])  # key–value row: the label to the left
            if kind == "role" and ind_cell is None and left:
                indicator = _span(left[0])  # 总分 row and the like
            if task_cell is not None and (task is None or task_cols):
                task = _span(task_cell) if task_cell is not ind_cell else task
            if shape is not None:
                indicator = _span(shape.name)
                role = shape.roles.get(i)
            if task == indicator:
                task = None
            declared = table.unit
            m_head = _HEADER_UNIT.search(head)
            if m_head:  # the unit as written (萬元), read through the simplified view
                hs = header.cells[i].start if header is not None else 0
                declared = text[hs + m_head.start(1):hs + m_head.end(1)]
            declared = unit_from_cell or declared
            label = None if unit else _label_for(declared, head, kind, role, "")
            if shape is not None and role == "actual" and unit is None and unit_from_cell is None and shape.unit:
                declared = shape.unit  # a bare actual is in the target's unit (| = | 100 | % | 100 |)
                label = _UNIT_CELLS.get(fold_traditional(shape.unit), "COUNT")
            if unit and unit in _UNIT_CELLS:
                label = _UNIT_CELLS[unit]  # the cell states its unit: tagged here if the rules missed it
            if label == "SCORE":
                declared = "分"
            elif label == "PERCENT":
                declared = "%" if declared in ("%", "％") or "%" in head else RATE_COLUMN
            elif label == "MONEY" and declared not in _MONEY_UNITS:
                declared = None  # no money unit declared: the value stays in the number as written
            elif label == "COUNT" and declared is not None and _UNIT_CELLS.get(fold_traditional(declared)) != "COUNT":
                declared = None
            num_start = cell.start + num_s
            num_end = cell.start + num_e if unit is None else cell.end
            links.append(CellLink(num_start, num_end, label, indicator, task, role,
                                  declared if unit is None else None, unit_cell=unit_from_cell is not None))
    return links


def row_tasks(text: str, table: Table) -> list[tuple[int, int, tuple[int, int]]]:
    """(row start, row end, TASK span) for rows of tables that have a task column.

    Quantities written inside a long text cell of such a row belong to the
    row's task too (guideline D9); continuation rows inherit the task above.
    """
    out = []
    kinds: list[tuple[str, str | None]] = []
    last_task: Cell | None = None
    for row in table.rows:
        if _is_header(row):
            kinds = [_column_kind(c.text) for c in row.cells]
            last_task = None
            continue
        task_cols = [i for i, (k, _) in enumerate(kinds) if k == "task"]
        if not task_cols:
            continue
        cells = row.cells
        task_cell = next((cells[i] for i in task_cols if i < len(cells) and cells[i].text), None)
        if task_cell is not None:
            last_task = task_cell
        elif cells and cells[0].text:
            last_task = None
        span = _span(last_task)
        if span is not None and cells:
            out.append((cells[0].start, cells[-1].end, span))
    return out
