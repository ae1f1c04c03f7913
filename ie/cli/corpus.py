"""``ie annotations …`` commands (owned by the corpus feature)."""
from __future__ import annotations

import typer

app = typer.Typer(help="Validate, count and split annotation files.", no_args_is_help=True)
