"""Files are checked in full before anything is pushed; labels carry colors and keys."""
from __future__ import annotations

import json

import pytest

from ie.contract import LABELS, RELATION_TYPES
from ie.doccano.push import RELATION_STYLE, SPAN_STYLE, load_pushed, read_records, snapshot_path
from ie.errors import AnnotationError

REC = {"id": 1, "text": "预算执行率99%", "meta": {"source": "a.txt"},
       "entities": [{"id": 1, "label": "INDICATOR", "start_offset": 0, "end_offset": 5},
                    {"id": 2, "label": "PERCENT", "start_offset": 5, "end_offset": 8}],
       "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"}]}


def _write(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_good_file_is_read(tmp_path):
    assert read_records([_write(tmp_path / "a.jsonl", REC)]) == [REC]


def test_contract_problem_names_file_and_line(tmp_path):
    bad = {**REC, "entities": [{**REC["entities"][0], "end_offset": 7}, REC["entities"][1]]}
    path = _write(tmp_path / "a.jsonl", REC | {"meta": {"source": "b.txt"}}, bad)
    with pytest.raises(AnnotationError, match=r"E112.*a.jsonl:2: entity 2: PERCENT 5-8 .*overlaps entity 1"
                                              r".*before pushing"):
        read_records([path])


def test_same_text_twice_is_refused(tmp_path):
    a = _write(tmp_path / "a.jsonl", REC)
    b = _write(tmp_path / "b.jsonl", REC | {"id": 2})
    with pytest.raises(AnnotationError, match=r"b.jsonl:1: same text and meta as .*a.jsonl:1"):
        read_records([a, b])


def test_every_label_has_a_distinct_color_and_key():
    assert set(SPAN_STYLE) == set(LABELS) and set(RELATION_STYLE) == set(RELATION_TYPES)
    keys = [key for _, key in SPAN_STYLE.values()]
    assert len(set(keys)) == len(keys)
    assert len({key for _, key in RELATION_STYLE.values()}) == len(RELATION_STYLE)


def test_snapshot_path_is_per_server_and_project(tmp_path):
    one = snapshot_path("http://127.0.0.1:8000/", "reports 2024", tmp_path)
    assert one == snapshot_path("http://127.0.0.1:8000", "reports 2024", tmp_path)
    assert one != snapshot_path("http://127.0.0.1:8001", "reports 2024", tmp_path)
    assert one.parent == tmp_path / "pushed" and " " not in one.name
    assert load_pushed("http://127.0.0.1:8000", "reports 2024", tmp_path) is None
