"""Score predicted contract records against gold records.

Conventions (see also annotations/CONTRACT.md):

* Spans are compared in gold-document coordinates after the prediction text
  has been aligned to the gold text (:mod:`ie.evaluation.align`); white space
  at span ends is ignored on both sides. Predicted spans in text that no gold
  unit covers (not annotated) are dropped, not counted as false positives.
* Precision with no prediction, and recall with no gold item, are 0 by
  convention (so an empty prediction scores P = R = F1 = 0); when there is
  neither gold nor prediction the score is undefined and reported as ``None``.
* Matching is one-to-one: each gold item is matched at most once and each
  prediction at most once; among candidates, exact spans go first, then the
  larger overlap, then the earlier position.
* Strict entity match: same label and exact span. Lenient: same label and
  overlapping spans.
* Quantities as a whole: the four quantity labels; *typed* requires the same
  label, *untyped* accepts any quantity label on both sides.
* A predicted relation (``indicator`` or ``task``) is correct when its source
  span exactly equals the source span of a gold relation of the same type,
  both sources carry a quantity label (not necessarily the same one), and the
  predicted target span overlaps that gold relation's target span.
* Normalized values: among quantities matched strictly, the share whose
  ``value`` (Decimal-equal), ``unit`` (compared only where gold gives one) and
  ``approx`` (missing means ``exact``) all equal gold's.
* Confusion: lenient matches fill the diagonal; of what is left, gold and
  predicted entities whose spans overlap are paired one-to-one across labels;
  the rest goes to the ``∅`` column (gold missed) or row (spurious
  prediction). Row sums are gold counts, column sums prediction counts.
* Bootstrap: documents are resampled with replacement (gold units when there
  are fewer than 5 documents), with numpy's generator seeded by ``seed``; the
  interval is the 2.5th–97.5th percentile of the resampled micro F1. For the
  per-report scores, the report's units are resampled.
"""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np

from ..contract import APPROX_EXACT, LABELS, QUANTITY_LABELS, RELATION_TYPES
from ..errors import IEError
from .align import NO_SOURCE, Document, Entity, Projection, assemble_documents, project_document

EMPTY = "∅"
"""Row/column of the confusion matrix for 'no entity on this side'."""

VALUES_NA = "n/a (gold has no values)"

MIN_DOCUMENTS = 5
"""With fewer gold documents than this, the bootstrap resamples units."""

MICRO = "micro"

QUANTITY_GROUPS: tuple[str, ...] = ("typed_strict", "typed_lenient", "untyped_strict", "untyped_lenient")

GoldValues = Mapping[tuple[str, int, int], Mapping[str, object]]
"""Gold normalized values keyed by (source, start, end) in gold-document coordinates."""


@dataclass
class Score:
    """Precision, recall and F1 from counts, with an optional 95% bootstrap interval on F1."""

    tp: int
    n_pred: int
    n_gold: int
    precision: float | None
    recall: float | None
    f1: float | None
    ci: tuple[float, float] | None = None

    @classmethod
    def from_counts(cls, tp: int, n_pred: int, n_gold: int) -> Score:
        """Build a score; see the module docstring for the zero-division conventions."""
        if n_pred == 0 and n_gold == 0:
            return cls(tp, n_pred, n_gold, None, None, None)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * tp / (n_pred + n_gold)
        return cls(tp, n_pred, n_gold, precision, recall, f1)


@dataclass
class ValueAccuracy:
    """Accuracy of normalized values on strictly matched quantities."""

    available: bool
    n: int = 0
    correct: int = 0
    value_correct: int = 0
    unit_correct: int = 0
    approx_correct: int = 0
    accuracy: float | None = None
    note: str = ""


@dataclass
class ReportScores:
    """One report's entity (strict, micro) and relation (micro) scores."""

    source: str
    entities: Score
    relations: Score
    aligned_share: float | None
    """Share of the gold text aligned to the prediction text; None if nothing was predicted."""


@dataclass
class Confusion:
    """Gold label (rows) × predicted label (columns), ``∅`` for no counterpart."""

    labels: list[str]
    counts: dict[str, dict[str, int]]


@dataclass
class AlignmentSummary:
    """How well prediction texts aligned to gold texts, and what was dropped."""

    documents: dict[str, dict[str, float]]
    gold_share: float
    pred_share: float
    unaligned_entities: int = 0
    outside_entities: int = 0
    missing_documents: list[str] = field(default_factory=list)
    extra_documents: list[str] = field(default_factory=list)


