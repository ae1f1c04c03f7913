"""Document-level train/test splits of the annotated units, and report rebuilding.

The split is by report, never by unit: units of one report share layout,
wording and tables, so putting some in train and some in test would leak.

:data:`DEFAULT_SPLIT` is fixed:

* **train** — 000 (Guangzhou CPPCC general office), 001 and 003: prose-heavy
  reports with funding tables.
* **test** — 002 (a cell-per-line table and 分值/得分 score sentences) and 004
  (a table with HTML inside its cells): held-out layouts the model has to
  generalise to.
* **dev** — empty: with five real reports none can be spared. Tune with
  :func:`leave_one_out` over the training reports instead.

Synthetic passages (``meta.synthetic`` true) belong to no report; they always
go to train unless excluded (``include_synthetic=False``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..errors import AnnotationError

DEFAULT_SPLIT: dict[str, list[str]] = {
    "train": ["000_a6ffbedeb746f39c.txt", "001_25f3e4f19710fbc9.txt", "003_a6154bae7f83c698.txt"],
    "dev": [],
    "test": ["002_dc4bc186b04654d8.txt", "004_c0a85c5c1b2a7472.txt"],
}
SYNTHETIC_SPLIT = "train"


def is_synthetic(rec: dict) -> bool:
    """True for a synthetic passage (``meta.synthetic`` is true)."""
    meta = rec.get("meta")
    return isinstance(meta, dict) and meta.get("synthetic") is True


def _source(rec: dict) -> str:
    meta = rec.get("meta")
    source = meta.get("source") if isinstance(meta, dict) else None
    if not isinstance(source, str) or not source:
        raise AnnotationError("E025", id=rec.get("id"), field="meta.source")
    return source


def _check_unique_units(records: Sequence[dict]) -> None:
    """Raise E028 if the same unit (source, doc_start, text) occurs twice."""
    keys: Counter[tuple[str, object, object]] = Counter()
    for r in records:
        doc_start = r["meta"].get("doc_start") if isinstance(r["meta"].get("doc_start"), int) else None
        text = r.get("text") if isinstance(r.get("text"), str) else None
        keys[(_source(r), doc_start, text)] += 1
    for (source, doc_start, _), count in keys.items():
        if count > 1:
            raise AnnotationError("E028", source=source, doc_start=doc_start, count=count)


def split_records(records: Iterable[dict], split: Mapping[str, Sequence[str]] = DEFAULT_SPLIT,
                  include_synthetic: bool = True) -> dict[str, list[dict]]:
    """Assign every unit to the split that lists its report.

    Returns one list per split name (all names of ``split``, in order; some
    may be empty), records in input order. Synthetic passages go to train
    (dropped when ``include_synthetic`` is false).

    Raises :class:`AnnotationError`: E025 (a unit without meta.source), E026
    (a report would land in two splits), E027 (units from reports that no
    split lists), E028 (the same unit passed twice).
    """
    records = list(records)
    _check_unique_units(records)
    where: dict[str, list[str]] = defaultdict(list)
    for name, sources in split.items():
        for source in sources:
            where[source].append(name)
    out: dict[str, list[dict]] = {name: [] for name in split}
    out.setdefault(SYNTHETIC_SPLIT, [])
    unplaced: Counter[str] = Counter()
    for rec in records:
        source = _source(rec)
        if is_synthetic(rec):
            if include_synthetic:
                out[SYNTHETIC_SPLIT].append(rec)
            continue
        names = where.get(source)
        if not names:
            unplaced[source] += 1
            continue
        out[names[0]].append(rec)
    if unplaced:
        raise AnnotationError("E027", count=sum(unplaced.values()),
                              sources=", ".join(sorted(unplaced)))
    # the invariant: no report's units on two sides (a report listed twice breaks it)
    sides: dict[str, set[str]] = defaultdict(set)
    for name, recs in out.items():
        for rec in recs:
            if not is_synthetic(rec):
                sides[_source(rec)].add(name)
    for source in sorted(where):
        if len(where[source]) > 1 or len(sides.get(source, ())) > 1:
            raise AnnotationError("E026", source=source, splits=", ".join(where[source]))
    return out


def leave_one_out(records: Iterable[dict], *, include_synthetic: bool = True,
                  ) -> Iterator[tuple[str, list[dict], list[dict]]]:
    """Yield ``(report, train, test)`` once per real report in ``records``.

    ``test`` holds the units of that report, ``train`` the units of all other
    reports (plus synthetic passages unless excluded). Folds come in report
    name order.
    """
    records = list(records)
    _check_unique_units(records)
    reports = sorted({_source(r) for r in records if not is_synthetic(r)})
    for report in reports:
        test = [r for r in records if not is_synthetic(r) and _source(r) == report]
        train = [r for r in records
                 if (include_synthetic if is_synthetic(r) else _source(r) != report)]
        yield report, train, test


def _assemble(records: Iterable[dict]) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """Rebuild each report; return ``source -> (text, gaps)``, gaps filled with spaces."""
    by_source: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        if is_synthetic(rec):
            continue
        source = _source(rec)
        doc_start = rec["meta"].get("doc_start")
        if not isinstance(doc_start, int) or isinstance(doc_start, bool) or doc_start < 0:
            raise AnnotationError("E025", id=rec.get("id"), field="meta.doc_start")
        if not isinstance(rec.get("text"), str):
            raise AnnotationError("E025", id=rec.get("id"), field="text")
        by_source[source].append(rec)
    out: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for source in sorted(by_source):
        units = sorted(by_source[source], key=lambda r: (r["meta"]["doc_start"], -len(r["text"])))
        parts: list[str] = []
        end = 0
        gaps: list[tuple[int, int]] = []
        covered_by: list[tuple[int, int, object]] = []  # (start, end, unit id) seen so far
        for rec in units:
            start, text = rec["meta"]["doc_start"], rec["text"]
            if start > end:
                gaps.append((end, start))
                parts.append(" " * (start - end))
                end = start
            overlap = min(end, start + len(text)) - start
            if overlap > 0:
                built = "".join(parts)
                parts = [built]
                for k in range(overlap):
                    if built[start + k] != text[k]:
                        other = next((uid for s, e, uid in covered_by if s <= start + k < e), None)
                        raise AnnotationError("E024", source=source, first=other,
                                              second=rec.get("id"), offset=start + k)
            if start + len(text) > end:
                parts.append(text[end - start:])
                end = start + len(text)
            covered_by.append((start, start + len(text), rec.get("id")))
        out[source] = ("".join(parts), gaps)
    return out


def assemble_documents(records: Iterable[dict]) -> dict[str, str]:
    """Rebuild every report from its units, placed by ``meta.doc_start``.

    Where units overlap they must agree character for character (else E024);
    characters no unit covers (gaps, see :func:`document_gaps`) become
    spaces, so offsets stay those of the original report. Synthetic passages
    are skipped. Raises E025 for a unit without a usable doc_start or text.
    """
    return {source: text for source, (text, _) in _assemble(records).items()}


def document_gaps(records: Iterable[dict]) -> dict[str, list[tuple[int, int]]]:
    """Return, per report, the ``(start, end)`` report ranges no unit covers.

    Only ranges before the last unit's end are known; the same consistency
    checks as :func:`assemble_documents` apply.
    """
    return {source: gaps for source, (_, gaps) in _assemble(records).items()}
