"""Inter-annotator agreement between two annotations of the same units.

Two lists of contract records (doccano JSONL, see annotations/CONTRACT.md) are
compared unit by unit. Records are matched by their ``id``; only ids present
in both lists are compared, and a matched pair must carry the same ``text``.

Conventions:

* Annotation A is taken as the reference and B as the "prediction":
  precision = matches / B's items, recall = matches / A's items. F1 is
  symmetric, so swapping A and B swaps P and R and keeps F1.
* When neither side has an item of a kind, P, R and F1 are ``None``
  (undefined); when only one side has items, the other side's rate is 0.
* Strict span match: same label and exactly the same offsets. Reported per
  label and micro-averaged over all labels.
* Lenient span match: same label and overlapping offsets, one-to-one (exact
  pairs first, then the larger overlap, then the earlier position).
* Relation match: same type, and the from-span and the to-span of A's
  relation have exactly the offsets of B's. Relations are compared as
  multisets of ``(type, from offsets, to offsets)``; labels of the two ends
  are not compared (span labels are scored separately).
* Disagreements list every item that is not a strict match, classified as

  - ``label``: same offsets, different label;
  - ``boundary``: overlapping offsets, same label;
  - ``boundary+label``: overlapping offsets, different label;
  - ``a_only`` / ``b_only``: a span on one side that overlaps nothing left
    on the other side;
  - ``relation_target``: same type and from-span, different to-span;
  - ``relation_a_only`` / ``relation_b_only``: any other unmatched relation.

  For span kinds, ``a_label``/``b_label`` are span labels; for relation
  kinds they are relation types, ``a_span``/``b_span`` describe the
  from-span and ``a_target``/``b_target`` the to-span.
- ``value_differs`` / ``unit_differs`` / ``approx_differs``: a quantity both
  tagged with the same offsets and label, whose normalized field differs
  (``a_value``/``b_value``); values compare as decimals (``100`` = ``100.0``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from ..contract import LABELS, QUANTITY_LABELS, RELATION_TYPES
from ..errors import AnnotationError

MICRO = "micro"
"""Key of the micro-averaged score in per-label or per-type tables."""

SPAN_KINDS: tuple[str, ...] = ("label", "boundary", "boundary+label", "a_only", "b_only")
RELATION_KINDS: tuple[str, ...] = ("relation_target", "relation_a_only", "relation_b_only")
VALUE_FIELDS: tuple[str, ...] = ("value", "unit", "approx")
VALUE_KINDS: tuple[str, ...] = tuple(f"{f}_differs" for f in VALUE_FIELDS)


@dataclass(frozen=True)
class Span:
    """A labelled span of one unit (offsets in code points, end exclusive)."""

    start: int
    end: int
    label: str
    text: str = field(default="", compare=False)

    def to_dict(self) -> dict:
        """Return a JSON-serializable dict."""
        return asdict(self)


@dataclass
class PRF:
    """Counts and precision / recall / F1 of B against A."""

    matched: int
    n_a: int
    n_b: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def from_counts(cls, matched: int, n_a: int, n_b: int) -> PRF:
        """Build the scores from counts (``None`` where both sides are empty)."""
        if n_a == 0 and n_b == 0:
            return cls(matched, n_a, n_b, None, None, None)
        precision = matched / n_b if n_b else 0.0
        recall = matched / n_a if n_a else 0.0
        f1 = 2 * matched / (n_a + n_b)
        return cls(matched, n_a, n_b, precision, recall, f1)

    def to_dict(self) -> dict:
        """Return a JSON-serializable dict."""
        return asdict(self)


@dataclass
class Disagreement:
    """One item on which A and B differ (see the module docstring for kinds)."""

    unit_id: object
    kind: str
    a_span: Span | None
    a_label: str | None
    b_span: Span | None
    b_label: str | None
    a_target: Span | None = None
    b_target: Span | None = None
    a_value: object = None      # for the value kinds: each side's value, unit or approx
    b_value: object = None

    def to_dict(self) -> dict:
        """Return a JSON-serializable dict (spans as dicts or ``None``)."""
        def span(s: Span | None) -> dict | None:
            return s.to_dict() if s is not None else None

        return {
            "unit_id": self.unit_id,
            "kind": self.kind,
            "a_span": span(self.a_span),
            "a_label": self.a_label,
            "b_span": span(self.b_span),
            "b_label": self.b_label,
            "a_target": span(self.a_target),
            "b_target": span(self.b_target),
            **({"a_value": self.a_value, "b_value": self.b_value} if self.kind in VALUE_KINDS else {}),
        }


@dataclass
class Agreement:
    """Agreement of two annotations over the units they share."""

    unit_ids: list
    characters: int
    strict: dict[str, PRF]
    lenient: dict[str, PRF]
    relations: dict[str, PRF]
    disagreements: list[Disagreement]
    values: dict[str, int] = field(default_factory=dict)  # quantities matched strictly, and how many agree per field

    @property
    def strict_overall(self) -> PRF:
        """Micro-averaged strict span score over all labels."""
        return self.strict[MICRO]

    @property
    def lenient_overall(self) -> PRF:
        """Micro-averaged lenient span score over all labels."""
        return self.lenient[MICRO]

    @property
    def relations_overall(self) -> PRF:
        """Micro-averaged relation score over all types."""
        return self.relations[MICRO]

    def disagreement_counts(self) -> dict[str, int]:
        """Number of disagreements per kind (every kind listed, zeros included)."""
        counts = Counter(d.kind for d in self.disagreements)
        return {kind: counts.get(kind, 0) for kind in SPAN_KINDS + RELATION_KINDS + VALUE_KINDS}

    def to_dict(self) -> dict:
        """Return a JSON-serializable dict."""
        return {
            "units": len(self.unit_ids),
            "unit_ids": list(self.unit_ids),
            "characters": self.characters,
            "strict": {k: v.to_dict() for k, v in self.strict.items()},
            "lenient": {k: v.to_dict() for k, v in self.lenient.items()},
            "relations": {k: v.to_dict() for k, v in self.relations.items()},
            "values": dict(self.values),
            "disagreement_counts": self.disagreement_counts(),
            "disagreements": [d.to_dict() for d in self.disagreements],
        }


RelKey = tuple[str, tuple[int, int], tuple[int, int]]


@dataclass
class _Unit:
    spans: list[Span]
    relations: list[tuple[RelKey, Span, Span]]
    fields: dict[Span, tuple] = field(default_factory=dict)  # quantity -> (value, unit, approx)


def _read_unit(record: dict) -> _Unit:
    text = record.get("text", "")
    by_id: dict[object, Span] = {}
    spans: list[Span] = []
    fields: dict[Span, tuple] = {}
    for e in record.get("entities", []) or []:
        s, t = int(e["start_offset"]), int(e["end_offset"])
        span = Span(s, t, str(e["label"]), text[s:t])
        by_id[e.get("id")] = span
        spans.append(span)
        if str(e["label"]) in QUANTITY_LABELS:
            fields[span] = (_number(e.get("value")), e.get("unit"), e.get("approx"))
    relations = []
    for r in record.get("relations", []) or []:
        src, dst = by_id.get(r.get("from_id")), by_id.get(r.get("to_id"))
        if src is None or dst is None:
            raise AnnotationError(
                "E021", path=f"record {record.get('id')}", line=r.get("id"),
                problem="relation refers to an entity id that the record does not have",
            )
        key = (str(r["type"]), (src.start, src.end), (dst.start, dst.end))
        relations.append((key, src, dst))
    return _Unit(spans, relations, fields)


def _number(value: object) -> object:
    """A value as a Decimal when it is one (``"100"`` equals ``"100.0"``), else as given."""
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return value


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _pair(a: Sequence[Span], b: Sequence[Span], same_label: bool) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans: exact first, then larger overlap, then earlier."""
    candidates = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            ov = _overlap(x, y)
            if ov <= 0 or (same_label and x.label != y.label):
                continue
            exact = (x.start, x.end) == (y.start, y.end)
            candidates.append((not exact, -ov, x.start, y.start, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def _span_disagreements(unit_id: object, a: list[Span], b: list[Span]) -> list[Disagreement]:
    # take the strict matches out; what is left of B is counted in left_b
    left_b = Counter(b)
    rest_a = []
    for s in a:
        if left_b[s] > 0:
            left_b[s] -= 1
        else:
            rest_a.append(s)
    rest_b = []
    for s in b:
        if left_b[s] > 0:
            left_b[s] -= 1
            rest_b.append(s)
    out: list[Disagreement] = []
    paired_a: set[int] = set()
    paired_b: set[int] = set()
    for i, j in _pair(rest_a, rest_b, same_label=False):
        x, y = rest_a[i], rest_b[j]
        same_offsets = (x.start, x.end) == (y.start, y.end)
        if same_offsets:
            kind = "label"
        elif x.label == y.label:
            kind = "boundary"
        else:
            kind = "boundary+label"
        out.append(Disagreement(unit_id, kind, x, x.label, y, y.label))
        paired_a.add(i)
        paired_b.add(j)
    for i, x in enumerate(rest_a):
        if i not in paired_a:
            out.append(Disagreement(unit_id, "a_only", x, x.label, None, None))
    for j, y in enumerate(rest_b):
        if j not in paired_b:
            out.append(Disagreement(unit_id, "b_only", None, None, y, y.label))
    return out


def _relation_disagreements(unit_id: object, a: list[tuple[RelKey, Span, Span]],
                            b: list[tuple[RelKey, Span, Span]]) -> list[Disagreement]:
    counts_b = Counter(k for k, _, _ in b)
    rest_a = []
    for item in a:
        if counts_b[item[0]] > 0:
            counts_b[item[0]] -= 1
        else:
            rest_a.append(item)
    rest_b = []
    for item in b:
        if counts_b[item[0]] > 0:
            counts_b[item[0]] -= 1
            rest_b.append(item)
    out: list[Disagreement] = []
    used_b: set[int] = set()
    for key, src, dst in rest_a:
        partner = next((j for j, (kb, _, _) in enumerate(rest_b)
                        if j not in used_b and kb[0] == key[0] and kb[1] == key[1]), None)
        if partner is None:
            out.append(Disagreement(unit_id, "relation_a_only", src, key[0], None, None, a_target=dst))
        else:
            used_b.add(partner)
            _, bsrc, bdst = rest_b[partner]
            out.append(Disagreement(unit_id, "relation_target", src, key[0], bsrc, key[0],
                                    a_target=dst, b_target=bdst))
    for j, (key, src, dst) in enumerate(rest_b):
        if j not in used_b:
            out.append(Disagreement(unit_id, "relation_b_only", None, None, src, key[0], b_target=dst))
    return out


def _ordered(keys: Iterable[str], canonical: Sequence[str]) -> list[str]:
    seen = set(keys)
    return [k for k in canonical if k in seen] + sorted(seen - set(canonical))


def agreement(a_records: Sequence[dict], b_records: Sequence[dict]) -> Agreement:
    """Compare annotation A with annotation B on the units both contain.

    Records are matched by ``id``; units present in only one list are
    ignored. Raises :class:`~ie.errors.AnnotationError` when a shared unit's
    text differs between A and B, or a relation names a missing entity.
    """
    b_by_id = {rec.get("id"): rec for rec in b_records}
    shared = [rec for rec in a_records if rec.get("id") in b_by_id]

    strict_counts: dict[str, list[int]] = {}
    lenient_counts: dict[str, list[int]] = {}
    rel_counts: dict[str, list[int]] = {}
    disagreements: list[Disagreement] = []
    values: Counter[str] = Counter({"quantities": 0, **{name: 0 for name in VALUE_FIELDS}})
    characters = 0

    def add(table: dict[str, list[int]], key: str, matched: int, n_a: int, n_b: int) -> None:
        row = table.setdefault(key, [0, 0, 0])
        row[0] += matched
        row[1] += n_a
        row[2] += n_b

    for rec_a in shared:
        uid = rec_a.get("id")
        rec_b = b_by_id[uid]
        if rec_a.get("text") != rec_b.get("text"):
            raise AnnotationError("E021", path=f"record {uid}", line=uid,
                                  problem="the two annotations of this unit have different texts")
        characters += len(rec_a.get("text", ""))
        ua, ub = _read_unit(rec_a), _read_unit(rec_b)

        labels = {s.label for s in ua.spans} | {s.label for s in ub.spans}
        for label in labels:
            sa = [s for s in ua.spans if s.label == label]
            sb = [s for s in ub.spans if s.label == label]
            exact = sum((Counter(sa) & Counter(sb)).values())
            add(strict_counts, label, exact, len(sa), len(sb))
            add(lenient_counts, label, len(_pair(sa, sb, same_label=True)), len(sa), len(sb))

        types = {k[0] for k, _, _ in ua.relations} | {k[0] for k, _, _ in ub.relations}
        for rtype in types:
            ka = Counter(k for k, _, _ in ua.relations if k[0] == rtype)
            kb = Counter(k for k, _, _ in ub.relations if k[0] == rtype)
            add(rel_counts, rtype, sum((ka & kb).values()), sum(ka.values()), sum(kb.values()))

        disagreements.extend(_span_disagreements(uid, ua.spans, ub.spans))
        for span, fa in ua.fields.items():
            fb = ub.fields.get(span)
            if fb is None:
                continue
            values["quantities"] += 1
            for k, name in enumerate(VALUE_FIELDS):
                if fa[k] == fb[k]:
                    values[name] += 1
                else:
                    disagreements.append(Disagreement(uid, f"{name}_differs", span, span.label, span, span.label,
                                                      a_value=str(fa[k]) if fa[k] is not None else None,
                                                      b_value=str(fb[k]) if fb[k] is not None else None))
        disagreements.extend(_relation_disagreements(uid, ua.relations, ub.relations))

    def table(counts: dict[str, list[int]], canonical: Sequence[str]) -> dict[str, PRF]:
        keys = _ordered(counts, canonical)
        out = {k: PRF.from_counts(*counts[k]) for k in keys}
        total = [sum(counts[k][i] for k in keys) for i in range(3)]
        out[MICRO] = PRF.from_counts(*total)
        return out

    return Agreement(
        unit_ids=[rec.get("id") for rec in shared],
        characters=characters,
        strict=table(strict_counts, LABELS),
        lenient=table(lenient_counts, LABELS),
        relations=table(rel_counts, RELATION_TYPES),
        disagreements=disagreements,
        values=dict(values),
    )
