"""The files of an extraction folder, and the one reader of its records for the stages that come after it.

``ie extract`` writes the folder; ``ie audit`` and ``ie review`` read it. Both
read ``predictions.jsonl`` through :func:`iter_records`, each naming a bad
line with its own error code (the advice differs: re-run the audit, or the
review).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..corpus.jsonl import iter_jsonl
from ..errors import IEError

PREDICTIONS_FILE = "predictions.jsonl"
CHECKS_FILE = "checks.jsonl"

OUTPUT_FILES: dict[str, str] = {
    "predictions": PREDICTIONS_FILE,
    "quantities": "quantities.csv",
    "errors": "errors.jsonl",
    "documents_parquet": "documents.parquet",
    "quantities_parquet": "quantities.parquet",
    "errors_parquet": "errors.parquet",
    "checks": CHECKS_FILE,
    "checks_parquet": "checks.parquet",
    "duckdb": "ie.duckdb",
}


def predictions_path(out_dir: Path, missing: str) -> Path:
    """The predictions.jsonl of an extraction folder (the file itself is accepted too); ``missing``: error code."""
    out_dir = Path(out_dir)
    if out_dir.is_file() and out_dir.name == PREDICTIONS_FILE:
        return out_dir
    path = out_dir / PREDICTIONS_FILE
    if not path.is_file():
        raise IEError(missing, path=out_dir)
    return path


def jsonl_rows(path: Path, code: str) -> Iterator[tuple[int, object]]:
    """``(line, value)`` of each line; a line that is not JSON raises ``code`` naming it (not the corpus E020)."""
    try:
        yield from iter_jsonl(path)
    except IEError as e:
        if e.code == code:
            raise
        raise IEError(code, path=path, line=e.kwargs.get("line", "?"), reason=e.kwargs.get("reason", e)) from None


def record_problem(record: object) -> str | None:
    """Why a line of predictions.jsonl is not a contract record, or None."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("text"), str):
        return "no 'text' string"
    for key in ("entities", "relations"):
        if not isinstance(record.get(key) or [], list):
            return f"'{key}' is not a list"
    if not isinstance(record.get("meta") or {}, dict):
        return "'meta' is not an object"
    return None


def iter_records(path: Path, bad: str) -> Iterator[dict]:
    """The records of a predictions.jsonl, each checked to be one; ``bad``: the error code naming a bad line."""
    for line, record in jsonl_rows(path, bad):
        problem = record_problem(record)
        if problem:
            raise IEError(bad, path=path, line=line, reason=problem)
        yield record  # type: ignore[misc]
