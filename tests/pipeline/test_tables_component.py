"""ie.pipeline.table_component: the ie_tables component on a Doc."""
from __future__ import annotations

from decimal import Decimal

import pytest
import spacy

import ie
from ie.pipeline.table_component import TABLE_LINKS_KEY, TableReader, table_link_for

TEXT = ("单位：万元\n"
        "项目\t年初预算数\t全年执行数\n"
        "基本支出\t100\t98.5\n"
        "其他支出\t20\t19\n")

INDICATORS = ("三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
              "召开学习会议次数\t≥100次\t123次\t10\t10\n"
              "办复率\t≥95%\t100%\t10\t9.5\n")


@pytest.fixture(scope="module")
def nlp():
    return ie.load("rules")


def _ents(doc):
    return [(e.text, e.label_, e._.role, e._.table_unit) for e in doc.ents]


def test_tables_component_tags_bare_numbers():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_tables")
    doc = nlp(TEXT)
    assert _ents(doc) == [("100", "MONEY", None, "万元"), ("98.5", "MONEY", None, "万元"),
                          ("20", "MONEY", None, "万元"), ("19", "MONEY", None, "万元")]
    links = doc.user_data[TABLE_LINKS_KEY]
    assert len(links) == 4
    start = TEXT.index("98.5")
    assert table_link_for(doc, start, start + 4) is links[1]
    assert table_link_for(doc, 0, 2) is None


def test_tables_component_can_leave_bare_numbers_untagged():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_tables", config={"tag_bare_numbers": False})
    doc = nlp(TEXT)
    assert doc.ents == ()
    assert len(doc.user_data[TABLE_LINKS_KEY]) == 4


def test_tables_component_sets_role_on_quantities_found_by_rules():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_quantity_rules")
    nlp.add_pipe("ie_tables")
    doc = nlp(INDICATORS)
    ents = [e for e in _ents(doc) if e[1] != "ORG"]
    assert ents == [("100次", "COUNT", "target", None), ("123次", "COUNT", "actual", None),
                    ("10", "SCORE", "weight", "分"), ("10", "SCORE", "score", "分"),
                    ("95%", "PERCENT", "target", None), ("100%", "PERCENT", "actual", None),
                    ("10", "SCORE", "weight", "分"), ("9.5", "SCORE", "score", "分")]


def test_tables_component_keeps_entities_set_before_it():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_tables")
    doc = nlp.make_doc(TEXT)
    start = TEXT.index("98.5")
    doc.ents = [doc.char_span(start, start + 4, label="PERCENT")]
    doc = nlp.get_pipe("ie_tables")(doc)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["98.5"] == "PERCENT"
    assert labels["100"] == "MONEY"


