"""``ie doccano …`` commands (owned by the doccano feature)."""
from __future__ import annotations

import typer

app = typer.Typer(help="Annotate in a local doccano server.", no_args_is_help=True)
