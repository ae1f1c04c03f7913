"""Journal entries: what one finished document leaves behind, as one JSON-safe dict.

An entry is either ``status == "ok"`` with the contract record (its ``id``
is set when the outputs are built), the quantity rows and the documents
row, or ``status == "error"`` with the error code and message. Every entry
names its input by ``key`` (the resolved path), ``path`` (as given) and the
``sha256`` of its bytes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import IEError
from ..export.records import quantity_rows, to_contract_record
from ..extraction import DocumentOutcome

ENTRY_VERSION = 1


@dataclass(frozen=True)
class InputItem:
    """One input file of a batch: ``key`` identifies it, ``path`` is how it is read and shown."""

    key: str    # resolved absolute path
    path: str   # as the user gave it (or absolute, for remote workers)
    source: str = ""  # its name in the outputs (path below the input folder); file name if empty

    @property
    def name(self) -> str:
        return self.source or Path(self.path).name


def file_sha256(path: str | Path, *, chunk: int = 1 << 20) -> str | None:
    """The sha256 of a file's bytes, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(chunk):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def document_row(outcome: DocumentOutcome, path: str, info: dict) -> dict:
    """The documents-table row of a successfully extracted report."""
    raw, result = outcome.raw, outcome.result
    assert raw is not None and result is not None
    meta = result.metadata
    score = meta.get("score")
    pages = getattr(raw, "pages", None)
    return {
        "source": result.source, "path": path, "input_sha256": raw.sha256,
        "format": getattr(raw, "format", None) or Path(path).suffix.lstrip(".").lower() or None,
        "encoding": raw.encoding,
        "pages": pages if isinstance(pages, int) else (len(pages) if pages else None),
        "characters": len(raw.text),
        "reporting_unit": meta.get("unit"), "year": meta.get("year"), "kind": meta.get("kind"),
        "score": None if score is None else str(score), "grade": meta.get("grade"),
        "quantities": len(result.quantities), **info,
    }


def entry_from_outcome(item: InputItem, outcome: DocumentOutcome, info: dict) -> dict:
    """The journal entry of one processed input."""
    base = {"v": ENTRY_VERSION, "key": item.key, "path": item.path}
    if outcome.failure is not None:
        return {**base, "sha256": file_sha256(item.path), "status": "error",
                "error": {"code": outcome.failure.code, "message": outcome.failure.message}}
    assert outcome.raw is not None and outcome.result is not None
    extra = {**info, "input_sha256": outcome.raw.sha256}
    return {**base, "sha256": outcome.raw.sha256, "status": "ok",
            "record": to_contract_record(outcome.result, 0, extra),
            "rows": quantity_rows(outcome.result, extra),
            "document": document_row(outcome, item.path, info)}


def error_entry(item: InputItem, error: IEError) -> dict:
    """The journal entry of an input whose processing failed outside the extraction itself."""
    return {"v": ENTRY_VERSION, "key": item.key, "path": item.path, "sha256": file_sha256(item.path),
            "status": "error", "error": {"code": error.code, "message": str(error)}}
