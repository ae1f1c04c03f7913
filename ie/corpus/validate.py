"""Check contract JSONL files (annotations/CONTRACT.md) line by line.

Every problem is a :class:`Problem` that names the file, the line, the
entity or relation and the rule it breaks, and says what to fix. Nothing here
prints or stops at the first problem: :func:`validate_records` and
:func:`validate_file` return every problem they find.

Rule ids (see :data:`RULES`):

``json``, ``required``, ``duplicate-entity-id``, ``duplicate-relation-id``,
``offsets``, ``whitespace``, ``overlap``, ``label``, ``relation-type``,
``relation-endpoint``, ``relation-direction``, ``relation-duplicate``,
``value``, ``unit``, ``approx``, ``role``, ``doc-start``, ``source-unknown``,
``source-text``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from ..contract import (
    APPROX_VALUES,
    LABELS,
    QUANTITY_LABELS,
    RELATION_TARGET,
    RELATION_TYPES,
    ROLES,
    VALUE_OK,
    VALUE_STATUSES,
)
from ..errors import AnnotationError, Errors
from .jsonl import iter_jsonl

RULES: dict[str, str] = {
    "json": "each line is one JSON object",
    "required": "text (string), entities (list), meta.source (string) and the fields of "
                "every entity (id, label, start_offset, end_offset) and relation "
                "(id, from_id, to_id, type) are present",
    "duplicate-entity-id": "entity ids are unique within a line",
    "duplicate-relation-id": "relation ids are unique within a line",
    "offsets": "0 <= start_offset < end_offset <= len(text), integers",
    "whitespace": "no span starts or ends with white space",
    "overlap": "spans do not overlap",
    "label": "entity labels come from the contract",
    "relation-type": "relation types come from the contract",
    "relation-endpoint": "from_id and to_id name entities of the same line",
    "relation-direction": "indicator goes quantity -> INDICATOR, task goes quantity -> TASK",
    "relation-duplicate": "a quantity has at most one relation of each type",
    "value": "value (when present) is a decimal number, or null with value_status "
             "ambiguous/unreadable",
    "value-status": "value_status (when present) is ok, ambiguous or unreadable, and ok only "
                    "with a value",
    "unit": "unit (when present) is a non-empty string",
    "approx": "approx (when present) is one of the contract's values",
    "role": "role (when present) is one of the contract's roles",
    "doc-start": "meta.doc_start is a non-negative integer (needed to check against the source)",
    "source-unknown": "the report named by meta.source is among the given sources",
    "source-text": "text is identical to the source report at meta.doc_start",
}


@dataclass(frozen=True)
class Problem:
    """One broken rule on one line of an annotation file."""

    path: str
    line: int
    rule: str
    message: str
    entity_id: Any = None
    relation_id: Any = None

    def __str__(self) -> str:
        if self.entity_id is not None:
            problem = f"entity {self.entity_id}: {self.message}"
        elif self.relation_id is not None:
            problem = f"relation {self.relation_id}: {self.message}"
        else:
            problem = self.message
        return Errors.E021.format(path=self.path, line=self.line, problem=problem)


def _show(text: str, limit: int = 30) -> str:
    """Quote a span for a one-line message (escapes line breaks, shortens)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_synthetic(meta: object) -> bool:
    return isinstance(meta, dict) and meta.get("synthetic") is True


