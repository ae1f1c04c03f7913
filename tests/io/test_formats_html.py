"""HTML reports: the bundled reports as web pages give the same quantities as the text."""
from __future__ import annotations

from pathlib import Path

import pytest

from ie.errors import InputError
from ie.io.read import MAX_TABLE_DEPTH, read_report

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_formats_html_extraction_matches_text(raw_report, quantities, number):
    doc = read_report(FORMATS / f"{number}.html")
    assert doc.format == "html" and doc.pages is None
    assert doc.encoding == ("gb18030" if number == "003" else "utf-8")  # 003 declares <meta charset=gb18030>
    assert quantities(doc.text) == quantities(raw_report(number))


def test_formats_html_drops_script_and_style():
    text = read_report(FORMATS / "004.html").text
    assert "99999" not in text and "margin" not in text and "report" not in text  # <title> too


def _read(tmp_path, body: str, name: str = "page.html", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(f"<html><head><title>t</title></head><body>{body}</body></html>".encode(encoding))
    return read_report(path).text


def test_formats_html_blocks_lines_and_breaks(tmp_path):
    body = ("<h1>自评报告</h1><p>第一段，\n  预算数 <b>100</b>&nbsp;万元。<br>第二行</p>"
            "<div>块一</div><div>块二</div><ul><li>甲</li><li>乙</li></ul><pre>a  b\nc</pre>")
    assert _read(tmp_path, body) == "自评报告\n\n第一段， 预算数 100\xa0万元。\n第二行\n\n块一\n块二\n甲\n乙\n\na  b\nc"


def test_formats_html_tables_are_tab_rows(tmp_path):
    body = ("<p>单位：万元</p><table><thead><tr><th>项目</th><th colspan=2>资金</th></tr></thead>"
            "<tbody><tr><td>基本<br>支出</td><td><p>预算</p><p>数</p></td><td>100</td></tr>"
            "<tr><td>其中<table><tr><td>人员</td><td>50</td></tr></table></td><td></td><td>50</td></tr>"
            "</tbody></table><p>以上。</p>")
    assert _read(tmp_path, body) == "单位：万元\n\n项目\t资金\t\n基本 支出\t预算 数\t100\n其中 人员 50\t\t50\n\n以上。"


def test_formats_html_nesting_past_the_limit_is_e051(tmp_path):
    depth = MAX_TABLE_DEPTH + 1
    body = "<table><tr><td>" * depth + "x" + "</td></tr></table>" * depth
    with pytest.raises(InputError) as info:
        _read(tmp_path, body)
    assert info.value.code == "E051"


def test_formats_html_declared_gbk_and_broken_markup(tmp_path):
    path = tmp_path / "gbk.htm"
    path.write_bytes('<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
                     "<table><tr><td>提案<td>565件<tr><td>预算".encode("gbk"))
    doc = read_report(path)
    assert doc.encoding == "gb18030"
    assert doc.text == "提案\t565件\n预算"


def test_formats_html_undeclared_gb18030_is_detected(tmp_path):
    assert _read(tmp_path, "<p>征集提案565件</p>", encoding="gb18030") == "征集提案565件"
