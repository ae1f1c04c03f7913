"""``ie train`` (owned by the training feature)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the training commands to the main app."""
