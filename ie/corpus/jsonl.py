"""Read and write contract JSONL (doccano's sequence-labeling export)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import AnnotationError
from ..export.atomic import atomic_open


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, record)`` for each non-blank line of ``path``."""
    path = Path(path)
    if not path.is_file():
        raise AnnotationError("E022", path=path)
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise AnnotationError("E020", path=path, line=n, reason=e.msg) from None
            yield n, rec


def read_jsonl(path: str | Path) -> list[dict]:
    """Return all records of a contract JSONL file."""
    return [rec for _, rec in iter_jsonl(path)]


def atomic_write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :mod:`ie.export.atomic`)."""
    with atomic_open(Path(path), encoding=encoding) as f:
        f.write(text)


def write_jsonl(path: str | Path, records: Iterable[dict]) -> None:
    """Write records atomically (temp file in the same folder, then rename)."""
    atomic_write_text(path, "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records))
