"""``ie_metadata``: reporting unit, year, report kind, total score and grade."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from ..contract import GRADES

_KINDS = (("自评表", "绩效自评表"), ("项目支出", "项目支出绩效自评报告"), ("部门整体支出", "部门整体支出绩效自评报告"))
_CELL_UNIT = re.compile(r"(?:部门名称|单位名称|项目单位|主管部门)[^\t\n]{0,6}[\t ：:]+([^\t\n]{2,40}?)[\t\n]")
# on the title with white space removed (PDF titles wrap anywhere)
_TITLE_UNIT = re.compile(r"(?:20\d\d年度?)?([\u4e00-\u9fff（）()]{4,60}?)(?:20\d\d年度?)?(?:部门整体支出|项目支出|整体支出)")
_FIRST_ORG = re.compile(r"中国人民政治协商会议[\u4e00-\u9fff]{2,20}?委员会(?:办公室|办公厅)?|"
                        r"[\u4e00-\u9fff]{2,12}?(?:人民政府办公厅|办公厅|办公室)")
_YEAR_TITLE = re.compile(r"(20\d\d)\s*年度?[^\n]{0,60}?(?:绩效|自评)")
_YEAR_CELL = re.compile(r"被评价年度\s*[\t ：:]*\s*(20\d\d)")
_SCORE = re.compile(
    r"(?:自评(?:评分|得分|总分|分数|结果)?|绩效(?:得分|评分)|总得分|综合得分)\s*(?:为|是|：|:|达到|达)?\s*"
    r"(\d{2,3}(?:\.\d+)?)\s*分"
)
_GRADE = re.compile(r"(?:绩效)?(?:等级|评级|等次|级别)\s*(?:为|是|：|:|评定为)?\s*[“\"‘]?([优良中差])")


def report_metadata(text: str) -> dict[str, object]:
    """Read unit, year, kind, score and grade from a report's clean text."""
    head = text[:600]
    flat = re.sub(r"\s+", "", head)
    kind = next((name for key, name in _KINDS if key in flat), None)
    if kind is None:
        # in the body, a form name (《…自评表》) is less telling than the report's subject
        kind = next((name for key, name in reversed(_KINDS) if key in text[:5000]), None)
    m = _CELL_UNIT.search(head + "\n") or _TITLE_UNIT.search(flat) or _FIRST_ORG.search(head)
    unit = m.group(m.lastindex or 0).strip("（）()") if m else None
    if unit:
        unit = re.sub(r"^附件[一二三四五六七八九十\d]*", "", unit) or None
    year = None
    m = _YEAR_CELL.search(text) or _YEAR_TITLE.search(head)
    if m:
        year = int(m.group(1))
    else:
        years = Counter(re.findall(r"(20\d\d)\s*年", text))
        if years:
            year = int(years.most_common(1)[0][0])
    score = None
    for m in _SCORE.finditer(text):
        value = Decimal(m.group(1))
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；\n") + 1
        # per-indicator scores (该指标分值10分，自评得分10分) are not the report's total
        if 0 < value <= 100 and not any(w in text[sentence_start:m.start()] for w in ("该指标", "分值")):
            score = value
            break
    grade = None
    m = _GRADE.search(text)
    if m and m.group(1) in GRADES:
        grade = m.group(1)
    return {"unit": unit, "year": year, "kind": kind, "score": score, "grade": grade}


class MetadataReader:
    """Set ``Doc._.metadata`` from the report's text."""

    def __init__(self, nlp: Language, name: str = "ie_metadata") -> None:
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.metadata = report_metadata(doc.text)
        return doc


@Language.factory("ie_metadata", assigns=["doc._.metadata"])
def make_metadata_reader(nlp: Language, name: str) -> MetadataReader:
    """Factory for :class:`MetadataReader`."""
    return MetadataReader(nlp, name)
