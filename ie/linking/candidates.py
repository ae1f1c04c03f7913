"""Candidate INDICATOR and TASK spans for a quantity, and the features of each pair.

The rules and the table structure propose; a classifier trained on the gold
relations (:mod:`ie.linking.model`) decides. Candidates come from

* the table reader: the column header, row label, 三级指标 name, category or
  total label of a table value (``table``), the form's project (``form``),
  the 主要任务 cell of its row (``row``);
* the rule linker's prose pick (``rule``);
* spans of whole tokens in the clause before the quantity and right after it
  (``left``, ``right``), and, for TASK, token spans in the sentence that end
  in a fund or project word (``fund``);

so that the gold boundary is among them even where the rule guessed it wrong.
Each pair gets sparse features (source, side, distance, what lies between,
the candidate's first and last characters, length, the quantity's label and
table role); :func:`pair_features` is all the classifier sees.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..pipeline.spans import sentence_bounds as _bounds

INDICATOR, TASK = "indicator", "task"

_SENT_END = "。！？!?\n"
_CLAUSE_END = "。！？!?\n；;，,：:、（）()“”\"《》|\t"
_STOP_CHARS = set("。！？!?\n；;，,：:、（）()“”\"《》|\t ")
_TASK_SUFFIX = re.compile(r"(?:资金|经费|项目|专项|补助|补贴|支出|工程|基金|拨款|计划|行动|工作|服务|建设|改造|资金项目)$")
_TRAIL = ("分别为", "分别是", "均为", "约为", "达到了", "达到", "共计", "合计", "总计", "累计", "为", "达", "是", "共",
          "约", "近", "超过", "不少于", "不低于", "高于", "低于", "已", "了", "的", "有", "计", "到", "至", "逾", "总",
          "：", ":", "（", "(", "≥", "≤", ">", "<", "=")
MAX_LEFT = 24
# verbs that name a measure of money or work (C6, E4, E12, E16)
_VERBS = ("下达", "下拨", "下撥", "拨付", "撥付", "安排", "发放", "發放", "使用", "支付", "投入", "到位", "落实",
          "提前下达", "正式下达", "分配", "支出", "完成", "执行", "争取", "筹集", "补助", "补贴", "兑现",
          "发放到位", "下达到位", "拨付到位", "资助", "奖励", "统筹", "整合", "申请", "结余", "结转")
_VERB_SET = frozenset(_VERBS)
_VERB_LENGTHS = sorted({len(w) for w in _VERBS})
MAX_RIGHT = 14


def _verb_features(span_text: str) -> tuple[bool, bool, bool]:
    """Whether the span is a verb of :data:`_VERBS`, starts with one, ends with one (not at its start).

    The sets' answer to ``for word in _VERBS: ==, elif startswith, elif endswith``:
    a word as long as the span can only be equal to it, a shorter one is a prefix
    or, if not, possibly a suffix.
    """
    n = len(span_text)
    starts = ends = False
    for length in _VERB_LENGTHS:
        if length >= n:
            break
        if span_text[:length] in _VERB_SET:
            starts = True
        tail = span_text[-length:]
        if tail in _VERB_SET and not span_text.startswith(tail):
            ends = True
    return span_text in _VERB_SET, starts, ends


@dataclass
class Candidate:
    """A span that may be the quantity's INDICATOR or TASK, with who proposed it."""

    start: int
    end: int
    kind: str
    sources: set[str] = field(default_factory=set)


@dataclass
class Context:
    """What the candidate generator knows about one quantity."""

    text: str
    q_start: int
    q_end: int
    label: str
    bounds: list[int]                     # token boundaries of the doc (sorted)
    blocked: list[tuple[int, int]]        # other entities (quantities, ORG): no candidate overlaps them
    table: dict[str, tuple[int, int] | None] = field(default_factory=dict)  # indicator, task, project, row
    rule: dict[str, tuple[int, int] | None] = field(default_factory=dict)   # the rule linker's picks
    role: str | None = None
    in_table: bool = False


def _sentence(text: str, pos: int) -> tuple[int, int]:
    return _bounds(text, pos, pos, _SENT_END)


def _clause_start(text: str, pos: int, limit: int) -> int:
    s = pos
    while s > limit and text[s - 1] not in _CLAUSE_END:
        s -= 1
    return s


class _Blocked:
    """The blocked intervals, sorted, with the running maximum of their ends: an overlap test in log time."""

    def __init__(self, blocked: list[tuple[int, int]]) -> None:
        spans = sorted(blocked)
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, b in spans:
            top = max(top, b)
            self.max_end.append(top)

    def free(self, start: int, end: int) -> bool:
        # an interval (a, b) overlaps when a < end and start < b: among those starting before
        # ``end``, the largest end decides
        i = bisect_left(self.starts, end)
        return i == 0 or self.max_end[i - 1] <= start


