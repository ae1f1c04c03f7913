"""Train the ie ``ner`` with spaCy's own loop and ship it as the full pipeline.

The flow mirrors ``spacy train``: the gold units are split by report (see
:mod:`ie.corpus.splits`), converted to ``.spacy`` files with the pipeline's
own tokenizer (:mod:`ie.corpus.docbin`), the config is loaded with overrides,
``init_nlp`` and :func:`spacy.training.loop.train` do the rest. The model is
then scored on the held-out units (spaCy's strict ents P/R/F), the rule
components are appended after ``ner`` (unless ``rules=False``), and the
pipeline is written with a training record in ``meta.json``.

The held-out part is passed to spaCy as the dev corpus, so the config must
not use it for early stopping (``patience = 0``); the last model is shipped.
"""
from __future__ import annotations

import hashlib
import importlib
import io
import os
import pkgutil
import platform
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config, load_model_from_config
from thinc.api import Config, ConfigValidationError

from .. import __version__
from ..pipeline.build import ORDERS, POSTPROCESSORS
from ..pipeline.build import add_rule_components as build_rules
from ..contract import NER_LABELS
from ..corpus.docbin import Misaligned, data_hash, record_to_doc
from .fingerprint import fingerprint
from ..corpus.jsonl import read_jsonl, write_jsonl
from ..corpus.splits import DEFAULT_SPLIT, is_synthetic, split_records
from ..errors import AnnotationError, IEError, ModelError
from ..segment import tokenizer as _tokenizer  # noqa: F401  (registers "ie.zh_tokenizer.v1")

# the rule components of the full pipeline, in pipeline order after ``ner``
# the rule components of the rules-only pipeline, in their ner_first order
RULE_COMPONENTS: tuple[str, ...] = ("ie_quantity_rules",) + POSTPROCESSORS
# the key under which ``train_model`` records its run in meta.json
META_KEY = "ie_training"
TRAIN_FILE = "train.spacy"
DEV_FILE = "dev.spacy"
HELDOUT_FILE = "heldout.jsonl"
MISALIGNED_FILE = "misaligned.jsonl"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# config overrides that train the ner without the rule features ("ner alone"):
# no rule components before it, and a plain word embedding
NO_RULE_FEATURES: dict[str, Any] = {
    "nlp.pipeline": ["tok2vec", "ner"],
    "training.annotating_components": [],
    "components.tok2vec.model.embed.feature_width": 0,
}


@dataclass
class SplitInfo:
    """Which reports and how many units went to each side."""

    train_sources: list[str]
    test_sources: list[str]
    train_units: int
    test_units: int
    synthetic_units: int

    def to_dict(self) -> dict[str, object]:
        """A JSON-serializable form."""
        return dict(self.__dict__)


