"""ie.io.clean.clean_text: the clean text the model reads and its map back to the input."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ie.io.clean import CleanText, clean_text


def _check_map(raw: str, clean: CleanText) -> None:
    """Invariants of every offset map: one entry per clean char plus len(raw), in order."""
    assert len(clean.offsets) == len(clean.text) + 1
    assert clean.offsets[-1] == len(raw)
    assert all(0 <= o <= len(raw) for o in clean.offsets)
    assert clean.offsets == sorted(clean.offsets)


def _span(clean: CleanText, part: str) -> tuple[int, int]:
    start = clean.text.index(part)
    return start, start + len(part)


# --- line ends, BOM, trailing space -------------------------------------------------

def test_clean_crlf_becomes_lf_and_keeps_offsets():
    raw = "第一段。\r\n第二段565件。\r第三段。"
    c = clean_text(raw)
    assert c.text == "第一段。\n第二段565件。\n第三段。"
    _check_map(raw, c)
    s, e = c.to_original(*_span(c, "565件"))
    assert raw[s:e] == "565件"


def test_clean_drops_bom_and_maps_past_it():
    raw = "\ufeff征集提案565件"
    c = clean_text(raw)
    assert c.text == "征集提案565件"
    _check_map(raw, c)
    assert c.to_original(0, 4) == (1, 5)


def test_clean_drops_trailing_spaces_at_line_ends():
    raw = "行尾空格   \n下一行\t \n末行  "
    c = clean_text(raw)
    assert c.text == "行尾空格\n下一行\n末行"
    _check_map(raw, c)


def test_clean_keeps_empty_cells_of_a_one_cell_per_line_table():
    # report 002's expenditure table: empty cells are lines holding a tab; dropping them
    # ended the table before its 合计 row, whose numbers then lost the table's unit (万元)
    raw = "\t支出类别\n\t决算数\n\n\t四、经营支出\n\t\n\n\t合计\n\t4754.99\n  \n"
    c = clean_text(raw)
    assert c.text == "\t支出类别\n\t决算数\n\n\t四、经营支出\n\t\n\n\t合计\n\t4754.99\n\n"
    _check_map(raw, c)


def test_clean_one_cell_per_line_total_row_keeps_the_table_unit():
    """The table of report 002 as written: its 合计 row comes after four rows of empty cells."""
    from pathlib import Path

    import ie

    raw_file = next((Path(__file__).resolve().parents[2] / "annotations" / "raw").glob("002_*.txt"))
    report = raw_file.read_text(encoding="utf-8")
    table = report[report.index("部门预算支出明细表"):report.index("2、 绩效自评情况")]
    got = {(q.text, q.unit, q.value) for q in ie.extract(table, ie.load("rules")).quantities}
    assert ("4754.99", "万元", Decimal("47549900")) in got, sorted(got)


# --- page markers ------------------------------------------------------------------

@pytest.mark.parametrize("marker", ["- 2 -", "— 12 —", "－3－", "第 3 页", "第3页 共10页", "  -  7  -  "])
def test_clean_removes_page_marker_lines(marker):
    raw = f"征集提案。\n{marker}\n办理565件。"
    c = clean_text(raw)
    assert marker.strip() not in c.text
    assert "7" not in c.text.replace("565", "")
    _check_map(raw, c)
    s, e = c.to_original(*_span(c, "565件"))
    assert raw[s:e] == "565件"


def test_clean_keeps_dashes_and_page_words_inside_sentences():
    raw = "预算调整率 -5.0%，详见第 3 页表格。"
    c = clean_text(raw)
    assert "-5.0%" in c.text and "第 3 页" in c.text


# --- HTML ----------------------------------------------------------------------------

def test_clean_strips_html_tags_in_cells():
    raw = "<p>公众号发布文章</p>\t<P class='x'>496篇</P><br/>\t<span>48.04</span>"
    c = clean_text(raw)
    assert c.text == "公众号发布文章\t496篇\t48.04"
    _check_map(raw, c)
    s, e = c.to_original(*_span(c, "496篇"))
    assert raw[s:e] == "496篇"


def test_clean_replaces_html_entities():
    raw = "共&nbsp;5&nbsp;项，A &lt; B &amp; C"
    c = clean_text(raw)
    assert c.text == "共 5 项，A < B & C"
    _check_map(raw, c)
    s, e = c.to_original(*_span(c, "5 项"))
    assert raw[s:e] == "5&nbsp;项"


def test_clean_keeps_non_html_angle_text():
    raw = "《条例》<pre>与<table>不是单元格标签"
    assert clean_text(raw).text == raw


# --- one-to-one character normalization ---------------------------------------------------

def test_clean_repairs_broken_pdf_quotes():
    raw = "增强\u201a四个意识\u201b"
    c = clean_text(raw)
    assert c.text == "增强“四个意识”"
    assert c.offsets[:-1] == list(range(len(raw)))


def test_clean_folds_fullwidth_digits_and_letters_in_place():
    raw = "征集提案５６５件，ＡＢｃ，占９９．２４％，－５"
    c = clean_text(raw)
    assert c.text == "征集提案565件，ABc，占99.24%，-5"
    # same length: every character keeps its own origin
    assert c.offsets[:-1] == list(range(len(raw)))
    s, e = c.to_original(*_span(c, "565件"))
    assert raw[s:e] == "５６５件"


@pytest.mark.parametrize("raw, expected", [
    ("会议,讨论", "会议，讨论"),
    ("会议 , 讨论", "会议，讨论"),
    ("目标;任务", "目标；任务"),
    ("比例(含)说明", "比例（含）说明"),
    ("收入:2318", "收入：2318"),
    ("是否完成?是", "是否完成？是"),
])
def test_clean_ascii_punctuation_between_chinese_becomes_fullwidth(raw, expected):
    c = clean_text(raw)
    assert c.text == expected
    _check_map(raw, c)


@pytest.mark.parametrize("raw", ["abc,def", "1,234.56万元", "T. I. T智慧园", "A:B"])
def test_clean_ascii_punctuation_elsewhere_is_kept(raw):
    assert clean_text(raw).text == raw


@pytest.mark.xfail(reason="BUG: _ASCII_PUNCT's \\s* swallows the line break before an ASCII '(' heading, "
                          "joining the heading onto the previous line", strict=True)
def test_clean_ascii_paren_heading_keeps_its_line_break():
    raw = "一、基本情况\n(一)部门职能"
    assert clean_text(raw).text == "一、基本情况\n（一）部门职能"


@pytest.mark.xfail(reason="BUG: _ASCII_PUNCT's \\s* swallows the tab between two table cells, "
                          "merging the cells", strict=True)
def test_clean_ascii_paren_keeps_table_tab():
    raw = "一级指标\t(一)产出指标\t10"
    assert clean_text(raw).text.split("\t") == ["一级指标", "（一）产出指标", "10"]


# --- numbers broken by line breaks ---------------------------------------------------------

@pytest.mark.parametrize("raw, joined, clean_q, original_q", [
    ("预算数1781.86 万\n元，执行", "预算数1781.86 万元，执行", "1781.86 万元", "1781.86 万\n元"),
    ("征集提案565\n件。", "征集提案565件。", "565件", "565\n件"),
    ("征集提案565 \n\n 件。", "征集提案565件。", "565件", "565 \n\n 件"),
    ("执行率99.24\n%。", "执行率99.24%。", "99.24%", "99.24\n%"),
    ("培训600\n人次。", "培训600人次。", "600人次", "600\n人次"),
    ("共计1,\n234万元。", "共计1,234万元。", "1,234万元", "1,\n234万元"),
    ("共计1.\n5万元。", "共计1.5万元。", "1.5万元", "1.\n5万元"),
])
def test_clean_joins_numbers_broken_by_line_breaks(raw, joined, clean_q, original_q):
    c = clean_text(raw)
    assert c.text == joined
    _check_map(raw, c)
    s, e = c.to_original(*_span(c, clean_q))
    assert raw[s:e] == original_q


def test_clean_keeps_table_row_breaks_after_a_number():
    raw = "基本支出\t100\t98.5\n项目支出\t20\t19"
    assert clean_text(raw).text == raw


def test_clean_keeps_line_break_after_a_year_or_a_plain_word():
    raw = "2021\n年度工作\n共计100\n年"
    assert clean_text(raw).text == raw


# --- PDF-wrapped lines ------------------------------------------------------------------

LINE = "这是一个很长的句子用来模拟PDF里每一行的宽度而且没有"  # 27 characters


def test_clean_joins_lines_wrapped_inside_a_sentence():
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "继续", "下一行到这里结束。"])
    c = clean_text(raw)
    assert LINE + "继续下一行到这里结束。" in c.text
    assert c.text.count("\n") == 4
    _check_map(raw, c)


def test_clean_joins_across_blank_lines_and_indentation():
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "继续", "", "", "   下一行到这里结束。"])
    c = clean_text(raw)
    assert LINE + "继续下一行到这里结束。" in c.text
    s, e = c.to_original(*_span(c, "继续下一行"))
    assert raw[s:e] == "继续\n\n\n   下一行"


@pytest.mark.parametrize("nxt", ["（一）部门职能", "二、绩效情况", "3、重点工作", "附件2"])
def test_clean_does_not_join_a_wrapped_line_onto_a_heading(nxt):
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "继续", nxt])
    c = clean_text(raw)
    assert c.text.endswith(LINE + "继续\n" + nxt)


def test_clean_does_not_join_after_sentence_end_or_short_line():
    raw = "\n".join([LINE + "结束。"] * 5 + ["短行", "下一行"])
    c = clean_text(raw)
    assert c.text.count("\n") == 6


def test_clean_never_joins_table_lines():
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "表格前", "指标\t年度指标值\t实际完成值", "\t调研次数\t46次"])
    c = clean_text(raw)
    assert c.text.endswith(LINE + "表格前\n指标\t年度指标值\t实际完成值\n\t调研次数\t46次")


@pytest.mark.parametrize("nxt", ["中央主管部门 中国福利彩票发行管理中心", "专项（项目）名称 彩票市场调控资金",
                                 "项目资金（万元）全年预算数 全年执行数", "绩效指标一级指标二级指标"])
def test_clean_does_not_join_a_line_onto_a_form_row(nxt):
    # a self-evaluation form flattened one row per line (derived report 053): each row stays a line
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "继续", nxt])
    assert clean_text(raw).text.endswith(LINE + "继续\n" + nxt)


def test_clean_does_not_join_the_cells_below_a_column_header():
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "全年实际完成情况", "项目总预算预计为50万元。"])
    assert clean_text(raw).text.endswith("全年实际完成情况\n项目总预算预计为50万元。")


def test_clean_joins_a_sentence_whose_next_line_starts_with_a_form_word():
    # 项目资金 followed by its amount is the rest of the sentence, not a form row
    raw = "\n".join([LINE + "结束。"] * 4 + [LINE + "下达", "项目资金100万元。"])
    assert clean_text(raw).text.endswith(LINE + "下达项目资金100万元。")


def test_clean_does_not_join_when_the_document_has_few_long_lines():
    raw = LINE + "继续\n下一行"
    assert clean_text(raw).text == raw


# --- the offset map ---------------------------------------------------------------------

def test_clean_to_original_covers_a_pdf_line_break_in_a_quantity():
    raw = "基本支出预算数1781.86 万\n元，执行率99.24%。"
    c = clean_text(raw)
    s, e = c.to_original(*_span(c, "1781.86 万元"))
    assert raw[s:e] == "1781.86 万\n元"


def test_clean_to_original_of_an_empty_span():
    c = clean_text("ab- 2 -cd")
    assert c.to_original(1, 1) == (c.offsets[1], c.offsets[1])
    assert c.to_original(len(c.text), len(c.text)) == (9, 9)


def test_clean_empty_input():
    c = clean_text("")
    assert c.text == "" and c.offsets == [0]


@pytest.mark.parametrize("raw", [
    "\ufeff广州市政协办公厅 2021 年部门整体\r\n支出绩效自评报告\r\n\r\n- 2 -\r\n征集提案５６５\n件，\u201a四个意识\u201b",
    "<p>1. 共开展会议1次</p>&nbsp;<br>\t<p>96.5%</p>\n第 2 页 共 9 页\n",
    "a , b ;c\n\n\n\n(一)",
])
def test_clean_offset_map_invariants(raw):
    c = clean_text(raw)
    _check_map(raw, c)
    # every character that was not rewritten maps to itself
    for ch, o in zip(c.text, c.offsets):
        if ch.isascii() and ch.isalnum() and raw[o].isascii():
            assert raw[o] == ch
