"""Quantity grammar and value normalizer (annotations/CONTRACT.md, "Boundaries"
and "Normalized values").

``find_quantities`` finds every MONEY / PERCENT / COUNT / SCORE quantity that
carries an explicit unit in running text; ``normalize`` turns one span into a
machine-readable ``(value, unit, approx)``; ``parse_number`` reads Arabic and
Chinese numerals. Pure Python (``re`` + ``decimal``): values never pass
through ``float``, so ``1.57%`` is exactly ``Decimal('0.0157')``.

Bare numbers in tables are not found here (the table reader decides their
label); ``normalize(..., table_unit=...)`` gives them their value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, localcontext
from functools import lru_cache
from typing import Mapping, Sequence

from ..contract import (
    APPROX_ABOUT,
    APPROX_AT_LEAST,
    APPROX_AT_MOST,
    APPROX_EXACT,
    QUANTITY_LABELS,
)
from ..errors import IEError, ModelError

__all__ = [
    "Quantity",
    "DEFAULT_EXCLUSIONS",
    "DEFAULT_UNITS",
    "parse_number",
    "normalize",
    "find_quantities",
]


@dataclass(frozen=True)
class Quantity:
    """One quantity span with its normalized value.

    ``start``/``end`` are code-point offsets into the text given to
    :func:`find_quantities` (end exclusive). ``value`` is in yuan for MONEY, a
    fraction for PERCENT, a plain number for COUNT and points for SCORE;
    ``None`` when the numeral gives no number (``几十个``).
    """

    start: int
    end: int
    label: str
    value: Decimal | None
    unit: str | None
    approx: str


# Slogans and fixed names built on numerals (contract, "Not quantities"). Any
# candidate overlapping one of these is dropped.
DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    "四个意识", "四个自信", "两个维护", "两个确立", "四个全面", "三个代表", "三个表率",
    "两个一百年", "四个出新出彩", "六稳六保", "六稳", "六保", "十四五", "十三五", "十二五",
    "一府一委两院", "一办六委", "三农", "两支队伍", "八项规定", "五位一体", "三位一体",
    "一带一路", "两学一做", "三会一课", "三严三实", "一岗双责", "两代表一委员",
    "一轴四带", "一核多组团", "三次分配", "两张皮", "1+1+9", "1＋1＋9",
    # policy packages named by their number of articles
    "纾困9条", "双统筹46条", "金融19条",
    # idioms whose numeral + classifier reads like a count
    "千家万户", "万家灯火", "千人计划", "百千万人才", "三番五次", "千篇一律", "百家争鸣",
)

# unit/classifier as written (no spaces) -> label. Units starting with 万/亿/千
# carry their scale (value is in yuan / characters); a 万 in front of any other
# unit is part of the number (``38万人次`` -> 380000, unit 人次).
DEFAULT_UNITS: dict[str, str] = {
    # money
    "元": "MONEY", "千元": "MONEY", "万元": "MONEY", "百万元": "MONEY", "千万元": "MONEY",
    "亿元": "MONEY", "万亿元": "MONEY",
    # percent and rates
    "%": "PERCENT", "％": "PERCENT", "‰": "PERCENT", "个百分点": "PERCENT", "百分点": "PERCENT",
    # score
    "分": "SCORE",
    # counts and measures
    **{u: "COUNT" for u in (
        "件", "次", "篇", "场", "人次", "名", "个", "项", "期", "批", "批次", "条", "家", "张",
        "万字", "位", "人", "户", "所", "台", "套", "本", "册", "份", "则", "种", "类", "大类",
        "个月", "篇次", "场次", "期次", "户次", "家次", "件次", "轮", "幅", "辆", "艘", "架",
        "座", "间", "床", "笔", "宗", "起", "例", "页", "棵", "株", "支",
        "斤", "公斤", "千克", "吨", "亩", "公顷", "平方米", "平方公里", "立方米", "公里", "千米",
        "学时", "课时",
    )},
}

# A unit followed by one of these characters is the start of another word
# (分钟, 三分之一, 两项目, 家庭, 支出 …), so the numeral before it is no quantity.
_BLOCKERS: dict[str, str] = {
    "分": "钟之别局院会行队社部公店厂校册配析布解摊享散工管流类期批数值项组支成段级子母担",
    "个": "体性税",
    "次": "日要序级",
    "场": "所景地馆合面域",
    "名": "称单义额录列誉片牌次",
    "项": "目",
    "期": "间待望限货",
    "条": "件例款",
    "家": "庭属长乡园里人族务政风具电居门底",
    "张": "贴扬力",
    "人": "民员才大口数群士力事身均工物心社类文性格生家选",
    "位": "于置数列居次移",
    "户": "籍口外型数",
    "所": "以有在属得谓长需处能示述辖致指作",
    "台": "湾商胞企属资账阶",
    "本": "身级地部次期年着质职",
    "份": "额子",
    "则": "是不",
    "种": "类子业植养",
    "类": "别型似",
    "元": "素旦宵首件老年代宇制次结化论",
    "起": "来草步点码诉始到源航",
    "例": "如会行外",
    "支": "出持付援部撑配取柱行",
    "笔": "记者试画墨",
    "座": "谈位右次",
    "轮": "流换训",
    "页": "面",
    "幅": "度员",
    "套": "餐路用",
    "册": "子",
    "批": "示准复评判发量",
    "篇": "章幅",
}

# Denominators of compound units (``400元/人、天``, ``0.064次/10万公顷``).
_PER_UNITS: tuple[str, ...] = (
    "人次", "人天", "人日", "平方公里", "平方米", "公顷", "公里", "千米", "小时", "学时",
    "人", "天", "日", "月", "年", "次", "件", "户", "个", "台", "辆", "床", "亩", "吨", "间",
    "套", "册", "本", "份", "场", "期", "项", "班", "家", "㎡",
)

# scale a unit carries in front of its base (万元 -> 10^4 yuan)
_UNIT_SCALE: dict[str, Decimal] = {
    "千元": Decimal(10) ** 3, "万元": Decimal(10) ** 4, "百万元": Decimal(10) ** 6,
    "千万元": Decimal(10) ** 7, "亿元": Decimal(10) ** 8, "万亿元": Decimal(10) ** 12,
    "万字": Decimal(10) ** 4,
}
# units whose value is a fraction
_PERCENT_DIVISOR: dict[str, int] = {"%": 2, "％": 2, "个百分点": 2, "百分点": 2, "‰": 3}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－", "0123456789.%-")

# ---------------------------------------------------------------------------
# numerals

_CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
_CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG: dict[str, int] = {"万": 10 ** 4, "亿": 10 ** 8}
_CN_ALL = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG) + "几"
# 零/〇 never start a quantity (零件, 零星); 几 only before a multiplier (几十)
_CN_START = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿"
_SCALE_CHARS = "万亿千百"

_AR = "0-9０-９"
_ARABIC = (rf"(?:[{_AR}]{{1,3}}(?:,[ ]?[{_AR}]{{3}})+(?![{_AR}])|[{_AR}]+)"
           rf"(?:[.．][{_AR}]+)?")
_WS = r"[ \u3000\xa0\r\n]{0,6}"     # spaces and PDF line breaks between number and unit
_UWS = r"[ \u3000\xa0\r\n]{0,4}"    # ... and inside a unit (1781.86 万\n元)
_SPACES = re.compile(r"[\s\u3000\xa0]+")


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation."""
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def _range_lower(s: str) -> tuple[str, bool]:
    """``两三`` / ``七八百`` -> lower bound; True when such a range was found."""
    vals = [_CN_DIGITS.get(c) for c in s]
    for i in range(len(s) - 1):
        a, b = vals[i], vals[i + 1]
        if a and b and b == a + 1:
            return s[:i + 1] + s[i + 2:], True
    return s, False


