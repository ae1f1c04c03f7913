"""Assembling documents from unit records, and projecting predictions onto gold."""
from __future__ import annotations

from ie.evaluation.align import assemble_documents, project_document


def test_units_are_placed_at_doc_start(record):
    units = [
        record("征集提案565件。\n", [("COUNT", "565件")], rid=2, doc_start=20),
        record("基本支出预算数50万元。\n", [("MONEY", "50万元")], rid=1, doc_start=0),
    ]
    docs, warnings = assemble_documents(units)
    assert not warnings
    doc = docs["r.txt"]
    assert doc.units == [(0, 13), (20, 30)]
    assert doc.text[20:29] == "征集提案565件。"
    assert doc.text[13:20] == " " * 7  # the gap
    spans = sorted((e.start, e.end, e.label) for e in doc.entities.values())
    assert spans == [(7, 11, "MONEY"), (24, 28, "COUNT")]
    assert doc.unit_of(24) == 1 and doc.unit_of(15) == 0


def test_units_without_doc_start_follow_each_other(record):
    a = record("甲。", [], source="s", rid=1)
    b = record("乙565件。", [("COUNT", "565件")], source="s", rid=2)
    for r in (a, b):
        del r["meta"]["doc_start"]
    doc = assemble_documents([a, b])[0]["s"]
    assert doc.text == "甲。乙565件。"
    assert [(e.start, e.end) for e in doc.entities.values()] == [(3, 7)]


def test_bad_offsets_and_relations_are_skipped_with_warnings(record):
    rec = record("征集提案565件。", [("COUNT", "565件"), ("INDICATOR", 5, 99)], [(1, 2, "indicator")])
    docs, warnings = assemble_documents([rec])
    assert len(docs["r.txt"].entities) == 1
    assert docs["r.txt"].relations == []
    assert len(warnings) == 2


def test_projection_drops_predictions_outside_gold_units(record):
    # gold annotated only the second unit; a whole-report prediction also found a
    # quantity in the first (not annotated) part: gold has no text there, so it does
    # not align and is dropped, not counted as a false positive
    full = "基本支出50万元。征集提案565件。"
    gold = assemble_documents([record(full[9:], [("COUNT", "565件")], doc_start=9)])[0]["r.txt"]
    pred = assemble_documents([record(full, [("MONEY", "50万元"), ("COUNT", "565件")])])[0]["r.txt"]
    proj = project_document(pred, gold)
    assert (proj.unaligned, proj.outside) == (1, 0)
    assert [(e.label, e.start, e.end) for e in proj.document.entities.values()] == [("COUNT", 13, 17)]
