"""``ie_linker``: link each quantity to its INDICATOR and TASK.

Table cells use what ``ie_tables`` read from the table (column header, row
label, 三级指标 cell, 主要任务 cell). Prose uses the clause before the
quantity: the measure word closest to it is the INDICATOR, a budget line or
fund named before the measure word is the TASK, and that TASK is shared by
the later quantities of the same sentence (``基本支出预算数 X，执行数 Y``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from typing import TYPE_CHECKING

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS
from .spans import char_spans, doc_text, sentence_bounds, token_offsets
from .table_component import form_for, row_task_for, table_link_for

if TYPE_CHECKING:
    from ..linking.model import LinkModel

LINKS_KEY = "ie_links"  # doc.spans key holding INDICATOR and TASK spans

DEFAULT_MEASURES: tuple[str, ...] = (
    "全年预算数", "年初预算数", "调整预算数", "调整后预算数", "全年执行数", "预算执行率", "预算完成率",
    "支出执行率", "支出完成率", "执行率", "完成率", "预算数", "执行数", "决算数", "支出数", "收入数",
    "预算", "支出", "收入", "拨款", "到位", "下达", "结转", "结余", "投入",
)
DEFAULT_TASK_SUFFIXES: tuple[str, ...] = ("支出", "经费", "资金", "项目", "专项", "工程", "补助", "拨款", "工作费")
DEFAULT_LEAD_WORDS: tuple[str, ...] = (
    "其中", "今年", "全年", "年内", "本年", "当年", "累计", "共计", "总计", "合计", "共", "已", "还",
    "我会", "我厅", "我局", "我委", "本部门", "部门", "该指标", "该项", "有", "为", "是", "并",
    "全部", "实际", "先后", "另外", "同时", "此外", "分别", "均", "达", "以及", "和", "及", "与", "经",
    "以上", "以下", "左右",
)
DEFAULT_TRAIL_WORDS: tuple[str, ...] = (
    "分别为", "均为", "约为", "达到", "共计", "合计", "总计", "累计", "为", "达", "是", "共", "约", "近",
    "超过", "不少于", "不低于", "高于", "低于", "已", "了", "的", "有", "计", "到", "至", "逾", "总",
)
DEFAULT_GENERIC_VERBS: tuple[str, ...] = (
    "走访", "召开", "组织召开", "组织", "开展", "举办", "接待", "参加", "完成", "出版", "发布", "推送",
    "办理", "调研", "慰问", "拍摄", "处理", "选派", "发来", "收到", "形成", "提交", "编印", "录制",
    "保障", "出席", "采用", "参与", "组建", "邀请", "联系", "培训", "支持", "编辑", "印发", "制定",
    "修订", "健全", "出台", "征集", "收集", "报送", "梳理出", "梳理", "提出", "推荐", "完成了", "选录",
)
_SENTENCE_END = "。！？；;!?\n\t"
_RIGHT_STOP = "和及与等的被或"
_HEAD_CUT = "等的是"
# a new predicate after the counted noun ends the phrase (对9个[项目]开展了自评)
_RIGHT_VERBS = ("开展", "进行", "参与", "参加", "担任", "进入", "完成", "提交", "发表", "获得", "用于")
_CLAUSE_END = "，、：:,（()）“”\"《》"
# a verb that measures money, then the fund it moves, right before the amount (contract: [下达][财政专项扶贫资金]197万元)
_VERB_FUND = re.compile(
    r"(?<!转移)(?P<verb>(?:提前|正式|追加|预)?(?:下达|下拨|拨付|安排|发放|投入|争取|筹集|落实|分配|获得|获下达|收到|整合"
    r"|统筹|兑现|支付|使用))了?"   # (中央转移支付资金 is a fund's name, not 支付 + 资金)
    r"(?:\d{4}\s*年度?)?(?P<fund>[\u4e00-\u9fff（）()、*]{0,30}?(?:资金|经费|专项|补助|补贴|基金|拨款|债券))"
    r"(?:共计|合计|总计|共|计|为)?$")

# a generic money noun after the verb: no task, and no part of the INDICATOR (guideline E4)
_GENERIC_FUND = re.compile(r"(?:这笔|该笔|该项|此项|上述|项目|财政|到位|上级|本级|配套|各类|相关|全部)?"
                           r"(?:资金|经费|补助|补贴|专项|专项资金|补助资金)")


def _verb_fund(text: str, s: int, e: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(verb, fund) offsets when ``[s, e)`` ends with a measuring verb and the fund it moves (None: generic)."""
    m = _VERB_FUND.search(text[s:e])
    if m is None:
        return None
    verb = (s + m.start("verb"), s + m.end("verb"))
    if _GENERIC_FUND.fullmatch(m.group("fund")):
        return verb, None  # 下达资金2,611万元, 支付项目资金: the verb alone, a generic noun is no task (E4)
    return verb, (s + m.start("fund"), s + m.end("fund"))


