"""``ie review``: a thin command over :func:`ie.review.build_review`."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ..errors import IEError

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, markup=False, soft_wrap=True)


def write_review(out_dir: Path) -> None:
    """Build the review pages of ``out_dir`` and say where they are; a user error exits 2 with one line."""
    from ..review import build_review

    try:
        result = build_review(out_dir)
    except IEError as e:
        err.print(f"error: {e}")
        raise typer.Exit(2) from None
    audit = (f"{result.checks} checks, {result.failed} failed" if result.audited
             else "audit not run (no checks.jsonl)")
    out.print(f"review: {result.index} ({len(result.pages)} pages, {result.entities} entities, "
              f"{result.grids} tables; {audit})")
    if result.skipped_entities:
        err.print(f"warning: {result.skipped_entities} entities have offsets outside their text and are not shown")


def review_command(
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR",
                                   help="Folder an 'ie extract --output' run wrote (predictions.jsonl, "
                                        "checks.jsonl if audited)."),
) -> None:
    """Build self-contained HTML review pages (one per report, plus index.html) into OUT_DIR/review/."""
    write_review(out_dir)


def register(app: typer.Typer) -> None:
    """Add ``review`` to the main app."""
    app.command("review")(review_command)