def _parse_chinese(s: str) -> tuple[Decimal | None, bool]:
    """Chinese numeral -> (value, approximate?)."""
    approx = False
    if "几" in s:
        if s[0] == "几":          # 几十, 几百: no lower bound worth reporting
            return None, True
        approx = True
    has_mult = any(c in _CN_SMALL or c in _CN_BIG for c in s)
    if has_mult or len(s) == 2:
        s, ranged = _range_lower(s)
        approx = approx or ranged
    if not has_mult:
        # positional digits (二〇二一) or a single digit
        if any(c not in _CN_DIGITS for c in s):
            return None, approx
        return Decimal("".join(str(_CN_DIGITS[c]) for c in s)), approx
    total = 0          # completed 亿 groups
    wan = 0            # completed 万 group inside the current 亿 group
    section = 0        # below 万
    num: int | None = None
    last_mult = 1
    zero = False
    for ch in s:
        if ch == "几":
            ch = "零"   # 三十几 -> 30 (lower bound), marked approximate above
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
            zero = zero or num == 0
        elif ch in _CN_SMALL:
            section += (num if num is not None else 1) * _CN_SMALL[ch]
            num, last_mult, zero = None, _CN_SMALL[ch], False
        elif ch == "万":
            section += num or 0
            wan += (section or 1) * 10 ** 4
            section, num, last_mult, zero = 0, None, 10 ** 4, False
        elif ch == "亿":
            section += num or 0
            total += (wan + section or 1) * 10 ** 8
            wan, section, num, last_mult, zero = 0, 0, None, 10 ** 8, False
        else:
            return None, approx
    if num is not None:
        # 三千四 = 3400, 两万五 = 25000 (colloquial); 一千零五 and 十二 stay literal
        after_mult = len(s) > 1 and (s[-2] in _CN_SMALL or s[-2] in _CN_BIG)
        if not zero and last_mult >= 100 and after_mult:
            section += num * last_mult // 10
        else:
            section += num
    return Decimal(total + wan + section), approx


