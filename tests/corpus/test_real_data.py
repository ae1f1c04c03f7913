"""The repository's own unit file passes the validator against the raw reports.

Paths are relative to this test file (tests/corpus/ -> repository root), and the
tests are skipped where the data is not checked out.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.corpus.jsonl import read_jsonl
from ie.corpus.splits import DEFAULT_SPLIT, assemble_documents, document_gaps, split_records
from ie.corpus.validate import validate_file

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "annotations" / "units" / "reports.jsonl"
RAW = ROOT / "annotations" / "raw"

pytestmark = pytest.mark.skipif(not (UNITS.is_file() and RAW.is_dir()),
                                reason="annotations/units or annotations/raw not present")


def test_real_units_pass_validation_against_raw_reports():
    assert [str(p) for p in validate_file(UNITS, RAW)] == []


def test_real_units_pass_through_the_cli():
    result = CliRunner().invoke(app, ["annotations", "validate", str(UNITS), "--sources", str(RAW)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 1 file checked")


def test_real_units_rebuild_the_raw_reports():
    records = read_jsonl(UNITS)
    docs = assemble_documents(records)
    gaps = document_gaps(records)
    assert sorted(docs) == sorted(s for sources in DEFAULT_SPLIT.values() for s in sources)
    for source, text in docs.items():
        raw = (RAW / source).read_text(encoding="utf-8")
        rebuilt = list(text)
        for a, b in gaps[source]:  # uncovered ranges: white-space-only units are not cut
            assert raw[a:b].isspace(), (source, a, b)
            rebuilt[a:b] = raw[a:b]
        assert "".join(rebuilt) == raw[: len(text)]
        assert raw[len(text):].strip() == ""  # only white space after the last unit


def test_real_units_split_by_report():
    parts = split_records(read_jsonl(UNITS))
    train = {r["meta"]["source"] for r in parts["train"]}
    test = {r["meta"]["source"] for r in parts["test"]}
    assert train == set(DEFAULT_SPLIT["train"]) and test == set(DEFAULT_SPLIT["test"])
