"""Audit whole outputs: one row per check, with the report it belongs to, for checks.jsonl and the checks table."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..export.atomic import atomic_open, atomic_path
from ..export.folder import CHECKS_FILE, OUTPUT_FILES, iter_records, predictions_path
from .checks import STATUSES, audit_record


def check_rows(record: dict, path: str | None = None) -> list[dict]:
    """The checks of one contract record as rows (``document`` is the record's id, ``check`` counts from 1)."""
    meta = record.get("meta") or {}
    rows = []
    for n, check in enumerate(audit_record(record), 1):
        rows.append({"document": record.get("id"), "source": meta.get("source"), "path": path, "check": n,
                     **check.as_dict(), "model": meta.get("model"), "model_version": meta.get("model_version"),
                     "input_sha256": meta.get("input_sha256")})
    return rows


def status_counts(rows: Iterable[dict]) -> dict[str, int]:
    """``checks_pass``, ``checks_fail``, ``checks_not_applicable``, ``checks_cannot_check`` of some check rows."""
    counts = Counter(r["status"] for r in rows)
    return {f"checks_{status}": counts.get(status, 0) for status in STATUSES}


def table_row(row: dict) -> dict:
    """A check row for the typed tables: the quantities as one JSON string."""
    return {**row, "quantities": json.dumps(row["quantities"], ensure_ascii=False)}


@dataclass
class AuditResult:
    """What ``ie audit`` wrote and found."""

    documents: int = 0
    checks: int = 0
    by_rule: dict[tuple[str, str], int] = field(default_factory=dict)   # (rule, status) -> count
    paths: dict[str, Path] = field(default_factory=dict)


def audit_folder(out_dir: Path) -> AuditResult:
    """Audit the predictions.jsonl of an extraction folder; write checks.jsonl, checks.parquet, ie.duckdb's checks."""
    from ..export.tables import TABLE_TYPES, ColumnBuffer, write_parquet

    predictions = predictions_path(out_dir, missing="E510")
    out_dir = predictions.parent
    result = AuditResult(paths={"checks": out_dir / CHECKS_FILE,
                                "checks_parquet": out_dir / OUTPUT_FILES["checks_parquet"]})
    paths = _input_paths(out_dir)
    table = ColumnBuffer(TABLE_TYPES["checks"])
    counts: Counter = Counter()
    with atomic_open(result.paths["checks"]) as f:
        for record in iter_records(predictions, bad="E511"):
            result.documents += 1
            for row in check_rows(record, paths.get(record.get("id"))):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                table.add(table_row(row))
                counts[(row["rule"], row["status"])] += 1
    result.checks = len(table)
    result.by_rule = dict(sorted(counts.items()))
    arrow = table.to_arrow()
    write_parquet(result.paths["checks_parquet"], arrow)
    database = out_dir / OUTPUT_FILES["duckdb"]
    if database.is_file():
        replace_duckdb_table(database, "checks", arrow)
        result.paths["duckdb"] = database
    return result


def _input_paths(out_dir: Path) -> dict[int, str]:
    """Record id -> input path, from the documents table the extraction wrote (records name only the source)."""
    documents = out_dir / OUTPUT_FILES["documents_parquet"]
    if not documents.is_file():
        return {}
    import pyarrow.parquet as pq

    table = pq.read_table(documents, columns=["path"]).to_pydict()
    return {n: path for n, path in enumerate(table["path"], 1)}  # records are numbered 1, 2, … in this order


def replace_duckdb_table(path: Path, name: str, table) -> None:
    """Replace one table of an existing DuckDB database, on a copy renamed over the original."""
    import shutil

    import duckdb

    with atomic_path(path) as tmp:
        shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            con.register("_ie_source", table)
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _ie_source')
            con.unregister("_ie_source")
            con.execute("CHECKPOINT")
        finally:
            con.close()
