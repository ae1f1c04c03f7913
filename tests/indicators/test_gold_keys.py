"""Gold items for indicator keys, and the mapper measured on them."""
from __future__ import annotations

from pathlib import Path

from ie.indicators.gold import NONE, agreement, gold_mentions, read_items, read_keys, score_keys, write_items
from ie.indicators.taxonomy import Taxonomy

RECORD = {"id": 1, "text": "全年预算数50万元，执行率96%，培训120人次。", "entities": [
    {"id": 1, "label": "INDICATOR", "start_offset": 0, "end_offset": 5},
    {"id": 2, "label": "MONEY", "start_offset": 5, "end_offset": 9},
    {"id": 3, "label": "INDICATOR", "start_offset": 10, "end_offset": 13},
    {"id": 4, "label": "PERCENT", "start_offset": 13, "end_offset": 16},
    {"id": 5, "label": "INDICATOR", "start_offset": 17, "end_offset": 19},
    {"id": 6, "label": "COUNT", "start_offset": 19, "end_offset": 24}],
    "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "indicator"},
                  {"id": 2, "from_id": 4, "to_id": 3, "type": "indicator"},
                  {"id": 3, "from_id": 6, "to_id": 5, "type": "indicator"}]}


def test_gold_items_are_distinct_mentions_with_context(tmp_path: Path):
    mentions = gold_mentions([RECORD, RECORD])
    assert len(mentions) == 6
    assert write_items(tmp_path / "items.tsv", mentions) == 3
    items = read_items(tmp_path / "items.tsv")
    assert {(i.text, i.quantity_label, n) for i, n in items.values()} == {
        ("全年预算数", "MONEY", 2), ("执行率", "PERCENT", 2), ("培训", "COUNT", 2)}
    assert "【执行率】〔96%〕" in (tmp_path / "items.tsv").read_text(encoding="utf-8")


def test_gold_score_counts_mentions_and_lists_disagreements(tmp_path: Path):
    write_items(tmp_path / "items.tsv", gold_mentions([RECORD]))
    items = read_items(tmp_path / "items.tsv")
    number = {i.text: n for n, (i, _) in items.items()}
    gold = {number["全年预算数"]: "funds.adjusted_budget", number["执行率"]: "funds.budget", number["培训"]: NONE}
    scores, wrong = score_keys(Taxonomy.default(), items, gold)
    assert (scores.predicted_mapped, scores.correct, scores.gold_mapped) == (2, 1, 2)
    assert scores.precision == 0.5 and [w[0].text for w in wrong] == ["执行率"]


def test_gold_agreement_kappa(tmp_path: Path):
    (tmp_path / "a.tsv").write_text("item\tkey\tnote\n1\tx\t\n2\tnone\t\n3\ty\t\n4\tnone\t\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("item\tkey\tnote\n1\tx\t\n2\tnone\t\n3\tnone\t\n4\tnone\t\n", encoding="utf-8")
    out = agreement(read_keys(tmp_path / "a.tsv"), read_keys(tmp_path / "b.tsv"))
    assert out["items"] == 4 and out["agreement"] == 0.75 and 0 < out["kappa"] < 0.75
