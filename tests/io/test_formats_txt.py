"""Plain-text reports: UTF-8, UTF-8 with BOM, GB18030 and GBK give the same text and extraction."""
from __future__ import annotations

import pytest

from ie.io.read import read_report

REPORTS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("number", REPORTS)
@pytest.mark.parametrize("encoding, reported", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"),
                                                ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_formats_txt_encodings_give_the_original_text(tmp_path, raw_report, number, encoding, reported):
    data = raw_report(number).encode(encoding, errors="replace")  # GBK lacks a few characters (\xa0)
    text = data.decode(encoding)
    path = tmp_path / f"{number}.txt"
    path.write_bytes(data)
    doc = read_report(path)
    assert doc.text == text
    assert (doc.encoding, doc.format, doc.pages) == (reported, "txt", None)


def test_formats_txt_gb18030_extraction_matches_utf8(tmp_path, raw_report, quantities):
    text = raw_report("002")
    path = tmp_path / "002.txt"
    path.write_bytes(text.encode("gb18030"))
    assert quantities(read_report(path).text) == quantities(text)
