"""PDF reports with a text layer: same quantities as the text, tables as rows, pages recorded.

The PDFs were printed from the .docx fixtures by LibreOffice, so their lines
are wrapped where the page ends, not where the original text broke them. The
comparison is therefore on (label, value) pairs; a difference would have to be
listed in ALLOWED_DIFFERENCES with its reason. None is needed today: the
cleaner rejoins the wrapped lines, and numbers are never split from their
units by the wrapping in these two reports.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from ie.errors import InputError
from ie.io.read import read_report

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
PDF_REPORTS = {"003": 14, "004": 9}  # report: pages
# report -> {(label, value): count difference (pdf - txt)}, each with its reason in a comment
ALLOWED_DIFFERENCES: dict[str, dict[tuple[str, str], int]] = {"003": {}, "004": {}}


@pytest.mark.parametrize("number", sorted(PDF_REPORTS))
def test_formats_pdf_extraction_matches_text(raw_report, quantities, number):
    doc = read_report(FORMATS / f"{number}.pdf")
    assert (doc.format, doc.encoding) == ("pdf", "n/a")
    got = quantities(doc.text, ("label", "value"))
    want = quantities(raw_report(number), ("label", "value"))
    diff = Counter({k: got[k] - want[k] for k in set(got) | set(want) if got[k] != want[k]})
    assert dict(diff) == ALLOWED_DIFFERENCES[number]


@pytest.mark.parametrize("number", sorted(PDF_REPORTS))
def test_formats_pdf_pages_cover_the_text_in_order(number):
    doc = read_report(FORMATS / f"{number}.pdf")
    assert doc.pages is not None and len(doc.pages) == PDF_REPORTS[number]
    assert doc.pages[0][0] == 0 and doc.pages[-1][1] == len(doc.text)
    for (_, end), (start, _) in zip(doc.pages, doc.pages[1:]):
        assert start == end + 1 and doc.text[end] == "\n"  # one line break between pages
    assert doc.page_of(0) == 1 and doc.page_of(len(doc.text) - 1) == len(doc.pages)
    assert doc.page_of(len(doc.text)) is None


@pytest.mark.parametrize("number", sorted(PDF_REPORTS))
def test_formats_pdf_each_quantity_is_on_the_page_provenance_gives(nlp, number):
    """The number of every quantity is printed on the page(s) that ``page_of`` gives for its span."""
    import ie

    path = FORMATS / f"{number}.pdf"
    doc = read_report(path)
    with pdfplumber.open(path) as pdf:
        words = [" ".join(w["text"] for w in page.extract_words()) for page in pdf.pages]
    result = ie.extract(doc.text, nlp)
    assert result.quantities
    spanning = 0
    for q in result.quantities:
        first, last = doc.page_of(q.start), doc.page_of(q.end - 1)
        assert first is not None and last is not None
        spanning += first != last  # e.g. "11\n个" with the page break inside
        number_text = re.match(r"[-\d.,]+|\S{1,2}", q.text).group()
        assert any(number_text in words[page - 1] for page in range(first, last + 1)), (q.text, first)
    assert spanning <= 2


def test_formats_pdf_tables_are_tab_rows():
    lines = read_report(FORMATS / "004.pdf").text.split("\n")
    assert "部门资金情况\t部门调整预算收入\t2318.88\t部门年初预算收入\t2439.77\t" in lines
    assert "\t预算完成率\t96.5%\t预算调整率\t-5.0%\t" in lines
    assert "\t\t\t组织委员大讲堂期数\t3期\t" in lines


def test_formats_pdf_scan_without_text_layer_is_e047(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (300, 300), "white").save(path, "PDF")
    with pytest.raises(InputError) as info:
        read_report(path)
    assert info.value.code == "E047"
    assert "no text layer" in str(info.value) and "OCR" in str(info.value)


def test_formats_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes((FORMATS / "004.pdf").read_bytes())
    doc = read_report(path)
    assert doc.format == "pdf" and len(doc.pages) == PDF_REPORTS["004"]
