"""Contract records on their way through doccano: identity, and the contract check.

A record is one line of contract JSONL (annotations/CONTRACT.md): ``id``,
``text``, ``meta``, ``entities`` and ``relations``, offsets in code points.
"""
from __future__ import annotations

import json

from ..corpus.validate import Problem, validate_records

# meta keys that ie adds on the way through doccano; they are not part of a text's identity
META_ID = "ie_id"  # the record's own id, kept in the doccano example's meta
META_ANNOTATOR = "annotator"  # whose version a pulled record is
META_ADJUDICATION = "adjudication"  # conflicts listed in an adjudication file
META_SELECT = "select"  # why ie select picked the text (strategy, score, reason)
IE_META_KEYS = (META_ID, META_ANNOTATOR, META_ADJUDICATION, META_SELECT)


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


def contract_problems(record: object) -> list[Problem]:
    """Every way ``record`` breaks the contract, by the project's own validator.

    The same rules as ``ie annotations validate`` (spans flat and trimmed,
    relations typed and directed, at most one of each type per quantity…),
    so what a pull writes passes there too.
    """
    return validate_records("", [(0, record)])


def explain(problem: Problem) -> str:
    """A problem as one phrase, without the file and line it was found at."""
    if problem.entity_id is not None:
        return f"entity {problem.entity_id}: {problem.message}"
    if problem.relation_id is not None:
        return f"relation {problem.relation_id}: {problem.message}"
    return problem.message
