"""Inter-annotator agreement and an adjudication file that merges the annotators' versions.

Agreement is strict and symmetric, pair by pair, on the texts both
annotators have: a span counts as shared when both marked the same offsets
with the same label; a relation when both linked the same two spans (by
offsets) with the same type. F1 = 2·shared / (a's + b's), which equals the
F1 of either annotator scored against the other. Kept deliberately small
and separate from ``ie.evaluation``.

The adjudication file is contract JSONL: each text carries what all its
annotators agree on as ``entities``/``relations`` and, in
``meta.adjudication.conflicts``, every span or relation they disagree on
with each annotator's choice, for an adjudicator to settle.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from ..contract import LABELS
from . import DoccanoError
from .records import META_ADJUDICATION, record_key, source_meta


@dataclass(frozen=True)
class Score:
    """Counts of items both annotators have, only the first has, only the second has."""

    both: int = 0
    only_a: int = 0
    only_b: int = 0

    @property
    def f1(self) -> float | None:
        """2·both / (a + b); None when neither annotator has any item."""
        total = 2 * self.both + self.only_a + self.only_b
        return 2 * self.both / total if total else None

    @classmethod
    def of(cls, a: set, b: set) -> Score:
        return cls(len(a & b), len(a - b), len(b - a))


@dataclass
class PairAgreement:
    """Agreement between two annotators on the texts they share."""

    a: str
    b: str
    texts: int
    labels: dict[str, Score]  # per span label, contract order
    spans: Score  # all labels together
    relations: Score


@dataclass
class AgreementResult:
    """Pairwise agreement, and the merged versions for adjudication."""

    annotators: list[str]
    pairs: list[PairAgreement]
    adjudication: list[dict] = field(default_factory=list)

    @property
    def conflicts(self) -> int:
        """Number of conflicts listed in the adjudication file."""
        return sum(len(r["meta"][META_ADJUDICATION]["conflicts"]) for r in self.adjudication)


def _spans(record: dict) -> set[tuple[int, int, str]]:
    return {(e["start_offset"], e["end_offset"], e["label"]) for e in record.get("entities", [])}


def _relations(record: dict) -> set[tuple[tuple[int, int], tuple[int, int], str]]:
    ends = {e["id"]: (e["start_offset"], e["end_offset"]) for e in record.get("entities", [])}
    return {(ends[r["from_id"]], ends[r["to_id"]], r["type"]) for r in record.get("relations", [])
            if r["from_id"] in ends and r["to_id"] in ends}


def pair_agreement(a: str, a_records: list[dict], b: str, b_records: list[dict]) -> PairAgreement:
    """Strict span (per label) and relation agreement of two versions, on their common texts."""
    a_by, b_by = {record_key(r): r for r in a_records}, {record_key(r): r for r in b_records}
    common = [k for k in a_by if k in b_by]
    spans_a, spans_b, rels_a, rels_b = set(), set(), set(), set()
    for k in common:
        spans_a |= {(k, *s) for s in _spans(a_by[k])}
        spans_b |= {(k, *s) for s in _spans(b_by[k])}
        rels_a |= {(k, *r) for r in _relations(a_by[k])}
        rels_b |= {(k, *r) for r in _relations(b_by[k])}
    labels = {label: Score.of({s for s in spans_a if s[3] == label}, {s for s in spans_b if s[3] == label})
              for label in LABELS}
    return PairAgreement(a, b, len(common), labels, Score.of(spans_a, spans_b), Score.of(rels_a, rels_b))


def _merge(versions: dict[str, dict]) -> dict:
    """One text's adjudication record from its annotators' versions (``{annotator: record}``)."""
    names = sorted(versions)
    first = versions[names[0]]
    text = first["text"]
    by_offsets: dict[tuple[int, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name in names:
        for start, end, label in _spans(versions[name]):
            by_offsets[(start, end)][name].append(label)
    entities, conflicts = [], []
    for (start, end), chosen in sorted(by_offsets.items()):
        labels = {n: "|".join(sorted(chosen[n])) or None for n in names}
        if len(set(labels.values())) == 1 and None not in labels.values():
            for label in sorted(chosen[names[0]]):
                entities.append({"id": len(entities) + 1, "label": label,
                                 "start_offset": start, "end_offset": end})
        else:
            conflicts.append({"kind": "span", "start_offset": start, "end_offset": end,
                              "text": text[start:end], "labels": labels})
    agreed = {(e["start_offset"], e["end_offset"]): e["id"] for e in entities}
    by_ends: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name in names:
        for src, dst, rtype in _relations(versions[name]):
            by_ends[(src, dst)][name].append(rtype)
    relations = []
    for (src, dst), chosen in sorted(by_ends.items()):
        types = {n: "|".join(sorted(chosen[n])) or None for n in names}
        same = len(set(types.values())) == 1 and None not in types.values()
        if same and src in agreed and dst in agreed:
            for rtype in sorted(chosen[names[0]]):
                relations.append({"id": len(relations) + 1, "from_id": agreed[src],
                                  "to_id": agreed[dst], "type": rtype})
        else:
            conflict = {"kind": "relation", "from": list(src), "to": list(dst),
                        "text": f"{text[src[0]:src[1]]} → {text[dst[0]:dst[1]]}", "types": types}
            if same:
                conflict["note"] = "all agree on the relation, but not on a span at one of its ends"
            conflicts.append(conflict)
    meta = {**source_meta(first), META_ADJUDICATION: {"annotators": names, "conflicts": conflicts}}
    return {"id": first["id"], "text": text, "meta": meta, "entities": entities, "relations": relations}


def adjudicate(versions: dict[str, list[dict]]) -> list[dict]:
    """Merge annotators' versions text by text (in the order they first appear)."""
    texts: dict[tuple[str, str], dict[str, dict]] = {}
    for name in sorted(versions):
        for record in versions[name]:
            texts.setdefault(record_key(record), {})[name] = record
    return [_merge(by_annotator) for by_annotator in texts.values()]


def agreement(versions: dict[str, list[dict]], *, project: str = "") -> AgreementResult:
    """Pairwise agreement between all annotators in ``versions``, and their adjudication."""
    names = sorted(versions)
    if len(names) < 2:
        raise DoccanoError("E116", project=project, found=", ".join(names) or "none")
    pairs = [pair_agreement(a, versions[a], b, versions[b]) for a, b in combinations(names, 2)]
    return AgreementResult(names, pairs, adjudicate(versions))
