"""Gold for indicator keys: the mentions to key, the keys a person gave them, and the mapper measured on them.

An *item* is one distinct (span label, normalised text, quantity label) of
the INDICATOR and TASK spans that gold quantities link to; a person gives
each item a key of the taxonomy or ``none``. The mapper is measured per
mention (every gold link counts once) and per item.
"""
from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..contract import RELATION_TARGET
from .taxonomy import Taxonomy, normalize_mention

ITEM_COLUMNS = ("item", "span_label", "text", "quantity_label", "mentions", "context1", "context2")
NONE = "none"


@dataclass(frozen=True)
class Item:
    span_label: str
    text: str             # normalised mention text
    quantity_label: str


def _context(text: str, start: int, end: int, q: tuple[int, int], width: int = 30) -> str:
    lo, hi = max(0, min(start, q[0]) - width), min(len(text), max(end, q[1]) + width)
    marks = sorted([(start, "【"), (end, "】"), (q[0], "〔"), (q[1], "〕")], key=lambda m: (m[0], m[1] not in "】〕"))  # close before open
    out, pos = [], lo
    for at, mark in marks:
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:hi])
    return " ".join("".join(out).split())


def gold_mentions(records: Iterable[dict]) -> list[tuple[Item, str]]:
    """Every (item, context) of the INDICATOR/TASK spans gold quantities link to, one per relation."""
    out = []
    for record in records:
        text = record["text"]
        ents = {e["id"]: e for e in record.get("entities", [])}
        for rel in record.get("relations", []):
            source, target = ents.get(rel["from_id"]), ents.get(rel["to_id"])
            if source is None or target is None or target["label"] != RELATION_TARGET.get(rel["type"]):
                continue
            mention = text[target["start_offset"]:target["end_offset"]]
            item = Item(target["label"], normalize_mention(mention), source["label"])
            out.append((item, _context(text, target["start_offset"], target["end_offset"],
                                       (source["start_offset"], source["end_offset"]))))
    return out


def write_items(path: Path, mentions: list[tuple[Item, str]]) -> int:
    """Write the distinct items (most frequent first) with two contexts each; returns how many."""
    counts = Counter(item for item, _ in mentions)
    contexts: dict[Item, list[str]] = {}
    for item, context in mentions:
        seen = contexts.setdefault(item, [])
        if len(seen) < 2 and context not in seen:
            seen.append(context)
    rows = sorted(counts, key=lambda i: (-counts[i], i.span_label, i.text, i.quantity_label))
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(ITEM_COLUMNS)
        for n, item in enumerate(rows, 1):
            ctx = contexts[item] + [""] * (2 - len(contexts[item]))
            writer.writerow([n, item.span_label, item.text, item.quantity_label, counts[item], *ctx])
    return len(rows)


def read_items(path: Path) -> dict[int, tuple[Item, int]]:
    """Item number -> (item, mentions) of an items file."""
    with open(path, encoding="utf-8", newline="") as f:
        return {int(r["item"]): (Item(r["span_label"], r["text"], r["quantity_label"]), int(r["mentions"]))
                for r in csv.DictReader(f, delimiter="\t")}


def read_keys(path: Path) -> dict[int, str]:
    """Item number -> key (``none`` for no key) of an annotation pass (columns item, key[, note])."""
    with open(path, encoding="utf-8", newline="") as f:
        return {int(r["item"]): (r["key"].strip() or NONE) for r in csv.DictReader(f, delimiter="\t")}


@dataclass
class KeyScores:
    """How the mapper does against the gold keys (mention-weighted, and per distinct item)."""

    mentions: int = 0
    gold_mapped: int = 0          # mentions whose gold key is not none
    predicted_mapped: int = 0     # mentions the mapper gives a key
    correct: int = 0              # predicted key == gold key (not none)
    items: int = 0
    items_predicted: int = 0
    items_correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted_mapped if self.predicted_mapped else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold_mapped if self.gold_mapped else 0.0

    @property
    def share_mapped(self) -> float:
        return self.predicted_mapped / self.mentions if self.mentions else 0.0

    @property
    def gold_share(self) -> float:
        return self.gold_mapped / self.mentions if self.mentions else 0.0

    @property
    def item_precision(self) -> float:
        return self.items_correct / self.items_predicted if self.items_predicted else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"mentions": self.mentions, "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "share_mapped": round(self.share_mapped, 3), "gold_share_mapped": round(self.gold_share, 3),
                "items": self.items, "item_precision": round(self.item_precision, 3)}


def score_keys(taxonomy: Taxonomy, items: dict[int, tuple[Item, int]], gold: dict[int, str],
               ) -> tuple[KeyScores, list[tuple[Item, int, str, str]]]:
    """Score the taxonomy's matcher on keyed items; also return every disagreement (item, mentions, gold, predicted)."""
    scores, wrong = KeyScores(), []
    for number, (item, mentions) in items.items():
        if number not in gold:
            continue
        entry = taxonomy.match(item.text, item.span_label, item.quantity_label)
        predicted, truth = (entry.key if entry else NONE), gold[number]
        scores.mentions += mentions
        scores.items += 1
        scores.gold_mapped += mentions if truth != NONE else 0
        if predicted != NONE:
            scores.predicted_mapped += mentions
            scores.items_predicted += 1
            if predicted == truth:
                scores.correct += mentions
                scores.items_correct += 1
        if predicted != truth:
            wrong.append((item, mentions, truth, predicted))
    return scores, wrong


def agreement(a: dict[int, str], b: dict[int, str]) -> dict[str, float | int]:
    """Raw agreement and Cohen's kappa of two passes over the same items."""
    both = sorted(set(a) & set(b))
    if not both:
        return {"items": 0, "agreement": 0.0, "kappa": 0.0}
    same = sum(a[i] == b[i] for i in both) / len(both)
    ca, cb = Counter(a[i] for i in both), Counter(b[i] for i in both)
    chance = sum(ca[k] * cb[k] for k in ca) / len(both) ** 2
    kappa = (same - chance) / (1 - chance) if chance < 1 else 1.0
    return {"items": len(both), "agreement": round(same, 3), "kappa": round(kappa, 3)}
