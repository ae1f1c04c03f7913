"""What annotators changed: spans and relations added, removed, relabeled, per label.

Two versions of the same texts are compared text by text (texts are matched
by :func:`~ie.doccano.records.record_key`). A span is identified by its
offsets: the same offsets with another label is a relabel. A relation is
identified by the offsets of its two ends: the same ends with another type
is a relabel (a retype).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .records import record_key

ADDED, REMOVED, RELABELED = "added", "removed", "relabeled"
ACTIONS = (ADDED, REMOVED, RELABELED)


@dataclass(frozen=True)
class Change:
    """One difference between the two versions of a text."""

    kind: str  # "span" or "relation"
    action: str  # added, removed, relabeled
    record_id: object
    old: str | None  # label or relation type before (None when added)
    new: str | None  # after (None when removed)
    where: str  # the span's text, or "from → to" for a relation


@dataclass
class Diff:
    """All changes from one version to another, with counts per label."""

    changes: list[Change] = field(default_factory=list)
    texts: int = 0  # texts compared
    unmatched: int = 0  # texts in the new version that the old one lacks (all their spans count as added)

    def counts(self, kind: str) -> dict[str, Counter]:
        """``{label: Counter(added=…, removed=…, relabeled_from=…, relabeled_to=…)}`` for a kind.

        A relabel counts under its old label as ``relabeled_from`` and under
        its new one as ``relabeled_to``.
        """
        table: dict[str, Counter] = defaultdict(Counter)
        for c in self.changes:
            if c.kind != kind:
                continue
            if c.action == RELABELED:
                table[c.old][f"{RELABELED}_from"] += 1  # type: ignore[index]
                table[c.new][f"{RELABELED}_to"] += 1  # type: ignore[index]
            else:
                table[c.new if c.action == ADDED else c.old][c.action] += 1  # type: ignore[index]
        return dict(sorted(table.items()))

    def total(self, kind: str, action: str) -> int:
        """Number of changes of one kind and action."""
        return sum(1 for c in self.changes if c.kind == kind and c.action == action)


def _spans(record: dict) -> dict[tuple[int, int], list[str]]:
    spans: dict[tuple[int, int], list[str]] = defaultdict(list)
    for e in record.get("entities", []):
        spans[(e["start_offset"], e["end_offset"])].append(e["label"])
    return spans


def _relations(record: dict) -> dict[tuple, list[str]]:
    ends = {e["id"]: (e["start_offset"], e["end_offset"]) for e in record.get("entities", [])}
    relations: dict[tuple, list[str]] = defaultdict(list)
    for r in record.get("relations", []):
        if r["from_id"] in ends and r["to_id"] in ends:
            relations[(ends[r["from_id"]], ends[r["to_id"]])].append(r["type"])
    return relations


def _span_name(text: str, ident: tuple[int, int]) -> str:
    return text[ident[0]:ident[1]]


def _relation_name(text: str, ident: tuple) -> str:
    (fs, fe), (ts, te) = ident
    return f"{text[fs:fe]} → {text[ts:te]}"


def _compare(kind: str, before: dict, after: dict, rid: object, name: Callable[[Any], str]) -> list[Change]:
    """Changes between two ``{identity: [labels]}`` maps."""
    changes = []
    for ident in sorted(set(before) | set(after)):
        old, new = Counter(before.get(ident, [])), Counter(after.get(ident, []))
        common = old & new
        gone, came = sorted((old - common).elements()), sorted((new - common).elements())
        # pair a vanished label with a new one at the same place: that is a relabel
        for o, n in zip(gone, came, strict=False):
            changes.append(Change(kind, RELABELED, rid, o, n, name(ident)))
        for o in gone[len(came):]:
            changes.append(Change(kind, REMOVED, rid, o, None, name(ident)))
        for n in came[len(gone):]:
            changes.append(Change(kind, ADDED, rid, None, n, name(ident)))
    return changes


def diff_records(before: list[dict], after: list[dict]) -> Diff:
    """Changes from ``before`` (e.g. what was pushed) to ``after`` (e.g. one annotator's pull)."""
    old_by_key = {record_key(r): r for r in before}
    diff = Diff()
    for rec in after:
        old = old_by_key.get(record_key(rec))
        if old is None:
            diff.unmatched += 1
            old = {"entities": [], "relations": []}
        diff.texts += 1
        text = rec["text"]
        diff.changes += _compare("span", _spans(old), _spans(rec), rec.get("id"),
                                 partial(_span_name, text))
        diff.changes += _compare("relation", _relations(old), _relations(rec), rec.get("id"),
                                 partial(_relation_name, text))
    return diff
