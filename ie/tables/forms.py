"""Read self-evaluation forms from their cells, whatever the flattening.

The cells of :func:`ie.tables.cells.split_cells` come in reading order. The
form's own words say where each part starts: a header block (项目名称 …,
主管部门 …), a funding block (a row of money/score/rate column headers, then
rows such as 年度资金总额 with their values), an indicator block (一级/二级/三级
指标 and value columns, then one row per indicator) and total rows. Values are
matched to columns by their order and their type (a percentage fills a rate
column, a small bare number a weight or score), so a flattening that dropped
the empty cells still lines up; a run of glued digits is cut by
:func:`ie.tables.glued.split_run` or left unread.

Every value found becomes a :class:`FormValue`: its span, label, role, the
unit it takes from the table, its INDICATOR and TASK candidates (column
header, row label, 三级指标 name, category, the form's project) — what the
linker and the value normalizer need.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..numerals.normalize import RATE_COLUMN
from .cells import Cell, Value, read_value, split_cells
from .glued import split_run
from .vocabulary import Vocabulary, key

Span = tuple[int, int]

_CORNER = re.compile(r"(?:项目资金|资金情况|年度预算申请|资金来源|预算资金|资金投入|年度资金|项目资金来源|资金|"
                     r"年度预算资金)(?:[（(](?:万元|元)[)）])?[:：]?$")
# a unit in brackets (a column header, a heading) and a declared unit (单位：万元): what bare numbers are in
UNIT_IN = re.compile(r"[（(]\s*(万元|亿元|千元|元)\s*[)）]?")
UNIT_DECL = re.compile(r"(?:单位|金额单位)\s*[:：]\s*(万元|亿元|千元|元)")
_CODE = re.compile(r"^(?:\[\d+\]|[0-9A-Z]{3,}[-－—]|[0-9A-Za-z]+[-－—]\s*)")
_DOC_NO = re.compile(r"^[\u4e00-\u9fff]{1,6}[（(〔\[]?\d{4}[)）〕\]]\d+号\s*")  # 昌州财行(2022)10号
_TRAIL = re.compile(r"(?:[（(]盖章[)）]|部门)$")
_PLACEHOLDER = re.compile(r"[（(][^（()）]*(?:\*\*|≥|≤|>|<)[^（()）]*[)）]$")
_LEAD_MARK = re.compile(r"^(?:[★☆*]+|其中[:：]\s*|[0-9]+[.、．]\s*(?=\D)|[（(][0-9一二三四五六七八九十]+[)）]\s*)+")
_QUALITATIVE = re.compile(
    r"^(?:(?P<q>[\u4e00-\u9fff]{2,8})(?P=q)|达成预期指标|达到预期|达到预期目标|效果明显|效果显著|明显|显著|好|较好|良好|优|优良|良|是|否|有|无|合格|"
    r"符合|符合要求|符合标准|完成|已完成|按期完成|按时完成|及时|全覆盖|持续|长期|提升|有所提升|显著提升|逐步提升|"
    r"提高|显著提高|降低|定性|好坏|高|中|低|达标|规范|健全|完善|满意|基本满意|稳定|正常|[\u4e00-\u9fff]{2,12}(?:完成|提升|提高|改善|增强|明显|显著))$")
_NOTES = re.compile(r"^(?:注|说明|填表说明|备注|附注)\s*[:：]")
# a leading 项目 (and its bracket) is a role word of an indicator name (guideline E1)
_ROLE_PREFIX = re.compile(r"^项目(?:（[^）]{1,6}）|\([^)]{1,6}\))?(?=\S{2,})")
_UNIT_CELL = re.compile(r"^(?:%|％|万元|元|亿元|千元|人|人次|个|次|件|项|户|家|所|台|套|辆|吨|亩|公里|米|天|日|月|年|分|"
                        r"篇|期|场|批|条|张|元/人|元/户|元/亩|百分比|平方米|立方米|公顷|km|m|t)$")
_CATEGORY_WEIGHT = re.compile(r"[（(](\d+(?:\.\d+)?)分[)）]$")
_MONEY_COLUMNS = ("budget_initial", "budget", "execution", "change")   # change: 增减额 of a multi-year table
_TEXTY = ("target", "actual", "prior", "reason", "text", "nature", "unit", "rubric")
_CMP_CELL = re.compile(r"^(?:>=|<=|≥|≤|≧|≦|>|<|＞|＜|=|＝|不低于|不少于|不高于|不超过|大于等于|小于等于)$")


@dataclass
class FormValue:
    """One value a form holds."""

    start: int
    end: int
    label: str
    role: str | None            # target, actual, weight, score (the contract's roles), or None
    column: str | None          # the column kind (budget, execution, rate, target …)
    table_unit: str | None      # the unit the table gives a bare number
    indicator: Span | None
    task: Span | None
    kind: str                   # funding, indicator, total, category
    level1: Span | None = None
    level2: Span | None = None


@dataclass
class Form:
    """A self-evaluation form found in a text."""

    start: int
    end: int
    project: Span | None = None
    orgs: list[Span] = field(default_factory=list)
    fields: dict[str, Span] = field(default_factory=dict)   # header-block label (主管部门 …) -> its value
    values: list[FormValue] = field(default_factory=list)
    unreadable: list[Span] = field(default_factory=list)   # glued runs no single reading fits
    # cells of the 指标解释 / 评分标准 columns: how to score, no fact of the report (their numbers are no quantities)
    rubric: list[Span] = field(default_factory=list)


def _table_end(text: str, end: int, limit: int) -> int:
    """The end of the delimited table (pipes or tabs on every line) that ``end`` lies in, before ``limit``."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[text.rfind("\n", 0, end) + 1:line_end]
    sep = "|" if "|" in line else "\t" if "\t" in line else None
    if sep is None:
        return end
    while line_end + 1 < limit:   # line_end is a line break: the next line starts after it
        nxt = text.find("\n", line_end + 1)
        nxt = len(text) if nxt < 0 else nxt
        row = text[line_end + 1:nxt]
        if sep not in row:
            break
        end = max(end, line_end + 1 + len(row.rstrip()))
        line_end = nxt
    return min(end, limit)


