"""Document views of contract records and character alignment between texts.

Gold comes cut into units (several records per report, each with
``meta.doc_start``); predictions may come as units or as one record per
report, and their text may be a normalized version of the gold text. This
module

* assembles records into :class:`Document` objects (one per ``meta.source``,
  spans in document coordinates, whitespace trimmed off span ends), and
* aligns a prediction document's text to the gold document's text
  (:func:`align_texts`) and projects the predicted spans onto gold
  coordinates (:func:`project_document`).

The alignment compares canonical forms of both texts: NFKC (full-width →
half-width), case-folded, with all white space dropped. Identical canonical
texts align exactly; otherwise unique 8-character anchors (kept in order by a
longest increasing subsequence, as in patience diff) cut the texts into small
gaps, each aligned with :class:`difflib.SequenceMatcher`. Mismatching texts
never raise: the share of aligned characters is reported instead.
"""
from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import AnnotationError

EntityKey = tuple[int, object]
"""An entity's identity across a document: (record index, entity id)."""

NO_SOURCE = ""
"""Document key for records whose ``meta`` names no source."""

_ANCHOR = 8
_EXACT_GAP = 5000  # gaps longer than this are aligned with difflib's autojunk heuristic

VALUE_FIELDS: tuple[str, ...] = ("value", "unit", "approx", "role")


@dataclass(frozen=True)
class Entity:
    """A labelled span in document coordinates (end exclusive)."""

    key: EntityKey
    label: str
    start: int
    end: int
    fields: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Relation:
    """A typed link between two entities of the same document."""

    type: str
    from_key: EntityKey
    to_key: EntityKey


@dataclass
class Document:
    """One report: its text, the unit ranges it was built from, its annotations."""

    source: str
    text: str
    units: list[tuple[int, int]]
    entities: dict[EntityKey, Entity]
    relations: list[Relation]

    def unit_of(self, position: int) -> int:
        """Index of the unit holding ``position`` (the closest one before it if in a gap)."""
        starts = [s for s, _ in self.units]
        return max(bisect.bisect_right(starts, position) - 1, 0)

    def in_units(self, start: int, end: int) -> bool:
        """Whether the span ``[start, end)`` overlaps one of the document's units."""
        return any(s < end and start < e for s, e in self.units)


def assemble_documents(records: Sequence[dict], *, what: str = "gold") -> tuple[dict[str, Document], list[str]]:
    """Group contract records by ``meta.source`` into :class:`Document` objects.

    Each record's text is placed at ``meta.doc_start`` (records without it
    follow the previous one of their source); gaps between units are filled
    with spaces. Entity spans are shifted to document coordinates and stripped
    of white space at both ends; spans that fall outside their record's text
    or are empty are skipped with a warning, as are relations whose ends are
    unknown. Returns the documents by source and the warnings.
    """
    warnings: list[str] = []
    by_source: dict[str, list[tuple[int, int, dict]]] = {}
    ends: dict[str, int] = {}
    for index, rec in enumerate(records):
        text = rec.get("text")
        if not isinstance(text, str):
            raise AnnotationError("E204", what=what, index=index, id=rec.get("id"))
        meta = rec.get("meta") or {}
        source = meta.get("source")
        source = NO_SOURCE if source is None else str(source)
        start = meta.get("doc_start")
        if not isinstance(start, int) or isinstance(start, bool) or start < 0:
            start = ends.get(source, 0)
        ends[source] = max(ends.get(source, 0), start + len(text))
        by_source.setdefault(source, []).append((start, index, rec))

    docs: dict[str, Document] = {}
    for source, parts in by_source.items():
        parts.sort(key=lambda p: (p[0], p[1]))
        chars = [" "] * ends[source]
        units: list[tuple[int, int]] = []
        for start, index, rec in parts:
            text = rec["text"]
            if any(c != " " and c != t for c, t in zip(chars[start:start + len(text)], text)):
                warnings.append(f"{what} {source!r}: record {index} overlaps another unit with different text")
            chars[start:start + len(text)] = list(text)
            if text:
                units.append((start, start + len(text)))
        doc_text = "".join(chars)
        entities: dict[EntityKey, Entity] = {}
        relations: list[Relation] = []
        for start, index, rec in parts:
            _add_annotations(rec, index, start, doc_text, entities, relations, warnings, what)
        docs[source] = Document(source, doc_text, _merge_ranges(units), entities, relations)
    return docs, warnings


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _add_annotations(rec: dict, index: int, offset: int, doc_text: str,
                     entities: dict[EntityKey, Entity], relations: list[Relation],
                     warnings: list[str], what: str) -> None:
    """Add one record's entities and relations, shifted by ``offset``."""
    length = len(rec["text"])
    for n, ent in enumerate(rec.get("entities") or []):
        eid = ent.get("id", f"#{n}")
        s, e = ent.get("start_offset"), ent.get("end_offset")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= length):
            warnings.append(f"{what} record {index}: entity {eid} has bad offsets ({s}, {e}); skipped")
            continue
        s, e = trim_span(doc_text, s + offset, e + offset)
        if s >= e:
            warnings.append(f"{what} record {index}: entity {eid} covers only white space; skipped")
            continue
        fields = {k: ent[k] for k in VALUE_FIELDS if k in ent}
        entities[(index, eid)] = Entity((index, eid), str(ent.get("label")), s, e, fields)
    for rel in rec.get("relations") or []:
        src, dst = (index, rel.get("from_id")), (index, rel.get("to_id"))
        if src not in entities or dst not in entities:
            warnings.append(f"{what} record {index}: relation {rel.get('id')} links unknown entities; skipped")
            continue
        relations.append(Relation(str(rel.get("type")), src, dst))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def canonical(text: str) -> tuple[str, list[int]]:
    """Return the canonical form of ``text`` and, per canonical char, its index in ``text``.

    Canonical: NFKC-normalized (full-width digits and punctuation become
    half-width), case-folded, white space removed.
    """
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        if c.isspace():
            continue
        for ch in unicodedata.normalize("NFKC", c).casefold():
            if not ch.isspace():
                out.append(ch)
                index.append(i)
    return "".join(out), index


