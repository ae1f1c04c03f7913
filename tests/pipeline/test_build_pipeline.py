"""ie.pipeline.build and ie.pipeline.values: the rules-only pipeline and its value normalizer."""
from __future__ import annotations

import ie

from decimal import Decimal

import pytest
import spacy
from spacy.util import registry

from ie.pipeline.build import FEATURES_KEY, POSTPROCESSORS, add_rule_components, rules_pipeline
from ie.pipeline.values import ValueNormalizer, quantity_normalizer
from ie.segment.tokenizer import IETokenizer


@pytest.fixture(scope="module")
def nlp():
    return rules_pipeline()


def test_build_rules_pipeline_components_and_meta(nlp):
    assert nlp.pipe_names == ["ie_quantity_rules", "ie_tables", "ie_values", "ie_linker", "ie_indicator_keys",
                              "ie_metadata"]
    assert tuple(nlp.pipe_names[1:]) == POSTPROCESSORS
    assert nlp.meta["name"] == "rules_zh" and nlp.meta["version"] == ie.__version__
    assert nlp.lang == "zh"
    assert isinstance(nlp.tokenizer, IETokenizer) and nlp.tokenizer.segmenter == "jieba"


def test_build_rules_pipeline_with_another_segmenter():
    nlp = rules_pipeline("char")
    assert nlp.tokenizer.segmenter == "char"
    doc = nlp("征集提案565件。")
    assert [(e.text, e.label_, e._.value) for e in doc.ents] == [("565件", "COUNT", Decimal(565))]


def test_build_add_rule_components_is_idempotent():
    nlp = spacy.blank("zh")
    add_rule_components(nlp)
    add_rule_components(nlp)
    assert nlp.pipe_names == ["ie_quantity_rules", *POSTPROCESSORS]


def test_build_add_rule_components_after_a_trained_ner_without_rules():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ner")
    add_rule_components(nlp, quantity_rules=False)
    assert nlp.pipe_names == ["ner", *POSTPROCESSORS]


def test_build_pipeline_end_to_end(nlp):
    doc = nlp("2021年，基本支出预算数 10322.48 万元，执行数 10279.02 万元，预算执行率 99.58%。共募集善款约70万元，"
              "收集信息2000多篇，自评评分为95.25分。")
    got = [(e.text, e.label_, e._.value, e._.unit, e._.approx) for e in doc.ents]
    assert got == [
        ("10322.48 万元", "MONEY", Decimal("103224800"), "万元", "exact"),
        ("10279.02 万元", "MONEY", Decimal("102790200"), "万元", "exact"),
        ("99.58%", "PERCENT", Decimal("0.9958"), "%", "exact"),
        ("70万元", "MONEY", Decimal("700000"), "万元", "about"),
        ("2000多篇", "COUNT", Decimal("2000"), "篇", "at_least"),
        ("95.25分", "SCORE", Decimal("95.25"), "分", "exact"),
    ]
    assert doc._.metadata["year"] == 2021
    assert doc._.metadata["score"] == Decimal("95.25")


# --- ie_values -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, quantity, value, unit, approx", [
    ("征集提案 565 件", "565 件", Decimal(565), "件", "exact"),
    ("近10场专家座谈会", "10场", Decimal(10), "场", "about"),
    ("超过100件", "100件", Decimal(100), "件", "at_least"),
    ("占68.6%以上", "68.6%", Decimal("0.686"), "%", "at_least"),
    ("不超过 5 个", "5 个", Decimal(5), "个", "at_most"),
    ("3400 余件", "3400 余件", Decimal(3400), "件", "at_least"),
    ("走访两个合作区", "两个", Decimal(2), "个", "exact"),
    ("预算调整率-5.0%", "-5.0%", Decimal("-0.05"), "%", "exact"),
    ("接待38万人次", "38万人次", Decimal(380000), "人次", "exact"),
])
def test_values_normalize_every_quantity(nlp, text, quantity, value, unit, approx):
    (ent,) = [e for e in nlp(text).ents if e.label_ != "ORG"]
    assert (ent.text, ent._.value, ent._.unit, ent._.approx) == (quantity, value, unit, approx)


def test_values_use_the_table_unit(nlp):
    doc = nlp("单位：万元\n项目\t全年预算数\n部门调整预算收入\t2318.88\n其他\t5\n")
    ent = doc.ents[0]
    assert (ent.text, ent.label_, ent._.table_unit, ent._.value, ent._.unit) == (
        "2318.88", "MONEY", "万元", Decimal("23188800"), "万元")


