"""Push contract JSONL to doccano: project, labels, texts, and the model's pre-annotations.

doccano keeps every annotation under the user who made it, and outside
collaborative mode a user sees only their own. So pre-annotations are written
as the logged-in user: the project admin pushes once (creating the project,
its labels, the texts, the annotators' memberships), then each annotator's
copy is made by pushing the same files with that annotator's credentials.
A push is idempotent: texts already in the project are reused, and a user
who already has annotations on a text is not given a second copy.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from doccano_client.beta.controllers.project import ProjectController

from ..contract import LABELS, RELATION_TYPES
from ..corpus.jsonl import iter_jsonl, read_jsonl, write_jsonl
from ..errors import AnnotationError
from . import DoccanoError
from .client import ROLE_ANNOTATOR, ROLE_PROJECT_ADMIN, DoccanoSession, ProjectInfo
from .offsets import OffsetMap
from .records import META_ADJUDICATION, META_ID, META_SELECT, contract_problems, explain, record_key, source_meta
from .server import default_cache_dir

# label -> (background color, shortcut key); keys are the label's initial letter
SPAN_STYLE: dict[str, tuple[str, str]] = {
    "MONEY": ("#C62828", "m"),
    "PERCENT": ("#EF6C00", "p"),
    "COUNT": ("#2E7D32", "c"),
    "SCORE": ("#6A1B9A", "s"),
    "ORG": ("#1565C0", "o"),
    "INDICATOR": ("#00838F", "i"),
    "TASK": ("#5D4037", "t"),
}
# relation types get digits: their keys must not shadow the span labels' in the editor
RELATION_STYLE: dict[str, tuple[str, str]] = {
    "indicator": ("#00838F", "1"),
    "task": ("#5D4037", "2"),
}

_CONTRACT = Path(__file__).resolve().parents[2] / "annotations" / "CONTRACT.md"


def guideline() -> str:
    """The project guideline shown in doccano: the annotation contract itself when available."""
    try:
        return _CONTRACT.read_text(encoding="utf-8")
    except OSError:
        return "Annotate following annotations/CONTRACT.md of the ie project."


@dataclass
class PushResult:
    """What a push did, for the user to read."""

    project: ProjectInfo
    user: str
    created_project: bool = False
    labels_created: list[str] = field(default_factory=list)
    members_added: list[str] = field(default_factory=list)
    examples_created: int = 0
    examples_reused: int = 0
    preannotated: int = 0
    already_annotated: int = 0
    spans: int = 0
    relations: int = 0
    snapshot: Path | None = None


def read_records(paths: list[Path]) -> list[dict]:
    """Read and check the files to push; every problem is reported before anything is sent."""
    records: list[dict] = []
    seen: dict[tuple[str, str], tuple[Path, int]] = {}
    for path in paths:
        for line, record in iter_jsonl(path):
            problems = contract_problems(record)
            if problems:
                more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
                raise AnnotationError("E112", path=path, line=line, problem=explain(problems[0]) + more)
            key = record_key(record)
            if key in seen:
                first = seen[key]
                raise AnnotationError("E112", path=path, line=line,
                                      problem=f"same text and meta as {first[0]}:{first[1]}; "
                                              "push each text once")
            seen[key] = (path, line)
            records.append(record)
    return records


def snapshot_path(url: str, project: str, cache_dir: Path | None = None) -> Path:
    """Where the record of what was pushed to ``project`` at ``url`` is kept."""
    digest = hashlib.sha1(f"{url.rstrip('/')}\n{project}".encode()).hexdigest()[:10]
    slug = re.sub(r"[^\w.-]+", "_", project)[:40]
    return (cache_dir or default_cache_dir()) / "pushed" / f"{slug}-{digest}.jsonl"


def load_pushed(url: str, project: str, cache_dir: Path | None = None) -> list[dict] | None:
    """What was pushed to ``project`` from this machine, or None if nothing was."""
    path = snapshot_path(url, project, cache_dir)
    if not path.exists():
        return None
    try:
        return read_jsonl(path)
    except (OSError, AnnotationError) as exc:
        raise DoccanoError("E122", path=path, reason=str(exc)) from None


def _update_snapshot(path: Path, pushed: list[dict]) -> None:
    """Record the records just pre-annotated, replacing older copies of the same texts."""
    by_key = {record_key(r): r for r in (read_jsonl(path) if path.exists() else [])}
    by_key.update((record_key(r), r) for r in pushed)
    write_jsonl(path, by_key.values())


def _ensure_project(session: DoccanoSession, name: str) -> tuple[ProjectInfo, bool]:
    project = session.find_project(name)
    if project is None and not session.me.get("is_staff"):
        # only staff may create projects; for anyone else the project is simply not there
        raise DoccanoError("E103", project=name, url=session.url, user=session.username,
                           available=", ".join(p.name for p in session.projects()) or "none")
    if project is None:
        project = session.create_project(
            name, "Quantities in budget-performance reports (pushed by ie).", guideline())
        return project, True
    if project.project_type != "SequenceLabeling" or not project.use_relation:
        kind = project.project_type + ("" if project.use_relation else " (no relations)")
        raise DoccanoError("E104", project=name, kind=kind)
    if project.grapheme_mode:
        raise DoccanoError("E105", project=name)
    return project, False


def _ensure_labels(session: DoccanoSession, project: ProjectInfo) -> tuple[dict, dict, list[str]]:
    """Span and relation type ids by name; creates the contract's missing ones."""
    created: list[str] = []
    spans = {t.text: t.id for t in session.span_types(project.id)}
    for label in LABELS:
        if label not in spans:
            color, key = SPAN_STYLE[label]
            spans[label] = session.create_span_type(project.id, label, color, key).id
            created.append(label)
    relations = {t.text: t.id for t in session.relation_types(project.id)}
    for rtype in RELATION_TYPES:
        if rtype not in relations:
            color, key = RELATION_STYLE[rtype]
            relations[rtype] = session.create_relation_type(project.id, rtype, color, key).id
            created.append(rtype)
    return spans, relations, created


