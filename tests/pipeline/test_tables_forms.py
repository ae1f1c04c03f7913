"""ie.tables.forms.read_forms: funding rows whose cells are glued or share a line with their label."""
from __future__ import annotations

import pytest

from ie.tables.forms import read_forms
from ie.tables.vocabulary import Vocabulary, default_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return Vocabulary(default_vocabulary())


def _funding(text: str, vocab) -> list[tuple[str, str, str]]:
    return [(text[v.start:v.end], v.label, text[slice(*v.indicator)]) for form in read_forms(text, vocab)
            for v in form.values if v.kind == "funding"]


HEAD = ("项目名称 彩票市场调控资金\n主管部门 宁夏回族自治区民政厅\n"
        "项目资金(万元) 全年预算数(A) 全年执行数(B) 预算执行率(B/A)\n")


def test_tables_forms_glued_percent_cell_is_split_by_its_columns(vocab):
    # 4000 | 4000 | 100% exported without separators (derived report 064): never one PERCENT 40004000100%
    text = HEAD + "年度资金总额: 40004000100%\n 其中:中央补助 30003000100%\n"
    assert _funding(text, vocab) == [
        ("4000", "MONEY", "全年预算数"), ("4000", "MONEY", "全年执行数"), ("100%", "PERCENT", "预算执行率"),
        ("3000", "MONEY", "全年预算数"), ("3000", "MONEY", "全年执行数"), ("100%", "PERCENT", "预算执行率"),
    ]


def test_tables_forms_funding_label_and_values_on_one_line(vocab):
    # derived report 053: the total row's label and its glued cells are separated by one space only
    text = HEAD + "年度资金总额 50万元47.6895.00%\n其中:中央财政补助 50万元47.6895.00%\n"
    got = _funding(text, vocab)
    assert [t for t, _, _ in got] == ["50万元", "47.68", "95.00%"] * 2
    assert [label for _, label, _ in got] == ["MONEY", "MONEY", "PERCENT"] * 2


def test_tables_forms_glued_cell_without_a_consistent_reading_is_left_unread(vocab):
    # 4000 | 3000 | 90% does not add up (3000 / 4000 = 75 %): no reading is guessed
    text = HEAD + "年度资金总额: 4000300090%\n"
    assert _funding(text, vocab) == []
