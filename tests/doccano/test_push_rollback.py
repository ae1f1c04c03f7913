"""A text whose pre-annotation fails half-way is left without any of it, so a re-push completes it."""
from __future__ import annotations

import pytest

from ie.doccano import DoccanoError
from ie.doccano.push import _preannotate

TEXT = "𠀀预算执行率99%"
RECORD = {"id": 1, "text": TEXT, "meta": {"source": "a.txt"},
          "entities": [{"id": 1, "label": "INDICATOR", "start_offset": 1, "end_offset": 6},
                       {"id": 2, "label": "PERCENT", "start_offset": 6, "end_offset": 9}],
          "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"}]}


class FakeSession:
    """Records calls; relations fail like a server error would."""

    def __init__(self, fail_relations: bool) -> None:
        self.fail_relations = fail_relations
        self.spans: dict[int, tuple] = {}
        self.relations: list[tuple] = []

    def create_span(self, controller, example_id, label_id, start, end):
        span_id = len(self.spans) + 100
        self.spans[span_id] = (label_id, start, end)
        return span_id

    def create_relation(self, controller, example_id, type_id, from_id, to_id):
        if self.fail_relations:
            raise DoccanoError("E106", status=500, method="POST", path="/relations", detail="boom", log="log")
        self.relations.append((type_id, from_id, to_id))
        return 1

    def delete_span(self, controller, example_id, span_id):
        del self.spans[span_id]


def test_spans_go_in_utf16_and_relations_link_them():
    session = FakeSession(fail_relations=False)
    assert _preannotate(session, None, 7, RECORD, {"INDICATOR": 1, "PERCENT": 2}, {"indicator": 5}) == (2, 1)
    assert sorted(session.spans.values()) == [(1, 2, 7), (2, 7, 10)]  # one more unit after 𠀀
    assert session.relations == [(5, 101, 100)]


def test_failure_takes_back_the_spans_already_made():
    session = FakeSession(fail_relations=True)
    with pytest.raises(DoccanoError, match="E106"):
        _preannotate(session, None, 7, RECORD, {"INDICATOR": 1, "PERCENT": 2}, {"indicator": 5})
    assert session.spans == {}
