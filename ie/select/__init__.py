"""Active learning: which annotation units annotators should correct first (see :mod:`.rank`)."""
from __future__ import annotations

from .rank import STRATEGIES, Selection, select

__all__ = ["STRATEGIES", "Selection", "select"]
