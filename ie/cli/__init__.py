"""The ``ie`` command line: thin typer commands over importable functions."""
from __future__ import annotations

import click  # noqa: F401 - the type cli() returns
import typer

from . import audit as _audit
from . import corpus as _corpus
from . import doccano as _doccano
from . import evaluate as _evaluate
from . import extract as _extract
from . import review as _review
from . import select as _select
from . import train as _train

app = typer.Typer(
    name="ie",
    help="Extract linked, normalized quantities from budget-performance reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from ..api import package_version

        typer.echo(f"ie {package_version()}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version of ie and exit.")) -> None:
    """Extract linked, normalized quantities from budget-performance reports."""


@app.command("info")
def info_command(model: str = typer.Option(None, "--model", "-m", metavar="MODEL",
                                           help="A model folder, or 'rules' (default: the one ie extract uses).")
                 ) -> None:
    """Print the ie version and the model ie uses: name, version, path, training data hash, held-out figures."""
    from ..api import info
    from ..errors import IEError

    try:
        facts = info(model)
    except IEError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    for key in ("ie_version", "model_name", "model_version", "model_path", "segmenter", "data_hash",
                "trained_on", "tested_on", "fingerprint"):
        if facts.get(key) is not None:
            typer.echo(f"{key}: {facts[key]}")
    heldout = facts.get("heldout")
    if isinstance(heldout, dict):
        for name, value in heldout.items():
            if isinstance(value, (int, float)):
                typer.echo(f"heldout.{name}: {value:.4f}" if isinstance(value, float) else f"heldout.{name}: {value}")
            elif isinstance(value, dict):
                for label, scores in value.items():
                    if isinstance(scores, dict) and "f" in scores:
                        typer.echo(f"heldout.{name}.{label}: f {scores['f']:.4f}")


app.add_typer(_doccano.app, name="doccano")
app.add_typer(_corpus.app, name="annotations")
_extract.register(app)
_review.register(app)
_audit.register(app)
_evaluate.register(app)
_train.register(app)
_select.register(app)


def cli() -> "click.Command":
    """The ``ie`` command as click runs it, with plain help (``FILE``, ``INT`` instead of Python types)."""
    from .help import plain_help

    return plain_help(typer.main.get_command(app))


def main() -> None:
    """Console-script entry point."""
    cli()(prog_name="ie")
