"""A plain-text annotation format that compiles to contract JSONL.

Annotators who work in a text editor rather than in doccano write one line
per span, in the order of the text, quoting the span with enough context to
find it; offsets are computed, never typed. A file (``.ann``)::

    # comments and blank lines are ignored
    @id 2012
    @doc derived/012.txt
    @annotator a1
    i1 INDICATOR :: 財政⟦下撥⟧
    t1 TASK :: 專項資金
    q1 MONEY v=30000000 u=萬元 a=exact ind=i1 task=t1 :: 3000萬元

A span line is ``<name> <LABEL> [key=value …] :: <snippet>``. The snippet is
text copied from the document, with the span between ``⟦`` and ``⟧`` (no
brackets: the whole snippet is the span); ``\\n``, ``\\t`` and ``\\\\`` stand for
a line break, a tab and a backslash. The snippet is searched from the end of
the previous span, so spans are listed in text order and a repeated string
needs no counting. Quantities carry ``v=`` (the normalized value, a decimal;
``v=null`` where no value can be read), ``u=`` (the unit as written, ``u=-``
for none) and ``a=`` (approx); ``ind=`` and ``task=`` name the INDICATOR and
TASK span the quantity links to (defined before or after it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..contract import APPROX_VALUES, LABELS, QUANTITY_LABELS, REL_INDICATOR, REL_TASK

OPEN, CLOSE = "⟦", "⟧"
_RELATION_KEYS = {"ind": REL_INDICATOR, "task": REL_TASK}
_VALUE_KEYS = ("v", "u", "a")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

# numerals a reviewer must account for: Arabic runs, and Chinese numerals before a classifier or unit
_ARABIC_RUN = re.compile(r"[0-9０-９]+(?:[.,，．][0-9０-９]+)*")
_CHINESE_RUN = re.compile(
    r"(?<![0-9０-９.])[〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩貳參陸]+"
    r"(?=[个次件项名人场期批条家张篇所台套户处元分%吨亩公里米平方天年月周部本类位座辆])")


@dataclass
class AuthoringProblem:
    """One line of an ``.ann`` file that cannot be compiled."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class _Span:
    name: str
    label: str
    start: int
    end: int
    line: int
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Compiled:
    """The result of compiling one ``.ann`` file."""

    record: dict | None
    problems: list[AuthoringProblem]
    uncovered: list[tuple[int, str, str]]  # (offset, numeral, context) outside every quantity


