"""Code points <-> UTF-16 units, as doccano's editor counts outside grapheme mode."""
from __future__ import annotations

import random

import pytest

from ie.doccano.offsets import OffsetError, OffsetMap


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_astral_character_shifts_later_offsets_by_one():
    text = "𠀀市政协\r\n５６５ 件😀x"
    m = OffsetMap(text)
    assert m.utf16_length == _utf16_len(text) == len(text) + 2
    assert m.to_utf16(0) == 0
    assert m.to_utf16(1) == 2  # just after 𠀀
    assert m.span_to_utf16(1, 4) == (2, 5)  # 市政协
    assert m.span_to_code_points(2, 5) == (1, 4)
    end = len(text)
    assert m.to_utf16(end) == end + 2 and m.to_code_points(end + 2) == end


def test_crlf_and_full_width_count_one_unit_each():
    text = "预算\r\n１２３４万元"
    m = OffsetMap(text)
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


@pytest.mark.parametrize("offset", [-1, 9])
def test_offset_outside_text_is_refused(offset):
    with pytest.raises(OffsetError, match="outside the text"):
        OffsetMap("𠀀abc").to_code_points(offset)


def test_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(OffsetError, match="inside a character"):
        OffsetMap("a𠀀b").to_code_points(2)


def test_round_trip_matches_python_utf16_on_random_text():
    rng = random.Random(7)
    alphabet = ["a", "市", "５", "\r", "\n", " ", "𠀀", "😀", "é", "\u0301"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        m = OffsetMap(text)
        for cp in range(len(text) + 1):
            u = m.to_utf16(cp)
            assert u == _utf16_len(text[:cp])
            assert m.to_code_points(u) == cp
