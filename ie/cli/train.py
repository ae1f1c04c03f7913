"""``ie train`` (owned by the training feature).

``ie train --gold FILE… --output models/NAME`` trains and writes a model;
``ie train compare|convert|predict`` are its helpers. Thin: parse, call
:mod:`ie.training`, print.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

import ie

from ..contract import NER_LABELS
from ..errors import IEError

T = TypeVar("T")

CONFIG_NAME = Path("training") / "config.cfg"

app = typer.Typer(
    help="Train the ner on gold annotations and ship the full pipeline (see also the subcommands).",
    invoke_without_command=True,
    no_args_is_help=True,
)

Gold = Annotated[list[Path] | None, typer.Option("--gold", help="Gold JSONL (contract format); repeatable.")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help=f"spaCy training config (default: {CONFIG_NAME} of the project).")]
Segmenter = Annotated[str, typer.Option("--segmenter", help="Word segmenter: jieba, pkuseg or char.")]
Seed = Annotated[int, typer.Option("--seed", help="Training seed (same data + seed = same model).")]
MaxSteps = Annotated[int | None, typer.Option("--max-steps", help="Override max_steps of the config's training section.")]
TestSource = Annotated[list[str] | None, typer.Option(
    "--test-source", help="Held-out report (source name or prefix such as 002); repeatable or "
    "comma-separated. Default (or empty): the project's DEFAULT_SPLIT.")]
TrainSource = Annotated[list[str] | None, typer.Option(
    "--train-source", help="Training report; repeatable or comma-separated. Default (or empty): "
    "every report not held out.")]


def default_config() -> Path:
    """training/config.cfg of the current folder, else of the source checkout ie runs from."""
    here = Path.cwd() / CONFIG_NAME
    if here.is_file():
        return here
    checkout = Path(ie.__file__).resolve().parent.parent / CONFIG_NAME
    return checkout if checkout.is_file() else here


def _run(call: Callable[[], T]) -> T:
    """Call, printing an IEError as one red line and exiting 1."""
    try:
        return call()
    except IEError as e:
        Console(stderr=True).print(str(e), style="red", markup=False, highlight=False)
        raise typer.Exit(1) from None


def sources(values: Sequence[str] | None) -> list[str] | None:
    """Repeated and comma-separated source options as one list; None when empty."""
    out = [v.strip() for value in values or () for v in value.split(",") if v.strip()]
    return out or None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def metrics_table(columns: dict[str, dict[str, Any]], title: str) -> Table:
    """A table of P/R/F per label (rows) for one or more score dicts (column groups)."""
    table = Table(title=title, title_justify="left")
    table.add_column("label")
    for name in columns:
        for head in ("P", "R", "F"):
            table.add_column(f"{name} {head}" if len(columns) > 1 else head, justify="right")
    table.add_column("gold", justify="right")
    first = next(iter(columns.values()))
    for label in [*NER_LABELS, "all"]:
        cells: list[str] = []
        for m in columns.values():
            if label == "all":
                cells += [_pct(m["ents_p"]), _pct(m["ents_r"]), _pct(m["ents_f"])]
            else:
                row = m["ents_per_type"][label]
                cells += [_pct(row["p"]), _pct(row["r"]), _pct(row["f"])]
        gold = (first["ents_tp"] + first["ents_fn"] if label == "all"
                else first["ents_per_type"][label]["tp"] + first["ents_per_type"][label]["fn"])
        table.add_row(label, *cells, str(gold))
    return table


def _require(value: Sequence[Path] | Path | None, option: str) -> None:
    if not value:
        Console(stderr=True).print(f"Missing option {option}.", style="red", markup=False)
        raise typer.Exit(2)


@app.callback()
def train_command(
    ctx: typer.Context,
    gold: Gold = None,
    output: Annotated[Path | None, typer.Option("--output", help="Model folder to write, e.g. models/NAME.")] = None,
    config: ConfigOpt = None,
    segmenter: Segmenter = "jieba",
    seed: Seed = 0,
    max_steps: MaxSteps = None,
    rules: Annotated[bool, typer.Option(
        "--rules/--no-rules", help="Add the rule components (--no-rules: ship ner alone).")] = True,
    rule_features: Annotated[bool, typer.Option(
        "--rule-features/--no-rule-features",
        help="Train the ner with the rule candidates as features (default), or on words alone.")] = True,
    order: Annotated[str | None, typer.Option(
        "--order", help="How rules and ner combine: rule_features (the default with rule features: the ner "
                        "decides, rules are its features), rules_quantities (the default without: rules give "
                        "quantities, ner + rules ORG), rule_features_quantities (quantities from the rule "
                        "candidates, ORG from the ner), rule_features_rule_orgs (the shipped model's: quantities "
                        "from the rule candidates, ORG from the rules, the ner's where they found none), rule_features_fill "
                        "(as the shipped order, and the ner's quantities that write a unit where no rule candidate "
                        "is), rules_first "
                        "(rules before ner, ner adds the rest) or ner_first (rules fill ner's gaps).")
    ] = None,
    test_source: TestSource = None,
    train_source: TrainSource = None,
    test_gold: Annotated[list[Path] | None, typer.Option(
        "--test-gold", metavar="FILE",
        help="Score on this gold (e.g. the sealed set) and train on every unit of --gold.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing model folder.")] = False,
    linker: Annotated[bool, typer.Option(
        "--linker/--no-linker", help="Train the learned linker on the gold (default) or keep the rule linker.")
    ] = True,
) -> None:
    """Train the ner on gold annotations (held-out reports scored) and write the full pipeline."""
    if ctx.invoked_subcommand is not None:
        return
    from ..training.train import train_model

    _require(gold, "--gold")
    _require(output, "--output")
    assert gold is not None and output is not None
    _run(lambda: refuse_sealed(gold))
    console = Console()
    with console.status("Training…"):
        result = _run(lambda: train_model(
            gold, output, config=config or default_config(), segmenter=segmenter,
            train_sources=sources(train_source), test_sources=sources(test_source), seed=seed,
            max_steps=max_steps, rules=rules, rule_features=rule_features, order=order,
            test_gold=test_gold, force=force, linker=linker))
    for side in ("train", "test"):
        items = result.misaligned[side]
        if items:
            console.print(f"{len(items)} {side} span(s) not on token boundaries (not learned/scored):",
                          markup=False, highlight=False)
            for m in items:
                console.print(f"  {m}", markup=False, highlight=False)
    split = result.split
    console.print(f"Train: {', '.join(split.train_sources)} + {split.synthetic_units} synthetic "
                  f"= {split.train_units} units; held out: {', '.join(split.test_sources)} "
                  f"= {split.test_units} units", markup=False, highlight=False)
    columns = {"ner": result.ner_metrics}
    if rules:
        columns["+rules"] = result.metrics
    title = "Held-out entities (strict, %" + ("; +rules = the shipped pipeline)" if rules else ")")
    console.print(metrics_table(columns, title))
    console.print(f"Model: {result.output}  pipeline: {', '.join(result.pipeline)}", markup=False,
                  highlight=False)
    figures = result.meta.get("ie_training", {}).get("heldout_figures")
    if figures:
        console.print("Held-out, full pipeline: " + "  ".join(
            f"{k} {v:.3f}" for k, v in figures.items() if isinstance(v, float)), markup=False, highlight=False)
    console.print(f"Time: {result.train_seconds:.1f} s  Peak memory: {result.peak_rss_mb:.0f} MB  "
                  f"Data hash: {result.data_hash[:16]}", markup=False, highlight=False)


def refuse_sealed(gold: Sequence[Path], listing: Path = Path("annotations/sealed.txt")) -> None:
    """E415 when a training gold file holds a sealed test document (``derived/NNN.txt`` of ``listing``)."""
    from ..corpus.jsonl import read_jsonl
    from ..corpus.sources import sealed_sources

    sealed = sealed_sources(listing)
    found = sorted({str((r.get("meta") or {}).get("source")) for path in gold for r in read_jsonl(path)} & sealed)
    if found:
        raise IEError("E415", sources=", ".join(found[:5]) + (" …" if len(found) > 5 else ""))


@app.command("compare")
def compare_command(
    gold: Gold = None,
    output: Annotated[Path, typer.Option("--output", help="Markdown file (a .json is written next to it).")]
    = Path("evaluation/comparison.md"),
    config: ConfigOpt = None,
    segmenter: Annotated[list[str] | None, typer.Option(
        "--segmenter", help="Segmenters to compare; repeatable (default: jieba, pkuseg, char).")] = None,
    fraction: Annotated[list[float] | None, typer.Option(
        "--fraction", help="Learning-curve shares of the training units; repeatable "
        "(default: 0.25 0.5 0.75 1).")] = None,
    cv: Annotated[bool, typer.Option("--cv/--no-cv", help="Leave-one-report-out cross-validation.")] = True,
    seed: Seed = 0,
    max_steps: MaxSteps = None,
    test_source: TestSource = None,
    train_source: TrainSource = None,
) -> None:
    """Compare segmenters, ner vs ner + rules, a learning curve and leave-one-report-out."""
    from ..training.compare import FRACTIONS, SEGMENTERS, compare_models, to_markdown

    _require(gold, "--gold")
    assert gold is not None
    console = Console()
    comparison = _run(lambda: compare_models(
        gold, output, config=config or default_config(), segmenters=segmenter or SEGMENTERS,
        fractions=fraction or FRACTIONS, cross_validate=cv, train_sources=sources(train_source),
        test_sources=sources(test_source), seed=seed, max_steps=max_steps,
        progress=lambda line: console.print(line, markup=False, highlight=False)))
    console.print(to_markdown(comparison), markup=False, highlight=False)
    console.print(f"Written: {output} and {output.with_suffix('.json')}", markup=False, highlight=False)


@app.command("convert")
def convert_command(
    gold: Gold = None,
    output: Annotated[Path, typer.Option("--output", help="Folder for train.spacy, dev.spacy, "
                                         "heldout.jsonl and misaligned.jsonl.")] = Path("corpus"),
    config: ConfigOpt = None,
    segmenter: Segmenter = "jieba",
    test_source: TestSource = None,
    train_source: TrainSource = None,
) -> None:
    """Convert gold JSONL to spaCy's .spacy files (held-out part = dev.spacy), listing misaligned spans."""
    from ..training.train import convert_gold

    _require(gold, "--gold")
    assert gold is not None
    converted, split = _run(lambda: convert_gold(
        gold, output, config=config or default_config(), segmenter=segmenter,
        train_sources=sources(train_source), test_sources=sources(test_source)))
    console = Console()
    for side in ("train", "test"):
        for m in converted.misaligned[side]:
            console.print(f"misaligned ({side}): {m}", markup=False, highlight=False)
    console.print(f"{output}: train {split.train_units} units ({', '.join(split.train_sources)} + "
                  f"{split.synthetic_units} synthetic), dev = held out {split.test_units} units "
                  f"({', '.join(split.test_sources)})", markup=False, highlight=False)


