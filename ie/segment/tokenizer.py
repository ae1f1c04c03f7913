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
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab

from ..errors import ModelError

SEGMENTERS: tuple[str, ...] = ("jieba", "pkuseg", "char")

# Domain terms the general dictionaries split or glue wrongly.
DEFAULT_USER_WORDS: tuple[str, ...] = (
    "预算执行率", "预算完成率", "预算调整率", "执行率", "完成率", "办复率", "满意率",
    "社情民意", "社情民意信息", "部门整体支出", "项目支出", "基本支出", "人员经费",
    "日常公用经费", "年初预算数", "调整预算数", "全年预算数", "全年执行数", "决算数",
    "预算数", "执行数", "年度指标值", "实际完成值", "一级指标", "二级指标", "三级指标",
    "绩效自评", "自评得分", "自评评分", "评分", "分值", "得分", "财政拨款", "上年结转", "市政协", "区政协",
    "政协委员", "提案委", "人次", "万元", "亿元", "千元", "个百分点",
)

# an Arabic number with its inner separators and decimals (full-width digits too)
_NUMBER = re.compile(r"[0-9０-９]+(?:[.,，．][0-9０-９]+)*")


# what may follow a number as its unit; a word that starts with one of these
# right after a number is split after it (jieba: 11|个市, 9|篇文章)
DEFAULT_NUMERAL_UNITS: tuple[str, ...] = (
    "个百分点", "万亿元", "百万元", "千万元", "平方公里", "人次", "万元", "亿元", "千元", "万字", "批次", "个月",
    "余", "多", "几", "万", "亿", "千", "百", "元", "%", "‰", "分", "件", "次", "篇", "场", "名", "个", "项",
    "期", "批", "条", "家", "张", "位", "人", "户", "所", "台", "套", "本", "册", "份", "则", "种", "类",
    "轮", "辆", "座", "间", "笔", "宗", "起", "例", "页", "斤", "吨", "亩",
)


def split_numerals(words: Iterable[str], units: Iterable[str] = DEFAULT_NUMERAL_UNITS) -> list[str]:
    """Split words at the edges of Arabic numbers, and split a unit off the word after a number."""
    out: list[str] = []
    for word in words:
        pos = 0
        for m in _NUMBER.finditer(word):
            if m.start() > pos:
                out.append(word[pos:m.start()])
            out.append(m.group())
            pos = m.end()
        if pos < len(word):
            out.append(word[pos:])
    units = sorted(units, key=len, reverse=True)
    whole = set(units)
    result: list[str] = []
    after_number = False
    for word in out:
        if after_number and not word.isspace() and word not in whole:
            unit = next((u for u in units if word.startswith(u) and len(word) > len(u)), None)
            if unit:
                result.extend([unit, word[len(unit):]])
                after_number = False
                continue
        result.append(word)
        if _NUMBER.fullmatch(word):
            after_number = True
        elif not word.isspace():
            after_number = False
    return result


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
        pkuseg_model: str | None = None,
    ) -> None:
        if segmenter not in SEGMENTERS:
            raise ModelError("E011", name=segmenter, choices=", ".join(SEGMENTERS))
        self.vocab = vocab
        self.segmenter = segmenter
        self.numeral_split = numeral_split
        self.user_words = list(user_words)
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
        words = [w for w in self._cut(text) if w]
        return split_numerals(words) if self.numeral_split else words

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces(self.segment(text), text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _cfg(self) -> dict[str, Any]:
        return {"segmenter": self.segmenter, "numeral_split": self.numeral_split,
                "user_words": self.user_words}

    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        self.segmenter = cfg.get("segmenter", self.segmenter)
        self.numeral_split = cfg.get("numeral_split", self.numeral_split)
        self.user_words = list(cfg.get("user_words", self.user_words))
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
