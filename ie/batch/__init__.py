"""Batch extraction for analysts: a folder of reports in, one clean set of tables out.

``run_batch(paths, out_dir, BatchOptions(...))`` processes inputs in parallel
(worker processes, or a Dask cluster), journals every finished document so
that a killed run resumes without duplicates or gaps, and writes
predictions.jsonl, quantities.csv, errors.jsonl, Parquet tables and a DuckDB
database.
"""
from __future__ import annotations

from .outputs import OUTPUT_FILES
from .run import BatchOptions, BatchSummary, ProgressEvent, run_batch

__all__ = ["OUTPUT_FILES", "BatchOptions", "BatchSummary", "ProgressEvent", "run_batch"]