@app.command("predict")
def predict_command(
    model: Annotated[Path, typer.Option("--model", help="Model folder written by 'ie train'.")],
    gold: Gold = None,
    output: Annotated[Path, typer.Option("--output", help="Prediction JSONL to write.")] = Path("predictions.jsonl"),
) -> None:
    """Run a trained model over the units of gold files; write contract JSONL for 'ie evaluate --pred'."""
    from ..corpus.jsonl import read_jsonl, write_jsonl
    from ..training.predict import load_model, predict_records

    _require(gold, "--gold")
    assert gold is not None

    def run() -> int:
        nlp = load_model(model)
        records = [rec for path in gold for rec in read_jsonl(path)]
        try:
            write_jsonl(output, predict_records(nlp, records))
        except OSError as e:
            raise IEError("E412", path=output, reason=e.strerror or str(e)) from None
        return len(records)

    count = _run(run)
    Console().print(f"{output}: {count} unit(s) predicted by {model}", markup=False, highlight=False)


@app.command("curve")
def curve_command(
    gold: Gold = None,
    strategy: Annotated[list[str] | None, typer.Option(
        "--strategy", help="uncertain, disagree, audit or random; repeatable (default: all four).")] = None,
    sources_tsv: Annotated[Path, typer.Option("--sources", help="The derived corpus's sources.tsv (province, kind).")
                           ] = Path("annotations/raw/derived/sources.tsv"),
    output: Annotated[Path, typer.Option("--output", help="Folder for curve.md/.csv/.json/.svg/.png.")
                      ] = Path("evaluation/active_learning"),
    config: ConfigOpt = None,
    seed_units: Annotated[int, typer.Option("--seed-units", help="Random units the first model trains on.")] = 10,
    step: Annotated[int, typer.Option("--step", help="Units each strategy adds per round.")] = 10,
    rounds: Annotated[int, typer.Option("--rounds", help="Rounds of selection and retraining.")] = 3,
    max_steps: Annotated[int, typer.Option("--max-steps", help="Training steps of each ner (small: a curve "
                                           "trains many models).")] = 150,
    per_report: Annotated[int, typer.Option("--per-report", help="At most this many units of one report per "
                                            "round (diversity guard).")] = 3,
    seed: Seed = 0,
) -> None:
    """Simulated annotation on the gold: each strategy adds units round by round; curves and table of figures."""
    from ..corpus.sources import read_sources
    from ..select.curve import learning_curve, savings_note, write
    from ..select.rank import STRATEGIES
    from ..training.train import load_gold

    _require(gold, "--gold")
    assert gold is not None
    console = Console(stderr=True)

    def run():
        refuse_sealed(gold)
        result = learning_curve(load_gold(gold), read_sources(sources_tsv), strategy or list(STRATEGIES),
                                config=config or default_config(), seed_units=seed_units, step=step,
                                rounds=rounds, max_steps=max_steps, per_report=per_report, seed=seed,
                                progress=lambda m: console.print(m, markup=False, highlight=False))
        return result, write(result, output)

    result, written = _run(run)
    Console().print(savings_note(result), markup=False, highlight=False)
    Console().print("Written: " + ", ".join(str(p) for p in written), markup=False, highlight=False)


def register(main: typer.Typer) -> None:
    """Add the training commands to the main app."""
    main.add_typer(app, name="train")
