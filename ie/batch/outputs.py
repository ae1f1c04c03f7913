"""Build the final outputs from the journal, in one deterministic order (input path), atomically.

The same journal always gives the same bytes in ``predictions.jsonl``,
``quantities.csv``, ``errors.jsonl`` and the Parquet files, however the run
was split into interrupted and resumed parts and whatever the engine or the
number of workers. ``ie.duckdb`` holds the same rows (DuckDB writes a random
database id into its file header, so its bytes differ from build to build).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IEError
from ..audit.run import check_rows, status_counts, table_row
from ..export.atomic import atomic_open
from ..export.folder import OUTPUT_FILES
from ..export.records import csv_writer
from ..export.tables import TABLE_TYPES, ColumnBuffer, to_arrow, write_duckdb, write_parquet
from ..extraction import Failure
from .entries import InputItem
from .journal import Journal, JournalState


@dataclass
class BuiltOutputs:
    """What the outputs hold."""

    paths: dict[str, Path] = field(default_factory=dict)
    documents: int = 0
    quantities: int = 0
    characters: int = 0
    checks: int = 0
    failures: list[Failure] = field(default_factory=list)


def error_row(path: str, code: str, message: str, sha256: str | None, info: dict) -> dict:
    """One row of errors.jsonl and of the errors table."""
    return {"path": path, "source": Path(path).name, "code": code, "message": message,
            "input_sha256": sha256, "model": info.get("model"), "model_version": info.get("model_version")}


def build_outputs(out_dir: Path, journal: Journal, state: JournalState, items: list[InputItem],
                  input_errors: list[dict], info: dict) -> BuiltOutputs:
    """Write every output of ``items`` from the journal's last entry for each, plus ``input_errors``.

    ``input_errors`` are error rows of inputs that never reached a worker
    (missing files, folders without reports). Records are numbered 1, 2, …
    in input-path order; predictions and the CSV are streamed, not held in memory.
    """
    built = BuiltOutputs(paths={name: out_dir / file for name, file in OUTPUT_FILES.items()})
    documents = ColumnBuffer(TABLE_TYPES["documents"])
    quantities = ColumnBuffer(TABLE_TYPES["quantities"])
    checks = ColumnBuffer(TABLE_TYPES["checks"])
    errors: list[dict] = list(input_errors)
    with atomic_open(built.paths["predictions"]) as predictions, \
            atomic_open(built.paths["quantities"]) as quantities_csv, \
            atomic_open(built.paths["checks"]) as checks_jsonl:
        csv_rows = csv_writer(quantities_csv)
        for item in sorted(items, key=lambda i: (i.path, i.key)):
            ref = state.entries.get(item.key)
            if ref is None:  # cannot happen after a complete run; never drop an input silently
                lost = IEError("E009", path=item.path, reason="no result was recorded for this file")
                errors.append(error_row(item.path, lost.code, str(lost), None, info))
                continue
            entry = journal.read(ref)
            if entry["status"] != "ok":
                error = entry["error"]
                errors.append(error_row(item.path, error["code"], error["message"], entry.get("sha256"), info))
                continue
            record = entry["record"]
            built.documents += 1
            record["id"] = built.documents
            predictions.write(json.dumps(record, ensure_ascii=False) + "\n")
            # the audit reads the record itself, so resumed and old journal entries are checked alike
            audited = check_rows(record, item.path)
            for row in audited:
                checks_jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
                checks.add(table_row(row))
            documents.add({**entry["document"], "path": item.path, **status_counts(audited)})
            for row in entry["rows"]:
                csv_rows.writerow(row)
                quantities.add({**row, "path": item.path})
            built.characters += entry["document"]["characters"]
    built.quantities = len(quantities)
    built.checks = len(checks)
    errors.sort(key=lambda e: (e["path"], e["code"]))
    built.failures = [Failure(e["path"], e["message"], e["code"]) for e in errors]
    with atomic_open(built.paths["errors"]) as f:
        for error in errors:
            f.write(json.dumps(error, ensure_ascii=False) + "\n")
    tables = {"documents": documents.to_arrow(), "quantities": quantities.to_arrow(),
              "errors": to_arrow(errors, TABLE_TYPES["errors"]), "checks": checks.to_arrow()}
    for name, table in tables.items():
        write_parquet(built.paths[f"{name}_parquet"], table)
    write_duckdb(built.paths["duckdb"], tables)
    return built
