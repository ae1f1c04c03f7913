"""Relation scores: exact quantity span, overlapping target (worked out by hand)."""
from __future__ import annotations

import pytest

from ie.evaluation.metrics import MICRO, evaluate


def test_missing_relation(gold_example, record, example):
    # the task relation 3→1 is not predicted.
    # indicator: 3/3 -> 1.0; task: tp 0, n_pred 0, n_gold 1 -> P 0 (convention), R 0, F1 0
    # micro: tp 3, n_pred 3, n_gold 4 -> P 1, R 3/4, F1 = 2*3/(3+4) = 6/7
    rels = [r for r in example.relations if r[2] != "task"]
    result = evaluate(gold_example, [record(example.text, example.entities, rels)], bootstrap=0)
    assert result.relations["indicator"].f1 == 1.0
    task = result.relations["task"]
    assert (task.precision, task.recall, task.f1) == (0.0, 0.0, 0.0)
    micro = result.relations[MICRO]
    assert (micro.precision, micro.recall) == (1.0, 0.75)
    assert micro.f1 == pytest.approx(6 / 7)


def test_overlapping_target_counts(gold_example, record, example):
    # the MONEY's indicator is predicted as "算数" instead of "预算数": the target
    # overlaps the gold target, so the relation is correct (indicator 3/3, micro 4/4),
    # although the INDICATOR entity itself is a strict miss (strict INDICATOR 2/3).
    ents = list(example.entities)
    ents[1] = ("INDICATOR", "算数")
    result = evaluate(gold_example, [record(example.text, ents, example.relations)], bootstrap=0)
    assert result.relations["indicator"].f1 == 1.0
    assert result.relations[MICRO].f1 == 1.0
    assert result.entities_strict["INDICATOR"].f1 == pytest.approx(2 / 3)


def test_non_overlapping_target_misses(gold_example, record, example):
    # the PERCENT's indicator relation points to 征集提案 (entity 6), not 执行率:
    # indicator tp 2, n_pred 3, n_gold 3 -> 2/3
    rels = [(5, 6, "indicator") if r == (5, 4, "indicator") else r for r in example.relations]
    result = evaluate(gold_example, [record(example.text, example.entities, rels)], bootstrap=0)
    assert result.relations["indicator"].f1 == pytest.approx(2 / 3)


def test_relation_type_must_match(gold_example, record, example):
    # 3→1 predicted as "indicator" instead of "task": the target overlaps but the type differs.
    # indicator: tp 3, n_pred 4, n_gold 3 -> P 3/4, R 1, F1 6/7; task: 0 of 1 -> 0
    rels = [(3, 1, "indicator") if r == (3, 1, "task") else r for r in example.relations]
    result = evaluate(gold_example, [record(example.text, example.entities, rels)], bootstrap=0)
    assert result.relations["indicator"].f1 == pytest.approx(6 / 7)
    assert result.relations["task"].f1 == 0.0


def test_source_span_must_be_exact(gold_example, record, example):
    # MONEY predicted one character too long ("8万元" end + "，"): both its relations miss.
    # indicator tp 2/3, task 0/1: micro tp 2, n_pred 4, n_gold 4 -> 0.5
    ents = list(example.entities)
    ents[2] = ("MONEY", "10322.48万元，")
    result = evaluate(gold_example, [record(example.text, ents, example.relations)], bootstrap=0)
    assert result.relations[MICRO].f1 == pytest.approx(0.5)


def test_source_must_be_a_quantity(record):
    # gold: 565件 (COUNT) → 征集提案. pred: the same span labelled INDICATOR, with the
    # same relation: the source is not a quantity, so it is wrong (tp 0, n_pred 1, n_gold 1).
    text = "征集提案565件。"
    gold = [record(text, [("INDICATOR", "征集提案"), ("COUNT", "565件")], [(2, 1, "indicator")])]
    pred = [record(text, [("INDICATOR", "征集提案"), ("INDICATOR", "565件")], [(2, 1, "indicator")])]
    result = evaluate(gold, pred, bootstrap=0)
    score = result.relations["indicator"]
    assert (score.tp, score.n_pred, score.n_gold) == (0, 1, 1)


def test_each_gold_relation_matched_once(record):
    # two predicted indicator relations from the same COUNT to overlapping targets:
    # only one can match -> tp 1, n_pred 2, n_gold 1 -> P 1/2, R 1, F1 2/3
    text = "征集提案565件。"
    gold = [record(text, [("INDICATOR", "征集提案"), ("COUNT", "565件")], [(2, 1, "indicator")])]
    pred = [record(text, [("INDICATOR", "征集提案"), ("COUNT", "565件"), ("INDICATOR", "提案")],
                   [(2, 1, "indicator"), (2, 3, "indicator")])]
    score = evaluate(gold, pred, bootstrap=0).relations["indicator"]
    assert (score.tp, score.n_pred, score.n_gold) == (1, 2, 1)
    assert score.f1 == pytest.approx(2 / 3)