class _LineChecker:
    """Collects the problems of one record (one line)."""

    def __init__(self, path: str, line: int, rec: object,
                 sources: Mapping[str, str] | None) -> None:
        self.path = path
        self.line = line
        self.rec = rec
        self.sources = sources
        self.problems: list[Problem] = []

    def add(self, rule: str, message: str, *, entity: Any = None, relation: Any = None) -> None:
        """Record one problem of this line."""
        self.problems.append(Problem(self.path, self.line, rule, message, entity, relation))

    # -- record ------------------------------------------------------------

    def run(self) -> list[Problem]:
        """Check the record's fields, source, entities and relations; return the problems."""
        rec = self.rec
        if not isinstance(rec, dict):
            self.add("required", f"the line is a JSON {type(rec).__name__}, not an object; "
                     "write one example object per line")
            return self.problems
        text = rec.get("text")
        if not isinstance(text, str):
            self.add("required", "'text' is missing or not a string; add the unit's text")
            text = None
        meta = rec.get("meta")
        if not isinstance(meta, dict):
            self.add("required", "'meta' is missing or not an object; add "
                     "meta.source (and meta.doc_start)")
            meta = {}
        elif not isinstance(meta.get("source"), str) or not meta["source"]:
            self.add("required", "meta.source is missing or empty; add the report's file name")
        entities = rec.get("entities")
        if not isinstance(entities, list):
            self.add("required", "'entities' is missing or not a list; write [] for a unit "
                     "without entities")
            entities = None
        relations = rec.get("relations", [])
        if not isinstance(relations, list):
            self.add("required", "'relations' is not a list; write [] for a unit without relations")
            relations = []
        self._check_source(text, meta)
        by_id = self._check_entities(entities, text) if entities is not None else None
        self._check_relations(relations, by_id)
        return self.problems

    def _check_source(self, text: str | None, meta: dict) -> None:
        """Check meta.doc_start, and the text against its report when sources are given."""
        doc_start = meta.get("doc_start")
        if "doc_start" in meta and not (_is_int(doc_start) and doc_start >= 0):
            self.add("doc-start", f"meta.doc_start {doc_start!r} is not a non-negative integer; "
                     "set it to the unit's offset in the report")
            return
        source = meta.get("source")
        if self.sources is None or _is_synthetic(meta) or text is None or not isinstance(source, str):
            return
        if source not in self.sources:
            self.add("source-unknown", f"meta.source {_show(source, 60)} is not among the "
                     "source reports given; fix meta.source or pass the folder that holds it")
            return
        if doc_start is None:
            self.add("doc-start", "meta.doc_start is missing, so the text cannot be checked "
                     "against the source; add the unit's offset in the report")
            return
        report = self.sources[source]
        if report[doc_start: doc_start + len(text)] == text:
            return
        found = report.find(text) if text else -1
        hint = (f"the text occurs at offset {found}: set meta.doc_start to {found}" if found >= 0
                else "re-export the unit from the report; do not edit 'text'")
        window = report[doc_start: doc_start + len(text)]
        k = next((i for i, (a, b) in enumerate(zip(text, window)) if a != b), min(len(text), len(window)))
        if k >= len(window):
            detail = (f"the report ends at offset {len(report)}, before the unit's end "
                      f"({doc_start + len(text)})")
        else:
            detail = (f"first difference at text offset {k}: unit has {_show(text[k:k + 10])}, "
                      f"report has {_show(window[k:k + 10])}")
        self.add("source-text", f"text is not identical to {source} at doc_start {doc_start} "
                 f"({detail}); {hint}")

    # -- entities ----------------------------------------------------------

    def _check_entities(self, entities: list, text: str | None) -> dict[Any, dict]:
        """Check entities one by one, then overlaps; return the first entity per id."""
        by_id: dict[Any, dict] = {}
        spans: list[tuple[int, int, Any, dict]] = []
        for n, ent in enumerate(entities, 1):
            if not isinstance(ent, dict):
                self.add("required", f"entity #{n} in the list is not an object; write "
                         "{\"id\", \"label\", \"start_offset\", \"end_offset\"}")
                continue
            eid = ent.get("id")
            ref = eid if eid is not None else f"#{n}"
            missing = [k for k in ("id", "label", "start_offset", "end_offset") if k not in ent]
            if missing:
                self.add("required", f"missing {', '.join(repr(k) for k in missing)}; every "
                         "entity needs id, label, start_offset and end_offset", entity=ref)
            if eid is not None:
                if not _is_int(eid):
                    self.add("required", f"id {eid!r} is not an integer; use doccano's "
                             "integer ids", entity=ref)
                elif eid in by_id:
                    self.add("duplicate-entity-id", f"id {eid} is used by another entity on this "
                             "line; give each entity its own id", entity=ref)
                else:
                    by_id[eid] = ent
            label = ent.get("label")
            if "label" in ent and label not in LABELS:
                self.add("label", f"label {label!r} is not in the contract; use one of "
                         f"{', '.join(LABELS)}", entity=ref)
            span = self._check_offsets(ent, text, ref)
            if span is not None:
                spans.append((span[0], span[1], ref, ent))
            self._check_extras(ent, ref)
        self._check_overlaps(spans, text or "")
        return by_id

    def _check_offsets(self, ent: dict, text: str | None, ref: Any) -> tuple[int, int] | None:
        """Check one entity's offsets and edges; return its span when usable."""
        if "start_offset" not in ent or "end_offset" not in ent:
            return None
        start, end = ent["start_offset"], ent["end_offset"]
        if not (_is_int(start) and _is_int(end)):
            self.add("offsets", f"start_offset {start!r}, end_offset {end!r}: offsets must be "
                     "integers (code points into 'text')", entity=ref)
            return None
        if text is None:
            return None
        if not 0 <= start < end <= len(text):
            self.add("offsets", f"start_offset {start}, end_offset {end}: the span is empty or "
                     f"outside the text (need 0 <= start_offset < end_offset <= {len(text)}); "
                     "fix the offsets", entity=ref)
            return None
        span = text[start:end]
        if span[0].isspace() or span[-1].isspace():
            self.add("whitespace", f"span {start}-{end} {_show(span)} starts or ends with white "
                     "space; trim it to the first and last non-space character", entity=ref)
        return start, end

    def _check_overlaps(self, spans: list[tuple[int, int, Any, dict]], text: str) -> None:
        """Report each overlapping pair once, on the entity that starts later."""
        spans.sort(key=lambda s: (s[0], s[1]))
        open_spans: list[tuple[int, int, Any, dict]] = []
        for start, end, ref, ent in spans:
            open_spans = [s for s in open_spans if s[1] > start]
            for o_start, o_end, o_ref, o_ent in open_spans:
                self.add("overlap", f"{ent.get('label')} {start}-{end} {_show(text[start:end])} "
                         f"overlaps entity {o_ref} ({o_ent.get('label')} {o_start}-{o_end} "
                         f"{_show(text[o_start:o_end])}); spans must not overlap: shorten or "
                         "delete one", entity=ref)
            open_spans.append((start, end, ref, ent))

    def _check_extras(self, ent: dict, ref: Any) -> None:
        """Check the optional extractor fields value, unit, approx and role."""
        status = ent.get("value_status")
        if status is not None and status not in VALUE_STATUSES:
            self.add("value-status", f"value_status {status!r} is not one of "
                     f"{', '.join(VALUE_STATUSES)}", entity=ref)
        elif status is not None and status != VALUE_OK and ent.get("value") is not None:
            self.add("value-status", f"value_status {status!r} comes with value null, not "
                     f"{ent.get('value')!r}: a value that cannot be read is not guessed", entity=ref)
        if "value" in ent and ent["value"] is None and status not in (None, VALUE_OK):
            pass  # an honest "cannot read"
        elif "value" in ent:
            value = ent["value"]
            ok = False
            if (_is_int(value) or isinstance(value, (float, str))) and not isinstance(value, bool):
                try:
                    ok = Decimal(str(value).strip()).is_finite()
                except InvalidOperation:
                    ok = False
            if not ok:
                self.add("value", f"value {value!r} is not a decimal number; write a number "
                         "such as 134803700 or \"0.9924\"", entity=ref)
        if "unit" in ent and not (isinstance(ent["unit"], str) and ent["unit"].strip()):
            self.add("unit", f"unit {ent['unit']!r} is not a non-empty string; write the unit "
                     "as it appears (e.g. \"万元\") or leave the field out", entity=ref)
        if "approx" in ent and ent["approx"] not in APPROX_VALUES:
            self.add("approx", f"approx {ent['approx']!r} is not one of "
                     f"{', '.join(APPROX_VALUES)}", entity=ref)
        if "role" in ent and ent["role"] not in ROLES:
            self.add("role", f"role {ent['role']!r} is not one of {', '.join(ROLES)}; leave "
                     "the field out when the value has no role", entity=ref)

    # -- relations ---------------------------------------------------------

    def _check_relations(self, relations: list, by_id: dict[Any, dict] | None) -> None:
        """Check relations; endpoints only when the entity list could be read."""
        seen_ids: set[Any] = set()
        # (quantity id, type) -> first relation id
        linked: dict[tuple[Any, str], Any] = {}
        for n, rel in enumerate(relations, 1):
            if not isinstance(rel, dict):
                self.add("required", f"relation #{n} in the list is not an object; write "
                         "{\"id\", \"from_id\", \"to_id\", \"type\"}")
                continue
            rid = rel.get("id")
            ref = rid if rid is not None else f"#{n}"
            missing = [k for k in ("id", "from_id", "to_id", "type") if k not in rel]
            if missing:
                self.add("required", f"missing {', '.join(repr(k) for k in missing)}; every "
                         "relation needs id, from_id, to_id and type", relation=ref)
            if rid is not None:
                try:
                    duplicate = rid in seen_ids
                    seen_ids.add(rid)
                except TypeError:  # unhashable id
                    duplicate = False
                if duplicate:
                    self.add("duplicate-relation-id", f"id {rid!r} is used by another relation "
                             "on this line; give each relation its own id", relation=ref)
            rtype = rel.get("type")
            if "type" in rel and rtype not in RELATION_TYPES:
                self.add("relation-type", f"type {rtype!r} is not in the contract; use one of "
                         f"{', '.join(RELATION_TYPES)}", relation=ref)
            if by_id is None:
                continue
            ends = []
            for key in ("from_id", "to_id"):
                if key not in rel:
                    continue
                target = by_id.get(rel[key]) if _is_int(rel[key]) else None
                if target is None:
                    self.add("relation-endpoint", f"{key} {rel[key]!r} names no entity on this "
                             "line; point it at an existing entity id", relation=ref)
                ends.append(target)
            if len(ends) != 2 or None in ends or rtype not in RELATION_TYPES:
                continue
            src, dst = ends
            if src.get("label") not in LABELS or dst.get("label") not in LABELS:
                continue  # already reported under "label"
            want = RELATION_TARGET[rtype]
            if src.get("label") not in QUANTITY_LABELS:
                fix = ("swap from_id and to_id" if dst.get("label") in QUANTITY_LABELS
                       and src.get("label") == want else "point from_id at the quantity")
                self.add("relation-direction", f"{rtype} relation starts at entity "
                         f"{rel['from_id']} ({src.get('label')}), but relations start at a "
                         f"quantity ({', '.join(QUANTITY_LABELS)}); {fix}", relation=ref)
                continue
            if dst.get("label") != want:
                self.add("relation-direction", f"{rtype} relation points to entity "
                         f"{rel['to_id']} ({dst.get('label')}); the {rtype} relation must "
                         f"point to an entity labeled {want}: change the target or the type", relation=ref)
                continue
            key = (rel["from_id"], rtype)
            if key in linked:
                self.add("relation-duplicate", f"quantity {rel['from_id']} already has a "
                         f"relation of type {rtype} (relation {linked[key]}); keep at most one "
                         "relation of each type per quantity", relation=ref)
            else:
                linked[key] = ref


