"""Chinese tokenizer for spaCy: jieba (default), pkuseg or char, plus a numeral split.

The numeral split guarantees that no token crosses a boundary between an
Arabic number and anything else (pkuseg glues ``数10279.02万`` into one token,
which makes the entity ``10279.02万元`` unreachable for a token-based NER).
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab

from ..errors import ModelError
from ..pipeline.spans import remember_text

SEGMENTERS: tuple[str, ...] = ("jieba", "pkuseg", "char")

# ORG short forms (annotations/GUIDELINES.md): each must be a token of its own;
# the ORG rules (ie.pipeline.rules.DEFAULT_ORG_NAMES) tag them
ORG_SHORT_FORMS: tuple[str, ...] = (
    "全国政协", "省政协", "市政协", "区政协", "县政协", "市财政局", "区财政局", "县财政局",
)

# Domain terms the general dictionaries split or glue wrongly.
DEFAULT_USER_WORDS: tuple[str, ...] = (
    "预算执行率", "预算完成率", "预算调整率", "执行率", "完成率", "办复率", "满意率",
    "社情民意", "社情民意信息", "部门整体支出", "项目支出", "基本支出", "人员经费",
    "日常公用经费", "年初预算数", "调整预算数", "全年预算数", "全年执行数", "决算数",
    "预算数", "执行数", "年度指标值", "实际完成值", "一级指标", "二级指标", "三级指标",
    "绩效自评", "自评得分", "自评评分", "评分", "分值", "得分", "财政拨款", "上年结转", "提案委", "人次", "万元",
    "亿元", "千元", "个百分点",
    *ORG_SHORT_FORMS, "省财政厅",
)

# Dictionary words that glue an ORG short form to the next word (市政协|委员,
# 区委|书记); they are removed from the segmenter's dictionary so that the
# gold ORG span falls on a token boundary.
DEFAULT_SPLIT_WORDS: tuple[str, ...] = (
    "政协委员", "省委书记", "市委书记", "区委书记", "县委书记",
)

# an Arabic number with its thousands separators and decimals (full-width digits
# too); it is one token even when the segmenter cut it (2|,|300 -> 2,300)
_NUMBER = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９])|[.．][0-9０-９]+)*")
# a decimal point inside a number: a number with two or more is several
# numbers glued together (a table row read without cell separators)
_POINT = re.compile(r"[.．]")
_DIGITS = frozenset("0123456789０１２３４５６７８９")


# what may follow a number as its unit; a word that starts with one of these
# right after a number is split after it (jieba: 11|个市, 9|篇文章)
DEFAULT_NUMERAL_UNITS: tuple[str, ...] = (
    "个百分点", "万亿元", "百万元", "千万元", "平方公里", "人次", "万元", "亿元", "千元", "万字", "批次", "个月",
    "余", "多", "几", "万", "亿", "千", "百", "元", "%", "‰", "分", "件", "次", "篇", "场", "名", "个", "项",
    "期", "批", "条", "家", "张", "位", "人", "户", "所", "台", "套", "本", "册", "份", "则", "种", "类",
    "轮", "辆", "座", "间", "笔", "宗", "起", "例", "页", "斤", "吨", "亩", "平方米", "立方米", "公顷", "千米",
    "公里", "米", "公斤", "千克", "小时",
)


def with_spaces(words: list[str], text: str) -> list[str]:
    """Put back the white space a segmenter dropped (pkuseg), so the words join to ``text``.

    Numbers are joined across words only where the words touch in the text
    (``2.`` and ``0-6岁`` on two lines must stay apart). Words that cannot be
    placed in ``text`` are returned unchanged (spaCy then reports the mismatch).
    """
    if "".join(words) == text:
        return words
    out: list[str] = []
    pos = 0
    for word in words:
        start = text.find(word, pos)
        gap = text[pos:start] if start >= 0 else None
        if gap is None or (gap and not gap.isspace()):
            return words
        if gap:
            out.append(gap)
        out.append(word)
        pos = start + len(word)
    if text[pos:].isspace():
        out.append(text[pos:])
    return out


def split_glued(number: str, decimals: int = 2) -> list[str]:
    """Split numbers glued without separators: ``245.00245.00241.3210`` -> 245.00, 245.00, 241.32, 10.

    Only a number with two or more decimal points whose inner parts are long
    enough for ``decimals`` digits plus an integer part is split (the money
    columns of these reports have two decimals); section numbers such as
    ``3.1.2`` and versions such as ``3.10.2`` stay whole.
    """
    parts = _POINT.split(number)
    if len(parts) < 3 or any(len(p) <= decimals for p in parts[1:-1]) or len(parts[-1]) < decimals:
        return [number]
    points = _POINT.findall(number)
    pieces: list[str] = []
    integer = parts[0]
    for point, part in zip(points, parts[1:]):
        pieces.append(integer + point + part[:decimals])
        integer = part[decimals:]
    if integer:
        pieces.append(integer)
    return pieces


def split_numerals(words: Iterable[str], units: Iterable[str] = DEFAULT_NUMERAL_UNITS) -> list[str]:
    """Make every Arabic number one token, and split a unit off the word after a number.

    A number is cut from what surrounds it (数10279.02万 -> 数|10279.02|万),
    joined when the segmenter cut it at a separator (2|,|300 -> 2,300) and
    split where numbers were glued together (:func:`split_glued`).
    """
    words = [w for w in words if w]
    text = "".join(words)
    cuts: set[int] = set()
    pos = 0
    for word in words:
        pos += len(word)
        cuts.add(pos)
    # a cut between two digits stays: some segmenters drop white space
    # (pkuseg: 附件2 / 2021年 -> 附件, 2, 2021, 年), so the words may not touch in the text
    hard = sorted(c for c in cuts if 0 < c < len(text) and text[c - 1] in _DIGITS and text[c] in _DIGITS)
    for begin, end in zip([0, *hard], [*hard, len(text)]):
        for m in _NUMBER.finditer(text, begin, end):
            cuts.difference_update(range(m.start() + 1, m.end()))
            cuts.update((m.start(), m.end()))
            at = m.start()
            for piece in split_glued(m.group())[:-1]:
                at += len(piece)
                cuts.add(at)
    bounds = sorted(cuts | {0})
    out = [text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
    lengths, whole = _unit_lookup(tuple(units))
    result: list[str] = []
    after_number = False
    for word in out:
        if after_number and not word.isspace() and word not in whole:
            unit = next((word[:n] for n in lengths if len(word) > n and word[:n] in whole), None)
            if unit:
                result.extend([unit, word[len(unit):]])
                after_number = False
                continue
        result.append(word)
        if word[0] in _DIGITS and _NUMBER.fullmatch(word):  # a number starts with a digit
            after_number = True
        elif not word.isspace():
            after_number = False
    return result


@lru_cache(maxsize=8)
def _unit_lookup(units: tuple[str, ...]) -> tuple[list[int], frozenset[str]]:
    """The lengths of the units, longest first, and the units as a set (once per unit list)."""
    return sorted({len(u) for u in units}, reverse=True), frozenset(units)


@contextlib.contextmanager
def _quiet_stdout():
    """Silence file descriptor 1 (Python and C writes alike) for the duration."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


