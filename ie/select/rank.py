"""Rank annotation units for the annotators: which texts to correct first, and why.

Each strategy turns the :class:`~ie.select.signals.Signals` of a unit into a
score (higher = annotate sooner) and a reason a person can read in doccano:

* ``uncertain`` — 1 minus the smallest margin between the ``ner``'s two best
  valid actions on the unit;
* ``disagree`` — the number of places where the rule candidates and the
  ``ner`` differ, plus those where the learned and the rule linker pick
  different INDICATOR/TASK spans;
* ``audit`` — failed consistency checks (weight 2) plus checks that could
  not be made (weight 1);
* ``random`` — a seeded shuffle, the baseline.

:func:`pick` then takes the best units under a diversity guard (at most
``per_report`` units of one report), and :func:`select` writes the reason
of each pick into the unit's ``meta["select"]``.
"""
from __future__ import annotations

import random as _random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.language import Language

from ..errors import IEError
from .signals import Signals, analyse

STRATEGIES: tuple[str, ...] = ("uncertain", "disagree", "audit", "random")
META_KEY = "select"
DEFAULT_PER_REPORT = 3


@dataclass
class Scored:
    """One unit's score under a strategy, with the reason shown to the annotator."""

    index: int          # position of the unit in the candidates
    score: float
    reason: str
    source: str


def check_strategy(strategy: str) -> str:
    """``strategy`` if it is one of :data:`STRATEGIES`, else E650."""
    if strategy not in STRATEGIES:
        raise IEError("E650", strategy=strategy, choices=", ".join(STRATEGIES))
    return strategy


def _source(record: dict) -> str:
    return str((record.get("meta") or {}).get("source", ""))


def _uncertain(s: Signals) -> tuple[float, str]:
    if not s.has_ner:
        return 0.0, "no ner in the pipeline: nothing to be unsure about"
    weakest = s.weakest_steps(1)
    if not weakest:
        return 0.0, "no ner decision (empty unit)"
    step = weakest[0]
    text = s.result.text
    return 1.0 - step.margin, (f"ner unsure: {step.best} vs {step.second} at token {step.token} "
                               f"(margin {step.margin:.3f}; {len(text)} chars)")


def _disagree(s: Signals) -> tuple[float, str]:
    text = s.result.text
    parts = []
    if s.ner_only:
        a, b, label = s.ner_only[0]
        parts.append(f"{len(s.ner_only)} ner span(s) no rule has, e.g. {label} '{text[a:b]}'")
    if s.rules_only:
        a, b, label = s.rules_only[0]
        parts.append(f"{len(s.rules_only)} rule candidate(s) the ner left, e.g. {label} '{text[a:b]}'")
    if s.link_disagreements:
        d = s.link_disagreements[0]
        parts.append(f"{len(s.link_disagreements)} link(s) where learned and rule linker differ, e.g. "
                     f"{d['kind']} of '{d['quantity']}': rules '{d['rules']}', learned '{d['learned']}'")
    score = float(len(s.ner_only) + len(s.rules_only) + len(s.link_disagreements))
    return score, "; ".join(parts) or "rules, ner and linkers agree"


def _audit(s: Signals) -> tuple[float, str]:
    failed = [c for c in s.checks if c["status"] == "fail"]
    unchecked = [c for c in s.checks if c["status"] != "fail"]
    score = 2.0 * len(failed) + len(unchecked)
    if not s.checks:
        return 0.0, "every applicable audit check passes"
    first = (failed or unchecked)[0]
    return score, (f"audit: {len(failed)} failed, {len(unchecked)} uncheckable; e.g. {first['rule']}: "
                   f"{first['message']}")


SCORERS: dict[str, Callable[[Signals], tuple[float, str]]] = {
    "uncertain": _uncertain, "disagree": _disagree, "audit": _audit}


def score_units(records: Sequence[dict], strategy: str, nlp: Language | None = None, *,
                seed: int = 0) -> list[Scored]:
    """Score every candidate unit under ``strategy`` (``nlp`` is needed by all but ``random``)."""
    check_strategy(strategy)
    if strategy == "random":
        rng = _random.Random(seed)
        return [Scored(i, rng.random(), "random pick (baseline)", _source(r)) for i, r in enumerate(records)]
    if nlp is None:
        raise IEError("E651", strategy=strategy)
    out = []
    for i, record in enumerate(records):
        signals = analyse(record["text"], nlp, source=_source(record) or None, record_id=i + 1,
                          meta=record.get("meta"))
        score, reason = SCORERS[strategy](signals)
        out.append(Scored(i, score, reason, _source(record)))
    return out


def pick(scored: Sequence[Scored], limit: int, *, per_report: int | None = DEFAULT_PER_REPORT) -> list[Scored]:
    """The ``limit`` best units, at most ``per_report`` of one report (None: no cap).

    Ties keep the candidates' order. When the cap leaves fewer than
    ``limit`` units, the best of the rest fill up (so a one-report file still
    yields ``limit`` units); their reason says the cap was lifted.
    """
    if limit < 0:
        raise IEError("E652", value=limit)
    ranked = sorted(scored, key=lambda s: (-s.score, s.index))
    taken: list[Scored] = []
    per: Counter[str] = Counter()
    for s in ranked:
        if len(taken) >= limit:
            break
        if per_report is not None and per[s.source] >= per_report:
            continue
        taken.append(s)
        per[s.source] += 1
    if len(taken) < limit:
        chosen = {s.index for s in taken}
        rest = [s for s in ranked if s.index not in chosen][:limit - len(taken)]
        taken += [Scored(s.index, s.score, s.reason + f" (report cap {per_report} lifted: too few reports)",
                         s.source) for s in rest]
    return taken


@dataclass
class Selection:
    """What :func:`select` chose: the picked records (reason in meta) and every candidate's score."""

    strategy: str
    records: list[dict]
    scored: list[Scored]


def select(records: Sequence[dict], strategy: str, limit: int, nlp: Language | None = None, *,
           per_report: int | None = DEFAULT_PER_REPORT, seed: int = 0) -> Selection:
    """Pick ``limit`` units of ``records`` by ``strategy``; each copy carries ``meta["select"]``.

    ``meta["select"]`` is ``{"strategy", "score", "rank", "reason"}``; the
    input records are not changed.
    """
    scored = score_units(records, strategy, nlp, seed=seed)
    out = []
    for rank, s in enumerate(pick(scored, limit, per_report=per_report), 1):
        record = dict(records[s.index])
        record["meta"] = {**(record.get("meta") or {}),
                          META_KEY: {"strategy": strategy, "score": round(s.score, 4), "rank": rank,
                                     "reason": s.reason}}
        out.append(record)
    return Selection(strategy, out, scored)
