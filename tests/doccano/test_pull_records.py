"""Exported lines become contract records with code-point offsets; bad ones are reported."""
from __future__ import annotations

import pytest

from ie.corpus.jsonl import read_jsonl
from ie.doccano import DoccanoError
from ie.doccano.client import ProjectInfo
from ie.doccano.pull import PullResult, check_output, choose_annotators, to_record, write_pulled

TEXT = "𠀀征集提案５６５ 件\r\n"
EXAMPLE = {"id": 40, "text": TEXT, "meta": {"source": "a.txt", "doc_start": 5, "ie_id": 101}}
PROJECT = ProjectInfo(3, "p", "SequenceLabeling", True, False, False, False)


def _line(*spans, relations=()):
    return {"id": 40, "text": TEXT, "source": "a.txt", "doc_start": 5, "Comments": [],
            "entities": [{"id": i, "label": lab, "start_offset": s, "end_offset": e}
                         for i, (lab, s, e) in enumerate(spans, 1)],
            "relations": [{"id": 1, "from_id": a, "to_id": b, "type": t} for a, b, t in relations]}


def test_utf16_offsets_become_code_points_and_meta_is_restored():
    record, problems = to_record(_line(("INDICATOR", 2, 6), ("COUNT", 6, 11),
                                       relations=[(2, 1, "indicator")]), EXAMPLE, "alice")
    assert problems == []
    assert record["id"] == 101
    assert record["meta"] == {"source": "a.txt", "doc_start": 5, "annotator": "alice"}
    spans = [(e["label"], TEXT[e["start_offset"]:e["end_offset"]]) for e in record["entities"]]
    assert spans == [("INDICATOR", "征集提案"), ("COUNT", "５６５ 件")]
    assert record["relations"] == [{"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"}]


def test_offset_inside_a_surrogate_pair_is_a_problem():
    _, problems = to_record(_line(("ORG", 1, 3)), EXAMPLE, "bob")
    assert problems and "inside a character" in problems[0]


def test_annotators_default_to_annotating_roles():
    members = [{"username": "admin", "rolename": "project_admin"},
               {"username": "bob", "rolename": "annotator"},
               {"username": "alice", "rolename": "annotation_approver"}]
    assert choose_annotators(PROJECT, members, None) == ["alice", "bob"]
    assert choose_annotators(PROJECT, members[:1], None) == ["admin"]
    assert choose_annotators(PROJECT, members, ["admin"]) == ["admin"]
    with pytest.raises(DoccanoError, match=r"E115.*'carol' is not a member.*admin, alice, bob"):
        choose_annotators(PROJECT, members, ["carol"])


def test_existing_output_is_never_overwritten_without_force(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("precious\n", encoding="utf-8")
    result = PullResult(PROJECT, {"alice": []})
    with pytest.raises(DoccanoError, match=r"E111.*gold.jsonl already exists.*--force"):
        write_pulled(gold, result)
    assert gold.read_text(encoding="utf-8") == "precious\n"
    check_output(tmp_path / "new.jsonl", force=False)
    assert write_pulled(gold, result, force=True) == 0


def test_records_interleave_annotators_in_upload_order(tmp_path):
    def rec(rid, who):
        return {"id": rid, "text": f"t{rid}", "meta": {"annotator": who}, "entities": [], "relations": []}

    order = [("t2", "{}"), ("t1", "{}")]
    result = PullResult(PROJECT, {"bob": [rec(2, "bob"), rec(1, "bob")], "alice": [rec(1, "alice")]}, order)
    out = tmp_path / "o.jsonl"
    assert write_pulled(out, result) == 3
    assert [(r["id"], r["meta"]["annotator"]) for r in read_jsonl(out)] == [(2, "bob"), (1, "alice"), (1, "bob")]