@dataclass
class BootstrapInfo:
    """How the confidence intervals were computed."""

    resamples: int
    seed: int
    unit: str
    items: int
    confidence: float = 0.95


@dataclass
class EvaluationResult:
    """All scores of one system against the gold records."""

    entities_strict: dict[str, Score]
    entities_lenient: dict[str, Score]
    quantities: dict[str, Score]
    relations: dict[str, Score]
    values: ValueAccuracy
    per_report: dict[str, ReportScores]
    confusion: Confusion
    alignment: AlignmentSummary
    bootstrap: BootstrapInfo
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-serializable view (tuples become lists when dumped)."""
        return dataclasses.asdict(self)


class _Tally:
    """Counts (tp, n_pred, n_gold) per metric key and per global unit index."""

    def __init__(self, n_units: int) -> None:
        self.n_units = n_units
        self.counts: dict[str, np.ndarray] = {}

    def add(self, key: str, unit: int, tp: int = 0, n_pred: int = 0, n_gold: int = 0) -> None:
        """Add to the counts of ``key`` in ``unit``."""
        if key not in self.counts:
            self.counts[key] = np.zeros((self.n_units, 3), dtype=np.int64)
        self.counts[key][unit] += (tp, n_pred, n_gold)

    def rows(self, key: str) -> np.ndarray:
        """Per-unit counts of ``key`` (zeros when never counted)."""
        return self.counts.get(key, np.zeros((self.n_units, 3), dtype=np.int64))

    def score(self, key: str, units: slice | None = None) -> Score:
        """The score of ``key`` over all units or a slice of them."""
        rows = self.rows(key) if units is None else self.rows(key)[units]
        tp, n_pred, n_gold = (int(x) for x in rows.sum(axis=0))
        return Score.from_counts(tp, n_pred, n_gold)


def _overlap(a: Entity, b: Entity) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match_entities(gold: Sequence[Entity], pred: Sequence[Entity],
                   compatible: Callable[[Entity, Entity], bool]) -> list[tuple[Entity, Entity]]:
    """Match overlapping, compatible entities one-to-one (exact spans first, then larger overlap)."""
    by_start = sorted(pred, key=lambda e: (e.start, e.end))
    starts = [e.start for e in by_start]
    longest = max((e.end - e.start for e in by_start), default=0)
    candidates = []
    for gi, g in enumerate(gold):
        lo = bisect.bisect_left(starts, g.start - longest)
        hi = bisect.bisect_left(starts, g.end)
        for pi in range(lo, hi):
            p = by_start[pi]
            if _overlap(g, p) > 0 and compatible(g, p):
                exact = (g.start, g.end) == (p.start, p.end)
                candidates.append((not exact, -_overlap(g, p), g.start, p.start, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], by_start[pi]))
    return pairs


def _same_label(g: Entity, p: Entity) -> bool:
    return g.label == p.label


def _both_quantities(g: Entity, p: Entity) -> bool:
    return g.label in QUANTITY_LABELS and p.label in QUANTITY_LABELS


def _exact(compatible: Callable[[Entity, Entity], bool]) -> Callable[[Entity, Entity], bool]:
    return lambda g, p: (g.start, g.end) == (p.start, p.end) and compatible(g, p)


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _values_equal(gold: Mapping[str, object], pred: Mapping[str, object]) -> tuple[bool, bool, bool]:
    """(value, unit, approx) equality of a predicted quantity's fields with gold's."""
    gv, pv = _decimal(gold.get("value")), _decimal(pred.get("value"))
    value_ok = gv is not None and pv is not None and gv == pv
    unit_ok = gold.get("unit") is None or gold.get("unit") == pred.get("unit")
    approx_ok = (gold.get("approx") or APPROX_EXACT) == (pred.get("approx") or APPROX_EXACT)
    return value_ok, unit_ok, approx_ok


class _DocumentScorer:
    """Adds one document's counts to the tally (and value and confusion counts)."""

    def __init__(self, tally: _Tally, labels: list[str], gold_values: GoldValues | None) -> None:
        self.tally = tally
        self.labels = labels
        self.gold_values = gold_values
        self.confusion: dict[str, dict[str, int]] = {g: {p: 0 for p in labels} for g in labels}
        self.values = [0, 0, 0, 0, 0]  # n, value, unit, approx, all

    def score(self, gold: Document, pred: Document, base: int) -> None:
        """Count ``pred`` (already in gold coordinates) against ``gold``."""
        g_ents, p_ents = list(gold.entities.values()), list(pred.entities.values())

        def unit(e: Entity) -> int:
            return base + gold.unit_of(e.start)

        self._entities("ent.strict", g_ents, p_ents, match_entities(g_ents, p_ents, _exact(_same_label)), unit)
        lenient = match_entities(g_ents, p_ents, _same_label)
        self._entities("ent.lenient", g_ents, p_ents, lenient, unit)
        gq = [e for e in g_ents if e.label in QUANTITY_LABELS]
        pq = [e for e in p_ents if e.label in QUANTITY_LABELS]
        strict_q = match_entities(gq, pq, _exact(_same_label))
        self._group("q.typed_strict", gq, pq, strict_q, unit)
        self._group("q.typed_lenient", gq, pq, match_entities(gq, pq, _same_label), unit)
        self._group("q.untyped_strict", gq, pq, match_entities(gq, pq, _exact(_both_quantities)), unit)
        self._group("q.untyped_lenient", gq, pq, match_entities(gq, pq, _both_quantities), unit)
        self._values(gold.source, strict_q)
        self._confusion(g_ents, p_ents, lenient)
        self._relations(gold, pred, unit)

    def _entities(self, prefix: str, gold: list[Entity], pred: list[Entity],
                  pairs: list[tuple[Entity, Entity]], unit: Callable[[Entity], int]) -> None:
        for g in gold:
            self.tally.add(f"{prefix}.{g.label}", unit(g), n_gold=1)
            self.tally.add(f"{prefix}.{MICRO}", unit(g), n_gold=1)
        for p in pred:
            self.tally.add(f"{prefix}.{p.label}", unit(p), n_pred=1)
            self.tally.add(f"{prefix}.{MICRO}", unit(p), n_pred=1)
        for g, _ in pairs:
            self.tally.add(f"{prefix}.{g.label}", unit(g), tp=1)
            self.tally.add(f"{prefix}.{MICRO}", unit(g), tp=1)

    def _group(self, key: str, gold: list[Entity], pred: list[Entity],
               pairs: list[tuple[Entity, Entity]], unit: Callable[[Entity], int]) -> None:
        for g in gold:
            self.tally.add(key, unit(g), n_gold=1)
        for p in pred:
            self.tally.add(key, unit(p), n_pred=1)
        for g, _ in pairs:
            self.tally.add(key, unit(g), tp=1)

    def _gold_fields(self, source: str, g: Entity) -> Mapping[str, object] | None:
        if g.fields.get("value") is not None:
            return g.fields
        if self.gold_values is not None:
            return self.gold_values.get((source, g.start, g.end))
        return None

    def _values(self, source: str, pairs: list[tuple[Entity, Entity]]) -> None:
        for g, p in pairs:
            gold = self._gold_fields(source, g)
            if gold is None or gold.get("value") is None:
                continue
            value_ok, unit_ok, approx_ok = _values_equal(gold, p.fields)
            self.values[0] += 1
            self.values[1] += value_ok
            self.values[2] += unit_ok
            self.values[3] += approx_ok
            self.values[4] += value_ok and unit_ok and approx_ok

    def _confusion(self, gold: list[Entity], pred: list[Entity], lenient: list[tuple[Entity, Entity]]) -> None:
        for g, p in lenient:
            self.confusion[g.label][p.label] += 1
        g_matched, p_matched = {g.key for g, _ in lenient}, {p.key for _, p in lenient}
        g_left = [g for g in gold if g.key not in g_matched]
        p_left = [p for p in pred if p.key not in p_matched]
        crossed = match_entities(g_left, p_left, lambda g, p: True)
        for g, p in crossed:
            self.confusion[g.label][p.label] += 1
        g_crossed, p_crossed = {g.key for g, _ in crossed}, {p.key for _, p in crossed}
        for g in g_left:
            if g.key not in g_crossed:
                self.confusion[g.label][EMPTY] += 1
        for p in p_left:
            if p.key not in p_crossed:
                self.confusion[EMPTY][p.label] += 1

    def _relations(self, gold: Document, pred: Document, unit: Callable[[Entity], int]) -> None:
        index: dict[tuple[str, int, int], list[int]] = {}
        g_rels = [(r.type, gold.entities[r.from_key], gold.entities[r.to_key]) for r in gold.relations]
        p_rels = [(r.type, pred.entities[r.from_key], pred.entities[r.to_key]) for r in pred.relations]
        for gi, (rtype, src, _) in enumerate(g_rels):
            index.setdefault((rtype, src.start, src.end), []).append(gi)
            self.tally.add(f"rel.{rtype}", unit(src), n_gold=1)
            self.tally.add(f"rel.{MICRO}", unit(src), n_gold=1)
        candidates = []
        for pi, (rtype, src, dst) in enumerate(p_rels):
            self.tally.add(f"rel.{rtype}", unit(src), n_pred=1)
            self.tally.add(f"rel.{MICRO}", unit(src), n_pred=1)
            if src.label not in QUANTITY_LABELS:
                continue
            for gi in index.get((rtype, src.start, src.end), []):
                _, g_src, g_dst = g_rels[gi]
                if g_src.label in QUANTITY_LABELS and _overlap(g_dst, dst) > 0:
                    exact = (g_dst.start, g_dst.end) == (dst.start, dst.end)
                    candidates.append((not exact, -_overlap(g_dst, dst), gi, pi))
        candidates.sort()
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, _, gi, pi in candidates:
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                rtype, src, _ = g_rels[gi]
                self.tally.add(f"rel.{rtype}", unit(src), tp=1)
                self.tally.add(f"rel.{MICRO}", unit(src), tp=1)


