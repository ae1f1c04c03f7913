"""Find organization names by their structure: place + body + organizational suffix.

A government body's name is built one way across provinces: a chain of
place names (保山市, 施甸县, 棠溪镇; from a gazetteer of China's
administrative divisions), a body naming its function (财政, 住房和城乡建设,
卫生健康, …; free text up to a few characters when a place precedes it)
and a suffix that says what kind of body it is (局, 委员会, 中心, 卫生院, 大队,
有限公司, …). :func:`find_orgs` proposes every such name; the place
gazetteer fixes where it starts (保山市水务局, not 照保山市水务局). The
candidates are features of the ``ner``, which decides.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from .trie import trie_pattern

# what an organization's name ends with, longest first where one contains another
ORG_SUFFIXES: tuple[str, ...] = (
    "人民代表大会常务委员会", "人大常委会", "人民政府办公厅", "人民政府办公室", "人民政府", "街道办事处", "管理委员会",
    "委员会办公室", "委员会", "办公厅", "办公室", "政府", "管委会", "党工委", "纪委监委", "纪委", "监委",
    "事务中心", "服务中心", "发展中心", "保障中心", "监测中心", "指挥中心", "中心", "管理局", "管理处", "管理站",
    "局", "厅", "委", "办", "站", "所", "监测站", "总站", "院", "医院", "卫生院", "人民医院", "中医院", "保健院",
    "疾病预防控制中心", "学校", "中学", "小学", "学院", "大学", "幼儿园", "图书馆", "博物馆", "文化馆", "馆",
    "大队", "支队", "总队", "中队", "股", "科", "处", "室", "协会", "学会", "联合会", "商会", "工会", "总工会",
    "有限责任公司", "有限公司", "股份有限公司", "公司", "集团", "银行", "合作社", "联社", "村委会", "居委会",
    "村民委员会", "社区居民委员会", "党委", "党组", "法院", "人民法院", "检察院", "人民检察院", "政协", "团委",
    "妇联", "残联", "红十字会", "基金会", "研究院", "研究所", "设计院", "监督站", "执法大队", "检测站",
)
# single characters that end a name only after a place or a known function (全局, 各部 are no names)
_WEAK_SUFFIXES = frozenset({"局", "厅", "委", "办", "站", "所", "院", "馆", "股", "科", "处", "室", "委员会",
                             "中心", "公司", "政府", "办公室"})
# the functions of government bodies (国务院组成部门 and their local counterparts)
DEPARTMENTS: tuple[str, ...] = (
    "财政", "发改", "发展和改革", "发展改革", "教育", "科技", "科学技术", "工业和信息化", "工信", "公安", "民政",
    "司法", "人力资源和社会保障", "人社", "自然资源", "生态环境", "住房和城乡建设", "住建", "交通运输", "交通",
    "水利", "水务", "农业农村", "农业", "农牧", "林业", "林草", "林业和草原", "商务", "文化和旅游", "文旅",
    "文化广播电视和旅游", "文广旅", "卫生健康", "卫健", "退役军人事务", "应急管理", "应急", "审计", "统计",
    "税务", "市场监督管理", "市场监管", "医疗保障", "医保", "乡村振兴", "扶贫开发", "扶贫", "粮食", "粮食和物资储备",
    "体育", "国资", "国有资产监督管理", "信访", "城市管理", "城管", "综合执法", "行政审批", "政务服务",
    "数据资源", "大数据", "机关事务", "机关事务管理", "档案", "地方志", "气象", "地震", "人防", "民族宗教",
    "外事", "侨务", "统战", "政法", "编办", "机构编制", "国库集中支付", "工资统发",
    "非税收入", "财政投资评审", "财政事务", "社会保险", "就业", "残疾人", "妇女", "老龄", "消防", "规划",
    "不动产登记", "公共资源交易", "招商", "投资促进", "商务和粮食", "供销", "科协", "文联", "红十字",
    "疾病预防控制", "妇幼保健", "计划生育", "卫生计生", "民宗", "移民", "防汛抗旱", "水土保持", "农机",
    "畜牧兽医", "水产", "公路", "道路运输", "邮政", "烟草", "电力", "新闻出版", "广播电视", "融媒体",
)
# prefixes of the government levels written without a place (县财政局, 区卫生健康局)
_LEVELS = "省市区县州盟旗镇乡"
_NAME_CHAR = r"[\u4e00-\u9fff（）()·*＊■]"   # a masked place (****财政局) is part of the name
# words that end the text before a name: 按照保山市…, 由县财政局…
_LEFT_STOP = ("按照", "根据", "经", "由", "向", "会同", "与", "和", "及", "对", "在", "为", "将", "把", "给", "让",
              "被", "同", "据", "从", "是", "的", "了", "或", "即", "含", "位", "门", "照", "就", "来到", "欢迎")
_LEFT_STOP_LONGEST = tuple(sorted(_LEFT_STOP, key=len, reverse=True))
# characters a pattern may swallow in front of a name (向广州市财政局, 配合广州市财政局, 由中国移动通信集团…)
LEADING_NOISE = frozenset("向在对由与和及为将把从经给让被配合同会受请邀赴到至报联")
# a subsidiary's name begins with its group's: 中国移动通信集团|四川有限公司
_GROUP_END = ("集团", "总公司", "控股")
_BODY_STOP = re.compile(r"[的了在对向由为将把被是年月日号个项件次、，]")


def default_places() -> list[str]:
    """The shipped gazetteer: full names (保山市) and short forms (保山) of administrative divisions."""
    data = json.loads(resources.files("ie.pipeline").joinpath("places.json").read_text(encoding="utf-8"))
    return sorted({*data["names"], *data["short"]})


@lru_cache(maxsize=4)
def _patterns(suffixes: tuple[str, ...], departments: tuple[str, ...],
              place_names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # trie forms of the longest-first alternations: the same matches, far fewer branches tried
    place, suffix, dept = trie_pattern(place_names), trie_pattern(suffixes), trie_pattern(departments)
    township = rf"[\u4e00-\u9fff]{{2,4}}(?:镇|乡|街道|苏木|管理区|开发区|新区)"
    # place chain + body + suffix: 乐山市沐川生态环境监测站, 衡山县贯塘乡人民政府, 中共保山市委
    placed = re.compile(
        rf"(?:中共|中国共产党)?(?:(?:{place})(?:(?:{place})|{township})*)"
        rf"(?:{_NAME_CHAR}{{0,14}}?)(?:{suffix})(?:{suffix}){{0,2}}(?:机关)?")
    # level + function + suffix, no place: 县财政局, 区卫生健康局, 财政局综合股
    # (自治区财政厅; ****财政局 where a report masks the place)
    levelled = re.compile(rf"(?:[*＊■]{{2,}})?(?:自治区|[{_LEVELS}])?(?:{dept})(?:{_NAME_CHAR}{{0,6}}?)(?:{suffix})(?:{suffix}){{0,2}}"
                          rf"(?:机关)?")
    return placed, levelled


_RUN = re.compile(rf"{_NAME_CHAR}+")
_RUN_CHARS = re.compile(rf"^{_NAME_CHAR}*$")


@lru_cache(maxsize=4)
def _last_chars(suffixes: tuple[str, ...], departments: tuple[str, ...],
                place_names: tuple[str, ...]) -> frozenset[str] | None:
    """The characters a name can end with; None when a lexicon word has a character outside a name's."""
    if not all(_RUN_CHARS.match(w) for w in (*suffixes, *departments, *place_names)):
        return None
    return frozenset({w[-1] for w in suffixes} | {"关"})  # …机关


