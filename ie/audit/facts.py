"""What the audit reads: a report's quantities with their links, keys and places, from its contract record.

The audit works on the contract record (``predictions.jsonl``), so a folder
extracted earlier can be audited again without the model, and every check
uses exactly what the outputs state.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from ..contract import QUANTITY_LABELS, REL_INDICATOR, REL_TASK, VALUE_OK
from ..pipeline.spans import SENTENCE_END, sentence_bounds

_CELL_SEPARATORS = ("|", "\t")


@dataclass(frozen=True)
class Mention:
    """An INDICATOR or TASK span a quantity links to."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fact:
    """One quantity as the audit sees it."""

    start: int
    end: int
    text: str                   # as written, its line breaks and runs of spaces made one space
    label: str
    value: Decimal | None       # None unless the value was read (value_status ok)
    approx: str | None
    role: str | None
    indicator: Mention | None
    task: Mention | None
    indicator_key: str | None
    task_key: str | None
    line: tuple[int, int]       # the line of text it sits on
    sentence: tuple[int, int]   # its sentence (ends at 。；！？ and at line ends not after a comma)
    in_table_row: bool          # its line is a table row (cells separated by | or tabs)
    cell_run: int | None = None  # one cell per line and no INDICATOR: the start of its row's run of cells

    @property
    def ok(self) -> bool:
        return self.value is not None

    def as_dict(self) -> dict:
        """The quantity as a check lists it (offsets, text, value, role, indicator)."""
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label,
                "value": None if self.value is None else str(self.value), "role": self.role,
                "indicator": self.indicator.text if self.indicator else None,
                "indicator_key": self.indicator_key, "task": self.task.text if self.task else None}


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


_CLAUSE_END = "，、：,:"


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``; a line broken after a comma (a PDF's wrap) does not end it."""
    s, e = sentence_bounds(text, start, end, SENTENCE_END)
    while s > 0 and text[s - 1] == "\n":
        head = text[:s].rstrip()
        if not head or head[-1] not in _CLAUSE_END:
            break
        s = sentence_bounds(text, len(head) - 1, len(head), SENTENCE_END)[0]
    while e < len(text) and text[e] == "\n" and text[:e].rstrip()[-1:] in _CLAUSE_END:
        nxt = len(text) - len(text[e:].lstrip())
        if nxt >= len(text):
            break
        e = sentence_bounds(text, nxt, nxt, SENTENCE_END)[1]
    return s, e


def facts_of(record: dict) -> list[Fact]:
    """The quantities of one contract record, in text order."""
    text: str = record["text"]
    ents = {e["id"]: e for e in record.get("entities", [])}
    links: dict[tuple[int, str], Mention] = {}
    for rel in record.get("relations", []):
        target = ents.get(rel["to_id"])
        if target is not None and rel["type"] in (REL_INDICATOR, REL_TASK):
            s, e = target["start_offset"], target["end_offset"]
            links[(rel["from_id"], rel["type"])] = Mention(s, e, " ".join(text[s:e].split()))
    out = []
    for ent in sorted(ents.values(), key=lambda e: (e["start_offset"], e["end_offset"])):
        if ent["label"] not in QUANTITY_LABELS:
            continue
        s, e = ent["start_offset"], ent["end_offset"]
        status = ent.get("value_status") or VALUE_OK
        line = sentence_bounds(text, s, e, "\n")
        value = _decimal(ent.get("value")) if status == VALUE_OK else None
        out.append(Fact(s, e, " ".join(text[s:e].split()), ent["label"], value,
                        ent.get("approx"), ent.get("role"), links.get((ent["id"], REL_INDICATOR)),
                        links.get((ent["id"], REL_TASK)), ent.get("indicator_key"), ent.get("task_key"),
                        line, _sentence(text, s, e),
                        any(text.count(sep, *line) >= 2 for sep in _CELL_SEPARATORS)))
    return _cell_runs(out, text)


_ROW_ROLES = ("weight", "target", "actual", "score")
_EMPTY_CELL = re.compile(r"^[\s|｜]*$")
_SIGNS = re.compile(r"^[\s|｜]*[<>=≥≤＜＞≦≧＝]*")


def _alone_on_line(f: Fact, text: str) -> bool:
    """The quantity is its line's only content, a comparison sign aside (a table flattened one cell per line)."""
    line = text[f.line[0]:f.line[1]]
    rest = line.replace(text[f.start:f.end], "", 1)
    return bool(_EMPTY_CELL.match(_SIGNS.sub("", rest, count=1)))


def _cell_runs(facts: list[Fact], text: str) -> list[Fact]:
    """Group the cells of one row of a one-cell-per-line table whose row name was not read as an INDICATOR.

    Without the INDICATOR the audit has nothing to pair a row's 分值, 指标值,
    实际值 and 得分 by; the table reader gave each cell its role, so cells
    with roles on consecutive lines (empty cells between them allowed), each
    role at most once, are one row. Anything else ends the run.
    """
    out: list[Fact] = []
    run: list[Fact] = []

    def close() -> None:
        if len(run) >= 2:
            out[-len(run):] = [replace(f, cell_run=run[0].start) for f in run]
        run.clear()

    for f in facts:
        cell = (f.role in _ROW_ROLES and f.indicator is None and not f.in_table_row
                and _alone_on_line(f, text))
        if run and (not cell or f.role in {g.role for g in run}
                    or not _EMPTY_CELL.match(text[run[-1].line[1]:f.line[0]])):
            close()
        out.append(f)
        if cell:
            run.append(f)
    close()
    return out
