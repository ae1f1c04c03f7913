"""Cross-validation grouped by province, with figures per document kind.

A model is judged on reports it was not written against: the folds put
whole provinces on one side (no province in both training and test), the
five bundled reports count as one more Guangdong document each, and the
synthetic passages always train. Every system is trained on the training
folds only (or not trained at all), predicts the held-out documents, and
the held-out predictions of all folds are scored together (micro), overall
and per document kind (prose report, indicator table, funding table, mixed).

Systems (:data:`SYSTEMS`):

* ``rules`` — the rules-only pipeline with the rule linker;
* ``rules+linker`` — the rules with the linker trained on the training folds;
* ``trained`` — the ``ner`` (rule features) and the learned linker, both
  trained on the training folds (the ``ner`` decides every quantity);
* ``trained-rq`` — the same ``ner``, but quantities from the rule candidates
  and ORG from the ``ner`` (order ``rule_features_quantities``);
* ``trained-rqo`` — as ``trained-rq``, but ORG from the ORG rules first and
  the ``ner``'s where they found none (order ``rule_features_rule_orgs``);
* ``trained-rqof`` — as ``trained-rqo``, and the ``ner``'s quantities that write a
  unit where no rule candidate is (order ``rule_features_fill``);
* ``model:<path>`` — a fixed model folder, not retrained (the previous model).
"""
from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.sources import SourceRow, province_of
from ..corpus.splits import is_synthetic
from ..errors import IEError
from .metrics import EvaluationResult, evaluate
from .predict import pipeline_predictions

_TRAINED_ORDERS = {"trained": "rule_features", "trained-rq": "rule_features_quantities",
                   "trained-rqo": "rule_features_rule_orgs", "trained-rqof": "rule_features_fill"}
SYSTEMS: tuple[str, ...] = ("rules", "rules+linker", *_TRAINED_ORDERS)
BUNDLED_PROVINCE = "广东"
BUNDLED_KIND = "mixed"

Progress = Callable[[str], None]


@dataclass
class GroupedResult:
    """Held-out scores per system, overall and per document kind, and how the folds were cut."""

    folds: list[list[str]]                             # provinces per fold
    overall: dict[str, EvaluationResult]
    by_kind: dict[str, dict[str, EvaluationResult]]    # kind -> system -> result
    documents: dict[str, int]                          # kind -> held-out documents
    info: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"folds": self.folds, "documents": self.documents, "info": self.info,
                "overall": {s: r.to_dict() for s, r in self.overall.items()},
                "by_kind": {k: {s: r.to_dict() for s, r in v.items()} for k, v in self.by_kind.items()}}


def _source(rec: dict) -> str:
    return str((rec.get("meta") or {}).get("source", ""))


def document_groups(records: Sequence[dict], rows: Sequence[SourceRow]) -> dict[str, tuple[str, str]]:
    """``source -> (province, kind)`` for every real document of ``records``.

    Derived documents (``derived/NNN.txt``) take both from ``sources.tsv``;
    the bundled reports are Guangdong CPPCC reports with funding tables.
    """
    by_file = {f"derived/{r.file}": (r.province, r.kind) for r in rows}
    out = {}
    for rec in records:
        if is_synthetic(rec):
            continue
        source = _source(rec)
        out[source] = by_file.get(source, (province_of(BUNDLED_PROVINCE), BUNDLED_KIND))
    return out


def province_folds(groups: dict[str, tuple[str, str]], k: int, seed: int) -> list[list[str]]:
    """Deal the provinces into ``k`` folds of about equal document counts (seeded)."""
    sizes: dict[str, int] = defaultdict(int)
    for province, _ in groups.values():
        sizes[province] += 1
    provinces = sorted(sizes)
    random.Random(seed).shuffle(provinces)
    provinces.sort(key=lambda p: -sizes[p])  # biggest first, ties in the shuffled order
    folds: list[list[str]] = [[] for _ in range(k)]
    load = [0] * k
    for province in provinces:
        i = min(range(k), key=lambda j: (load[j], j))
        folds[i].append(province)
        load[i] += sizes[province]
    return [sorted(f) for f in folds if f]


