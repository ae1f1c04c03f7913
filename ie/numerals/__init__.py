"""Numerals and quantity values: one core the rules, the table reader and ``ie_values`` share."""
from __future__ import annotations

from .normalize import Normalized, apply_unit, approx_after, approx_before, normalize
from .read import Reading, read_numeral, tidy

__all__ = ["Normalized", "Reading", "apply_unit", "approx_after", "approx_before", "normalize",
           "read_numeral", "tidy"]
