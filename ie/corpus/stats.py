"""Count what an annotation file holds: units, characters, labels, relations.

Counting does not validate: malformed fields are counted as far as they can
be (run :mod:`ie.corpus.validate` first for a clean bill).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..contract import LABELS, RELATION_TYPES

NO_SOURCE = "(no source)"


@dataclass
class SourceStats:
    """Counts for the units of one report (or one synthetic source)."""

    units: int = 0
    characters: int = 0
    entities: int = 0
    relations: int = 0
    annotated_units: int = 0  # units with at least one entity
    synthetic: bool = False


@dataclass
class Stats:
    """Counts over a set of contract records.

    ``labels`` and ``relation_types`` list every contract label / type (zero
    when absent) in contract order, followed by any unknown ones found.
    """

    units: int = 0
    characters: int = 0
    entities: int = 0
    relations: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    relation_types: Counter[str] = field(default_factory=Counter)
    sources: dict[str, SourceStats] = field(default_factory=dict)


def _list(rec: dict, key: str) -> list:
    value = rec.get(key)
    return value if isinstance(value, list) else []


def annotation_stats(records: Iterable[dict]) -> Stats:
    """Return counts per label, per relation type and per source of ``records``."""
    stats = Stats()
    stats.labels.update({label: 0 for label in LABELS})
    stats.relation_types.update({rtype: 0 for rtype in RELATION_TYPES})
    for rec in records:
        if not isinstance(rec, dict):
            continue
        meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
        source = meta.get("source") if isinstance(meta.get("source"), str) else NO_SOURCE
        text = rec.get("text") if isinstance(rec.get("text"), str) else ""
        entities = [e for e in _list(rec, "entities") if isinstance(e, dict)]
        relations = [r for r in _list(rec, "relations") if isinstance(r, dict)]
        per = stats.sources.setdefault(source, SourceStats())
        per.synthetic = per.synthetic or meta.get("synthetic") is True
        for target in (stats, per):
            target.units += 1
            target.characters += len(text)
            target.entities += len(entities)
            target.relations += len(relations)
        per.annotated_units += bool(entities)
        stats.labels.update(str(e.get("label")) for e in entities)
        stats.relation_types.update(str(r.get("type")) for r in relations)
    stats.sources = dict(sorted(stats.sources.items()))
    return stats
