"""``ie_quantity_rules``: the pure-rule quantity and ORG extractor.

It runs on its own (the rules-only baseline and fallback) or after a trained
``ner``, adding only what the model did not tag. Its lexicons (units,
slogans, ORG short forms) are saved with the pipeline.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from ..io.clean import fold_traditional
from ..segment.tokenizer import ORG_SHORT_FORMS
from .quantities import DEFAULT_EXCLUSIONS, DEFAULT_UNITS, find_quantities
from .orgs import DEPARTMENTS, LEADING_NOISE, ORG_SUFFIXES, default_places, find_listed_units, find_orgs
from .spans import char_spans, doc_text, put_spans

DEFAULT_ORG_NAMES: tuple[str, ...] = (
    *ORG_SHORT_FORMS, "省委", "市委", "区委", "县委",
    "省政府", "市政府", "区政府", "县政府", "市人大常委会", "区人大常委会", "县人大常委会",
    "市纪委监委", "区纪委监委", "工商联", "市工商联", "国务院", "财政部", "审计署",
    # national bodies every report may name (党中央, the State Council's ministries and agencies)
    "党中央", "中共中央", "中国共产党", "全国人大", "全国人大常委会", "中央纪委", "中央纪委国家监委", "国家监委",
    "最高人民法院", "最高人民检察院", "外交部", "国防部", "国家发展和改革委员会", "国家发展改革委", "国家发改委",
    "教育部", "科学技术部", "科技部", "工业和信息化部", "工信部", "国家民委", "公安部", "民政部", "司法部",
    "人力资源和社会保障部", "人社部", "自然资源部", "生态环境部", "住房和城乡建设部", "住建部", "交通运输部",
    "水利部", "农业农村部", "商务部", "文化和旅游部", "国家卫生健康委员会", "国家卫生健康委", "国家卫健委",
    "退役军人事务部", "应急管理部", "中国人民银行", "国家税务总局", "国家市场监督管理总局", "国家统计局",
    "国家医疗保障局", "国家医保局", "国家乡村振兴局", "国家粮食和物资储备局", "国家林业和草原局", "国家体育总局",
    "国家国防科技工业局", "中国残联", "中国残疾人联合会", "全国总工会", "共青团中央", "全国妇联",
)
# place-prefixed bodies and their internal units; the place part is optional
# only for the full CPPCC name
DEFAULT_ORG_PATTERNS: tuple[str, ...] = (
    r"中国人民政治协商会议(?:[\u4e00-\u9fff]{2,4}?(?:省|市|区|县)){1,3}委员会(?:办公厅|办公室)?",
    r"政协[\u4e00-\u9fff]{2,3}(?:省|市|区|县)委员会(?:办公厅|办公室)?",
    r"(?:市|区|县|省)政协(?:办公厅|办公室|提案委员会|提案委|[^\s及和与的其、，。；：\d]{2,10}?委)",
    r"(?:市|区|县|省)(?:财政局|教育局|民政局|审计局|卫生健康委员会|卫健委|农业农村局|交通运输局|人民政府)",
    r"[\u4e00-\u9fff]{2,4}(?:电视台|电台|日报社)",
    # a village committee (villages are in no gazetteer): 经大坪村民委员会同意, 向曼外村委会
    r"(?:(?<![\u4e00-\u9fff])|(?<=[向由经和与及对在为将把被同从据是、]))[\u4e00-\u9fff]{2,3}村(?:民委员会|委会)",
    # the bodies of a government level written without its place: 镇人民政府, 市检察院, 区人大, 市总工会
    # (镇/乡 only where no township name stands before it: 向镇人民政府, not 贯塘|乡人民政府)
    r"(?:自治区|[省市区县州旗]|(?:(?<![\u4e00-\u9fff])|(?<=[向由经和与及对在为将把被同从据是]))[镇乡])"
    r"(?:人民政府|人民检察院|人民法院|检察院|法院|总工会|人大常委会|人大|人民医院|中医院)",
    # a party committee's working bodies: 市委第四巡察组, 县委宣讲团, 区委组织部
    r"(?:省|市|区|县|州|旗)委(?:第[一二三四五六七八九十]+)?(?:巡察组|巡视组|宣讲团|组织部|宣传部|统战部|政法委员会|政法委"
    r"|办公室|编办|党校|督查室|农办|网信办|军民融合办)",
)


# a full place name holding a numeral (三门县, 七台河市, 四子王旗); short forms (三门) are words too
_NUMERAL_PLACE = re.compile(r"^.*[零〇一二两三四五六七八九十百千万].*[县市区旗州盟]$")
# ORG names of the last few texts, by (lexicons, text): see QuantityRules._org_items
_ORG_CACHE: dict[tuple[int, str], list[tuple[int, int]]] = {}
_TITLE = re.compile(r"《[^《》\n]{1,80}》")


class QuantityRules:
    """Tag MONEY/PERCENT/COUNT/SCORE (and ORG) spans with rules."""

    def __init__(
        self,
        nlp: Language,
        name: str = "ie_quantity_rules",
        *,
        quantities: bool = True,
        orgs: bool = True,
        exclusions: Iterable[str] = DEFAULT_EXCLUSIONS,
        units: dict[str, str] | None = None,
        org_names: Iterable[str] = DEFAULT_ORG_NAMES,
        org_patterns: Iterable[str] = DEFAULT_ORG_PATTERNS,
        spans_key: str | None = None,
        fill_key: str | None = None,
    ) -> None:
        install_extensions()
        self.name = name
        # after its own names, the spans of this group where no entity is (the ner's ORG set aside)
        self.fill_key = fill_key
        self.quantities = quantities
        self.orgs = orgs
        # None: set doc.ents; a key: write candidates there for the ner (ie.ml.rule_features)
        self.spans_key = spans_key
        self.exclusions = list(exclusions)
        self.units = dict(units if units is not None else DEFAULT_UNITS)
        self.org_names = list(org_names)
        self.org_patterns = list(org_patterns)
        self.org_suffixes = list(ORG_SUFFIXES)
        self.org_departments = list(DEPARTMENTS)
        self.places = default_places() if orgs else []
        self._org_re: re.Pattern[str] | None = None

    @property
    def _org_suffixes(self) -> tuple[str, ...]:
        return self._lexicon_tuples()[0]

    @property
    def _org_departments(self) -> tuple[str, ...]:
        return self._lexicon_tuples()[1]

    @property
    def _places(self) -> tuple[str, ...]:
        return self._lexicon_tuples()[2]

    def _lexicon_tuples(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        # tuples are hashed by the pattern cache: build them once, not per document
        if getattr(self, "_tuples", None) is None:
            self._tuples = (tuple(self.org_suffixes), tuple(self.org_departments), tuple(self.places))
        return self._tuples

    def _exclusions(self) -> tuple[str, ...]:
        # the phrases no quantity may overlap, plus the place names that hold a numeral
        # (三门县, 五台县, 七台河市: a numeral in a place name counts nothing)
        if getattr(self, "_excl", None) is None:
            self._excl = (*self.exclusions, *sorted(p for p in self.places if _NUMERAL_PLACE.search(p)))
        return self._excl

    def _org_items(self, text: str) -> list[tuple[int, int]]:
        """The ORG names of ``text``; the last texts' names are kept, keyed by the lexicons.

        Two instances with the same lexicons (the candidates before the ``ner``
        and the ORG rules after it) then find the names of a text once.
        """
        key = (self._lexicon_key(), text)
        found = _ORG_CACHE.get(key)
        if found is None:
            found = self._find_org_items(text)
            if len(_ORG_CACHE) >= 4:
                _ORG_CACHE.pop(next(iter(_ORG_CACHE)))
            _ORG_CACHE[key] = found
        return found

    def _lexicon_key(self) -> int:
        if getattr(self, "_key", None) is None:
            self._key = hash((self._lexicon_tuples(), tuple(self.org_names), tuple(self.org_patterns)))
        return self._key

    def _find_org_items(self, text: str) -> list[tuple[int, int]]:
        # names written in traditional characters (省財政廳) are matched in the simplified view (same offsets)
        text = fold_traditional(text)
        orgs: list[tuple[int, int]] = []
        org_re = self._org_regex()
        for m in org_re.finditer(text):
            start = m.start()
            # the place-name pattern can swallow a preposition or verb in front
            # (向广州市财政局, 配合广州市财政局): drop it when the rest is still a name
            for cut in (1, 2):
                if text[m.start():m.start() + cut][-1] in LEADING_NOISE and \
                        org_re.fullmatch(text, m.start() + cut, m.end()):
                    start = m.start() + cut
                    break
            orgs.append((start, m.end()))
        # names built as place + function + suffix, whatever the province (ie.pipeline.orgs);
        # where two names overlap the longer one stands (广州市政协办公厅 over 市政协办公厅)
        orgs += find_orgs(text, self._org_suffixes, self._org_departments, self._places)
        orgs += find_listed_units(text)
        # a name inside a title (《中共中央 国务院关于…的意见》) is part of the title, no ORG (guideline 4.4)
        titles = [m.span() for m in _TITLE.finditer(text)]
        kept: list[tuple[int, int]] = []
        for s, e in sorted(set(orgs), key=lambda se: (-(se[1] - se[0]), se[0])):
            if all(e <= a or b <= s for a, b in kept) and not any(a < s and e < b for a, b in titles):
                kept.append((s, e))
        return sorted(kept)

    def _org_regex(self) -> re.Pattern[str]:
        if self._org_re is None:
            names = sorted(self.org_names, key=len, reverse=True)
            alts = list(self.org_patterns) + [re.escape(n) for n in names]
            # 财政部门 is no 财政部: a name never runs on into 门
            self._org_re = re.compile("(?:" + "|".join(f"(?:{a})" for a in alts) + ")(?:机关)?(?!门)")
        return self._org_re

    def __call__(self, doc: Doc) -> Doc:
        items: list[tuple[int, int, str]] = []
        text = doc_text(doc)
        if self.quantities:
            items += [(q.start, q.end, q.label)
                      for q in find_quantities(text, exclusions=self._exclusions(), units=self.units)]
        if self.orgs:
            items += [(s, e, "ORG") for s, e in self._org_items(text)]
        put_spans(doc, char_spans(doc, items, self.name), self.spans_key)
        if self.fill_key and self.fill_key in doc.spans:
            put_spans(doc, list(doc.spans[self.fill_key]), self.spans_key)
        return doc

    def _cfg(self) -> dict[str, Any]:
        return {"quantities": self.quantities, "orgs": self.orgs, "exclusions": self.exclusions, "units": self.units,
                "org_names": self.org_names, "org_patterns": self.org_patterns,
                "org_suffixes": self.org_suffixes, "org_departments": self.org_departments, "places": self.places}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "lexicons.json", self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuantityRules":
        cfg = srsly.read_json(Path(path) / "lexicons.json")
        self.quantities = cfg.get("quantities", True)
        self.orgs = cfg["orgs"]
        self.exclusions = cfg["exclusions"]
        self.units = cfg["units"]
        self.org_names = cfg["org_names"]
        self.org_patterns = cfg["org_patterns"]
        self.org_suffixes = cfg.get("org_suffixes", list(ORG_SUFFIXES))
        self.org_departments = cfg.get("org_departments", list(DEPARTMENTS))
        self.places = cfg.get("places", default_places() if self.orgs else [])
        self._org_re = None
        self._tuples = None
        self._excl = None
        self._key = None
        return self


@Language.factory(
    "ie_quantity_rules",
    default_config={"quantities": True, "orgs": True, "spans_key": None, "fill_key": None},
    assigns=["doc.ents", "doc.spans"],
)
def make_quantity_rules(
    nlp: Language, name: str, quantities: bool, orgs: bool, spans_key: str | None, fill_key: str | None
) -> QuantityRules:
    """Factory for :class:`QuantityRules` (``quantities``/``orgs`` switch each half off).

    With ``spans_key`` the spans go to ``doc.spans[spans_key]`` as candidates
    for a ``ner`` that reads them as features, and ``doc.ents`` is untouched.
    With ``fill_key`` the spans of that group are added, after its own, where
    no entity is (order ``rule_features_rule_orgs``: the ``ner``'s ORG fill in).
    """
    return QuantityRules(nlp, name, quantities=quantities, orgs=orgs, spans_key=spans_key, fill_key=fill_key)
