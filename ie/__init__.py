"""ie: structured, checked data from Chinese government budget-performance reports."""
from __future__ import annotations

from .api import ExtractionResult, Quantity, extract, load, package_version

__version__ = package_version()

__all__ = ["ExtractionResult", "Quantity", "extract", "load", "__version__"]
