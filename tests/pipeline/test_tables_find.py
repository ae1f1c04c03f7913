"""ie.pipeline.tables.find_tables: tables flattened into text (tab rows, pipe rows, one cell per line)."""
from __future__ import annotations

import pytest

from ie.tables.grid import find_tables, link_cells


def _cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_tables_find_tab_rows_with_positional_empty_cells():
    text = "前言。\n项目\t年初预算数\t全年执行数\n基本支出\t100\t\n\t20\t19\n结束。"
    (table,) = find_tables(text)
    assert _cells(table) == [["项目", "年初预算数", "全年执行数"], ["基本支出", "100", ""], ["", "20", "19"]]
    assert table.start == text.index("项目")
    assert table.end == text.index("\n结束")
    # cell offsets slice the text to the cell (white space trimmed)
    for row in table.rows:
        for cell in row.cells:
            assert text[cell.start:cell.end] == cell.text


def test_tables_find_pipe_rows_and_skip_the_separator():
    text = "| 指标名称 | 年度指标值 | 实际完成值 |\n|---|:---:|---|\n| 培训人次 | 700 | 735 |\n| 满意度 | 90% | 95% |\n"
    (table,) = find_tables(text)
    assert _cells(table) == [["指标名称", "年度指标值", "实际完成值"], ["培训人次", "700", "735"],
                             ["满意度", "90%", "95%"]]
    cell = table.rows[1].cells[2]
    assert text[cell.start:cell.end] == "735"


def test_tables_find_one_cell_per_line_rows():
    text = ("单位：万元\n\t支出类别\n\t年初预算数\n\t决算数\n\n"
            "\t一、基本支出\n\t3598.13\n\t3854.81\n\n\t      人员经费\n\t3311.82\n\t3551.51\n")
    (table,) = find_tables(text)
    assert _cells(table) == [["支出类别", "年初预算数", "决算数"], ["一、基本支出", "3598.13", "3854.81"],
                             ["人员经费", "3311.82", "3551.51"]]
    assert table.unit == "万元"


def test_tables_find_one_cell_per_line_joins_a_wrapped_cell():
    text = "\t主要任务\n\t完成情况\n\n\t组织调研\n视察工作\n\t46次\n\n\t提案办理\n\t190件\n"
    (table,) = find_tables(text)
    assert _cells(table)[1] == ["组织调研\n视察工作", "46次"]


def test_tables_find_needs_two_rows():
    assert find_tables("项目\t预算数\n这一行不是表格。") == []
    assert find_tables("| 只有 | 一行 |") == []


def test_tables_find_separate_tables_around_prose():
    text = "项目\t预算数\n基本支出\t100\n中间是一段正文。\n指标\t完成值\n提案\t190件\n"
    tables = find_tables(text)
    assert [_cells(t)[0] for t in tables] == [["项目", "预算数"], ["指标", "完成值"]]


def test_tables_find_closes_a_table_after_more_than_three_blank_lines():
    rows = "\t项目\n\t预算数\n\n\t基本支出\n\t100\n"
    assert len(find_tables(rows + "\n\n\n" + "\t项目支出\n\t20\n")) == 1   # 3 blank lines: same table
    tables = find_tables(rows + "\n\n\n\n" + "\t项目支出\n\t20\n\n\t其他\n\t5\n")
    assert len(tables) == 2


@pytest.mark.parametrize("above, unit", [
    ("单位：万元", "万元"), ("金额单位: 元", "元"), ("计量单位：人次", "人次"), ("单位:亿元", "亿元"),
    ("部门支出明细表\n单位：千元\n", "千元"), ("说明文字。", None),
])
def test_tables_find_reads_the_unit_declared_above(above, unit):
    text = f"{above}\n项目\t预算数\n基本支出\t100\n项目支出\t20\n"
    (table,) = find_tables(text)
    assert table.unit == unit


def test_tables_find_ignores_a_unit_declared_far_above():
    text = "单位：万元\n" + "很长的一段正文。\n" * 30 + "项目\t预算数\n基本支出\t100\n项目支出\t20\n"
    (table,) = find_tables(text)
    assert table.unit is None


def test_tables_find_one_cell_per_line_keeps_empty_cells():
    text = "单位：万元\n\t支出类别\n\t年初预算数\n\t决算数\n\n\t基本支出\n\t\n\t50\n\n\t项目支出\n\t30\n\t20\n"
    (table,) = find_tables(text)
    assert _cells(table)[1] == ["基本支出", "", "50"]
    link = next(l for l in link_cells(text, table) if text[l.start:l.end] == "50")
    assert text[slice(*link.indicator)] == "决算数"
    assert text[slice(*link.task)] == "基本支出"


def test_tables_find_one_cell_per_line_row_of_empty_cells_does_not_close_the_table():
    text = ("单位：万元\n\t支出类别\n\t年初预算数\n\t调整预算数\n\t决算数\n\n"
            "\t一、基本支出\n\t3598.13\n\t3875.76\n\t3854.81\n\n"
            "\t四、经营支出\n\t\n\t\n\t\n\n"
            "\t合计\n\t4482.25\n\t4813.40\n\t4754.99\n")
    links = [l for t in find_tables(text) for l in link_cells(text, t)]
    total = next((l for l in links if text[l.start:l.end] == "4482.25"), None)
    assert total is not None
    assert text[slice(*total.indicator)] == "年初预算数"
    assert text[slice(*total.task)] == "合计"
    assert total.label == "MONEY" and total.table_unit == "万元"
