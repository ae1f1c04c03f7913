"""Word reports: the bundled reports as .docx give the same quantities as the .txt originals."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from ie.errors import InputError
from ie.io.read import MAX_TABLE_DEPTH, read_report

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_formats_docx_extraction_matches_text(raw_report, quantities, number):
    doc = read_report(FORMATS / f"{number}.docx")
    assert (doc.format, doc.encoding, doc.pages) == ("docx", "n/a", None)
    assert quantities(doc.text) == quantities(raw_report(number))


def test_formats_docx_prose_reports_read_back_line_for_line(raw_report):
    # one paragraph per line: the text is the original, tabs and blank lines included
    for number in ("000", "001", "003"):
        assert read_report(FORMATS / f"{number}.docx").text == raw_report(number)


def test_formats_docx_tables_are_tab_rows_in_body_order(raw_report):
    text = read_report(FORMATS / "004.docx").text
    lines = text.split("\n")
    assert lines[0:3] == ["", "", "附件2"]
    assert "单位：万元" in lines
    row = next(line for line in lines if line.startswith("部门资金情况"))
    assert row.split("\t") == ["部门资金情况", "部门调整预算收入", "2318.88", "部门年初预算收入", "2439.77", ""]
    # a cell's paragraphs are joined by a space, on the row's line
    assert "学习活动23次。 2. 制订委员学习培训五年计划" in text
    # body order: the table comes after the heading and before nothing else
    assert text.index("单位：万元") < text.index("部门资金情况")


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_formats_docx_merged_cells_keep_columns_and_do_not_repeat_text(tmp_path):
    def build(document):
        document.add_paragraph("单位：万元")
        table = document.add_table(rows=2, cols=3)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "预算数"
        table.cell(0, 2).text = "执行数"
        table.cell(1, 0).text = "基本支出"
        table.cell(1, 1).text = "100"
        table.cell(1, 2).text = "99"
        document.add_paragraph("以上。")

    path = tmp_path / "merged.docx"
    path.write_bytes(_docx(build))
    assert read_report(path).text == "单位：万元\n预算数\t\t执行数\n基本支出\t100\t99\n以上。"


def test_formats_docx_nested_tables_flatten_into_the_cell(tmp_path):
    def build(document):
        outer = document.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "指标"
        inner = outer.cell(0, 1).add_table(rows=2, cols=2)
        for (r, c), value in {(0, 0): "提案", (0, 1): "565件", (1, 0): "预算", (1, 1): "10万元"}.items():
            inner.cell(r, c).text = value

    path = tmp_path / "nested.docx"
    path.write_bytes(_docx(build))
    assert read_report(path).text == "指标\t提案 565件 预算 10万元"


def test_formats_docx_nesting_past_the_limit_is_e051(tmp_path):
    def build(document):
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        for _ in range(MAX_TABLE_DEPTH):
            cell = cell.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "10万元"

    path = tmp_path / "deep.docx"
    path.write_bytes(_docx(build))
    with pytest.raises(InputError) as info:
        read_report(path)
    assert info.value.code == "E051" and f"more than {MAX_TABLE_DEPTH} levels" in str(info.value)


def test_formats_docx_content_sniffed_whatever_the_name(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes((FORMATS / "003.docx").read_bytes())
    doc = read_report(path)
    assert doc.format == "docx" and doc.text.startswith(" 附件二")


def test_formats_docx_max_chars_is_e050(tmp_path):
    with pytest.raises(InputError) as info:
        read_report(FORMATS / "003.docx", max_chars=1000)
    assert info.value.code == "E050" and "1000 characters" in str(info.value)


def test_formats_docx_zip_members_are_checked_before_opening(tmp_path):
    # a member compressed more than 100:1 is refused without being inflated
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (2 << 20))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as info:
        read_report(path)
    assert info.value.code == "E043" and "ZIP bomb" in str(info.value)
