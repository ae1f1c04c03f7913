"""Compare training set-ups on the held-out reports and write one Markdown table.

Four experiments, all scored with spaCy's strict ents P/R/F
(:func:`ie.training.train.score_ents`):

* **segmenters** — the shipped set-up (``ner`` with rule features) trained
  with jieba, pkuseg and char tokens;
* **pipelines** — what each part contributes (:data:`PIPELINES`): rules
  alone, the ``ner`` trained on words alone, that ``ner`` combined with the
  rules in three orders, the ``ner`` trained with rule features, and that
  ``ner`` with the candidates hidden;
* **learning curve** — the shipped set-up trained on 25/50/75/100% of the
  training units (nested subsets of one seeded shuffle);
* **leave-one-report-out** — for each real report, train on all the others
  (plus synthetic passages), test on it, every pipeline; the folds are
  summed (micro).

A set-up that cannot run here (pkuseg model not fetched, rule components not
available) is listed with the reason instead of a score.
"""
from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.scorer import PRFScore

from ..contract import NER_LABELS
from ..corpus.docbin import data_hash
from ..corpus.splits import leave_one_out
from ..errors import AnnotationError, IEError, ModelError
from ..segment.tokenizer import SEGMENTERS as TOKENIZER_SEGMENTERS
from ..segment.tokenizer import blank
from ..pipeline.build import remove_rule_components
from .train import display_path
from .train import (
    RULE_COMPONENTS,
    Converted,
    add_rule_components,
    evaluate_docs,
    import_rule_factories,
    config_overrides,
    load_gold,
    load_training_config,
    select_split,
    train_records,
)

SEGMENTERS: tuple[str, ...] = ("jieba", "pkuseg", "char")
FRACTIONS: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0)
BASE_SEGMENTER = "jieba"

Progress = Callable[[str], None]


@dataclass
class Row:
    """One scored set-up (``metrics`` None and ``note`` set when it could not run)."""

    experiment: str
    name: str
    segmenter: str
    pipeline: str
    train_units: int
    test_units: int
    metrics: dict[str, Any] | None
    misaligned_train: int = 0
    misaligned_test: int = 0
    seconds: float = 0.0
    note: str = ""


