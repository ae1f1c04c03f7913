"""ie.select.rank: ranking, the diversity guard, the random baseline and the strategy checks."""
from __future__ import annotations

import pytest

from ie.errors import IEError
from ie.select.rank import Scored, check_strategy, pick, score_units, select


def _scored(*items: tuple[float, str]) -> list[Scored]:
    return [Scored(i, score, f"r{i}", source) for i, (score, source) in enumerate(items)]


def test_rank_pick_caps_units_per_report():
    scored = _scored((0.9, "a"), (0.8, "a"), (0.7, "a"), (0.6, "b"), (0.5, "c"))
    picked = pick(scored, 3, per_report=1)
    assert [s.index for s in picked] == [0, 3, 4]


def test_rank_pick_fills_up_when_cap_leaves_too_few_and_says_so():
    scored = _scored((0.9, "a"), (0.8, "a"), (0.7, "a"))
    picked = pick(scored, 2, per_report=1)
    assert [s.index for s in picked] == [0, 1]
    assert "cap" not in picked[0].reason and "cap 1 lifted" in picked[1].reason


def test_rank_pick_ties_keep_candidate_order_and_no_cap_takes_best():
    scored = _scored((0.5, "a"), (0.9, "a"), (0.5, "a"), (0.9, "a"))
    assert [s.index for s in pick(scored, 3, per_report=None)] == [1, 3, 0]


def test_rank_pick_negative_limit_is_refused():
    with pytest.raises(IEError, match="E652"):
        pick([], -1)


def test_rank_random_is_seeded_and_needs_no_model():
    records = [{"text": f"单位{i}", "meta": {"source": f"{i % 3}.txt"}} for i in range(9)]
    a = select(records, "random", 4, seed=1)
    b = select(records, "random", 4, seed=1)
    c = select(records, "random", 4, seed=2)
    ids = [r["text"] for r in a.records]
    assert ids == [r["text"] for r in b.records] and ids != [r["text"] for r in c.records]
    assert [r["meta"]["select"]["rank"] for r in a.records] == [1, 2, 3, 4]
    assert all(r["meta"]["select"]["strategy"] == "random" and r["meta"]["select"]["reason"] for r in a.records)
    assert "select" not in records[0]["meta"]  # the input is not changed


def test_rank_unknown_strategy_and_missing_model_are_refused():
    with pytest.raises(IEError, match="E650.*uncertain, disagree, audit, random"):
        check_strategy("loudest")
    with pytest.raises(IEError, match="E651"):
        score_units([{"text": "x", "meta": {}}], "uncertain", None)
