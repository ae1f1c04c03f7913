"""`ie extract` on the five bundled reports in annotations/raw."""
from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ie
from ie.api import doc_for
from ie.cli import app
from ie.export.records import CSV_COLUMNS
from ie.io.clean import _CHAR_MAP
from ie.pipeline.linker import LINKS_KEY

RAW = Path(__file__).resolve().parents[2] / "annotations" / "raw"


def _no_space(s: str) -> str:
    """``s`` without white space, its one-to-one cleaned characters (PDF quotes ‚…‛, full-width digits) normalized."""
    return re.sub(r"\s+", "", "".join(_CHAR_MAP.get(c, c) for c in s))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    reports = sorted(RAW.glob("*.txt"))
    if len(reports) != 5:
        pytest.skip(f"expected the five bundled reports in {RAW}")
    out = tmp_path_factory.mktemp("bundled") / "out"
    result = CliRunner().invoke(app, ["extract", *map(str, reports), "--model", "rules", "-o", str(out)])
    records = [json.loads(line) for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    with (out / "quantities.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns = tuple(reader.fieldnames)
        rows = list(reader)
    return {"result": result, "out": out, "reports": reports, "records": records, "columns": columns, "rows": rows}


def _entity(record: dict, label: str, text: str) -> dict:
    for e in record["entities"]:
        if e["label"] == label and _no_space(record["text"][e["start_offset"]:e["end_offset"]]) == _no_space(text):
            return e
    raise AssertionError(f"{label} {text!r} not found in {record['meta']['source']}")


def _record(run, prefix: str) -> dict:
    (rec,) = [r for r in run["records"] if r["meta"]["source"].startswith(prefix)]
    return rec


def test_extract_bundled_reports_all_processed(run):
    result = run["result"]
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Traceback" not in result.stdout
    assert (run["out"] / "predictions.jsonl").is_file()
    assert (run["out"] / "quantities.csv").is_file()
    assert len(run["records"]) == 5
    assert sorted(r["meta"]["source"] for r in run["records"]) == [p.name for p in run["reports"]]
    for rec in run["records"]:
        source = RAW / rec["meta"]["source"]
        assert rec["text"] == source.read_text(encoding="utf-8")
        assert rec["meta"]["model"] == "rules_zh"


def test_extract_bundled_entity_offsets_slice_the_original_text(run):
    nlp = ie.load("rules")
    for rec in run["records"]:
        text = rec["text"]
        # what the pipeline read for each span, keyed by its original offsets
        doc = doc_for(text, nlp)
        clean = doc._.clean
        read = {(*clean.to_original(s.start_char, s.end_char), s.label_): s.text
                for s in list(doc.ents) + list(doc.spans[LINKS_KEY])}
        assert rec["entities"]
        for e in rec["entities"]:
            s, e_ = e["start_offset"], e["end_offset"]
            assert 0 <= s < e_ <= len(text)
            piece = text[s:e_]
            assert piece.strip(), (rec["meta"]["source"], e)
            assert _no_space(piece) == _no_space(read[(s, e_, e["label"])]), (rec["meta"]["source"], e)
        ids = {e["id"] for e in rec["entities"]}
        for rel in rec["relations"]:
            assert rel["from_id"] in ids and rel["to_id"] in ids


def test_extract_bundled_expected_quantities(run):
    r000 = _record(run, "000_")
    money = _entity(r000, "MONEY", "13480.37万元")
    assert (money["value"], money["unit"], money["approx"]) == ("134803700", "万元", "exact")
    assert Decimal(money["value"]) == Decimal("13480.37") * 10000
    percent = _entity(r000, "PERCENT", "99.24%")
    assert Decimal(percent["value"]) == Decimal("0.9924")
    score = _entity(r000, "SCORE", "95.25分")
    assert Decimal(score["value"]) == Decimal("95.25")
    assert r000["meta"]["unit"] == "广州市政协办公厅" and r000["meta"]["year"] == 2021

    r004 = _record(run, "004_")
    table_money = _entity(r004, "MONEY", "2318.88")  # a bare table number, 单位：万元 above the table
    assert (table_money["value"], table_money["unit"]) == ("23188800", "万元")
    rate = _entity(r004, "PERCENT", "-5.0%")
    assert Decimal(rate["value"]) == Decimal("-0.05")
    assert r004["meta"]["year"] == 2022


def test_extract_bundled_quantities_csv(run):
    assert run["columns"] == CSV_COLUMNS
    rows = run["rows"]
    assert {r["source"] for r in rows} == {p.name for p in run["reports"]}
    texts = {p.name: p.read_text(encoding="utf-8") for p in run["reports"]}
    for row in rows:
        # the CSV text collapses the white space inside a quantity; the offsets slice the original
        assert " ".join(texts[row["source"]][int(row["start"]):int(row["end"])].split()) == row["text"]
        assert row["label"] in ("MONEY", "PERCENT", "COUNT", "SCORE")
        assert row["model"] == "rules_zh"
    hit = [r for r in rows if r["source"].startswith("000_") and r["text"] == "13480.37万元"]
    assert hit and hit[0]["value"] == "134803700"
    n_quantities = sum(1 for rec in run["records"] for e in rec["entities"]
                       if e["label"] in ("MONEY", "PERCENT", "COUNT", "SCORE"))
    assert len(rows) == n_quantities