def _ensure_members(session: DoccanoSession, project: ProjectInfo, annotators: list[str]) -> list[str]:
    """Make each named user an annotator of the project; returns those newly added."""
    if not annotators:
        return []
    members = {m["username"] for m in session.members(project.id)}
    added = []
    for name in annotators:
        if name in members:
            continue
        user = session.find_user(name)
        if user is None:
            raise DoccanoError("E113", user=name, url=session.url)
        session.add_member(project.id, user["id"], ROLE_ANNOTATOR)
        added.append(name)
    return added


def _preannotate(session: DoccanoSession, controller: ProjectController, example_id: int, record: dict,
                 span_ids: dict[str, int], relation_ids: dict[str, int]) -> tuple[int, int]:
    """Write a record's entities and relations as this user's annotations of one example."""
    offsets = OffsetMap(record["text"])
    made: dict = {}
    try:
        for ent in record.get("entities", []):
            start, end = offsets.span_to_utf16(ent["start_offset"], ent["end_offset"])
            made[ent["id"]] = session.create_span(controller, example_id, span_ids[ent["label"]], start, end)
        for rel in record.get("relations", []):
            session.create_relation(controller, example_id, relation_ids[rel["type"]],
                                    made[rel["from_id"]], made[rel["to_id"]])
    except DoccanoError:
        # half a copy would count as "already annotated" on the next push: take it back
        with contextlib.suppress(DoccanoError):
            for span_id in made.values():
                session.delete_span(controller, example_id, span_id)
        raise
    return len(made), len(record.get("relations", []))


def push(session: DoccanoSession, project_name: str, records: list[dict], *,
         annotators: list[str] | None = None, cache_dir: Path | None = None) -> PushResult:
    """Push checked ``records`` (see :func:`read_records`) to ``project_name``.

    Creates the project and its labels if needed (admin only), adds
    ``annotators`` as members, uploads texts not there yet, and gives the
    logged-in user the records' entities and relations as pre-annotations on
    every text where they have none yet.
    """
    project, created = _ensure_project(session, project_name)
    result = PushResult(project=project, user=session.username, created_project=created)
    is_admin = session.is_superuser or session.my_role(project.id) == ROLE_PROJECT_ADMIN
    existing = {record_key({"text": e["text"], "meta": e["meta"]}): e for e in session.examples(project.id)}
    missing = [r for r in records if record_key(r) not in existing]
    if missing and not is_admin:
        raise DoccanoError("E114", count=len(missing), project=project_name, user=session.username)
    if annotators and not is_admin:
        raise DoccanoError("E107", user=session.username, action=f"add members to '{project_name}'")
    if is_admin:
        span_ids, relation_ids, result.labels_created = _ensure_labels(session, project)
        result.members_added = _ensure_members(session, project, annotators or [])
    else:
        span_ids = {t.text: t.id for t in session.span_types(project.id)}
        relation_ids = {t.text: t.id for t in session.relation_types(project.id)}
        absent = [n for n in LABELS if n not in span_ids] + [n for n in RELATION_TYPES if n not in relation_ids]
        if absent:
            raise DoccanoError("E107", user=session.username, action=f"create the labels {', '.join(absent)}")
    controller = session.project_controller(project.id)
    pushed: list[dict] = []
    try:
        for record in records:
            example = existing.get(record_key(record))
            if example is None:
                meta = source_meta(record)
                if "id" in record:
                    meta[META_ID] = record["id"]  # doccano numbers examples itself; keep the record's id
                if META_ADJUDICATION in (record.get("meta") or {}):
                    # an adjudicator reads the conflicts in doccano's metadata panel; pull drops them
                    meta[META_ADJUDICATION] = record["meta"][META_ADJUDICATION]
                if META_SELECT in (record.get("meta") or {}):
                    # the annotator sees why this text was picked (ie select); pull drops it
                    meta[META_SELECT] = record["meta"][META_SELECT]
                example_id = session.create_example(controller, record["text"], meta)
                result.examples_created += 1
            else:
                example_id = example["id"]
                result.examples_reused += 1
                # a user's earlier work on a text is never doubled or overwritten
                if example.get("is_confirmed") or session.spans(controller, example_id) \
                        or session.relations(controller, example_id):
                    result.already_annotated += 1
                    continue
            n_spans, n_relations = _preannotate(session, controller, example_id, record, span_ids,
                                                relation_ids)
            result.spans += n_spans
            result.relations += n_relations
            result.preannotated += 1
            pushed.append(record)
    finally:
        # also after a failure: what did reach doccano is the baseline of the next pull's diff
        if pushed:
            result.snapshot = snapshot_path(session.url, project_name, cache_dir)
            _update_snapshot(result.snapshot, pushed)
    return result