_TIME_PREFIX = re.compile(r"(?:\d{4}\s*年度?|全年|年初|当年|本年度?|今年|\d+\s*[.、．]\s*(?!\d)|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)")


class Linker:
    """Attach ``Span._.indicator`` and ``Span._.task`` to every quantity."""

    def __init__(
        self,
        nlp: Language,
        name: str = "ie_linker",
        *,
        max_indicator: int = 16,
        measures: Iterable[str] = DEFAULT_MEASURES,
        task_suffixes: Iterable[str] = DEFAULT_TASK_SUFFIXES,
        lead_words: Iterable[str] = DEFAULT_LEAD_WORDS,
        trail_words: Iterable[str] = DEFAULT_TRAIL_WORDS,
        generic_verbs: Iterable[str] = DEFAULT_GENERIC_VERBS,
    ) -> None:
        install_extensions()
        self.name = name
        self.max_indicator = max_indicator
        self.measures = sorted(measures, key=len, reverse=True)
        self.task_suffixes = list(task_suffixes)
        self.lead_words = sorted(lead_words, key=len, reverse=True)
        self.trail_words = sorted(trail_words, key=len, reverse=True)
        self.generic_verbs = sorted(generic_verbs, key=len, reverse=True)
        # the learned selection among candidates (ie.linking); None: the rule picks are kept
        self.model: LinkModel | None = None

    # -- helpers on plain offsets -------------------------------------------------
    def _trim(self, text: str, s: int, e: int, bounds: frozenset[int] | None = None) -> tuple[int, int]:
        """Strip white space, role words in front and link words at the end.

        With ``bounds`` (the token boundaries) a one-character word goes only where it is a word of
        its own: 经审核 loses 经, 经费支出 and 及时率 keep theirs.
        """
        changed = True
        while changed and s < e:
            changed = False
            while s < e and text[s].isspace():
                s, changed = s + 1, True
            while e > s and text[e - 1].isspace():
                e, changed = e - 1, True
            m = _TIME_PREFIX.match(text, s, e)
            if m and m.end() < e:
                s, changed = m.end(), True
            for w in self.lead_words:
                if text.startswith(w, s) and s + len(w) < e and (bounds is None or s + len(w) in bounds):
                    s, changed = s + len(w), True
                    break
            for w in self.trail_words:
                if e - len(w) > s and text[e - len(w):e] == w and (bounds is None or e - len(w) in bounds):
                    e, changed = e - len(w), True
                    break
        return s, e

    def _clause_start(self, text: str, limit: int, pos: int) -> int:
        i = pos
        while True:
            while i > limit and text[i - 1] not in _SENTENCE_END and text[i - 1] not in _CLAUSE_END:
                i -= 1
            # a short quoted word inside the phrase (评价结果为“优”的项目, “三公”经费) is no clause boundary
            if not (limit < i < pos and text[i - 1] == "”"):
                return i
            j = text.rfind("“", max(limit, i - 12), i - 1)
            if j < 0 or any(c in _SENTENCE_END or c in "，,；;：:" for c in text[j:i]):
                return i
            i = j

    def _right_phrase(self, text: str, s: int, limit: int) -> tuple[int, int] | None:
        """The noun phrase right after a quantity (``11家[市委市政府工作部门]和…``)."""
        e = s
        while e < limit and e - s < self.max_indicator and text[e] not in _SENTENCE_END \
                and text[e] not in _CLAUSE_END and text[e] not in _RIGHT_STOP:
            if text[e].isdigit() or (e > s and any(text.startswith(v, e) for v in _RIGHT_VERBS)):
                break
            e += 1
        s2, e2 = self._trim(text, s, e)
        return (s2, e2) if e2 - s2 >= 2 else None

    def _cut_head(self, text: str, s: int, e: int) -> int:
        """Start of the head phrase: after the last 等 / 的 / 是 / ： inside ``[s, e)``."""
        for i in range(e - 2, s - 1, -1):
            if text[i] in _HEAD_CUT:
                return i + 1
        return s

    def _split_task(self, text: str, s: int, e: int) -> tuple[tuple[int, int] | None, tuple[int, int]]:
        """Split ``[s, e)`` into (task, indicator) when it ends with a measure word."""
        for m in self.measures:
            if e - len(m) >= s and text[e - len(m):e] == m:
                ts, te = self._trim(text, s, e - len(m))
                head = text[ts:te]
                # (项目支出 is a budget line, not the task 项目 and the measure 支出: the head must name more)
                if te - ts >= 2 and any(head.endswith(x) and len(head) > len(x) for x in self.task_suffixes):
                    return (ts, te), (e - len(m), e)
                if head in self.task_suffixes and head + m not in ("项目支出", "项目收入"):
                    # 项目全年预算数: a leading 项目 is a role word (E1); 项目支出 is a budget line (5.5)
                    return None, (e - len(m), e)
                return None, (s, e)
        return None, (s, e)

    def link_prose(self, text: str, quantities: list[tuple[int, int]],
                   blockers: list[tuple[int, int]] = (), bounds: frozenset[int] | None = None
                   ) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
        """Return (indicator, task) offsets for quantities given in text order.

        ``blockers`` are other entities (ORG…): an indicator starts after them.
        """
        out = []
        shared_task: tuple[int, int] | None = None
        sentence_start = -1
        prev_end = 0
        for qs, qe in quantities:
            # sentence boundary between the previous quantity and this one resets the task
            sent_start = sentence_bounds(text, qs, qs, _SENTENCE_END)[0]
            if sent_start != sentence_start:
                sentence_start, shared_task = sent_start, None
                prev_end = sent_start
            cs = max(self._clause_start(text, sentence_start, qs), prev_end)
            cs = max([cs] + [be for bs, be in blockers if cs <= bs and be <= qs])
            raw_left = text[cs:qs].rstrip()
            s, e = self._trim(text, cs, qs, bounds)
            if e > s:
                s, e = self._trim(text, self._cut_head(text, s, e), e, bounds)
            if e - s > self.max_indicator:
                s = e - self.max_indicator
            indicator: tuple[int, int] | None = None
            task = None
            left = text[s:e]
            right = self._right_phrase(text, qe, len(text))
            # a noun phrase right after the number names what is counted
            # (走访 11家[市委市政府工作部门]); otherwise the clause before it does
            right_needed = (right is not None or e - s < 2 or raw_left.endswith(("和", "及", "与", "、", "等"))
                            or any(left == v or left.endswith(v) and len(left) <= len(v) + 2
                                   for v in self.generic_verbs))
            if e - s < 2 and right is None and cs > sentence_start and text[cs - 1] in "：:":
                # 教育支出：18.30 万元 — the label before the colon
                s, e = self._trim(text, self._clause_start(text, sentence_start, cs - 1), cs - 1, bounds)
                right_needed = e - s < 2
            vf = _verb_fund(text, s, e)
            if vf is not None:
                indicator, task = vf  # 下达财政专项扶贫资金197万元: the verb measures, the fund is the task
            elif right_needed:
                indicator = right
            else:
                task, indicator = self._split_task(text, s, e)
            if task is not None:
                shared_task = task
            out.append((indicator, task or shared_task))
            prev_end = qe
        return out

    # -- component ------------------------------------------------------------------
    def rule_picks(self, doc: Doc, quantities: list[tuple[int, int]], text: str | None = None
                   ) -> list[dict[str, tuple[int, int] | None]]:
        """The rules' INDICATOR and TASK offsets for quantities given as ``(start, end)`` in text order.

        Table values take their cells (column header, row label, 三级指标 …);
        prose takes :meth:`link_prose`, with the row's or the form's task
        where the sentence names none. ``text`` is ``doc.text`` when the caller has it.
        """
        text = doc_text(doc) if text is None else text
        out: list[dict[str, tuple[int, int] | None] | None] = [None] * len(quantities)
        prose = []
        for n, (start, end) in enumerate(quantities):
            link = table_link_for(doc, start, end)
            if link is not None and (link.indicator or link.task):
                out[n] = {"indicator": link.indicator, "task": link.task}
            else:
                prose.append(n)
        quantity_set = set(quantities)
        blockers = [(e.start_char, e.end_char) for e in doc.ents
                    if e.label_ not in QUANTITY_LABELS and (e.start_char, e.end_char) not in quantity_set]
        bounds = frozenset(b for start, length in token_offsets(doc) for b in (start, start + length))
        pairs = self.link_prose(text, [quantities[n] for n in prose], blockers, bounds)
        for n, (ind, task) in zip(prose, pairs):
            start, end = quantities[n]
            form = form_for(doc, start, end)
            out[n] = {"indicator": ind,
                      "task": task or row_task_for(doc, start, end) or (form.project if form else None)}
        return [o or {"indicator": None, "task": None} for o in out]

    def __call__(self, doc: Doc) -> Doc:
        quantities = [e for e in doc.ents if e.label_ in QUANTITY_LABELS]
        offsets = [(e.start_char, e.end_char) for e in quantities]
        text = doc_text(doc)
        picks = self.rule_picks(doc, offsets, text)
        if self.model is not None:
            from ..linking.context import contexts

            picks = [{kind: (None if chosen is None else (chosen[0].start, chosen[0].end))
                      for kind, chosen in self.model.choose(ctx).items()}
                     for ctx in contexts(doc, quantities, picks, text=text)]
        self._place(doc, quantities, picks, text)
        return doc

    def _place(self, doc: Doc, quantities: list[Span], picks: list[dict], text: str) -> None:
        """Make the INDICATOR/TASK spans (exact: tokens are split where needed) and set the links.

        A span may not overlap an entity or another INDICATOR/TASK span; the
        first placed (in text order, longer first) wins, and the others' links
        are dropped.
        """
        wanted: dict[tuple[int, int, str], None] = {}
        for pick in picks:
            for kind, label in (("indicator", "INDICATOR"), ("task", "TASK")):
                span = pick.get(kind)
                if span is not None:
                    span = _strip(text, span)  # a cell's padding is never part of a name
                    pick[kind] = span
                if span is not None and span[1] > span[0]:
                    wanted[(span[0], span[1], label)] = None
        ents = [(e.start_char, e.end_char) for e in doc.ents]
        chosen: list[tuple[int, int, str]] = []
        for start, end, label in sorted(wanted, key=lambda k: (k[0], -(k[1] - k[0]))):
            if any(s < end and start < e for s, e in ents) or \
                    any(s < end and start < e for s, e, _ in chosen):
                continue
            chosen.append((start, end, label))
        spans = char_spans(doc, chosen, self.name)
        by_key = {(s.start_char, s.end_char, s.label_): s for s in spans}
        quantities = [e for e in doc.ents if e.label_ in QUANTITY_LABELS]  # after any token split
        for ent, pick in zip(quantities, picks):
            ent._.indicator = by_key.get((*pick["indicator"], "INDICATOR")) if pick.get("indicator") else None
            ent._.task = by_key.get((*pick["task"], "TASK")) if pick.get("task") else None
        doc.spans[LINKS_KEY] = sorted(spans, key=lambda s: s.start)

    def _cfg(self) -> dict[str, Any]:
        return {"max_indicator": self.max_indicator, "measures": self.measures,
                "task_suffixes": self.task_suffixes, "lead_words": self.lead_words,
                "trail_words": self.trail_words, "generic_verbs": self.generic_verbs}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "lexicons.json", self._cfg())
        if self.model is not None:
            srsly.write_json(path / "link_model.json", self.model.to_dict())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Linker":
        path = Path(path)
        cfg = srsly.read_json(path / "lexicons.json")
        for key, value in cfg.items():
            setattr(self, key, value)
        if (path / "link_model.json").is_file():  # plain JSON weights, never a pickle
            from ..linking.model import LinkModel

            self.model = LinkModel.from_dict(srsly.read_json(path / "link_model.json"))
        return self


@Language.factory(
    "ie_linker",
    default_config={"max_indicator": 16},
    assigns=["span._.indicator", "span._.task", "doc.spans"],
    requires=["doc.ents"],
)
def make_linker(nlp: Language, name: str, max_indicator: int) -> Linker:
    """Factory for :class:`Linker`."""
    return Linker(nlp, name, max_indicator=max_indicator)


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without white space at either end."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