def _ends_before(text: str, pos: int, limit: int) -> list[int]:
    """End positions just left of the quantity: right at it, or before trailing link words (为, 达到 …)."""
    ends = {pos}
    p = pos
    for _ in range(3):
        while p > limit and text[p - 1] in " \u3000":
            p -= 1
        ends.add(p)
        word = next((w for w in _TRAIL if text.endswith(w, limit, p)), None)
        if word is None:
            break
        p -= len(word)
        ends.add(p)
    return sorted(e for e in ends if e > limit)


def generate(ctx: Context) -> list[Candidate]:
    """Every candidate INDICATOR and TASK span for the quantity of ``ctx``, merged by span."""
    text, bounds = ctx.text, ctx.bounds
    out: dict[tuple[int, int, str], Candidate] = {}
    blocked = _Blocked(ctx.blocked)

    def add(start: int, end: int, kind: str, source: str) -> None:
        while start < end and text[start] in " \u3000\t\n":
            start += 1
        while end > start and text[end - 1] in " \u3000\t\n":
            end -= 1
        if end - start < 1 or not blocked.free(start, end):
            return
        cand = out.setdefault((start, end, kind), Candidate(start, end, kind))
        cand.sources.add(source)

    for key, kind, source in (("indicator", INDICATOR, "table"), ("task", TASK, "table"),
                              ("project", TASK, "form"), ("row", TASK, "row")):
        span = ctx.table.get(key)
        if span:
            add(span[0], span[1], kind, source)
    for kind in (INDICATOR, TASK):
        span = ctx.rule.get(kind)
        if span:
            add(span[0], span[1], kind, "rule")
    if ctx.in_table and ctx.table.get("indicator"):
        return list(out.values())  # a table value: its cells are the candidates

    sent_start, sent_end = _sentence(text, ctx.q_start)
    clause = _clause_start(text, ctx.q_start, sent_start)
    window = max(clause, ctx.q_start - MAX_LEFT)
    # left of the quantity, inside its clause: every span of whole tokens (the verb of 下达资金200万元,
    # the subject of 戏曲演出安排162万元, the measure word right before it)
    lo = bisect_left(bounds, window)
    hi = bisect_right(bounds, ctx.q_start)
    clause_bounds = sorted(set(bounds[lo:hi]) | {clause, ctx.q_start} | set(_ends_before(text, ctx.q_start, clause)))
    clause_bounds = [b for b in clause_bounds if window <= b <= ctx.q_start]
    for i, start in enumerate(clause_bounds):
        for end in clause_bounds[i + 1:]:
            if end - start > 16:
                break
            if any(c in _STOP_CHARS for c in text[start:end]):
                break
            add(start, end, INDICATOR, "left")
            if _TASK_SUFFIX.search(text, start, end) or end - start >= 4:
                add(start, end, TASK, "left")
    # right after it: the counted noun (走访 11家[市委市政府工作部门]), and 用于 + what it pays for
    start = ctx.q_end
    lo = bisect_left(bounds, start + 1)
    hi = bisect_right(bounds, min(sent_end, start + MAX_RIGHT))
    for end in bounds[lo:hi]:
        if any(c in _STOP_CHARS for c in text[start:end]):
            break
        add(start, end, INDICATOR, "right")
    m = _USED_FOR.match(text, ctx.q_end)
    if m:
        end = m.end()
        while end < sent_end and text[end] not in _STOP_CHARS - {" "}:
            end += 1
        add(m.end(), end, TASK, "used_for")
    # TASK: fund and project names anywhere in the sentence before the quantity
    lo = bisect_left(bounds, sent_start)
    hi = bisect_right(bounds, ctx.q_start)
    sentence_bounds = bounds[lo:hi]
    for i, end in enumerate(sentence_bounds):
        if not _TASK_SUFFIX.search(text, max(sent_start, end - 4), end):
            continue
        for start in sentence_bounds[max(0, i - 8):i]:
            if end - start < 2 or end - start > 30 or any(c in _STOP_CHARS for c in text[start:end]):
                continue
            add(start, end, TASK, "fund")
    # a heading that names the item (1、水稻大灾保险：…, 长坪村片区：…) and governs its sentence
    head = _HEADING.match(text, sent_start)
    if head and head.end("name") <= ctx.q_start:
        add(head.start("name"), head.end("name"), TASK, "heading")
    return list(out.values())


