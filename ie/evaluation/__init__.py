"""Evaluation of predicted records against gold annotations (see annotations/CONTRACT.md).

* :mod:`.align` — document views of unit records, character alignment.
* :mod:`.metrics` — :func:`~.metrics.evaluate` and its result dataclasses.
* :mod:`.report` — Markdown and self-contained HTML reports.
* :mod:`.baselines` — the JioNLP money baseline.
* :mod:`.runner` — several systems at once, JSON output (what ``ie evaluate`` calls).
"""
from __future__ import annotations

from .metrics import EvaluationResult, evaluate
from .runner import evaluate_systems

__all__ = ["EvaluationResult", "evaluate", "evaluate_systems"]
