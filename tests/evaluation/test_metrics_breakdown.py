"""Per-report breakdown and bootstrap intervals."""
from __future__ import annotations

import pytest

from ie.evaluation.metrics import MICRO, evaluate


def _reports(record, example, n):
    return [record(example.text, example.entities, example.relations, source=f"{i}.txt", rid=i)
            for i in range(n)]


def test_per_report_breakdown(record, example):
    # report a: perfect prediction; report b: nothing predicted
    gold = _reports(record, example, 2)
    pred = [gold[0], record(example.text, [], source="1.txt")]
    result = evaluate(gold, pred, bootstrap=0)
    a, b = result.per_report["0.txt"], result.per_report["1.txt"]
    assert (a.entities.f1, a.relations.f1) == (1.0, 1.0)
    assert (b.entities.f1, b.relations.f1) == (0.0, 0.0)
    assert a.aligned_share == 1.0
    # overall micro: tp 7, n_pred 7, n_gold 14 -> P 1, R 1/2, F1 2/3
    assert result.entities_strict[MICRO].f1 == pytest.approx(2 / 3)
    # relations: tp 4, n_pred 4, n_gold 8 -> 2/3
    assert result.relations[MICRO].f1 == pytest.approx(2 / 3)


def _varied(record, example):
    """Six reports, predictions dropping 0..5 entities (and their relations) in turn."""
    gold = _reports(record, example, 6)
    pred = []
    for i in range(6):
        keep = [n for n in range(1, 8) if n > i]
        ents = [example.entities[n - 1] for n in keep]
        renum = {old: new for new, old in enumerate(keep, 1)}
        rels = [(renum[a], renum[b], t) for a, b, t in example.relations if a in renum and b in renum]
        pred.append(record(example.text, ents, rels, source=f"{i}.txt", rid=i))
    return gold, pred


def test_bootstrap_interval_contains_point_and_is_deterministic(record, example):
    gold, pred = _varied(record, example)
    first = evaluate(gold, pred, bootstrap=500, seed=7)
    again = evaluate(gold, pred, bootstrap=500, seed=7)
    # 6 reports >= 5: documents are resampled
    assert first.bootstrap.unit == "document" and first.bootstrap.items == 6
    for key in (MICRO, "INDICATOR", "MONEY"):
        score = first.entities_strict[key]
        lo, hi = score.ci
        assert lo <= score.f1 <= hi
        assert again.entities_strict[key].ci == score.ci
    lo, hi = first.entities_strict[MICRO].ci
    assert lo < hi  # the reports differ, so the interval is not a point
    rel = first.relations[MICRO]
    assert rel.ci[0] <= rel.f1 <= rel.ci[1]
    other = evaluate(gold, pred, bootstrap=500, seed=8)
    assert other.entities_strict[MICRO].f1 == first.entities_strict[MICRO].f1


def test_bootstrap_resamples_units_with_few_documents(record, example):
    # one report cut into 2 units: fewer than 5 documents -> units are resampled
    half = example.text.index("征集")
    gold = [record(example.text[:half], example.entities[:5], example.relations[:3], rid=1),
            record(example.text[half:], example.entities[5:], [(2, 1, "indicator")], rid=2, doc_start=half)]
    pred = [gold[0], record(example.text[half:], [], rid=2, doc_start=half)]
    result = evaluate(gold, pred, bootstrap=200, seed=0)
    assert result.bootstrap.unit == "unit" and result.bootstrap.items == 2
    micro = result.entities_strict[MICRO]
    # tp 5, n_pred 5, n_gold 7 -> F1 10/12
    assert micro.f1 == pytest.approx(10 / 12)
    assert micro.ci[0] <= micro.f1 <= micro.ci[1]
    per_report = result.per_report["r.txt"].entities
    assert per_report.ci[0] <= per_report.f1 <= per_report.ci[1]


def test_no_bootstrap_no_interval(gold_example):
    result = evaluate(gold_example, gold_example, bootstrap=0)
    assert result.entities_strict[MICRO].ci is None
    assert result.bootstrap.resamples == 0