def _trim(cell: Cell, pattern: re.Pattern[str] | None = None) -> Span | None:
    """A cell's span without marks in front (★, 其中：, 1.) and placeholders at the end."""
    text, start = cell.text, cell.start
    m = _LEAD_MARK.match(text)
    if m and m.end() < len(text):
        start += m.end()
        text = text[m.end():]
    end = start + len(text)
    while True:
        m = (pattern or _PLACEHOLDER).search(text)
        if not m or m.start() == 0:
            break
        text = text[:m.start()].rstrip()
        end = start + len(text)
    text2 = text.rstrip("：:")
    end -= len(text) - len(text2)
    return (start, end) if end > start else None


def _header_span(cell: Cell) -> Span | None:
    """A column header's span: the words, without formula letters ((A), (B/A)) or the unit."""
    text = cell.text
    m = re.search(r"\s*[（(](?:[A-Z]|[A-Z]\s*/\s*[A-Z]|%|万元|元)[)）]\s*$", text)
    end = cell.start + (m.start() if m else len(text))
    return _trim(Cell(cell.start, end, text[:end - cell.start], cell.line))


def _name_value(cell: Cell, field_kind: str) -> Span | None:
    """The project or organization a header-block cell names, without codes and stamps."""
    text, start = cell.text, cell.start
    for rx in (_CODE, _DOC_NO):
        m = rx.match(text)
        if m and m.end() < len(text):
            start += m.end()
            text = text[m.end():].lstrip()
            start = cell.end - len(text)
    if field_kind == "org":
        m = _TRAIL.search(text)
        if m and m.start() > 2:
            text = text[:m.start()]
    text = text.strip()
    return (start, start + len(text)) if text else None


def _is_value(cell: Cell) -> Value | None:
    return read_value(cell.text)


def _looks_glued(cell: Cell) -> bool:
    t = cell.text
    return bool(re.fullmatch(r"[\d.,%≥≤<>=\u4e00-\u9fff/*·]+", t)) and len(re.findall(r"\d", t)) >= 3 and \
        read_value(t) is None and not re.search(r"[\u4e00-\u9fff]{3,}", t)


def _list_kinds(header: list[Cell], cols: dict[str, str]) -> list[str]:
    """The kind of each column of a list table's header (sequence, score, grade, org, name, money, text)."""
    kinds = []
    for c in header:
        hk = key(c.text)
        kind = next((name for name in ("sequence", "score", "grade", "org", "name") if re.match(cols[name], hk)), None)
        if kind is None and (UNIT_IN.search(c.text) or re.search(r"(?:金额|资金|规模|预算|支出|投资)", hk)):
            kind = "money"
        kinds.append(kind or "text")
    return kinds


def _header_unit(header: list[Cell], default: str | None) -> str | None:
    """The money unit a list table's header writes (资金规模(万元)), else ``default``."""
    return next((m.group(1) for c in header if (m := UNIT_IN.search(c.text))), None) or default


