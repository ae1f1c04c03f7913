"""The form vocabulary (``forms.json``): compiled once per table reader, saved with the pipeline."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# what is dropped from a cell before it is matched: white space, stars, formula letters in brackets
_NOISE = re.compile(r"^[…．.·]+|[\s\u3000★☆*]+|[（(](?:[A-Z]|[A-Z]/[A-Z]|[A-Z]\s*[/÷]\s*[A-Z](?:\s*[×*]\s*100%)?|%|万元|元|人|盖章)[)）]")


def default_vocabulary() -> dict[str, Any]:
    """The shipped vocabulary (a copy, so a caller may change it)."""
    return json.loads(resources.files("ie.tables").joinpath("forms.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=8192)  # a report asks for the same cells many times (a header per row tried)
def key(text: str) -> str:
    """A cell's text as the vocabulary sees it: 全年预算数（A） -> 全年预算数, 分　值 -> 分值."""
    return _NOISE.sub("", text).strip("：:")


@dataclass
class Vocabulary:
    """Compiled patterns of :func:`default_vocabulary` (or of one saved with a pipeline)."""

    data: dict[str, Any]

    def __post_init__(self) -> None:
        d = self.data
        self._seen: dict[str, dict[str, str | None]] = {}
        self.funding_columns = [(kind, re.compile(p)) for kind, p in d["funding_columns"]]
        self.indicator_columns = [(kind, re.compile(p)) for kind, p in d["indicator_columns"]]
        self.funding_rows = re.compile(d["funding_rows"])
        self.header_fields = [(kind, re.compile(p)) for kind, p in d["header_fields"]]
        self.level1 = re.compile(d["categories"]["level1"])
        self.level2 = re.compile(d["categories"]["level2"])
        self.totals = re.compile(d["totals"])
        self.form_titles = re.compile(d["form_titles"])
        anchors = sorted(d["anchors"], key=len, reverse=True)
        # an anchor with its formula letters ((A), (B/A)) and a colon after it
        self.anchor = re.compile(
            "(?:" + "|".join(anchors) + r")(?:\s*[（(](?:[A-Z]|[A-Z]/[A-Z]|万元)[)）])?[:：]?")

    def _first(self, table: str, patterns: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
        """The kind of the first pattern matching the cell's key, remembered per cell text."""
        cache = self._seen.setdefault(table, {})
        if text not in cache:
            if len(cache) > 50_000:  # a long batch meets many cells: keep memory flat
                cache.clear()
            k = key(text)
            cache[text] = next((kind for kind, rx in patterns if rx.match(k)), None)
        return cache[text]

    def funding_column(self, text: str) -> str | None:
        return self._first("funding", self.funding_columns, text)

    def indicator_column(self, text: str) -> str | None:
        return self._first("indicator", self.indicator_columns, text)

    def header_field(self, text: str) -> str | None:
        return self._first("header", self.header_fields, text)

    def category(self, text: str) -> str | None:
        k = key(text)
        if self.level1.match(k):
            return "level1"
        if self.level2.match(k):
            return "level2"
        return None

    def is_funding_row(self, text: str) -> bool:
        return bool(self.funding_rows.match(key(text)))

    def is_total(self, text: str) -> bool:
        return bool(self.totals.match(key(text)))

    def is_vocabulary(self, text: str) -> bool:
        """A header, field label, category or total: never a value or an indicator name."""
        return bool(self.funding_column(text) or self.indicator_column(text) or self.header_field(text)
                    or self.category(text) or self.is_total(text))
