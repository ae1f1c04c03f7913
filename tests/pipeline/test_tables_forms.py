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


BONDS = ("2023年新增地方政府专项债券绩效评价表\n\n单位:亿元\n\n项目名称\n\n债券性质\n\n截至2023年底已发债券规模\n\n"
         "自评分数\n\n自评等级\n\n甲医院建设工程\n\n其他项目收益专项债券\n\n0.2\n\n96.5\n\n"
         "乙医院重建项目\n\n其他项目收益专项债券\n\n1.0\n\n92\n\n良\n\n丙学校改扩建项目\n\n一般债券\n\n0.49\n\n91\n")


def test_tables_forms_list_table_without_sequence_column(vocab):
    # derived report 052: one cell per line, no 序号, an empty 自评等级 cell dropped in two rows
    got = [(BONDS[v.start:v.end], v.label, v.table_unit, BONDS[slice(*v.indicator)], BONDS[slice(*v.task)])
           for form in read_forms(BONDS, vocab) for v in form.values]
    assert got == [
        ("0.2", "MONEY", "亿元", "截至2023年底已发债券规模", "甲医院建设工程"),
        ("96.5", "SCORE", "分", "自评分数", "甲医院建设工程"),
        ("1.0", "MONEY", "亿元", "截至2023年底已发债券规模", "乙医院重建项目"),
        ("92", "SCORE", "分", "自评分数", "乙医院重建项目"),
        ("0.49", "MONEY", "亿元", "截至2023年底已发债券规模", "丙学校改扩建项目"),
        ("91", "SCORE", "分", "自评分数", "丙学校改扩建项目"),
    ]


def test_tables_forms_one_row_is_no_list_table(vocab):
    text = "项目名称\n\n债券性质\n\n债券规模\n\n自评分数\n\n甲医院建设工程\n\n专项债券\n\n0.2\n\n96.5\n"
    assert [v for form in read_forms(text, vocab) for v in form.values if v.block == "list"] == []


# a department-wide scoring sheet (derived report 046's layout: rows wrapped over lines, rubric text in cells)
SCORING = ("部门整体支出绩效评价自评表(2023年度)\n"
           "序号 | 一级指标 |\n二级指标 |\n三级指标 |\n指标分值 | 指标解释 | 指标说明及评分标准 | 自评得分 |\n"
           "1 | 规划 (15分) |\n基础信息 (3分) | 基础信息完整性 | 3 | 部门的预算基础信息是否真实完整,用于评价基础信息对预算编制的支撑程度。"
           " | 1、基础数据信息真实(1分); 2、基础数据信息完整(1分); 3、基础数据信息准确(1分)。 |\n2 |\n"
           "2 | 工作计划 (6分) | 年度工作计划完整性 | 4 | 部门制定的年度工作计划是否完整、可行。 | 年度工作计划完整可行(4分) | 3 | |\n")


def test_tables_forms_rubric_columns_stay_inside_their_row(vocab):
    forms = read_forms(SCORING, vocab)
    got = [(SCORING[v.start:v.end], v.role, SCORING[slice(*v.indicator)].strip()) for f in forms for v in f.values]
    assert ("3", "weight", "基础信息完整性") in got and ("2", "score", "基础信息完整性") in got
    assert ("4", "weight", "年度工作计划完整性") in got and ("3", "score", "年度工作计划完整性") in got
    rubric = [SCORING[a:b] for f in forms for a, b in f.rubric]
    assert any(r.startswith("1、基础数据信息真实(1分)") for r in rubric)
    assert "年度工作计划完整可行(4分)" in rubric


def test_tables_forms_rubric_numbers_are_no_quantities():
    import ie

    doc = ie.load("rules")(SCORING)
    scores = [e.text for e in doc.ents if e.label_ == "SCORE"]
    assert "1分" not in scores and "4分" not in scores      # how to score, not the report's scores
    assert "15分" in scores and "3分" in scores              # the categories' weights stay
