"""data_hash: stable, order-independent, sensitive to content."""
from __future__ import annotations

from ie.corpus.docbin import data_hash


def test_hash_is_stable_and_ignores_argument_order(tmp_path):
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text('{"id": 1}\n', encoding="utf-8")
    b.write_text('{"id": 2}\n', encoding="utf-8")
    first = data_hash([a, b])
    assert first == data_hash([b, a]) == data_hash([str(a), str(b)])
    assert len(first) == 64 and int(first, 16) >= 0


def test_hash_changes_with_content_and_with_byte_moves(tmp_path):
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text("xy", encoding="utf-8")
    b.write_text("z", encoding="utf-8")
    before = data_hash([a, b])
    b.write_text("Z", encoding="utf-8")
    assert data_hash([a, b]) != before
    # the same bytes cut differently between the files is different data
    a.write_text("x", encoding="utf-8")
    b.write_text("yz", encoding="utf-8")
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.jsonl").write_text("xy", encoding="utf-8")
    (c / "b.jsonl").write_text("z", encoding="utf-8")
    assert data_hash([a, b]) != data_hash([c / "a.jsonl", c / "b.jsonl"])
