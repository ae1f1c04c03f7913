"""Read one numeral — Arabic, Chinese, financial capitals, traditional, mixed — into a Decimal.

:func:`read_numeral` takes the number part of a quantity (no unit) and
returns a :class:`Reading`: an exact ``Decimal`` (never a float) with
``status`` ``ok``, or ``None`` with ``ambiguous`` / ``unreadable`` and the
reason. It never guesses: a numeral it cannot read with certainty is
refused, so a caller can report "cannot read" instead of a wrong number.

Forms (annotations/GUIDELINES.md §16): ``3,363.37``, ``82，225.00``, ``3.5万``,
``十二``, ``三千四`` (3400), ``一千零十``, ``一百零十万``, ``十三点五``, ``六点四二万``,
``3万4000``, ``25万6千``, ``4万一`` (41000), ``负1,200``, ``-5.0``, ``伍仟``,
``贰拾万零伍佰``, ``三萬四千五百六十七``, ``兩億``, ``三 千 五 百``; ranges inside a
numeral (``两三``, ``三五千``, ``七八百``) give their lower bound with approx
``about``; vague ``十几`` gives 10 (about), ``几十`` / ``数百`` are ambiguous.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, localcontext

from ..contract import APPROX_ABOUT, APPROX_AT_LEAST, VALUE_AMBIGUOUS, VALUE_OK, VALUE_UNREADABLE

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG: dict[str, int] = {"万": 10 ** 4, "萬": 10 ** 4, "亿": 10 ** 8, "億": 10 ** 8}
POINTS = "点點"
#: every character a Chinese numeral may contain (几 and 数 make it vague, 多/余 approximate)
CHINESE_CHARS = "".join(DIGITS) + "".join(SMALL) + "".join(BIG) + POINTS + "几"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－−", "0123456789.--")
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_ARABIC = re.compile(r"\d+(?:,\d+)*(?:\.\d+)?")
_GOOD_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# 两三 / 三五 / 七八: a pair of neighbouring digits is a range (lower bound)
_RANGE_PAIRS = {(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (3, 5)}


@dataclass(frozen=True)
class Reading:
    """The result of reading a numeral."""

    value: Decimal | None
    status: str = VALUE_OK
    approx: str | None = None      # about (range, 几) or at_least (多, 余) found inside
    reason: str | None = None      # why the value is None

    @property
    def ok(self) -> bool:
        return self.status == VALUE_OK


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation."""
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def _refuse(status: str, reason: str) -> Reading:
    return Reading(None, status, None, reason)


def _thousands(s: str) -> str | Reading:
    """``82，225.00`` -> ``82,225.00``; a comma not before exactly three digits is refused."""
    s = s.replace("，", ",")
    for m in _ARABIC.finditer(s):
        if "," in m.group() and not _GOOD_THOUSANDS.fullmatch(m.group()):
            return _refuse(VALUE_AMBIGUOUS, f"separator in the wrong place in {m.group()!r}")
    return s.replace(",", "")


def _tokens(s: str) -> list[tuple[str, object]] | Reading:
    """Split into ('num', Decimal, digits), ('dig', int), ('zero',), ('small', m), ('big', m)."""
    out: list[tuple[str, object]] = []
    i = 0
    while i < len(s):
        c = s[i]
        m = _ARABIC.match(s, i) if c.isdigit() else None
        if m:
            if s.count(".", m.start(), m.end()) > 1 or s[m.end():m.end() + 1] == ".":
                return _refuse(VALUE_AMBIGUOUS, f"two decimal points in {s!r}")
            out.append(("num", Decimal(m.group()), m.group()))
            i = m.end()
            continue
        if c in DIGITS:
            out.append(("zero", 0) if DIGITS[c] == 0 else ("dig", DIGITS[c]))
        elif c in SMALL:
            out.append(("small", SMALL[c]))
        elif c in BIG:
            out.append(("big", BIG[c]))
        else:
            return _refuse(VALUE_UNREADABLE, f"{c!r} is not part of a number")
        i += 1
    return out


def _positional(tokens: list[tuple[str, object]]) -> Reading | None:
    """Digits with no multiplier: 二〇二一 -> 2021, 两三 -> 2 (about), 五 -> 5."""
    if any(t[0] in ("small", "big", "num") for t in tokens):
        return None
    digits = [0 if t[0] == "zero" else int(t[1]) for t in tokens]  # type: ignore[arg-type]
    if len(digits) == 2 and (digits[0], digits[1]) in _RANGE_PAIRS:
        return Reading(Decimal(digits[0]), approx=APPROX_ABOUT)
    if len(digits) > 1 and digits[0] == 0:
        return _refuse(VALUE_AMBIGUOUS, "a digit string starting with 零")
    return Reading(Decimal("".join(map(str, digits))))


