"""The JioNLP money baseline: mapping JioNLP items to contract predictions."""
from __future__ import annotations

import sys

import pytest

from ie.errors import ModelError
from ie.evaluation.baselines import jionlp_predictions, load_jionlp_money
from ie.evaluation.metrics import evaluate


def _fake(items_by_text):
    return lambda text: items_by_text.get(text, [])


def test_items_become_trimmed_money_entities():
    text = "共募集善款约70万元，项目资金12万余元，不超过5万元。"
    items = {text: [
        {"text": "约70万元", "offset": [5, 10], "type": "money",
         "detail": {"num": "700000.00", "case": "元", "definition": "blur"}},
        # JioNLP runs past the unit here; the span is cut at 元
        {"text": "12万余元，不超", "offset": [15, 23], "type": "money",
         "detail": {"num": ["120000.00", "130000.00"], "case": "元", "definition": "blur"}},
        {"text": "5万元", "offset": [24, 27], "type": "money",
         "detail": {"num": "50000.00", "case": "元", "definition": "accurate"}},
    ]}
    recs = [{"id": 3, "text": text, "meta": {"source": "x.txt", "doc_start": 40}, "entities": [{"id": 9}]}]
    out = jionlp_predictions(recs, extractor=_fake(items))
    assert out[0]["meta"] == {"source": "x.txt", "doc_start": 40}
    assert out[0]["relations"] == []
    spans = [(text[e["start_offset"]:e["end_offset"]], e.get("value"), e.get("unit"), e["approx"])
             for e in out[0]["entities"]]
    assert spans == [
        ("70万元", "700000", "万元", "about"),
        ("12万余元", "120000", "万元", "at_least"),
        ("5万元", "50000", "万元", "at_most"),
    ]
    assert all(e["label"] == "MONEY" for e in out[0]["entities"])


def test_offsets_are_recovered_when_jionlp_shifts_them():
    text = "预算50万元。"
    out = jionlp_predictions([{"id": 1, "text": text}], extractor=_fake(
        {text: [{"text": "50万元", "offset": [0, 4], "detail": {"num": "500000"}}]}))
    e = out[0]["entities"][0]
    assert text[e["start_offset"]:e["end_offset"]] == "50万元"


def test_missing_jionlp_raises_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "jionlp", None)  # import jionlp -> ModuleNotFoundError
    with pytest.raises(ModelError, match=r"E205.*pip install"):
        load_jionlp_money()


def test_real_jionlp_scores_money(record):
    pytest.importorskip("jionlp")
    text = "整体收入13480.37万元，其中基本支出3,363.37 万元，执行率99.24%。"
    gold = [record(text, [("MONEY", "13480.37万元", {"value": "134803700", "unit": "万元"}),
                          ("MONEY", "3,363.37 万元", {"value": "33633700", "unit": "万元"}),
                          ("PERCENT", "99.24%")])]
    pred = jionlp_predictions(gold)
    result = evaluate(gold, pred, bootstrap=0)
    # both MONEY found exactly: MONEY P = R = 1; PERCENT missed (not a money extractor)
    assert result.entities_strict["MONEY"].f1 == 1.0
    assert result.entities_strict["PERCENT"].recall == 0.0
    assert result.values.accuracy == 1.0
