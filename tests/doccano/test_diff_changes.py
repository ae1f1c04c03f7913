"""Spans and relations added, removed and relabeled, per label."""
from __future__ import annotations

from ie.doccano.diff import diff_records

TEXT = "市政协征集提案565件，预算执行率99%"


def _rec(entities, relations, meta=None):
    ents = []
    for i, (label, phrase) in enumerate(entities, 1):
        start = TEXT.index(phrase)
        ents.append({"id": i, "label": label, "start_offset": start, "end_offset": start + len(phrase)})
    rels = [{"id": i, "from_id": a, "to_id": b, "type": t} for i, (a, b, t) in enumerate(relations, 1)]
    return {"id": 1, "text": TEXT, "meta": meta or {"source": "x.txt"}, "entities": ents, "relations": rels}


PUSHED = _rec([("ORG", "市政协"), ("INDICATOR", "征集提案"), ("MONEY", "565件"), ("PERCENT", "99%")],
              [(3, 2, "indicator")])


def test_no_change_is_empty():
    diff = diff_records([PUSHED], [PUSHED])
    assert diff.changes == [] and diff.texts == 1 and diff.unmatched == 0


def test_added_removed_relabeled_per_label():
    # ORG removed, MONEY -> COUNT, INDICATOR added (预算执行率), relation added; ids renumbered
    after = _rec([("INDICATOR", "征集提案"), ("COUNT", "565件"), ("INDICATOR", "预算执行率"), ("PERCENT", "99%")],
                 [(2, 1, "indicator"), (4, 3, "indicator")],
                 meta={"source": "x.txt", "annotator": "alice"})  # ie's own meta keys do not matter
    diff = diff_records([PUSHED], [after])
    assert diff.counts("span") == {"COUNT": {"relabeled_to": 1}, "INDICATOR": {"added": 1},
                                   "MONEY": {"relabeled_from": 1}, "ORG": {"removed": 1}}
    assert diff.counts("relation") == {"indicator": {"added": 1}}
    assert diff.total("span", "relabeled") == 1
    relabel = next(c for c in diff.changes if c.action == "relabeled")
    assert (relabel.old, relabel.new, relabel.where) == ("MONEY", "COUNT", "565件")
    added_rel = next(c for c in diff.changes if c.kind == "relation")
    assert added_rel.where == "99% → 预算执行率"


def test_relation_retyped_and_removed_with_its_span():
    before = _rec([("MONEY", "565件"), ("INDICATOR", "征集提案"), ("PERCENT", "99%"), ("TASK", "预算执行率")],
                  [(1, 2, "indicator"), (3, 4, "task")])
    after = _rec([("MONEY", "565件"), ("INDICATOR", "征集提案")], [(1, 2, "task")])
    diff = diff_records([before], [after])
    assert diff.counts("relation") == {"indicator": {"relabeled_from": 1},
                                       "task": {"relabeled_to": 1, "removed": 1}}
    assert diff.counts("span") == {"PERCENT": {"removed": 1}, "TASK": {"removed": 1}}


def test_text_that_was_not_pushed_counts_as_added():
    other = dict(_rec([("PERCENT", "99%")], []), meta={"source": "y.txt"})
    diff = diff_records([PUSHED], [other])
    assert diff.unmatched == 1 and diff.counts("span") == {"PERCENT": {"added": 1}}
