"""``ie audit``: a thin command over :func:`ie.audit.run.audit_folder`."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import IEError

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, markup=False)


def audit_command(
    out_dir: Path = typer.Argument(..., help="A folder 'ie extract' wrote (it holds predictions.jsonl)."),
) -> None:
    """Check every report against its own numbers; write checks.jsonl, checks.parquet and ie.duckdb's checks table."""
    from ..audit.checks import STATUSES
    from ..audit.run import audit_folder

    try:
        result = audit_folder(out_dir)
    except (IEError, OSError) as e:
        err.print(f"error: {e}")
        raise typer.Exit(2) from None
    table = Table(title=f"ie audit — {result.documents} report(s), {result.checks} check(s)")
    table.add_column("rule")
    for status in STATUSES:
        table.add_column(status, justify="right")
    rules = sorted({rule for rule, _ in result.by_rule})
    for rule in rules:
        table.add_row(rule, *(str(result.by_rule.get((rule, s), 0)) for s in STATUSES))
    out.print(table)
    for name, path in result.paths.items():
        out.print(f"{name}: {path}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``audit`` to the main app."""
    app.command("audit")(audit_command)
