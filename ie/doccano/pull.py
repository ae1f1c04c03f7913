"""Pull annotations back from doccano, per annotator, as checked contract JSONL.

Each annotator's version comes from doccano's export (run by the ``doccano
task`` worker): it is the only part of the REST API that gives a project
admin everyone's annotations, since the label endpoints show each user only
their own. Texts and meta are read from the examples themselves, so the
records come back exactly as pushed; offsets are turned from UTF-16 units
back into code points, and every record is checked against the contract
before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.jsonl import write_jsonl
from ..errors import AnnotationError
from . import DoccanoError
from .client import ROLE_ANNOTATOR, ROLE_APPROVER, DoccanoSession, ProjectInfo
from .diff import Diff, diff_records
from .offsets import OffsetError, OffsetMap
from .records import META_ANNOTATOR, META_ID, contract_problems, describe, explain, record_key, source_meta

ALL = "all"  # doccano's name for the one shared version of a collaborative project


@dataclass
class PullResult:
    """Every chosen annotator's version of a project's texts."""

    project: ProjectInfo
    versions: dict[str, list[dict]]  # annotator -> records, in upload order
    order: list[tuple[str, str]] = field(default_factory=list)  # record keys in upload order
    diffs: dict[str, Diff] = field(default_factory=dict)  # annotator -> changes since the push

    @property
    def annotators(self) -> list[str]:
        return list(self.versions)

    def records(self) -> list[dict]:
        """All versions for one file: text by text in upload order, annotators in name order."""
        place = {key: i for i, key in enumerate(self.order)}
        tagged = [(place.get(record_key(rec), len(place)), a, rec)
                  for a, recs in self.versions.items() for rec in recs]
        tagged.sort(key=lambda t: (t[0], t[1]))
        return [rec for _, _, rec in tagged]


def check_output(path: Path, force: bool) -> None:
    """Refuse to replace an existing file (gold, most of all) unless forced."""
    if path.exists() and not force:
        raise DoccanoError("E111", path=path)


def choose_annotators(project: ProjectInfo, members: list[dict], requested: list[str] | None) -> list[str]:
    """The annotators to read: those named, else members with an annotating role, else all members."""
    names = sorted(m["username"] for m in members)
    if requested:
        for name in requested:
            if name not in names:
                raise DoccanoError("E115", annotator=name, project=project.name, members=", ".join(names))
        return sorted(set(requested))
    annotating = sorted(m["username"] for m in members if m["rolename"] in (ROLE_ANNOTATOR, ROLE_APPROVER))
    return annotating or names


def to_record(line: dict, example: dict, annotator: str) -> tuple[dict, list[str]]:
    """An exported line as a contract record (code-point offsets), and what is wrong with it."""
    text = example["text"]
    offsets = OffsetMap(text)
    problems: list[str] = []
    entities = []
    for ent in line.get("entities", []):
        try:
            start, end = offsets.span_to_code_points(ent["start_offset"], ent["end_offset"])
        except OffsetError as exc:
            problems.append(f"span {ent['id']} ({ent['label']}): {exc}")
            continue
        entities.append({"id": ent["id"], "label": ent["label"], "start_offset": start, "end_offset": end})
    entities.sort(key=lambda e: (e["start_offset"], e["end_offset"], e["label"]))
    relations = [{"id": r["id"], "from_id": r["from_id"], "to_id": r["to_id"], "type": r["type"]}
                 for r in line.get("relations", [])]
    relations.sort(key=lambda r: (r["from_id"], r["to_id"], r["type"]))
    meta = {**source_meta(example), META_ANNOTATOR: annotator}
    record = {"id": (example.get("meta") or {}).get(META_ID, example["id"]), "text": text,
              "meta": meta, "entities": entities, "relations": relations}
    return record, problems


def pull(session: DoccanoSession, project_name: str, *, annotators: list[str] | None = None,
         confirmed_only: bool = False, baseline: list[dict] | None = None,
         timeout: float = 300.0) -> PullResult:
    """Read every chosen annotator's version of ``project_name``, checked against the contract.

    With ``baseline`` (what was pushed) each version is also compared to it.
    Raises :class:`AnnotationError` (E110) if any pulled annotation breaks
    the contract; nothing is returned half-checked.
    """
    project = session.find_project(project_name)
    if project is None:
        raise DoccanoError("E103", project=project_name, url=session.url, user=session.username,
                           available=", ".join(p.name for p in session.projects()) or "none")
    if project.grapheme_mode:
        raise DoccanoError("E105", project=project_name)
    exported = session.export(project.id, confirmed_only=confirmed_only, timeout=timeout)
    # listed after the export, so every exported text is among them (unless deleted meanwhile)
    examples = {e["id"]: e for e in session.examples(project.id)}
    if project.collaborative:
        chosen = [ALL]
    else:
        chosen = choose_annotators(project, session.members(project.id), annotators)
    problems: list[tuple[str, dict, str]] = []
    versions: dict[str, list[dict]] = {}
    for annotator in chosen:
        lines = sorted((line for line in exported.get(annotator, []) if line["id"] in examples),
                       key=lambda line: line["id"])
        records = []
        for line in lines:
            record, found = to_record(line, examples[line["id"]], annotator)
            found += [explain(p) for p in contract_problems(record)]
            problems += [(annotator, record, p) for p in found]
            records.append(record)
        versions[annotator] = records
    if problems:
        annotator, record, problem = problems[0]
        more = f" ({len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise AnnotationError("E110", project=project_name, annotator=annotator, record=describe(record),
                              problem=problem, more=more)
    order = [record_key(examples[i]) for i in sorted(examples)]
    result = PullResult(project, versions, order)
    if baseline is not None:
        result.diffs = {a: diff_records(baseline, recs) for a, recs in versions.items()}
    return result


def write_pulled(path: Path, result: PullResult, *, force: bool = False) -> int:
    """Write the pulled records as contract JSONL (atomically); returns the number of lines."""
    check_output(path, force)
    records = result.records()
    write_jsonl(path, records)
    return len(records)
