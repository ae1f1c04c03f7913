"""find_quantities on hand-made strings: the contract's boundaries (ie.pipeline.quantities)."""
from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from ie.contract import APPROX_ABOUT, APPROX_AT_LEAST, APPROX_AT_MOST, APPROX_EXACT
from ie.errors import IEError, ModelError
from ie.pipeline import quantities
from ie.pipeline.quantities import DEFAULT_EXCLUSIONS, DEFAULT_UNITS, Quantity, find_quantities

D = Decimal
EXACT, ABOUT, AT_LEAST, AT_MOST = APPROX_EXACT, APPROX_ABOUT, APPROX_AT_LEAST, APPROX_AT_MOST


def _found(text: str, **kwargs: object) -> list[tuple[str, str, Decimal | None, str | None, str]]:
    return [(text[q.start:q.end], q.label, q.value, q.unit, q.approx)
            for q in find_quantities(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # trailing footnote digit is not part of the span
        ("3541.07万元2", [("3541.07万元", "MONEY", D("35410700"), "万元", EXACT)]),
        # 数 is not a numeral: the span starts at the digit
        ("数 10322.48 万元", [("10322.48 万元", "MONEY", D("103224800"), "万元", EXACT)]),
        ("三十几万元", [("三十几万元", "MONEY", D("300000"), "万元", ABOUT)]),
        ("二百余万元", [("二百余万元", "MONEY", D("2000000"), "万元", AT_LEAST)]),
        ("一千多万元", [("一千多万元", "MONEY", D("10000000"), "万元", AT_LEAST)]),
        ("两三个", [("两三个", "COUNT", D("2"), "个", ABOUT)]),
        ("1.57%", [("1.57%", "PERCENT", D("0.0157"), "%", EXACT)]),
        ("1234.56789万元", [("1234.56789万元", "MONEY", D("12345678.9"), "万元", EXACT)]),
        ("3,363.37 万元", [("3,363.37 万元", "MONEY", D("33633700"), "万元", EXACT)]),
        ("99.24%", [("99.24%", "PERCENT", D("0.9924"), "%", EXACT)]),
        ("-5.0%", [("-5.0%", "PERCENT", D("-0.05"), "%", EXACT)]),
        ("近10场", [("10场", "COUNT", D("10"), "场", ABOUT)]),
        ("38万人次", [("38万人次", "COUNT", D("380000"), "人次", EXACT)]),
        ("277.2 万件", [("277.2 万件", "COUNT", D("2772000"), "件", EXACT)]),
        ("购买万斤大米", [("万斤", "COUNT", D("10000"), "斤", EXACT)]),
        # approximators inside the span
        ("6000多人次", [("6000多人次", "COUNT", D("6000"), "人次", AT_LEAST)]),
        ("3400 余件", [("3400 余件", "COUNT", D("3400"), "件", AT_LEAST)]),
        # words around the span stay out but set approx
        ("共募集善款约70万元", [("70万元", "MONEY", D("700000"), "万元", ABOUT)]),
        ("超过500人", [("500人", "COUNT", D("500"), "人", AT_LEAST)]),
        ("不少于10次", [("10次", "COUNT", D("10"), "次", AT_LEAST)]),
        ("≥95%", [("95%", "PERCENT", D("0.95"), "%", AT_LEAST)]),
        ("占68.6%以上", [("68.6%", "PERCENT", D("0.686"), "%", AT_LEAST)]),
        ("30万元以下", [("30万元", "MONEY", D("300000"), "万元", AT_MOST)]),
        ("2000人左右", [("2000人", "COUNT", D("2000"), "人", ABOUT)]),
        # spaces, full-width digits, PDF line breaks
        ("565 件", [("565 件", "COUNT", D("565"), "件", EXACT)]),
        ("１２个", [("１２个", "COUNT", D("12"), "个", EXACT)]),
        ("1781.86 万\n元", [("1781.86 万\n元", "MONEY", D("17818600"), "万元", EXACT)]),
        ("3157.89\n\n万元，", [("3157.89\n\n万元", "MONEY", D("31578900"), "万元", EXACT)]),
        # compound units stay whole
        ("400元/人、天", [("400元/人、天", "MONEY", D("400"), "元/人、天", EXACT)]),
        ("0.064次/10万公顷", [("0.064次/10万公顷", "COUNT", D("0.064"), "次/10万公顷", EXACT)]),
        ("0.0046‰", [("0.0046‰", "PERCENT", D("0.0000046"), "‰", EXACT)]),
        # percentage points kept apart from %
        ("提高2.5个百分点", [("2.5个百分点", "PERCENT", D("0.025"), "个百分点", EXACT)]),
        ("下降一个百分点", [("一个百分点", "PERCENT", D("0.01"), "个百分点", EXACT)]),
        ("达到百分之九十五", [("百分之九十五", "PERCENT", D("0.95"), "%", EXACT)]),
        # scores
        ("自评得分10分", [("10分", "SCORE", D("10"), "分", EXACT)]),
        ("评分为 95.25\n\n分。", [("95.25\n\n分", "SCORE", D("95.25"), "分", EXACT)]),
        # Chinese numerals with money scales
        ("一万元", [("一万元", "MONEY", D("10000"), "万元", EXACT)]),
        ("两万五千元", [("两万五千元", "MONEY", D("25000"), "元", EXACT)]),
        ("走访两个合作区", [("两个", "COUNT", D("2"), "个", EXACT)]),
        # per-unit base: only the amount
        ("一名学生4000元", [("4000元", "MONEY", D("4000"), "元", EXACT)]),
        # ranges: one span, lower bound, about
        ("10-20人", [("10-20人", "COUNT", D("10"), "人", ABOUT)]),
        ("80～90分", [("80～90分", "SCORE", D("80"), "分", ABOUT)]),
        ("3.5至4.2万元", [("3.5至4.2万元", "MONEY", D("35000"), "万元", ABOUT)]),
        # a range is one quantity everywhere (lower bound, about), units on both ends too (was two)
        ("10%-20%", [("10%-20%", "PERCENT", D("0.1"), "%", ABOUT)]),
        ("增长率为-3.2%", [("-3.2%", "PERCENT", D("-0.032"), "%", EXACT)]),
    ],
)
def test_quantities_finds_contract_cases(text: str, expected: list) -> None:
    assert _found(text) == expected


