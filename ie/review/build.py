"""``ie review``: build the review pages of an extraction folder into OUT_DIR/review/."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IEError
from ..export.atomic import atomic_open
from .index import IndexRow, build_index
from .load import checks_of, iter_records, predictions_path, read_checks
from .page import build_page

REVIEW_DIR = "review"
# the pages this module writes: a stale one (a report no longer in predictions.jsonl) is removed
_PAGE_NAME = re.compile(r"\d{4,}-.*\.html")
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass
class ReviewResult:
    """What :func:`build_review` wrote and counted."""

    folder: Path
    index: Path
    pages: list[Path] = field(default_factory=list)
    entities: int = 0
    skipped_entities: int = 0    # entities whose offsets do not fit their text (not shown)
    grids: int = 0               # tables drawn as grids
    audited: bool = False        # checks.jsonl was there
    checks: int = 0
    failed: int = 0


def page_name(number: int, source: str) -> str:
    """The file name of a report's page: its number (unique), then its source made safe for a file name."""
    stem = _UNSAFE.sub("_", Path(source).stem if source else "report").strip("_.")[:60] or "report"
    return f"{number:04d}-{stem}.html"


def _write(path: Path, html: str) -> None:
    try:
        with atomic_open(path) as f:
            f.write(html)
    except OSError as e:
        raise IEError("E603", path=path.parent, reason=e.strerror or e) from None


def build_review(out_dir: Path) -> ReviewResult:
    """Write one self-contained page per report of ``out_dir/predictions.jsonl`` and index.html.

    ``out_dir/checks.jsonl``, when there, fills each page's audit panel.
    Pages go to ``out_dir/review/``, each written atomically; index.html last.
    """
    predictions = predictions_path(Path(out_dir))
    out_dir = predictions.parent
    checks = read_checks(out_dir)
    folder = out_dir / REVIEW_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IEError("E603", path=folder, reason=e.strerror or e) from None
    result = ReviewResult(folder=folder, index=folder / "index.html", audited=checks is not None)
    rows: list[IndexRow] = []
    for number, record in enumerate(iter_records(predictions), 1):
        meta = record.get("meta") or {}
        source = str(meta.get("source") or f"report-{record.get('id', number)}")
        name = page_name(number, source)
        built = build_page(record, None if checks is None else checks_of(record, checks))
        _write(folder / name, built.html)
        result.pages.append(folder / name)
        result.entities += built.entities
        result.skipped_entities += built.skipped
        result.grids += built.grids
        if built.checks is not None:
            result.checks += sum(built.checks.values())
            result.failed += built.checks["fail"]
        rows.append(IndexRow(id=record.get("id", number), href=name, source=source, meta=meta,
                             characters=len(record["text"]), labels=built.labels, checks=built.checks))
    _write(result.index, build_index(rows, checks is not None))
    written = {p.name for p in result.pages}
    for old in folder.iterdir():
        if _PAGE_NAME.fullmatch(old.name) and old.name not in written:
            old.unlink(missing_ok=True)
    return result
