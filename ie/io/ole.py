"""Old binary Office files (OLE2 compound documents): Word .doc / WPS .wps, Excel .xls / WPS .et.

* Word and WPS text documents are read with Debian's ``catdoc`` (a small,
  maintained C program; ``apt-get install catdoc``): it writes table cells
  separated by tabs, which is what the table reader reads. Measured against
  ``antiword`` (fixed-width columns that break words across lines) and
  LibreOffice's text export (one cell per line, no row structure) on files
  made from the bundled reports; see ``tests/fixtures/make_formats.py``.
* Excel and WPS spreadsheets are read with ``xlrd`` (BIFF .xls), with cell
  formats so that a percentage cell shows as ``96.5%`` rather than ``0.965``
  (python-calamine reads faster but drops number formats, which would turn
  96.5% into a wrong bare 0.965).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from .common import Limits, describe_error
from .sheet import format_number, sheet_lines


_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
CATDOC_TIMEOUT_S = 120


def ole_kind(data: bytes) -> str | None:
    """``doc`` or ``xls`` by the streams an OLE2 file holds; None for any other (PowerPoint …)."""
    head = data[:1 << 20] if len(data) > 1 << 20 else data
    if _WORD_STREAM in head or _WORD_STREAM in data:
        return "doc"
    if any(s in head or s in data for s in _EXCEL_STREAMS):
        return "xls"
    return None


def _kind_name(path: Path, fmt: str) -> str:
    suffix = path.suffix.lower()
    if fmt == "doc":
        return "WPS (.wps)" if suffix == ".wps" else "Word (.doc)"
    return "WPS (.et)" if suffix == ".et" else "Excel (.xls)"


def read_doc(path: Path, data: bytes, limits: Limits) -> str:
    """The text of a Word 97-2003 or WPS document, tables as tab-separated rows (via catdoc)."""
    kind = _kind_name(path, "doc")
    catdoc = shutil.which("catdoc")
    if catdoc is None:
        raise InputError("E053", path=path, kind=kind)
    with tempfile.TemporaryDirectory(prefix="ie-doc-") as tmp:
        source = Path(tmp) / "report.doc"
        source.write_bytes(data)
        try:
            # -d utf-8: output encoding; -w: no line wrapping (paragraphs stay one line)
            done = subprocess.run([catdoc, "-d", "utf-8", "-w", str(source)], capture_output=True,
                                  timeout=CATDOC_TIMEOUT_S, env={**os.environ, "LC_ALL": "C.UTF-8"})
        except subprocess.TimeoutExpired:
            raise InputError("E054", path=path, kind=kind,
                             reason=f"catdoc took more than {CATDOC_TIMEOUT_S} s") from None
    if done.returncode != 0:
        reason = " ".join(done.stderr.decode("utf-8", "replace").split())[:160] or f"exit {done.returncode}"
        raise InputError("E054", path=path, kind=kind, reason=reason)
    text = done.stdout.decode("utf-8", "replace")
    if len(text) > limits.max_chars:
        raise InputError("E050", path=path, limit=limits.max_chars)
    # catdoc ends table rows with a tab before the line break and writes form feeds between pages
    lines = [line.rstrip("\t ").replace("\f", "") for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def read_xls(path: Path, data: bytes, limits: Limits) -> str:
    """The text of an Excel 97-2003 or WPS spreadsheet, one line per row, cells tab-separated."""
    import xlrd


    kind = _kind_name(path, "xls")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as e:  # noqa: BLE001 - any parser failure on a damaged file is one user error
        raise InputError("E054", path=path, kind=kind, reason=describe_error(e)) from None
    try:
        def sheets():
            for index in range(book.nsheets):
                sheet = book.sheet_by_index(index)
                rows = ((r + 1, [_xls_cell(book, sheet, r, c) for c in range(sheet.ncols)])
                        for r in range(sheet.nrows))
                yield sheet.name, rows
                book.unload_sheet(index)

        return sheet_lines(path, sheets(), limits)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - malformed records inside a readable container
        raise InputError("E054", path=path, kind=kind, reason=describe_error(e)) from None
    finally:
        book.release_resources()


def _xls_cell(book, sheet, row: int, col: int) -> str:
    """A cell's value as the sheet shows it (percent formats as percentages)."""
    import xlrd

    cell = sheet.cell(row, col)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map.get(xf.format_key)
        return format_number(cell.value, fmt.format_str if fmt else "")
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return str(cell.value)
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return " ".join(str(cell.value).split())
