"""Convert span offsets between code points (the contract) and UTF-16 units (doccano).

doccano's annotation UI is JavaScript: outside grapheme mode a span's offsets
are indices into a JS string, i.e. UTF-16 code units. A character outside the
Basic Multilingual Plane (``𠀀``, emoji) is one code point but two UTF-16
units, so every offset after it shifts by one. CRLF and full-width characters
are one unit per code point in both counts and need nothing special, but they
must reach doccano untouched (the text is sent as JSON, never re-encoded).
"""
from __future__ import annotations

from bisect import bisect_left


class OffsetError(ValueError):
    """An offset lies outside the text or inside a surrogate pair."""


def _astral_positions(text: str) -> list[int]:
    """Code-point indices of the characters that take two UTF-16 units."""
    return [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]


class OffsetMap:
    """Maps offsets of one text between code points and UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._astral = _astral_positions(text)
        # UTF-16 index of the second half of each astral character: never a valid boundary
        self._inside = {cp + k + 1 for k, cp in enumerate(self._astral)}
        self.utf16_length = len(text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """UTF-16 offset of code-point ``offset`` (0 … len(text))."""
        if not 0 <= offset <= len(self.text):
            raise OffsetError(f"offset {offset} is outside the text (0…{len(self.text)} code points)")
        # every astral character before the offset adds one unit
        return offset + bisect_left(self._astral, offset)

    def to_code_points(self, offset: int) -> int:
        """Code-point offset of UTF-16 ``offset``; refuses one inside a surrogate pair."""
        if not 0 <= offset <= self.utf16_length:
            raise OffsetError(f"offset {offset} is outside the text (0…{self.utf16_length} UTF-16 units)")
        if offset in self._inside:
            raise OffsetError(f"offset {offset} falls inside a character outside the BMP")
        # astral characters that end before the offset: their UTF-16 start is cp + k
        lo, hi = 0, len(self._astral)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid < offset:
                lo = mid + 1
            else:
                hi = mid
        return offset - lo

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """Both ends of a code-point span in UTF-16 units."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        """Both ends of a UTF-16 span in code points."""
        return self.to_code_points(start), self.to_code_points(end)