def _list_value(form: Form, c: Cell, kind: str, head: Cell, task: Span | None, unit: str | None) -> None:
    """A money or score cell of a list table, as the form's value."""
    label, unit_of = ("MONEY", unit) if kind == "money" else ("SCORE", "分")
    v = read_value(c.text)
    form.values.append(FormValue(c.start, c.start + v.span_end, label, "score" if kind == "score" else None,
                                 kind, None if v.unit else unit_of, _header_span(head), task, "list"))


class _Parser:
    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.text = text
        self.vocab = vocab
        self.cells = split_cells(text, vocab)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.unit: str | None = None
        self.funding: list[tuple[str, Cell]] = []
        self.indicator_cols: list[tuple[str, Cell]] = []
        self.level1: Cell | None = None
        self.level2: Cell | None = None
        self.mode: str | None = None
        self.last_totals: dict[str, Decimal] = {}
        self._last_category = -2

    # -- helpers -------------------------------------------------------------------
    def _open(self, cell: Cell) -> Form:
        if self.form is None:
            self.form = Form(cell.start, cell.end)
            self.forms.append(self.form)
            # the unit the text declares before the form (单位：万元)
            before = self.text[max(0, cell.start - 300):cell.start]
            m = list(UNIT_DECL.finditer(before))
            self.unit = m[-1].group(1) if m else None
        self.form.end = max(self.form.end, cell.end)
        return self.form

    def _title_project(self) -> None:
        """A form named only by its title: the project in the title line before the form."""
        form = self.form
        if form is None or form.project is not None:
            return
        before = self.text[max(0, form.start - 160):form.start]
        lines = [ln for ln in before.split("\n") if ln.strip()]
        if not lines:
            return
        line = lines[-1]
        m = re.search(r"([\u4e00-\u9fff（）()、]{4,40}?(?:资金|项目|经费|补助|专项))(?:（[^）]*）|\([^)]*\))?"
                      r"(?:项目)?(?:支出)?(?:绩效(?:目标)?自评表|绩效自评报告表|绩效评价表)", line)
        if m and not re.search(r"^(?:项目|部门|整体)", m.group(1)):
            start = self.text.rfind(line, 0, form.start) + m.start(1)
            form.project = (start, start + len(m.group(1)))

    def _header_run(self, i: int, kind_of) -> tuple[list[tuple[str, Cell]], int]:
        cols = []
        j = i
        while j < len(self.cells):
            kind = kind_of(self.cells[j].text)
            if kind is None:
                break
            cols.append((kind, self.cells[j]))
            j += 1
        return cols, j

    # -- the parse -------------------------------------------------------------------
    def run(self) -> list[Form]:
        i = 0
        cells = self.cells
        # a text that starts inside an indicator table (the tail of a form whose header is on an
        # earlier page) reads its first rows with the columns of the next header of the same form
        for n in range(len(cells)):
            if self.vocab.header_field(cells[n].text) or self.vocab.funding_column(cells[n].text):
                break  # the form starts with its header block: nothing is a tail
            if self._indicator_header(n):
                if n > 0 and self.form is not None:
                    self.forms.clear()
                    self.form = Form(cells[0].start, cells[0].end)
                    self.forms.append(self.form)
                    self.mode = "indicator"
                else:
                    self.form, self.mode = None, None
                    self.forms.clear()
                break
        while i < len(cells):
            cell = cells[i]
            if _NOTES.match(cell.text) and self.form is not None:
                self.mode, self.form = None, None   # 注：… the form's instructions, no values of this report
                i += 1
                continue
            # a list table first: its 项目名称 column header is no 项目名称 field
            step = (self._list_table(i) or self._field(i) or self._funding_header(i) or self._indicator_header(i)
                    or (self._funding_row(i) if self.mode == "funding" else 0)
                    or (self._indicator_row(i) if self.mode == "indicator" else 0)
                    or self._total(i))
            if step:
                i += step
                continue
            if self.mode and len(cell.text) > 60 and self.form is not None:
                self.form.end = max(self.form.end, cell.end)  # a text cell of the form (objectives …)
            i += 1
        for n, form in enumerate(self.forms):
            self.form = form
            self._title_project()
            # the rows of the form's table after the last one read (项目基本情况 text cells …) are the form's too
            limit = self.forms[n + 1].start if n + 1 < len(self.forms) else len(self.text)
            form.end = _table_end(self.text, form.end, limit)
        return self.forms

    def _field(self, i: int) -> int:
        cell = self.cells[i]
        kind = self.vocab.header_field(cell.text)
        if kind is None or i + 1 >= len(self.cells):
            return 0
        nxt = self.cells[i + 1]
        if self.vocab.is_vocabulary(nxt.text) or read_value(nxt.text):
            return 0
        form = self._open(cell)
        used = 2
        if _DOC_NO.fullmatch(nxt.text.strip()) and i + 2 < len(self.cells) and \
                not self.vocab.is_vocabulary(self.cells[i + 2].text):
            nxt, used = self.cells[i + 2], 3   # 昌州财行(2022)10号 | 国家统计局调查队专项经费
        span = _name_value(nxt, kind)
        if span is None:
            return 0
        if kind == "project":
            if form.project is None:
                form.project = span
        else:
            form.orgs.append(span)
        form.fields.setdefault(key(cell.text), span)
        form.end = max(form.end, nxt.end)
        return used

    def _unnumbered_list(self, i: int, cols: dict[str, str]) -> int:
        """项目名称 | 债券性质 | 债券规模 | 自评分数 | 自评等级 with no 序号 column, one cell per line: each row
        starts at its name and fills the columns in order (an empty cell is skipped, a value never goes to a
        text column); at least two such rows, each with a value, or the cells are not claimed."""
        if not re.match(cols["name"], key(self.cells[i].text)):
            return 0
        # the cells before the first value: the header, then the first row's text cells; the header is
        # as long as leaves exactly as many row cells as it has text columns before its first value column
        first_value = i
        while first_value < len(self.cells) and first_value - i < 16 and not read_value(self.cells[first_value].text):
            if len(self.cells[first_value].text) > 40:
                return 0
            first_value += 1
        header: list[Cell] = []
        kinds: list[str] = []
        for k in range(min(8, first_value - i - 1), 2, -1):
            cand = _list_kinds(self.cells[i:i + k], cols)
            lead = next((n for n, kind in enumerate(cand) if kind in ("money", "score")), None)
            if lead is not None and lead > 0 and first_value - i - k == lead:
                header, kinds = self.cells[i:i + k], cand
                break
        lines = {c.line for c in header}
        if not header or "sequence" in kinds or len(lines) not in (1, len(header)):
            return 0  # a header is one row or one cell per line; 项目名称 X / 主管部门 Y is a form's header block
        j = i + len(header)
        rows: list[tuple[int, list[tuple[Cell, str, Cell]]]] = []
        pos = j
        while pos < len(self.cells):
            start, filled = pos, []
            for col, (kind, head) in enumerate(zip(kinds, header)):
                if pos >= len(self.cells):
                    break
                c = self.cells[pos]
                value = read_value(c.text) is not None
                if kind in ("money", "score"):
                    if value:
                        filled.append((c, kind, head))
                        pos += 1
                elif kind == "grade":
                    if re.fullmatch(r"(?:优秀?|良好?|中等?|差|合格|不合格|[A-D])", c.text):
                        pos += 1
                elif not value and (col == 0 or not re.match(cols["name"], key(c.text))):
                    if col > 0 and filled:
                        break  # text after the values: the next row's name
                    pos += 1
                elif col == 0:
                    break
            if not filled or pos == start:
                break
            rows.append((start, filled))
        if len(rows) < 2:
            return 0
        form = self._open(self.cells[i])
        unit = _header_unit(header, self.unit)
        for start, filled in rows:
            task = _trim(self.cells[start])
            for c, kind, head in filled:
                _list_value(form, c, kind, head, task, unit)
        form.end = max(form.end, self.cells[pos - 1].end)
        self.mode = None
        return pos - i

    def _list_table(self, i: int) -> int:
        """序号 | 项目名称 | 主管部门 | … | 资金规模(万元) | 评分 …, then rows 1 | … , 2 | … (one row per item)."""
        cols = self.vocab.data.get("list_columns")
        if not cols:
            return 0
        if not re.match(cols["sequence"], key(self.cells[i].text)):
            return self._unnumbered_list(i, cols)
        header = [self.cells[i]]
        j = i + 1
        while j < len(self.cells) and len(header) < 12:
            c = self.cells[j]
            if read_value(c.text) or len(c.text) > 20:
                break
            header.append(c)
            j += 1
        k = len(header)
        if k < 3 or j >= len(self.cells) or key(self.cells[j].text) != "1":
            return 0
        if any(self.vocab.indicator_column(c.text) in ("level1", "level2", "level3") for c in header):
            return 0  # 序号 | 一级指标 | …: an indicator table with a sequence column
        if j + k < len(self.cells) and key(self.cells[j + k].text) != "2":
            return 0
        kinds = _list_kinds(header, cols)
        unit = _header_unit(header, self.unit)
        form = self._open(self.cells[i])
        name_col = next((n for n, kind in enumerate(kinds) if kind == "name"), None)
        row = j
        expected = 1
        while row + k <= len(self.cells) and key(self.cells[row].text) == str(expected):
            cells = self.cells[row:row + k]
            task = _trim(cells[name_col]) if name_col is not None else None
            for c, kind, head in zip(cells, kinds, header):
                if kind in ("money", "score") and read_value(c.text):
                    _list_value(form, c, kind, head, task, unit)
                elif kind == "org" and not read_value(c.text):
                    span = _name_value(c, "org")
                    if span:
                        form.orgs.append(span)
            form.end = max(form.end, cells[-1].end)
            row += k
            expected += 1
        self.mode = None
        return row - i

    def _funding_header(self, i: int) -> int:
        start = i
        corner = None
        cell = self.cells[i]
        if _CORNER.match(key(cell.text)) or UNIT_IN.fullmatch(cell.text.strip()) or \
                (UNIT_IN.search(cell.text) and i + 1 < len(self.cells)
                 and self.vocab.funding_column(self.cells[i + 1].text)):
            corner = cell
            i += 1
            # 项目资金 / (万元) on two lines
            if i < len(self.cells) and UNIT_IN.fullmatch(self.cells[i].text.strip()):
                i += 1
        cols, j = self._header_run(i, self.vocab.funding_column)
        if len(cols) < 2 or not any(k in _MONEY_COLUMNS or k == "count" for k, _ in cols):
            return 0
        form = self._open(self.cells[start])
        unit = None
        for c in [*self.cells[max(0, start - 4):start], corner, *[c for _, c in cols], *(self.cells[start:i])]:
            if c is not None:
                m = UNIT_IN.search(c.text)
                if m:
                    unit = m.group(1)
        self.unit = unit or self.unit
        self.funding = cols
        self.mode = "funding"
        self.last_totals = {}
        form.end = max(form.end, self.cells[j - 1].end)
        return j - start

    def _indicator_header(self, i: int) -> int:
        cols, j = self._header_run(i, self.vocab.indicator_column)
        kinds = [k for k, _ in cols]
        if len(cols) < 3 or not ("level3" in kinds or ("target" in kinds and "actual" in kinds)):
            return 0
        self._open(self.cells[i])
        self.indicator_cols = cols
        self.mode = "indicator"
        self.level1 = self.level2 = None
        return j - i

    # -- values ---------------------------------------------------------------------
    def _value_cells(self, i: int, limit: int) -> list[Cell]:
        out = []
        j = i
        while j < len(self.cells) and len(out) < limit:
            c = self.cells[j]
            if read_value(c.text) is None and not _looks_glued(c):
                break
            out.append(c)
            j += 1
        return out

    def _align(self, cells: list[Cell], kinds: list[str]) -> list[tuple[int, list[tuple[Span, str]]]]:
        """Assign value cells to columns in order; a glued cell may fill several columns.

        Returns ``(cell index, [(span, column kind), …])`` per cell that got columns.
        """
        n, m = len(cells), len(kinds)
        best: dict[tuple[int, int], tuple[float, list]] = {(0, 0): (0.0, [])}
        for ci in range(n):
            for ki in range(m + 1):
                state = best.get((ci, ki))
                if state is None:
                    continue
                score, path = state
                cell = cells[ci]
                # skip a column (its cell was empty and dropped); a cell after written
                # empty cells (— 60 —, tab tab) skips exactly as many columns as it has empties
                for kj in range(ki, m):
                    options = self._fills(cell, kinds[kj:], ci)
                    skip = -0.5 * (kj - ki)
                    if cell.gap is not None:
                        skip = 1.5 if kj - ki == cell.gap else skip - 1.5
                    for used, spans, gain in options:
                        key_ = (ci + 1, kj + used)
                        cand = (score + gain + skip, path + [(ci, spans)])
                        if key_ not in best or cand[0] > best[key_][0]:
                            best[key_] = cand
                # or leave the cell unassigned (a stray number)
                key_ = (ci + 1, ki)
                cand = (score - 3.0, path)
                if key_ not in best or cand[0] > best[key_][0]:
                    best[key_] = cand
        finals = [v for (ci, _), v in best.items() if ci == n]
        if not finals:
            return []
        return max(finals, key=lambda v: v[0])[1]

    def _fills(self, cell: Cell, kinds: list[str], _ci: int) -> list[tuple[int, list[tuple[Span, str]], float]]:
        """Ways the cell can fill the next column(s): (columns used, spans with kinds, score)."""
        v = read_value(cell.text)
        out = []
        if v is not None:
            gain = _fit(v, cell.text, kinds[0])
            if gain > -5:
                out.append((1, [((cell.start, cell.start + v.span_end), kinds[0])], gain))
            elif re.fullmatch(r"[\d.]{3,}%?", cell.text) and len(kinds) >= 2:
                # one number that fits no column: cells glued (合计 100100 -> 100 | 100,
                # 40004000100% -> 4000 | 4000 | 100%)
                out.extend(self._glued_fills(cell, kinds, None))
            if self.last_totals and re.fullmatch(r"\d{4,}", cell.text) and len(kinds) >= 2:
                # 其中：本年财政拨款 2020 under a total row of 20 | 20: two cells glued
                cut = split_run(cell.text, kinds[:2], self.last_totals)
                if cut is not None:
                    out.append((2, [((cell.start + a, cell.start + b), kind)
                                    for (a, b), kind in zip(cut, kinds[:2])], 4.5))
            return out
        if _looks_glued(cell):
            out.extend(self._glued_fills(cell, kinds, self.last_totals or None))
        return out

    @staticmethod
    def _glued_fills(cell: Cell, kinds: list[str], bounds: dict[str, Decimal] | None
                     ) -> list[tuple[int, list[tuple[Span, str]], float]]:
        """The ways a glued cell fills the next two to six value columns (each reading unique)."""
        numeric = 0
        while numeric < len(kinds) and kinds[numeric] not in ("reason", "text"):
            numeric += 1
        out = []
        for k in range(2, min(numeric, 6) + 1):
            cut = split_run(cell.text, kinds[:k], bounds)
            if cut is not None:
                spans = [((cell.start + a, cell.start + b), kind) for (a, b), kind in zip(cut, kinds[:k])]
                out.append((k, spans, 2.0 * k))
        return out

    def _emit(self, span: Span, kind: str, indicator: Span | None, task: Span | None, block: str,
              table_unit: str | None = None, rate_name: bool = False) -> None:
        assert self.form is not None
        text = self.text[span[0]:span[1]]
        m = re.match(r"\s*(?:>=|<=|≥|≤|≧|≦|>|<|＞|＜|=|＝|不低于|不少于|不高于|不超过|大于等于|小于等于|大于|小于|约)\s*", text)
        if m and m.end() < len(text):
            span = (span[0] + m.end(), span[1])
            text = text[m.end():]
        v = read_value(text)
        own_unit = v.unit if v is not None else None
        label, role, table_unit = _label(kind, own_unit, table_unit, rate_name)
        if label is None:
            return
        if table_unit == RATE_COLUMN and indicator is not None and re.match(
                r"\s*[（(]\s*[%％]", self.text[indicator[1]:indicator[1] + 6]):
            table_unit = "%"  # the column header writes the unit: 得分系数(%)
        self.form.values.append(FormValue(span[0], span[1], label, role, kind, table_unit,
                                          indicator, task, block,
                                          _trim(self.level1) if self.level1 else None,
                                          _trim(self.level2) if self.level2 else None))
        self.form.end = max(self.form.end, span[1])

    def _funding_row(self, i: int) -> int:
        cell = self.cells[i]
        if read_value(cell.text) or _looks_glued(cell) or self.vocab.funding_column(cell.text):
            return 0
        if self.vocab.indicator_column(cell.text) or self.vocab.header_field(cell.text):
            self.mode = None
            return 0
        label_ok = self.vocab.is_funding_row(cell.text) or self.vocab.is_total(cell.text) or len(cell.text) <= 24
        if not label_ok:
            nxt = self.cells[i + 1] if i + 1 < len(self.cells) else None
            if nxt is not None and self.vocab.is_funding_row(nxt.text):
                return 1  # the text of a row's last cell (原因, 说明), and the block goes on: 其中：财政资金 | …
            self.mode = None
            return 0
        kinds = [k for k, _ in self.funding]
        values = self._value_cells(i + 1, len(kinds))
        if not values:
            return 0 if not self.vocab.is_funding_row(cell.text) else 1
        row = _trim(cell)
        first = not self.last_totals
        totals: dict[str, Decimal] = {}
        for ci, spans in self._align(values, kinds):
            for span, kind in spans:
                header = next(c for k, c in self.funding if k == kind)
                self._emit(span, kind, _header_span(header), row, "funding", table_unit=self.unit)
                number = re.match(r"[\d.]+", self.text[span[0]:span[1]])
                if number and kind in _MONEY_COLUMNS:
                    totals[kind] = Decimal(number.group())
        if first and totals:
            self.last_totals = totals  # the total row bounds its 其中 rows
        return 1 + len(values)

    def _indicator_row(self, i: int) -> int:
        cell = self.cells[i]
        text = cell.text
        cat = self.vocab.category(text)
        if cat is None and _CATEGORY_WEIGHT.search(text) and len(text) <= 16 and not read_value(text):
            # 规划 (15分), 基础信息 (3分): a category of this form's own system, by its weight
            cat = "level2" if self.level1 is not None and self._last_category == i - 1 else "level1"
        if cat is not None:
            self._last_category = i
            if cat == "level1":
                self.level1, self.level2 = cell, None
            else:
                self.level2 = cell
            self._category_weight(cell, self.cells[i + 1] if i + 1 < len(self.cells) else None)
            return 1
        if self.vocab.is_vocabulary(text) or read_value(text) or _looks_glued(cell) or \
                _CATEGORY_WEIGHT.fullmatch(text):
            return 0
        kinds = [k for k, _ in self.indicator_cols if k not in ("level1", "level2", "level3")]
        own = self._row(i + 1, kinds)
        if own is None:
            return 0
        score, assigned, used = own
        # a reason cell followed by the next row's name: the next cell makes the better row
        if i + 1 < len(self.cells) and read_value(self.cells[i + 1].text) is None \
                and not _looks_glued(self.cells[i + 1]):
            nxt = self._row(i + 2, kinds)
            if nxt is not None and nxt[0] > score + 1:
                return 1
        name = _trim(cell)
        if name is None:
            return 0
        role = _ROLE_PREFIX.match(self.text[name[0]:name[1]])
        if role:
            name = (name[0] + role.end(), name[1])
        rate_name = bool(re.search(r"(?:率|比例|占比|比重)$", self.text[name[0]:name[1]]))
        row_unit = next((self.text[a:b] for (a, b), kind in assigned if kind == "unit"), None)
        for span, kind in assigned:
            v = read_value(self.text[span[0]:span[1]])
            if row_unit is None and v is not None and v.unit and kind in ("target", "actual", "prior"):
                row_unit = v.unit
                break
        for span, kind in assigned:
            if kind == "rubric":
                self.form.rubric.append(span)
                continue
            if kind in ("nature", "unit") or read_value(self.text[span[0]:span[1]].lstrip("≥≤><=＞＜＝")) is None:
                continue  # a qualitative target or actual (达成预期指标), a sign or unit cell
            self._emit(span, kind, name, self.form.project if self.form else None, "indicator",
                       table_unit=row_unit, rate_name=rate_name)
        return 1 + used

    def _row(self, j: int, kinds: list[str]) -> tuple[float, list[tuple[Span, str]], int] | None:
        """The best way the cells from ``j`` fill one indicator row's columns: (score, spans, cells used)."""
        cells: list[Cell] = []
        k = j
        # a rubric column (指标解释, 评分标准) holds long text inside the row, as many cells as it has columns
        rubrics = kinds.count("rubric")
        while k < len(self.cells) and len(cells) < len(kinds) + 1:
            c = self.cells[k]
            if self.vocab.category(c.text) or self.vocab.is_total(c.text) or \
                    self.vocab.indicator_column(c.text) or self.vocab.funding_column(c.text) or \
                    self.vocab.header_field(c.text):
                break
            if read_value(c.text) is None and not _looks_glued(c) and not _QUALITATIVE.match(key(c.text)) \
                    and not _CMP_CELL.match(c.text) and not _UNIT_CELL.match(c.text) \
                    and (len(c.text) > 24 or cells):
                if rubrics == 0 or not cells:
                    break
                rubrics -= 1
            cells.append(c)
            k += 1
        if not any(read_value(c.text) or _looks_glued(c) for c in cells):
            return None
        best: dict[tuple[int, int], tuple[float, list, int]] = {(0, 0): (0.0, [], 0)}
        n, m = len(cells), len(kinds)
        for ci in range(n):
            for ki in range(m + 1):
                state = best.get((ci, ki))
                if state is None:
                    continue
                score, path, used = state
                cell = cells[ci]
                for kj in range(ki, m):
                    if read_value(cell.text) is None and not _looks_glued(cell):
                        if kinds[kj] not in _TEXTY:
                            continue
                        cmp_cell = bool(_CMP_CELL.match(cell.text))
                        unit_cell = bool(_UNIT_CELL.match(cell.text))
                        if kinds[kj] == "nature":
                            gain = 1.5 if cmp_cell else -9.0
                        elif kinds[kj] == "unit":
                            gain = 1.5 if unit_cell else -9.0
                        else:
                            gain = -9.0 if (cmp_cell or unit_cell) else 0.5
                        if gain < -5:
                            continue
                        options = [(1, [((cell.start, cell.end), kinds[kj])], gain)]
                    else:
                        options = self._fills(cell, kinds[kj:], ci)
                    for n_cols, spans, gain in options:
                        key_ = (ci + 1, kj + n_cols)
                        cand = (score + gain - 0.4 * (kj - ki), path + spans, ci + 1)
                        if key_ not in best or cand[0] > best[key_][0]:
                            best[key_] = cand
        ends = [v for v in best.values() if v[2] > 0]
        if not ends:
            return None
        score, path, used = max(ends, key=lambda v: (v[0], v[2]))
        if not any(read_value(self.text[a:b]) for (a, b), _ in path):
            return None
        return score, path, used

    def _category_weight(self, cell: Cell, nxt: Cell | None) -> None:
        """产出指标（50分）: a weight written in a category cell is a SCORE of that category (C5)."""
        m = _CATEGORY_WEIGHT.search(cell.text)
        name = (cell.start, cell.start + (m.start() if m else len(cell.text)))
        if m is None and nxt is not None:
            m = _CATEGORY_WEIGHT.fullmatch(nxt.text)   # 产出指标 | （70分）
            cell = nxt if m else cell
        if not m or self.form is None:
            return
        span = (cell.start + m.start(1), cell.start + m.end() - 1)
        self.form.values.append(FormValue(span[0], span[1], "SCORE", "weight", "weight", "分", name,
                                          self.form.project, "category"))

    def _total(self, i: int) -> int:
        cell = self.cells[i]
        if not self.vocab.is_total(cell.text) or self.form is None:
            return 0
        values = [c for c in self._value_cells(i + 1, 3)
                  if _looks_glued(c) or (read_value(c.text) or Value(None, 0, 0, 0, None)).unit in (None, "分")]
        if not values:
            return 0
        kinds = ["weight", "score"] if len(values) >= 2 or _looks_glued(values[0]) or \
            len(values[0].text) >= 4 else ["score"]
        label_span = _trim(cell)
        for _, spans in self._align(values, kinds):
            for span, kind in spans:
                self._emit(span, kind, label_span, self.form.project, "total")
        return 1 + len(values)