@dataclass
class Comparison:
    """All rows, and what they were computed from."""

    rows: list[Row]
    info: dict[str, Any] = field(default_factory=dict)

    def experiment(self, name: str) -> list[Row]:
        """The rows of one experiment, in order."""
        return [r for r in self.rows if r.experiment == name]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serializable form."""
        return {"info": self.info, "rows": [asdict(r) for r in self.rows]}


@dataclass
class _Trained:
    nlp: Language
    converted: Converted
    seconds: float


# pipeline keys (Row.pipeline) and what they mean
SHIPPED = "ner[rules]"
PIPELINES: dict[str, str] = {
    "rules": "rules alone",
    "ner": "ner alone (words only)",
    "ner+rules": "ner alone, then rules fill its gaps",
    "rules+ner": "rules first, ner alone adds the rest",
    "rules(q)+ner(ORG)": "rules quantities + ner-alone ORG",
    SHIPPED: "ner with rule features (shipped)",
    "ner[-]": "ner with rule features, candidates hidden",
}
# the ways of combining the rules with a ner trained without them (ie.pipeline.build.ORDERS)
_RULE_ORDERS: tuple[tuple[str, str], ...] = (
    ("ner_first", "ner+rules"), ("rules_first", "rules+ner"), ("rules_quantities", "rules(q)+ner(ORG)"),
)


def _train(train: Sequence[dict], test: Sequence[dict], *, config: Path, segmenter: str, seed: int,
           max_steps: int | None, rule_features: bool = True) -> _Trained:
    started = time.perf_counter()
    nlp, converted, _ = train_records(train, test, config=config, segmenter=segmenter, seed=seed,
                                      max_steps=max_steps, rule_features=rule_features)
    return _Trained(nlp, converted, time.perf_counter() - started)


def _row(experiment: str, name: str, segmenter: str, pipeline: str, trained: _Trained,
         metrics: dict[str, Any], train_units: int) -> Row:
    mis = trained.converted.misaligned
    return Row(experiment, name, segmenter, pipeline, train_units, len(trained.converted.test_docs), metrics,
               len(mis["train"]), len(mis["test"]), round(trained.seconds, 1))


def _hidden_candidates(trained: _Trained) -> dict[str, Any]:
    """Scores of a rule-feature ner whose rule components are switched off (no candidates)."""
    names = [n for n in ("ie_quantity_rules", "ie_tables") if n in trained.nlp.pipe_names]
    with trained.nlp.select_pipes(disable=names):
        return evaluate_docs(trained.nlp, trained.converted.test_docs)


def _combinations(experiment: str, name: str, ner_alone: _Trained, featured: _Trained | None,
                  rules_alone: Language | None, train_units: int, rules_note: str) -> list[Row]:
    """Rows for every way of putting rules and ner together, on one split.

    ``ner_alone`` is a ner trained without rule features (its rule
    components are added and removed in place), ``featured`` one trained with
    them, ``rules_alone`` the rules-only pipeline (both None when the rule
    components are missing).
    """
    test = ner_alone.converted.test_docs
    rows = [_row(experiment, name, BASE_SEGMENTER, "ner", ner_alone, evaluate_docs(ner_alone.nlp, test),
                 train_units)]
    if rules_alone is None:
        return rows + [Row(experiment, name, BASE_SEGMENTER, key, train_units, len(test), None, note=rules_note)
                       for key in ("rules", *(k for _, k in _RULE_ORDERS), SHIPPED)]
    rows.append(Row(experiment, name, BASE_SEGMENTER, "rules", 0, len(test), evaluate_docs(rules_alone, test)))
    for order, key in _RULE_ORDERS:
        remove_rule_components(ner_alone.nlp)
        add_rule_components(ner_alone.nlp, order=order)
        rows.append(_row(experiment, name, BASE_SEGMENTER, key, ner_alone, evaluate_docs(ner_alone.nlp, test),
                         train_units))
    if featured is not None:
        rows.append(_row(experiment, name, BASE_SEGMENTER, SHIPPED, featured,
                         evaluate_docs(featured.nlp, featured.converted.test_docs), train_units))
        rows.append(_row(experiment, name, BASE_SEGMENTER, "ner[-]", featured, _hidden_candidates(featured),
                         train_units))
    return rows


def _subset(records: Sequence[dict], fraction: float, seed: int) -> list[dict]:
    """The first ``ceil(fraction * n)`` units of one seeded shuffle (so subsets are nested)."""
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    keep = sorted(order[:max(1, math.ceil(fraction * len(records)))])
    return [records[i] for i in keep]


def _sum_metrics(parts: Sequence[dict[str, Any]], labels: Sequence[str] = NER_LABELS) -> dict[str, Any]:
    """Micro-average several :func:`score_ents` results by summing their counts."""
    per_type = {label: PRFScore() for label in labels}
    for m in parts:
        for label, row in m["ents_per_type"].items():
            if label in per_type:
                per_type[label].tp += row["tp"]
                per_type[label].fp += row["fp"]
                per_type[label].fn += row["fn"]
    total = PRFScore()
    for prf in per_type.values():
        total += prf
    empty = len(total) == 0
    return {
        "ents_p": None if empty else total.precision, "ents_r": None if empty else total.recall,
        "ents_f": None if empty else total.fscore, "ents_tp": total.tp, "ents_fp": total.fp,
        "ents_fn": total.fn,
        "ents_per_type": {label: {"p": prf.precision, "r": prf.recall, "f": prf.fscore, "tp": prf.tp,
                                  "fp": prf.fp, "fn": prf.fn} for label, prf in per_type.items()},
    }


def _segmenter_problem(segmenter: str) -> str | None:
    """Why ``segmenter`` cannot run here, or None."""
    if segmenter != "pkuseg":
        return None
    from ..segment.pkuseg_model import pkuseg_model_path

    try:
        pkuseg_model_path()
    except ModelError as e:
        return str(e)
    return None


def compare_models(
    gold: Sequence[Path],
    output: Path,
    *,
    config: Path,
    segmenters: Sequence[str] = SEGMENTERS,
    fractions: Sequence[float] = FRACTIONS,
    cross_validate: bool = True,
    train_sources: Sequence[str] | None = None,
    test_sources: Sequence[str] | None = None,
    seed: int = 0,
    max_steps: int | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Run the four experiments and write ``output`` (Markdown) and its ``.json`` twin.

    The split is that of :func:`ie.training.train.select_split` (default:
    ``ie.corpus.splits.DEFAULT_SPLIT``). ``progress`` receives one line per
    model trained. Raises E410 (bad fraction) or E411 (cross-validation with
    fewer than two reports) before training anything.
    """
    say = progress or (lambda _line: None)
    gold = [Path(p) for p in gold]
    config = Path(config)
    for segmenter in segmenters:
        if segmenter not in TOKENIZER_SEGMENTERS:
            raise ModelError("E011", name=segmenter, choices=", ".join(TOKENIZER_SEGMENTERS))
    for fraction in fractions:
        if not 0 < fraction <= 1:
            raise AnnotationError("E410", value=fraction)
    records = load_gold(gold)
    train, test, split = select_split(records, train_sources, test_sources)
    folds = list(leave_one_out(records)) if cross_validate else []
    if cross_validate and len(folds) < 2:
        raise AnnotationError("E411", count=len(folds), sources=", ".join(f[0] for f in folds) or "none")
    load_training_config(config)  # E405/E406 now rather than after the first model
    rules_missing = import_rule_factories()
    rules_note = "; ".join(f"{k}: {v}" for k, v in rules_missing.items())
    steps = load_training_config(config, config_overrides(BASE_SEGMENTER, seed, max_steps))["training"]["max_steps"]
    rows: list[Row] = []
    kw = {"config": config, "seed": seed, "max_steps": max_steps}

    # segmenters, each with the shipped set-up (the jieba model is reused below)
    base: _Trained | None = None
    base_metrics: dict[str, Any] = {}
    features = not rules_missing
    setup = SHIPPED if features else "ner"
    for segmenter in dict.fromkeys([BASE_SEGMENTER, *segmenters]):
        problem = _segmenter_problem(segmenter)
        if problem:
            rows.append(Row("segmenters", segmenter, segmenter, setup, len(train), len(test), None, note=problem))
            continue
        say(f"segmenters: training with {segmenter} ({len(train)} units)")
        trained = _train(train, test, segmenter=segmenter, rule_features=features, **kw)
        metrics = evaluate_docs(trained.nlp, trained.converted.test_docs)
        if segmenter == BASE_SEGMENTER:
            base, base_metrics = trained, metrics
        if segmenter in segmenters:
            rows.append(_row("segmenters", segmenter, segmenter, setup, trained, metrics, len(train)))
    assert base is not None  # jieba needs no download

    # learning curve (100% is the base model)
    for fraction in sorted(fractions):
        part = _subset(train, fraction, seed)
        name = f"{round(fraction * 100)}%"
        if fraction == 1:
            trained, metrics = base, base_metrics
        else:
            say(f"learning curve: {name} of the training units ({len(part)})")
            trained = _train(part, test, segmenter=BASE_SEGMENTER, rule_features=features, **kw)
            metrics = evaluate_docs(trained.nlp, trained.converted.test_docs)
        rows.append(_row("learning curve", name, BASE_SEGMENTER, setup, trained, metrics, len(part)))

    # the rules-only pipeline is the same for every split: built once
    rules_alone: Language | None = None
    if not rules_missing:
        rules_alone = blank(BASE_SEGMENTER)
        add_rule_components(rules_alone)
    # pipelines: every combination of rules and ner on the fixed split
    say(f"pipelines: training the ner without rule features ({len(train)} units)")
    ner_alone = _train(train, test, segmenter=BASE_SEGMENTER, rule_features=False, **kw)
    rows += _combinations("pipelines", "held-out reports", ner_alone, base if features else None, rules_alone,
                          len(train), rules_note)

    # leave one report out
    for report, fold_train, fold_test in folds:
        say(f"leave-one-report-out: {report} held out ({len(fold_train)} training units)")
        fold_alone = _train(fold_train, fold_test, segmenter=BASE_SEGMENTER, rule_features=False, **kw)
        fold_featured = (_train(fold_train, fold_test, segmenter=BASE_SEGMENTER, **kw) if features else None)
        rows += _combinations("leave-one-report-out", report, fold_alone, fold_featured, rules_alone,
                              len(fold_train), rules_note)
    for pipeline in PIPELINES:
        fold_rows = [r for r in rows if r.experiment == "leave-one-report-out" and r.pipeline == pipeline
                     and r.metrics]
        if fold_rows:
            rows.append(Row("leave-one-report-out", "all folds (micro)", BASE_SEGMENTER, pipeline,
                            sum(r.train_units for r in fold_rows), sum(r.test_units for r in fold_rows),
                            _sum_metrics([r.metrics for r in fold_rows])))

    info = {
        "gold": [str(p) for p in gold], "data_hash": data_hash(gold), "config": display_path(config),
        "seed": seed, "max_steps": steps, "split": split.to_dict(), "rule_components": list(RULE_COMPONENTS),
        "rules_available": not rules_missing, "labels": list(NER_LABELS),
    }
    comparison = Comparison(rows, info)
    write_comparison(comparison, Path(output))
    return comparison


