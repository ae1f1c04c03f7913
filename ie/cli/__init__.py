"""The ``ie`` command line: thin typer commands over importable functions."""
from __future__ import annotations

import typer

from . import corpus as _corpus
from . import doccano as _doccano
from . import evaluate as _evaluate
from . import extract as _extract
from . import train as _train

app = typer.Typer(
    name="ie",
    help="Extract linked, normalized quantities from budget-performance reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(_doccano.app, name="doccano")
app.add_typer(_corpus.app, name="annotations")
_extract.register(app)
_evaluate.register(app)
_train.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