def test_values_skip_non_quantities(nlp):
    doc = nlp("市政协")
    (ent,) = doc.ents
    assert ent.label_ == "ORG"
    assert (ent._.value, ent._.unit, ent._.approx) == (None, None, None)


def test_values_normalizer_is_registered():
    from ie.numerals import normalize

    assert registry.misc.get("ie.quantity_normalizer.v2") is quantity_normalizer
    assert registry.misc.get("ie.quantity_normalizer.v1") is quantity_normalizer
    assert quantity_normalizer() is normalize


def test_values_accept_another_normalizer_and_window():
    calls = []

    @registry.misc("test_build_values.fixed_normalizer.v1")
    def fixed():
        def normalize(surface, label, *, before, after, table_unit):
            calls.append((surface, before, after, table_unit))
            return Decimal(1), "x", "exact"

        return normalize

    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_quantity_rules")
    values = nlp.add_pipe("ie_values", config={"normalizer": {"@misc": "test_build_values.fixed_normalizer.v1"},
                                               "window": 2})
    assert isinstance(values, ValueNormalizer) and values.window == 2
    doc = nlp("共计约565件左右")
    assert (doc.ents[0]._.value, doc.ents[0]._.unit) == (Decimal(1), "x")
    assert calls == [("565件", "计约", "左右", None)]


def test_build_rule_features_order_puts_candidate_rules_before_tok2vec():
    nlp = spacy.blank("zh")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner")
    add_rule_components(nlp, order="rule_features")
    assert nlp.pipe_names == ["ie_quantity_rules", "ie_tables", "tok2vec", "ner", "ie_org_rules", "ie_values",
                              "ie_linker", "ie_indicator_keys", "ie_metadata"]
    assert nlp.get_pipe("ie_quantity_rules").spans_key == FEATURES_KEY
    assert nlp.get_pipe("ie_tables").spans_key == FEATURES_KEY
    assert "ie_entity_filter" not in nlp.pipe_names  # the ner's entities are all kept
    org_rules = nlp.get_pipe("ie_org_rules")  # ORG names fill the ner's gaps, no quantities after it
    assert (org_rules.quantities, org_rules.orgs, org_rules.spans_key) == (False, True, None)


def test_build_rule_orgs_order_names_by_rules_first_then_fills_from_the_ner():
    # the ner tagged two ORG: one the ORG rules name differently (they win), one they miss (it stays)
    nlp = spacy.blank("zh")
    nlp.add_pipe("ner")
    add_rule_components(nlp, order="rule_features_rule_orgs")
    assert nlp.pipe_names[nlp.pipe_names.index("ner") + 1:nlp.pipe_names.index("ner") + 3] == \
        ["ie_entity_filter", "ie_org_rules"]
    text = "由保山市财政局会同阳光公益完成。"
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index("市财政局"), text.index("局") + 1, label="ORG", alignment_mode="expand"),
                doc.char_span(text.index("阳光公益"), text.index("益") + 1, label="ORG", alignment_mode="expand")]
    for name in ("ie_entity_filter", "ie_org_rules"):
        doc = nlp.get_pipe(name)(doc)
    orgs = [e.text for e in doc.ents if e.label_ == "ORG"]
    assert "保山市财政局" in orgs          # the rules' name, not the ner's 市财政局
    assert any("阳光公益" in o for o in orgs)  # filled in from the ner where the rules had nothing
    assert len(orgs) == 2


def test_build_set_feature_order_repoints_one_trained_pipeline():
    # the grouped CV scores one trained ner in every order: the filter and the ORG fill follow the order
    from ie.pipeline.build import NER_ORGS_KEY, set_feature_order

    nlp = spacy.blank("zh")
    nlp.add_pipe("ner")
    add_rule_components(nlp, order="rule_features_rule_orgs")
    filt = nlp.get_pipe("ie_entity_filter")
    assert (filt.aside_key, filt.fill_quantities, nlp.get_pipe("ie_org_rules").fill_key) == \
        (NER_ORGS_KEY, False, NER_ORGS_KEY)
    set_feature_order(nlp, "rule_features_quantities")
    filt = nlp.get_pipe("ie_entity_filter")
    assert (filt.aside_key, nlp.get_pipe("ie_org_rules").fill_key) == (None, None)
    set_feature_order(nlp, "rule_features_fill")
    assert nlp.get_pipe("ie_entity_filter").fill_quantities
    set_feature_order(nlp, "rule_features")
    assert "ie_entity_filter" not in nlp.pipe_names
    assert nlp.pipe_names.count("ie_entity_filter") == 0 and "ie_org_rules" in nlp.pipe_names
