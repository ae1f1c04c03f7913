"""``ie extract`` and ``ie segment …``: thin commands over ie.extraction and ie.segment."""
from __future__ import annotations

import os
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import IEError

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, markup=False)
# where a model is looked for when --model is not given, in order
DEFAULT_MODEL_DIRS: tuple[str, ...] = ("models/ie_zh",)

segment_app = typer.Typer(help="Segmenters: fetch the pkuseg model, report token alignment.",
                          no_args_is_help=True)


def resolve_model(model: str | None) -> str:
    """--model, else $IE_MODEL, else the bundled model if present, else the rules-only pipeline."""
    if model:
        return model
    if os.environ.get("IE_MODEL"):
        return os.environ["IE_MODEL"]
    for candidate in DEFAULT_MODEL_DIRS:
        if (Path(candidate) / "config.cfg").is_file():
            return candidate
    return "rules"


def extract_command(
    paths: list[Path] = typer.Argument(..., help="Report files (.txt) or folders of reports."),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Folder for predictions.jsonl and quantities.csv."),
    model: str = typer.Option(None, "--model", "-m", help="Model folder, or 'rules' for the rules-only pipeline."),
    segmenter: str = typer.Option("jieba", help="Segmenter for the rules-only pipeline: jieba, pkuseg or char."),
    max_mb: float = typer.Option(50, help="Largest input file accepted, in MB."),
) -> None:
    """Extract linked, normalized quantities from reports."""
    from .. import load
    from ..extraction import extract_files

    try:
        nlp = load(resolve_model(model), segmenter=segmenter)
    except IEError as e:
        err.print(f"error: {e}")
        raise typer.Exit(2)
    start = time.perf_counter()
    try:
        batch = extract_files(paths, nlp, output, max_mb=max_mb)
    except (IEError, OSError) as e:
        err.print(f"error: {e}")
        raise typer.Exit(2)
    seconds = time.perf_counter() - start
    for failure in batch.failures:
        err.print(f"error: {failure.message}")
    table = Table(title=f"ie extract — model {nlp.meta.get('name')} {nlp.meta.get('version')}")
    for col in ("documents", "quantities", "failed", "characters", "seconds"):
        table.add_column(col, justify="right")
    table.add_row(str(len(batch.results)), str(batch.quantities), str(len(batch.failures)),
                  str(batch.characters), f"{seconds:.2f}")
    out.print(table)
    for name, path in batch.outputs.items():
        out.print(f"{name}: {path}")
    if batch.failures:
        raise typer.Exit(1)


@segment_app.command("fetch-pkuseg")
def fetch_pkuseg_command(
    sdist: Path = typer.Option(None, help="Use this pkuseg-0.0.25.tar.gz instead of downloading it."),
) -> None:
    """Download pkuseg 0.0.25 from PyPI once, verify its sha256 and cache its model."""
    from ..segment.pkuseg_model import fetch_pkuseg

    try:
        path = fetch_pkuseg(sdist=sdist)
    except IEError as e:
        err.print(f"error: {e}")
        raise typer.Exit(2)
    out.print(f"pkuseg model ready: {path}")


@segment_app.command("report")
def segment_report_command(
    paths: list[Path] = typer.Argument(..., help="Report files (.txt) or folders."),
    segmenters: list[str] = typer.Option(["jieba", "pkuseg", "char"], "--segmenter", help="Segmenters to compare."),
) -> None:
    """Share of rule quantity spans that fall on token boundaries, per segmenter, before/after the numeral split."""
    from ..io.clean import clean_text
    from ..io.read import collect_inputs, read_report
    from ..segment.report import alignment_report, rule_quantity_spans

    files, errors = collect_inputs(paths)
    docs = []
    for path in files:
        try:
            clean = clean_text(read_report(path).text).text
        except IEError as e:
            errors.append(e)
            continue
        docs.append((clean, rule_quantity_spans(clean)))
    for e in errors:
        err.print(f"error: {e}")
    table = Table(title="Quantity spans on token boundaries")
    for col in ("segmenter", "numeral split", "spans", "aligned", "share", "examples not aligned"):
        table.add_column(col)
    try:
        rows = alignment_report(docs, segmenters)
    except IEError as e:
        err.print(f"error: {e}")
        raise typer.Exit(2)
    for r in rows:
        table.add_row(r.segmenter, "yes" if r.numeral_split else "no", str(r.spans), str(r.aligned),
                      f"{r.share:.1%}", " · ".join(r.examples[:3]))
    out.print(table)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``extract`` and ``segment`` to the main app."""
    app.command("extract")(extract_command)
    app.add_typer(segment_app, name="segment")
