"""The ``ie`` command line: thin typer commands over importable functions."""
from __future__ import annotations

import typer

from . import doccano as _doccano
from . import evaluate as _evaluate

app = typer.Typer(
    name="ie",
    help="Extract linked, normalized quantities from budget-performance reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(_doccano.app, name="doccano")
_evaluate.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
