"""Token-boundary guarantee: whatever the segmenter does, every quantity span is reachable.

The rules find quantities on characters; the numeral-aware tokenizer and
``ie.pipeline.spans.split_tokens_at`` must let each one become an entity.
Checked on every case of the numeral table, on every gold quantity span and
on the rules' own finds in every gold document.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import ie
from ie.contract import QUANTITY_LABELS
from ie.pipeline.spans import MISALIGNED_KEY, split_tokens_at

ROOT = Path(__file__).resolve().parents[2]
CASES = [json.loads(line) for line in (ROOT / "tests/numerals/cases.jsonl").read_text("utf-8").splitlines()
         if line.strip()]
GOLD = [json.loads(line) for path in sorted((ROOT / "annotations/gold").glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def nlp():
    return ie.load("rules")


def _lost(nlp, items: list[tuple[object, str]]) -> list:
    """Every rule find that could not become an entity, with the id of its text."""
    return [(key, m) for key, text in items for m in nlp(text).user_data.get(MISALIGNED_KEY, [])]


def test_spans_every_rule_find_in_case_texts_becomes_an_entity(nlp) -> None:
    assert not _lost(nlp, [(case["id"], case["text"]) for case in CASES])


def test_spans_every_gold_quantity_span_is_reachable_by_tokens(nlp) -> None:
    assert len(GOLD) > 60
    unreachable = []
    for record in GOLD:
        doc = nlp.make_doc(record["text"])
        spans = [(e["start_offset"], e["end_offset"]) for e in record["entities"] if e["label"] in QUANTITY_LABELS]
        split_tokens_at(doc, (c for span in spans for c in span))
        unreachable += [(record["id"], s, e, record["text"][s:e]) for s, e in spans
                        if doc.char_span(s, e) is None]
    assert not unreachable


def test_spans_every_rule_find_in_gold_documents_becomes_an_entity(nlp) -> None:
    assert not _lost(nlp, [(record["id"], record["text"]) for record in GOLD])
