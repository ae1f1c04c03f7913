"""The indicator taxonomy: canonical keys, their classes, and how a mention's text maps to one.

The taxonomy is data (``taxonomy.json`` beside this module is the default),
saved with the pipeline by the ``ie_indicator_keys`` component; nothing here
reads a path at run time.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ModelError
from ..io.clean import fold_traditional

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy.json")

# traditional characters of indicator words, read as simplified (預算執行率 → 预算执行率)
# pinyin glosses a web page put after characters: 預(yù)算, 發(fā)放
_PINYIN = re.compile(r"[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[)）]")
# numbering and marks in front (1. （一） ★ 其中：), bracketed units or notes at the end (（万元） (%)）
_LEAD = re.compile(r"^(?:20\d\d年度?|[★☆●○◆◇■□▲△※*]+|其中\s*[:：]|[（(]?[一二三四五六七八九十\d]+[)）、.．]|\d+(?:\.\d+)+)\s*")
_TRAIL = re.compile(r"(?:[（(][^（()）]{0,12}[)）]|[:：。，,;；])$")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u201c": "", "\u201d": "", '"': "", "\u2018": "", "\u2019": "", "\u201a": "",
                         "\u201b": "", "‚": "", "‛": "", "《": "", "》": ""})


def normalize_mention(text: str) -> str:
    """The form of a mention that keys are matched on: simplified, no spaces, quotes, numbering or unit note."""
    out = _PINYIN.sub("", _SPACE.sub("", fold_traditional(text))).translate(_QUOTES)
    while True:
        stripped = _TRAIL.sub("", _LEAD.sub("", out))
        if stripped == out or not stripped:
            return out
        out = stripped


@dataclass(frozen=True)
class IndicatorKey:
    """One canonical key of the taxonomy."""

    key: str
    name: str
    level1: str | None
    level2: str | None
    applies_to: tuple[str, ...]          # span labels whose mentions can carry it: INDICATOR, TASK
    labels: tuple[str, ...] | None       # quantity labels it can measure; None: any
    definition: str = ""
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    def fits(self, span_label: str, quantity_label: str | None) -> bool:
        """Whether a mention labelled ``span_label`` that measures a ``quantity_label`` can carry this key."""
        if span_label not in self.applies_to:
            return False
        return quantity_label is None or self.labels is None or quantity_label in self.labels


@dataclass
class Taxonomy:
    """Canonical keys and the matcher over them (exact terms first, then patterns in file order)."""

    name: str
    version: int
    keys: list[IndicatorKey]
    about: str = ""
    unmapped: tuple[str, ...] = ()        # texts never keyed, though a pattern would match them
    _terms: dict[str, list[IndicatorKey]] = field(default_factory=dict, repr=False)
    _patterns: list[tuple[re.Pattern[str], IndicatorKey]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._unmapped = {normalize_mention(t) for t in self.unmapped}
        for entry in self.keys:
            for term in entry.terms:
                self._terms.setdefault(normalize_mention(term), []).append(entry)
            for pattern in entry.patterns:
                self._patterns.append((re.compile(pattern), entry))

    @classmethod
    def from_dict(cls, data: dict) -> Taxonomy:
        """A taxonomy from its JSON form; a malformed one raises E090 naming what is wrong."""
        try:
            keys = [IndicatorKey(k["key"], k["name"], k.get("level1"), k.get("level2"),
                                 tuple(k.get("applies_to") or ("INDICATOR",)),
                                 None if k.get("labels") is None else tuple(k["labels"]),
                                 k.get("definition", ""), tuple(k.get("terms", ())), tuple(k.get("patterns", ())))
                    for k in data["keys"]]
            for entry in keys:
                for pattern in entry.patterns:
                    re.compile(pattern)
        except (KeyError, TypeError, re.error) as e:
            raise ModelError("E500", reason=f"{type(e).__name__}: {e}") from None
        names = [k.key for k in keys]
        if len(set(names)) != len(names):
            raise ModelError("E500", reason="a key is listed twice")
        return cls(data.get("name", "taxonomy"), int(data.get("version", 1)), keys, data.get("about", ""),
                   tuple(data.get("unmapped", ())))

    @classmethod
    def default(cls) -> Taxonomy:
        """The taxonomy shipped with ie."""
        return cls.from_dict(json.loads(DEFAULT_TAXONOMY.read_text(encoding="utf-8")))

    def to_dict(self) -> dict:
        """The JSON form (what the pipeline saves)."""
        return {"name": self.name, "version": self.version, "about": self.about,
                "unmapped": list(self.unmapped), "keys": [
            {"key": k.key, "name": k.name, "level1": k.level1, "level2": k.level2,
             "applies_to": list(k.applies_to), "labels": None if k.labels is None else list(k.labels),
             "definition": k.definition, "terms": list(k.terms), "patterns": list(k.patterns)}
            for k in self.keys]}

    def get(self, key: str | None) -> IndicatorKey | None:
        """The entry of ``key`` (None for None or an unknown key)."""
        return next((k for k in self.keys if k.key == key), None) if key else None

    def match(self, text: str, span_label: str = "INDICATOR", quantity_label: str | None = None) -> IndicatorKey | None:
        """The key of a mention, or None when no key fits (the text is kept, unmapped)."""
        norm = normalize_mention(text)
        if not norm or norm in self._unmapped or "、" in norm:
            return None  # a list (提案办复率、委员满意率) names several measures, not one
        for entry in self._terms.get(norm, ()):
            if entry.fits(span_label, quantity_label):
                return entry
        for pattern, entry in self._patterns:
            if entry.fits(span_label, quantity_label) and pattern.fullmatch(norm):
                return entry
        return None
