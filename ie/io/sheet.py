"""Spreadsheet reports: .xlsx via openpyxl (read-only, streaming) and .csv (.xls: :mod:`ie.io.ole`).

Each row is one line with its cells separated by tabs; empty cells are kept
between filled ones so columns line up, and dropped at the end of a row. In
an .xlsx, each sheet starts with a line holding its name, sheets follow each
other in workbook order, and a run of empty rows becomes one empty line.
Cells show their value as the sheet displays it where it matters: formulas
give their cached result, whole numbers have no ``.0``, and numbers with a
percent format are written as percentages (``0.965`` with ``0.0%`` → ``96.5%``).
Tabs and line breaks inside a cell become spaces.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from io import BytesIO
from pathlib import Path

from ..errors import InputError
from .common import Limits, decode_text, describe_error


MAX_SHEETS = 255
_DECIMALS = re.compile(r"\.(0+)")
_CSV_DELIMITERS = ",\t;"


def sheet_lines(path: Path, sheets: Iterable[tuple[str, Iterable[tuple[int, list[str]]]]],
                limits: Limits) -> str:
    """Lay out sheets as text: ``(title, rows)`` with rows as ``(row number, cell texts)``.

    A sheet's title comes before its first non-empty row; trailing empty
    cells are dropped; a gap in row numbers becomes one empty line.
    """
    lines: list[str] = []
    used = 0
    for count, (title, rows) in enumerate(sheets, 1):
        if count > MAX_SHEETS:
            raise InputError("E052", path=path, kind=path.suffix.lstrip(".").upper() or "sheet",
                             limit=MAX_SHEETS)
        pending_title: str | None = title
        previous = 0
        for number, cells in rows:
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if number > previous + 1 and previous:
                lines.append("")
            previous = number
            if pending_title is not None:
                lines.extend([pending_title] if not lines else ["", pending_title])
                pending_title = None
            line = "\t".join(cells)
            used += len(line) + 1
            if used > limits.max_chars:
                raise InputError("E050", path=path, limit=limits.max_chars)
            lines.append(line)
    return "\n".join(lines)


def read_xlsx(path: Path, data: bytes, limits: Limits) -> str:
    """The text of the .xlsx workbook in ``data`` (already checked as a safe ZIP container)."""
    import openpyxl


    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as e:  # noqa: BLE001 - any parser failure on a damaged file is one user error
        raise InputError("E044", path=path, kind="XLSX", reason=describe_error(e)) from None

    def sheets():
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):  # chart sheets hold no cells
                continue
            sheet.reset_dimensions()  # trust the rows present, not a declared A1:XFD1048576
            yield sheet.title, _xlsx_rows(sheet)

    try:
        if len(book.worksheets) > MAX_SHEETS:
            raise InputError("E052", path=path, kind="XLSX", limit=MAX_SHEETS)
        return sheet_lines(path, sheets(), limits)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - malformed sheet XML inside a valid package
        raise InputError("E044", path=path, kind="XLSX", reason=describe_error(e)) from None
    finally:
        book.close()


def _xlsx_rows(sheet) -> Iterator[tuple[int, list[str]]]:
    previous = 0
    for row in sheet.iter_rows():
        number = next((c.row for c in row if getattr(c, "row", None)), previous + 1)
        previous = number
        yield number, [_cell_text(c) for c in row]


def format_number(value: float, fmt: str) -> str:
    """A number as a sheet shows it: percent formats as percentages, whole numbers without ``.0``."""
    if "%" in (fmt or ""):
        match = _DECIMALS.search(fmt.split("%")[0])
        decimals = len(match.group(1)) if match else 0
        return f"{value * 100:.{decimals}f}%"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _cell_text(cell) -> str:
    """A cell's value as the sheet shows it, on one line."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(value, getattr(cell, "number_format", "") or "")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def read_csv(path: Path, data: bytes, limits: Limits) -> tuple[str, str]:
    """The text of the CSV in ``data`` and the encoding it was decoded with.

    The encoding is detected like a .txt report's (UTF-8 with or without
    BOM, else GB18030); the delimiter is sniffed among comma, tab and
    semicolon (comma when unsure).
    """

    text, encoding = decode_text(path, data)
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    lines: list[str] = []
    used = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells = [" ".join(cell.split()) for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            line = "\t".join(cells)
            used += len(line) + 1
            if used > limits.max_chars:
                raise InputError("E050", path=path, limit=limits.max_chars)
            lines.append(line)
    except csv.Error as e:
        raise InputError("E044", path=path, kind="CSV", reason=describe_error(e)) from None
    return "\n".join(lines), encoding
