"""Annotate in doccano: run a local server, push pre-annotations, pull corrections.

Modules: ``server`` (install, start, stop a local doccano 1.8.4), ``client``
(login and REST calls), ``push``, ``pull``, ``diff``, ``agreement``, and the
helpers they share: ``credentials``, ``offsets`` (code points vs. UTF-16)
and ``records`` (contract checks and record identity).
"""
from __future__ import annotations

from ..errors import IEError


class DoccanoError(IEError):
    """doccano cannot be reached, refuses a request, or is set up wrongly."""
