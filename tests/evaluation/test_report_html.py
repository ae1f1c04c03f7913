"""HTML report: self-contained, with embedded PNG plots."""
from __future__ import annotations

from ie.evaluation.metrics import evaluate
from ie.evaluation.report import write_html


def test_html_written_with_images(tmp_path, gold_example, record, example):
    results = {
        "a": evaluate(gold_example, gold_example, bootstrap=20),
        "b": evaluate(gold_example, [record(example.text, example.entities[:4])], bootstrap=20),
    }
    path = write_html(results, tmp_path / "sub" / "report.html")
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<img" in html and "data:image/png;base64," in html
    # per-label bars + one confusion heat map per system
    assert html.count("<img") == 3
    assert "<table>" in html and "Entities — strict" in html
    assert "http://" not in html and "https://" not in html  # nothing fetched when opened


def test_html_learning_curve(tmp_path, gold_example):
    results = {"a": evaluate(gold_example, gold_example, bootstrap=0)}
    curve = [{"train_size": 10, "entities_f1": 0.4, "relations_f1": 0.2},
             {"train_size": 40, "entities_f1": 0.7, "relations_f1": 0.5}]
    html = write_html(results, tmp_path / "r.html", learning_curve=curve).read_text(encoding="utf-8")
    assert "Learning curve" in html
    assert html.count("<img") == 3  # bars, confusion, learning curve


def test_html_without_matplotlib_keeps_the_tables(tmp_path, gold_example, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    results = {"a": evaluate(gold_example, gold_example, bootstrap=0)}
    html = write_html(results, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<img" not in html and "matplotlib is not installed" in html
    assert "Entities — strict" in html