def _unescape(snippet: str) -> str:
    out, i = [], 0
    while i < len(snippet):
        c = snippet[i]
        if c == "\\" and i + 1 < len(snippet) and snippet[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[snippet[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _split_snippet(snippet: str) -> tuple[str, int, int] | str:
    """Return ``(plain text, span start, span end)`` within the snippet, or an error."""
    text = _unescape(snippet)
    if text.count(OPEN) > 1 or text.count(CLOSE) > 1 or (OPEN in text) != (CLOSE in text):
        return f"the snippet needs exactly one {OPEN}…{CLOSE} pair (or none)"
    if OPEN not in text:
        return text, 0, len(text)
    a = text.index(OPEN)
    b = text.index(CLOSE)
    if b < a:
        return f"{CLOSE} comes before {OPEN}"
    plain = text[:a] + text[a + 1:b] + text[b + 1:]
    return plain, a, b - 1


def _find(text: str, plain: str, left: int, cursor: int) -> int:
    """Offset of the first occurrence of ``plain`` whose span part starts at or after ``cursor``."""
    pos = text.find(plain, max(0, cursor - left))
    while pos != -1 and pos + left < cursor:
        pos = text.find(plain, pos + 1)
    return pos


def compile_ann(path: Path, sources: Path) -> Compiled:
    """Compile one ``.ann`` file against the report it names under ``sources``."""
    problems: list[AuthoringProblem] = []

    def problem(line: int, message: str) -> None:
        problems.append(AuthoringProblem(str(path), line, message))

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        return Compiled(None, [AuthoringProblem(str(path), 0, f"cannot read ({e})")], [])
    directives: dict[str, str] = {}
    spans: list[_Span] = []
    text: str | None = None
    cursor = 0
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            directives[key] = value.strip()
            if key == "doc":
                try:
                    text = (sources / value.strip()).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as e:
                    problem(n, f"cannot read the document {value.strip()!r} under {sources} ({e})")
            continue
        head, sep, snippet = line.partition(" :: ")
        if not sep:
            problem(n, "a span line is '<name> <LABEL> [key=value …] :: <snippet>'")
            continue
        parts = head.split()
        if len(parts) < 2 or not _NAME.match(parts[0]):
            problem(n, "a span line starts with a name (letters, digits, _) and a label")
            continue
        name, label, pairs = parts[0], parts[1], parts[2:]
        if label not in LABELS:
            problem(n, f"unknown label {label!r} (one of {', '.join(LABELS)})")
            continue
        fields: dict[str, str] = {}
        for pair in pairs:
            key, eq, value = pair.partition("=")
            if not eq or key not in (*_VALUE_KEYS, *_RELATION_KEYS):
                problem(n, f"unknown field {pair!r} (v=, u=, a=, ind=, task=)")
            else:
                fields[key] = value
        if text is None:
            problem(n, "no @doc line before the first span")
            continue
        split = _split_snippet(snippet)
        if isinstance(split, str):
            problem(n, split)
            continue
        plain, left, right = split
        if left == right:
            problem(n, "the span is empty")
            continue
        pos = _find(text, plain, left, cursor)
        if pos == -1:
            anywhere = text.find(plain)
            where = (f"it occurs only before the previous span (offset {anywhere}): list spans in "
                     f"text order" if anywhere != -1 else "it does not occur in the document: copy "
                     "it exactly (\\n for a line break, \\t for a tab)")
            problem(n, f"snippet not found after offset {cursor}; {where}")
            continue
        start, end = pos + left, pos + right
        if text[start:end] != text[start:end].strip():
            problem(n, f"the span {text[start:end]!r} starts or ends with white space")
        spans.append(_Span(name, label, start, end, n, fields))
        cursor = end
    if text is None and not any(p.message.startswith("cannot read") for p in problems):
        problem(0, "no @doc line: name the document, e.g. '@doc derived/012.txt'")
    record = _build(spans, directives, problem) if text is not None else None
    uncovered = _uncovered(text, spans) if text is not None else []
    if problems:
        return Compiled(None, problems, uncovered)
    return Compiled(record, problems, uncovered)


def _build(spans: list[_Span], directives: dict[str, str], problem) -> dict | None:
    by_name: dict[str, _Span] = {}
    for s in spans:
        if s.name in by_name:
            problem(s.line, f"the name {s.name!r} is used twice (first on line {by_name[s.name].line})")
        by_name[s.name] = s
    try:
        rec_id = int(directives.get("id", ""))
    except ValueError:
        problem(0, "no '@id N' line (the record id, e.g. '@id 2012')")
        return None
    entities, relations = [], []
    ids = {s.name: k for k, s in enumerate(spans, 1)}
    for s in spans:
        ent: dict = {"id": ids[s.name], "label": s.label, "start_offset": s.start, "end_offset": s.end}
        if s.label in QUANTITY_LABELS:
            missing = [k for k in _VALUE_KEYS if k not in s.fields]
            if missing:
                problem(s.line, f"a quantity needs {', '.join(k + '=' for k in missing)}")
            value = s.fields.get("v", "null")
            if value != "null":
                try:
                    number = Decimal(value)
                    if not number.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    problem(s.line, f"v={value} is not a decimal number (or null)")
                else:
                    ent["value"] = value
            else:
                ent["value"] = None
                ent["value_status"] = "unreadable"
            unit = s.fields.get("u", "-")
            if unit != "-":
                ent["unit"] = unit
            approx = s.fields.get("a", "exact")
            if approx not in APPROX_VALUES:
                problem(s.line, f"a={approx} is not one of {', '.join(APPROX_VALUES)}")
            ent["approx"] = approx
            for key, rtype in _RELATION_KEYS.items():
                target = s.fields.get(key)
                if target is None:
                    continue
                other = by_name.get(target)
                want = "INDICATOR" if rtype == REL_INDICATOR else "TASK"
                if other is None:
                    problem(s.line, f"{key}={target}: no span of that name")
                elif other.label != want:
                    problem(s.line, f"{key}={target}: {target} is {other.label}, not {want}")
                else:
                    relations.append({"id": len(relations) + 1, "from_id": ids[s.name],
                                      "to_id": ids[target], "type": rtype})
        elif s.fields:
            problem(s.line, f"only quantities carry fields ({', '.join(sorted(s.fields))})")
        entities.append(ent)
    ordered = sorted(spans, key=lambda s: s.start)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            problem(b.line, f"{b.name} overlaps {a.name} (line {a.line})")
    meta: dict = {"source": directives.get("doc", ""), "doc_start": 0}
    if "annotator" in directives:
        meta["annotator"] = directives["annotator"]
    return {"id": rec_id, "text": None, "meta": meta, "entities": entities, "relations": relations}


def _uncovered(text: str, spans: list[_Span]) -> list[tuple[int, str, str]]:
    covered = [(s.start, s.end) for s in spans if s.label in QUANTITY_LABELS]
    out = []
    for rx in (_ARABIC_RUN, _CHINESE_RUN):
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in covered):
                continue
            ctx = text[max(0, m.start() - 8):m.end() + 8].replace("\n", "⏎").replace("\t", "⇥")
            out.append((m.start(), m.group(), ctx))
    return sorted(out)


def compile_files(paths: list[Path], sources: Path) -> tuple[list[dict], list[Compiled]]:
    """Compile several ``.ann`` files; return the records (text filled in) and every result."""
    records, results = [], []
    for path in paths:
        result = compile_ann(path, sources)
        results.append(result)
        if result.record is not None:
            rec = result.record
            rec["text"] = (sources / rec["meta"]["source"]).read_text(encoding="utf-8")
            records.append(rec)
    return records, results


def describe(record: dict) -> list[str]:
    """One line per entity (in text order) with its text, fields and links, for review."""
    text = record["text"]
    names = {e["id"]: e for e in record["entities"]}
    links: dict[int, list[str]] = {}
    for r in record["relations"]:
        target = names[r["to_id"]]
        links.setdefault(r["from_id"], []).append(
            f"{r['type']}→{text[target['start_offset']:target['end_offset']]!r}")
    lines = []
    for e in sorted(record["entities"], key=lambda e: e["start_offset"]):
        surface = text[e["start_offset"]:e["end_offset"]]
        extra = ""
        if e["label"] in QUANTITY_LABELS:
            extra = f" v={e.get('value')} u={e.get('unit', '-')} a={e.get('approx')}"
        link = " " + " ".join(links.get(e["id"], [])) if e["id"] in links else ""
        lines.append(f"{e['start_offset']:>5} {e['label']:<9} {surface!r}{extra}{link}")
    return lines


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def to_ann(record: dict, *, doc: str | None = None, annotator: str | None = None) -> str:
    """Write a contract record as an ``.ann`` file that compiles back to the same spans.

    Each span gets the shortest context (left, then right) that makes the
    forward search land on it.
    """
    text = record["text"]
    prefix = {"MONEY": "q", "PERCENT": "q", "COUNT": "q", "SCORE": "q",
              "INDICATOR": "i", "TASK": "t", "ORG": "o"}
    ents = sorted(record["entities"], key=lambda e: e["start_offset"])
    names: dict[int, str] = {}
    counts: dict[str, int] = {}
    for e in ents:
        p = prefix[e["label"]]
        counts[p] = counts.get(p, 0) + 1
        names[e["id"]] = f"{p}{counts[p]}"
    links: dict[int, dict[str, str]] = {}
    for r in record.get("relations", []):
        key = "ind" if r["type"] == REL_INDICATOR else "task"
        links.setdefault(r["from_id"], {})[key] = names[r["to_id"]]
    out = [f"@id {record['id']}", f"@doc {doc or record['meta']['source']}"]
    if annotator or record.get("meta", {}).get("annotator"):
        out.append(f"@annotator {annotator or record['meta']['annotator']}")
    cursor = 0
    for e in ents:
        s, t = e["start_offset"], e["end_offset"]
        snippet = None
        for left in range(0, 13):
            for right in range(0, 13):
                a, b = max(0, s - left), min(len(text), t + right)
                plain = text[a:b]
                if _find(text, plain, s - a, cursor) == a:
                    snippet = (_escape(text[a:s]) + OPEN + _escape(text[s:t]) + CLOSE
                               + _escape(text[t:b])) if (a, b) != (s, t) else _escape(text[s:t])
                    break
            if snippet is not None:
                break
        if snippet is None:  # unreachable for valid non-overlapping spans: keep a loud marker
            snippet = OPEN + _escape(text[s:t]) + CLOSE
        fields = []
        if e["label"] in QUANTITY_LABELS:
            value = e.get("value")
            fields += [f"v={'null' if value is None else value}", f"u={e.get('unit') or '-'}",
                       f"a={e.get('approx', 'exact')}"]
        for key in ("ind", "task"):
            if key in links.get(e["id"], {}):
                fields.append(f"{key}={links[e['id']][key]}")
        out.append(" ".join([names[e["id"]], e["label"], *fields]) + " :: " + snippet)
        cursor = t
    return "\n".join(out) + "\n"