def _attach_sources(pred_records: Sequence[dict], gold_records: Sequence[dict],
                    warnings: list[str]) -> list[dict]:
    """Give prediction records without ``meta.source`` the source of the gold unit with the same text.

    When there is only one gold report, such records are assigned to it.
    """
    by_text = {}
    sources = set()
    for rec in gold_records:
        meta = rec.get("meta") or {}
        if meta.get("source") is not None:
            sources.add(str(meta["source"]))
            by_text.setdefault(rec.get("text"), meta)
    out = []
    for rec in pred_records:
        meta = rec.get("meta") or {}
        if meta.get("source") is None:
            if rec.get("text") in by_text:
                gmeta = by_text[rec.get("text")]
                meta = {**meta, "source": gmeta["source"], "doc_start": gmeta.get("doc_start", 0)}
            elif len(sources) == 1:
                meta = {**meta, "source": next(iter(sources))}
            elif sources:
                warnings.append(f"prediction record {rec.get('id')} has no meta.source and matches no gold unit")
            rec = {**rec, "meta": meta}
        out.append(rec)
    return out


def _interval(counts: np.ndarray, index: np.ndarray) -> tuple[float, float] | None:
    """Percentile 95% interval of F1 over resampled rows of ``counts``."""
    if index.size == 0:
        return None
    sums = counts[index].sum(axis=1)
    denominator = sums[:, 1] + sums[:, 2]
    valid = denominator > 0
    if not valid.any():
        return None
    f1 = 2 * sums[valid, 0] / denominator[valid]
    lo, hi = np.percentile(f1, [2.5, 97.5])
    return float(lo), float(hi)


