"""Contract records as doccano sees them: checks against the contract, and identity.

A record is one line of contract JSONL (annotations/CONTRACT.md): ``id``,
``text``, ``meta``, ``entities`` and ``relations``, offsets in code points.
"""
from __future__ import annotations

import json

from ..contract import LABELS, QUANTITY_LABELS, RELATION_TARGET, RELATION_TYPES

# meta keys that ie adds on the way through doccano; they are not part of a text's identity
META_ID = "ie_id"  # the record's own id, kept in the doccano example's meta
META_ANNOTATOR = "annotator"  # whose version a pulled record is
META_ADJUDICATION = "adjudication"  # conflicts listed in an adjudication file
IE_META_KEYS = (META_ID, META_ANNOTATOR, META_ADJUDICATION)


def source_meta(record: dict) -> dict:
    """The record's ``meta`` without the keys ie adds."""
    return {k: v for k, v in (record.get("meta") or {}).items() if k not in IE_META_KEYS}


def record_key(record: dict) -> tuple[str, str]:
    """What identifies a text across push, pull and files: its text and its own meta."""
    meta = json.dumps(source_meta(record), sort_keys=True, ensure_ascii=False)
    return record["text"], meta


def describe(record: dict) -> str:
    """A short human reference to a record: its id and where the text came from."""
    meta = record.get("meta") or {}
    where = meta.get("source", "?")
    if "doc_start" in meta:
        where += f"@{meta['doc_start']}"
    return f"id {record.get('id')!r} ({where})"


def _entity_problems(record: dict, text: str) -> tuple[list[str], dict]:
    problems: list[str] = []
    by_id: dict = {}
    entities = record.get("entities", [])
    if not isinstance(entities, list):
        return ["'entities' is not a list"], by_id
    for ent in entities:
        if not isinstance(ent, dict):
            problems.append(f"entity {ent!r} is not an object")
            continue
        eid, label = ent.get("id"), ent.get("label")
        start, end = ent.get("start_offset"), ent.get("end_offset")
        if eid in by_id:
            problems.append(f"entity id {eid!r} is used twice")
        if label not in LABELS:
            problems.append(f"entity {eid!r} has label {label!r}, not one of {', '.join(LABELS)}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"entity {eid!r} has offsets [{start!r}, {end!r}) outside the text "
                            f"(0…{len(text)} code points) or empty")
            continue
        by_id[eid] = ent
    return problems, by_id


def _overlap_problems(spans: list[dict], text: str) -> list[str]:
    problems = []
    ordered = sorted(spans, key=lambda e: (e["start_offset"], e["end_offset"]))
    for a, b in zip(ordered, ordered[1:]):
        if b["start_offset"] < a["end_offset"]:
            problems.append(
                f"entities {a['id']!r} {a['label']} '{text[a['start_offset']:a['end_offset']]}' and "
                f"{b['id']!r} {b['label']} '{text[b['start_offset']:b['end_offset']]}' overlap "
                "(doccano projects made by ie keep spans flat)")
    return problems


def _relation_problems(record: dict, by_id: dict) -> list[str]:
    problems: list[str] = []
    relations = record.get("relations", [])
    if not isinstance(relations, list):
        return ["'relations' is not a list"]
    seen: set[tuple] = set()
    for rel in relations:
        if not isinstance(rel, dict):
            problems.append(f"relation {rel!r} is not an object")
            continue
        rtype, src, dst = rel.get("type"), by_id.get(rel.get("from_id")), by_id.get(rel.get("to_id"))
        name = f"relation {rel.get('id')!r} ({rtype})"
        if rtype not in RELATION_TYPES:
            problems.append(f"{name}: type is not one of {', '.join(RELATION_TYPES)}")
            continue
        if src is None or dst is None:
            problems.append(f"{name}: from_id {rel.get('from_id')!r} or to_id {rel.get('to_id')!r} "
                            "names no entity of this record")
            continue
        if src["label"] not in QUANTITY_LABELS:
            problems.append(f"{name}: starts at a {src['label']} span; relations start at a quantity "
                            f"({', '.join(QUANTITY_LABELS)})")
        if dst["label"] != RELATION_TARGET[rtype]:
            problems.append(f"{name}: points to a {dst['label']} span; '{rtype}' points to "
                            f"{RELATION_TARGET[rtype]}")
        if (src["id"], rtype) in seen:
            problems.append(f"{name}: quantity {src['id']!r} has more than one '{rtype}' relation")
        seen.add((src["id"], rtype))
    return problems


def record_problems(record: dict, *, flat: bool = True) -> list[str]:
    """Every way ``record`` breaks the contract (empty when it is fine).

    ``flat`` also refuses overlapping spans, which doccano projects created by
    ie do not allow.
    """
    if not isinstance(record, dict):
        return ["the line is not a JSON object"]
    text = record.get("text")
    if not isinstance(text, str) or not text:
        return ["'text' is missing or empty"]
    problems = []
    if "id" not in record:
        problems.append("'id' is missing")
    if not isinstance(record.get("meta", {}), dict):
        problems.append("'meta' is not an object")
    entity_problems, by_id = _entity_problems(record, text)
    problems += entity_problems
    if flat:
        problems += _overlap_problems(list(by_id.values()), text)
    problems += _relation_problems(record, by_id)
    return problems
