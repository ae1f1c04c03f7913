"""ie.select.curve: the savings against random, the note and the written figures (no training)."""
from __future__ import annotations

import csv

from ie.select.curve import CurveResult, savings_note, write

INFO = {"held_out_provinces": ["四川"], "held_out_documents": 2, "held_out_units": 3, "pool_units": 30,
        "synthetic_units": 2, "seed_units": 10, "step": 10, "rounds": 2, "max_steps": 10, "per_report": 3,
        "seed": 0, "folds": 5, "fold": 0, "seconds": 1.0}


def _points(curves: dict[str, list[float]]) -> list[dict]:
    return [{"strategy": s, "round": n, "units": 10 + 10 * n, "entities": f, "quantities_typed": f, "ORG": None,
             "INDICATOR": None, "TASK": None, "indicator_links": None, "task_links": None, "seconds": 1.0}
            for s, fs in curves.items() for n, f in enumerate(fs)]


def test_curve_savings_counts_units_to_reach_random_final():
    result = CurveResult(_points({"uncertain": [0.5, 0.7, 0.72], "audit": [0.5, 0.55, 0.6],
                                  "random": [0.5, 0.6, 0.7]}), INFO)
    s = result.savings()
    assert s["target"] == 0.7 and s["random_units"] == 30
    assert s["strategies"] == {"uncertain": {"needed": 20, "saved": 10}, "audit": {"needed": None, "saved": None}}
    note = savings_note(result)
    assert "Best: uncertain, saving 10 of 30 units" in note and "audit: never reaches it" in note


def test_curve_savings_none_when_no_strategy_beats_random():
    result = CurveResult(_points({"disagree": [0.5, 0.6, 0.65], "random": [0.5, 0.6, 0.7]}), INFO)
    assert "saves no units" in savings_note(result)


def test_curve_write_makes_table_and_plot(tmp_path):
    result = CurveResult(_points({"uncertain": [0.5, 0.7, 0.72], "random": [0.5, 0.6, 0.7]}), INFO)
    written = {p.name for p in write(result, tmp_path / "al")}
    assert {"curve.json", "curve.csv", "curve.md", "curve.svg"} <= written
    rows = list(csv.DictReader((tmp_path / "al" / "curve.csv").open(encoding="utf-8")))
    assert [(r["strategy"], r["units"]) for r in rows][:3] == [("uncertain", "10"), ("uncertain", "20"),
                                                                ("uncertain", "30")]
    svg = (tmp_path / "al" / "curve.svg").read_text(encoding="utf-8")
    assert svg.count("<polyline") == 2 and ">random<" in svg
    assert "| uncertain | 2 | 30 | 0.720 |" in (tmp_path / "al" / "curve.md").read_text(encoding="utf-8")


def test_curve_savings_flat_random_curve_claims_no_saving():
    # random ends below the seed model: every strategy "reaches" it at the seed, which proves nothing
    result = CurveResult(_points({"uncertain": [0.5, 0.52, 0.49], "random": [0.5, 0.48, 0.46]}), INFO)
    note = savings_note(result)
    assert "does not rise" in note and "saves no units" in note and "Best final: uncertain 0.490" in note
