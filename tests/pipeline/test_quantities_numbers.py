"""parse_number: Arabic and Chinese numerals to exact Decimals (ie.pipeline.quantities)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ie.pipeline.quantities import parse_number

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两", D(2)),
        ("二", D(2)),
        ("十", D(10)),
        ("十二", D(12)),
        ("二十", D(20)),
        ("二十三", D(23)),
        ("二百", D(200)),
        ("三千四百", D(3400)),
        ("三千四", D(3400)),        # colloquial: 三千四 = 3400
        ("一百二", D(120)),
        ("两万五", D(25000)),
        ("一千零五", D(1005)),
        ("一千零五十", D(1050)),
        ("万", D(10000)),
        ("十万", D(100000)),
        ("一亿二千万", D(120000000)),
        ("一万亿", D(10 ** 12)),
        ("二〇二一", D(2021)),
        ("壹佰贰拾", D(120)),
    ],
)
def test_quantities_parses_chinese_numerals(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三十几", D(30)),   # lower bound
        ("十几", D(10)),
        ("两三", D(2)),
        ("七八百", D(700)),
        ("三四十", D(30)),
        ("二百余", D(200)),
        ("6000多", D(6000)),
    ],
)
def test_quantities_parses_approximate_numerals_to_lower_bound(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("565", D(565)),
        ("13480.37", D("13480.37")),
        ("3,363.37", D("3363.37")),
        ("29,094.17", D("29094.17")),
        ("1 234", D(1234)),
        ("1781.\n86", D("1781.86")),
        ("１２３", D(123)),
        ("１２．５", D("12.5")),
        ("-5.0", D("-5")),
        ("-120.89", D("-120.89")),
        ("3.5万", D(35000)),
        ("1.2亿", D(120000000)),
        ("277.2万", D(2772000)),
        ("1.2万亿", D(1200000000000)),
        ("1234.56789", D("1234.56789")),
    ],
)
def test_quantities_parses_arabic_numbers(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_quantities_parse_number_is_exact_not_float() -> None:
    value = parse_number("0.1")
    assert isinstance(value, Decimal)
    assert str(value) == "0.1"
    long = "3" * 40
    assert parse_number(long) == Decimal(long)  # no rounding to 28 digits


@pytest.mark.parametrize("text", ["", "  ", "数", "几十", "abc", "1,2", "三个", "第三"])
def test_quantities_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None