def test_quantities_span_starts_at_first_digit() -> None:
    text = "数 10322.48 万元"
    (q,) = find_quantities(text)
    assert q.start == 2 and text[q.start] == "1"
    assert q.end == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "2021年", "2021 年", "1-11月份", "5月", "2019—2020年", "2022 年 5 月",
        "第四巡察组", "第十次", "第 16 项", "（三）", "一是", "二是",
        "〔2020〕181号", "粤财预〔2021〕12号",
        "四个意识", "两个维护", "四个自信", "六稳六保", "十四五", "一府一委两院", "一办六委",
        "三农", "两支队伍", "“1+1+9”工作部署", "纾困 9 条", "中央八项规定",
        "0-6岁儿童健康管理数", "孕产妇7天访视数", "3.0 版", "十一届一次会议", "前10名",
        "十分重要", "三分之一", "10分钟", "零件", "一批", "每一笔经费", "单位：万元",
        "总分≥90为优", "成立100周年", "总阅读量为 1667833", "第1-3项", "达到", "三番五次",
        "千家万户", "五位一体", "1、2、3", "附件 2",
    ],
)
def test_quantities_ignores_non_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_quantities_returns_frozen_quantities_in_text_order() -> None:
    text = "收入13480.37万元，执行率99.24%，征集提案565件，得分95分"
    found = find_quantities(text)
    assert [q.label for q in found] == ["MONEY", "PERCENT", "COUNT", "SCORE"]
    assert [q.start for q in found] == sorted(q.start for q in found)
    assert all(isinstance(q, Quantity) for q in found)
    with pytest.raises(AttributeError):
        found[0].start = 0  # type: ignore[misc]


def test_quantities_exclusions_are_a_parameter() -> None:
    text = "增强“四个意识”"
    assert find_quantities(text) == []
    (q,) = find_quantities("增强四个意识", exclusions=())
    assert (q.label, q.value, q.unit) == ("COUNT", D(4), "个")
    assert find_quantities("组织了3场活动", exclusions=DEFAULT_EXCLUSIONS + ("3场活动",)) == []


def test_quantities_units_are_a_parameter() -> None:
    text = "发放大米5斤，走访3家"
    assert [q.unit for q in find_quantities(text)] == ["斤", "家"]
    assert [q.unit for q in find_quantities(text, units={"斤": "COUNT"})] == ["斤"]
    (q,) = find_quantities("完成7宗", units={**DEFAULT_UNITS, "宗": "COUNT"})
    assert q.value == D(7)


@pytest.mark.parametrize(
    ("units", "code"),
    [({"件": "THING"}, "E300"), ({"件": "ORG"}, "E300"), ({"": "COUNT"}, "E301"),
     ({" ": "COUNT"}, "E301")],
)
def test_quantities_rejects_bad_unit_table(units: dict, code: str) -> None:
    with pytest.raises(ModelError) as err:
        find_quantities("565 件", units=units)
    assert err.value.code == code
    assert isinstance(err.value, IEError)


@pytest.mark.parametrize("exclusions", [("",), (None,), ("四个意识", 4)])
def test_quantities_rejects_bad_exclusions(exclusions: tuple) -> None:
    with pytest.raises(ModelError) as err:
        find_quantities("565 件", exclusions=exclusions)
    assert err.value.code == "E303"


def test_quantities_module_is_pure_python() -> None:
    tree = ast.parse(Path(quantities.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert "spacy" not in imported
    assert imported <= {"__future__", "re", "dataclasses", "decimal", "functools", "typing"}


@pytest.mark.parametrize("text, span, value, unit", [
    ("项目总投资2000万，已完成", "2000万", Decimal("20000000"), "万"),
    ("区财政局分2批次把141.8萬補助資金發放到位", "141.8萬", Decimal("1418000"), "萬"),
    ("筹集公益金2.35亿。", "2.35亿", Decimal("235000000"), "亿"),
    ("共投入资金共计1,200万。", "1,200万", Decimal("12000000"), "万"),
])
def test_quantities_money_with_yuan_left_out(text: str, span: str, value: Decimal, unit: str) -> None:
    # guideline N3: 万/亿 written, 元 left out, a money noun right before or after: MONEY in yuan
    got = [(text[q.start:q.end], q.label, q.value, q.unit) for q in find_quantities(text)]
    assert (span, "MONEY", value, unit) in got


@pytest.mark.parametrize("text", ["带动就业1.2万，", "资金惠及群众1.2万，", "预计销量达14.5亿，", "覆盖人口3万余"])
def test_quantities_scale_without_money_noun_is_no_money(text: str) -> None:
    # no money noun next to it: people or sales, not yuan — never read as an amount
    assert [q for q in find_quantities(text) if q.label == "MONEY"] == []
