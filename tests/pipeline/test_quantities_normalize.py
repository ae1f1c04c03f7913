"""normalize: span surface -> value, unit, approx (ie.numerals.normalize; cases kept from before the core)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ie.contract import APPROX_ABOUT, APPROX_AT_LEAST, APPROX_AT_MOST, APPROX_EXACT
from ie.errors import IEError
from ie.numerals import normalize


def _triple(got):
    return (got.value, got.unit, got.approx)

D = Decimal
EXACT, ABOUT, AT_LEAST, AT_MOST = APPROX_EXACT, APPROX_ABOUT, APPROX_AT_LEAST, APPROX_AT_MOST


@pytest.mark.parametrize(
    ("surface", "label", "value", "unit", "approx"),
    [
        # the contract's examples and the known failures of other normalizers
        ("13480.37万元", "MONEY", D("134803700"), "万元", EXACT),
        ("3541.07万元", "MONEY", D("35410700"), "万元", EXACT),
        ("三十几万元", "MONEY", D("300000"), "万元", ABOUT),
        ("二百余万元", "MONEY", D("2000000"), "万元", AT_LEAST),
        ("一千多万元", "MONEY", D("10000000"), "万元", AT_LEAST),
        ("两三个", "COUNT", D("2"), "个", ABOUT),
        ("1.57%", "PERCENT", D("0.0157"), "%", EXACT),
        ("1234.56789万元", "MONEY", D("12345678.9"), "万元", EXACT),
        ("3,363.37 万元", "MONEY", D("33633700"), "万元", EXACT),
        ("99.24%", "PERCENT", D("0.9924"), "%", EXACT),
        ("-5.0%", "PERCENT", D("-0.05"), "%", EXACT),
        ("38万人次", "COUNT", D("380000"), "人次", EXACT),
        ("277.2 万件", "COUNT", D("2772000"), "件", EXACT),
        ("277.2 万\n\n件", "COUNT", D("2772000"), "件", EXACT),
        ("万斤", "COUNT", D("10000"), "斤", EXACT),
        ("6000多人次", "COUNT", D("6000"), "人次", AT_LEAST),
        ("3400 余件", "COUNT", D("3400"), "件", AT_LEAST),
        ("两个", "COUNT", D("2"), "个", EXACT),
        ("565 件", "COUNT", D("565"), "件", EXACT),
        ("1781.86 万\n元", "MONEY", D("17818600"), "万元", EXACT),
        ("3157.89\n\n万元", "MONEY", D("31578900"), "万元", EXACT),
        ("2.5个百分点", "PERCENT", D("0.025"), "个百分点", EXACT),
        ("百分之九十五", "PERCENT", D("0.95"), "%", EXACT),
        ("千分之三", "PERCENT", D("0.003"), "‰", EXACT),
        ("0.0046‰", "PERCENT", D("0.0000046"), "‰", EXACT),
        ("100%", "PERCENT", D("1"), "%", EXACT),
        ("100.0%", "PERCENT", D("1"), "%", EXACT),
        ("９９．２４％", "PERCENT", D("0.9924"), "%", EXACT),
        ("400元/人、天", "MONEY", D("400"), "元/人、天", EXACT),
        ("0.064次/10万公顷", "COUNT", D("0.064"), "次/10万公顷", EXACT),
        ("95.25\n\n分", "SCORE", D("95.25"), "分", EXACT),
        ("10分", "SCORE", D("10"), "分", EXACT),
        ("31 万字", "COUNT", D("310000"), "万字", EXACT),
        ("1万多元", "MONEY", D("10000"), "元", AT_LEAST),
        ("两万五千元", "MONEY", D("25000"), "元", EXACT),
        ("一亿二千万元", "MONEY", D("120000000"), "元", EXACT),
        ("五百万元", "MONEY", D("5000000"), "万元", EXACT),
        ("1.2亿元", "MONEY", D("120000000"), "亿元", EXACT),
        ("3千元", "MONEY", D("3000"), "千元", EXACT),
        ("十几个", "COUNT", D("10"), "个", ABOUT),
        ("几十个", "COUNT", None, "个", ABOUT),   # no number: value refused (status ambiguous)
    ],
)
def test_quantities_normalizes_surface(surface: str, label: str, value: Decimal | None,
                                       unit: str, approx: str) -> None:
    assert _triple(normalize(surface, label)) == (value, unit, approx)


def test_quantities_percent_has_no_float_artefacts() -> None:
    value = normalize("1.57%", "PERCENT").value
    assert isinstance(value, Decimal)
    assert str(value) == "0.0157"
    value = normalize("1234.56789万元", "MONEY").value
    assert value == Decimal("12345678.9")
    assert str(value) == "12345678.9"


@pytest.mark.parametrize(
    ("before", "surface", "after", "approx"),
    [
        ("共募集善款约", "70万元", "，", ABOUT),
        ("组织召开近 ", "10场", "专家", ABOUT),
        ("将近", "30 次", "。", ABOUT),
        ("今年共征集提案 ", "565 件", "，", EXACT),
        ("超过", "500人", "", AT_LEAST),
        ("逾", "500人", "", AT_LEAST),
        ("不少于", "10次", "", AT_LEAST),
        ("不低于", "95%", "", AT_LEAST),
        ("≥", "95%", "", AT_LEAST),
        ("≧", "90分", "", AT_LEAST),
        ("不超过", "5万元", "", AT_MOST),
        ("≤", "5%", "", AT_MOST),
        ("民生提案占", "68.6%", "以上，提案", AT_LEAST),
        ("", "30万元", "以下", AT_MOST),
        ("", "30万元", "以内", AT_MOST),
        ("约", "2000人", "左右", ABOUT),
        ("", "2000人", "左右", ABOUT),
        ("文章近", "200余篇", "（条）", ABOUT),   # 近 and 余 disagree -> about
        ("超过", "3400 余件", "", AT_LEAST),
        ("节约", "5万元", "", EXACT),              # 节约 is 'save', not 'about'
        ("最近", "3次", "", EXACT),                # 最近 is 'recently'
        ("<p>", "496篇", "</p>", EXACT),           # an HTML tag, not '>'
    ],
)
def test_quantities_normalize_reads_approximators_around_span(before: str, surface: str,
                                                              after: str, approx: str) -> None:
    assert normalize(surface, "COUNT", before=before, after=after).approx == approx


@pytest.mark.parametrize(
    ("surface", "label", "table_unit", "value", "unit"),
    [
        ("2318.88", "MONEY", "万元", D("23188800"), "万元"),
        ("-120.89", "MONEY", "万元", D("-1208900"), "万元"),
        ("64.89", "MONEY", "万元", D("648900"), "万元"),
        ("1500", "MONEY", "元", D("1500"), "元"),
        ("96.5", "PERCENT", "%", D("0.965"), "%"),
        ("100", "PERCENT", "%", D("1"), "%"),
        ("735", "COUNT", "人次", D("735"), "人次"),
        ("10", "SCORE", "分", D("10"), "分"),
        ("96.5%", "PERCENT", "万元", D("0.965"), "%"),   # a unit in the span wins
    ],
)
def test_quantities_normalize_applies_table_unit_to_bare_numbers(
        surface: str, label: str, table_unit: str | None, value: Decimal, unit: str | None) -> None:
    assert _triple(normalize(surface, label, table_unit=table_unit)) == (value, unit, EXACT)


def test_quantities_normalize_rejects_unknown_label() -> None:
    with pytest.raises(IEError) as err:
        normalize("10场", "ORG")
    assert err.value.code == "E302"
    assert "MONEY" in str(err.value)


def test_quantities_normalize_non_number_gives_no_value() -> None:
    for got in (normalize("", "COUNT"), normalize("个", "COUNT")):
        assert (got.value, got.approx, got.status) == (None, EXACT, "unreadable")
    assert normalize("个", "COUNT", before="约").approx == ABOUT


def test_quantities_normalize_refuses_bare_money_or_rate_without_any_unit() -> None:
    # 2318.88 with no unit in the cell and none declared by its table: 元 or 万元? never a guess
    for surface, label in (("2318.88", "MONEY"), ("96.5", "PERCENT")):
        got = normalize(surface, label)
        assert (got.value, got.status) == (None, "ambiguous")
        assert "no unit" in got.reason
    assert normalize("2318.88", "COUNT").value == D("2318.88")   # a count needs no unit to be read