def _fit(v: Value, text: str, kind: str) -> float:
    """How well a value cell fits a column kind (higher is better, <= -5 never)."""
    unit = v.unit or ""
    percent = unit in ("%", "％", "百分比")
    money = unit.endswith("元")
    digits = text[v.num_start:v.num_end]
    try:
        number = Decimal(re.sub(r"[,，]", "", digits).translate(str.maketrans("０１２３４５６７８９．", "0123456789.")))
    except Exception:  # noqa: BLE001 - a Chinese numeral: fits by its unit only
        number = None
    if kind in ("rate", "change_rate"):
        # 40004000100% is no rate (three cells glued); an 增减率 may be negative and, without %, up to 1000
        size = number if number is None or kind == "rate" else abs(number)
        if percent:
            return 3.0 if size is None or 0 <= size <= 1000 else -6.0
        cap = 200 if kind == "rate" else 1000
        return 1.0 if size is not None and 0 <= size <= cap and not unit else -6.0
    if kind in ("weight", "score"):
        if unit and unit != "分":
            return -6.0
        return 2.0 if number is not None and 0 <= number <= 100 else -6.0
    if kind in _MONEY_COLUMNS:
        if percent:
            return -6.0
        return 3.0 if money else (2.0 if not unit else -2.0)
    if kind == "count":
        return 2.0 if not unit or unit in ("人", "个") else -6.0
    if kind in ("target", "actual", "prior"):
        return 2.0 if (unit or v.approx_word) else 1.0
    return 0.0


