"""ie.select.curve.learning_curve on a tiny gold of three provinces (a real, very short training)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ie.corpus.sources import SourceRow
from ie.errors import IEError
from ie.select.curve import learning_curve

CONFIG = Path(__file__).resolve().parents[2] / "training" / "config.cfg"
_MARK = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)\]")
PROVINCES = ["四川", "浙江", "云南"]
TEXTS = ["[区政协办公室|ORG]基本支出预算数[1006.67万元|MONEY]，执行率[100%|PERCENT]。",
         "组织委员视察调研[46次|COUNT]，完成率[100%|PERCENT]，自评得分[10分|SCORE]。"]


def _unit(uid: int, source: str, start: int, marked: str) -> dict:
    text, entities, pos = "", [], 0
    for m in _MARK.finditer(marked):
        text += marked[pos:m.start()]
        entities.append({"id": len(entities) + 1, "label": m.group(2), "start_offset": len(text),
                         "end_offset": len(text) + len(m.group(1))})
        text += m.group(1)
        pos = m.end()
    text += marked[pos:]
    return {"id": uid, "text": text, "meta": {"source": source, "doc_start": start}, "entities": entities,
            "relations": []}


def _gold() -> tuple[list[dict], list[SourceRow]]:
    records, rows = [], []
    for n in range(6):
        file = f"{n + 1:03d}.txt"
        rows.append(SourceRow(file, "prose report", PROVINCES[n % 3] + "某县", "county", "2022", PROVINCES[n % 3]))
        start = 0
        for k, text in enumerate(TEXTS):
            unit = _unit(10 * n + k, f"derived/{file}", start, text)
            records.append(unit)
            start += len(unit["text"])
    records.append(dict(_unit(99, "synthetic_01", 0, TEXTS[0]), meta={"source": "synthetic_01", "synthetic": True}))
    return records, rows


def test_curve_loop_refuses_a_pool_too_small():
    records, rows = _gold()
    with pytest.raises(IEError, match="E653.*needs 30 pool units"):
        learning_curve(records, rows, ["random"], config=CONFIG, seed_units=10, step=10, rounds=2, folds=3)


def test_curve_loop_refuses_unknown_strategy_before_training():
    records, rows = _gold()
    with pytest.raises(IEError, match="E650"):
        learning_curve(records, rows, ["random", "loudest"], config=CONFIG, folds=3)


@pytest.mark.slow
def test_curve_loop_every_strategy_starts_from_the_seed_and_grows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be written into the working folder
    records, rows = _gold()
    result = learning_curve(records, rows, ["disagree", "random"], config=CONFIG, seed_units=2, step=2,
                            rounds=1, max_steps=2, folds=3)
    assert [(p["strategy"], p["round"], p["units"]) for p in result.points] == [
        ("disagree", 0, 2), ("disagree", 1, 4), ("random", 0, 2), ("random", 1, 4)]
    assert result.points[0]["entities"] == result.points[2]["entities"]  # one seed model for all
    assert all(p["entities"] is None or 0.0 <= p["entities"] <= 1.0 for p in result.points)
    assert result.info["held_out_documents"] == 2 and result.info["pool_units"] == 8
    assert list(tmp_path.iterdir()) == []
