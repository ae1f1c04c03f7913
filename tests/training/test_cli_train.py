"""`ie train`, `ie train convert|predict|compare` through typer's CliRunner."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from ie.cli import app
from ie.corpus.jsonl import read_jsonl, write_jsonl

from .conftest import gold_records, make_record

runner = CliRunner()


def test_train_prints_misaligned_metrics_time_and_memory(tmp_path, config_path):
    records = gold_records()
    # a span that starts inside a number token is reached by splitting the token; one that starts
    # on white space cannot be placed: listed, one line
    records.append(make_record(99, "100_aaaa.txt", "预算数1[ 3480.37万元|MONEY]。", doc_start=500))
    gold = tmp_path / "gold.jsonl"
    write_jsonl(gold, records)
    out = tmp_path / "models" / "cli"
    result = runner.invoke(app, ["train", "--gold", str(gold), "--output", str(out), "--config", str(config_path),
                                 "--max-steps", "10", "--no-rules", "--no-rule-features", "--test-source", "101",
                                 "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "1 train span(s) not on token boundaries" in result.output
    assert "100_aaaa.txt:504-514 MONEY ' 3480.37万元' (unit 99)" in result.output
    for word in ("MONEY", "PERCENT", "COUNT", "SCORE", "ORG", "Time:", "Peak memory:", "101_bbbb.txt"):
        assert word in result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["ie_training"]["seed"] == 1 and meta["ie_training"]["rules"] == []
    assert meta["ie_training"]["rule_features"] is False
    assert meta["ie_training"]["config"]["overrides"]["components.tok2vec.model.embed.feature_width"] == 0
    assert meta["ie_training"]["misaligned"]["train"][0]["text"] == " 3480.37万元"


def test_train_errors_are_one_line(tmp_path, gold_file, config_path):
    result = runner.invoke(app, ["train", "--gold", str(gold_file), "--output", str(tmp_path / "m"),
                                 "--config", str(config_path), "--test-source", "999"])
    assert result.exit_code == 1
    assert "[E401]" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["train", "--output", str(tmp_path / "m")])
    assert result.exit_code == 2 and "--gold" in result.output
    result = runner.invoke(app, ["train", "--gold", str(gold_file), "--output", str(tmp_path / "m"),
                                 "--config", str(config_path), "--order", "rules_last"])
    assert result.exit_code == 1 and "[E017]" in result.output and "rule_features_rule_orgs" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "m").exists()


def test_convert_then_predict(tmp_path, gold_file, config_path):
    corpus = tmp_path / "corpus"
    result = runner.invoke(app, ["train", "convert", "--gold", str(gold_file), "--output", str(corpus),
                                 "--config", str(config_path), "--test-source", "101,"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in corpus.iterdir()} >= {"train.spacy", "dev.spacy", "heldout.jsonl", "misaligned.jsonl"}
    heldout = read_jsonl(corpus / "heldout.jsonl")
    assert {r["meta"]["source"] for r in heldout} == {"101_bbbb.txt"}
    model = tmp_path / "m"
    assert runner.invoke(app, ["train", "--gold", str(gold_file), "--output", str(model), "--config",
                               str(config_path), "--max-steps", "5", "--test-source", "101"]).exit_code == 0
    preds = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["train", "predict", "--model", str(model), "--gold", str(corpus / "heldout.jsonl"),
                                 "--output", str(preds)])
    assert result.exit_code == 0, result.output
    out = read_jsonl(preds)
    assert [r["id"] for r in out] == [r["id"] for r in heldout]
    assert all(r["text"] == g["text"] for r, g in zip(out, heldout))
    result = runner.invoke(app, ["train", "predict", "--model", str(tmp_path / "nope"), "--gold", str(gold_file)])
    assert result.exit_code == 1 and "[E409]" in result.output


def test_compare_writes_markdown_and_json(tmp_path, gold_file, config_path, monkeypatch):
    monkeypatch.setenv("IE_CACHE", str(tmp_path / "empty-cache"))  # pkuseg model absent here
    output = tmp_path / "evaluation" / "comparison.md"
    result = runner.invoke(app, ["train", "compare", "--gold", str(gold_file), "--output", str(output),
                                 "--config", str(config_path), "--segmenter", "jieba", "--segmenter", "pkuseg",
                                 "--segmenter", "char", "--fraction", "0.5", "--fraction", "1",
                                 "--max-steps", "5", "--test-source", "101"])
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    for title in ("## Segmenters", "## Pipelines", "## Learning curve", "## Leave-one-report-out"):
        assert title in text
    assert "E012" in text  # pkuseg listed with the reason, not silently skipped
    data = json.loads(output.with_suffix(".json").read_text(encoding="utf-8"))
    experiments = {}
    for row in data["rows"]:
        experiments.setdefault(row["experiment"], []).append(row)
    assert [r["name"] for r in experiments["segmenters"]] == ["jieba", "pkuseg", "char"]
    assert [r["name"] for r in experiments["learning curve"]] == ["50%", "100%"]
    assert experiments["learning curve"][0]["train_units"] == 3
    folds = [r["name"] for r in experiments["leave-one-report-out"] if r["pipeline"] == "ner"]
    assert folds == ["100_aaaa.txt", "101_bbbb.txt", "all folds (micro)"]
    micro = next(r for r in experiments["leave-one-report-out"] if r["name"] == "all folds (micro)"
                 and r["pipeline"] == "ner")
    assert micro["metrics"]["ents_tp"] + micro["metrics"]["ents_fn"] == 16  # every real-report entity once


def test_train_refuses_to_replace_a_model_without_force(tmp_path, gold_file, config_path):
    out = tmp_path / "models" / "kept"
    out.mkdir(parents=True)
    (out / "meta.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["train", "--gold", str(gold_file), "--output", str(out),
                                 "--config", str(config_path), "--max-steps", "5"])
    assert result.exit_code == 1
    assert "already holds a model" in result.output and "--force" in result.output
    assert (out / "meta.json").read_text(encoding="utf-8") == "{}"  # untouched


def test_train_refuses_sealed_documents_in_the_training_gold(tmp_path, config_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "sealed.txt").write_text("# sealed\n005.txt\n", encoding="utf-8")
    record = make_record(1, "derived/005.txt", "资金[100万元|MONEY]。")
    gold = tmp_path / "gold.jsonl"
    write_jsonl(gold, [record])
    result = runner.invoke(app, ["train", "--gold", str(gold), "--output", str(tmp_path / "m"),
                                 "--config", str(config_path), "--max-steps", "5"])
    assert result.exit_code == 1
    assert "sealed test documents (derived/005.txt)" in result.output
    assert not (tmp_path / "m").exists()
