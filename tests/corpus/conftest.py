"""Shared fixtures for the annotation-file tests: one small valid unit and a file writer."""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

SOURCE_NAME = "000_test.txt"
PREFIX = "前言。\n\n"
TEXT = "市政协征集提案 565 件，基本支出预算执行率99.24%。"
SOURCE_TEXT = PREFIX + TEXT + "\n结束。\n"


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make_record(**meta: object) -> dict:
    """A valid contract record: 6 entities (one of each kind) and 3 relations."""
    spans = [
        (1, "ORG", "市政协"),
        (2, "INDICATOR", "征集提案"),
        (3, "COUNT", "565 件"),
        (4, "TASK", "基本支出"),
        (5, "INDICATOR", "预算执行率"),
        (6, "PERCENT", "99.24%"),
    ]
    entities = []
    for eid, label, part in spans:
        start, end = _span(TEXT, part)
        entities.append({"id": eid, "label": label, "start_offset": start, "end_offset": end})
    return {
        "id": 1,
        "text": TEXT,
        "meta": {"source": SOURCE_NAME, "doc_start": len(PREFIX), **meta},
        "entities": entities,
        "relations": [
            {"id": 1, "from_id": 3, "to_id": 2, "type": "indicator"},
            {"id": 2, "from_id": 6, "to_id": 5, "type": "indicator"},
            {"id": 3, "from_id": 6, "to_id": 4, "type": "task"},
        ],
    }


@pytest.fixture
def record() -> dict:
    """A fresh valid record (safe to mutate)."""
    return copy.deepcopy(make_record())


@pytest.fixture
def write_lines(tmp_path: Path) -> Callable[..., Path]:
    """Write records (dicts, or raw strings for broken lines) as a JSONL file in tmp_path."""

    def write(*lines: dict | str, name: str = "units.jsonl") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8") as f:
            for line in lines:
                f.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
        return path

    return write


@pytest.fixture
def sources_dir(tmp_path: Path) -> Path:
    """A folder holding the one source report the sample unit was cut from."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / SOURCE_NAME).write_text(SOURCE_TEXT, encoding="utf-8")
    return folder
