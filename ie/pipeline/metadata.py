"""``ie_metadata``: reporting unit, year, report kind, total score and grade."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from ..attrs import install_extensions
from ..contract import GRADES
from .spans import doc_text

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
_GRADE = re.compile(r"(?:绩效)?(?:等级|评级|等次|级别)[\s|]*(?:为|是|：|:|评定为)?[\s|]*[“\"‘]?([优良中差])")
# the title: the first line that names a report or a form
_TITLE = re.compile(r"[^\n]{0,80}?(?:绩效(?:目标)?自评(?:报告|表)|绩效评价(?:报告|表)|自评报告|自评表)[^\n]{0,20}")


def _kind_of_title(title: str) -> str | None:
    """The report kind its title names: a form (…表), a department-wide or a project report."""
    flat = re.sub(r"\s+", "", title)
    if re.search(r"表(?:[（(][^）)]*[）)])?$", flat) or "自评表" in flat:
        return "绩效自评表"
    if "部门整体" in flat or "整体支出" in flat:
        return "部门整体支出绩效自评报告"
    if re.search(r"项目|资金|转移支付|专项|经费", flat):
        return "项目支出绩效自评报告"
    return None


def report_metadata(text: str) -> dict[str, object]:
    """Read unit, year, kind, score and grade from a report's clean text.

    The kind comes from the title first (the first line naming a report or a
    form), the body's words second.
    """
    head = text[:600]
    flat = re.sub(r"\s+", "", head)
    title = _TITLE.search(text[:1500])
    kind = _kind_of_title(title.group()) if title else None
    if kind is None:
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


# header-block labels of a form (ie.tables.forms): who carries the project out, who is in charge
IMPLEMENTER_FIELDS: tuple[str, ...] = ("实施单位", "资金使用单位", "项目实施单位", "项目单位", "预算单位名称",
                                       "预算部门单位名称", "预算部门、单位名称", "填报单位", "单位名称", "部门名称")
DEPARTMENT_FIELDS: tuple[str, ...] = ("主管部门", "地方主管部门", "市级主管部门", "省级主管部门", "自治区主管部门",
                                      "中央主管部门")


class MetadataReader:
    """Set ``Doc._.metadata`` from the report's text."""

    def __init__(self, nlp: Language, name: str = "ie_metadata") -> None:
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        meta = report_metadata(text)
        if meta["score"] is None:
            # a form's total row (合计 100 96.8) gives the score when no sentence states it
            from .table_component import TABLE_LINKS_KEY

            for link in doc.user_data.get(TABLE_LINKS_KEY, ()):
                if link.role == "score" and link.indicator and \
                        re.match(r"(?:合计|总分|总计|综合得分|总得分|得分合计)", text[link.indicator[0]:link.indicator[1]]):
                    try:
                        value = Decimal(text[link.start:link.end].strip().rstrip("分"))
                    except ArithmeticError:
                        continue
                    if 0 < value <= 100:
                        meta["score"] = value
                        break
        # a form names its unit in its header block (实施单位, 预算单位名称, 主管部门)
        from .table_component import FORMS_KEY

        for form in doc.user_data.get(FORMS_KEY, ()):
            for label in IMPLEMENTER_FIELDS + DEPARTMENT_FIELDS:
                span = form.fields.get(label)
                if span:
                    meta["unit"] = text[span[0]:span[1]]
                    break
            else:
                continue
            break
        doc._.metadata = meta
        return doc


@Language.factory("ie_metadata", assigns=["doc._.metadata"])
def make_metadata_reader(nlp: Language, name: str) -> MetadataReader:
    """Factory for :class:`MetadataReader`."""
    return MetadataReader(nlp, name)
