"""OFD (GB/T 33190, the national format for published e-documents): text in reading order.

An OFD file is a ZIP of XML parts: ``OFD.xml`` names each document's
``Document.xml``, which lists its pages; each page's ``Content.xml`` holds
``TextObject``s placed by ``Boundary`` with their ``TextCode`` runs. The
runs are put in lines by their vertical position and in order along each
line; a wide horizontal gap between runs becomes a tab, so that a table's
cells come out tab-separated as the table reader expects.

Read with the standard library (``zipfile``, ``xml.etree``): the maintained
PyPI reader (``easyofd``) pulls PyMuPDF, reportlab and fontTools to render
pages, which text extraction does not need.
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from ..errors import InputError
from .common import Limits, describe_error


MAX_PAGES = 5000


@dataclass
class _Run:
    x: float
    y: float
    width: float
    size: float
    text: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [n for n in node.iter() if _local(n.tag) == name]


def _numbers(value: str | None) -> list[float]:
    out = []
    for part in (value or "").replace(",", " ").split():
        if part == "g":  # DeltaX "g 3 1.5": a repeat marker, the value follows
            continue
        try:
            out.append(float(part))
        except ValueError:
            continue
    return out


def _resolve(base: str, ref: str) -> str:
    ref = ref.strip().lstrip("/") if ref.strip().startswith("/") else posixpath.join(base, ref.strip())
    return posixpath.normpath(ref)


def _page_runs(xml: bytes) -> list[_Run]:
    root = ElementTree.fromstring(xml)
    runs: list[_Run] = []
    for obj in _children(root, "TextObject"):
        box = _numbers(obj.get("Boundary"))
        bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        size = (_numbers(obj.get("Size")) or [3.5])[0]
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            deltas = _numbers(code.get("DeltaX"))
            width = sum(deltas[:max(len(text) - 1, 0)]) + size if deltas else size * len(text)
            x = bx + (_numbers(code.get("X")) or [0.0])[0]
            y = by + (_numbers(code.get("Y")) or [0.0])[0]
            runs.append(_Run(x, y, width, size, text))
    return runs


def _lines(runs: list[_Run]) -> list[str]:
    """Runs on (about) the same baseline form one line; a gap wider than two characters is a tab."""
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(lines[-1][0].y - run.y) <= 0.5 * max(run.size, lines[-1][0].size):
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        parts = [line[0].text]
        for prev, run in zip(line, line[1:]):
            gap = run.x - (prev.x + prev.width)
            parts.append(("\t" if gap > 2 * max(prev.size, run.size) else "") + run.text)
        out.append("".join(parts))
    return out


def read_ofd(path: Path, data: bytes, limits: Limits) -> str:
    """The text of an OFD file (already checked as a safe ZIP container), page by page."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())

            def part(name: str) -> bytes:
                if name not in names:
                    raise InputError("E054", path=path, kind="OFD", reason=f"part {name} is missing")
                return archive.read(name)

            root = ElementTree.fromstring(part("OFD.xml"))
            text_lines: list[str] = []
            used = 0
            pages = 0
            for doc_ref in _children(root, "DocRoot"):
                doc_path = _resolve("", doc_ref.text or "")
                document = ElementTree.fromstring(part(doc_path))
                base = posixpath.dirname(doc_path)
                for page in _children(document, "Page"):
                    pages += 1
                    if pages > MAX_PAGES:
                        raise InputError("E052", path=path, kind="OFD", limit=MAX_PAGES)
                    loc = page.get("BaseLoc")
                    if not loc:
                        continue
                    if text_lines:
                        text_lines.append("")
                    for line in _lines(_page_runs(part(_resolve(base, loc)))):
                        used += len(line) + 1
                        if used > limits.max_chars:
                            raise InputError("E050", path=path, limit=limits.max_chars)
                        text_lines.append(line)
    except InputError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError) as e:
        raise InputError("E054", path=path, kind="OFD", reason=describe_error(e)) from None
    return "\n".join(text_lines)
