"""The learned linker: a logistic regression per relation type over candidate pairs.

Trained with scikit-learn on the gold relations; saved as plain JSON (the
feature names, weights, intercept and threshold) so that a model folder
holds no pickle, and applied at run time with plain Python arithmetic.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .candidates import INDICATOR, TASK, Candidate, Context, generate, pair_features

KINDS = (INDICATOR, TASK)


@dataclass
class KindModel:
    """Weights of one relation type."""

    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    threshold: float = 0.5

    def score(self, features: dict[str, float]) -> float:
        get = self.weights.get
        z = self.intercept + sum([get(name, 0.0) * value for name, value in features.items()])
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict:
        return {"weights": self.weights, "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict) -> KindModel:
        return cls(dict(data["weights"]), float(data["intercept"]), float(data["threshold"]))


@dataclass
class LinkModel:
    """One :class:`KindModel` per relation type, and what it was trained on."""

    kinds: dict[str, KindModel] = field(default_factory=dict)
    info: dict = field(default_factory=dict)

    def choose(self, ctx: Context, candidates: Sequence[Candidate] | None = None
               ) -> dict[str, tuple[Candidate, float] | None]:
        """The best candidate of each relation type, or None where none reaches the threshold."""
        cands = generate(ctx) if candidates is None else candidates
        out: dict[str, tuple[Candidate, float] | None] = {}
        for kind in KINDS:
            model = self.kinds.get(kind)
            best = None
            if model is not None:
                scored = [(cand, model.score(pair_features(ctx, cand))) for cand in cands if cand.kind == kind]
                best = max(scored, key=lambda cp: cp[1], default=None)
                if best is not None and best[1] < model.threshold:
                    best = None
            out[kind] = best
        return out

    def to_dict(self) -> dict:
        return {"version": 1, "kinds": {k: m.to_dict() for k, m in self.kinds.items()}, "info": self.info}

    @classmethod
    def from_dict(cls, data: dict) -> LinkModel:
        return cls({k: KindModel.from_dict(v) for k, v in data.get("kinds", {}).items()}, data.get("info", {}))


@dataclass
class Example:
    """One quantity of the training data: its context and its gold INDICATOR/TASK spans."""

    ctx: Context
    gold: dict[str, tuple[int, int] | None]


def _positive(cands: list[Candidate], gold: tuple[int, int] | None) -> int | None:
    """Index of the candidate that is the gold span (exact, else the best overlap ≥ half)."""
    if gold is None:
        return None
    for i, c in enumerate(cands):
        if (c.start, c.end) == gold:
            return i
    best, best_iou = None, 0.5
    for i, c in enumerate(cands):
        inter = min(c.end, gold[1]) - max(c.start, gold[0])
        if inter <= 0:
            continue
        iou = inter / (max(c.end, gold[1]) - min(c.start, gold[0]))
        if iou >= best_iou:
            best, best_iou = i, iou
    return best


def train(examples: Iterable[Example], *, c: float = 1.0, seed: int = 0) -> LinkModel:
    """Fit one logistic regression per relation type; the threshold keeps "no link" possible.

    The threshold of each type is the probability that maximizes that type's
    F1 on the training pairs themselves (a quantity scores a hit when its
    best candidate is the gold one and passes the threshold).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    examples = list(examples)
    model = LinkModel(info={"quantities": len(examples), "c": c, "seed": seed})
    for kind in KINDS:
        rows, labels, groups = [], [], []
        per_q = []
        for n, ex in enumerate(examples):
            cands = [x for x in generate(ex.ctx) if x.kind == kind]
            pos = _positive(cands, ex.gold.get(kind))
            per_q.append((cands, pos, ex.gold.get(kind) is not None))
            for i, cand in enumerate(cands):
                rows.append(pair_features(ex.ctx, cand))
                labels.append(1 if i == pos else 0)
                groups.append(n)
        if not rows or len(set(labels)) < 2:
            continue
        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform(rows)
        clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, solver="lbfgs")
        clf.fit(x, labels)
        names = vectorizer.get_feature_names_out()
        weights = {str(name): float(w) for name, w in zip(names, clf.coef_[0]) if abs(w) > 1e-9}
        km = KindModel(weights, float(clf.intercept_[0]))
        km.threshold = _best_threshold(km, examples, per_q, kind)
        model.kinds[kind] = km
        model.info[f"{kind}_pairs"] = len(rows)
        model.info[f"{kind}_reachable"] = sum(1 for _, pos, has in per_q if has and pos is not None)
        model.info[f"{kind}_gold"] = sum(1 for _, _, has in per_q if has)
    return model


def _best_threshold(km: KindModel, examples: list[Example], per_q: list, kind: str) -> float:
    scored = []
    for ex, (cands, pos, has_gold) in zip(examples, per_q):
        if not cands:
            scored.append((0.0, False, has_gold))
            continue
        probs = [km.score(pair_features(ex.ctx, c)) for c in cands]
        best = max(range(len(cands)), key=lambda i: probs[i])
        gold = ex.gold.get(kind)
        c = cands[best]
        # a link counts when it overlaps the gold span (the relation metric)
        hit = gold is not None and c.start < gold[1] and gold[0] < c.end
        scored.append((probs[best], hit, has_gold))
    n_gold = sum(1 for _, _, g in scored if g)
    best_t, best_f = 0.5, -1.0
    for t in [0.0] + [i / 40 for i in range(1, 40)]:
        tp = sum(1 for p, hit, _ in scored if p >= t and hit)
        n_pred = sum(1 for p, _, _ in scored if p >= t)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f > best_f:
            best_t, best_f = t, f
    return best_t
