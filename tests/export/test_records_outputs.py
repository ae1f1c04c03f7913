"""ie.export.records: contract JSONL records, quantity rows and the atomic CSV writer."""
from __future__ import annotations

import csv
import json
import os
from decimal import Decimal

import pytest

import ie
from ie.api import ExtractionResult, Link, Quantity
from ie.contract import LABELS, RELATION_TARGET
from ie.export.records import CSV_COLUMNS, quantity_rows, to_contract_record, write_csv, write_outputs

TEXT = "本年度市政协办公厅：征集提案 565 件。基本支出预算数 10322.48 万元，执行数 10279.02 万元。自评评分为95.25分。"


@pytest.fixture(scope="module")
def result() -> ExtractionResult:
    return ie.extract(TEXT, ie.load("rules"), source="000_test.txt")


def test_records_contract_record_shape(result):
    rec = to_contract_record(result, 7, {"model": "rules_zh", "input_sha256": "abc"})
    assert rec["id"] == 7
    assert rec["text"] == TEXT
    assert rec["meta"]["source"] == "000_test.txt"
    assert rec["meta"]["doc_start"] == 0
    assert rec["meta"]["model"] == "rules_zh" and rec["meta"]["input_sha256"] == "abc"
    assert rec["meta"]["score"] == "95.25"  # Decimal score as a string: JSON-safe
    json.dumps(rec, ensure_ascii=False)  # everything serializable
    ids = [e["id"] for e in rec["entities"]]
    assert ids == list(range(1, len(ids) + 1))
    for ent in rec["entities"]:
        assert ent["label"] in LABELS
        assert TEXT[ent["start_offset"]:ent["end_offset"]].strip()


def test_records_contract_record_values_and_relations(result):
    rec = to_contract_record(result, 1)
    by_id = {e["id"]: e for e in rec["entities"]}

    def text(e):
        return TEXT[e["start_offset"]:e["end_offset"]]

    money = next(e for e in rec["entities"] if text(e) == "10322.48 万元")
    assert (money["label"], money["value"], money["unit"], money["approx"]) == ("MONEY", "103224800", "万元", "exact")
    assert "role" not in money
    rels = {(text(by_id[r["from_id"]]), r["type"], text(by_id[r["to_id"]])) for r in rec["relations"]}
    assert {("10322.48 万元", "indicator", "预算数"), ("10322.48 万元", "task", "基本支出"),
            ("10279.02 万元", "indicator", "执行数"), ("10279.02 万元", "task", "基本支出"),
            ("565 件", "indicator", "征集提案")} <= rels
    assert [r["id"] for r in rec["relations"]] == list(range(1, len(rec["relations"]) + 1))
    for r in rec["relations"]:
        assert by_id[r["to_id"]]["label"] == RELATION_TARGET[r["type"]]
    # at most one relation of each type per quantity
    pairs = [(r["from_id"], r["type"]) for r in rec["relations"]]
    assert len(pairs) == len(set(pairs))
    org = next(e for e in rec["entities"] if e["label"] == "ORG")
    assert "value" not in org


def test_records_contract_record_role_only_when_present():
    q = Quantity("SCORE", "10", 5, 7, Decimal(10), None, "exact", "weight", None, None, "s")
    result = ExtractionResult("t.txt", "三级指标\t10", {}, [q], [ie.api.Entity("SCORE", "10", 5, 7)])
    (ent,) = to_contract_record(result, 1)["entities"]
    assert ent["role"] == "weight" and ent["value"] == "10" and ent["unit"] is None


def test_records_contract_record_skips_links_that_are_not_entities():
    q = Quantity("COUNT", "5件", 2, 4, Decimal(5), "件", "exact", None, Link("提案", 0, 2), None, "s")
    result = ExtractionResult(None, "提案5件", {}, [q], [ie.api.Entity("COUNT", "5件", 2, 4)])
    rec = to_contract_record(result, 1)
    assert rec["relations"] == []
    assert rec["meta"]["source"] is None


def test_records_quantity_rows(result):
    rows = quantity_rows(result, {"model": "rules_zh", "model_version": "0.1.0", "input_sha256": "abc"})
    assert [r["text"] for r in rows] == ["565 件", "10322.48 万元", "10279.02 万元", "95.25分"]
    row = rows[1]
    assert set(row) == set(CSV_COLUMNS)
    assert row["source"] == "000_test.txt"
    assert (row["task"], row["indicator"], row["label"], row["value"], row["unit"]) == (
        "基本支出", "预算数", "MONEY", "103224800", "万元")
    assert TEXT[row["start"]:row["end"]] == "10322.48 万元"
    assert row["sentence"] == "基本支出预算数 10322.48 万元，执行数 10279.02 万元。"
    assert (row["model"], row["model_version"], row["input_sha256"]) == ("rules_zh", "0.1.0", "abc")
    assert quantity_rows(result)[0]["model"] is None


def test_records_csv_columns():
    assert CSV_COLUMNS == (
        "source", "reporting_unit", "year", "project", "department", "implementer", "task", "level1", "level2",
        "indicator", "indicator_key", "key_level1", "key_level2", "task_key", "label", "text", "value", "unit",
        "approx", "value_status", "role", "sentence", "start", "end", "model", "model_version", "input_sha256")


def test_records_write_csv_utf8_bom_header_and_rows(result, tmp_path):
    path = tmp_path / "sub" / "q.csv"
    write_csv(path, quantity_rows(result))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["text"] for r in rows] == ["565 件", "10322.48 万元", "10279.02 万元", "95.25分"]
    assert rows[0]["role"] == ""
    assert sorted(os.listdir(path.parent)) == ["q.csv"]  # no temporary file left


def test_records_write_csv_ignores_extra_keys_and_writes_a_header_without_rows(tmp_path):
    path = tmp_path / "q.csv"
    write_csv(path, [{"a": 1, "b": 2, "zzz": 3}], columns=("a", "b"))
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a,b", "1,2"]
    write_csv(path, [])
    assert path.read_text(encoding="utf-8-sig").splitlines() == [",".join(CSV_COLUMNS)]


def test_records_write_csv_keeps_the_old_file_when_rows_fail(tmp_path):
    path = tmp_path / "q.csv"
    write_csv(path, [{"a": "old"}], columns=("a",))

    def rows():
        yield {"a": "new"}
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_csv(path, rows(), columns=("a",))
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a", "old"]
    assert os.listdir(tmp_path) == ["q.csv"]


def test_records_write_csv_removes_its_temp_file_when_the_rename_fails(tmp_path, monkeypatch):
    path = tmp_path / "q.csv"
    write_csv(path, [{"a": "old"}], columns=("a",))

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_csv(path, [{"a": "new"}], columns=("a",))
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a", "old"]
    assert os.listdir(tmp_path) == ["q.csv"]


def test_records_write_outputs(result, tmp_path):
    rec = to_contract_record(result, 1)
    paths = write_outputs(tmp_path / "out", [rec], quantity_rows(result))
    assert paths == {"predictions": tmp_path / "out" / "predictions.jsonl",
                     "quantities": tmp_path / "out" / "quantities.csv"}
    lines = paths["predictions"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [rec]
    assert paths["quantities"].is_file()
