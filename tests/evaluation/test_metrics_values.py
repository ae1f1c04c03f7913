"""Accuracy of normalized values on strictly matched quantities."""
from __future__ import annotations

from ie.evaluation.metrics import VALUES_NA, evaluate

TEXT = "基本支出预算数10322.48万元，执行率99.24%。征集提案565件。"
GOLD_VALUES = {
    "10322.48万元": {"value": "103224800", "unit": "万元", "approx": "exact"},
    "99.24%": {"value": "0.9924"},
    "565件": {"value": "565", "unit": "件", "approx": "exact"},
}


def test_value_accuracy(record):
    gold = [record(TEXT, [("MONEY", "10322.48万元", GOLD_VALUES["10322.48万元"]),
                          ("PERCENT", "99.24%", GOLD_VALUES["99.24%"]),
                          ("COUNT", "565件", GOLD_VALUES["565件"])])]
    pred = [record(TEXT, [
        # Decimal-equal value, same unit, same approx -> correct
        ("MONEY", "10322.48万元", {"value": "103224800.00", "unit": "万元"}),
        # wrong value (0.99 ≠ 0.9924); gold gives no unit, so the unit is not compared
        ("PERCENT", "99.24%", {"value": "0.99", "unit": "%"}),
        # right value, wrong unit
        ("COUNT", "565件", {"value": 565, "unit": "个", "approx": "exact"}),
    ])]
    values = evaluate(gold, pred, bootstrap=0).values
    # 3 quantities matched strictly; all three fields right only for MONEY -> 1/3
    assert values.available
    assert values.n == 3
    assert values.correct == 1
    assert abs(values.accuracy - 1 / 3) < 1e-12
    assert (values.value_correct, values.unit_correct, values.approx_correct) == (2, 2, 3)


def test_values_only_on_strict_matches(record):
    gold = [record(TEXT, [("COUNT", "565件", GOLD_VALUES["565件"])])]
    # COUNT span off by one: not a strict match, so its value is not checked
    pred = [record(TEXT, [("COUNT", "65件", {"value": "565", "unit": "件"})])]
    values = evaluate(gold, pred, bootstrap=0).values
    assert values.available and values.n == 0 and values.accuracy is None


def test_approx_mismatch(record):
    gold = [record(TEXT, [("COUNT", "565件", {"value": "565", "unit": "件", "approx": "at_least"})])]
    pred = [record(TEXT, [("COUNT", "565件", {"value": "565", "unit": "件"})])]  # approx missing = exact
    values = evaluate(gold, pred, bootstrap=0).values
    assert (values.n, values.correct, values.approx_correct) == (1, 0, 0)


def test_gold_without_values_is_not_applicable(gold_example):
    values = evaluate(gold_example, gold_example, bootstrap=0).values
    assert not values.available
    assert values.note == VALUES_NA == "n/a (gold has no values)"
    assert values.accuracy is None


def test_gold_values_mapping(gold_example, record, example):
    # gold entities carry no values; the mapping (source, start, end) supplies them
    start = example.text.index("565件")
    gold_values = {("r.txt", start, start + 4): {"value": "565", "unit": "件"}}
    ents = [e + ({"value": "565", "unit": "件"},) if e[0] == "COUNT" else e for e in example.entities]
    values = evaluate(gold_example, [record(example.text, ents)], bootstrap=0, gold_values=gold_values).values
    assert values.available and (values.n, values.correct) == (1, 1)
