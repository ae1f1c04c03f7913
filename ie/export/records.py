"""Write extraction results as contract JSONL and as a flat quantities table."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from ..api import ExtractionResult
from ..contract import REL_INDICATOR, REL_TASK
from ..corpus.jsonl import atomic_write_text, write_jsonl
from .folder import OUTPUT_FILES

CSV_COLUMNS: tuple[str, ...] = (
    "source", "reporting_unit", "year", "project", "department", "implementer", "task", "level1", "level2",
    "indicator", "indicator_key", "key_level1", "key_level2", "task_key", "label", "text", "value", "unit", "approx", "value_status", "role", "sentence", "start", "end", "model", "model_version", "input_sha256",
)


def to_contract_record(result: ExtractionResult, record_id: int, extra_meta: dict | None = None) -> dict:
    """One report as one contract JSONL line (original text, original offsets)."""
    entities = []
    ids: dict[tuple[int, int, str], int] = {}
    for n, ent in enumerate(result.entities, 1):
        ids[(ent.start, ent.end, ent.label)] = n
        entities.append({"id": n, "label": ent.label, "start_offset": ent.start, "end_offset": ent.end})
    by_id = {e["id"]: e for e in entities}
    relations = []
    for q in result.quantities:
        qid = ids[(q.start, q.end, q.label)]
        ent = by_id[qid]
        ent["value"] = None if q.value is None else str(q.value)
        ent["unit"] = q.unit
        ent["approx"] = q.approx
        ent["value_status"] = q.value_status
        if q.role:
            ent["role"] = q.role
        for name in ("indicator_key", "task_key"):
            if getattr(q, name):
                ent[name] = getattr(q, name)
        for rel_type, link, label in ((REL_INDICATOR, q.indicator, "INDICATOR"), (REL_TASK, q.task, "TASK")):
            if link is not None and (link.start, link.end, label) in ids:
                relations.append({"id": len(relations) + 1, "from_id": qid,
                                  "to_id": ids[(link.start, link.end, label)], "type": rel_type})
    meta = {"source": result.source, "doc_start": 0, **(extra_meta or {})}
    meta.update({k: (str(v) if v is not None and k == "score" else v) for k, v in result.metadata.items()})
    return {"id": record_id, "text": result.text, "meta": meta, "entities": entities, "relations": relations}


def quantity_rows(result: ExtractionResult, extra: dict | None = None) -> list[dict]:
    """One row per quantity, ready for CSV, pandas or DuckDB."""
    extra = extra or {}
    rows = []
    for q in result.quantities:
        rows.append({
            "source": result.source,
            "reporting_unit": result.metadata.get("unit"),
            "year": result.metadata.get("year"),
            "project": q.project, "department": q.department, "implementer": q.implementer,
            "task": q.task.text if q.task else None,
            "level1": q.level1, "level2": q.level2,
            "indicator": q.indicator.text if q.indicator else None,
            "indicator_key": q.indicator_key, "key_level1": q.key_level1, "key_level2": q.key_level2,
            "task_key": q.task_key,
            # white space a PDF or a table put inside the quantity (1781.86 万\n元) becomes one space:
            # one row stays one line in a spreadsheet; start/end still slice the original text
            "label": q.label, "text": " ".join(q.text.split()),
            "value": None if q.value is None else str(q.value),
            "unit": q.unit, "approx": q.approx, "value_status": q.value_status, "role": q.role, "sentence": q.sentence,
            "start": q.start, "end": q.end,
            "model": extra.get("model"), "model_version": extra.get("model_version"),
            "input_sha256": extra.get("input_sha256"),
        })
    return rows


def csv_writer(f: IO[str], columns: tuple[str, ...] = CSV_COLUMNS) -> csv.DictWriter:
    """A CSV writer on ``f`` that has written the BOM (so spreadsheet programs read Chinese) and the header."""
    f.write("\ufeff")
    writer = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    return writer


def write_csv(path: Path, rows: Iterable[dict], columns: tuple[str, ...] = CSV_COLUMNS) -> None:
    """Write rows to CSV atomically (UTF-8 with BOM so spreadsheet programs read Chinese)."""
    buf = io.StringIO()
    writer = csv_writer(buf, columns)
    for row in rows:
        writer.writerow(row)
    atomic_write_text(path, buf.getvalue())


def write_outputs(out_dir: Path, records: list[dict], rows: list[dict]) -> dict[str, Path]:
    """Write predictions.jsonl and quantities.csv into ``out_dir``."""
    paths = {name: out_dir / OUTPUT_FILES[name] for name in ("predictions", "quantities")}
    write_jsonl(paths["predictions"], records)
    write_csv(paths["quantities"], rows)
    return paths
