"""Document-level splits, leave-one-out folds and report rebuilding."""
from __future__ import annotations

import pytest

from ie.corpus.splits import (
    DEFAULT_SPLIT,
    assemble_documents,
    document_gaps,
    leave_one_out,
    split_records,
)
from ie.errors import AnnotationError

REPORTS = [
    "000_a6ffbedeb746f39c.txt", "001_25f3e4f19710fbc9.txt", "002_dc4bc186b04654d8.txt",
    "003_a6154bae7f83c698.txt", "004_c0a85c5c1b2a7472.txt",
]


def _unit(uid: int, source: str, doc_start: int, text: str, **meta: object) -> dict:
    return {"id": uid, "text": text, "meta": {"source": source, "doc_start": doc_start, **meta},
            "entities": [], "relations": []}


def _corpus() -> list[dict]:
    units = []
    for n, source in enumerate(REPORTS):
        units.append(_unit(2 * n + 1, source, 0, f"报告{n}第一段。"))
        units.append(_unit(2 * n + 2, source, 100, f"报告{n}第二段。"))
    units.append(_unit(99, "synthetic_01", 0, "合成段落。", synthetic=True))
    return units


def _sources(records: list[dict]) -> set[str]:
    return {r["meta"]["source"] for r in records}


def test_default_split_covers_the_five_reports_once():
    listed = [s for sources in DEFAULT_SPLIT.values() for s in sources]
    assert sorted(listed) == REPORTS
    assert DEFAULT_SPLIT["test"] == ["002_dc4bc186b04654d8.txt", "004_c0a85c5c1b2a7472.txt"]
    assert DEFAULT_SPLIT["dev"] == []


def test_split_puts_no_report_on_both_sides():
    parts = split_records(_corpus())
    assert set(parts) == {"train", "dev", "test"}
    real = {name: _sources(r for r in recs if not r["meta"].get("synthetic"))
            for name, recs in parts.items()}
    assert real["train"] == set(DEFAULT_SPLIT["train"])
    assert real["test"] == set(DEFAULT_SPLIT["test"])
    assert not real["train"] & real["test"] and parts["dev"] == []
    assert sum(len(v) for v in parts.values()) == len(_corpus())
    assert "synthetic_01" in _sources(parts["train"])


def test_split_can_leave_out_synthetic_passages():
    parts = split_records(_corpus(), include_synthetic=False)
    assert "synthetic_01" not in _sources(parts["train"])
    assert sum(len(v) for v in parts.values()) == len(_corpus()) - 1


def test_split_rejects_a_report_listed_twice():
    split = {"train": ["000_a6ffbedeb746f39c.txt"], "test": ["000_a6ffbedeb746f39c.txt"]}
    units = [u for u in _corpus() if u["meta"]["source"] in ("000_a6ffbedeb746f39c.txt",)]
    with pytest.raises(AnnotationError) as err:
        split_records(units, split)
    assert err.value.code == "E026"


def test_split_rejects_units_of_unlisted_reports_and_duplicates():
    with pytest.raises(AnnotationError) as err:
        split_records(_corpus() + [_unit(50, "777_new.txt", 0, "新报告。")])
    assert err.value.code == "E027" and "777_new.txt" in str(err.value)
    with pytest.raises(AnnotationError) as err:
        split_records(_corpus() + [_corpus()[0]])
    assert err.value.code == "E028"
    with pytest.raises(AnnotationError) as err:
        split_records([{"id": 5, "text": "x", "meta": {}}])
    assert err.value.code == "E025"


def test_leave_one_out_folds():
    corpus = _corpus()
    folds = list(leave_one_out(corpus))
    assert [name for name, _, _ in folds] == REPORTS
    for name, train, test in folds:
        assert _sources(test) == {name}
        assert name not in _sources(train)
        assert len(train) + len(test) == len(corpus)
        assert "synthetic_01" in _sources(train)
    _, train, _ = next(leave_one_out(corpus, include_synthetic=False))
    assert "synthetic_01" not in _sources(train)


def test_assemble_documents_rebuilds_reports_and_reports_gaps():
    report = "第一段。\n\n第二段内容。\n第三段。"
    units = [
        _unit(1, "r.txt", 0, report[:5]),
        _unit(2, "r.txt", 4, report[4:12]),      # overlaps unit 1 and agrees
        _unit(3, "r.txt", 14, report[14:]),     # leaves a gap at 12-14
        _unit(4, "synthetic_01", 0, "合成。", synthetic=True),
    ]
    docs = assemble_documents(units)
    assert list(docs) == ["r.txt"]
    assert docs["r.txt"] == report[:12] + "  " + report[14:]
    assert document_gaps(units) == {"r.txt": [(12, 14)]}
    assert document_gaps(units[:2]) == {"r.txt": []}


def test_assemble_documents_rejects_disagreeing_overlap():
    units = [_unit(1, "r.txt", 0, "第一段。"), _unit(2, "r.txt", 2, "X段。")]
    with pytest.raises(AnnotationError) as err:
        assemble_documents(units)
    assert err.value.code == "E024"
    assert "units 1 and 2" in str(err.value) and "offset 2" in str(err.value)


def test_assemble_documents_needs_doc_start():
    with pytest.raises(AnnotationError) as err:
        assemble_documents([{"id": 8, "text": "x", "meta": {"source": "r.txt"}}])
    assert err.value.code == "E025" and "doc_start" in str(err.value)
