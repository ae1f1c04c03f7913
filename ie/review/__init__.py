"""Review pages: one self-contained HTML page per extracted report, and an index of them.

:func:`build_review` reads an extraction folder (predictions.jsonl, and
checks.jsonl when the audit ran) and writes ``review/`` inside it.
"""
from __future__ import annotations

from .build import ReviewResult, build_review

__all__ = ["ReviewResult", "build_review"]
