"""Strict span F1 per label, relation F1, and the adjudication file."""
from __future__ import annotations

import pytest

from ie.doccano import DoccanoError
from ie.doccano.agreement import Score, agreement, pair_agreement

TEXT = "基本支出预算数100万元，执行数90万元"


def _rec(spans, rels, rid=1, source="a.txt"):
    ents = []
    for i, (label, phrase) in enumerate(spans, 1):
        start = TEXT.index(phrase)
        ents.append({"id": i, "label": label, "start_offset": start, "end_offset": start + len(phrase)})
    return {"id": rid, "text": TEXT, "meta": {"source": source},
            "entities": ents, "relations": [{"id": i, "from_id": a, "to_id": b, "type": t}
                                            for i, (a, b, t) in enumerate(rels, 1)]}


ALICE = _rec([("TASK", "基本支出"), ("INDICATOR", "预算数"), ("MONEY", "100万元"), ("INDICATOR", "执行数"),
              ("MONEY", "90万元")], [(3, 2, "indicator"), (3, 1, "task"), (5, 4, "indicator")])
BOB = _rec([("TASK", "基本支出"), ("INDICATOR", "预算数"), ("COUNT", "100万元"), ("MONEY", "90万元")],
           [(3, 2, "indicator"), (3, 1, "task"), (4, 1, "task")])


def test_score_f1_is_symmetric_and_none_when_empty():
    assert Score(2, 1, 1).f1 == pytest.approx(4 / 6)
    assert Score(0, 0, 0).f1 is None
    assert Score(0, 3, 0).f1 == 0.0


def test_pairwise_span_and_relation_f1():
    pair = pair_agreement("alice", [ALICE], "bob", [BOB])
    assert pair.texts == 1
    # shared: 基本支出 TASK, 预算数 INDICATOR, 90万元 MONEY
    assert (pair.spans.both, pair.spans.only_a, pair.spans.only_b) == (3, 2, 1)
    assert pair.spans.f1 == pytest.approx(6 / 9)
    assert pair.labels["MONEY"] == Score(1, 1, 0)
    assert pair.labels["COUNT"] == Score(0, 0, 1) and pair.labels["COUNT"].f1 == 0.0
    assert pair.labels["INDICATOR"] == Score(1, 1, 0)
    assert pair.labels["SCORE"].f1 is None
    # relations by offsets of their ends: 100万元->预算数 and 100万元->基本支出 shared although the span label differs
    assert (pair.relations.both, pair.relations.only_a, pair.relations.only_b) == (2, 1, 1)


def test_only_common_texts_are_compared():
    other = _rec([("MONEY", "100万元")], [], rid=2, source="b.txt")
    pair = pair_agreement("alice", [ALICE, other], "bob", [BOB])
    assert pair.texts == 1 and pair.spans.only_a == 2


def test_adjudication_keeps_agreement_and_lists_conflicts():
    result = agreement({"bob": [BOB], "alice": [ALICE]}, project="p")
    assert result.annotators == ["alice", "bob"]
    (merged,) = result.adjudication
    assert merged["id"] == 1 and merged["text"] == TEXT
    assert [(e["label"], TEXT[e["start_offset"]:e["end_offset"]]) for e in merged["entities"]] == [
        ("TASK", "基本支出"), ("INDICATOR", "预算数"), ("MONEY", "90万元")]
    names = {e["id"]: TEXT[e["start_offset"]:e["end_offset"]] for e in merged["entities"]}
    assert merged["relations"] == []  # 100万元 is disputed, so its agreed relations wait for it
    conflicts = merged["meta"]["adjudication"]["conflicts"]
    assert merged["meta"]["source"] == "a.txt" and merged["meta"]["adjudication"]["annotators"] == ["alice", "bob"]
    assert [(c["kind"], c["text"]) for c in conflicts] == [
        ("span", "100万元"), ("span", "执行数"),
        ("relation", "100万元 → 基本支出"), ("relation", "100万元 → 预算数"),
        ("relation", "90万元 → 基本支出"), ("relation", "90万元 → 执行数")]
    assert conflicts[0]["labels"] == {"alice": "MONEY", "bob": "COUNT"}
    assert conflicts[1]["labels"] == {"alice": "INDICATOR", "bob": None}
    assert "note" in conflicts[2] and conflicts[4]["types"] == {"alice": None, "bob": "task"}
    assert result.conflicts == 6 and names


def test_agreed_relations_survive_when_both_ends_agree():
    same = _rec([("MONEY", "90万元"), ("INDICATOR", "执行数")], [(1, 2, "indicator")])
    (merged,) = agreement({"a": [same], "b": [same]}).adjudication
    assert merged["relations"] == [{"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"}]
    assert merged["meta"]["adjudication"]["conflicts"] == []


def test_one_annotator_is_not_enough():
    with pytest.raises(DoccanoError, match=r"E116.*'p' has alice"):
        agreement({"alice": [ALICE]}, project="p")
