"""Quantity grammar (annotations/CONTRACT.md, "Boundaries"): find quantities in running text.

``find_quantities`` finds every MONEY / PERCENT / COUNT / SCORE quantity that
carries an explicit unit in running text, and normalizes each with the one
numeral core (:mod:`ie.numerals`): exact ``Decimal`` values, never ``float``,
and ``value None`` with a ``value_status`` where the numeral cannot be read.

Bare numbers in tables are not found here (the table reader decides their
label); :func:`ie.numerals.normalize` with ``table_unit`` gives them their value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Mapping, Sequence

from ..contract import QUANTITY_LABELS, VALUE_OK
from ..errors import ModelError
from ..io.clean import fold_traditional
from ..numerals import approx_before, normalize, read_numeral
from ..numerals.read import BIG, DIGITS, SMALL
from ..numerals.units import DEFAULT_UNITS

__all__ = [
    "Quantity",
    "DEFAULT_EXCLUSIONS",
    "DEFAULT_UNITS",
    "parse_number",
    "find_quantities",
]


@dataclass(frozen=True)
class Quantity:
    """One quantity span with its normalized value.

    ``start``/``end`` are code-point offsets into the text given to
    :func:`find_quantities` (end exclusive). ``value`` is in yuan for MONEY, a
    fraction for PERCENT, a plain number for COUNT and points for SCORE;
    ``None`` when the numeral gives no number (``几十个``, ``1O0万元``), with
    ``status`` saying why (``ambiguous``, ``unreadable``).
    """

    start: int
    end: int
    label: str
    value: Decimal | None
    unit: str | None
    approx: str
    status: str = VALUE_OK


def parse_number(text: str) -> Decimal | None:
    """Read an Arabic or Chinese numeral as an exact ``Decimal`` (None if it cannot be read).

    See :func:`ie.numerals.read_numeral`, which also says why a numeral is refused.
    """
    return read_numeral(text).value


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

# A unit followed by one of these characters is the start of another word
# (分钟, 三分之一, 两项目, 家庭, 支出 …), so the numeral before it is no quantity.
_BLOCKERS: dict[str, str] = {
    "分": "钟别局院会行队社部公店厂校册配析布解摊享散工管流类期批数值项组支成段级子母担",
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
    "头": "脑像等",
    "包": "括含装干",
    "口": "径号碑岸",
    "片": "区面",
    "段": "时落",
    "门": "户诊槛类",
    "节": "约能日点",
}

# Denominators of compound units (``400元/人、天``, ``0.064次/10万公顷``).
_PER_UNITS: tuple[str, ...] = (
    "人次", "人天", "人日", "平方公里", "平方米", "公顷", "公里", "千米", "小时", "学时",
    "人", "天", "日", "月", "年", "次", "件", "户", "个", "台", "辆", "床", "亩", "吨", "间",
    "套", "册", "本", "份", "场", "期", "项", "班", "家", "㎡",
)

# ---------------------------------------------------------------------------
# find_quantities

_AR = "0-9０-９"
_ARABIC = (rf"(?:[{_AR}]{{1,3}}(?:[,，][ ]?[{_AR}]{{3}})+(?![{_AR}])|[{_AR}]+)"
           rf"(?:[.．][{_AR}]+)?")
_CN_DIGITS = "".join(DIGITS)
_CN_MULT = "".join(SMALL) + "".join(BIG)
_CN_BIG = "".join(BIG)
_CN_ALL = _CN_DIGITS + _CN_MULT + "点點几"
# 零/〇 start a numeral only before a decimal point (零点六); 几 only before a multiplier (几十)
_CN_START = "".join(c for c in DIGITS if DIGITS[c]) + _CN_MULT
# the pinyin a transcoding site writes after characters (萬(wàn)元): part of the span, read past
_GLOSS = r"(?:[（(][a-zāáǎàōóǒòēéěèīíǐìūúǔùüǖǘǚǜ]{1,8}[)）])"
_GLOSS_RE = re.compile(_GLOSS)
_WS = rf"(?:[ \u3000\xa0\r\n]|{_GLOSS}){{0,6}}"     # spaces and PDF line breaks between number and unit
_UWS = rf"(?:[ \u3000\xa0\r\n]|{_GLOSS}){{0,4}}"    # ... and inside a unit (1781.86 万\n元)
_SPACES = re.compile(r"[\s\u3000\xa0]+")
# a Chinese numeral, spaces allowed between its characters (三 千 五 百)
_CN_RUN = (rf"(?:[{_CN_START}]|[零〇](?=[点點])|几(?=[十百千万萬]))"
           rf"(?:[ \u3000]?[{_CN_ALL}])*?")
# an Arabic number, with Chinese scales and further digits after 万/亿 (3万4000, 25万6千, 4万一)
# an Arabic number, with Chinese scales and further digits (3万4000, 25万6千, 4万一, 6千5百, 5万零300)
_AR_COMPOUND = (rf"{_ARABIC}(?:[{_CN_MULT}]零?(?:{_ARABIC}|[{_CN_DIGITS}])"
                rf"(?=[{_CN_MULT}]|[^{_AR}.．,，]|$))*")
# thousands groups separated by single spaces (1 200 000元, 3 363.37万元) — prose only, a unit follows
_AR_SPACED = rf"[{_AR}]{{1,3}}(?: [{_AR}]{{3}})+(?:[.．][{_AR}]+)?(?![{_AR}])"
# digits damaged by OCR or masks (1O0, 3■5): found, so that their value is refused, not lost
# digits damaged by OCR or masks (1O0, 3■5, 9l.5, 1.2.3, 12,34): found, so that their value is refused
_DAMAGED = (r"[0-9](?=[0-9OoIlS■.,，]*?(?:[OoIlS■]|[.．][0-9]+[.．][0-9]|[,，](?:[0-9]{1,2}|[0-9]{4,})(?![0-9])))"
            r"[0-9OoIlS■.,，]*[0-9OoIlS■]"
            rf"|(?<![{_CN_ALL}])[{_CN_START}][{_CN_ALL}]*■[{_CN_ALL}■]*")
_YJF_NUM = rf"(?:{_ARABIC}|[{_CN_DIGITS}{_CN_MULT}]+)"
# units that count only at the end of a phrase (30天内, 2.5小时。): 7天访视数 is an indicator name
_CLOSING_UNITS: dict[str, str] = {"天": "COUNT", "小时": "COUNT", "个工作日": "COUNT", "工作日": "COUNT"}
_CLOSE = r"(?=[内以之左前后，。、；：,.;:）)\s]|$)"
# a classifier in brackets after the unit belongs to it: 200余篇（条）
_UNIT_GLOSS = r"(?:[（(][篇条次件个项人场期批家户名张份][）)])?"
# 数百, 几十: a vague numeral (value refused); 数 not the end of 人数, 次数 …
_VAGUE = rf"(?:(?<![人次户个件项总指分基系倍场篇期名天年岁家条张批份])数|几)(?=[十百千万萬])[{_CN_MULT}]+|几(?=[个次项件名人家场批条位天])"
_RANGE_DASHES = "-~～—–至到"
_RANGE_BEFORE = re.compile(
    rf"(?<![{_AR}A-Za-z.．,{_CN_ALL}])((?:{_ARABIC}|[{_CN_ALL}]+)[{_CN_BIG}千百]?[%％]?)"
    rf"[ ]?[{_RANGE_DASHES}][ ]?\Z")


def _unit_alternative(unit: str) -> str:
    chars = [re.escape(c) for c in unit]
    pattern = _UWS.join(chars)
    blockers = _BLOCKERS.get(unit)
    if blockers:
        pattern += f"(?![{re.escape(blockers)}])"
    if unit[-1].isascii() and unit[-1].isalpha():
        pattern += "(?![A-Za-z])"  # 5m, not 5min
    return pattern


@lru_cache(maxsize=16)
def _grammar(units: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    alts = "|".join(_unit_alternative(u) for u, _ in sorted(units, key=lambda kv: -len(kv[0])))
    per_alts = "|".join(re.escape(u) for u in sorted(_PER_UNITS, key=len, reverse=True))
    per = (rf"[ ]?[/／][ ]?(?:{_ARABIC}[ ]?[万千百亿]?)?(?:{per_alts})"
           rf"(?:[ ]?[、·•*×/／][ ]?(?:{per_alts}))?")   # 元/人、天, 元/人*月, 元/人/月
    closing = "|".join(_unit_alternative(u) + _CLOSE for u in sorted(_CLOSING_UNITS, key=len, reverse=True))
    sign = (rf"(?:(?<![{_AR}{_CN_ALL}A-Za-z.．%％‰])[-−－]"
            rf"|负(?=[{_AR}{_CN_START}]))?")          # a minus, not 1-11 or 10%-20%
    frac_num = rf"(?:{_ARABIC}|{_CN_RUN}(?![{_CN_ALL}])|[{_CN_ALL}]*■[{_CN_ALL}■]*)"
    return re.compile(
        rf"(?P<frac>(?:负)?[百千万萬][ ]?分[ ]?之[ ]?(?:[{_CN_ALL}]*■[{_CN_ALL}■]*|{_ARABIC}"
        rf"|{_CN_RUN}(?![ ]?[{_CN_ALL}])))"
        rf"|(?P<yjf>{_YJF_NUM}{_WS}[元圆]{_WS}零?{_YJF_NUM}{_WS}角(?:{_WS}零?{_YJF_NUM}{_WS}分)?"
        rf"|{_YJF_NUM}{_WS}[元圆]{_WS}零?{_YJF_NUM}{_WS}分(?![钟之])"
        rf"|{_YJF_NUM}{_WS}角{_WS}零?{_YJF_NUM}{_WS}分(?![钟之])"
        rf"|(?<![{_AR}.．]){_ARABIC}{_WS}角(?![度落色星形逐钱]))"
        r"|(?P<q>"
        rf"{sign}"
        rf"(?P<num>(?<![{_AR}A-Za-z.．,]){_DAMAGED}|(?<![{_AR}A-Za-z.．,]){_AR_SPACED}(?={_WS}(?:{alts}))"
        rf"|(?<![{_AR}A-Za-z.．,]){_AR_COMPOUND}|(?<![{_CN_ALL}]){_VAGUE}|(?<![{_CN_ALL}]){_CN_RUN})"
        rf"(?:{_WS}(?P<inner>[多余几]))?"
        rf"(?:{_WS}(?P<scale>[万亿千百萬億]+)(?:{_WS}[多余])?)??"
        rf"{_WS}(?P<unit>{closing}|(?:{alts}){_UNIT_GLOSS})"
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
    labels = {**_CLOSING_UNITS, **dict(unit_items)}
    excl = _exclusion_pattern(_check_exclusions(exclusions))
    blocked = [(m.start(), m.end()) for m in excl.finditer(text)] if excl else []

    found: list[Quantity] = []
    for m in grammar.finditer(text):
        start, end = m.span()
        if m.group("frac"):
            label = "PERCENT"
        elif m.group("yjf"):
            label = "MONEY"  # 123元1角1分: one amount
        else:
            unit = re.sub(r"[（(].*$", "", _GLOSS_RE.sub("", _SPACES.sub("", m.group("unit"))))  # 篇（条） -> 篇
            label = labels[unit]
            num = _SPACES.sub("", m.group("num"))
            arabic = num[0] not in _CN_ALL
            if start == m.start("num"):
                rng = _RANGE_BEFORE.search(text, max(0, start - 40), start)
                if rng:
                    start = rng.start(1)  # 10-20人, 一百二十到一百五十万元: the whole range
            prev = _prev_char(text, start)
            if label == "SCORE" and not arabic and len(num + (m.group("scale") or "")) < 2:
                continue  # 十分重要, 百分之…: a one-character numeral before 分 is no score (九十六分 is)
            if label != "COUNT" and len(num) == 1 and num in "万亿千百萬億" and not m.group("scale"):
                continue  # 单位：万元 is a unit, not ten thousand yuan (十万元, 万斤 are amounts)
            if prev in ("第", "届"):
                continue  # ordinals: 第十次, 十二届五次会议
            if prev == "前" and unit in ("名", "位"):
                continue  # rank: 前10名
            if prev == "每":
                continue  # per-unit base: 每一笔
            if unit in ("期", "类") and num in _PHASES and re.match(r"[)）]|片区|工程|项目|事业单位|地区|城市|资金",
                                                                 text[end:end + 4]):
                continue  # 二期片区, （一期）项目, 公益二类事业单位: names, not counts
            if (label == "COUNT" and num in ("一", "壹") and not m.group("inner")
                    and not m.group("scale") and unit[0] not in "万亿千百"
                    and approx_before(text[max(0, start - 4):start]) is None
                    and (not _CLAUSE_END.match(text, end) or prev in "年月周天日")):
                continue  # indefinite 一: 一批, 一名学生, 五年一次 (but 近一吨, 召开会议一次。 are amounts)
        if any(s < end and start < e for s, e in blocked):
            continue
        if _in_formula(text, start, end):
            continue  # 得分(20分*执行率), (B/A×100%): numbers of a header formula
        if label == "COUNT" and _quoted_name(text, start, end):
            continue
        if _in_book_title(text, start, end):
            continue
        got = normalize(text[start:end], label, before=text[max(0, start - 8):start],
                        after=text[end:end + 6])
        if got.reason and "runs downwards" in got.reason:
            continue  # 100-80%（含80%）: a score band of the form's rules, not a quantity
        while found and found[-1].end > start:
            found.pop()  # 5%-10%: the range replaces its lower end found on its own
        found.append(Quantity(start, end, label, got.value, got.unit, got.approx, got.status))
    found.extend(_unit_in_name(text, found, blocked))
    found.extend(_money_scale(text, found, blocked))
    found.sort(key=lambda q: q.start)
    return [q for q in found if not _furniture(text, q.start, q.end)]


_PHASES = frozenset("一二三四五六七八九")
_CLAUSE_END = re.compile(r"[ \u3000]*(?:[，。；、,;！？!?）)]|$)")
# 总阅读人次达 254220 (guideline D10): a bare number whose unit ends its indicator name
_UNIT_IN_NAME = re.compile(
    # (the word ends a name, 总阅读人次; not the unit of a number before it, 320人次 10)
    rf"(?<![{_AR}.．万千百十多余])(?P<unit>人次|户次|件次|人数|户数|件数|次数|篇数|个数|家数)(?:达到|达|为|是|共|计|：|:)?[ ]?"
    rf"(?P<num>(?<![{_AR}.．])(?:[{_AR}]{{1,3}}(?:,[{_AR}]{{3}})+|[{_AR}]+)(?:[.．][{_AR}]+)?)"
    rf"(?![{_AR}.．%％‰万亿千百元件次篇个项名人户场期批条家张分])")
# hosting sites' counters and page marks (contract decisions 2026-12): never quantities
_FURNITURE = re.compile(
    r"(?:已阅读|已閱讀|尚剩|剩余|剩餘|共)\s*\d+\s*[页頁]|\d+\s*[页頁]\s*(?:未阅读|未閱讀|/)|通用\s*\d+\s*篇"
    r"|(?:阅读|閱讀|浏览|瀏覽|点击|點擊|访问|下载)(?:次数|量|数)?\s*[:：]\s*\d+|第\s*\d+\s*[页頁]")
# a bracket holding a formula (得分(20分*执行率), (B/A×100%))
_FORMULA = re.compile(r"[（(][^（()）\n]{0,30}(?:[*×÷＊]|[A-Z]\s*/\s*[A-Z])[^（()）\n]{0,30}[）)]")


def _in_formula(text: str, start: int, end: int) -> bool:
    for m in _FORMULA.finditer(text, max(0, start - 32), min(len(text), end + 32)):
        if m.start() < start and end < m.end():
            return True
    return False


def _furniture(text: str, start: int, end: int) -> bool:
    for m in _FURNITURE.finditer(text, max(0, start - 8), min(len(text), end + 8)):
        if m.start() <= start and end <= m.end() or (start <= m.start() < end):
            return True
    return False


# 投资2000万, 把141.8萬補助資金 (guideline N3): 万/亿 written with 元 left out, a money noun right before or after;
# matched in the simplified view of the text (fold_traditional: same offsets)
_MONEY_NOUN = r"资金|经费|投资|补助|补贴|拨款|预算|费用|公益金|债券|奖补|奖励|金额|造价"
_SCALED = rf"(?P<num>(?<![{_AR}.．,，])(?:[{_AR}]{{1,3}}(?:,[{_AR}]{{3}})+|[{_AR}]+)(?:[.．][{_AR}]+)?)(?P<scale>[万亿])"
_MONEY_SCALE = (
    # the noun, a link word, the amount, then the clause goes on: 投资2000万，
    re.compile(rf"(?:{_MONEY_NOUN})(?:[为达是共计约近逾]|合计|共计|总计|累计|达到|总额)?{_SCALED}(?=[，。；、,;！？!?）)\s]|$)"),
    # the amount, then the noun: 141.8万补助资金
    re.compile(rf"{_SCALED}(?=(?:补助|补贴|奖补)?(?:资金|经费))"),
)


def _money_scale(text: str, found: list[Quantity], blocked: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []
    taken = [(q.start, q.end) for q in found] + blocked
    folded = fold_traditional(text)
    for m in (m for rx in _MONEY_SCALE for m in rx.finditer(folded)):
        start, end = m.start("num"), m.end("scale")
        if any(s < end and start < e for s, e in taken) or _in_book_title(text, start, end):
            continue
        got = normalize(text[start:end], "MONEY", before=text[max(0, start - 8):start], after=text[end:end + 6])
        out.append(Quantity(start, end, "MONEY", got.value, got.unit, got.approx, got.status))
        taken.append((start, end))
    return out


def _unit_in_name(text: str, found: list[Quantity], blocked: list[tuple[int, int]]) -> list[Quantity]:
    out = []
    taken = [(q.start, q.end) for q in found] + blocked
    for m in _UNIT_IN_NAME.finditer(text):
        start, end = m.span("num")
        if any(s < end and start < e for s, e in taken):
            continue
        unit = m.group("unit").rstrip("数") or m.group("unit")
        got = normalize(text[start:end], "COUNT", before=text[max(0, start - 8):start],
                        after=text[end:end + 6], table_unit=unit)
        out.append(Quantity(start, end, "COUNT", got.value, got.unit, got.approx, got.status))
    return out
