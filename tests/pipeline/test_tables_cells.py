"""ie.tables.cells.split_cells: empty cells (blank or written as dashes) still hold their column."""
from __future__ import annotations

import ie
from ie.tables.cells import split_cells


def _vocab():
    return ie.load("rules").get_pipe("ie_tables").vocabulary


def test_tables_cells_dash_and_blank_cells_count_as_gaps():
    text = "地方资金\t50\t30\t—\t60\t—\n| 上年结转 |  | 24.60 | - | 98% |"
    got = [(c.text, c.gap) for c in split_cells(text, _vocab())]
    assert got == [("地方资金", 0), ("50", 0), ("30", 0), ("60", 1),
                   ("上年结转", 0), ("24.60", 1), ("98%", 1)]


def test_tables_cells_gap_unknown_where_the_layout_cannot_tell():
    # one cell per line: no separator says whether a column was skipped
    cells = split_cells("执行率\n96.5%\n—\n10", _vocab())
    assert [(c.text, c.gap) for c in cells] == [("执行率", None), ("96.5%", None), ("10", 1)]


def test_tables_cells_dashes_place_a_value_in_its_column():
    nlp = ie.load("rules")
    text = ("项目资金（万元）\t全年预算数\t全年执行数\t分值\t得分系数(%)\t得分\n"
            "年度资金总额\t200\t180\t10\t90\t9\n地方资金\t50\t30\t—\t60\t—")
    doc = nlp(text)
    by_start = {e.start_char: e for e in doc.ents}
    sixty = by_start[text.rindex("60")]
    thirty = by_start[text.rindex("30")]
    assert (sixty.label_, sixty._.indicator.text) == ("PERCENT", "得分系数")
    assert (thirty.label_, thirty._.indicator.text) == ("MONEY", "全年执行数")
