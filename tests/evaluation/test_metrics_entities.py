"""Entity scores on hand-made cases (scores worked out by hand in the comments)."""
from __future__ import annotations

import json

import pytest

from ie.contract import LABELS
from ie.evaluation.metrics import EMPTY, MICRO, Score, evaluate


def _defined(scores: dict[str, Score]) -> dict[str, Score]:
    return {k: s for k, s in scores.items() if s.f1 is not None}


def test_perfect_prediction_scores_one_everywhere(gold_example):
    # prediction == gold: 7/7 entities, 3/3 quantities, 4/4 relations -> P = R = F1 = 1.0
    result = evaluate(gold_example, gold_example, bootstrap=0)
    groups = [result.entities_strict, result.entities_lenient, result.quantities, result.relations]
    for group in groups:
        for score in _defined(group).values():
            assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert result.entities_strict[MICRO].tp == 7
    assert result.relations[MICRO].tp == 4
    # labels absent from both sides (SCORE, ORG) are undefined, not 0 or 1
    assert result.entities_strict["SCORE"].f1 is None
    assert result.entities_strict["ORG"].f1 is None
    assert result.alignment.gold_share == 1.0
    json.dumps(result.to_dict(), ensure_ascii=False)  # JSON-serializable


def test_empty_prediction(gold_example, record, example):
    # no predicted entity: tp = 0, n_pred = 0, n_gold = 7.
    # P = 0/0 is undefined -> 0 by convention; R = 0/7 = 0; F1 = 0.
    pred = [record(example.text, [])]
    result = evaluate(gold_example, pred, bootstrap=0)
    micro = result.entities_strict[MICRO]
    assert (micro.tp, micro.n_pred, micro.n_gold) == (0, 0, 7)
    assert (micro.precision, micro.recall, micro.f1) == (0.0, 0.0, 0.0)
    assert result.entities_strict["MONEY"].f1 == 0.0
    assert result.relations[MICRO].f1 == 0.0
    # every gold entity lands in the ∅ column
    assert result.confusion.counts["INDICATOR"][EMPTY] == 3
    assert result.confusion.counts["MONEY"][EMPTY] == 1


def test_prediction_for_missing_report_counts_as_empty(gold_example):
    # no prediction record at all for r.txt: same as an empty prediction
    result = evaluate(gold_example, [], bootstrap=0)
    assert result.entities_strict[MICRO].f1 == 0.0
    assert result.alignment.missing_documents == ["r.txt"]


def test_off_by_one_boundary_is_strict_miss_lenient_hit(gold_example, record, example):
    # MONEY predicted as "0322.48万元" (starts one char late)
    ents = list(example.entities)
    ents[2] = ("MONEY", "0322.48万元")
    result = evaluate(gold_example, [record(example.text, ents, example.relations)], bootstrap=0)
    money = result.entities_strict["MONEY"]
    # strict MONEY: tp 0, n_pred 1, n_gold 1 -> P = R = F1 = 0
    assert (money.tp, money.precision, money.recall, money.f1) == (0, 0.0, 0.0, 0.0)
    # lenient MONEY: the spans overlap -> tp 1 -> 1.0
    assert result.entities_lenient["MONEY"].f1 == 1.0
    # strict micro: tp 6 of 7 predicted and 7 gold -> P = R = F1 = 6/7
    assert result.entities_strict[MICRO].f1 == pytest.approx(6 / 7)
    assert result.entities_lenient[MICRO].f1 == 1.0
    # quantities typed strict: 2 of 3 -> 2/3; lenient 3/3
    assert result.quantities["typed_strict"].f1 == pytest.approx(2 / 3)
    assert result.quantities["typed_lenient"].f1 == 1.0
    # relations from the shifted MONEY are wrong (from-span not exact): indicator 2/3 right,
    # task 0/1: micro tp 2, n_pred 4, n_gold 4 -> 0.5
    assert result.relations["indicator"].f1 == pytest.approx(2 / 3)
    assert result.relations["task"].f1 == 0.0
    assert result.relations[MICRO].f1 == pytest.approx(0.5)
    # confusion: a lenient match stays on the diagonal
    assert result.confusion.counts["MONEY"]["MONEY"] == 1