def _name_runs(text: str, suffixes: tuple[str, ...], departments: tuple[str, ...],
               place_names: tuple[str, ...]) -> list[tuple[int, int]]:
    """The stretches of ``text`` the name patterns can match in: runs of name characters holding a suffix's end.

    Every pattern is made of name characters only, so a match never crosses a
    run's edge and scanning each run finds exactly what scanning the text
    does; runs with no character a suffix ends with cannot hold a name. Most
    of a report is skipped this way (the patterns cost a few µs per character).
    """
    ends = _last_chars(suffixes, departments, place_names)
    if ends is None:
        return [(0, len(text))]
    return [m.span() for m in _RUN.finditer(text) if not ends.isdisjoint(m.group(0))]


@lru_cache(maxsize=4)
def _place_starts(place_names: tuple[str, ...]) -> tuple[frozenset[str], tuple[int, ...], frozenset[str]]:
    """The place names as a set, their lengths (longest first) and their first characters (中 of 中共 too)."""
    return (frozenset(place_names), tuple(sorted({len(p) for p in place_names}, reverse=True)),
            frozenset({p[0] for p in place_names if p} | {"中"}))


def _placed_matches(placed: re.Pattern[str], text: str, start: int, end: int,
                    starts: tuple[frozenset[str], tuple[int, ...], frozenset[str]]) -> Iterator[re.Match[str]]:
    """``placed.finditer(text, start, end)``, trying only where a match can begin.

    A placed name begins with 中共 / 中国共产党 or a place of the gazetteer, so
    every other position fails; the pattern (a trie of six thousand places)
    costs microseconds per position tried, a set lookup far less. The scan
    is finditer's: left to right, resumed at the end of each match.
    """
    names, lengths, first = starts
    resume = start
    for i in range(start, end):
        if i < resume or text[i] not in first:
            continue
        if text[i] != "中" and not any(text[i:i + n] in names for n in lengths if i + n <= end):
            continue
        m = placed.match(text, i, end)
        if m:
            yield m
            resume = m.end()