def _label(kind: str, own_unit: str | None, table_unit: str | None, rate_name: bool
           ) -> tuple[str | None, str | None, str | None]:
    """(label, role, unit for a bare number) of a value in a column."""
    role = {"target": "target", "actual": "actual", "weight": "weight", "score": "score"}.get(kind)
    if kind in ("weight", "score"):
        return "SCORE", role, "分"
    if kind in ("rate", "change_rate"):
        return "PERCENT", None, RATE_COLUMN
    if kind in _MONEY_COLUMNS:
        if own_unit:
            return ("MONEY" if own_unit.endswith("元") else None), None, None
        return "MONEY", None, table_unit
    if kind == "count":
        return "COUNT", None, None
    # target / actual / prior / completion: by the unit the cell or its row writes
    unit = own_unit or table_unit
    if unit in ("%", "％", "百分比"):
        return "PERCENT", role, None if own_unit else "%"
    if unit and unit.endswith("元"):
        return "MONEY", role, None if own_unit else unit
    if unit == "分":
        return "SCORE", role, None if own_unit else "分"
    if not unit and rate_name:
        return "PERCENT", role, RATE_COLUMN
    return "COUNT", role, None if own_unit else unit


def read_forms(text: str, vocab: Vocabulary) -> list[Form]:
    """Every self-evaluation form in ``text`` with its values, project and organizations."""
    return _Parser(text, vocab).run()
