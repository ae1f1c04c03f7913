"""PDF reports with a text layer, via pdfplumber: lines, tables kept as rows, page ranges.

Each page gives its text lines and its ruled tables in reading order (top
to bottom): a line of text is one line, a table row is one line with its
cells separated by tabs. Text wrapped inside a cell is joined back (without
a space between Chinese characters or digits, with one otherwise). Pages
follow each other separated by one line break; the character range of each
page in the text is returned so that a quantity's page can be told.

A PDF whose pages hold no text at all (a scan) is refused with a "no text
layer" error rather than read as an empty report.
"""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from ..errors import InputError
from .common import Limits, describe_error


MAX_PAGES = 5000
_EOF_WINDOW = 1024
# a wrapped cell line is joined without a space when either side is CJK, a digit or CJK punctuation
_TIGHT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef0-9.%]")


def read_pdf(path: Path, data: bytes, limits: Limits) -> tuple[str, list[tuple[int, int]]]:
    """The text of the PDF in ``data`` and the ``[start, end)`` range of each page in it."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect


    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise InputError("E044", path=path, kind="PDF", reason="no %%EOF marker at the end: the file is cut short")
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    used = 0
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count == 0:
                raise InputError("E049", path=path, kind="PDF")
            if count > MAX_PAGES:
                raise InputError("E052", path=path, kind="PDF", limit=MAX_PAGES)
            for page in pdf.pages:
                text = _page_text(page)
                page.close()  # drop the page's cached objects: memory stays per page
                start = used + (1 if parts else 0)
                used = start + len(text)
                if used > limits.max_chars:
                    raise InputError("E050", path=path, limit=limits.max_chars)
                parts.append(text)
                pages.append((start, used))
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - any parser failure on a damaged file is one user error
        cause = _unwrap_error(e)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError("E048", path=path) from None
        raise InputError("E044", path=path, kind="PDF", reason=describe_error(cause)) from None
    text = "\n".join(parts)
    if not text.strip():
        raise InputError("E047", path=path, pages=len(pages))
    return text, pages


def _unwrap_error(e: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors (``PdfminerException(PDFPasswordIncorrect())``)."""
    inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
    return inner or e.__cause__ or e


def _page_text(page) -> str:
    """One page: text lines outside tables and table rows, sorted from top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    blocks: list[tuple[float, float, str]] = []
    for line in rest.extract_text_lines(strip=True, return_chars=False):
        blocks.append((line["top"], line["x0"], line["text"]))
    for table in tables:
        rows = [_row_text(row) for row in table.extract()]
        blocks.append((table.bbox[1], table.bbox[0], "\n".join(rows)))
    blocks.sort(key=lambda b: (round(b[0], 1), b[1]))
    return "\n".join(text for _, _, text in blocks)


def _row_text(row: list[str | None]) -> str:
    """A table row as tab-separated cells; ``None`` (a merged cell) stays an empty cell."""
    return "\t".join(_unwrap(cell or "") for cell in row)


def _unwrap(cell: str) -> str:
    """Join the lines a cell was wrapped into."""
    lines = [line.strip() for line in cell.replace("\t", " ").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (_TIGHT.match(out[-1]) and _TIGHT.match(line[0])):
            out += " "
        out += line
    return out