# a list of a body's internal units: 内设办公室、河湖管理科、监督科…, 下设四个科，分别为秘书科、…, 机构包括：…
_LIST_TRIGGER = re.compile(r"内设(?:机构)?|下设|设有|共设|(?:机构|科室|股室)(?:设置)?(?:包括|有)")
# where the list itself begins after the trigger: 下设股室16个,包括|…, 共设2个内设机构,即|…
_LIST_START = re.compile(r"(?:分别为|分别是|包括|即|为)(?![\u4e00-\u9fff]{0,3}级)[：:]?")
_SECTION = re.compile(r"[\u4e00-\u9fff（）()]{1,12}?(?:委员会|办公室|中心|科|股|室|处|所|站|队|部)")
_LIST_SEP = re.compile(r"\s*(?:[、，,]|和|及|与|以及)\s*")
_BARE_UNIT = re.compile(r"^(?:办公室|委员会|中心|股室|科室|处室)$")   # no name without a prefix: skipped, the list goes on
_NO_NAME = re.compile(r"[\d一二三四五六七八九十两几多各个的了是为有即]")   # 四个科, 分别为秘书科: the list is not here


def find_listed_units(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the internal units a report lists after 内设 / 下设 / 机构包括 (股, 科, 处, 室, 委员会 …).

    Each item of the list is a name of its own (guideline 4.1: 内设机构、科室); the
    list ends at the first item that is no unit's name (乡镇财政等) or at the sentence's end.
    A bare 办公室 or 委员会 is left out (no name without a prefix).
    """
    out: list[tuple[int, int]] = []
    for trigger in _LIST_TRIGGER.finditer(text):
        starts = [trigger.end()] + [m.end() for m in _LIST_START.finditer(text, trigger.end(), trigger.end() + 20)
                                    if not re.search(r"[。；;\n]", text[trigger.end():m.start()])]
        for start in starts:
            out.extend(_list_items(text, start))
    return sorted(set(out))


def _list_items(text: str, pos: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while True:
        m = _SECTION.match(text, pos)
        if not m:
            break
        end = m.end()
        nxt = text[end:end + 1]
        if nxt and re.match(r"[\u4e00-\u9fff]", nxt) and not _LIST_SEP.match(text, end):
            break  # 综合科室 / 科教文化股长: the item goes on, it is no unit's name here
        if _NO_NAME.search(m.group()):
            break
        if not _BARE_UNIT.match(m.group()):
            out.append(m.span())
        sep = _LIST_SEP.match(text, end)
        if not sep:
            break
        pos = sep.end()
    return out


@lru_cache(maxsize=64)
def _stop_places(word: str, names: frozenset[str]) -> tuple[str, ...]:
    """The gazetteer places that begin with a left-stop word (会同县, 和平区, 经开区 …)."""
    return tuple(p for p in names if len(p) > len(word) and p.startswith(word) and p[len(word)] in "县市区旗州")


def find_orgs(text: str, suffixes: tuple[str, ...], departments: tuple[str, ...],
              place_names: tuple[str, ...]) -> list[tuple[int, int]]:
    """``(start, end)`` of every organization name candidate, longest first where they overlap.

    The lexicons are those saved with the pipeline (``ie_quantity_rules``):
    suffixes, government functions and the place gazetteer.
    """
    placed, levelled = _patterns(suffixes, departments, place_names)
    found: list[tuple[int, int]] = []
    runs = _name_runs(text, suffixes, departments, place_names)
    starts = _place_starts(place_names)
    scans = ((placed, lambda s, e: _placed_matches(placed, text, s, e, starts)),
             (levelled, lambda s, e: levelled.finditer(text, s, e)))
    for rx, scan in scans:
        for m in (m for s, e in runs for m in scan(s, e)):
            start, end = m.span()
            name = text[start:end]
            body = name
            if _BODY_STOP.search(body[2:-1] if len(body) > 3 else ""):
                # a particle inside the body: the name is what follows it (…的市财政局)
                cut = max(i for i, c in enumerate(body[:-1]) if _BODY_STOP.match(c)) + 1
                if cut >= len(body) - 1:
                    continue
                start += cut
                name = text[start:end]
                if rx is placed and not levelled.fullmatch(name):
                    continue
            for word in _LEFT_STOP_LONGEST:
                if not text.startswith(word, start):
                    continue
                if any(text.startswith(p, start) for p in _stop_places(word, starts[0])):
                    break  # 会同县融媒体中心: 会同 begins a place here, it is no preposition
                if end - start - len(word) >= 3 and \
                        (placed.fullmatch(text, start + len(word), end) or levelled.fullmatch(text, start + len(word), end)):
                    start += len(word)  # 会同省卫生健康委员会 -> 省卫生健康委员会
                    break
            found.append((start, end))
    # overlapping: keep the longest (then the earliest)
    found.sort(key=lambda se: (-(se[1] - se[0]), se[0]))
    kept: list[tuple[int, int]] = []
    for s, e in found:
        if all(e <= a or b <= s for a, b in kept):
            kept.append((s, e))
    return sorted((_company_start(text, s, e), e) for s, e in kept)


def _company_start(text: str, start: int, end: int) -> int:
    """Where a company name begins that the place pattern started at its region (四川有限公司 after 中国移动通信集团).

    The group's name is the run of characters before ``start`` ending in 集团/总公司/控股; it begins after a
    non-Chinese character or a preposition (由华润集团…), or at 中国 (委托中国电信集团…); else nothing is added.
    """
    if not text.endswith("公司", start, end) or not any(text.endswith(g, 0, start) for g in _GROUP_END):
        return start
    b = start
    while b > 0 and start - b < 16 and "\u4e00" <= text[b - 1] <= "\u9fff":
        b -= 1
    china = text.find("中国", b, start)
    if china >= 0:
        return china
    if b > 0 and start - b < 16:
        while text[b] in LEADING_NOISE and start - b > 4:
            b += 1
        return b
    return start
