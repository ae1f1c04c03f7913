"""ie.segment.tokenizer.split_numerals: no token crosses the edge of an Arabic number."""
from __future__ import annotations

import pytest

from ie.segment.tokenizer import DEFAULT_NUMERAL_UNITS, split_numerals


@pytest.mark.parametrize("words, expected", [
    # pkuseg glues the measure word, the number and the scale together
    (["数10279.02万"], ["数", "10279.02", "万"]),
    (["执行率99.24%"], ["执行率", "99.24", "%"]),
    (["2021年"], ["2021", "年"]),
    (["第4季度"], ["第", "4", "季度"]),
    (["１２３件"], ["１２３", "件"]),
    (["3,363.37"], ["3,363.37"]),
    (["a1b2c"], ["a", "1", "b", "2", "c"]),
    (["abc", "预算数"], ["abc", "预算数"]),
    ([], []),
])
def test_tokenizer_split_numerals_at_number_edges(words, expected):
    assert split_numerals(words) == expected


@pytest.mark.parametrize("words, expected", [
    (["11", "个市"], ["11", "个", "市"]),          # jieba: 11|个市
    (["9", "篇文章"], ["9", "篇", "文章"]),         # jieba: 9|篇文章
    (["9", " ", "篇文章"], ["9", " ", "篇", "文章"]),  # white space does not end the number's reach
    (["12", "个百分点多"], ["12", "个百分点", "多"]),  # the longest unit wins
    (["5", "个"], ["5", "个"]),
    (["5", "市"], ["5", "市"]),                     # no unit: nothing to split
])
def test_tokenizer_split_numerals_splits_a_unit_off_the_next_word(words, expected):
    assert split_numerals(words) == expected


def test_tokenizer_split_numerals_only_right_after_a_number():
    assert split_numerals(["全年", "个市"]) == ["全年", "个市"]
    assert split_numerals(["11", "全年", "个市"]) == ["11", "全年", "个市"]


def test_tokenizer_split_numerals_custom_units():
    assert split_numerals(["3", "公顷地"], units=("公顷",)) == ["3", "公顷", "地"]
    assert split_numerals(["3", "公顷地"], units=()) == ["3", "公顷地"]


def test_tokenizer_split_numerals_keeps_every_character():
    words = ["基本支出", "预算数10322.48万元", "，", "执行率", "99.24%", "。", "11", "个市"]
    assert "".join(split_numerals(words)) == "".join(words)
    assert all(split_numerals(words))


@pytest.mark.parametrize("unit", ["万元", "人次", "个月"])
def test_tokenizer_split_numerals_keeps_a_whole_unit_word(unit):
    assert unit in DEFAULT_NUMERAL_UNITS
    assert split_numerals(["10279.02", unit]) == ["10279.02", unit]
