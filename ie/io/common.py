"""What the format readers share: limits, text decoding and error wording.

The dispatch (:mod:`ie.io.read`) imports the readers, and the readers import
this module — never the dispatch — so the imports run one way.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_TABLE_DEPTH = 8        # tables inside table cells, in .docx and .html

# byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)


@dataclass(frozen=True)
class Limits:
    """What one report may expand to; passed to the format readers."""

    max_chars: int
    max_table_depth: int = MAX_TABLE_DEPTH


def describe_error(e: BaseException) -> str:
    """A library's exception as a short phrase on one line, for the ``reason`` of an error message."""
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16/UTF-32 without a BOM, told by where the NUL bytes of ASCII characters sit."""
    sample = data[:65536]
    sample = sample[:len(sample) - len(sample) % 4]
    if not sample or b"\x00" not in sample:
        return None
    n = len(sample)
    zeros = [sum(1 for i in range(k, n, 4) if sample[i] == 0) for k in range(4)]
    quarter = n / 4
    # UTF-32: the top byte of every code point is zero, and the next one too below U+10000
    if zeros[3] > 0.98 * quarter and zeros[2] > 0.9 * quarter:
        return "utf-32-le"
    if zeros[0] > 0.98 * quarter and zeros[1] > 0.9 * quarter:
        return "utf-32-be"
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    if odd > 0.2 * n / 2 and even < 0.02 * n / 2:
        return "utf-16-le"
    if even > 0.2 * n / 2 and odd < 0.02 * n / 2:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Decoded text, not binary read as text: almost no control characters."""
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return controls <= max(2, len(sample) // 1000)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode report bytes; return text and encoding.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 (with a BOM, or told by
    their NUL-byte pattern: Notepad's "Unicode"), else GB18030. Refuses
    empty input (E002), binary input (E003) and bytes valid in none of these
    encodings (E004).
    """
    if not data.strip():
        raise InputError("E002", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError("E004", path=path, offset=e.start + len(bom)) from None
            if not text.strip():
                raise InputError("E002", path=path)
            return text, encoding
    wide = _wide_encoding(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            raise InputError("E003", path=path) from None
        if _plausible(text):
            return text, wide
        raise InputError("E003", path=path)
    if b"\x00" in data[:65536]:
        raise InputError("E003", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise InputError("E004", path=path, offset=first_bad) from None