def _parse_number_ex(text: str) -> tuple[Decimal | None, bool]:
    """Parse a numeral; returns (value, approximate?) without approximators' direction."""
    s = _SPACES.sub("", text).translate(_FULLWIDTH)
    s = s.replace("−", "-")
    if not s:
        return None, False
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    s = s.replace("多", "").replace("余", "")  # 二百余万 -> 二百万; direction is normalize's job
    if not s:
        return None, False
    with localcontext() as ctx:
        ctx.prec = MAX_PREC  # only exact operations (no division): never rounds
        m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([十百千万亿]*)", s)
        if m:
            value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
            for ch in m.group(3):
                value *= _CN_SMALL.get(ch) or _CN_BIG[ch]
            return _tidy(value * sign), False
        if all(c in _CN_ALL for c in s):
            value, approx = _parse_chinese(s)
            return (None if value is None else _tidy(value * sign)), approx
    return None, False


def parse_number(text: str) -> Decimal | None:
    """Read an Arabic or Chinese numeral as an exact ``Decimal``.

    Arabic numbers may use ``,`` thousands separators, spaces or line breaks
    (PDF), full-width digits and a trailing Chinese scale (``3.5万``,
    ``1.2亿``). Chinese numerals: ``两``, ``十二``, ``三千四百``, ``一千零五``,
    ``三千四`` (= 3400). Approximate numerals give their lower bound:
    ``三十几`` -> 30, ``两三`` -> 2. Returns ``None`` when ``text`` is no number.
    """
    return _parse_number_ex(text)[0]


# ---------------------------------------------------------------------------
# approximation words around a span

