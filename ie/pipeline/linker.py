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

from ..attrs import install_extensions
from ..contract import QUANTITY_LABELS
from .spans import char_span
from .table_component import form_for, row_task_for, table_link_for

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

    # -- helpers on plain offsets -------------------------------------------------
    def _trim(self, text: str, s: int, e: int) -> tuple[int, int]:
        """Strip white space, role words in front and link words at the end."""
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
                if text.startswith(w, s) and s + len(w) < e:
                    s, changed = s + len(w), True
                    break
            for w in self.trail_words:
                if e - len(w) > s and text[e - len(w):e] == w:
                    e, changed = e - len(w), True
                    break
        return s, e

    def _clause_start(self, text: str, limit: int, pos: int) -> int:
        i = pos
        while i > limit and text[i - 1] not in _SENTENCE_END and text[i - 1] not in _CLAUSE_END:
            i -= 1
        return i

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
                if te - ts >= 2 and any(head.endswith(x) for x in self.task_suffixes):
                    return (ts, te), (e - len(m), e)
                return None, (s, e)
        return None, (s, e)

    def link_prose(self, text: str, quantities: list[tuple[int, int]],
                   blockers: list[tuple[int, int]] = ()) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
        """Return (indicator, task) offsets for quantities given in text order.

        ``blockers`` are other entities (ORG…): an indicator starts after them.
        """
        out = []
        shared_task: tuple[int, int] | None = None
        sentence_start = -1
        prev_end = 0
        for qs, qe in quantities:
            # sentence boundary between the previous quantity and this one resets the task
            sent_start = qs
            while sent_start > 0 and text[sent_start - 1] not in _SENTENCE_END:
                sent_start -= 1
            if sent_start != sentence_start:
                sentence_start, shared_task = sent_start, None
                prev_end = sent_start
            cs = max(self._clause_start(text, sentence_start, qs), prev_end)
            cs = max([cs] + [be for bs, be in blockers if cs <= bs and be <= qs])
            raw_left = text[cs:qs].rstrip()
            s, e = self._trim(text, cs, qs)
            if e > s:
                s, e = self._trim(text, self._cut_head(text, s, e), e)
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
                s, e = self._trim(text, self._clause_start(text, sentence_start, cs - 1), cs - 1)
                right_needed = e - s < 2
            if right_needed:
                indicator = right
            else:
                task, indicator = self._split_task(text, s, e)
            if task is not None:
                shared_task = task
            out.append((indicator, task or shared_task))
            prev_end = qe
        return out

    # -- component ------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        quantities = [e for e in doc.ents if e.label_ in QUANTITY_LABELS]
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        links: dict[tuple[int, int, str], Span] = {}

        def make(offsets: tuple[int, int] | None, label: str) -> Span | None:
            if offsets is None:
                return None
            key = (offsets[0], offsets[1], label)
            if key in links:
                return links[key]
            # prefer the tokens inside the phrase; widen only when none fits
            span = (doc.char_span(offsets[0], offsets[1], label=label, alignment_mode="contract")
                    or doc.char_span(offsets[0], offsets[1], label=label, alignment_mode="expand"))
            if span is not None and not span.text.strip():
                span = None
            if span is None or any(i in taken for i in range(span.start, span.end)):
                return None
            links[key] = span
            return span

        prose = []
        for ent in quantities:
            link = table_link_for(doc, ent.start_char, ent.end_char)
            if link is not None and (link.indicator or link.task):
                ent._.indicator = make(link.indicator, "INDICATOR")
                ent._.task = make(link.task, "TASK")
            else:
                prose.append(ent)
        blockers = [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in QUANTITY_LABELS]
        pairs = self.link_prose(text, [(e.start_char, e.end_char) for e in prose], blockers)
        for ent, (ind, task) in zip(prose, pairs):
            ent._.indicator = make(ind, "INDICATOR")
            # inside a text cell of a task table, the row's task is the quantity's task; inside a
            # self-evaluation form with no closer task, the form's project (guideline §14.5)
            form = form_for(doc, ent.start_char, ent.end_char)
            ent._.task = make(task or row_task_for(doc, ent.start_char, ent.end_char)
                              or (form.project if form is not None else None), "TASK")
        # INDICATOR and TASK spans may not overlap each other in the output
        kept: list[Span] = []
        used: set[int] = set()
        for span in sorted(links.values(), key=lambda s: (s.start, -len(s))):
            if any(i in used for i in range(span.start, span.end)):
                continue
            used.update(range(span.start, span.end))
            kept.append(span)
        kept_keys = {(s.start_char, s.end_char, s.label_) for s in kept}
        for ent in quantities:
            for attr in ("indicator", "task"):
                sp = getattr(ent._, attr)
                if sp is not None and (sp.start_char, sp.end_char, sp.label_) not in kept_keys:
                    setattr(ent._, attr, None)
        doc.spans[LINKS_KEY] = kept
        return doc

    def _cfg(self) -> dict[str, Any]:
        return {"max_indicator": self.max_indicator, "measures": self.measures,
                "task_suffixes": self.task_suffixes, "lead_words": self.lead_words,
                "trail_words": self.trail_words, "generic_verbs": self.generic_verbs}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "lexicons.json", self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Linker":
        cfg = srsly.read_json(Path(path) / "lexicons.json")
        for key, value in cfg.items():
            setattr(self, key, value)
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
