"""Record identity across push and pull, and the contract check (the project's validator)."""
from __future__ import annotations

from ie.doccano.records import contract_problems, describe, explain, record_key

TEXT = "预算执行率99.24%，征集提案565件"


def _ent(eid, label, start, end):
    return {"id": eid, "label": label, "start_offset": start, "end_offset": end}


GOOD = {"id": 7, "text": TEXT, "meta": {"source": "r.txt", "doc_start": 1200},
        "entities": [_ent(1, "INDICATOR", 0, 5), _ent(2, "PERCENT", 5, 11), _ent(3, "INDICATOR", 12, 16),
                     _ent(4, "COUNT", 16, 20)],
        "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"},
                      {"id": 2, "from_id": 4, "to_id": 3, "type": "indicator"}]}


def _rules(**changes):
    return sorted({p.rule for p in contract_problems({**GOOD, **changes})})


def test_good_record_has_no_problems():
    assert contract_problems(GOOD) == []


def test_contract_rules_apply():
    assert _rules(entities=[_ent(1, "DATE", 0, 5), _ent(2, "MONEY", 5, 99)], relations=[]) == ["label", "offsets"]
    assert _rules(entities=[*GOOD["entities"], _ent(5, "TASK", 0, 2)]) == ["overlap"]
    assert _rules(relations=[{"id": 1, "from_id": 2, "to_id": 3, "type": "task"}]) == ["relation-direction"]
    assert _rules(relations=[*GOOD["relations"], {"id": 3, "from_id": 4, "to_id": 1, "type": "indicator"}]) \
        == ["relation-duplicate"]
    assert _rules(meta={}) == ["required"]


def test_explain_names_the_entity_or_relation():
    (problem,) = contract_problems({**GOOD, "relations": [{"id": 9, "from_id": 2, "to_id": 3, "type": "task"}]})
    assert explain(problem).startswith("relation 9: task relation points to entity 3 (INDICATOR)")


def test_identity_ignores_ie_meta_and_key_order():
    pulled = {**GOOD, "id": 99, "meta": {"doc_start": 1200, "source": "r.txt", "annotator": "bob", "ie_id": 7}}
    assert record_key(pulled) == record_key(GOOD)
    assert record_key({**GOOD, "meta": {"source": "other.txt"}}) != record_key(GOOD)
    assert describe(GOOD) == "id 7 (r.txt@1200)"
