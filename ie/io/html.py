"""HTML reports via the standard library's ``html.parser``: blocks to lines, tables to tab rows.

Block elements (``div``, ``li``, ``tr``, …) end a line and paragraphs and
headings (``p``, ``h1``–``h6``) a paragraph (a blank line); ``<br>`` is a
line break; ``<script>``, ``<style>`` and other invisible elements are
dropped; runs of white space inside text collapse to one space, as a
browser shows them (``<pre>`` keeps them inside its lines); every line is
stripped of the spaces around it. Each table row is one line with
its cells separated by tabs (``colspan`` adds empty cells so columns line
up); inside a cell everything stays on one line, and a table inside a cell
is flattened into that cell's text, down to
:data:`ie.io.read.MAX_TABLE_DEPTH` levels.

The encoding is the BOM's, else the one a ``<meta charset>`` declares,
else UTF-8, else GB18030 (GBK and GB2312 are read as GB18030, their superset).
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from .common import Limits, decode_text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030",
              "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252", "latin-1": "cp1252"}
_LINE_BLOCKS = frozenset("""address article aside blockquote caption center dd details dialog div dl dt
    fieldset figcaption figure footer form header hgroup hr li main nav ol section summary ul
    table thead tbody tfoot""".split())
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 pre".split())
_INVISIBLE = frozenset("script style head title template noscript iframe object svg math select option".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_WS = re.compile(r"[ \t\r\n\f\v]+")


def read_html(path: Path, data: bytes, limits: Limits) -> tuple[str, str]:
    """The text of the HTML page in ``data`` and the encoding it was decoded with."""
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("E003", path=path)
    source, encoding = _decode(path, data, decode_text)
    parser = _TextParser(path, limits)
    parser.feed(source)
    parser.close()
    return parser.text(), encoding


def _decode(path: Path, data: bytes, fallback: Callable[[Path, bytes], tuple[str, str]]) -> tuple[str, str]:
    """Decode by BOM, then by the declared charset, then as a .txt report is decoded."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode("utf-8-sig" if name == "utf-8" else name), name
            except UnicodeDecodeError:
                break
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _SUPERSETS.get(name, name)
        try:
            codecs.lookup(name)
        except LookupError:
            name = ""
        if name:
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass  # the declaration lies; try the usual ones
    return fallback(path, data)


class _Table:
    """Rows of cells being collected; a cell is a list of text pieces."""

    def __init__(self) -> None:
        self.rows: list[list[list[str]]] = []

    def new_row(self) -> None:
        self.rows.append([])

    def new_cell(self, span: int) -> None:
        if not self.rows:
            self.new_row()
        self.rows[-1].append([])
        self.rows[-1].extend([] for _ in range(span - 1))
        self.current = len(self.rows[-1]) - span

    def add(self, text: str) -> None:
        if not self.rows or not self.rows[-1]:
            if not text.strip():  # white space between table tags
                return
            self.new_cell(1)  # text outside any cell of a broken table
        self.rows[-1][self.current].append(text)

    def lines(self) -> list[str]:
        return ["\t".join(" ".join("".join(cell).split()) for cell in row) for row in self.rows]


class _TextParser(HTMLParser):
    """Collects lines of text and table rows while the page is parsed."""

    def __init__(self, path: Path, limits: Limits) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.limits = limits
        self.out: list[str] = []      # text pieces and "\n" breaks outside tables
        self.tables: list[_Table] = []
        self.hidden = 0               # depth inside invisible elements
        self.hidden_tag: list[str] = []
        self.pre = 0
        self.used = 0
        self.started = False          # any visible text yet
        self.pending = 0              # line breaks (1) or paragraph break (2) before the next text

    # -- output -----------------------------------------------------------------------------------
    def _emit(self, text: str, counted: bool = False) -> None:
        """Add text to the current cell or the output; ``counted`` text is already in the budget."""
        self.used += 0 if counted else len(text)
        if self.used > self.limits.max_chars:
            raise InputError("E050", path=self.path, limit=self.limits.max_chars)
        if self.tables:
            self.tables[-1].add(text)
            return
        if text.strip():
            if self.pending and self.started:
                self.out.append("\n" * self.pending)
            self.pending = 0
            self.started = True
        if self.started:
            self.out.append(text)

    def _break(self, blank: bool = False) -> None:
        """End the line (or the paragraph); breaks in a row merge into the strongest."""
        if self.tables:
            self._emit(" ")
        else:
            self.pending = max(self.pending, 2 if blank else 1)

    # -- parser callbacks -------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden and tag == "body":  # an unclosed <head> ends where the body starts
            self.hidden, self.hidden_tag = 0, []
        if self.hidden:
            if tag == self.hidden_tag[-1] and tag not in _VOID:
                self.hidden_tag.append(tag)
                self.hidden += 1
            return
        if tag in _INVISIBLE:
            self.hidden, self.hidden_tag = 1, [tag]
            return
        if tag == "table":
            if len(self.tables) >= self.limits.max_table_depth:
                raise InputError("E051", path=self.path, limit=self.limits.max_table_depth)
            self._break()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].new_row()
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].new_cell(_span(attrs))
        elif tag == "br":
            self._break()
        elif tag in _PARAGRAPHS:
            self.pre += tag == "pre"
            self._break(blank=True)
        elif tag in _LINE_BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag == "br":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden_tag[-1]:
                self.hidden_tag.pop()
                self.hidden -= 1
            return
        if tag == "table" and self.tables:
            lines = self.tables.pop().lines()
            if self.tables:  # a nested table flattens into its cell
                self.tables[-1].add(" " + " ".join(line.replace("\t", " ") for line in lines) + " ")
            elif lines:
                self._break()
                self._emit("\n".join(lines), counted=True)
                self._break()
        elif tag in _PARAGRAPHS:
            self.pre -= tag == "pre" and self.pre > 0
            self._break(blank=True)
        elif tag in _LINE_BLOCKS and tag not in ("tr", "td", "th"):
            self._break()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self._emit(data if self.pre and not self.tables else _WS.sub(" ", data))

    def close(self) -> None:
        super().close()
        while self.tables:  # unclosed tables at the end of a broken page
            self.handle_endtag("table")

    # -- result -----------------------------------------------------------------------------------
    def text(self) -> str:
        """The collected text, each line stripped of the spaces around it."""
        return "\n".join(line.strip(" ") for line in "".join(self.out).split("\n"))


def _span(attrs: list[tuple[str, str | None]]) -> int:
    for name, value in attrs:
        if name == "colspan" and value:
            try:
                return max(1, min(int(value.strip()), 64))
            except ValueError:
                return 1
    return 1