@dataclass
class Converted:
    """Gold units converted for spaCy: reference docs and misaligned spans per side."""

    train_docs: list[Doc]
    test_docs: list[Doc]
    misaligned: dict[str, list[Misaligned]]

    def write(self, folder: Path) -> tuple[Path, Path]:
        """Write ``train.spacy`` and ``dev.spacy`` into ``folder``; return their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = folder / TRAIN_FILE, folder / DEV_FILE
        for docs, path in zip((self.train_docs, self.test_docs), paths):
            docbin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], docs=docs, store_user_data=True)
            docbin.to_disk(path)
        return paths


@dataclass
class TrainResult:
    """What ``train_model`` did: the model folder, held-out scores and the run record."""

    output: Path
    metrics: dict[str, Any]
    ner_metrics: dict[str, Any]
    misaligned: dict[str, list[Misaligned]]
    split: SplitInfo
    data_hash: str
    train_seconds: float
    peak_rss_mb: float
    pipeline: list[str]
    meta: dict[str, Any] = field(default_factory=dict)


# --- gold and split ---------------------------------------------------------


def load_gold(paths: Sequence[str | Path]) -> list[dict]:
    """Read all records of the gold files (in the order given); E400 if there are none."""
    records = [rec for path in paths for rec in read_jsonl(path)]
    if not records:
        raise AnnotationError("E400", paths=", ".join(str(p) for p in paths))
    return records


def _source(rec: dict) -> str:
    meta = rec.get("meta")
    return str(meta.get("source", "")) if isinstance(meta, dict) else ""


def resolve_sources(selectors: Iterable[str], records: Sequence[dict]) -> list[str]:
    """Map each selector to the real-report sources it names.

    A selector is a full ``meta.source`` (``002_dc4bc186b04654d8.txt``), its
    stem, or its prefix before the first ``_`` (``002``). A selector that
    names no report of ``records`` raises E401.
    """
    sources = sorted({_source(r) for r in records if not is_synthetic(r)})
    out: list[str] = []
    for sel in selectors:
        hits = [s for s in sources if sel in (s, Path(s).stem, s.split("_", 1)[0])]
        if not hits:
            raise AnnotationError("E401", selectors=sel, sources=", ".join(sources) or "none")
        out.extend(h for h in hits if h not in out)
    return out


def select_split(
    records: Sequence[dict],
    train_sources: Sequence[str] | None = None,
    test_sources: Sequence[str] | None = None,
) -> tuple[list[dict], list[dict], SplitInfo]:
    """Split units by report: return ``(train, test, info)``; synthetic units go to train.

    With neither selection, :data:`ie.corpus.splits.DEFAULT_SPLIT` applies
    (its reports that the gold does not contain are ignored). With only
    ``test_sources``, every other report trains. Raises E401 (unknown
    source), E402 (nothing to train on) or E401 (nothing held out).
    """
    present = {_source(r) for r in records if not is_synthetic(r)}
    if train_sources is None and test_sources is None:
        test = [s for s in DEFAULT_SPLIT["test"] if s in present]
        dev = set(DEFAULT_SPLIT.get("dev", ()))
        # the default train reports, and any report the default split does not list
        train = sorted(present - set(test) - dev)
        records = [r for r in records if is_synthetic(r) or _source(r) not in dev]
        selectors = ", ".join(DEFAULT_SPLIT["test"])
    else:
        test = resolve_sources(test_sources or (), records)
        if train_sources is None:
            train = sorted(present - set(test))
        else:
            train = resolve_sources(train_sources, records)
            wanted = set(train) | set(test)
            records = [r for r in records if is_synthetic(r) or _source(r) in wanted]
        selectors = ", ".join(test_sources or ()) or "none"
    if not test:
        raise AnnotationError("E401", selectors=selectors, sources=", ".join(sorted(present)) or "none")
    parts = split_records(records, {"train": train, "test": test})
    if not parts["train"]:
        raise AnnotationError("E402", selectors=selectors)
    info = SplitInfo(train_sources=train, test_sources=test, train_units=len(parts["train"]),
                     test_units=len(parts["test"]),
                     synthetic_units=sum(1 for r in parts["train"] if is_synthetic(r)))
    return parts["train"], parts["test"], info


# --- config, conversion -----------------------------------------------------


def load_training_config(config: str | Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Load a spaCy training config with overrides (not interpolated); E405/E406 on errors."""
    path = Path(config)
    if not path.is_file():
        raise ModelError("E405", path=path)
    try:
        return load_config(path, overrides=dict(overrides or {}), interpolate=False)
    except (ConfigValidationError, ValueError, KeyError) as e:
        raise ModelError("E406", path=path, reason=_one_line(e)) from None


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:500]


def config_overrides(segmenter: str, seed: int, max_steps: int | None,
                     rule_features: bool = True) -> dict[str, Any]:
    """The overrides that ``train_model`` applies to the config file."""
    overrides: dict[str, Any] = {"nlp.tokenizer.segmenter": segmenter, "system.seed": seed,
                                 "training.seed": seed}
    if not rule_features:
        overrides.update(NO_RULE_FEATURES)
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    return overrides


def tokenizer_pipeline(config: Config) -> Language:
    """An untrained pipeline built from ``config``, used for its tokenizer."""
    try:
        return load_model_from_config(config, auto_fill=True, validate=True)
    except (ConfigValidationError, ValueError, KeyError) as e:
        raise ModelError("E406", path="(config)", reason=_one_line(e)) from None


def convert_records(
    train: Sequence[dict], test: Sequence[dict], nlp: Language, labels: Sequence[str] = NER_LABELS
) -> Converted:
    """Tokenize and label both sides with ``nlp``'s tokenizer; list misaligned spans per side."""
    out = Converted([], [], {"train": [], "test": []})
    for side, records, docs in (("train", train, out.train_docs), ("test", test, out.test_docs)):
        for index, rec in enumerate(records):
            doc, bad = record_to_doc(rec, nlp, labels, index=index)
            docs.append(doc)
            out.misaligned[side].extend(bad)
    return out