def evaluate(gold_records: Sequence[dict], pred_records: Sequence[dict], *, bootstrap: int = 1000,
             seed: int = 0, gold_values: GoldValues | None = None) -> EvaluationResult:
    """Score ``pred_records`` against ``gold_records`` (both contract JSONL records).

    ``bootstrap`` is the number of resamples for the 95% intervals (0: none).
    ``gold_values`` supplies gold normalized values (keyed by source, start,
    end in gold-document coordinates) for gold entities that carry none.
    """
    if bootstrap < 0:
        raise IEError("E209", value=bootstrap)
    warnings: list[str] = []
    gold_docs, w = assemble_documents(gold_records, what="gold")
    warnings += w
    pred_docs, w = assemble_documents(_attach_sources(pred_records, gold_records, warnings), what="prediction")
    warnings += w
    if NO_SOURCE not in gold_docs:
        pred_docs.pop(NO_SOURCE, None)

    labels = list(LABELS)
    for doc in [*gold_docs.values(), *pred_docs.values()]:
        for ent in doc.entities.values():
            if ent.label not in labels:
                labels.append(ent.label)
    rel_types = list(RELATION_TYPES)
    for doc in [*gold_docs.values(), *pred_docs.values()]:
        for rel in doc.relations:
            if rel.type not in rel_types:
                rel_types.append(rel.type)

    sources = sorted(gold_docs)
    bases, n_units = {}, 0
    for source in sources:
        bases[source] = n_units
        n_units += max(len(gold_docs[source].units), 1)
    tally = _Tally(n_units)
    scorer = _DocumentScorer(tally, [*labels, EMPTY], gold_values)
    projections: dict[str, Projection] = {}
    for source in sources:
        gold = gold_docs[source]
        if source in pred_docs:
            projections[source] = project_document(pred_docs[source], gold)
            pred = projections[source].document
        else:
            pred = Document(source, gold.text, gold.units, {}, [])
        scorer.score(gold, pred, bases[source])

    # scores
    def group(prefix: str, keys: list[str]) -> dict[str, Score]:
        return {k: tally.score(f"{prefix}.{k}") for k in keys}

    ent_strict = group("ent.strict", [*labels, MICRO])
    ent_lenient = group("ent.lenient", [*labels, MICRO])
    quantities = group("q", list(QUANTITY_GROUPS))
    relations = group("rel", [*rel_types, MICRO])

    # bootstrap
    by_document = len(sources) >= MIN_DOCUMENTS
    item_of_unit = np.zeros(n_units, dtype=np.int64)
    for d, source in enumerate(sources):
        end = bases[source] + max(len(gold_docs[source].units), 1)
        item_of_unit[bases[source]:end] = d if by_document else np.arange(bases[source], end)
    n_items = len(sources) if by_document else n_units
    info = BootstrapInfo(bootstrap, seed, "document" if by_document else "unit", n_items)
    if bootstrap and n_items:
        index = np.random.default_rng(seed).integers(0, n_items, size=(bootstrap, n_items))
        for prefix, scores in (("ent.strict", ent_strict), ("ent.lenient", ent_lenient),
                               ("q", quantities), ("rel", relations)):
            for key, score in scores.items():
                items = np.zeros((n_items, 3), dtype=np.int64)
                np.add.at(items, item_of_unit, tally.rows(f"{prefix}.{key}"))
                score.ci = _interval(items, index) if score.f1 is not None else None

    # per report
    per_report: dict[str, ReportScores] = {}
    for d, source in enumerate(sources):
        units = slice(bases[source], bases[source] + max(len(gold_docs[source].units), 1))
        ent, rel = tally.score(f"ent.strict.{MICRO}", units), tally.score(f"rel.{MICRO}", units)
        if bootstrap:
            size = units.stop - units.start
            index = np.random.default_rng([seed, d]).integers(0, size, size=(bootstrap, size))
            for key, score in ((f"ent.strict.{MICRO}", ent), (f"rel.{MICRO}", rel)):
                if score.f1 is not None:
                    score.ci = _interval(tally.rows(key)[units], index)
        share = projections[source].alignment.gold_share if source in projections else None
        per_report[source] = ReportScores(source, ent, rel, share)

    # values
    n, v_ok, u_ok, a_ok, all_ok = scorer.values
    has_values = gold_values is not None or any(
        e.label in QUANTITY_LABELS and e.fields.get("value") is not None
        for doc in gold_docs.values() for e in doc.entities.values())
    if has_values:
        values = ValueAccuracy(True, n, all_ok, v_ok, u_ok, a_ok, all_ok / n if n else None)
    else:
        values = ValueAccuracy(False, note=VALUES_NA)

    # alignment
    docs_info: dict[str, dict[str, float]] = {}
    aligned = gold_chars = pred_chars = 0
    for source, proj in projections.items():
        al = proj.alignment
        docs_info[source] = {"gold_chars": al.gold_chars, "pred_chars": al.pred_chars, "aligned": al.aligned,
                             "gold_share": al.gold_share, "pred_share": al.pred_share}
        aligned += al.aligned
        gold_chars += al.gold_chars
        pred_chars += al.pred_chars
    alignment = AlignmentSummary(
        docs_info,
        aligned / gold_chars if gold_chars else 1.0,
        aligned / pred_chars if pred_chars else 1.0,
        sum(p.unaligned for p in projections.values()),
        sum(p.outside for p in projections.values()),
        [s for s in sources if s not in pred_docs],
        sorted(s for s in pred_docs if s not in gold_docs),
    )
    if alignment.extra_documents:
        warnings.append(f"predictions for reports not in gold ignored: {', '.join(alignment.extra_documents)}")
    if alignment.outside_entities:
        warnings.append(f"{alignment.outside_entities} predicted entities lie outside the gold units; ignored")
    if alignment.unaligned_entities:
        warnings.append(f"{alignment.unaligned_entities} predicted entities do not align to gold text; ignored")

    return EvaluationResult(ent_strict, ent_lenient, quantities, relations, values, per_report,
                            Confusion([*labels, EMPTY], scorer.confusion), alignment, info, warnings)
