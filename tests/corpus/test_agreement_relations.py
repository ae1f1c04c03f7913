"""Relation agreement on tiny hand-worked units (ie.corpus.agreement)."""
from __future__ import annotations

import pytest

from ie.corpus.agreement import agreement

# 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8
# 基本支出预算数 10 万元 ， 执行数 9 万元
TEXT = "基本支出预算数10万元，执行数9万元"


def _unit() -> dict:
    return {
        "id": 5,
        "text": TEXT,
        "meta": {"source": "x.txt", "doc_start": 0},
        "entities": [
            {"id": 1, "label": "TASK", "start_offset": 0, "end_offset": 4},
            {"id": 2, "label": "INDICATOR", "start_offset": 4, "end_offset": 7},
            {"id": 3, "label": "MONEY", "start_offset": 7, "end_offset": 11},
            {"id": 4, "label": "INDICATOR", "start_offset": 12, "end_offset": 15},
            {"id": 5, "label": "MONEY", "start_offset": 15, "end_offset": 18},
        ],
        "relations": [
            {"id": 1, "from_id": 3, "to_id": 2, "type": "indicator"},
            {"id": 2, "from_id": 3, "to_id": 1, "type": "task"},
            {"id": 3, "from_id": 5, "to_id": 4, "type": "indicator"},
            {"id": 4, "from_id": 5, "to_id": 1, "type": "task"},
        ],
    }


def test_offsets_of_the_fixture() -> None:
    assert TEXT[0:4] == "基本支出" and TEXT[4:7] == "预算数" and TEXT[7:11] == "10万元"
    assert TEXT[12:15] == "执行数" and TEXT[15:18] == "9万元"


def test_missing_task_relation() -> None:
    b = _unit()
    b["relations"] = b["relations"][:3]        # B does not link 9万元 to the shared task
    result = agreement([_unit()], [b])
    assert result.strict_overall.f1 == 1.0   # spans all agree
    assert result.relations["indicator"].f1 == 1.0
    task = result.relations["task"]
    # A 2 task relations, B 1, 1 matched: P = 1, R = 1/2, F1 = 2/3
    assert (task.matched, task.n_a, task.n_b) == (1, 2, 1)
    assert task.f1 == pytest.approx(2 / 3)
    # micro: 3 matched of 4 (A) and 3 (B): F1 = 6/7
    assert result.relations_overall.f1 == pytest.approx(6 / 7)
    [d] = result.disagreements
    assert d.kind == "relation_a_only"
    assert (d.a_label, d.a_span.text, d.a_target.text) == ("task", "9万元", "基本支出")
    assert d.b_span is None and d.b_target is None


def test_relation_to_another_indicator() -> None:
    b = _unit()
    b["relations"][2]["to_id"] = 2             # B links 9万元 to 预算数, not 执行数
    result = agreement([_unit()], [b])
    assert result.relations["indicator"].f1 == 0.5
    assert result.relations["task"].f1 == 1.0
    [d] = result.disagreements
    assert d.kind == "relation_target"
    assert d.a_target.text == "执行数" and d.b_target.text == "预算数"
    assert d.a_span == d.b_span


def test_relation_with_the_wrong_type() -> None:
    b = _unit()
    b["relations"][0]["type"] = "task"        # B: 10万元 -task-> 预算数
    result = agreement([_unit()], [b])
    kinds = sorted(d.kind for d in result.disagreements)
    assert kinds == ["relation_a_only", "relation_b_only"]
    # indicator: A 2, B 1, 1 matched -> 2/3; task: A 2, B 3, 2 matched -> 4/5
    assert result.relations["indicator"].f1 == pytest.approx(2 / 3)
    assert result.relations["task"].f1 == pytest.approx(4 / 5)


def test_relation_needs_exact_ends() -> None:
    b = _unit()
    b["entities"][0]["end_offset"] = 2         # TASK 基本 instead of 基本支出
    result = agreement([_unit()], [b])
    assert result.relations["task"].f1 == 0.0
    assert result.relations["indicator"].f1 == 1.0
    counts = result.disagreement_counts()
    assert counts["boundary"] == 1 and counts["relation_target"] == 2