_BEFORE_WORDS: tuple[tuple[str, str], ...] = tuple(sorted((
    ("约", APPROX_ABOUT), ("大约", APPROX_ABOUT), ("约为", APPROX_ABOUT), ("约占", APPROX_ABOUT),
    ("约有", APPROX_ABOUT), ("约合", APPROX_ABOUT), ("近", APPROX_ABOUT), ("将近", APPROX_ABOUT),
    ("接近", APPROX_ABOUT), ("大概", APPROX_ABOUT), ("近乎", APPROX_ABOUT),
    ("超过", APPROX_AT_LEAST), ("超", APPROX_AT_LEAST), ("逾", APPROX_AT_LEAST),
    ("不少于", APPROX_AT_LEAST), ("不低于", APPROX_AT_LEAST), ("不下于", APPROX_AT_LEAST),
    ("至少", APPROX_AT_LEAST), ("最少", APPROX_AT_LEAST), ("多于", APPROX_AT_LEAST),
    ("高于", APPROX_AT_LEAST), ("大于", APPROX_AT_LEAST), ("≥", APPROX_AT_LEAST),
    ("≧", APPROX_AT_LEAST), (">", APPROX_AT_LEAST), ("＞", APPROX_AT_LEAST),
    (">=", APPROX_AT_LEAST),
    ("不超过", APPROX_AT_MOST), ("不高于", APPROX_AT_MOST), ("不多于", APPROX_AT_MOST),
    ("不大于", APPROX_AT_MOST), ("至多", APPROX_AT_MOST), ("最多", APPROX_AT_MOST),
    ("少于", APPROX_AT_MOST), ("低于", APPROX_AT_MOST), ("小于", APPROX_AT_MOST),
    ("≤", APPROX_AT_MOST), ("≦", APPROX_AT_MOST), ("<", APPROX_AT_MOST), ("＜", APPROX_AT_MOST),
    ("<=", APPROX_AT_MOST),
), key=lambda kv: -len(kv[0])))
# 节约 / 最近 …: the approximator character is the end of another word
_NOT_BEFORE: dict[str, str] = {"约": "节制签履预合违特公邀契条", "近": "最附邻就靠贴亲远", "超": "赶高"}

_AFTER_WORDS: tuple[tuple[str, str], ...] = (
    ("及以上", APPROX_AT_LEAST), ("或以上", APPROX_AT_LEAST), ("以上", APPROX_AT_LEAST),
    ("有余", APPROX_AT_LEAST),
    ("及以下", APPROX_AT_MOST), ("以下", APPROX_AT_MOST), ("以内", APPROX_AT_MOST),
    ("之内", APPROX_AT_MOST),
    ("左右", APPROX_ABOUT), ("上下", APPROX_ABOUT),
)
_INNER_APPROX: dict[str, str] = {"多": APPROX_AT_LEAST, "余": APPROX_AT_LEAST, "几": APPROX_ABOUT}


def _approx_before(before: str) -> str | None:
    b = _SPACES.sub("", before)
    for word, approx in _BEFORE_WORDS:
        if b.endswith(word):
            prev = b[-len(word) - 1:-len(word)]
            if prev and prev in _NOT_BEFORE.get(word, ""):
                continue
            if word[0] in "<>" and (prev.isascii() and (prev.isalnum() or prev in "/\"'")):
                continue  # <p>496篇</p>: an HTML tag, not a comparison
            return approx
    return None


def _approx_after(after: str) -> str | None:
    a = _SPACES.sub("", after)
    for word, approx in _AFTER_WORDS:
        if a.startswith(word):
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
# normalize

_FRACTION = re.compile(r"([-]?)([百千])分之(.+)")
_LEAD_NUM = re.compile(rf"(-?)({_ARABIC}|[{_CN_ALL}]+)")
_RANGE_DASHES = "-~～—–至到"
# 10-20人, 80～90分: a range of Arabic numbers sharing one unit
_LEAD_RANGE = re.compile(rf"({_ARABIC})[{_RANGE_DASHES}](?={_ARABIC})")
_RANGE_BEFORE = re.compile(rf"(?<![{_AR}A-Za-z.．,])({_ARABIC})[ ]?[{_RANGE_DASHES}][ ]?\Z")


def _unit_scale(unit: str) -> Decimal:
    return _UNIT_SCALE.get(unit.split("/")[0].split("／")[0], Decimal(1))


def _apply_unit(value: Decimal, unit: str) -> Decimal:
    base = unit.split("/")[0].split("／")[0]
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        value = value * _unit_scale(unit)
        if base in _PERCENT_DIVISOR:
            value = value.scaleb(-_PERCENT_DIVISOR[base])
    return _tidy(value)


