"""Counts per label, relation type and source on a tiny file."""
from __future__ import annotations

from ie.contract import LABELS, RELATION_TYPES
from ie.corpus.jsonl import read_jsonl
from ie.corpus.stats import annotation_stats


def test_stats_counts_a_tiny_file(record, write_lines):
    other = {"id": 2, "text": "无。", "meta": {"source": "001_test.txt", "doc_start": 0},
             "entities": [], "relations": []}
    synth = {"id": 3, "text": "共计12件。", "meta": {"source": "synthetic_01", "synthetic": True},
             "entities": [{"id": 1, "label": "COUNT", "start_offset": 2, "end_offset": 5}]}
    stats = annotation_stats(read_jsonl(write_lines(record, record, other, synth)))
    assert (stats.units, stats.entities, stats.relations) == (4, 13, 6)
    assert stats.characters == 2 * len(record["text"]) + 2 + 6
    assert list(stats.labels) == list(LABELS)
    assert dict(stats.labels) == {"MONEY": 0, "PERCENT": 2, "COUNT": 3, "SCORE": 0, "ORG": 2,
                                  "INDICATOR": 4, "TASK": 2}
    assert dict(stats.relation_types) == {"indicator": 4, "task": 2}
    assert list(stats.sources) == ["000_test.txt", "001_test.txt", "synthetic_01"]
    s0 = stats.sources["000_test.txt"]
    assert (s0.units, s0.annotated_units, s0.entities, s0.relations) == (2, 2, 12, 6)
    assert s0.characters == 2 * len(record["text"])
    s1 = stats.sources["001_test.txt"]
    assert (s1.units, s1.annotated_units, s1.entities, s1.relations, s1.synthetic) == (1, 0, 0, 0, False)
    assert stats.sources["synthetic_01"].synthetic


def test_stats_keeps_unknown_labels_and_empty_input():
    stats = annotation_stats([{"text": "x", "entities": [{"label": "AMOUNT"}],
                               "relations": [{"type": "belongs_to"}]}])
    assert stats.labels["AMOUNT"] == 1 and stats.relation_types["belongs_to"] == 1
    assert list(stats.sources) == ["(no source)"]
    empty = annotation_stats([])
    assert empty.units == 0 and set(empty.labels) == set(LABELS)
    assert set(empty.relation_types) == set(RELATION_TYPES)
