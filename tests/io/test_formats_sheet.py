"""Spreadsheets: the table report as .xlsx and .csv gives the same quantities as its text."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ie.errors import InputError
from ie.io.read import read_report

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


@pytest.mark.parametrize("name, fmt, encoding", [("004.xlsx", "xlsx", "n/a"), ("004.csv", "csv", "gb18030")])
def test_formats_sheet_extraction_matches_text(raw_report, quantities, name, fmt, encoding):
    doc = read_report(FORMATS / name)
    assert (doc.format, doc.encoding, doc.pages) == (fmt, encoding, None)
    assert quantities(doc.text) == quantities(raw_report("004"))


def test_formats_sheet_xlsx_shows_numbers_as_the_sheet_does():
    lines = read_report(FORMATS / "004.xlsx").text.split("\n")
    assert lines[0] == "自评表"  # the sheet's name comes first
    # 2318.88 is a number cell, 96.5% a number 0.965 with the format 0.0%
    assert "部门资金情况\t部门调整预算收入\t2318.88\t部门年初预算收入\t2439.77" in lines
    assert "\t预算完成率\t96.5%\t预算调整率\t-5.0%" in lines


def test_formats_sheet_xlsx_sheets_in_order_gaps_and_values(tmp_path):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "资金"
    first.append(["项目", "预算数", "执行率"])
    first.append(["基本支出", 1006.0, 0.9958])
    first["C2"].number_format = "0.00%"
    first["A5"] = "合计"  # rows 3-4 empty: one blank line
    first["B5"] = 2012
    first["E5"] = True
    second = book.create_sheet("指标")
    second["A1"] = "日期"
    second["B1"] = dt.datetime(2022, 12, 31)
    second["C1"] = "多行\n文本\t单元格"
    book.create_sheet("空表")
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert read_report(path).text == (
        "资金\n项目\t预算数\t执行率\n基本支出\t1006\t99.58%\n\n合计\t2012\t\t\tTRUE\n"
        "\n指标\n日期\t2022-12-31\t多行 文本 单元格")


def test_formats_sheet_xlsx_declared_huge_dimension_is_not_padded(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "提案"
    book.active["B1"] = "565件"
    path = tmp_path / "dim.xlsx"
    book.save(path)
    # a sheet that claims A1:XFD1048576 must not make 10^10 empty cells
    import zipfile
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b'<dimension ref="A1:B1"/>', b'<dimension ref="A1:XFD1048576"/>')
    assert b"XFD1048576" in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert read_report(path).text == "Sheet\n提案\t565件"


@pytest.mark.parametrize("content, delimiter", [("指标,数值\n提案,565件\n", ","), ("指标;数值\n提案;565件\n", ";"),
                                                ("指标\t数值\n提案\t565件\n", "\t")])
def test_formats_sheet_csv_delimiter_is_sniffed(tmp_path, content, delimiter):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    doc = read_report(path)
    assert doc.text == "指标\t数值\n提案\t565件" and doc.encoding == "utf-8"


def test_formats_sheet_csv_quoted_cells_stay_on_their_row(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes('"项目, 名称","多行\n说明",预算数\n基本支出,"含\t税",1006\n'.encode("gb18030"))
    doc = read_report(path)
    assert doc.text == "项目, 名称\t多行 说明\t预算数\n基本支出\t含 税\t1006"
    assert doc.encoding == "gb18030"


def test_formats_sheet_csv_only_commas_is_e049(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(",,,\n,,\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_report(path)
    assert info.value.code == "E049"
