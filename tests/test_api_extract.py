"""ie.api: load() and extract(), with offsets in the ORIGINAL input."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

import ie
from ie.api import Entity, ExtractionResult, Link, Quantity, doc_for, result_from_doc
from ie.errors import ModelError


@pytest.fixture(scope="module")
def nlp():
    return ie.load("rules")


def _no_space(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _check_offsets(result: ExtractionResult) -> None:
    for ent in result.entities:
        assert 0 <= ent.start < ent.end <= len(result.text)
        assert result.text[ent.start:ent.end] == ent.text
        assert ent.text.strip()


# --- load ----------------------------------------------------------------------------------------

def test_api_load_rules_pipeline(nlp):
    assert nlp.meta["name"] == "rules_zh"
    assert "ie_linker" in nlp.pipe_names


def test_api_load_with_a_segmenter():
    assert ie.load("rules", segmenter="char").tokenizer.segmenter == "char"


def test_api_load_missing_model_is_e010(tmp_path):
    with pytest.raises(ModelError) as info:
        ie.load(tmp_path / "no-model")
    assert info.value.code == "E010"
    assert "--model rules" in str(info.value)


def test_api_load_a_saved_model_folder(nlp, tmp_path):
    nlp.to_disk(tmp_path / "m")
    loaded = ie.load(tmp_path / "m")
    assert loaded.pipe_names == nlp.pipe_names
    text = "基本支出预算数 10322.48 万元，执行率 99.24%。"
    assert ([(e.text, e.label_) for e in loaded(text).ents] == [(e.text, e.label_) for e in nlp(text).ents])


# --- extract: results ---------------------------------------------------------------------------------

def test_api_extract_quantities_with_values_and_links(nlp):
    text = "2021年，我会整体收入 13480.37万元，预算执行率 99.24%。其中，基本支出预算数 10322.48 万元，执行数 10279.02 万元。"
    result = ie.extract(text, nlp, source="r.txt")
    assert isinstance(result, ExtractionResult)
    assert result.source == "r.txt" and result.text == text
    got = [(q.label, q.text, q.value, q.unit, q.approx,
            q.indicator.text if q.indicator else None, q.task.text if q.task else None)
           for q in result.quantities]
    assert got == [
        ("MONEY", "13480.37万元", Decimal("134803700"), "万元", "exact", "整体收入", None),
        ("PERCENT", "99.24%", Decimal("0.9924"), "%", "exact", "预算执行率", None),
        ("MONEY", "10322.48 万元", Decimal("103224800"), "万元", "exact", "预算数", "基本支出"),
        ("MONEY", "10279.02 万元", Decimal("102790200"), "万元", "exact", "执行数", "基本支出"),
    ]
    assert all(isinstance(q, Quantity) for q in result.quantities)
    assert result.quantities[0].sentence == "2021年，我会整体收入 13480.37万元，预算执行率 99.24%。"
    assert result.quantities[2].sentence == "其中，基本支出预算数 10322.48 万元，执行数 10279.02 万元。"
    _check_offsets(result)


def test_api_extract_entities_include_links_in_text_order(nlp):
    text = "市政协征集提案 565 件。基本支出预算数 100 万元。"
    result = ie.extract(text, nlp)
    assert all(isinstance(e, Entity) for e in result.entities)
    assert [e.start for e in result.entities] == sorted(e.start for e in result.entities)
    labels = {(e.label, e.text) for e in result.entities}
    assert {("ORG", "市政协"), ("COUNT", "565 件"), ("TASK", "基本支出"), ("INDICATOR", "预算数"),
            ("MONEY", "100 万元")} <= labels


def test_api_extract_metadata(nlp):
    result = ie.extract("广州市政协办公厅 2021 年部门整体支出绩效自评报告\n自评评分为95.25分。", nlp)
    assert result.metadata["unit"] == "广州市政协办公厅"
    assert result.metadata["year"] == 2021
    assert result.metadata["score"] == Decimal("95.25")


def test_api_extract_loads_the_rules_pipeline_by_default():
    result = ie.extract("征集提案565件。")
    assert [(q.text, q.value) for q in result.quantities] == [("565件", Decimal(565))]


def test_api_extract_empty_text(nlp):
    result = ie.extract("", nlp)
    assert result.quantities == [] and result.entities == []


def test_api_result_to_dict(nlp):
    d = ie.extract("征集提案565件。", nlp, source="a.txt").to_dict()
    assert d["source"] == "a.txt"
    assert d["quantities"][0]["value"] == Decimal(565)
    assert d["quantities"][0]["indicator"] == {"text": "征集提案", "start": 0, "end": 4}
    assert set(d) == {"source", "text", "metadata", "quantities", "entities", "misaligned"}


# --- extract: offsets in the original input ----------------------------------------------------------------

def test_api_extract_quantity_broken_by_a_pdf_line_break(nlp):
    text = "基本支出预算数1781.86 万\n元，执行率99.24%。"
    result = ie.extract(text, nlp)
    money = result.quantities[0]
    assert (money.label, money.value, money.unit) == ("MONEY", Decimal("17818600"), "万元")
    assert (money.start, money.end) == (7, 18)
    assert money.text == text[7:18] == "1781.86 万\n元"
    assert money.indicator == Link("预算数", 4, 7)
    assert money.sentence == "基本支出预算数1781.86 万元，执行率99.24%。"
    _check_offsets(result)


def test_api_extract_number_broken_by_a_line_break(nlp):
    text = "征集提案565\n件，共计1,\n234万元。"
    result = ie.extract(text, nlp)
    assert [(q.text, q.value) for q in result.quantities] == [("565\n件", Decimal(565)),
                                                              ("1,\n234万元", Decimal(12340000))]
    _check_offsets(result)


def test_api_extract_after_page_markers_bom_and_crlf(nlp):
    text = "\ufeff前言。\r\n\r\n- 2 -\r\n\r\n征集提案565件。\r\n第 3 页\r\n执行率99.24%。"
    result = ie.extract(text, nlp)
    q = {x.text: x for x in result.quantities}
    assert text[q["565件"].start:q["565件"].end] == "565件"
    assert q["565件"].indicator.text == "征集提案"
    assert text[q["565件"].indicator.start:q["565件"].indicator.end] == "征集提案"
    assert text[q["99.24%"].start:q["99.24%"].end] == "99.24%"
    _check_offsets(result)


def test_api_extract_fullwidth_digits_keep_original_text(nlp):
    text = "征集提案５６５件，占９９．２４％。"
    result = ie.extract(text, nlp)
    assert [(q.text, q.value) for q in result.quantities] == [("５６５件", Decimal(565)),
                                                              ("９９．２４％", Decimal("0.9924"))]
    _check_offsets(result)


def test_api_extract_html_cells(nlp):
    text = "<p>指标</p>\t<p>实际完成值</p>\n<p>公众号发布文章</p>\t<p>496篇</p>\n<p>网站运行率</p>\t<p>100%</p>\n"
    result = ie.extract(text, nlp)
    assert [(q.text, q.role) for q in result.quantities] == [("496篇", "actual"), ("100%", "actual")]
    assert result.quantities[0].indicator.text == "公众号发布文章"
    _check_offsets(result)


def test_api_extract_wrapped_lines_keep_original_offsets(nlp):
    line = "这是一个很长的句子用来模拟PDF里每一行的宽度而且没有"
    text = "\n".join([line + "结束。"] * 4 + ["2021年基本支出预算数为10322.48万元，执行数为", "", "10279.02万元，执行率99.58%。"])
    result = ie.extract(text, nlp)
    q = {x.text: x for x in result.quantities}
    assert set(q) == {"10322.48万元", "10279.02万元", "99.58%"}
    assert q["10279.02万元"].indicator.text == "执行数"
    assert q["10279.02万元"].task.text == "基本支出"
    _check_offsets(result)


def test_api_doc_for_keeps_the_offset_map(nlp):
    text = "征集提案５６５件。"
    doc = doc_for(text, nlp, source="x.txt")
    assert doc._.source == "x.txt"
    assert doc._.clean.text == doc.text == "征集提案565件。"
    result = result_from_doc(doc, text)
    assert [e.text for e in result.entities if e.label == "COUNT"] == ["５６５件"]


def test_api_every_entity_text_matches_the_clean_span(nlp):
    text = ("\ufeff广州市政协办公厅 2021 年部门整体\r\n支出绩效自评报告\r\n\r\n- 2 -\r\n"
            "市政协征集提案５６５\n件，基本支出预算数1781.86 万\n元，执行数 1700 万元。\n"
            "单位：万元\n项目\t年初预算数\t全年执行数\n年度资金总额\t100\t98.5\n其他资金\t20\t19\n")
    doc = doc_for(text, nlp)
    result = result_from_doc(doc, text)
    assert len(result.entities) == len(doc.ents) + len(doc.spans["ie_links"])
    clean = {(*doc._.clean.to_original(s.start_char, s.end_char), s.label_): s.text
             for s in list(doc.ents) + list(doc.spans["ie_links"])}
    for ent in result.entities:
        assert _no_space(ent.text.replace("５６５", "565")) == _no_space(clean[(ent.start, ent.end, ent.label)])
    _check_offsets(result)


def test_api_extract_too_long_text_is_a_clear_input_error():
    from ie.errors import InputError

    nlp = ie.load("rules")
    nlp.max_length = 50
    with pytest.raises(InputError) as err:
        ie.extract("整体收入 13480.37万元。" * 10, nlp, source="long.txt")
    assert err.value.code == "E015" and "long.txt" in str(err.value) and "Split the report" in str(err.value)
