"""ie.extraction.extract_files: a batch over files, each failure isolated and recorded."""
from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal

import pytest

import ie
from ie.extraction import BatchResult, Failure, extract_files

GOOD = "基本支出预算数 10322.48 万元，执行数 10279.02 万元，预算执行率 99.58%。\n"


@pytest.fixture(scope="module")
def nlp():
    return ie.load("rules")


def test_extraction_processes_good_inputs_and_records_failures(nlp, tmp_path):
    (tmp_path / "in").mkdir()
    good = tmp_path / "in" / "a.txt"
    good.write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("征集提案565件。", encoding="utf-8")
    empty = tmp_path / "in" / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    batch = extract_files([tmp_path / "in", missing], nlp, tmp_path / "out")
    assert isinstance(batch, BatchResult)
    assert [r.source for r in batch.results] == ["a.txt", "b.txt"]
    assert batch.quantities == 4
    assert batch.characters == len(GOOD) + len("征集提案565件。")
    assert [(f.path, f.message[:6]) for f in batch.failures] == [(str(missing), "[E001]"), (str(empty), "[E002]")]
    assert all(isinstance(f, Failure) for f in batch.failures)
    records = [json.loads(line) for line in batch.outputs["predictions"].read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 2]
    assert records[0]["meta"]["source"] == "a.txt"
    assert records[0]["meta"]["model"] == "rules_zh" and records[0]["meta"]["model_version"] == ie.__version__
    assert records[0]["meta"]["input_sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    with batch.outputs["quantities"].open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["source"] for r in rows] == ["a.txt"] * 3 + ["b.txt"]
    assert Decimal(rows[0]["value"]) == Decimal("103224800")


def test_extraction_without_output_folder_writes_nothing(nlp, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    batch = extract_files([path], nlp)
    assert batch.outputs == {}
    assert len(batch.results) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_extraction_only_failures_still_writes_empty_outputs(nlp, tmp_path):
    batch = extract_files([tmp_path / "nope.txt"], nlp, tmp_path / "out")
    assert batch.results == [] and len(batch.failures) == 1
    assert batch.outputs["predictions"].read_text(encoding="utf-8") == ""
    assert batch.outputs["quantities"].read_text(encoding="utf-8-sig").startswith("source,reporting_unit")


def test_extraction_respects_max_mb(nlp, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("征集提案565件。" * 150_000, encoding="utf-8")  # ~3.2 MB
    batch = extract_files([path], nlp, max_mb=1)
    assert batch.results == []
    assert batch.failures[0].message.startswith("[E005]")


def test_extraction_reads_gb18030_and_bom(nlp, tmp_path):
    (tmp_path / "gb.txt").write_bytes(GOOD.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    batch = extract_files([tmp_path], nlp)
    assert batch.failures == []
    for result in batch.results:
        assert result.text == GOOD
        assert [q.text for q in result.quantities] == ["10322.48 万元", "10279.02 万元", "99.58%"]
