"""ie: structured, checked data from Chinese government budget-performance reports."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import ExtractionResult, Quantity, extract, load  # noqa: E402

__all__ = ["ExtractionResult", "Quantity", "extract", "load", "__version__"]
