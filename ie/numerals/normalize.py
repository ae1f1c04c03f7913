"""Normalize one quantity span: value, unit, approx and whether the value could be read.

:func:`normalize` is the one normalizer the rules, the table reader and
``ie_values`` share. It splits the span into numeral and unit, reads the
numeral with :func:`ie.numerals.read.read_numeral`, applies the unit's scale
(万元 → yuan, % → fraction), reads ranges (lower bound, ``about``), fractions
(百分之/千分之/万分之), 元角分 amounts and the approximators around the span.
A numeral that cannot be read with certainty gives ``value None`` and a
``status`` (``ambiguous``/``unreadable``) with the reason — never a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, localcontext

from ..contract import (
    APPROX_ABOUT,
    APPROX_AT_LEAST,
    APPROX_AT_MOST,
    APPROX_EXACT,
    QUANTITY_LABELS,
    VALUE_AMBIGUOUS,
    VALUE_OK,
    VALUE_UNREADABLE,
)
from ..errors import IEError
from .read import BIG, CHINESE_CHARS, SMALL, Reading, read_numeral, tidy

# scale a unit carries (万元 -> 10^4 yuan; 万字 keeps its 万 in the unit but counts it)
UNIT_SCALE: dict[str, Decimal] = {
    "千元": Decimal(10) ** 3, "万元": Decimal(10) ** 4, "萬元": Decimal(10) ** 4,
    "百万元": Decimal(10) ** 6, "千万元": Decimal(10) ** 7, "亿元": Decimal(10) ** 8,
    "億元": Decimal(10) ** 8, "万亿元": Decimal(10) ** 12, "万字": Decimal(10) ** 4,
    "角": Decimal("0.1"),
}
# units whose value is a fraction: the power of ten to divide by
PERCENT_DIVISOR: dict[str, int] = {"%": 2, "％": 2, "个百分点": 2, "百分点": 2, "百分比": 2,
                                   "個百分點": 2, "百分點": 2,
                                   "‰": 3, "‱": 4}
_FRACTION_UNITS = {"百": "%", "千": "‰", "万": "‱", "萬": "‱"}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－−", "0123456789.%--")
_SPACES = re.compile(r"[\s\u3000\xa0]+")
# pinyin written after a character by transcoding sites (萬(wàn)元)
_GLOSS = re.compile(r"[（(][a-zāáǎàōóǒòēéěèīíǐìūúǔùüǖǘǚǜ]{1,8}[)）]")
_NUMERAL_CHARS = "0-9.,，" + CHINESE_CHARS + "多余数"
_LEAD = re.compile(rf"(?:负|-)?[{_NUMERAL_CHARS}]+")
_FRACTION = re.compile(rf"(负|-)?([百千万萬])分之([{_NUMERAL_CHARS}■]+)")
_YUAN_JIAO_FEN = re.compile(
    rf"(?:([{_NUMERAL_CHARS}]+)[元圆])?零?(?:([{_NUMERAL_CHARS}]+)角)?零?(?:([{_NUMERAL_CHARS}]+)分)?")
_RANGE = re.compile(r"[-~～—–至到]")


@dataclass(frozen=True)
class Normalized:
    """A quantity's machine-readable value."""

    value: Decimal | None
    unit: str | None
    approx: str
    status: str = VALUE_OK
    reason: str | None = None


# ---------------------------------------------------------------------------
# approximators around a span

