"""``ie evaluate --jionlp``: the JioNLP baseline on the gold texts."""
from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from ie.cli import app
from ie.corpus.jsonl import write_jsonl

runner = CliRunner()


def test_jionlp_baseline_alone(tmp_path, gold_example):
    pytest.importorskip("jionlp")
    gold = tmp_path / "gold.jsonl"
    write_jsonl(gold, gold_example)
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--jionlp", "--out", str(out),
                                 "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    assert "jionlp" in result.output
    assert "微信公众号" not in result.output  # JioNLP's import banner is kept out
    data = json.loads(out.read_text(encoding="utf-8"))
    # the example's only MONEY (10322.48万元) is found exactly
    assert data["jionlp"]["entities_strict"]["MONEY"]["f1"] == 1.0


def test_jionlp_missing_is_a_clear_error(tmp_path, gold_example, monkeypatch):
    monkeypatch.setitem(sys.modules, "jionlp", None)
    gold = tmp_path / "gold.jsonl"
    write_jsonl(gold, gold_example)
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--jionlp", "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert "[E205]" in result.output and "pip install" in result.output