def _evaluate(tokens: list[tuple[str, object]]) -> Reading:
    """Value of a numeral with multipliers (sections of 万 and 亿)."""
    yi = Decimal(0)      # completed 亿 groups
    wan = Decimal(0)     # completed 万 groups below 亿
    sec = Decimal(0)     # the section below 万
    num: Decimal | None = None
    num_is_digit = False  # a single digit 1-9 (Arabic or Chinese): may be colloquial (三千四)
    zero = False
    prev: str | None = None
    prev_mult = 0
    small_floor = 10 ** 9  # small multipliers fall within a section (千 > 百 > 十)
    for kind, val, *rest in tokens:
        if kind in ("num", "dig"):
            if prev in ("num", "dig"):
                return _refuse(VALUE_AMBIGUOUS, "two numbers side by side")
            if kind == "num" and prev == "small" and not (rest and len(str(rest[0])) == 1):
                return _refuse(VALUE_AMBIGUOUS, "a number of several digits after 十/百/千 (三千500)")
            num = Decimal(val)  # type: ignore[arg-type]
            num_is_digit = kind == "dig" or (rest and len(str(rest[0])) == 1 and str(rest[0]) != "0")
        elif kind == "zero":
            zero = True
            num = None
        elif kind == "small":
            m = int(val)  # type: ignore[arg-type]
            if m >= small_floor:
                return _refuse(VALUE_AMBIGUOUS, "multipliers out of order")
            if num is not None and num != num.to_integral_value() and sec:
                return _refuse(VALUE_AMBIGUOUS, "a decimal inside a Chinese numeral")
            sec += (num if num is not None else Decimal(1)) * m
            small_floor = m
            num, zero = None, False
            prev_mult = m
        else:  # big
            m = int(val)  # type: ignore[arg-type]
            part = sec + (num or 0)
            if m == 10 ** 4:
                wan += (part if part else (Decimal(1) if not wan else Decimal(0))) * m
                if not part and wan and prev == "big":
                    return _refuse(VALUE_AMBIGUOUS, "万 repeated")
            else:
                yi += ((wan + part) if (wan + part) else Decimal(1)) * m
                wan = Decimal(0)
            sec, num, zero = Decimal(0), None, False
            small_floor = 10 ** 9
            prev_mult = m
        prev = kind
    if num is not None:
        if num_is_digit and not zero and prev_mult >= 100 and prev in ("num", "dig") and \
                tokens[-2][0] in ("small", "big"):
            sec += num * prev_mult / 10     # 三千四 = 3400, 两万五 = 25000, 4万一 = 41000
        else:
            sec += num
    return Reading(yi + wan + sec)


def _read_unsigned(s: str) -> Reading:
    """Read a numeral without sign or approximators."""
    if not s:
        return _refuse(VALUE_UNREADABLE, "no number")
    point = next((p for p in POINTS if p in s), None)
    if point:
        # 十三点五, 六点四二万, 零点六: integer part, 点, positional decimals, scale
        left, _, right = s.partition(point)
        m = re.fullmatch(rf"([{''.join(DIGITS)}0-9]+)([{''.join(SMALL)}{''.join(BIG)}]*)", right)
        if not m or any(p in right for p in POINTS):
            return _refuse(VALUE_UNREADABLE, f"cannot read the decimals of {s!r}")
        whole = _read_unsigned(left) if left else _refuse(VALUE_UNREADABLE, "no integer part")
        if not whole.ok or whole.value is None:
            return whole
        decimals = "".join(str(DIGITS[c]) if c in DIGITS else c for c in m.group(1))
        with localcontext() as ctx:
            ctx.prec = MAX_PREC
            value = whole.value + Decimal("0." + decimals)
            for c in m.group(2):
                value *= SMALL.get(c) or BIG[c]
        return Reading(value, approx=whole.approx)
    tokens = _tokens(s)
    if isinstance(tokens, Reading):
        return tokens
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        # 三五千, 七八百, 三四十万: a digit pair before a multiplier is a range; 十五六 one at the end
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            if a[0] == "dig" and b[0] == "dig" and (a[1], b[1]) in _RANGE_PAIRS:
                if i + 2 < len(tokens) and tokens[i + 2][0] in ("small", "big"):
                    low = _evaluate(tokens[:i + 1] + tokens[i + 2:])
                elif i + 2 == len(tokens) and i > 0 and tokens[i - 1][0] in ("small", "big"):
                    low = _evaluate(tokens[:i + 1])
                else:
                    continue
                return Reading(low.value, low.status, APPROX_ABOUT, low.reason)
        positional = _positional(tokens)
        if positional is not None:
            return positional
        return _evaluate(tokens)


def read_numeral(text: str) -> Reading:
    """Read a numeral (no unit) into an exact value; refuse what cannot be read with certainty.

    Spaces and line breaks inside are ignored, full-width digits read as
    ASCII. A leading ``负``/``-`` makes the value negative. ``多``/``余`` inside
    (``二百余万``) give approx ``at_least``, ``几`` after a multiplier
    (``十几``) its lower bound with ``about``; a leading ``几``/``数``
    (``几十``, ``数百``) is ``ambiguous``.
    """
    s = _SPACE.sub("", text).translate(_FULLWIDTH)
    if not s:
        return _refuse(VALUE_UNREADABLE, "no number")
    negative = False
    if s[0] in "-负":
        negative, s = True, s[1:]
    elif s[0] == "+":
        s = s[1:]
    approx: str | None = None
    if s[:1] in ("几", "数") and (s[1:2] in SMALL or s[1:2] in BIG or len(s) == 1):
        return Reading(None, VALUE_AMBIGUOUS, APPROX_ABOUT, f"{s!r} names no number (几/数 + 十/百/千)")
    if "多" in s or "余" in s:
        approx = APPROX_AT_LEAST
        s = s.replace("多", "").replace("余", "")
    if "几" in s:
        if not re.search(rf"[{''.join(SMALL)}{''.join(BIG)}]几", s):
            return _refuse(VALUE_AMBIGUOUS, f"{text!r}: 几 without a multiplier before it")
        approx = APPROX_ABOUT
        s = s.replace("几", "")
    checked = _thousands(s)
    if isinstance(checked, Reading):
        return checked
    reading = _read_unsigned(checked)
    if not reading.ok or reading.value is None:
        return reading
    value = -reading.value if negative else reading.value
    return Reading(tidy(value), approx=reading.approx or approx)
