"""Each audit rule on passages written to fail it and on passages that pass, through real extraction."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ie.audit.checks import audit_record


def _by_rule(record: dict, rule: str) -> list:
    return [c for c in audit_record(record) if c.rule == rule]


@pytest.mark.parametrize(("rate", "status"), [("95%", "fail"), ("90%", "pass"), ("90.0%", "pass"), ("90.4%", "fail")])
def test_checks_rate_against_execution_over_budget(record_of, rate, status):
    record = record_of(f"项目全年预算数100万元，全年执行数90万元，预算执行率{rate}。")
    (check,) = _by_rule(record, "rate.execution")
    assert check.status == status
    assert check.computed == Decimal("0.9000") if rate == "90%" else True
    assert {q["text"] for q in check.as_dict()["quantities"]} == {"100万元", "90万元", rate}


def test_checks_rate_rounding_of_the_stated_digits(record_of):
    # 2,760.71 / 3,363.37 = 82.081…%: 82.1% is right to its one decimal
    record = record_of("全年预算数3,363.37万元，全年执行数2,760.71万元，预算执行率82.1%。")
    assert _by_rule(record, "rate.execution")[0].status == "pass"


def test_checks_rate_without_its_parts_cannot_be_checked(record_of):
    (check,) = _by_rule(record_of("本年度预算执行率95%。"), "rate.execution")
    assert check.status == "cannot_check" and check.why


def test_checks_score_above_its_weight_fails(record_of):
    record = record_of("| 一级指标 | 三级指标 | 分值 | 得分 |\n|---|---|---|---|\n"
                       "| 产出指标 | 培训人次 | 10 | 12 |\n| 产出指标 | 会议次数 | 10 | 9 |\n")
    assert [c.status for c in _by_rule(record, "score.within_weight")] == ["fail", "pass"]


def test_checks_short_of_target_with_full_score_fails(record_of):
    record = record_of("| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|\n"
                       "| 培训人次 | ≥100人次 | 80人次 | 10 | 10 |\n| 会议次数 | ≥5次 | 6次 | 10 | 10 |\n"
                       "| 检查次数 | ≥5次 | 4次 | 10 | 8 |\n")
    assert [c.status for c in _by_rule(record, "target.full_score_when_short")] == ["fail", "pass", "pass"]


def test_checks_deviation_without_reason_fails(record_of):
    record = record_of("| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
                       "|---|---|---|---|---|---|\n"
                       "| 培训人次 | ≥100人次 | 80人次 | 10 | 8 |  |\n"
                       "| 检查次数 | ≥5次 | 4次 | 10 | 8 | 疫情影响，下年度补足 |\n"
                       "| 会议次数 | ≥5次 | 6次 | 10 | 10 | 无 |\n"
                       "| 宣传次数 | ≥5次 | 3次 | 10 | 6 | 无 |\n")
    checks = _by_rule(record, "target.deviation_reason")
    # the met row (会议次数) owes no reason: no check
    assert [(c.status, c.facts[1].text) for c in checks] == [("fail", "80人次"), ("pass", "4次"), ("fail", "3次")]
    assert "疫情影响" in checks[1].message


def test_checks_deviation_in_a_space_separated_table_cannot_be_checked(record_of):
    # cells split by spaces only: an empty last cell cannot be told from a missing one
    record = record_of("三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n培训人次 ≥100人次 80人次 10 8\n")
    (check,) = _by_rule(record, "target.deviation_reason")
    assert check.status == "cannot_check" and check.why


def test_checks_deviation_reason_without_its_column_is_no_check(record_of):
    record = record_of("| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n|---|---|---|---|---|\n"
                       "| 培训人次 | ≥100人次 | 80人次 | 10 | 8 |\n")
    assert _by_rule(record, "target.deviation_reason") == []


@pytest.mark.parametrize(("text", "status"), [
    ("经自评，自评得分85分，评价等级为优。", "fail"),
    ("经自评，自评得分92分，评价等级为优。", "pass"),
    # the report's own bands are used: 85 is 优 when it says so
    ("本次评价85分（含）以上为优。经自评，自评得分86分，评价等级为优。", "pass"),
])
def test_checks_grade_matches_score_band(record_of, text, status):
    (check,) = _by_rule(record_of(text), "grade.band")
    assert check.status == status


def test_checks_parts_against_total(record_of):
    bad = _by_rule(record_of("基本支出100万元，其中人员经费60万元，公用经费30万元。"), "sum.basic_expense")
    good = _by_rule(record_of("基本支出100万元，其中人员经费60万元，公用经费40万元。"), "sum.basic_expense")
    assert [c.status for c in bad] == ["fail"] and [c.status for c in good] == ["pass"]
    assert bad[0].computed == Decimal("900000") and bad[0].stated == Decimal("1000000")


def test_checks_funds_sources_per_column(record_of):
    record = record_of("| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n"
                       "| 年度资金总额 | 100 | 120 | 110 |\n| 其中：当年财政拨款 | 80 | 100 | 95 |\n"
                       "| 上年结转资金 | 20 | 10 | 15 |\n| 其他资金 | 0 | 0 | 0 |\n")
    checks = _by_rule(record, "sum.funds_sources")
    assert sorted(c.status for c in checks) == ["fail", "pass", "pass"]
    assert next(c for c in checks if c.status == "fail").stated == Decimal("1200000")


def test_checks_a_part_above_its_total_fails_though_parts_are_missing(record_of):
    # derived/001: the 年度资金总额 row is all 0 while 本年财政拨款 holds the money; 其他资金 is not given
    record = record_of("| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n"
                       "| 年度资金总额 | 0 | 0 | 0 |\n| 其中：本年财政拨款 | 90 | 89.974 | 89.974 |\n")
    assert [c.status for c in _by_rule(record, "sum.funds_sources")] == ["fail", "fail", "fail"]
    short = record_of("| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 |\n|---|---|---|---|\n"
                      "| 年度资金总额 | 100 | 100 | 100 |\n| 其中：本年财政拨款 | 90 | 90 | 90 |\n")
    assert {c.status for c in _by_rule(short, "sum.funds_sources")} == {"cannot_check"}


@pytest.mark.parametrize(("rate", "status"), [("99.24%", "pass"), ("95%", "cannot_check")])
def test_checks_rate_of_expense_over_income_never_fails(record_of, rate, status):
    # bundled 000: a rate stated beside 收入 and 支出 only; the base the report used is not certain
    record = record_of(f"2021年，我会整体收入13480.37万元，支出13378.07万元，预算执行率{rate}。")
    (check,) = _by_rule(record, "rate.execution")
    assert check.status == status


def test_checks_a_sentence_wrapped_after_a_comma_is_one_sentence(record_of):
    # bundled 000: the PDF's line wrap falls between 支出 and its 执行率
    record = record_of("2021年，我会整体收入 13480.37万元，支出 13378.07万元，\n\n预算执行率 99.24%。\n\n预算执行率 90%。")
    assert [c.status for c in _by_rule(record, "rate.execution")] == ["pass", "cannot_check"]


def test_checks_glued_funding_cells_are_read_and_checked(record_of):
    # derived/053: 执行数 and 执行率 written without a separator; 47.68 ÷ 50 = 95.36%, the report says 95.00%
    record = record_of("项目资金(万元)全年预算数 全年执行数执行率\n年度资金总额 50万元47.6895.00%\n"
                       "其中:中央财政补助 50万元47.6895.00%\n地方资金\n其他资金\n")
    assert "fail" in [c.status for c in _by_rule(record, "rate.execution")]
    values = {(e["start_offset"], e.get("value")) for e in record["entities"] if e["label"] in ("MONEY", "PERCENT")}
    assert (60, "476800") in values and (65, "0.95") in values


@pytest.mark.parametrize(("passage", "status"), [
    # parts above the total: whatever a 其中 list leaves out, it cannot add up
    ("项目资金合计100万元。其中，A项目60万元；B项目50万元。", "fail"),
    ("项目资金合计100万元。其中，A项目60万元；B项目40万元。", "pass"),
    # a 其中 list may leave parts out; a 具体为 list says it is complete
    ("下达资金100万元，其中A项目60万元、B项目30万元。", "not_applicable"),
    ("下达资金100万元，具体为：A项目60万元、B项目30万元。", "fail"),
    ("下达资金100万元，具体为：A项目60万元、B项目30万元等。", "not_applicable"),
    # two breakdowns of one sum in one sentence: some of the parts already make the total
    ("资金共100万元，包括中央资金60万元和地方资金40万元，用于设备70万元、培训30万元。", "cannot_check"),
    # a bracket is a part's own breakdown, a nested 其中 starts another list
    ("资金合计100万元，其中A项目60万元（其中设备50万元），B项目40万元。", "pass"),
    ("资金合计100万元，其中A项目60万元，B项目40万元，其中B1项目30万元。", "pass"),
])
def test_checks_parts_of_a_prose_total(record_of, passage, status):
    (check,) = _by_rule(record_of(passage), "sum.parts")
    assert check.status == status, check.message
    assert check.facts[0].text == "100万元"


def test_checks_parts_of_a_complete_list_with_an_unread_number_cannot_be_checked(record_of):
    # 30 with no unit is not read as an amount: the list may hold a part the sum is missing
    (check,) = _by_rule(record_of("下达资金100万元，具体为：A项目60万元、B项目30、C项目10万元。"), "sum.parts")
    assert check.status == "cannot_check" and check.why
