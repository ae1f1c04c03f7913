"""Span agreement on tiny hand-worked units (ie.corpus.agreement)."""
from __future__ import annotations

import copy
import json

import pytest

from ie.corpus.agreement import MICRO, agreement
from ie.errors import AnnotationError

# 0123 4567 8 901 2345
# 征集提案 565件 ， 满意率 100%
TEXT = "征集提案565件，满意率100%"


def _unit(uid: int = 1) -> dict:
    return {
        "id": uid,
        "text": TEXT,
        "meta": {"source": "x.txt", "doc_start": 0},
        "entities": [
            {"id": 1, "label": "INDICATOR", "start_offset": 0, "end_offset": 4},
            {"id": 2, "label": "COUNT", "start_offset": 4, "end_offset": 8},
            {"id": 3, "label": "INDICATOR", "start_offset": 9, "end_offset": 12},
            {"id": 4, "label": "PERCENT", "start_offset": 12, "end_offset": 16},
        ],
        "relations": [
            {"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"},
            {"id": 2, "from_id": 4, "to_id": 3, "type": "indicator"},
        ],
    }


def test_offsets_of_the_fixture() -> None:
    assert TEXT[0:4] == "征集提案" and TEXT[4:8] == "565件"
    assert TEXT[9:12] == "满意率" and TEXT[12:16] == "100%"


def test_identical_annotations_agree_fully() -> None:
    result = agreement([_unit()], [_unit()])
    assert result.strict_overall.f1 == 1.0
    assert result.lenient_overall.f1 == 1.0
    assert result.relations_overall.f1 == 1.0
    assert all(result.strict[label].f1 == 1.0 for label in ("INDICATOR", "COUNT", "PERCENT"))
    assert result.disagreements == []
    assert result.unit_ids == [1]
    assert result.characters == len(TEXT)


def test_one_missing_span() -> None:
    b = _unit()
    b["entities"] = b["entities"][:3]          # B has no PERCENT 100%
    b["relations"] = b["relations"][:1]        # and so no relation from it
    result = agreement([_unit()], [b])
    # A has 4 spans, B 3, all 3 of B's match: P = 3/3, R = 3/4, F1 = 2*3/(4+3) = 6/7
    overall = result.strict_overall
    assert (overall.matched, overall.n_a, overall.n_b) == (3, 4, 3)
    assert overall.precision == 1.0
    assert overall.recall == 0.75
    assert overall.f1 == pytest.approx(6 / 7)
    # the missing label: nothing of B's, one of A's -> 0, not undefined
    percent = result.strict["PERCENT"]
    assert (percent.precision, percent.recall, percent.f1) == (0.0, 0.0, 0.0)
    assert result.strict["COUNT"].f1 == 1.0
    # relations: A 2, B 1, 1 matched -> F1 = 2/3
    assert result.relations["indicator"].f1 == pytest.approx(2 / 3)
    kinds = sorted(d.kind for d in result.disagreements)
    assert kinds == ["a_only", "relation_a_only"]
    missing = next(d for d in result.disagreements if d.kind == "a_only")
    assert (missing.a_span.start, missing.a_span.end, missing.a_label) == (12, 16, "PERCENT")
    assert missing.a_span.text == "100%"
    assert missing.b_span is None


def test_label_flip() -> None:
    b = _unit()
    b["entities"][1]["label"] = "MONEY"       # 565件 called MONEY by B
    result = agreement([_unit()], [b])
    # 3 of 4 spans agree on both sides: P = R = F1 = 3/4
    assert result.strict_overall.f1 == 0.75
    # a flipped label is no lenient match either
    assert result.lenient_overall.f1 == 0.75
    assert result.strict["COUNT"].f1 == 0.0
    assert result.strict["MONEY"].f1 == 0.0
    assert (result.strict["MONEY"].n_a, result.strict["MONEY"].n_b) == (0, 1)
    # relations compare offsets only, so they still agree
    assert result.relations_overall.f1 == 1.0
    [d] = result.disagreements
    assert (d.kind, d.a_label, d.b_label) == ("label", "COUNT", "MONEY")
    assert (d.a_span.start, d.a_span.end) == (d.b_span.start, d.b_span.end) == (4, 8)


def test_boundary_is_lenient_but_not_strict() -> None:
    b = _unit()
    b["entities"][0]["start_offset"] = 2      # B: INDICATOR 提案 instead of 征集提案
    result = agreement([_unit()], [b])
    assert result.strict_overall.f1 == 0.75
    assert result.strict["INDICATOR"].f1 == 0.5
    assert result.lenient_overall.f1 == 1.0
    assert result.lenient["INDICATOR"].f1 == 1.0
    # the relation from 565件 now ends on another span: one of two indicator relations agrees
    assert result.relations["indicator"].f1 == 0.5
    kinds = sorted(d.kind for d in result.disagreements)
    assert kinds == ["boundary", "relation_target"]
    boundary = next(d for d in result.disagreements if d.kind == "boundary")
    assert boundary.a_span.text == "征集提案" and boundary.b_span.text == "提案"


def test_only_shared_units_are_compared() -> None:
    a = [_unit(1), _unit(2)]
    b = [_unit(2), _unit(3)]
    b[0]["entities"] = []
    b[0]["relations"] = []
    result = agreement(a, b)
    assert result.unit_ids == [2]
    assert result.strict_overall.recall == 0.0
    assert result.strict_overall.precision == 0.0
    assert len([d for d in result.disagreements if d.kind == "a_only"]) == 4


def test_both_empty_is_undefined() -> None:
    a = _unit()
    a["entities"], a["relations"] = [], []
    result = agreement([a], [copy.deepcopy(a)])
    assert result.strict_overall.f1 is None
    assert result.relations_overall.f1 is None


def test_texts_must_match() -> None:
    b = _unit()
    b["text"] = TEXT + "。"
    with pytest.raises(AnnotationError):
        agreement([_unit()], [b])


def test_to_dict_is_json() -> None:
    b = _unit()
    b["entities"][1]["label"] = "MONEY"
    data = agreement([_unit()], [b]).to_dict()
    json.dumps(data, ensure_ascii=False)
    assert data["strict"][MICRO]["f1"] == 0.75
    assert data["disagreement_counts"]["label"] == 1
    assert data["disagreements"][0]["a_span"]["text"] == "565件"
