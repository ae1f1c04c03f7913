"""Read what the review pages show: the records of predictions.jsonl and the rows of checks.jsonl."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..corpus.jsonl import iter_jsonl
from ..errors import IEError

PREDICTIONS_FILE = "predictions.jsonl"
CHECKS_FILE = "checks.jsonl"
STATUSES: tuple[str, ...] = ("fail", "cannot_check", "not_applicable", "pass")  # worst first, as the panel lists them


def predictions_path(out_dir: Path) -> Path:
    """The predictions.jsonl of an extraction folder (a path to the file itself is accepted too)."""
    out_dir = Path(out_dir)
    if out_dir.is_file() and out_dir.name == PREDICTIONS_FILE:
        return out_dir
    path = out_dir / PREDICTIONS_FILE
    if not path.is_file():
        raise IEError("E600", path=out_dir)
    return path


def _jsonl_rows(path: Path, code: str) -> Iterator[tuple[int, object]]:
    """``(line, value)`` of each line; a line that is not JSON raises ``code`` naming it (not the doccano E020)."""
    try:
        yield from iter_jsonl(path)
    except IEError as e:
        if e.code == code:
            raise
        raise IEError(code, path=path, line=e.kwargs.get("line", "?"), reason=e.kwargs.get("reason", e)) from None


def iter_records(path: Path) -> Iterator[dict]:
    """The records of a predictions.jsonl, each checked to have what a page needs (E601 names a bad line)."""
    for line, record in _jsonl_rows(path, "E601"):
        if not isinstance(record, dict):
            raise IEError("E601", path=path, line=line, reason="not a JSON object")
        if not isinstance(record.get("text"), str):
            raise IEError("E601", path=path, line=line, reason="no 'text' string")
        for key in ("entities", "relations"):
            if not isinstance(record.get(key) or [], list):
                raise IEError("E601", path=path, line=line, reason=f"'{key}' is not a list")
        if not isinstance(record.get("meta") or {}, dict):
            raise IEError("E601", path=path, line=line, reason="'meta' is not an object")
        yield record


def read_checks(out_dir: Path) -> dict[object, list[dict]] | None:
    """The rows of ``checks.jsonl`` by document id (a row without one goes under its source); None: no audit."""
    path = Path(out_dir) / CHECKS_FILE
    if not path.is_file():
        return None
    by_document: dict[object, list[dict]] = defaultdict(list)
    for line, row in _jsonl_rows(path, "E602"):
        if not isinstance(row, dict) or row.get("status") not in STATUSES:
            raise IEError("E602", path=path, line=line,
                          reason=f"status must be one of {', '.join(STATUSES)}")
        key = row.get("document") if row.get("document") is not None else ("source", row.get("source"))
        by_document[key].append(row)
    return dict(by_document)


def checks_of(record: dict, checks: dict[object, list[dict]]) -> list[dict]:
    """The check rows that belong to one record: by its id, else by its source."""
    rows = checks.get(record.get("id"))
    if rows is None:
        rows = checks.get(("source", (record.get("meta") or {}).get("source")), [])
    return rows
