"""The HTML, CSS and JavaScript of the pages, kept as package data in ie/review/assets/ and inlined."""
from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

_SLOT = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# in a <script> element only "</script" and "<!--" can end it early; JSON escapes keep them out
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                "\u2028": "\\u2028", "\u2029": "\\u2029"})


@cache
def asset(name: str) -> str:
    """The text of one file of ie/review/assets/."""
    return files("ie.review").joinpath("assets", name).read_text(encoding="utf-8")


def fill(template: str, **slots: str) -> str:
    """Put already escaped HTML into the ``{{ name }}`` slots of a template; a slot left empty is a bug."""
    missing = set(_SLOT.findall(template)) - set(slots)
    if missing:
        raise KeyError(f"template slots without a value: {sorted(missing)}")
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def script_json(data: object) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


def page(body: str, *, kind: str, title: str, script: str, **slots: str) -> str:
    """A whole self-contained page: the shared layout and style sheet around the ``body`` template.

    ``kind`` is the body's class (``review-page``, ``index-page``), ``script`` the
    JavaScript asset to inline, ``title`` escaped text.
    """
    return fill(asset("layout.html"), title=title, style=asset("review.css"), kind=kind,
                body=fill(asset(body), **slots), script=asset(script))
