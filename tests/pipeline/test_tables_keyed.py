"""ie.tables.keyed: ``label: number`` amounts under a unit heading, one per line or glued, and what is not one."""
from __future__ import annotations

import pytest

import ie
from ie.tables.keyed import read_keyed
from ie.tables.vocabulary import Vocabulary, default_vocabulary

VOCAB = Vocabulary(default_vocabulary())

# derived/077's layout: a heading naming the fund with its unit, then one amount per line
TRANSFER = ("计划生育家庭特别扶助制度补助资金 (万元)\n年度预算资金总额:  321.25 \n其中:中央补助 166.00 \n"
            "市级资金 136.00 \n本级资金(包括结转结余)  20.25 \n")
# derived/040's, after ie.io.clean joined its lines: the cells glued into one run
GLUED = ("年度资金总额\n(万元\n861.10\n\n按收入性质分：2030.12按支出性质分：1925.67其中：一般公共预算：1325.68"
         "其中：基本支出：900.47项目支出：1025.20纳入专户管理的非税收入拨款：\n其他资金：585.62\n")


@pytest.fixture(scope="module")
def rules_pipeline():
    return ie.load("rules")


def _read(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(text[link.start:link.end], text[link.indicator[0]:link.indicator[1]],
             text[link.task[0]:link.task[1]] if link.task else None, link.table_unit)
            for link in read_keyed(text, VOCAB, [])]


def test_tables_keyed_lines_under_a_fund_heading():
    assert _read(TRANSFER) == [
        ("321.25", "年度预算资金总额", "计划生育家庭特别扶助制度补助资金", "万元"),
        ("166.00", "中央补助", "计划生育家庭特别扶助制度补助资金", "万元"),
        ("136.00", "市级资金", "计划生育家庭特别扶助制度补助资金", "万元"),
        ("20.25", "本级资金(包括结转结余)", "计划生育家庭特别扶助制度补助资金", "万元")]


def test_tables_keyed_glued_cells_of_a_funding_block():
    assert [(n, label) for n, label, _, _ in _read(GLUED)] == [
        ("2030.12", "按收入性质分"), ("1925.67", "按支出性质分"), ("1325.68", "一般公共预算"),
        ("900.47", "基本支出"), ("1025.20", "项目支出"), ("585.62", "其他资金")]
    assert {task for _, _, task, _ in _read(GLUED)} == {None}  # the heading names no fund


def test_tables_keyed_nothing_without_a_declared_unit_or_a_money_label():
    assert _read("年度预算资金总额:  321.25\n其中:中央补助 166.00\n") == []   # no unit above: not an amount
    assert _read("（万元）\n完成率: 95\n培训人次: 120\n") == []           # labels that name no money
    assert _read("（万元）\n资金下达：2023年\n预算安排：12次\n") == []        # a year, a count
    assert _read("（万元）\n项目支出：25万元\n") == []                       # its own unit: the rules read it


def test_tables_keyed_skips_what_another_reading_claimed():
    start = TRANSFER.index("321.25")
    read = [TRANSFER[link.start:link.end] for link in read_keyed(TRANSFER, VOCAB, [(start, start + 6)])]
    assert "321.25" not in read and "166.00" in read


def test_tables_keyed_values_in_the_pipeline(rules_pipeline):
    result = ie.extract(TRANSFER, rules_pipeline)
    money = [(q.text, q.value, q.indicator.text if q.indicator else None) for q in result.quantities]
    assert ("321.25", 3212500, "年度预算资金总额") in money and ("20.25", 202500, "本级资金（包括结转结余）") in money


def test_tables_keyed_total_after_its_amounts():
    import ie

    doc = ie.load("rules")("单位：万元\n基本支出：1234.56\n项目支出：20.00\n合计：1254.56\n")
    assert [(e.text, e._.value, e._.indicator.text) for e in doc.ents][-1] == ("1254.56", 12545600, "合计")


def test_tables_keyed_lone_total_is_not_money():
    import ie

    doc = ie.load("rules")("(万元)\n合计: 100\n")
    assert [e.text for e in doc.ents] == []


def test_tables_keyed_label_with_its_own_unit():
    import ie

    doc = ie.load("rules")("资金总额（元）：1,234,567.00")
    assert [(e.text, e._.value, e._.unit, e._.indicator.text) for e in doc.ents] == \
        [("1,234,567.00", 1234567, "元", "资金总额")]
