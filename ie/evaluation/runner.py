"""Evaluate several systems against the same gold records and save the results.

This is the hook for every source of predictions: ``ie evaluate`` collects a
``systems`` mapping (system name → contract prediction records) from
``--pred`` files and baselines, and the pipeline's own runs (a trained model,
the rules-only pipeline) can be added to the same mapping before calling
:func:`run_evaluation`.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..corpus.jsonl import read_jsonl
from ..errors import IEError
from .metrics import EvaluationResult, GoldValues, evaluate
from .report import write_html

Systems = Mapping[str, Sequence[dict]]
"""System name → prediction records (contract JSONL)."""


def load_gold(paths: Sequence[str | Path]) -> list[dict]:
    """Read and concatenate gold JSONL files; raise E201 when they hold no record."""
    records = [rec for path in paths for rec in read_jsonl(path)]
    if not records:
        raise IEError("E201", paths=", ".join(str(p) for p in paths) or "(none)")
    return records


def add_system(systems: dict[str, list[dict]], name: str, records: Sequence[dict]) -> None:
    """Add one system's predictions, refusing a name already taken (E203)."""
    if name in systems:
        raise IEError("E203", name=name)
    systems[name] = list(records)


def evaluate_systems(gold_records: Sequence[dict], systems: Systems, *, bootstrap: int = 1000, seed: int = 0,
                     gold_values: GoldValues | None = None) -> dict[str, EvaluationResult]:
    """Evaluate every system against the same gold, with the same bootstrap seed."""
    return {name: evaluate(gold_records, records, bootstrap=bootstrap, seed=seed, gold_values=gold_values)
            for name, records in systems.items()}


def save_results(results: Mapping[str, EvaluationResult], path: str | Path) -> Path:
    """Write ``{system: result.to_dict()}`` as JSON to ``path``."""
    path = Path(path)
    data = {name: result.to_dict() for name, result in results.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as e:
        raise IEError("E208", path=path, reason=e.strerror or e) from None
    return path


def run_evaluation(gold_records: Sequence[dict], systems: Systems, *, out: str | Path | None = None,
                   html: str | Path | None = None, bootstrap: int = 1000, seed: int = 0,
                   learning_curve: list[dict] | None = None) -> dict[str, EvaluationResult]:
    """Evaluate ``systems``, then write the JSON results to ``out`` and the HTML report to ``html``."""
    if not systems:
        raise IEError("E202")
    results = evaluate_systems(gold_records, systems, bootstrap=bootstrap, seed=seed)
    if out is not None:
        save_results(results, out)
    if html is not None:
        write_html(results, html, learning_curve=learning_curve)
    return results
