"""``ie evaluate`` (owned by the evaluation feature)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown

from ..corpus.jsonl import read_jsonl
from ..errors import IEError
from ..evaluation.baselines import jionlp_predictions
from ..evaluation.report import to_markdown
from ..evaluation.runner import add_system, load_gold, run_evaluation

DEFAULT_OUT = Path("evaluation/results.json")
HTML_NAME = "report.html"


def prediction_systems(gold_records: list[dict], preds: list[Path], names: list[str], *,
                       jionlp: bool = False, models: list[str] = (), rules_only: bool = False
                       ) -> dict[str, list[dict]]:
    """Collect the systems to evaluate: one per ``--pred`` file, plus the JioNLP baseline.

    Systems are named by ``--name`` in order, or after their file. Further
    sources of predictions (``--model``, ``--rules-only``) add their records
    to the returned mapping with :func:`ie.evaluation.runner.add_system`.
    """
    if len(names) > len(preds):
        raise IEError("E200", count_names=len(names), count_preds=len(preds))
    systems: dict[str, list[dict]] = {}
    for n, path in enumerate(preds):
        add_system(systems, names[n] if n < len(names) else Path(path).stem, read_jsonl(path))
    if rules_only:
        models = ["rules", *models]
    for model in models:
        from .. import load
        from ..evaluation.predict import pipeline_predictions

        label = "rules-only" if model == "rules" else Path(model).name
        add_system(systems, label, pipeline_predictions(gold_records, load(model)))
    if jionlp:
        add_system(systems, "jionlp", jionlp_predictions(gold_records))
    return systems


def evaluate_command(
    gold: Annotated[list[Path], typer.Option("--gold", help="Gold JSONL (contract format); repeatable.")],
    pred: Annotated[list[Path] | None, typer.Option("--pred", help="Prediction JSONL; repeatable.")] = None,
    name: Annotated[list[str] | None, typer.Option(
        "--name", help="Name of the system of each --pred, in the same order.")] = None,
    model: Annotated[list[str] | None, typer.Option(
        "--model", help="Model folder to run on the gold texts; repeatable.")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Add the rules-only pipeline, run on the gold texts.")] = False,
    jionlp: Annotated[bool, typer.Option("--jionlp", help="Add the JioNLP money baseline, run on the gold texts.")] = False,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Self-contained HTML report.", show_default=f"{HTML_NAME} next to --out")] = None,
    out: Annotated[Path, typer.Option("--out", help="JSON file of all results.")] = DEFAULT_OUT,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the 95% intervals (0: none).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
) -> None:
    """Score predictions against gold annotations; print tables, write JSON and HTML."""
    try:
        if bootstrap < 0:
            raise IEError("E209", value=bootstrap)
        gold_records = load_gold(gold)
        systems = prediction_systems(gold_records, list(pred or []), list(name or []), jionlp=jionlp,
                                     models=list(model or []), rules_only=rules_only)
        results = run_evaluation(gold_records, systems, out=out, html=html or out.parent / HTML_NAME,
                                 bootstrap=bootstrap, seed=seed)
    except IEError as e:
        Console(stderr=True).print(str(e), style="red", markup=False, highlight=False)
        raise typer.Exit(1) from None
    console = Console()
    console.print(Markdown(to_markdown(results)))
    console.print(f"Results: {out}  Report: {html or out.parent / HTML_NAME}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the evaluation commands to the main app."""
    app.command("evaluate")(evaluate_command)
    app.command("evaluate-grouped")(grouped_command)


def grouped_command(
    gold: Annotated[list[Path], typer.Option("--gold", help="Gold JSONL; repeatable (derived, bundled, synthetic).")],
    sources: Annotated[Path, typer.Option("--sources", help="The derived corpus's sources.tsv (province, kind).")] = Path(
        "annotations/raw/derived/sources.tsv"),
    system: Annotated[list[str] | None, typer.Option(
        "--system", help="rules, rules+linker, trained, trained-rq, trained-rqo or model:<folder>; repeatable.")] = None,
    folds: Annotated[int, typer.Option("--folds", help="Number of folds (provinces dealt by document count).")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold assignment and of training.")] = 0,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Training steps of the ner (trained).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Training config of the ner (trained, trained-rq, trained-rqo).")] = None,
    out: Annotated[Path, typer.Option("--out", help="JSON results; a .md summary is written next to it.")] = Path(
        "evaluation/grouped/results.json"),
) -> None:
    """Cross-validation grouped by province, figures per document kind (ie.evaluation.grouped)."""
    from ..corpus.sources import read_sources
    from ..evaluation.grouped import build_system, grouped_cv, to_markdown, write

    console = Console(stderr=True)
    try:
        records = load_gold(gold)
        sealed = _sealed_sources(sources)
        if any(str((r.get("meta") or {}).get("source")) in sealed for r in records):
            raise IEError("E212")
        rows = read_sources(sources)
        result = grouped_cv(records, rows, list(system or ["rules", "rules+linker", "trained"]), k=folds, seed=seed,
                            train=lambda recs, s: build_system(recs, s, config=config, max_steps=max_steps,
                                                               seed=seed),
                            progress=lambda m: console.print(m, markup=False, highlight=False))
        write(result, out)
    except IEError as e:
        console.print(str(e), style="red", markup=False, highlight=False)
        raise typer.Exit(1) from None
    Console().print(Markdown(to_markdown(result)))
    Console().print(f"Results: {out}", markup=False, highlight=False)


def _sealed_sources(sources_tsv: Path) -> set[str]:
    """``derived/NNN.txt`` of the sealed test documents listed next to the corpus (annotations/sealed.txt)."""
    from ..corpus.sources import sealed_sources

    return sealed_sources(sources_tsv.resolve().parents[2] / "sealed.txt")