@dataclass
class CharAlignment:
    """A monotonic map from prediction-text positions to gold-text positions."""

    pred_to_gold: list[int]
    """For each char of the prediction text, its gold position, or -1 if unaligned."""
    aligned: int
    """Canonical characters aligned."""
    pred_chars: int
    """Canonical (non-white-space) characters in the prediction text."""
    gold_chars: int
    """Canonical (non-white-space) characters in the gold text."""
    _positions: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._positions = [p for p, g in enumerate(self.pred_to_gold) if g >= 0]

    @property
    def gold_share(self) -> float:
        """Share of the gold text's characters that the prediction text aligns to."""
        return self.aligned / self.gold_chars if self.gold_chars else 1.0

    @property
    def pred_share(self) -> float:
        """Share of the prediction text's characters aligned to the gold text."""
        return self.aligned / self.pred_chars if self.pred_chars else 1.0

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a prediction span to gold coordinates, or ``None`` if no char of it aligns.

        Ends that fall on unaligned characters (white space, text the gold
        lacks) snap inwards to the nearest aligned character of the span.
        """
        first = bisect.bisect_left(self._positions, start)
        if first >= len(self._positions) or self._positions[first] >= end:
            return None
        last = bisect.bisect_left(self._positions, end) - 1
        return self.pred_to_gold[self._positions[first]], self.pred_to_gold[self._positions[last]] + 1


def align_texts(pred_text: str, gold_text: str) -> CharAlignment:
    """Align ``pred_text`` to ``gold_text`` character by character."""
    a, a_index = canonical(pred_text)
    b, b_index = canonical(gold_text)
    blocks = [(0, 0, len(a))] if a == b else matching_blocks(a, b)
    pred_to_gold = [-1] * len(pred_text)
    aligned = 0
    for i, j, size in blocks:
        aligned += size
        for t in range(size):
            p = a_index[i + t]
            if pred_to_gold[p] < 0:
                pred_to_gold[p] = b_index[j + t]
    return CharAlignment(pred_to_gold, aligned, len(a), len(b))


def matching_blocks(a: str, b: str, k: int = _ANCHOR) -> list[tuple[int, int, int]]:
    """Return increasing ``(i, j, size)`` blocks with ``a[i:i+size] == b[j:j+size]``.

    Substrings of length ``k`` that occur exactly once in each string serve
    as anchors; the longest chain of anchors in the same order in both is
    extended forward, and the gaps between are aligned with difflib.
    """
    blocks: list[tuple[int, int, int]] = []
    pa = pb = 0
    for i, j in _anchor_chain(a, b, k):
        if i < pa or j < pb:
            continue
        blocks.extend(_gap_blocks(a, b, pa, i, pb, j))
        n = 0
        while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
            n += 1
        blocks.append((i, j, n))
        pa, pb = i + n, j + n
    blocks.extend(_gap_blocks(a, b, pa, len(a), pb, len(b)))
    return blocks


def _unique_grams(s: str, k: int) -> dict[str, int]:
    counts = Counter(s[i:i + k] for i in range(len(s) - k + 1))
    return {s[i:i + k]: i for i in range(len(s) - k + 1) if counts[s[i:i + k]] == 1}


def _anchor_chain(a: str, b: str, k: int) -> list[tuple[int, int]]:
    """Longest chain of unique shared k-grams increasing in both strings."""
    in_b = _unique_grams(b, k)
    pairs = sorted((i, in_b[g]) for g, i in _unique_grams(a, k).items() if g in in_b)
    tails: list[int] = []  # j of the smallest tail of an increasing chain of each length
    tail_at: list[int] = []  # index into pairs of that tail
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[pos] = j
            tail_at[pos] = n
        back.append(tail_at[pos - 1] if pos else -1)
    chain: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _gap_blocks(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> Iterable[tuple[int, int, int]]:
    if a1 <= a0 or b1 <= b0:
        return []
    exact = max(a1 - a0, b1 - b0) <= _EXACT_GAP
    matcher = difflib.SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=not exact)
    return [(a0 + i, b0 + j, n) for i, j, n in matcher.get_matching_blocks() if n]


@dataclass
class Projection:
    """A prediction document in gold coordinates, and what could not be projected."""

    document: Document
    alignment: CharAlignment
    unaligned: int = 0
    """Predicted entities none of whose characters align to gold text (dropped): text the
    gold lacks, such as report parts outside every gold unit (not annotated)."""
    outside: int = 0
    """Predicted entities that align but fall outside every gold unit (dropped)."""


def project_document(pred: Document, gold: Document) -> Projection:
    """Map ``pred``'s entities onto ``gold``'s text; keep those inside gold's units.

    Relations whose source or target entity was dropped are dropped too.
    """
    alignment = align_texts(pred.text, gold.text)
    entities: dict[EntityKey, Entity] = {}
    unaligned = outside = 0
    for key, ent in pred.entities.items():
        span = alignment.map_span(ent.start, ent.end)
        if span is None:
            unaligned += 1
            continue
        start, end = trim_span(gold.text, *span)
        if start >= end or not gold.in_units(start, end):
            outside += 1
            continue
        entities[key] = Entity(key, ent.label, start, end, ent.fields)
    relations = [r for r in pred.relations if r.from_key in entities and r.to_key in entities]
    doc = Document(gold.source, gold.text, gold.units, entities, relations)
    return Projection(doc, alignment, unaligned, outside)
