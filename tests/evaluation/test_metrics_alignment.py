"""Predictions on a normalized text, or cut differently, still score against gold."""
from __future__ import annotations

from ie.evaluation.metrics import MICRO, evaluate

# gold report: a PDF line break inside the amount, a page marker, full-width digits;
# cut into two units (doc_start 0 and len(UNIT1))
UNIT1 = "基本支出预算数10322.48万\n元，执行率99.24%。\n\n- 2 -\n\n"
UNIT2 = "征集提案５６５件。\n"
# the prediction's text: one record for the whole report, normalized
PRED = "基本支出预算数10322.48万元，执行率99.24%。征集提案565件。"


def _gold(record):
    u1 = record(UNIT1, [("TASK", "基本支出"), ("INDICATOR", "预算数"), ("MONEY", "10322.48万\n元"),
                        ("INDICATOR", "执行率"), ("PERCENT", "99.24%")],
                [(3, 2, "indicator"), (3, 1, "task"), (5, 4, "indicator")], rid=1, doc_start=0)
    u2 = record(UNIT2, [("INDICATOR", "征集提案"), ("COUNT", "５６５件")], [(2, 1, "indicator")],
                rid=2, doc_start=len(UNIT1))
    return [u1, u2]


def _pred(record):
    return [record(PRED, [("TASK", "基本支出"), ("INDICATOR", "预算数"), ("MONEY", "10322.48万元"),
                          ("INDICATOR", "执行率"), ("PERCENT", "99.24%"), ("INDICATOR", "征集提案"),
                          ("COUNT", "565件")],
                   [(3, 2, "indicator"), (3, 1, "task"), (5, 4, "indicator"), (7, 6, "indicator")])]


def test_normalized_prediction_text_scores_perfect(record):
    # line breaks removed, page marker removed, full-width digits made half-width:
    # after alignment all 7 entities and 4 relations match exactly -> 1.0 everywhere
    result = evaluate(_gold(record), _pred(record), bootstrap=0)
    assert result.entities_strict[MICRO].f1 == 1.0
    assert result.entities_strict[MICRO].tp == 7
    assert result.relations[MICRO].f1 == 1.0
    assert result.quantities["typed_strict"].f1 == 1.0
    # all prediction characters align; the page marker "-2-" (3 of the gold's chars) does not
    assert result.alignment.pred_share == 1.0
    assert 0.9 < result.alignment.gold_share < 1.0
    assert result.alignment.unaligned_entities == 0


def test_gold_as_units_and_prediction_as_units(record):
    # predictions cut into the same units as gold (same texts): identical to gold
    gold = _gold(record)
    result = evaluate(gold, gold, bootstrap=0)
    assert result.entities_strict[MICRO].f1 == 1.0
    assert result.relations[MICRO].f1 == 1.0


def test_prediction_records_without_source_find_their_gold_unit(record):
    # a prediction record without meta.source whose text equals a gold unit takes that
    # unit's source and doc_start
    gold = _gold(record)
    pred = [dict(gold[1], meta={})]
    result = evaluate(gold, pred, bootstrap=0)
    # the 2 entities of unit 2 match; the 5 of unit 1 are missed: tp 2, n_pred 2, n_gold 7
    assert result.entities_strict[MICRO].tp == 2
    assert result.entities_strict[MICRO].recall == 2 / 7


def test_text_mismatch_never_fails(record):
    gold = _gold(record)
    pred = [record("完全无关的一段文字，共12件。", [("COUNT", "12件")])]
    pred[0]["meta"]["source"] = "r.txt"
    result = evaluate(gold, pred, bootstrap=0)
    # nothing aligns except maybe stray characters; the COUNT cannot land on a gold span
    assert result.entities_strict[MICRO].tp == 0
    assert result.alignment.gold_share < 0.3


def test_predictions_for_unknown_reports_are_ignored(record):
    gold = _gold(record)
    pred = _pred(record) + [record("别的报告12件。", [("COUNT", "12件")], source="other.txt")]
    result = evaluate(gold, pred, bootstrap=0)
    assert result.entities_strict[MICRO].f1 == 1.0
    assert result.alignment.extra_documents == ["other.txt"]
    assert any("other.txt" in w for w in result.warnings)
