"""Cut a report into annotation units (paragraph groups and table blocks).

A unit is a contiguous slice of the original text, so a whole report can be
reassembled from its units' ``meta.doc_start`` offsets.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

_SENTENCE_END = re.compile(r"[。；;！？!?：:]\s*$")


def _is_table_line(line: str) -> bool:
    return "\t" in line


def cut_units(text: str, *, target: int = 700, maximum: int = 1800) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` slices that cover ``text`` exactly, in order.

    Units end at a line that closes a sentence (or a blank line) once they
    reach ``target`` characters; a block of tab-separated table lines is kept
    whole and on its own; nothing is longer than ``maximum`` unless a single
    line or table block is.
    """
    lines = text.splitlines(keepends=True)
    start = pos = 0
    in_table = False
    for line in lines:
        table = _is_table_line(line)
        # a table block starts or ends: cut at the boundary
        if pos > start and table != in_table and line.strip():
            yield start, pos
            start = pos
        if line.strip():
            in_table = table
        pos += len(line)
        size = pos - start
        closes = not line.strip() or bool(_SENTENCE_END.search(line))
        if not in_table and ((size >= target and closes) or size >= maximum):
            yield start, pos
            start = pos
    if pos > start:
        yield start, pos


def units_for_report(text: str, source: str, first_id: int = 1) -> list[dict]:
    """Return contract JSONL records (no entities yet) for one report.

    Units made only of white space are skipped; the others keep the exact
    slice of the original text and its ``doc_start``.
    """
    records = []
    next_id = first_id
    for start, end in cut_units(text):
        chunk = text[start:end]
        if not chunk.strip():
            continue
        records.append(
            {
                "id": next_id,
                "text": chunk,
                "meta": {"source": source, "doc_start": start},
                "entities": [],
                "relations": [],
            }
        )
        next_id += 1
    return records
