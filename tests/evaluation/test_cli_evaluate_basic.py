"""``ie evaluate`` end to end with typer's CliRunner."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.corpus.jsonl import write_jsonl

runner = CliRunner()


@pytest.fixture
def files(tmp_path, gold_example, record, example):
    gold = tmp_path / "gold.jsonl"
    good = tmp_path / "good.jsonl"
    half = tmp_path / "half.jsonl"
    write_jsonl(gold, gold_example)
    write_jsonl(good, gold_example)
    write_jsonl(half, [record(example.text, example.entities[:4])])
    return tmp_path, gold, good, half


def test_evaluate_writes_json_and_html(files):
    tmp, gold, good, half = files
    out = tmp / "eval" / "results.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(good), "--name", "model",
                                 "--pred", str(half), "--out", str(out), "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    assert "Entities — strict" in result.output
    assert "model" in result.output and "half" in result.output  # second system named after its file
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"model", "half"}
    assert data["model"]["entities_strict"]["micro"]["f1"] == 1.0
    # half: first 4 entities predicted -> tp 4, n_pred 4, n_gold 7 -> F1 8/11
    assert data["half"]["entities_strict"]["micro"]["f1"] == pytest.approx(8 / 11)
    html = (tmp / "eval" / "report.html").read_text(encoding="utf-8")  # default: next to --out
    assert "<img" in html


def test_explicit_html_path(files):
    tmp, gold, good, _ = files
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(good), "--out",
                                 str(tmp / "r.json"), "--html", str(tmp / "x" / "r.html"), "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert (tmp / "x" / "r.html").is_file()


def test_more_names_than_preds_is_an_error(files):
    tmp, gold, good, _ = files
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(good), "--name", "a",
                                 "--name", "b", "--out", str(tmp / "r.json")])
    assert result.exit_code == 1
    assert "[E200]" in result.output
    assert "Traceback" not in result.output


def test_no_system_is_an_error(files):
    tmp, gold, _, _ = files
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--out", str(tmp / "r.json")])
    assert result.exit_code == 1
    assert "[E202]" in result.output


def test_duplicate_names_are_an_error(files):
    tmp, gold, good, half = files
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(good), "--name", "x",
                                 "--pred", str(half), "--name", "x", "--out", str(tmp / "r.json")])
    assert result.exit_code == 1
    assert "[E203]" in result.output


def test_missing_gold_file_is_an_error(files):
    tmp, _, good, _ = files
    result = runner.invoke(app, ["evaluate", "--gold", str(tmp / "nope.jsonl"), "--pred", str(good),
                                 "--out", str(tmp / "r.json")])
    assert result.exit_code == 1
    assert "[E022]" in result.output
