"""``ie extract`` and ``ie segment …``: thin commands over ie.batch and ie.segment."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from ..errors import IEError

if TYPE_CHECKING:
    from ..batch import BatchSummary, ProgressEvent

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, markup=False)

segment_app = typer.Typer(help="Segmenters: fetch the pkuseg model, report token alignment.",
                          no_args_is_help=True)


def resolve_model(model: str | None) -> str:
    """--model, else the package's default (:func:`ie.api.default_model`: $IE_MODEL, shipped model, rules)."""
    from ..api import default_model

    return model or default_model()


class _RateColumn(ProgressColumn):
    """Documents per second, from rich's running speed estimate."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} docs/s")


def _progress_bar() -> Progress:
    """A progress bar on stderr, shown only at a terminal (logs and CI stay clean)."""
    return Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                    TextColumn("failed {task.fields[failed]}"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=err, disable=not err.is_terminal)


def _summary_tables(summary: BatchSummary) -> list[Table]:
    """The end-of-run summary: totals and speed, then failures by reason."""
    table = Table(title=f"ie extract — model {summary.model} {summary.model_version}")
    for col in ("documents", "quantities", "failed", "skipped", "characters", "resumed", "seconds", "docs/s"):
        table.add_column(col, justify="right")
    table.add_row(str(summary.documents), str(summary.quantities), str(len(summary.failures)),
                  str(len(summary.skipped)),
                  str(summary.characters), str(summary.resumed), f"{summary.seconds:.2f}",
                  f"{summary.documents_per_second:.1f}")
    tables = [table]
    if summary.failures:
        reasons = Table(title="Failures by reason")
        reasons.add_column("code")
        reasons.add_column("files", justify="right")
        reasons.add_column("first of them")
        for code, count in summary.failures_by_reason.items():
            first = next(f for f in summary.failures if f.code == code)
            reasons.add_row(code, str(count), first.message)
        tables.append(reasons)
    return tables


def extract_command(
    paths: list[Path] = typer.Argument(..., help="Report files or folders of reports."),
    output: Path = typer.Option(Path("out"), "--output", "-o",
                                help="Folder for predictions.jsonl, quantities.csv, errors.jsonl, "
                                     "*.parquet and ie.duckdb."),
    model: str = typer.Option(None, "--model", "-m", help="Model folder, or 'rules' for the rules-only pipeline."),
    segmenter: str = typer.Option("jieba", help="Segmenter for the rules-only pipeline: jieba, pkuseg or char."),
    max_mb: float = typer.Option(50, help="Largest input file accepted, in MB."),
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes (model loaded once in each)."),
    engine: str = typer.Option("local", help="local (this machine) or dask (a Dask cluster)."),
    scheduler: str = typer.Option(None, help="Dask scheduler address (with --engine dask); "
                                             "without it a LocalCluster of --workers processes is started."),
    resume: bool = typer.Option(False, "--resume", help="Finish the interrupted run in --output, "
                                                        "skipping the documents it already did."),
    timeout: float = typer.Option(0, help="Seconds one document may take before it is stopped and "
                                          "recorded as failed (local engine; 0: no limit)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace a finished extraction in --output "
                                                              "(without it a finished folder is kept)."),
    html: bool = typer.Option(False, "--html", help="Also build the HTML review pages into OUTPUT/review/ "
                                                    "(as 'ie review OUTPUT' does)."),
) -> None:
    """Extract linked, normalized quantities from reports."""
    from ..batch import BatchOptions, run_batch

    options = BatchOptions(model=resolve_model(model), segmenter=segmenter, workers=workers, engine=engine,
                           scheduler=scheduler, resume=resume, max_mb=max_mb, timeout=timeout or None,
                           overwrite=overwrite)
    failed = 0
    with _progress_bar() as bar:
        task = bar.add_task("extract", total=None, failed=0)

        def on_progress(event: ProgressEvent) -> None:
            nonlocal failed
            failed += not event.ok
            bar.update(task, total=event.total, completed=event.done, failed=failed)

        try:
            summary = run_batch(paths, output, options, progress=on_progress)
        except (IEError, OSError) as e:
            bar.stop()
            err.print(f"error: {e}")
            raise typer.Exit(2)
        except KeyboardInterrupt:
            bar.stop()
            err.print(f"interrupted: the documents done so far are kept in {output}; "
                      f"run the same command with --resume to finish.")
            raise typer.Exit(130)
    for skip in summary.skipped:
        err.print(f"skipped: {skip.message}")
    for failure in summary.failures:
        err.print(f"error: {failure.message}")
    for table in _summary_tables(summary):
        out.print(table)
    for name, path in summary.outputs.items():
        out.print(f"{name}: {path}", soft_wrap=True)
    if html:
        from .review import write_review

        write_review(output)
    if summary.failures:
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