def convert_gold(
    gold: Sequence[Path],
    folder: Path,
    *,
    config: Path,
    segmenter: str = "jieba",
    train_sources: Sequence[str] | None = None,
    test_sources: Sequence[str] | None = None,
) -> tuple[Converted, SplitInfo]:
    """Convert gold files for spaCy: write train.spacy, dev.spacy (held-out), heldout.jsonl, misaligned.jsonl."""
    records = load_gold(gold)
    train, test, info = select_split(records, train_sources, test_sources)
    cfg = load_training_config(config, {"nlp.tokenizer.segmenter": segmenter})
    converted = convert_records(train, test, tokenizer_pipeline(cfg))
    try:
        converted.write(folder)
        write_jsonl(folder / HELDOUT_FILE, test)
        write_jsonl(folder / MISALIGNED_FILE, [dict(m.to_dict(), part=side)
                                               for side, items in converted.misaligned.items() for m in items])
    except OSError as e:
        raise IEError("E412", path=folder, reason=e.strerror or str(e)) from None
    return converted, info


def display_path(path: str | Path) -> str:
    """``path`` relative to the working folder when inside it (no machine paths in shipped metadata)."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- rules --------------------------------------------------------------------


def import_rule_factories(names: Sequence[str] | None = None) -> dict[str, str]:
    """Make sure the rule factories are registered; return ``{name: reason}`` for those missing.

    ``names`` defaults to :data:`RULE_COMPONENTS`.

    Factories declared as ``spacy_factories`` entry points are found by spaCy
    directly; otherwise the modules of :mod:`ie.pipeline` are imported, which
    registers their ``@Language.factory`` functions.
    """
    names = RULE_COMPONENTS if names is None else names
    missing = [n for n in names if not Language.has_factory(n)]
    if not missing:
        return {}
    problems: list[str] = []
    try:
        package = importlib.import_module("ie.pipeline")
        for module in pkgutil.iter_modules(package.__path__):
            try:
                importlib.import_module(f"ie.pipeline.{module.name}")
            except Exception as e:  # a module still being written must not hide the others
                problems.append(f"ie.pipeline.{module.name}: {type(e).__name__}: {_one_line(e)}")
    except ImportError as e:
        problems.append(f"ie.pipeline: {_one_line(e)}")
    reason = "; ".join(problems) or "no module registers this factory"
    return {n: f"factory not registered; {reason}" for n in names if not Language.has_factory(n)}


def add_rule_components(nlp: Language, *, order: str = "ner_first") -> list[str]:
    """Add the rule components in ``order`` (see :func:`ie.pipeline.build.add_rule_components`).

    E404 if one of the factories is missing; returns the names added around ``ner``.
    """
    missing = import_rule_factories()
    if missing:
        name = next(iter(missing))
        raise ModelError("E404", name=name, reason=missing[name])
    build_rules(nlp, order=order)
    return [n for n in nlp.pipe_names if n not in ("tok2vec", "ner")]


# --- scoring ------------------------------------------------------------------


def score_ents(examples: Iterable[Example], labels: Sequence[str] = NER_LABELS) -> dict[str, Any]:
    """Strict entity P/R/F (spaCy's ents scorer, :func:`spacy.scorer.get_ner_prf`), with counts.

    Only entities whose label is in ``labels`` count, on both sides. As in
    spaCy, a prediction over tokens whose gold annotation is missing (a
    misaligned gold span) is neither right nor wrong. Returns ``ents_p``,
    ``ents_r``, ``ents_f`` (None when nothing was predicted or expected) and
    ``ents_per_type`` with ``p``, ``r``, ``f``, ``tp``, ``fp``, ``fn`` per label.
    """
    per_type = {label: PRFScore() for label in labels}
    for eg in examples:
        if not eg.y.has_annotation("ENT_IOB"):
            continue
        golds = {(e.label_, e.start, e.end) for e in eg.y.ents if e.label_ in per_type}
        x2y = eg.alignment.x2y
        for ent in eg.x.ents:
            if ent.label_ not in per_type:
                continue
            indices = x2y[ent.start:ent.end]
            if not len(indices):
                continue
            if all(token.ent_iob != 0 for token in eg.y[indices[0]:indices[-1] + 1]):
                key = (ent.label_, int(indices[0]), int(indices[-1]) + 1)
                if key in golds:
                    per_type[ent.label_].tp += 1
                    golds.remove(key)
                else:
                    per_type[ent.label_].fp += 1
        for label, _, _ in golds:
            per_type[label].fn += 1
    total = PRFScore()
    for prf in per_type.values():
        total += prf
    empty = len(total) == 0

    def row(prf: PRFScore) -> dict[str, Any]:
        return {"p": prf.precision, "r": prf.recall, "f": prf.fscore, "tp": prf.tp, "fp": prf.fp, "fn": prf.fn}

    return {
        "ents_p": None if empty else total.precision,
        "ents_r": None if empty else total.recall,
        "ents_f": None if empty else total.fscore,
        "ents_tp": total.tp, "ents_fp": total.fp, "ents_fn": total.fn,
        "ents_per_type": {label: row(prf) for label, prf in per_type.items()},
    }


def evaluate_docs(nlp: Language, gold_docs: Sequence[Doc], labels: Sequence[str] = NER_LABELS,
                  *, batch_size: int = 8) -> dict[str, Any]:
    """Run ``nlp`` on the gold docs' texts and score its entities against them."""
    preds = nlp.pipe((doc.text for doc in gold_docs), batch_size=batch_size)
    return score_ents([Example(pred, gold) for pred, gold in zip(preds, gold_docs)], labels)


# --- training -----------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (resource.getrusage)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def train_pipeline(config: Config, train_path: Path, dev_path: Path, checkpoints: Path) -> tuple[Language, str]:
    """Initialize and train with spaCy's loop; return the trained pipeline and the loop's log.

    As ``spacy train`` does, the loop writes ``model-last`` (with the
    optimizer's averaged weights) to ``checkpoints``; that is the model
    returned. ``model-best`` is ignored: it was picked on the dev corpus,
    which here is the held-out part.
    """
    config = Config(config).merge({"paths": {"train": str(train_path), "dev": str(dev_path)}})
    try:
        nlp = init_nlp(config)
    except (ConfigValidationError, ValueError, KeyError) as e:
        raise ModelError("E406", path="(config)", reason=_one_line(e)) from None
    log = io.StringIO()
    checkpoints.mkdir(parents=True, exist_ok=True)
    _, last = spacy_train(nlp, checkpoints, stdout=log, stderr=log)
    nlp = spacy.load(last)
    # the temporary folder is no part of the model: no machine paths in the shipped config and log
    nlp.config["paths"]["train"] = nlp.config["paths"]["dev"] = None
    return nlp, _ANSI.sub("", log.getvalue()).replace(str(checkpoints.parent), "<workdir>")


def train_records(
    train: Sequence[dict],
    test: Sequence[dict],
    *,
    config: Path,
    segmenter: str = "jieba",
    seed: int = 0,
    max_steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    workdir: Path | None = None,
    rule_features: bool = True,
) -> tuple[Language, Converted, str]:
    """Convert and train on records; return ``(nlp with ner, converted data, training log)``.

    ``overrides`` are further config overrides (``{"training.dropout": 0.1}``).
    ``rule_features=False`` trains the ``ner`` without the rule components
    in front of it (:data:`NO_RULE_FEATURES`). The ``.spacy`` files and spaCy's checkpoints go to ``workdir`` (kept) or
    to a temporary folder.
    """
    overrides = {**dict(overrides or {}), **config_overrides(segmenter, seed, max_steps, rule_features)}
    cfg = load_training_config(config, overrides)
    converted = convert_records(train, test, tokenizer_pipeline(cfg))
    with tempfile.TemporaryDirectory(prefix="ie-train-") as tmp:
        folder = workdir or Path(tmp)
        train_path, dev_path = converted.write(folder)
        nlp, log = train_pipeline(cfg, train_path, dev_path, folder / "checkpoints")
    return nlp, converted, log


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _package_name(output: Path) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", output.name.lower()).strip("_")
    return name or "ie_model"


def _heldout_figures(nlp: Language, test: Sequence[dict]) -> dict[str, Any]:
    """The full pipeline's held-out figures (entities, typed quantities, links, values)."""
    from ..evaluation.grouped import figures
    from ..evaluation.metrics import evaluate
    from ..evaluation.predict import pipeline_predictions

    return figures(evaluate(list(test), pipeline_predictions(list(test), nlp), bootstrap=0))


def _flat_performance(metrics: Mapping[str, Any]) -> dict[str, Any]:
    per_type = {label: {k: row[k] for k in ("p", "r", "f")} for label, row in metrics["ents_per_type"].items()}
    return {"ents_p": metrics["ents_p"], "ents_r": metrics["ents_r"], "ents_f": metrics["ents_f"],
            "ents_per_type": per_type}


def _write_model(nlp: Language, output: Path) -> None:
    """Write the pipeline to ``output`` via a sibling temp folder, replacing an older model."""
    output = Path(output)
    try:
        if output.exists() and (not output.is_dir() or (any(output.iterdir())
                                                        and not (output / "meta.json").is_file())):
            raise IEError("E412", path=output, reason="exists and is not a spaCy model folder")
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
        try:
            nlp.to_disk(tmp)
            if output.exists():
                shutil.rmtree(output)
            os.replace(tmp, output)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as e:
        raise IEError("E412", path=output, reason=e.strerror or str(e)) from None


def _versions() -> dict[str, str]:
    """The versions a retrain depends on: the same data and seed give the same weights only under the same ones."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "spacy": spacy.__version__}
    for name in ("thinc", "numpy", "blis", "scikit-learn", "jieba", "spacy-pkuseg"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def train_model(
    gold: Sequence[Path],
    output: Path,
    *,
    config: Path,
    segmenter: str = "jieba",
    train_sources: Sequence[str] | None = None,
    test_sources: Sequence[str] | None = None,
    seed: int = 0,
    max_steps: int | None = None,
    rules: bool = True,
    overrides: Mapping[str, Any] | None = None,
    workdir: Path | None = None,
    rule_features: bool = True,
    order: str | None = None,
    test_gold: Sequence[Path] | None = None,
    force: bool = False,
    linker: bool = True,
) -> TrainResult:
    """Train the ``ner`` on the gold files and write the (full) pipeline to ``output``.

    gold: contract JSONL files (real-report units and synthetic passages).
    output: the model folder to write (replaced if it holds an older model).
    config: the spaCy training config (the caller locates training/config.cfg).
    segmenter: ``jieba``, ``pkuseg`` or ``char`` (overrides ``[nlp.tokenizer]``).
    train_sources, test_sources: reports per side (full source, stem or
        prefix such as ``002``); neither means ``ie.corpus.splits.DEFAULT_SPLIT``.
    seed: the training seed; the same data and seed give the same metrics.
    max_steps: overrides ``[training] max_steps``.
    rules: add the rule post-processors (values, linker, metadata) and, for
        a ``ner`` without rule features, the rule taggers in ``order``;
        with False the trained pipeline is shipped as it is.
    rule_features: train the ``ner`` with the rule candidates as features
        (the config's rule components before ``tok2vec``); False trains it
        on words alone (:data:`NO_RULE_FEATURES`).
    order: how rules and ``ner`` combine (:data:`ie.pipeline.build.ORDERS`);
        default ``rule_features``, or ``rules_quantities`` for a ``ner``
        trained without them.
    overrides: further spaCy config overrides (``{"training.dropout": 0.1}``).
    workdir: keep the converted ``train.spacy``/``dev.spacy`` and spaCy's
        checkpoints here.
    test_gold: score on these gold files instead of holding reports out of
        ``gold``: every unit of ``gold`` trains (the shipped model: all gold
        but the sealed test set, scored on the sealed set). spaCy's loop
        then logs on a slice of the training data, never on the test set.
    force: replace an existing model folder (else E413).
    linker: train the learned linker (:mod:`ie.linking`) on the training
        units and ship it in ``ie_linker`` (with ``rules``).

    Writes ``meta.json`` with the held-out metrics of the shipped pipeline
    (and of the ner alone), the config, segmenter, data hash, split, seed,
    training time and peak memory, under the key ``ie_training``.
    """
    started = time.perf_counter()
    if order is not None and order not in ORDERS:  # before reading and training, not minutes after
        raise ModelError("E017", order=order, choices=", ".join(ORDERS))
    gold = [Path(p) for p in gold]
    out_path = Path(output)
    if out_path.exists() and not force and (not out_path.is_dir() or any(out_path.iterdir())):
        raise IEError("E413", path=out_path)
    records = load_gold(gold)
    test_files = [Path(p) for p in test_gold or ()]
    if test_files:
        if train_sources or test_sources:
            raise IEError("E414")
        train = list(records)
        test = load_gold(test_files)
        split = SplitInfo(train_sources=sorted({_source(r) for r in train if not is_synthetic(r)}),
                          test_sources=sorted({_source(r) for r in test}), train_units=len(train),
                          test_units=len(test), synthetic_units=sum(1 for r in train if is_synthetic(r)))
    else:
        train, test, split = select_split(records, train_sources, test_sources)
    if rules:  # fail before training, not after
        missing = import_rule_factories()
        if missing:
            name = next(iter(missing))
            raise ModelError("E404", name=name, reason=missing[name])
    if order is None:
        order = "rule_features" if rule_features else "rules_quantities"
    # with a test gold, spaCy's loop logs on a slice of the training units: the test set stays unseen
    dev = train[:20] if test_files else test
    nlp, converted, log = train_records(train, dev, config=Path(config), segmenter=segmenter, seed=seed,
                                        max_steps=max_steps, overrides=overrides, workdir=workdir,
                                        rule_features=rule_features)
    if test_files:
        converted.test_docs = convert_records([], test, tokenizer_pipeline(
            load_training_config(config, config_overrides(segmenter, seed, max_steps, rule_features)))).test_docs
    heldout_figures = None
    ner_metrics = evaluate_docs(nlp, converted.test_docs)
    metrics = ner_metrics
    if rules:
        add_rule_components(nlp, order=order)
        if linker:
            from ..linking.train import train_linker

            nlp.get_pipe("ie_linker").model = train_linker(train, nlp, seed=seed)
        metrics = evaluate_docs(nlp, converted.test_docs)
        heldout_figures = _heldout_figures(nlp, test)
    train_seconds = time.perf_counter() - started
    all_overrides = {**dict(overrides or {}), **config_overrides(segmenter, seed, max_steps, rule_features)}
    steps = load_training_config(config, all_overrides)["training"]["max_steps"]
    record = {
        "metrics": metrics,
        "metrics_ner": ner_metrics,
        "labels": list(NER_LABELS),
        "config": {"file": display_path(config), "sha256": _file_sha256(Path(config)),
                   "overrides": all_overrides},
        "segmenter": segmenter,
        "data_hash": data_hash(gold),
        "gold": [display_path(p) for p in gold],
        "test_gold": [display_path(p) for p in test_files],
        "heldout_figures": heldout_figures,
        "linker": "learned" if (rules and linker) else "rules",
        "fingerprint": fingerprint(gold, Path(config), all_overrides, test_files),
        "command": " ".join(["ie train", *(f"--gold {display_path(p)}" for p in gold),
                             *(f"--test-gold {display_path(p)}" for p in test_files),
                             f"--output {display_path(output)}", f"--seed {seed}",
                             *([f"--max-steps {max_steps}"] if max_steps else []),
                             *([f"--order {order}"] if rules and order != "rule_features" else []),
                             *([] if linker else ["--no-linker"]), "--force"]),
        "split": split.to_dict(),
        "seed": seed,
        "max_steps": steps,
        "rules": [name for name in nlp.pipe_names if name not in ("tok2vec", "ner")],
        "rule_features": rule_features,
        "order": order if rules else None,
        "misaligned": {side: [m.to_dict() for m in items] for side, items in converted.misaligned.items()},
        "train_seconds": round(train_seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "training_log": log.splitlines(),
        "versions": _versions(),
    }
    nlp.meta["name"] = _package_name(Path(output))
    nlp.meta["version"] = __version__  # the model is versioned with the package that made it
    nlp.meta["description"] = ("ie: quantities (MONEY, PERCENT, COUNT, SCORE) and ORG in Chinese "
                               "budget-performance reports" + (", with rule components" if rules else ", ner only"))
    nlp.meta["performance"] = _flat_performance(metrics)
    nlp.meta[META_KEY] = record
    _write_model(nlp, Path(output))
    record["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return TrainResult(output=Path(output), metrics=metrics, ner_metrics=ner_metrics,
                       misaligned=converted.misaligned, split=split, data_hash=record["data_hash"],
                       train_seconds=record["train_seconds"], peak_rss_mb=record["peak_rss_mb"],
                       pipeline=list(nlp.pipe_names), meta=dict(nlp.meta))