_USED_FOR = re.compile(r"(?:资金)?\s*(?:全部|主要|专项|分别)?(?:用于支持|用于|支持|投向)")
_HEADING = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?(?P<name>[^，。；：:\n]{2,30}?)[：:]")


def _bin(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 12, 20, 40)) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return "more"


_DIGIT = re.compile(r"\d")
_MEASURE_END = re.compile(r"[率数额费量度值]$")


def pair_features(ctx: Context, cand: Candidate) -> dict[str, float]:
    """Sparse features of one (quantity, candidate) pair."""
    text = ctx.text
    span_text = text[cand.start:cand.end]
    f: dict[str, float] = {"bias": 1.0}
    k = cand.kind
    for source in cand.sources:
        f[f"{k}:src={source}"] = 1.0
    f[f"{k}:nsrc={min(len(cand.sources), 3)}"] = 1.0
    if cand.end <= ctx.q_start:
        side, gap = "left", text[cand.end:ctx.q_start]
    elif cand.start >= ctx.q_end:
        side, gap = "right", text[ctx.q_end:cand.start]
    else:
        side, gap = "overlap", ""
    f[f"{k}:side={side}"] = 1.0
    f[f"{k}:{side}:gap={_bin(len(gap))}"] = 1.0
    for ch, name in (("，", "comma"), (",", "comma"), ("；", "semi"), ("：", "colon"), ("、", "enum"),
                     ("\n", "newline"), ("|", "cell"), ("\t", "cell"), ("的", "de"), ("等", "deng")):
        if ch in gap:
            f[f"{k}:gap_has={name}"] = 1.0
    if _DIGIT.search(gap):
        f[f"{k}:gap_has=digit"] = 1.0
    stripped = gap.strip()
    f[f"{k}:gap_text={stripped[:4]}"] = 1.0 if len(stripped) <= 4 else 0.0
    f[f"{k}:len={_bin(len(span_text), (1, 2, 3, 4, 5, 6, 8, 10, 14, 20))}"] = 1.0
    f[f"{k}:last={span_text[-1:]}"] = 1.0
    f[f"{k}:last2={span_text[-2:]}"] = 1.0
    f[f"{k}:first={span_text[:1]}"] = 1.0
    f[f"{k}:first2={span_text[:2]}"] = 1.0
    before = text[cand.start - 1:cand.start] if cand.start else "^"
    after = text[cand.end:cand.end + 1] or "$"
    f[f"{k}:before={before}"] = 1.0
    f[f"{k}:after={after}"] = 1.0
    if _TASK_SUFFIX.search(span_text):
        f[f"{k}:task_suffix"] = 1.0
    if _MEASURE_END.search(span_text):
        f[f"{k}:measure_end"] = 1.0
    if _DIGIT.search(span_text):
        f[f"{k}:has_digit"] = 1.0
    rule = ctx.rule.get(k)
    if rule:
        if (cand.start, cand.end) == tuple(rule):
            f[f"{k}:rule=same"] = 1.0
        elif rule[0] <= cand.start and cand.end <= rule[1]:
            f[f"{k}:rule=inside"] = 1.0
            f[f"{k}:rule=inside:end={'same' if cand.end == rule[1] else 'other'}"] = 1.0
        elif cand.start <= rule[0] and rule[1] <= cand.end:
            f[f"{k}:rule=contains"] = 1.0
        elif cand.start < rule[1] and rule[0] < cand.end:
            f[f"{k}:rule=overlaps"] = 1.0
        else:
            f[f"{k}:rule=apart"] = 1.0
    else:
        f[f"{k}:rule=none"] = 1.0
    table = ctx.table.get(k)
    if table and (cand.start, cand.end) == tuple(table):
        f[f"{k}:table=same"] = 1.0
    is_verb, starts_verb, ends_verb = _verb_features(span_text)
    if is_verb:
        f[f"{k}:is_verb"] = 1.0
    if starts_verb:
        f[f"{k}:starts_verb"] = 1.0
    if ends_verb:
        f[f"{k}:ends_verb"] = 1.0
    if gap and all(c in "为达是共约近计：: 的了已" for c in gap.strip()):
        f[f"{k}:gap=link_words"] = 1.0
    f[f"{k}:q={ctx.label}"] = 1.0
    f[f"{k}:q={ctx.label}:side={side}"] = 1.0
    if ctx.in_table:
        f[f"{k}:in_table"] = 1.0
        f[f"{k}:role={ctx.role}"] = 1.0
    for source in cand.sources:
        f[f"{k}:src={source}:q={ctx.label}"] = 1.0
        f[f"{k}:src={source}:intable={ctx.in_table}"] = 1.0
    return f