# --- output -------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |"
              for row in rows]
    return lines + [""]


def _score_cells(row: Row, labels: Sequence[str]) -> list[str]:
    if row.metrics is None:
        return ["n/a"] * (3 + len(labels))
    m = row.metrics
    return [_pct(m["ents_p"]), _pct(m["ents_r"]), _pct(m["ents_f"])] + [
        _pct(m["ents_per_type"][label]["f"]) if m["ents_per_type"][label]["tp"] + m["ents_per_type"][label]["fp"]
        + m["ents_per_type"][label]["fn"] else "–" for label in labels]


def to_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown: a header with the data, one table per experiment."""
    info = comparison.info
    labels = list(info.get("labels", NER_LABELS))
    split = info.get("split", {})
    score_head = ["P", "R", "F"] + [f"{label} F" for label in labels]
    out = [
        "# Training comparison", "",
        "Entity scores: spaCy's strict ents P/R/F (exact span and label) in %, on units held out by "
        "report; micro over labels. `–`: no gold and no prediction of that label.", "",
        f"- gold: {', '.join(info.get('gold', []))} (data hash `{str(info.get('data_hash', ''))[:16]}`)",
        f"- split: train {', '.join(split.get('train_sources', []))} + {split.get('synthetic_units', 0)} "
        f"synthetic units = {split.get('train_units', 0)} units; test {', '.join(split.get('test_sources', []))} "
        f"= {split.get('test_units', 0)} units",
        f"- config: {info.get('config')}, max_steps {info.get('max_steps')}, seed {info.get('seed')}", "",
    ]
    sections = [
        ("segmenters", "Segmenters (the shipped set-up: ner with rule features)",
         ["segmenter", "misaligned train/test", *score_head, "time (s)"],
         lambda r: [r.name, f"{r.misaligned_train}/{r.misaligned_test}", *_score_cells(r, labels),
                    f"{r.seconds:.0f}"]),
        ("pipelines", f"Pipelines ({BASE_SEGMENTER}): what rules and ner each contribute",
         ["pipeline", "key", *score_head],
         lambda r: [PIPELINES.get(r.pipeline, r.pipeline), r.pipeline, *_score_cells(r, labels)]),
        ("learning curve", f"Learning curve ({BASE_SEGMENTER}, ner with rule features)",
         ["training share", "training units", *score_head],
         lambda r: [r.name, str(r.train_units), *_score_cells(r, labels)]),
        ("leave-one-report-out", f"Leave-one-report-out ({BASE_SEGMENTER}; train: all other reports + synthetic)",
         ["held-out report", "pipeline", "test units", *score_head],
         lambda r: [r.name, r.pipeline, str(r.test_units), *_score_cells(r, labels)]),
    ]
    for key, title, header, cells in sections:
        rows = comparison.experiment(key)
        if not rows:
            continue
        out += [f"## {title}", ""] + _table(header, [cells(r) for r in rows])
        notes = [f"- {r.name} ({r.pipeline}): {r.note}" for r in rows if r.note]
        if notes:
            out += ["Not run:", "", *notes, ""]
    return "\n".join(out)


def write_comparison(comparison: Comparison, output: Path) -> tuple[Path, Path]:
    """Write the Markdown to ``output`` and the JSON next to it (same name, ``.json``)."""
    json_path = output.with_suffix(".json")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(to_markdown(comparison), encoding="utf-8")
        json_path.write_text(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as e:
        raise IEError("E412", path=output, reason=e.strerror or str(e)) from None
    return output, json_path
