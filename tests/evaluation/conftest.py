"""Builders of tiny contract records for the evaluation tests."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

# The running example (one sentence of a budget report):
#   基本支出预算数10322.48万元，执行率99.24%。征集提案565件。
# gold entities (ids 1..7):
#   1 TASK 基本支出   2 INDICATOR 预算数   3 MONEY 10322.48万元
#   4 INDICATOR 执行率   5 PERCENT 99.24%   6 INDICATOR 征集提案   7 COUNT 565件
# gold relations: 3→2 indicator, 3→1 task, 5→4 indicator, 7→6 indicator
# so 7 entities (3 quantities + 4 others) and 4 relations (3 indicator, 1 task).
TEXT = "基本支出预算数10322.48万元，执行率99.24%。征集提案565件。"
ENTITIES = [
    ("TASK", "基本支出"),
    ("INDICATOR", "预算数"),
    ("MONEY", "10322.48万元"),
    ("INDICATOR", "执行率"),
    ("PERCENT", "99.24%"),
    ("INDICATOR", "征集提案"),
    ("COUNT", "565件"),
]
RELATIONS = [(3, 2, "indicator"), (3, 1, "task"), (5, 4, "indicator"), (7, 6, "indicator")]

Spec = tuple  # (label, substring) or (label, substring, {extra fields}) or (label, start, end)


def make_record(text: str, entities: Sequence[Spec], relations: Sequence[tuple[int, int, str]] = (), *,
                source: str | None = "r.txt", doc_start: int = 0, rid: int = 1) -> dict:
    """A contract record; entity ids are 1.. in order, spans given by substring (first occurrence) or offsets."""
    ents = []
    for n, spec in enumerate(entities, 1):
        label, where = spec[0], spec[1]
        extra: dict = {}
        if isinstance(where, str):
            start, end = text.index(where), text.index(where) + len(where)
            if len(spec) > 2:
                extra = spec[2]
        else:
            start, end = where, spec[2]
            if len(spec) > 3:
                extra = spec[3]
        ents.append({"id": n, "label": label, "start_offset": start, "end_offset": end, **extra})
    rels = [{"id": n, "from_id": a, "to_id": b, "type": t} for n, (a, b, t) in enumerate(relations, 1)]
    meta = {"doc_start": doc_start} if source is None else {"source": source, "doc_start": doc_start}
    return {"id": rid, "text": text, "meta": meta, "entities": ents, "relations": rels}


@pytest.fixture
def record() -> Callable[..., dict]:
    """The :func:`make_record` builder."""
    return make_record


@pytest.fixture
def gold_example() -> list[dict]:
    """The running example as gold: one record, 7 entities, 4 relations."""
    return [make_record(TEXT, ENTITIES, RELATIONS)]


class Example:
    """The running example's text, entity specs and relation triples (fresh copies)."""

    def __init__(self) -> None:
        self.text = TEXT
        self.entities = list(ENTITIES)
        self.relations = list(RELATIONS)


@pytest.fixture
def example() -> Example:
    """The running example, to derive predictions from."""
    return Example()