_BEFORE_WORDS: tuple[tuple[str, str], ...] = tuple(sorted((
    ("约", APPROX_ABOUT), ("大约", APPROX_ABOUT), ("约为", APPROX_ABOUT), ("约占", APPROX_ABOUT),
    ("约有", APPROX_ABOUT), ("约合", APPROX_ABOUT), ("近", APPROX_ABOUT), ("将近", APPROX_ABOUT),
    ("接近", APPROX_ABOUT), ("大概", APPROX_ABOUT), ("近乎", APPROX_ABOUT),
    ("超过", APPROX_AT_LEAST), ("超过了", APPROX_AT_LEAST), ("超", APPROX_AT_LEAST),
    ("逾", APPROX_AT_LEAST), ("不少于", APPROX_AT_LEAST), ("不低于", APPROX_AT_LEAST),
    ("不下于", APPROX_AT_LEAST), ("至少", APPROX_AT_LEAST), ("最少", APPROX_AT_LEAST),
    ("多于", APPROX_AT_LEAST), ("高于", APPROX_AT_LEAST), ("大于", APPROX_AT_LEAST),
    ("≥", APPROX_AT_LEAST), ("≧", APPROX_AT_LEAST), (">", APPROX_AT_LEAST), ("＞", APPROX_AT_LEAST),
    (">=", APPROX_AT_LEAST), ("大于等于", APPROX_AT_LEAST), ("不小于", APPROX_AT_LEAST),
    ("不超过", APPROX_AT_MOST), ("不高于", APPROX_AT_MOST), ("不多于", APPROX_AT_MOST),
    ("不大于", APPROX_AT_MOST), ("至多", APPROX_AT_MOST), ("最多", APPROX_AT_MOST),
    ("少于", APPROX_AT_MOST), ("低于", APPROX_AT_MOST), ("小于", APPROX_AT_MOST),
    ("≤", APPROX_AT_MOST), ("≦", APPROX_AT_MOST), ("<", APPROX_AT_MOST), ("＜", APPROX_AT_MOST),
    ("<=", APPROX_AT_MOST), ("小于等于", APPROX_AT_MOST), ("控制在", APPROX_AT_MOST),
    ("最高", APPROX_AT_MOST), ("最高不超过", APPROX_AT_MOST), ("最低", APPROX_AT_LEAST),
), key=lambda kv: -len(kv[0])))
# 节约 / 最近 …: the approximator character is the end of another word
_NOT_BEFORE: dict[str, str] = {"约": "节制签履预合违特公邀契条", "近": "最附邻就靠贴亲远", "超": "赶高"}

_AFTER_WORDS: tuple[tuple[str, str], ...] = (
    ("（含）以上", APPROX_AT_LEAST), ("(含)以上", APPROX_AT_LEAST), ("含以上", APPROX_AT_LEAST),
    ("及以上", APPROX_AT_LEAST), ("或以上", APPROX_AT_LEAST), ("以上", APPROX_AT_LEAST),
    ("有余", APPROX_AT_LEAST),
    ("（含）以下", APPROX_AT_MOST), ("(含)以下", APPROX_AT_MOST), ("及以下", APPROX_AT_MOST),
    ("以下", APPROX_AT_MOST), ("以内", APPROX_AT_MOST), ("之内", APPROX_AT_MOST), ("内", APPROX_AT_MOST),
    ("左右", APPROX_ABOUT), ("上下", APPROX_ABOUT),
)


# 至少/最多 + a short verb + the quantity (每年至少参加3次): the bound reaches over the verb
_LEADING_BOUND = re.compile(
    r"(?:(?P<least>至少|最少|不少于|不低于)|(?P<most>至多|最多|不超过|不高于))[\u4e00-\u9fff]{1,4}$")

_GLUED_RUN = re.compile(r"\d{5,}")


def approx_before(before: str) -> str | None:
    """The approximation words before a span give (约 → about, ≥ → at_least, 至少参加 → at_least …).

    A sign in the cell before (``≤ | 30``: a 指标性质 column) counts too.
    """
    b = _SPACES.sub("", before).rstrip("|")
    bound = _LEADING_BOUND.search(b)
    if bound and not any(b.endswith(w) for w, _ in _BEFORE_WORDS):
        return APPROX_AT_LEAST if bound.group("least") else APPROX_AT_MOST
    for word, approx in _BEFORE_WORDS:
        if b.endswith(word):
            prev = b[-len(word) - 1:-len(word)]
            if prev and prev in _NOT_BEFORE.get(word, ""):
                continue
            if word[0] in "<>" and (prev.isascii() and (prev.isalnum() or prev in "/\"'")):
                continue  # <p>496篇</p>: an HTML tag, not a comparison
            return approx
    return None