def validate_records(path: str | Path, records_with_line_numbers: Iterable[tuple[int, object]],
                     *, sources: Mapping[str, str] | None = None) -> list[Problem]:
    """Return every contract problem of ``(line_number, record)`` pairs.

    ``path`` only labels the problems. When ``sources`` (report file name ->
    full report text) is given, each non-synthetic unit's ``text`` must equal
    the report named by ``meta.source`` at ``meta.doc_start``; synthetic units
    (``meta.synthetic`` true) have no report and skip that check.
    """
    problems: list[Problem] = []
    for line, rec in records_with_line_numbers:
        problems.extend(_LineChecker(str(path), line, rec, sources).run())
    return problems


class SourceFolder(Mapping[str, str]):
    """Report texts of a folder, read on first use (path below the folder, e.g. ``derived/012.txt`` -> text)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, str] = {}

    def _path(self, name: str) -> Path | None:
        parts = Path(name).parts if name else ()
        if not parts or Path(name).is_absolute() or any(p in ("..", ".") for p in parts):
            return None  # sub-folders yes (derived/012.txt), but never outside the folder
        path = self.folder / name
        return path if path.is_file() else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._cache or self._path(name) is not None)

    def __getitem__(self, name: str) -> str:
        if name not in self._cache:
            path = self._path(name)
            if path is None:
                raise KeyError(name)
            try:
                with path.open(encoding="utf-8", newline="") as f:
                    self._cache[name] = f.read()
            except (OSError, UnicodeDecodeError) as e:
                raise AnnotationError("E029", path=path, reason=e) from None
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*") if p.is_file()))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def validate_file(path: str | Path, sources_dir: Path | None = None) -> list[Problem]:
    """Return every contract problem of one JSONL file.

    With ``sources_dir``, units are compared with the reports in that folder.
    A line that is not JSON becomes a ``json`` problem (the lines after it
    cannot be read and are not checked). Raises :class:`AnnotationError`
    (E022) if the file does not exist, E023 if ``sources_dir`` is not a
    folder, E029 if a source report cannot be read.
    """
    if sources_dir is not None and not Path(sources_dir).is_dir():
        raise AnnotationError("E023", path=sources_dir)
    sources = SourceFolder(sources_dir) if sources_dir is not None else None
    read: list[tuple[int, object]] = []
    stop: Problem | None = None
    try:
        for item in iter_jsonl(path):
            read.append(item)
    except AnnotationError as e:
        if e.code != "E020":
            raise
        stop = Problem(str(path), cast(int, e.kwargs["line"]), "json",
                       f"not valid JSON ({e.kwargs['reason']}); fix the line or re-export it "
                       "from doccano (lines after it were not checked)")
    problems = validate_records(path, read, sources=sources)
    if stop is not None:
        problems.append(stop)
    return problems