def _is_scaled_unit(unit: str) -> bool:
    return unit.split("/")[0].split("／")[0] in _UNIT_SCALE


# units that begin with a scale character but keep it (万元, 百分点, 千克); frozen at
# import so that normalize never depends on a unit table changed at run time
_SCALE_LED_UNITS: frozenset[str] = frozenset(
    u for u in (*DEFAULT_UNITS, *_UNIT_SCALE, *_PERCENT_DIVISOR) if u[0] in _SCALE_CHARS
)


def _is_known_unit(unit: str) -> bool:
    """万元, 百分点, 千克 …: the leading scale character belongs to the unit."""
    return unit.split("/")[0].split("／")[0] in _SCALE_LED_UNITS


def normalize(
    surface: str,
    label: str,
    *,
    before: str = "",
    after: str = "",
    table_unit: str | None = None,
) -> tuple[Decimal | None, str | None, str]:
    """Turn one quantity span into ``(value, unit, approx)``.

    ``surface`` is the span text (``3,363.37 万元``, ``6000多人次``,
    ``百分之九十五``). MONEY values are in yuan, PERCENT values fractions
    (``99.24%`` -> 0.9924, ``2.5个百分点`` -> 0.025), COUNT plain numbers
    (``38万人次`` -> 380000), SCORE points. ``unit`` is the unit as written,
    spaces and line breaks removed (``万元``, ``个百分点``, ``元/人、天``);
    ``百分之…`` gives ``%``. ``before``/``after`` are a few characters around
    the span: approximators there (约 近 超过 不少于 ≥ … / 以上 以下 左右) set
    ``approx`` together with those inside the span (多 余 几). ``table_unit``
    is the unit a table declares (``万元``, ``%``, ``人次``) and is used only
    when the span has no unit of its own.
    """
    if label not in QUANTITY_LABELS:
        raise IEError("E302", label=label, labels=", ".join(QUANTITY_LABELS))
    hints: list[str | None] = [_approx_before(before), _approx_after(after)]
    s = _SPACES.sub("", surface).translate(_FULLWIDTH).replace("−", "-")

    frac = _FRACTION.fullmatch(s)
    if frac:
        number, approx_n = _parse_number_ex(frac.group(3))
        if approx_n:
            hints.append(APPROX_ABOUT)
        unit = "%" if frac.group(2) == "百" else "‰"
        value = None
        if number is not None:
            value = _apply_unit(-number if frac.group(1) else number, unit)
        return value, unit, _combine(hints)

    lower: Decimal | None = None
    rng = _LEAD_RANGE.match(s)
    if rng:
        # a range reports its lower bound; unit and scale come from the upper end
        lower = _parse_number_ex(rng.group(1))[0]
        hints.append(APPROX_ABOUT)
        s = s[rng.end():]
    m = _LEAD_NUM.match(s)
    if not m:
        return None, None, _combine(hints)
    sign, number_text = m.group(1), m.group(2)
    rest = s[m.end():]
    if number_text[0] in _CN_ALL:
        # the greedy numeral may have eaten the scale of 万元/千元 (三十几万元); give it
        # back only when it scales the whole numeral (not 两万五千元, 一亿二千万元)
        for cut in range(1, len(number_text)):
            head, tail = number_text[:-cut], number_text[-cut:]
            if (all(c in _SCALE_CHARS for c in tail) and _is_scaled_unit(tail + rest)
                    and not any(c in _CN_BIG for c in head)):
                number_text, rest = head, tail + rest
                break
    number, approx_n = _parse_number_ex(sign + number_text)
    if approx_n:
        hints.append(APPROX_ABOUT)
    if rng:
        number = lower

    scale = Decimal(1)
    while True:
        if rest[:1] in _INNER_APPROX:
            hints.append(_INNER_APPROX[rest[0]])
            rest = rest[1:]
            continue
        if rest[:1] and rest[0] in _SCALE_CHARS and not _is_known_unit(rest):
            scale *= (_CN_SMALL.get(rest[0]) or _CN_BIG[rest[0]])
            rest = rest[1:]
            continue
        break

    unit: str | None = rest or None
    if unit is None and table_unit:
        unit = _SPACES.sub("", table_unit).translate(_FULLWIDTH)
    if unit == "％":
        unit = "%"
    if number is None:
        return None, unit, _combine(hints)
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        value = number * scale
    value = _apply_unit(value, unit) if unit else _tidy(value)
    return value, unit, _combine(hints)