# 内 closes a limit (30个工作日内) unless it starts another word (内容, 内部 …)
_NOT_AFTER: dict[str, str] = {"内": "容部涵设蒙地在外控务"}


def approx_after(after: str) -> str | None:
    """The approximation a word right after a span gives (以上 → at_least, 左右 → about …)."""
    a = _SPACES.sub("", after)
    for word, approx in _AFTER_WORDS:
        if a.startswith(word):
            if a[len(word):len(word) + 1] and a[len(word)] in _NOT_AFTER.get(word, ""):
                continue
            return approx
    return None


def _combine(approxes: list[str | None]) -> str:
    """One approx from several hints; conflicting hints (近200余篇) mean 'about'."""
    found = {a for a in approxes if a and a != APPROX_EXACT}
    if not found:
        return APPROX_EXACT
    if len(found) == 1:
        return found.pop()
    return APPROX_ABOUT


# ---------------------------------------------------------------------------
# units


def _base(unit: str) -> str:
    return unit.split("/")[0].split("／")[0]


def apply_unit(value: Decimal, unit: str | None) -> Decimal:
    """Scale a number by its unit: 万元 → yuan, % → fraction, anything else unchanged."""
    if not unit:
        return tidy(value)
    base = _base(unit)
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        value = value * UNIT_SCALE.get(base, Decimal(1))
        if base in PERCENT_DIVISOR:
            value = value.scaleb(-PERCENT_DIVISOR[base])
    return tidy(value)


def _result(reading: Reading, unit: str | None, hints: list[str | None]) -> Normalized:
    if not reading.ok or reading.value is None:
        return Normalized(None, unit, _combine(hints + [reading.approx]),
                          reading.status if not reading.ok else VALUE_UNREADABLE, reading.reason)
    return Normalized(apply_unit(reading.value, unit), unit, _combine(hints + [reading.approx]))


# a unit holding digits or masks, or opening with a letter OCR reads for a digit (1O0万元, 3■5万元)
_DAMAGE = re.compile(r"[0-9■□●＊*]|^[OoIl](?![a-z])")


def _split_unit(s: str, known_units: frozenset[str]) -> tuple[str, str] | None:
    """Split ``numeral + unit``.

    The scale characters ending the numeral go to the unit when they make a
    known unit with it (25|万元, 五百|万元, 二十五|千克, 31|万字) — the fewest
    that do, and only when the numeral before them has no 万/亿 of its own
    (两万五千|元, not 两万五|千元 = 2.5e7). Otherwise the whole numeral is the
    number (38万|人次); an unknown unit (篇（条）) follows it as written.
    """
    m = _LEAD.match(s)
    if not m:
        return None
    lead = m.end()
    chinese = not any(c.isdigit() for c in s[:lead])
    for give in range(1, lead):
        head, given, unit = s[:lead - give], s[lead - give:lead], s[lead - give:]
        if any(c not in SMALL and c not in BIG for c in given):
            break
        if chinese and not all(c in BIG for c in given) and _base(unit) in UNIT_SCALE:
            continue  # 五千元, 三五千元: a Chinese numeral keeps 千/百 (25千元 gives them to the unit)
        reading = read_numeral(head)
        if _base(unit) in known_units and head not in ("", "负", "-") and \
                not any(c in BIG for c in head) and (reading.ok or not chinese or head[:1] in "几数"):
            return head, unit
    return s[:lead], s[lead:]


# a bare count whose measure names its unit just before it: 人次达, 户数为, 次数：
_UNIT_IN_LEAD = re.compile(r"(?:(人次|户次|场次|篇次)|(人|户|次|件|篇|个|项|场|所|家)数)\s*(?:达到|达|为|是|共|合计|[:：])?\s*$")

#: ``table_unit`` of a bare cell in a rate column (执行率, 完成率) whose header writes no %:
#: read as a percentage, reported without a unit
RATE_COLUMN = "%?"