def test_wrong_label_misses_and_fills_confusion_cell(gold_example, record, example):
    # "565件" predicted as MONEY instead of COUNT
    ents = list(example.entities)
    ents[6] = ("MONEY", "565件")
    result = evaluate(gold_example, [record(example.text, ents, example.relations)], bootstrap=0)
    for group in (result.entities_strict, result.entities_lenient):
        # COUNT: tp 0, n_pred 0, n_gold 1 -> P 0 (convention), R 0, F1 0
        assert (group["COUNT"].precision, group["COUNT"].recall, group["COUNT"].f1) == (0.0, 0.0, 0.0)
        # MONEY: tp 1, n_pred 2, n_gold 1 -> P 1/2, R 1, F1 2/3
        assert group["MONEY"].precision == 0.5
        assert group["MONEY"].recall == 1.0
        assert group["MONEY"].f1 == pytest.approx(2 / 3)
    # confusion: gold COUNT × pred MONEY counted once, nothing left unmatched
    counts = result.confusion.counts
    assert counts["COUNT"]["MONEY"] == 1
    assert counts["COUNT"][EMPTY] == 0
    assert counts[EMPTY]["MONEY"] == 0
    assert counts["MONEY"]["MONEY"] == 1
    # quantities: typed strict 2/3 (P = R = 2/3); untyped strict 3/3 = 1.0
    assert result.quantities["typed_strict"].f1 == pytest.approx(2 / 3)
    assert result.quantities["untyped_strict"].f1 == 1.0
    assert result.quantities["untyped_lenient"].f1 == 1.0
    # relations ignore which quantity label the source has: 4/4
    assert result.relations[MICRO].f1 == 1.0


def test_confusion_rows_and_columns_sum_to_counts(gold_example, record, example):
    # pred: MONEY shifted (lenient hit), COUNT labelled SCORE, an extra ORG on 执行率,
    # INDICATOR 征集提案 missing
    ents = [e for e in example.entities if e[1] != "征集提案"]
    ents = [("MONEY", "0322.48万元") if e[0] == "MONEY" else e for e in ents]
    ents = [("SCORE", "565件") if e[0] == "COUNT" else e for e in ents]
    ents.append(("ORG", "执行率"))
    result = evaluate(gold_example, [record(example.text, ents)], bootstrap=0)
    counts = result.confusion.counts
    labels = result.confusion.labels
    assert labels[-1] == EMPTY and set(LABELS) <= set(labels)
    # row sums = gold counts (7), column sums = predicted counts (7)
    assert sum(counts[g][p] for g in labels for p in labels if g != EMPTY) == 7
    assert sum(counts[g][p] for g in labels for p in labels if p != EMPTY) == 7
    # 执行率 is gold INDICATOR (matched leniently by the INDICATOR prediction), so the
    # ORG on the same span is spurious: ∅ row; 征集提案 is missed: ∅ column
    assert counts["INDICATOR"]["INDICATOR"] == 2
    assert counts[EMPTY]["ORG"] == 1
    assert counts["INDICATOR"][EMPTY] == 1
    assert counts["COUNT"]["SCORE"] == 1


def test_lenient_matches_each_gold_once(record):
    # gold: one COUNT "565件"; pred: "565" and "5件"... two overlapping COUNT predictions.
    # lenient: only one may match -> tp 1, n_pred 2, n_gold 1 -> P 1/2, R 1, F1 2/3
    text = "征集提案565件。"
    gold = [record(text, [("COUNT", "565件")])]
    pred = [record(text, [("COUNT", 4, 7), ("COUNT", 6, 8)])]
    result = evaluate(gold, pred, bootstrap=0)
    lenient = result.entities_lenient["COUNT"]
    assert (lenient.tp, lenient.n_pred, lenient.n_gold) == (1, 2, 1)
    assert lenient.f1 == pytest.approx(2 / 3)
    assert result.entities_strict["COUNT"].tp == 0


def test_unknown_labels_are_scored_not_dropped(record):
    # a label outside the contract: gold 0, pred 1 -> its P = 0, R = 0 (no gold, convention), F1 = 0
    text = "征集提案565件。"
    gold = [record(text, [("COUNT", "565件")])]
    pred = [record(text, [("COUNT", "565件"), ("DATE", "征集")])]
    result = evaluate(gold, pred, bootstrap=0)
    assert result.entities_strict["DATE"].f1 == 0.0
    # micro: tp 1, n_pred 2, n_gold 1 -> 2/3
    assert result.entities_strict[MICRO].f1 == pytest.approx(2 / 3)


def test_whitespace_at_span_ends_is_ignored(record):
    # gold "565 件" annotated with a trailing space; prediction without it: strict hit
    text = "征集提案565 件 ，完成。"
    gold = [record(text, [("COUNT", "565 件 ")])]
    pred = [record(text, [("COUNT", "565 件")])]
    assert evaluate(gold, pred, bootstrap=0).entities_strict["COUNT"].f1 == 1.0


def test_negative_bootstrap_is_an_error(gold_example):
    from ie.errors import IEError

    with pytest.raises(IEError, match="E209"):
        evaluate(gold_example, gold_example, bootstrap=-1)
