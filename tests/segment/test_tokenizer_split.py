"""ie.segment.tokenizer.split_numerals: no token crosses the edge of an Arabic number."""
from __future__ import annotations

import pytest

from ie.segment.tokenizer import DEFAULT_NUMERAL_UNITS, split_glued, split_numerals, with_spaces


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


@pytest.mark.parametrize("words, expected", [
    # jieba cuts thousands separators off: 2|,|300|米左右
    (["灌溉渠道", "2", ",", "300", "米左右"], ["灌溉渠道", "2,300", "米", "左右"]),
    (["3", ",", "363", ".", "37", "万元"], ["3,363.37", "万元"]),
    # a comma that is not a thousands separator stays a token of its own
    (["1", ",", "2", ",", "3"], ["1", ",", "2", ",", "3"]),
    (["12", ",", "34"], ["12", ",", "34"]),
])
def test_tokenizer_split_numerals_joins_a_number_the_segmenter_cut(words, expected):
    assert split_numerals(words) == expected


@pytest.mark.parametrize("number, expected", [
    # a table row read without cell separators (two-decimal money columns)
    ("245.00245.00241.3210", ["245.00", "245.00", "241.32", "10"]),
    ("245.00245.00241.32", ["245.00", "245.00", "241.32"]),
    ("3.1.2", ["3.1.2"]),          # a section number
    ("3.10.2", ["3.10.2"]),        # a version
    ("192.168.1.1", ["192.168.1.1"]),
    ("245.00", ["245.00"]),
])
def test_tokenizer_split_glued_numbers(number, expected):
    assert split_glued(number) == expected


def test_tokenizer_split_numerals_splits_glued_numbers_across_words():
    words = ["资金", "总额", "245.00245", ".", "00241.3210", "分", "98.50", "%"]
    assert split_numerals(words) == ["资金", "总额", "245.00", "245.00", "241.32", "10", "分", "98.50", "%"]


def test_tokenizer_split_numerals_never_joins_two_number_words():
    # pkuseg drops the white space between 附件2 and 2021年: the words must stay apart
    assert split_numerals(["附件", "2", "2021", "年"]) == ["附件", "2", "2021", "年"]
    assert split_numerals(["2", ".", "5", "3", ",", "000"]) == ["2.5", "3,000"]


def test_tokenizer_with_spaces_puts_back_what_the_segmenter_dropped():
    text = "附件2\n2021年\n1.为\n2.\n0-6岁 "
    words = ["附件", "2", "2021", "年", "1", ".", "为", "2", ".", "0", "-", "6", "岁"]  # pkuseg: no white space
    joined = with_spaces(words, text)
    assert "".join(joined) == text
    assert split_numerals(joined) == ["附件", "2", "\n", "2021", "年", "\n", "1", ".", "为", "\n", "2", ".", "\n",
                                      "0", "-", "6", "岁", " "]
    assert with_spaces(["甲", "丙"], "甲乙丙") == ["甲", "丙"]  # not placeable: unchanged
