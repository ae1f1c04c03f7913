"""ie.pipeline.metadata: reporting unit, year, kind, total score and grade of a report."""
from __future__ import annotations

from decimal import Decimal

import pytest
import spacy

from ie.contract import GRADES
from ie.pipeline.metadata import MetadataReader, report_metadata

TITLE_REPORT = ("广州市政协办公厅 2021 年部门整体\n支出绩效自评报告\n\n一、基本情况\n"
                "（一）部门概况\n本部门绩效自评评分为95.25分，绩效等级为“优”。")

FORM_REPORT = ("附件2\n\n2022年度中国人民政治协商会议广州市天河区委员会 办公室部门整体支出绩效自评表\n\n"
               "单位：万元\n\n部门名称（汇总）\t\t中国人民政治协商会议广州市天河区委员会办公室\t\t被评价年度\t2022年\n"
               "部门资金情况\t部门调整预算收入\t2318.88\n")


def test_metadata_from_a_wrapped_title():
    assert report_metadata(TITLE_REPORT) == {
        "unit": "广州市政协办公厅", "year": 2021, "kind": "部门整体支出绩效自评报告",
        "score": Decimal("95.25"), "grade": "优"}


def test_metadata_from_a_form_with_a_unit_cell():
    meta = report_metadata(FORM_REPORT)
    assert meta["unit"] == "中国人民政治协商会议广州市天河区委员会办公室"
    assert meta["year"] == 2022
    assert meta["kind"] == "绩效自评表"
    assert meta["score"] is None and meta["grade"] is None


def test_metadata_unit_from_a_title_with_attachment_prefix():
    text = "附件二\n\n2021 年中国人民政治协商会议广东省广州市 花都区委员会部门整体支出 绩效自评报告\n\n一、基本情况\n"
    meta = report_metadata(text)
    assert meta["unit"] == "中国人民政治协商会议广东省广州市花都区委员会"
    assert meta["year"] == 2021


def test_metadata_unit_from_the_first_organization_in_the_head():
    text = "一、部门基本情况\n中国人民政治协商会议广东省佛山市委员会办公室的主要职责是：负责组织实施。"
    assert report_metadata(text)["unit"] == "中国人民政治协商会议广东省佛山市委员会办公室"


def test_metadata_project_report():
    text = "项目名称\t文史工作经费\n项目单位\t广州市政协办公厅\n2021年度项目支出绩效自评报告\n"
    meta = report_metadata(text)
    assert meta["unit"] == "广州市政协办公厅"
    assert meta["kind"] == "项目支出绩效自评报告"
    assert meta["year"] == 2021


def test_metadata_kind_from_the_body_when_the_head_has_none():
    text = "说明。\n" + "正文。" * 300 + "本报告是部门整体支出绩效评价的结果。"
    assert report_metadata(text)["kind"] == "部门整体支出绩效自评报告"


def test_metadata_year_falls_back_to_the_most_frequent_year():
    assert report_metadata("2020年工作回顾。2021年工作。2021年计划。")["year"] == 2021


@pytest.mark.parametrize("text, score", [
    ("项目自评得分为96分。", Decimal(96)),
    ("部门整体支出的绩效得分为98分，绩效等级为“优”。", Decimal(98)),
    ("自评得分： 100 分", Decimal(100)),
    ("综合得分 88.5分", Decimal("88.5")),
    ("自评得分为 120 分，综合得分 88 分", Decimal(88)),  # out of range: the next one
    ("自评得分为 0 分", None),
    ("十分重要", None),
])
def test_metadata_total_score(text, score):
    assert report_metadata(text)["score"] == score


def test_metadata_skips_per_indicator_scores():
    text = "该指标分值8分，自评得分7分。部门整体支出绩效自评得分为95分。"
    assert report_metadata(text)["score"] == Decimal(95)


@pytest.mark.parametrize("text, grade", [
    ("绩效等级为“优”。", "优"),
    ("绩效评级：良", "良"),
    ("评价等次为中。", "中"),
    ("绩效等级：总分≥90为优，80≤总分<90为良。", None),
    ("没有等级。", None),
])
def test_metadata_grade(text, grade):
    assert report_metadata(text)["grade"] == grade
    assert grade is None or grade in GRADES


def test_metadata_empty_text():
    assert report_metadata("") == {"unit": None, "year": None, "kind": None, "score": None, "grade": None}


def test_metadata_component_sets_doc_metadata():
    nlp = spacy.blank("zh")
    reader = nlp.add_pipe("ie_metadata")
    assert isinstance(reader, MetadataReader)
    doc = nlp(TITLE_REPORT)
    assert doc._.metadata == report_metadata(TITLE_REPORT)


def test_metadata_skips_per_indicator_scores_with_two_digit_weights():
    text = "该指标分值10分，自评得分10分。部门整体支出绩效自评得分为95分。"
    assert report_metadata(text)["score"] == Decimal(95)
