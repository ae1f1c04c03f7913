"""Read what the review pages show: the records of predictions.jsonl and the rows of checks.jsonl."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..audit.checks import CANNOT_CHECK, FAIL, NOT_APPLICABLE, PASS
from ..errors import IEError
from ..export.folder import CHECKS_FILE, jsonl_rows
from ..export.folder import iter_records as _iter_records
from ..export.folder import predictions_path as _predictions_path

STATUSES: tuple[str, ...] = (FAIL, CANNOT_CHECK, NOT_APPLICABLE, PASS)  # the audit's statuses, worst first


def predictions_path(out_dir: Path) -> Path:
    """The predictions.jsonl of an extraction folder (E600 when there is none)."""
    return _predictions_path(out_dir, missing="E600")


def iter_records(path: Path) -> Iterator[dict]:
    """The records of a predictions.jsonl, each checked to have what a page needs (E601 names a bad line)."""
    return _iter_records(path, bad="E601")


def read_checks(out_dir: Path) -> dict[object, list[dict]] | None:
    """The rows of ``checks.jsonl`` by document id (a row without one goes under its source); None: no audit."""
    path = Path(out_dir) / CHECKS_FILE
    if not path.is_file():
        return None
    by_document: dict[object, list[dict]] = defaultdict(list)
    for line, row in jsonl_rows(path, "E602"):
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
