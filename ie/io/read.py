"""Read report files into text, with one clear error per unreadable input.

:func:`read_report` is the single entry point. It reads the file's bytes once
(refusing anything over the size limit before reading), detects the format
from the content first (magic bytes) and the suffix second, and hands the
bytes to one reader module per format:

==========  ==========================================  =====================
format      reader                                      text
==========  ==========================================  =====================
txt         :func:`ie.io.common.decode_text`            as decoded (UTF-8,
                                                        UTF-16/32, GB18030)
docx        :mod:`ie.io.docx` (python-docx)             paragraphs and tables
doc/wps     :mod:`ie.io.ole` (catdoc)                   paragraphs and tables
pdf         :mod:`ie.io.pdf` (pdfplumber)               lines and table rows
ofd         :mod:`ie.io.ofd` (zipfile, xml)             lines, cells by gaps
xlsx/csv    :mod:`ie.io.sheet` (openpyxl, csv)          rows, sheet by sheet
xls/et      :mod:`ie.io.ole` (xlrd)                     rows, sheet by sheet
html        :mod:`ie.io.html` (html.parser)             blocks and table rows
==========  ==========================================  =====================

Table rows become one line each, cells separated by tabs, which is what
:mod:`ie.tables` reads. Every failure is an :class:`InputError`
whose one-line message names the file and says what to do.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from ..errors import InputError
from .common import MAX_TABLE_DEPTH, Limits, decode_text, describe_error

__all__ = ["DEFAULT_MAX_MB", "SKIPPED", "SUFFIXES", "Limits", "MAX_TABLE_DEPTH", "RawDocument", "collect_inputs",
           "decode_text", "describe_error", "read_report"]

DEFAULT_MAX_MB = 50
#: the code of a file in a folder that is not a report: listed, not a failure
SKIPPED = "E055"
SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".doc", ".wps", ".pdf", ".ofd", ".xlsx", ".xls", ".et",
                             ".csv", ".html", ".htm")

# guard rails for ZIP containers (.docx, .xlsx), checked before any library opens them
ZIP_MAX_MB = 200           # sum of the members' uncompressed sizes
ZIP_MAX_RATIO = 100        # uncompressed : compressed, for members large enough to matter
ZIP_RATIO_FLOOR_MB = 1     # members smaller than this are never refused for their ratio
ZIP_MAX_MEMBERS = 5000

_TEXT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")
_SUFFIX_FORMAT = {".txt": "txt", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".pdf": "pdf",
                  ".ofd": "ofd", ".xlsx": "xlsx", ".xls": "xls", ".et": "xls", ".csv": "csv",
                  ".html": "html", ".htm": "html"}
_FORMAT_NAMES = {"docx": "a Word (.docx) file", "xlsx": "an Excel (.xlsx) file", "pdf": "a PDF file",
                 "doc": "a Word/WPS (.doc/.wps) file", "xls": "an Excel/WPS (.xls/.et) file",
                 "ofd": "an OFD file"}
_BINARY_FORMATS = ("docx", "xlsx", "pdf", "doc", "xls", "ofd")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_EOCD = b"PK\x05\x06"
_READ_CHUNK = 1 << 20
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only; elsewhere FIFOs are not a concern


@dataclass(frozen=True)
class RawDocument:
    """A report as read from disk.

    ``text`` is what the reader made of the file (tables as tab-separated
    rows); ``clean_text`` turns it into the text the model reads.
    ``encoding`` is the character encoding the bytes were decoded with for
    the text formats (txt, csv, html: ``utf-8``, ``gb18030``, …) and ``n/a``
    for the binary formats, whose text the format library decodes.
    ``sha256`` is the hash of the bytes on disk. ``format`` is the detected
    format (``txt``, ``docx``, ``doc``, ``pdf``, ``ofd``, ``xlsx``, ``xls``, ``csv``, ``html``), which
    may differ from the suffix when the content says otherwise. ``pages``
    holds, for a PDF, the ``[start, end)`` character range of each page in
    ``text`` (page ``i + 1`` is ``pages[i]``); ``None`` for other formats.
    """

    path: Path
    text: str
    encoding: str
    sha256: str
    format: str = "txt"
    pages: list[tuple[int, int]] | None = None

    def page_of(self, offset: int) -> int | None:
        """The 1-based page number holding character ``offset`` of ``text``, if known."""
        if self.pages is None:
            return None
        for number, (start, end) in enumerate(self.pages, start=1):
            if start <= offset < end:
                return number
        return None


def collect_inputs(paths: list[Path]) -> tuple[list[Path], list[InputError]]:
    """Expand files and folders into report files; folders without reports are errors.

    Folders are searched recursively for the suffixes in :data:`SUFFIXES`;
    every other file found there is reported as skipped (E055, with its
    suffix: never dropped silently), Office lock files (``~$name``) too;
    hidden files and folders (``.name``, such as a run's own journal) are
    not searched. Symbolic links to folders are not followed, so link loops
    cannot hang the search; links to files are kept. Every path returned is
    a regular file (or a link to one), so callers may resolve, hash or open
    it without blocking: a broken or looping link is an error (E042), and so
    is a named pipe, socket or device (E041), found or given. Paths given
    explicitly are kept whatever their suffix.
    """
    files: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if path.is_dir():
            before = len(errors)
            found = _walk(path, errors)
            if not found and all(e.code == SKIPPED for e in errors[before:]):  # no reports at all
                errors.append(InputError("E006", path=path))
            files.extend(found)
        elif path.exists() or path.is_symlink():
            _keep_file(path, files, errors)
        else:
            errors.append(InputError("E001", path=path))
    return files, errors


def source_names(files: list[Path], given: list[Path]) -> dict[Path, str]:
    """The name each file goes by in the outputs: its path below the folder it was found in.

    ``ie extract annotations/raw`` names ``annotations/raw/derived/012.txt``
    ``derived/012.txt`` (as the gold does); a file given by itself keeps its name.
    """
    folders = [g for g in given if g.is_dir()]
    out: dict[Path, str] = {}
    for path in files:
        name = path.name
        for folder in folders:
            try:
                name = path.relative_to(folder).as_posix()
                break
            except ValueError:
                continue
        out[path] = name
    return out


def _keep_file(path: Path, files: list[Path], errors: list[InputError]) -> None:
    """Keep ``path`` if it is a regular file; otherwise record why it cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        errors.append(_open_error(path, e))
        return
    if stat.S_ISREG(mode):
        files.append(path)
    else:
        errors.append(InputError("E041", path=path, kind=_file_kind(mode)))


def _walk(folder: Path, errors: list[InputError]) -> list[Path]:
    """Report files under ``folder``, sorted; unreadable sub-folders become errors."""
    def on_error(e: OSError) -> None:
        if e.filename is not None and Path(e.filename) != folder:
            errors.append(InputError("E008", path=e.filename, reason=e.strerror or str(e)))

    found: list[Path] = []
    refused: list[InputError] = []
    for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if name.startswith("~$") or suffix not in SUFFIXES:
                what = "an Office lock file" if name.startswith("~$") else f"'{suffix or '(no suffix)'}'"
                refused.append(InputError("E055", path=Path(root) / name, suffix=what))
                continue
            _keep_file(Path(root) / name, found, refused)
    errors.extend(sorted(refused, key=lambda e: str(e.kwargs["path"])))
    found.sort()
    return found


def read_report(path: Path, *, max_mb: float = DEFAULT_MAX_MB, max_chars: int | None = None) -> RawDocument:
    """Read one report file (txt, docx, pdf, xlsx, csv or html) as text.

    ``max_mb`` caps the file size (checked before reading) and ``max_chars``
    the length of the extracted text (by default one character per byte of
    ``max_mb``). Raises :class:`InputError` for anything that is not a
    readable report.
    """
    path = Path(path)
    limit_chars = int(max_mb * 1024 * 1024) if max_chars is None else max_chars
    data = _read_bytes(path, max_mb)
    digest = hashlib.sha256(data).hexdigest()
    fmt = _detect(path, data)
    limits = Limits(max_chars=limit_chars)
    pages: list[tuple[int, int]] | None = None
    encoding = "n/a"
    if fmt == "txt":
        text, encoding = decode_text(path, data)
    elif fmt == "csv":
        from .sheet import read_csv

        text, encoding = read_csv(path, data, limits)
    elif fmt == "html":
        from .html import read_html

        text, encoding = read_html(path, data, limits)
    elif fmt == "docx":
        from .docx import read_docx

        text = read_docx(path, data, limits)
    elif fmt == "xlsx":
        from .sheet import read_xlsx

        text = read_xlsx(path, data, limits)
    elif fmt == "doc":
        from .ole import read_doc

        text = read_doc(path, data, limits)
    elif fmt == "xls":
        from .ole import read_xls

        text = read_xls(path, data, limits)
    elif fmt == "ofd":
        from .ofd import read_ofd

        text = read_ofd(path, data, limits)
    else:
        from .pdf import read_pdf

        text, pages = read_pdf(path, data, limits)
    if len(text) > limit_chars:
        raise InputError("E050", path=path, limit=limit_chars)
    if not text.strip():
        if fmt == "txt":
            raise InputError("E002", path=path)
        raise InputError("E049", path=path, kind=fmt.upper())
    return RawDocument(path, text, encoding, digest, fmt, pages)


def _read_bytes(path: Path, max_mb: float) -> bytes:
    """The file's bytes: regular files only, size checked before reading, read bounded."""
    limit = int(max_mb * 1024 * 1024)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _open_error(path, e) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError("E008", path=path, reason="it is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise InputError("E041", path=path, kind=_file_kind(st.st_mode))
        if st.st_size > limit:
            raise InputError("E005", path=path, size_mb=st.st_size / 1024 / 1024, limit_mb=max_mb)
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, _READ_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew after it was measured
                raise InputError("E005", path=path, size_mb=total / 1024 / 1024, limit_mb=max_mb)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise InputError("E008", path=path, reason=e.strerror or str(e)) from None
    finally:
        os.close(fd)


def _open_error(path: Path, e: OSError) -> InputError:
    reason = e.strerror or str(e)
    if e.errno == errno.ELOOP:
        return InputError("E042", path=path, reason="the link points back to itself in a loop")
    if e.errno == errno.ENOENT and path.is_symlink():
        return InputError("E042", path=path, reason=f"target {os.readlink(path)} does not exist")
    if e.errno == errno.EISDIR:
        return InputError("E008", path=path, reason="it is a folder")
    return InputError("E008", path=path, reason=reason)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _detect(path: Path, data: bytes) -> str:
    """The format of ``data``: magic bytes first, the suffix second.

    Content with an unmistakable signature (PDF, ZIP-based Office) is read
    as what it is whatever its name; a ZIP that is not a readable Office
    file is judged by its suffix (a .txt holding one is binary, E003).
    Content without a signature is read by its suffix, except that a
    .docx/.xlsx/.pdf that is not one is refused.
    """
    suffix = path.suffix.lower()
    claimed = _SUFFIX_FORMAT.get(suffix)
    if not data.strip():
        raise InputError("E002", path=path)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        if claimed in ("docx", "xlsx", "ofd", None):
            return _zip_format(path, data)
        try:  # a ZIP named .txt/.pdf/…: read it if it is an Office file, else judge it by its suffix
            return _zip_format(path, data)
        except InputError as e:
            if e.code not in ("E044", "E045"):
                raise
    if data.startswith(_OLE2):
        from .ole import ole_kind

        kind = ole_kind(data)
        if kind is None:
            raise InputError("E046", path=path)
        return kind
    if claimed in _BINARY_FORMATS:
        raise InputError("E040", path=path, suffix=suffix, expected=_FORMAT_NAMES[claimed],
                         found=_looks_like(data))
    if claimed is None:
        raise InputError("E007", path=path, suffix=path.suffix or "(none)")
    return claimed


def _looks_like(data: bytes) -> str:
    head = data[:4096]
    if b"\x00" in head:
        return "binary data"
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return "an HTML page"
    return "plain text"


def _zip_format(path: Path, data: bytes) -> str:
    """``docx`` or ``xlsx`` for a safe Office ZIP container; anything else is refused.

    The guard looks only at the central directory, before any library
    inflates a member: too many members, too large a sum of uncompressed
    sizes, or too high a compression ratio is refused as a possible ZIP bomb.
    Declared sizes cannot lie their way past it: Python's ``zipfile`` never
    inflates a member beyond its declared size, and a member that lies
    fails its CRC check instead.
    """
    suffix_kind = _SUFFIX_FORMAT.get(path.suffix.lower(), "")
    kind = suffix_kind.upper() if suffix_kind in ("docx", "xlsx", "ofd") else "ZIP"
    members = _declared_members(data)
    if members is not None and members > ZIP_MAX_MEMBERS:
        raise InputError("E052", path=path, kind=kind, limit=ZIP_MAX_MEMBERS)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise InputError("E044", path=path, kind=kind, reason=describe_error(e)) from None
    if len(infos) > ZIP_MAX_MEMBERS:
        raise InputError("E052", path=path, kind=kind, limit=ZIP_MAX_MEMBERS)
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    worst = max((info.file_size / max(info.compress_size, 1) for info in infos
                 if info.file_size >= ZIP_RATIO_FLOOR_MB * 1024 * 1024), default=0.0)
    if total > ZIP_MAX_MB * 1024 * 1024 or worst > ZIP_MAX_RATIO:
        raise InputError("E043", path=path, size_mb=total / 1024 / 1024, members=len(infos),
                         ratio=max(worst, total / max(packed, 1)), limit_mb=ZIP_MAX_MB,
                         limit_ratio=ZIP_MAX_RATIO)
    names = [info.filename for info in infos]
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    raise InputError("E045", path=path)


def _declared_members(data: bytes) -> int | None:
    """The member count in the end-of-central-directory record, read without parsing the rest."""
    at = data.rfind(_EOCD, max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return None
    (count,) = struct.unpack("<H", data[at + 10:at + 12])
    return None if count == 0xFFFF else count  # 0xFFFF: ZIP64, counted by zipfile instead


