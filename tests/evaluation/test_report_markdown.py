"""Markdown report: one table per metric group, one column per system."""
from __future__ import annotations

from ie.evaluation.metrics import evaluate
from ie.evaluation.report import build_tables, format_f1, to_markdown


def _results(gold_example, record, example):
    ents = list(example.entities)
    ents[6] = ("MONEY", "565件")  # wrong label
    return {
        "perfect": evaluate(gold_example, gold_example, bootstrap=50),
        "wrong-label": evaluate(gold_example, [record(example.text, ents, example.relations)], bootstrap=50),
    }


def test_markdown_has_groups_rows_and_system_columns(gold_example, record, example):
    md = to_markdown(_results(gold_example, record, example))
    for title in ("## Entities — strict", "## Entities — lenient", "## Quantities as a whole",
                  "## Relations", "## Normalized values", "## Per report", "## Text alignment",
                  "## Label confusion — perfect", "## Label confusion — wrong-label"):
        assert title in md
    assert "|  | gold | perfect | wrong-label |" in md
    # one gold MONEY; perfect 1.0 with a degenerate interval; wrong-label: P 1/2, R 1 -> 0.667
    money = next(line for line in md.splitlines() if line.startswith("| MONEY | 1 |"))
    assert "1.000 [1.000, 1.000]" in money and "0.667" in money
    assert "| SCORE | 0 | – | – |" in md  # undefined without gold and prediction
    assert "| typed, strict | 3 |" in md
    assert "| indicator | 3 |" in md and "| task | 1 |" in md
    assert "n/a (gold has no values)" in md
    assert "| r.txt — entities |" in md and "| r.txt — relations |" in md


def test_confusion_table_counts_the_wrong_label(gold_example, record, example):
    tables = {t.title: t for t in build_tables(_results(gold_example, record, example))}
    table = tables["Label confusion — wrong-label"]
    col = table.header.index("MONEY")
    row = next(r for r in table.rows if r[0] == "COUNT")
    assert row[col] == "1"


def test_format_f1():
    from ie.evaluation.metrics import Score

    score = Score.from_counts(1, 2, 1)
    assert format_f1(score) == "0.667"
    score.ci = (0.5, 0.8)
    assert format_f1(score) == "0.667 [0.500, 0.800]"
    assert format_f1(Score.from_counts(0, 0, 0)) == "–"