class IETokenizer(DummyTokenizer):
    """Segment Chinese text with jieba, pkuseg or characters, then split numerals."""

    def __init__(
        self,
        vocab: Vocab,
        segmenter: str = "jieba",
        numeral_split: bool = True,
        user_words: Iterable[str] = DEFAULT_USER_WORDS,
        split_words: Iterable[str] = DEFAULT_SPLIT_WORDS,
        pkuseg_model: str | None = None,
    ) -> None:
        if segmenter not in SEGMENTERS:
            raise ModelError("E011", name=segmenter, choices=", ".join(SEGMENTERS))
        self.vocab = vocab
        self.segmenter = segmenter
        self.numeral_split = numeral_split
        self.user_words = list(user_words)
        self.split_words = list(split_words)
        self.pkuseg_model = pkuseg_model
        self._cut: Callable[[str], list[str]] | None = None

    # segmenters are loaded on first use: loading jieba's dictionary or the
    # pkuseg weights is slow and must not happen at import or config time
    def _load(self) -> Callable[[str], list[str]]:
        if self.segmenter == "char":
            return list
        if self.segmenter == "jieba":
            import jieba

            jieba.setLogLevel(60)
            tk = jieba.Tokenizer()
            for word in self.user_words:
                tk.add_word(word, freq=100000)
            for word in self.split_words:
                tk.del_word(word)
            return lambda text: list(tk.cut(text, HMM=True))
        import spacy_pkuseg

        from .pkuseg_model import pkuseg_model_path

        model = Path(self.pkuseg_model) if self.pkuseg_model else pkuseg_model_path()
        # spacy-pkuseg prints a notice about the model's pickle format on the C-level stdout
        with _quiet_stdout():
            seg = spacy_pkuseg.pkuseg(model_name=str(model), user_dict=self.user_words or "default")
        return seg.cut

    def segment(self, text: str) -> list[str]:
        """Return the words of ``text`` (white space included, as the segmenter gives it)."""
        if self._cut is None:
            self._cut = self._load()
        words = with_spaces([w for w in self._cut(text) if w], text)
        return split_numerals(words) if self.numeral_split else words

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces(self.segment(text), text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        remember_text(doc, text)  # the words and spaces join to ``text``: no component rebuilds it
        return doc

    def _cfg(self) -> dict[str, Any]:
        return {"segmenter": self.segmenter, "numeral_split": self.numeral_split,
                "user_words": self.user_words, "split_words": self.split_words}

    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        self.segmenter = cfg.get("segmenter", self.segmenter)
        self.numeral_split = cfg.get("numeral_split", self.numeral_split)
        self.user_words = list(cfg.get("user_words", self.user_words))
        # models saved before split_words existed keep their tokenization
        self.split_words = list(cfg.get("split_words", ()))
        self._cut = None

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._cfg())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "IETokenizer":
        self._set_cfg(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "IETokenizer":
        self._set_cfg(srsly.read_json(Path(path) / "cfg.json"))
        return self


@registry.tokenizers("ie.zh_tokenizer.v1")
def create_tokenizer(
    segmenter: str = "jieba", numeral_split: bool = True
) -> Callable[[Language], IETokenizer]:
    """Config entry point: ``[nlp.tokenizer] @tokenizers = "ie.zh_tokenizer.v1"``."""

    def make(nlp: Language) -> IETokenizer:
        return IETokenizer(nlp.vocab, segmenter=segmenter, numeral_split=numeral_split)

    return make


def blank(segmenter: str = "jieba", numeral_split: bool = True) -> Language:
    """A blank Chinese pipeline with the ie tokenizer."""
    import spacy

    config = {"nlp": {"tokenizer": {"@tokenizers": "ie.zh_tokenizer.v1",
                                    "segmenter": segmenter, "numeral_split": numeral_split}}}
    return spacy.blank("zh", config=config)