def normalize(
    surface: str,
    label: str,
    *,
    before: str = "",
    after: str = "",
    table_unit: str | None = None,
    known_units: frozenset[str] | None = None,
) -> Normalized:
    """Turn one quantity span into a :class:`Normalized` value.

    ``surface`` is the span text (``3,363.37 万元``, ``6000多人次``,
    ``百分之九十五``). MONEY values are in yuan, PERCENT values fractions
    (``99.24%`` → 0.9924, ``2.5个百分点`` → 0.025), COUNT plain numbers
    (``38万人次`` → 380000), SCORE points. ``unit`` is the unit as written,
    spaces removed (``万元``, ``个百分点``, ``元/人、天``); ``百分之…`` gives
    ``%``, ``千分之`` ``‰``, ``万分之`` ``‱``. ``before``/``after`` are a few
    characters around the span (约 近 超过 ≥ … / 以上 以下 左右 …).
    ``table_unit`` is the unit a table declares, used when the span has none.
    A range (``1万-5万元``) gives its lower bound, ``about``.
    """
    if label not in QUANTITY_LABELS:
        raise IEError("E302", label=label, labels=", ".join(QUANTITY_LABELS))
    from .units import KNOWN_UNITS

    known = known_units if known_units is not None else KNOWN_UNITS
    hints: list[str | None] = [approx_before(before), approx_after(after)]
    s = _SPACES.sub("", _GLOSS.sub("", surface)).translate(_FULLWIDTH)
    if s.endswith("整") and len(s) > 1:
        s = s[:-1]  # 伍仟元整: 整 closes a financial amount
    if not s:
        return Normalized(None, None, _combine(hints), VALUE_UNREADABLE, "no number")

    frac = _FRACTION.fullmatch(s)
    if frac:
        reading = read_numeral((frac.group(1) or "") + frac.group(3))
        return _result(reading, _FRACTION_UNITS[frac.group(2)], hints)

    if label == "MONEY" and ("角" in s or re.search(r"[元圆].+分$", s)) and "/" not in s:
        yjf = _YUAN_JIAO_FEN.fullmatch(s)
        if yjf and any(yjf.groups()):
            return _yuan_jiao_fen(yjf, hints)

    ranged = _range(s, label, known)
    if ranged is not None:
        return Normalized(ranged.value, ranged.unit, _combine(hints + [APPROX_ABOUT]),
                          ranged.status, ranged.reason)

    split = _split_unit(s, known)
    if split is None:
        return Normalized(None, s or None, _combine(hints), VALUE_UNREADABLE,
                          f"{surface!r} has no number")
    head, unit = split
    if not unit and not table_unit and label == "MONEY" and _MONEY_SCALE_ONLY.fullmatch(head):
        # 2000万 found as money (a money noun next to it, guideline N3): 元 left out, the scale is the unit
        return _result(read_numeral(head), head[-1], hints)
    if not unit and not table_unit and label in ("MONEY", "PERCENT"):
        # a bare number with no unit anywhere: 元 or 万元, 0.95 or 95%? refuse rather than guess
        reading = read_numeral(head)
        return Normalized(None, None, _combine(hints + [reading.approx]), VALUE_AMBIGUOUS,
                          f"{surface!r} has no unit and its table declares none")
    if _DAMAGE.search(_base(unit)):
        tail = next((s[i:] for i in range(len(s)) if s[i:] in known), None)
        if tail is None and table_unit and table_unit != RATE_COLUMN:
            tail = _SPACES.sub("", table_unit)
        return Normalized(None, tail, _combine(hints), VALUE_UNREADABLE,
                          f"{surface!r}: digits mixed with letters or masks")
    if not unit and not table_unit and label == "COUNT":
        lead = _UNIT_IN_LEAD.search(before)
        if lead:  # 总阅读人次达 254220: the count's unit is named right before it
            unit = lead.group(1) or lead.group(2)
    if not unit and table_unit == RATE_COLUMN:
        # a bare cell of a rate column: a percentage whose % is not written (guideline C4, u=-)
        got = _result(read_numeral(head), "%", hints)
        return _refuse_glued(Normalized(got.value, None, got.approx, got.status, got.reason), label, head)
    unit = unit or (_SPACES.sub("", table_unit).translate(_FULLWIDTH) if table_unit else None)
    if unit == "％":
        unit = "%"
    return _refuse_glued(_result(read_numeral(head), unit or None, hints), label, head)