def grouped_cv(records: Sequence[dict], rows: Sequence[SourceRow], systems: Sequence[str], *,
               k: int = 5, seed: int = 0, train: Callable[[list[dict], str], object] | None = None,
               progress: Progress | None = None) -> GroupedResult:
    """Run the grouped cross-validation (see the module docstring).

    ``train(records, system)`` builds the pipeline of a trained system from
    its training records; the default builds the ones of :data:`SYSTEMS`
    (:func:`build_system`).
    """
    say = progress or (lambda _m: None)
    groups = document_groups(records, rows)
    if len({p for p, _ in groups.values()}) < 2:
        raise IEError("E210", n=len(groups))
    folds = province_folds(groups, k, seed)
    build = train or build_system
    preds: dict[str, list[dict]] = {s: [] for s in systems}
    held_out: list[dict] = []
    fixed: dict[str, object] = {}
    started = time.perf_counter()
    for n, fold in enumerate(folds, 1):
        test = [r for r in records if not is_synthetic(r) and groups[_source(r)][0] in fold]
        train_records = [r for r in records if is_synthetic(r) or groups[_source(r)][0] not in fold]
        held_out.extend(test)
        say(f"fold {n}/{len(folds)}: test {', '.join(fold)} ({len({_source(r) for r in test})} documents), "
            f"train {len(train_records)} units")
        trained = None
        for system in systems:
            if system.startswith("model:") or system == "rules":
                if system not in fixed:
                    fixed[system] = build([], system)
                nlp = fixed[system]
            elif system in _TRAINED_ORDERS:
                # one ner per fold, shared by the trained systems (they differ in rule order only)
                trained = trained or build(train_records, "trained")
                nlp = with_order(trained, _TRAINED_ORDERS[system])
            else:
                nlp = build(train_records, system)
            preds[system].extend(pipeline_predictions(test, nlp))
    overall = {s: evaluate(held_out, p, bootstrap=0) for s, p in preds.items()}
    kinds = sorted({kind for _, kind in groups.values()})
    by_kind: dict[str, dict[str, EvaluationResult]] = {}
    documents: dict[str, int] = {}
    for kind in kinds:
        sources = {s for s, (_, k2) in groups.items() if k2 == kind}
        gold_kind = [r for r in held_out if _source(r) in sources]
        if not gold_kind:
            continue
        documents[kind] = len({_source(r) for r in gold_kind})
        by_kind[kind] = {s: evaluate(gold_kind, [p for p in preds[s] if _source(p) in sources], bootstrap=0)
                         for s in systems}
    info = {"k": len(folds), "seed": seed, "seconds": round(time.perf_counter() - started, 1),
            "held_out_documents": len({_source(r) for r in held_out}),
            "synthetic_units_in_training": sum(1 for r in records if is_synthetic(r))}
    return GroupedResult(folds, overall, by_kind, documents, info)


def build_system(train_records: list[dict], system: str, *, config: Path | None = None,
                 max_steps: int | None = None, seed: int = 0):
    """The pipeline of one system, trained on ``train_records`` where it learns."""
    from ..api import load
    from ..linking.train import train_linker
    from ..pipeline.build import rules_pipeline

    if system == "rules":
        return rules_pipeline()
    if system.startswith("model:"):
        return load(system[len("model:"):])
    if system == "rules+linker":
        nlp = rules_pipeline()
        nlp.get_pipe("ie_linker").model = train_linker(train_records, nlp, seed=seed)
        return nlp
    if system in _TRAINED_ORDERS:
        from ..training.train import add_rule_components, train_records as train_ner

        nlp, _, _ = train_ner(train_records, train_records[:20], config=config or _default_config(),
                              seed=seed, max_steps=max_steps)
        add_rule_components(nlp, order="rule_features")
        nlp.get_pipe("ie_linker").model = train_linker(train_records, nlp, seed=seed)
        return nlp
    raise IEError("E211", system=system, systems=", ".join((*SYSTEMS, "model:<path>")))


def with_order(nlp, order: str):
    """``nlp`` (a ``ner`` trained with rule features, rules added) combined in ``order``
    (:func:`ie.pipeline.build.set_feature_order`)."""
    from ..pipeline.build import set_feature_order

    return set_feature_order(nlp, order)


def _default_config() -> Path:
    here = Path(__file__).resolve().parents[2] / "training" / "config.cfg"
    if not here.is_file():
        raise IEError("E405", path=here)
    return here


def summary_rows(result: GroupedResult) -> list[dict]:
    """One flat row per (kind, system): the figures the README and the issue notes quote."""
    rows = []
    for kind, per_system in [("all", result.overall), *result.by_kind.items()]:
        for system, r in per_system.items():
            rows.append({
                "kind": kind, "system": system,
                "documents": result.info["held_out_documents"] if kind == "all" else result.documents[kind],
                **figures(r),
            })
    return rows


def figures(result: EvaluationResult) -> dict:
    """The headline figures of one evaluation: typed quantity F1, F1 per label, links, values."""
    d = result.to_dict()
    ents = d["entities_strict"]
    return {
        "quantities_typed": d["quantities"]["typed_strict"]["f1"],
        **{label: ents.get(label, {}).get("f1") for label in
           ("MONEY", "PERCENT", "COUNT", "SCORE", "ORG", "INDICATOR", "TASK")},
        "indicator_links": d["relations"].get("indicator", {}).get("f1"),
        "task_links": d["relations"].get("task", {}).get("f1"),
        "values": (d["values"]["value_correct"] / d["values"]["n"]) if d["values"].get("n") else None,
        "values_all": d["values"].get("accuracy"),
    }


def to_markdown(result: GroupedResult) -> str:
    """The summary as a Markdown table (F1, strict; values: share right among matched quantities)."""
    cols = ["kind", "system", "documents", "quantities_typed", "MONEY", "PERCENT", "COUNT", "SCORE", "ORG",
            "INDICATOR", "TASK", "indicator_links", "task_links", "values", "values_all"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in summary_rows(result):
        cells = [f"{row[c]:.3f}" if isinstance(row[c], float) else ("–" if row[c] is None else str(row[c]))
                 for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    folds = "; ".join(", ".join(f) for f in result.folds)
    return (f"Grouped cross-validation, {result.info['k']} folds by province ({folds}); "
            f"{result.info['held_out_documents']} held-out documents.\n\n" + "\n".join(lines) + "\n")


def write(result: GroupedResult, out: Path) -> None:
    """Write the JSON results and the Markdown summary next to it."""
    from ..corpus.jsonl import atomic_write_text

    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    atomic_write_text(out.with_suffix(".md"), to_markdown(result))