def test_tables_component_splits_tokens_to_reach_its_cells():
    from spacy.tokens import Doc

    nlp = spacy.blank("zh")
    reader = nlp.add_pipe("ie_tables")
    assert isinstance(reader, TableReader)
    words = ["项目", "\t", "预算数", "\n", "基本支出\t1", "00", "\n", "其他支出", "\t", "20", "\n"]
    doc = reader(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
    assert [(e.text, e.label_) for e in doc.ents] == [("100", "MONEY"), ("20", "MONEY")]
    assert "ie.misaligned" not in doc.user_data


def test_tables_component_in_the_pipeline_gives_table_values(nlp):
    result = ie.extract(TEXT, nlp)
    q = {x.text: x for x in result.quantities}
    assert q["98.5"].label == "MONEY"
    assert q["98.5"].value == Decimal("985000")
    assert q["98.5"].unit == "万元"
    assert q["98.5"].indicator.text == "全年执行数"
    assert q["98.5"].task.text == "基本支出"


def test_tables_component_in_the_pipeline_gives_roles_and_approx(nlp):
    result = ie.extract(INDICATORS, nlp)
    q = [(x.text, x.label, x.value, x.approx, x.role, x.indicator.text) for x in result.quantities]
    assert q[0] == ("100次", "COUNT", Decimal(100), "at_least", "target", "召开学习会议次数")
    assert q[1] == ("123次", "COUNT", Decimal(123), "exact", "actual", "召开学习会议次数")
    assert q[4] == ("95%", "PERCENT", Decimal("0.95"), "at_least", "target", "办复率")
    assert q[7] == ("9.5", "SCORE", Decimal("9.5"), "exact", "score", "办复率")


def test_tables_component_score_in_a_money_table_keeps_its_points(nlp):
    text = ("单位：万元\n"
            "项目\t全年预算数\t全年执行数\t分值\t得分\n"
            "年度资金总额\t120\t110\t10\t9\n"
            "上年结转资金\t20\t15\t\t\n")
    result = ie.extract(text, nlp)
    scores = [(x.text, x.value, x.unit) for x in result.quantities if x.label == "SCORE"]
    assert [s[:2] for s in scores] == [("10", Decimal(10)), ("9", Decimal(9))]
    assert all(s[2] in (None, "分") for s in scores)


def test_tables_component_row_starting_with_a_unit_character_survives_cleaning(nlp):
    text = "单位：万元\n项目\t年初预算数\t全年执行数\n基本支出\t100\t98.5\n项目支出\t20\t19\n"
    result = ie.extract(text, nlp)
    q = {x.text: x for x in result.quantities}
    assert q["98.5"].value == Decimal("985000")
    assert q["20"].task.text == "项目支出"


def test_tables_component_writes_candidates_to_a_span_group_when_given_a_key():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_tables", config={"spans_key": "cands"})
    doc = nlp(TEXT)
    assert doc.ents == ()
    assert [(s.text, s.label_) for s in doc.spans["cands"]] == [
        ("100", "MONEY"), ("98.5", "MONEY"), ("20", "MONEY"), ("19", "MONEY")]
    assert doc.user_data[TABLE_LINKS_KEY]  # the cell links are kept for the linker either way


def test_tables_component_funding_rows_after_a_row_with_a_reason_cell(nlp):
    # derived/006's layout: the total row ends in a long 原因 cell, its 其中 rows follow
    text = ("预算执行情况（10分） | 年度预算数（万元） | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |\n"
            "总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | 1.预算执行率=预算执行数/调整后预算数，"
            "预算执行率低于90%的须说明原因（100字以内）；2.年中如有预算调整，须单独说明理由。 |\n"
            "其中：财政资金 | 0.00 | 3.36 | 3.36 | 100.00% | / | / |\n"
            "单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |\n")
    result = ie.extract(text, nlp)
    rows = {(q.task.text if q.task else None, q.indicator.text if q.indicator else None): q.value
            for q in result.quantities if q.label == "MONEY"}
    assert rows[("财政资金", "调整后预算数")] == 33600 and rows[("财政资金", "预算执行数")] == 33600
    assert rows[("单位资金", "年初预算")] == 0


def test_tables_component_multi_year_table_change_columns(nlp):
    # 部门预算/决算 tables: year headers are headers, 增减额 / 增减率 columns are read with the table's unit
    text = ("单位：万元\n项目\t2022年决算数\t2023年预算数\t增减额\t增减率\n"
            "一般公共服务支出\t1,234.56\t1,300.00\t65.44\t5.3%\n教育支出\t20.00\t18.00\t-2.00\t-10%\n")
    got = [(e.text, e.label_, e._.value, e._.indicator.text, e._.task.text) for e in nlp(text).ents]
    assert ("65.44", "MONEY", Decimal("654400"), "增减额", "一般公共服务支出") in got
    assert ("-2.00", "MONEY", Decimal("-20000"), "增减额", "教育支出") in got
    assert ("-10%", "PERCENT", Decimal("-0.1"), "增减率", "教育支出") in got


def test_tables_component_unnamed_column_of_an_amounts_table_is_money(nlp):
    # 年末结余 names no known column; in a table of 收入 / 支出 it is an amount too (unit unknown: no value)
    text = "项目\t本年收入\t本年支出\t年末结余\n财政拨款收入\t1234567.89\t1200000.00\t34567.89\n"
    got = [(e.text, e.label_, e._.value, e._.indicator.text) for e in nlp(text).ents]
    assert got[-1] == ("34567.89", "MONEY", None, "年末结余")


def test_tables_component_weight_after_a_count_with_unit_is_a_score(nlp):
    # 320人次 10: the 人次 is 320's unit, not the name of a count 10 (guideline D10 is for 总阅读人次达 254220)
    text = ("一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"
            "产出指标 数量指标 培训人次 ≥300人次 320人次 10 10 无\n")
    assert [(e.text, e.label_, e._.role) for e in nlp(text).ents][-2:] == [("10", "SCORE", "weight"),
                                                                          ("10", "SCORE", "score")]


@pytest.mark.parametrize("weight, score", [("权重", "自评分"), ("指标权重", "考核得分"), ("标准分", "得分")])
def test_tables_component_weight_and_score_header_variants(nlp, weight, score):
    text = (f"一级指标\t二级指标\t三级指标\t指标值\t完成值\t{weight}\t{score}\n"
            "产出\t数量\t培训人数\t≥50人\t52人\t20\t18\n")
    got = [(e.text, e.label_, e._.role) for e in nlp(text).ents]
    assert got[-2:] == [("20", "SCORE", "weight"), ("18", "SCORE", "score")]