_MONEY_SCALE_ONLY = re.compile(r"[0-9][0-9,.]*[万萬亿億]")


def _refuse_glued(got: Normalized, label: str, head: str) -> Normalized:
    """A percentage over 1000% written as one digit run of five or more is glued table cells, not a rate."""
    # 40004000100% is three cells (4000 | 4000 | 100%), not forty billion per cent
    if label == "PERCENT" and got.value is not None and got.value > 10 and _GLUED_RUN.search(head):
        return Normalized(None, got.unit, got.approx, VALUE_AMBIGUOUS,
                          "a percentage over 1000% written as one long digit run: glued table cells?")
    return got


def _yuan_jiao_fen(m: re.Match[str], hints: list[str | None]) -> Normalized:
    """123元1角1分 → 123.11 元; 5角 → 0.5 角."""
    yuan, jiao, fen = m.groups()
    total = Decimal(0)
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        for part, scale in ((yuan, Decimal(1)), (jiao, Decimal("0.1")), (fen, Decimal("0.01"))):
            if part:
                reading = read_numeral(part)
                if not reading.ok or reading.value is None:
                    return _result(reading, "元", hints)
                total += reading.value * scale
    unit = "元" if yuan else ("角" if jiao else "分")
    return Normalized(tidy(total), unit, _combine(hints))


def _range(s: str, label: str, known: frozenset[str]) -> Normalized | None:
    """``1万-5万元``, ``10-20人``, ``一百二十到一百五十万元``: the lower bound, or None if no range.

    The lower end takes the upper end's unit, and its trailing scale too when
    it has none of its own and is smaller than the upper numeral
    (一百二十到一百五十万元 → 一百二十万元; 5000-2万元 → 5000元).
    """
    for m in _RANGE.finditer(s):
        i = m.start()
        if i == 0 or (s[0] == "负" and i == 1):
            continue  # a leading minus is a sign
        left, right = s[:i], s[i + 1:]
        upper_lead = _LEAD.match(right)
        lower_lead = _LEAD.match(left)
        if not upper_lead or right[0] in "-负" or not lower_lead:
            continue
        upper_num, unit_text = right[:upper_lead.end()], right[upper_lead.end():]
        if lower_lead.end() < len(left):
            lower_text = left  # 5%-10%: the lower end has its own unit
        else:
            # the scale that closes the upper numeral: 万/亿, or 十百千 after Arabic digits (2千)
            tail = (re.search(rf"[{''.join(BIG)}]+$", upper_num)
                    or re.search(rf"(?<=[0-9])[{''.join(SMALL)}]+$", upper_num))
            own = re.search(rf"[{''.join(BIG)}]", left)
            lower_text = left + unit_text
            if tail and not own:
                coeff = read_numeral(upper_num[:tail.start()]) if tail.start() else None
                low = read_numeral(left)
                if coeff and coeff.ok and low.ok and coeff.value is not None and \
                        low.value is not None and low.value <= coeff.value:
                    lower_text = left + tail.group() + unit_text
        upper = normalize(right, label, known_units=known)
        lower = normalize(lower_text, label, known_units=known)
        if lower.value is None or upper.value is None:
            bad = lower if lower.value is None else upper
            return Normalized(None, upper.unit, APPROX_ABOUT, bad.status, bad.reason)
        if lower.value > upper.value:
            return Normalized(None, upper.unit, APPROX_ABOUT, VALUE_AMBIGUOUS,
                              f"range {s!r} runs downwards")
        return Normalized(lower.value, lower.unit, APPROX_ABOUT)
    return None
