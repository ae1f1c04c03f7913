"""``ie select`` (owned by the active-learning feature): which units to annotate first, and why."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import IEError


def select_file(path: Path, strategy: str, limit: int, *, model: str | None = None,
                per_report: int | None = 3, seed: int = 0, output: Path | None = None):
    """Select ``limit`` units of the contract JSONL ``path`` by ``strategy``; write them to ``output``.

    Returns the :class:`ie.select.rank.Selection` (picked records carry
    ``meta["select"]``). ``random`` loads no model.
    """
    from ..corpus.jsonl import read_jsonl, write_jsonl
    from ..select.rank import check_strategy, select

    check_strategy(strategy)
    records = read_jsonl(path)
    if not records:
        raise IEError("E654", path=path)
    nlp = None
    if strategy != "random":
        from ..api import load

        nlp = load(model)
    selection = select(records, strategy, limit, nlp, per_report=per_report, seed=seed)
    if output is not None:
        try:
            write_jsonl(output, selection.records)
        except OSError as e:
            raise IEError("E412", path=output, reason=e.strerror or str(e)) from None
    return selection


def select_command(
    file: Annotated[Path, typer.Argument(help="Contract JSONL of candidate units (e.g. 'ie extract' output).")],
    strategy: Annotated[str, typer.Option("--strategy", "-s", help="uncertain, disagree, audit or random.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many units to pick.")] = 20,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="JSONL of the picked units "
                                                "(reason in meta.select).")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model folder whose signals rank the "
                                              "units (default: the one ie extract uses).")] = None,
    per_report: Annotated[int, typer.Option("--per-report", help="At most this many units of one report.")] = 3,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random strategy.")] = 0,
) -> None:
    """Rank units by the model's uncertainty, rule/ner disagreement or failed audit checks; print the picks."""
    try:
        selection = select_file(file, strategy, limit, model=model, per_report=per_report, seed=seed,
                                output=output)
    except IEError as e:
        Console(stderr=True).print(str(e), style="red", markup=False, highlight=False)
        raise typer.Exit(1) from None
    console = Console()
    for record in selection.records:
        meta = record["meta"]
        pick = meta["select"]
        console.print(f"{pick['rank']:>3}. {meta.get('source', '?')}@{meta.get('doc_start', '?')} "
                      f"score {pick['score']:.3f}: {pick['reason']}", markup=False, highlight=False)
    console.print(f"{len(selection.records)} of {len(selection.scored)} units picked by {strategy}"
                  + (f"; written to {output}" if output else ""), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``ie select`` to the main app."""
    app.command("select")(select_command)
