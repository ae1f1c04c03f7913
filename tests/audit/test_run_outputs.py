"""Checks reach every output of a batch (checks.jsonl, Parquet, DuckDB, documents counts) and ``ie audit``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ie.batch import BatchOptions, run_batch
from ie.cli import app

REPORT = ("项目全年预算数100万元，全年执行数90万元，预算执行率95%。\n"
          "基本支出100万元，其中人员经费60万元，公用经费40万元。\n")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("audit")
    (root / "in").mkdir()
    (root / "in" / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "in" / "b.txt").write_text("本年度无数据可核对。\n", encoding="utf-8")
    run_batch([root / "in"], root / "out", BatchOptions(model="rules"))
    return root / "out"


def test_run_outputs_checks_jsonl_rows_name_their_report(extracted):
    rows = [json.loads(line) for line in (extracted / "checks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(r["rule"], r["status"]) for r in rows} == {("rate.execution", "fail"), ("sum.basic_expense", "pass")}
    assert {r["source"] for r in rows} == {"a.txt"} and all(r["document"] == 1 for r in rows)
    text = REPORT
    for row in rows:
        for q in row["quantities"]:
            assert text[q["start"]:q["end"]] == q["text"]


def test_run_outputs_checks_table_and_document_counts(extracted):
    import duckdb

    con = duckdb.connect(str(extracted / "ie.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM checks WHERE status = 'fail'").fetchone() == (1,)
        counts = con.execute("SELECT source, checks_pass, checks_fail FROM documents ORDER BY source").fetchall()
    finally:
        con.close()
    assert counts == [("a.txt", 1, 1), ("b.txt", 0, 0)]
    import pandas as pd

    frame = pd.read_parquet(extracted / "checks.parquet")
    assert list(frame["rule"]) == ["rate.execution", "sum.basic_expense"] and frame["stated"].dtype == "float64"


def test_run_outputs_ie_audit_rewrites_the_checks(extracted):
    before = (extracted / "checks.jsonl").read_bytes()
    (extracted / "checks.jsonl").unlink()
    result = CliRunner().invoke(app, ["audit", str(extracted)])
    assert result.exit_code == 0, result.output
    assert "rate.execution" in result.output
    assert (extracted / "checks.jsonl").read_bytes() == before


def test_run_outputs_ie_audit_on_a_folder_without_predictions(tmp_path):
    result = CliRunner().invoke(app, ["audit", str(tmp_path)])
    assert result.exit_code == 2
    assert "E510" in result.output and "ie extract" in result.output and "Traceback" not in result.output


def test_run_outputs_ie_audit_on_a_broken_line(tmp_path):
    (tmp_path / "predictions.jsonl").write_text('{"id": 1, "text": "x"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(tmp_path)])
    assert result.exit_code == 2 and "E511" in result.output and "line 2" in result.output
