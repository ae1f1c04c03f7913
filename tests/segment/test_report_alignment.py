"""ie.segment.report: share of quantity spans on token boundaries, per segmenter."""
from __future__ import annotations

import pytest
from spacy.vocab import Vocab

from ie.errors import ModelError
from ie.segment.report import AlignmentRow, alignment_report, rule_quantity_spans

TEXT = "基本支出预算数10279.02万元，执行率99.24%，征集提案565件。"


def _spans(text: str, *parts: str) -> list[tuple[int, int]]:
    return [(text.index(p), text.index(p) + len(p)) for p in parts]


def test_report_rows_for_each_segmenter_and_split_setting():
    docs = [(TEXT, _spans(TEXT, "10279.02万元", "99.24%", "565件"))]
    rows = alignment_report(docs, ["jieba", "char"], Vocab())
    assert [(r.segmenter, r.numeral_split) for r in rows] == [
        ("jieba", False), ("jieba", True), ("char", False), ("char", True)]
    assert all(r.spans == 3 for r in rows)
    by_key = {(r.segmenter, r.numeral_split): r for r in rows}
    assert by_key[("char", False)].aligned == 3
    assert by_key[("jieba", True)].aligned == 3
    assert by_key[("jieba", True)].share == 1.0


def test_report_lists_examples_of_spans_that_do_not_align():
    text = "共有565件提案。"
    # a span that ends in the middle of a token (件提) can never align with jieba
    docs = [(text, [(2, 7)])]
    (row,) = alignment_report(docs, ["jieba"], Vocab())[1:]
    assert row.numeral_split is True
    assert (row.spans, row.aligned) == (1, 0)
    assert row.share == 0.0
    assert row.examples and "565件提" in row.examples[0]


def test_report_examples_are_capped_and_show_line_breaks():
    text = "甲乙丙丁\n戊己庚辛" * 10
    docs = [(text, [(i, i + 1) for i in range(0, 40, 4)])]
    rows = alignment_report(docs, ["jieba"], Vocab())
    assert all(len(r.examples) <= 5 for r in rows)
    assert all("\n" not in e for r in rows for e in r.examples)


def test_report_share_without_spans_is_one():
    assert AlignmentRow("jieba", True).share == 1.0
    assert AlignmentRow("jieba", True, spans=4, aligned=3).share == 0.75


def test_report_unknown_segmenter_is_e011():
    with pytest.raises(ModelError) as info:
        alignment_report([(TEXT, [])], ["thulac"])
    assert info.value.code == "E011"


def test_report_rule_quantity_spans_cover_prose_and_table_cells():
    text = ("基本支出预算数10279.02万元。\n单位：万元\n"
            "项目\t年初预算数\t全年执行数\n基本支出\t100\t98.5\n项目支出\t20\t19\n")
    spans = rule_quantity_spans(text)
    found = [text[s:e] for s, e in spans]
    assert "10279.02万元" in found
    assert {"100", "98.5", "20", "19"} <= set(found)
    assert spans == sorted(set(spans))