# ---------------------------------------------------------------------------
# find_quantities


def _unit_alternative(unit: str) -> str:
    chars = [re.escape(c) for c in unit]
    pattern = _UWS.join(chars)
    blockers = _BLOCKERS.get(unit)
    if blockers:
        pattern += f"(?![{re.escape(blockers)}])"
    return pattern


@lru_cache(maxsize=16)
def _grammar(units: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    alts = "|".join(_unit_alternative(u) for u, _ in sorted(units, key=lambda kv: -len(kv[0])))
    per_alts = "|".join(re.escape(u) for u in sorted(_PER_UNITS, key=len, reverse=True))
    per = (rf"[ ]?[/／][ ]?(?:{_ARABIC}[ ]?[万千百亿]?)?(?:{per_alts})"
           rf"(?:[、·•][ ]?(?:{per_alts}))?")
    cn_run = rf"(?:[{_CN_START}]|几(?=[十百千万]))[{_CN_ALL}]*?"
    return re.compile(
        rf"(?P<frac>[百千]分之(?:{_ARABIC}|[{_CN_ALL}]+))"
        r"|(?P<q>"
        rf"(?:(?<![{_AR}A-Za-z.．%％‰])[-−－])?"   # a minus, not 1-11 or 10%-20%
        rf"(?P<num>(?<![{_AR}A-Za-z.．,]){_ARABIC}|(?<![{_CN_ALL}]){cn_run})"
        rf"(?:{_WS}(?P<inner>[多余几]))?"
        rf"(?:{_WS}(?P<scale>[万亿千百]+)(?:{_WS}[多余])?)??"
        rf"{_WS}(?P<unit>{alts})"
        rf"(?P<per>{per})?"
        r")"
    )


@lru_cache(maxsize=16)
def _exclusion_pattern(exclusions: tuple[str, ...]) -> re.Pattern[str] | None:
    if not exclusions:
        return None
    alts = sorted(exclusions, key=len, reverse=True)
    return re.compile("|".join(_UWS.join(re.escape(c) for c in e) for e in alts))


def _check_units(units: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    items = []
    for unit, label in units.items():
        if label not in QUANTITY_LABELS:
            raise ModelError("E300", unit=unit, label=label, labels=", ".join(QUANTITY_LABELS))
        key = _SPACES.sub("", unit) if isinstance(unit, str) else ""
        if not key:
            raise ModelError("E301", label=label)
        items.append((key, label))
    return tuple(sorted(set(items)))


def _check_exclusions(exclusions: Sequence[str]) -> tuple[str, ...]:
    out = []
    for phrase in exclusions:
        if not isinstance(phrase, str) or not _SPACES.sub("", phrase):
            raise ModelError("E303", phrase=phrase)
        out.append(_SPACES.sub("", phrase))
    return tuple(out)


_OPEN_QUOTES = "“‘‚「『〝"
_CLOSE_QUOTES = "”’‛」』〞"
_STOPS = "。；;\n"


def _quoted_name(text: str, start: int, end: int, limit: int = 10) -> bool:
    """``‚纾困 9 条‛``, ``“两个维护”``: a short quoted phrase is a name, not a count."""
    open_at = None
    for i in range(start - 1, max(-1, start - limit - 1), -1):
        ch = text[i]
        if ch in _CLOSE_QUOTES or ch in _STOPS:
            return False
        if ch in _OPEN_QUOTES:
            open_at = i
            break
    if open_at is None:
        return False
    close_at = None
    for i in range(end, min(len(text), end + limit)):
        ch = text[i]
        if ch in _OPEN_QUOTES or ch in _STOPS:
            return False
        if ch in _CLOSE_QUOTES:
            close_at = i
            break
    if close_at is None:
        return False
    inside = _SPACES.sub("", text[open_at + 1:close_at])
    only_quantity = inside == _SPACES.sub("", text[start:end])
    return len(inside) <= limit and not only_quantity


def _in_book_title(text: str, start: int, end: int, limit: int = 40) -> bool:
    """Numerals inside 《…》 belong to the title."""
    left = text.rfind("《", max(0, start - limit), start)
    if left < 0 or "》" in text[left:start] or "\n" in text[left:start]:
        return False
    right = text.find("》", end, end + limit)
    return right >= 0 and "《" not in text[end:right] and "\n" not in text[end:right]


def _prev_char(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] in " \u3000\xa0\r\n":
        i -= 1
    return text[i] if i >= 0 else ""


def find_quantities(
    text: str,
    *,
    exclusions: Sequence[str] = DEFAULT_EXCLUSIONS,
    units: Mapping[str, str] = DEFAULT_UNITS,
) -> list[Quantity]:
    """Find every quantity with an explicit unit in running text.

    A span runs from its first digit or Chinese numeral to the end of its
    unit; approximators inside stay in (``6000多人次``, ``3400 余件``), words
    around it stay out but set ``approx`` (``近 10场`` -> ``10场``, about).
    Spaces, thousands separators, full-width digits and PDF line breaks inside
    the number or between number and unit are part of the span. Not found:
    dates (``2021年``, ``1-11月份``), ordinals (``第四巡察组``, ``十二届五次``),
    ranks (``前10名``), document numbers, phrases in ``exclusions`` (slogans),
    short quoted names (``‚纾困 9 条‛``), numerals in 《titles》, the indefinite
    ``一`` (``一批``, ``一名学生4000元``) and per-unit bases (``每…``).
    """
    unit_items = _check_units(units)
    grammar = _grammar(unit_items)
    labels = dict(unit_items)
    excl = _exclusion_pattern(_check_exclusions(exclusions))
    blocked = [(m.start(), m.end()) for m in excl.finditer(text)] if excl else []

    found: list[Quantity] = []
    for m in grammar.finditer(text):
        start, end = m.span()
        if m.group("frac"):
            label = "PERCENT"
        else:
            unit = _SPACES.sub("", m.group("unit"))
            label = labels[unit]
            num = m.group("num")
            arabic = num[0] not in _CN_ALL
            if arabic and start == m.start("num"):
                rng = _RANGE_BEFORE.search(text, max(0, start - 40), start)
                if rng:
                    start = rng.start(1)  # 10-20人: the whole range is the span
            prev = _prev_char(text, start)
            if label == "SCORE" and not arabic:
                continue  # 十分重要, 百分之…: scores are written in digits
            if label != "COUNT" and all(c in "万亿千百" for c in num) and not m.group("scale"):
                continue  # 单位：万元 is a unit, not ten thousand yuan (万斤 is fine)
            if prev in ("第", "届"):
                continue  # ordinals: 第十次, 十二届五次会议
            if prev == "前" and unit in ("名", "位"):
                continue  # rank: 前10名
            if prev == "每":
                continue  # per-unit base: 每一笔
            if (label == "COUNT" and num in ("一", "壹") and not m.group("inner")
                    and not m.group("scale") and unit[0] not in _SCALE_CHARS):
                continue  # indefinite 一: 一批, 一项, 一名学生4000元
        if any(s < end and start < e for s, e in blocked):
            continue
        if label == "COUNT" and _quoted_name(text, start, end):
            continue
        if _in_book_title(text, start, end):
            continue
        value, unit_out, approx = normalize(
            text[start:end], label, before=text[max(0, start - 8):start], after=text[end:end + 4]
        )
        found.append(Quantity(start, end, label, value, unit_out, approx))
    return found
