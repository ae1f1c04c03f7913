"""ie.pipeline.rules.QuantityRules: rule quantities and ORG spans, lexicons saved with the pipeline."""
from __future__ import annotations

import pytest
import spacy

import ie
from ie.pipeline.rules import DEFAULT_ORG_NAMES, DEFAULT_ORG_PATTERNS, QuantityRules
from ie.pipeline.spans import MISALIGNED_KEY


@pytest.fixture(scope="module")
def rules_nlp():
    """Char tokens: every character span aligns, so the rules are tested on their own."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_quantity_rules")
    return nlp


@pytest.fixture(scope="module")
def nlp():
    return ie.load("rules")


def _ents(doc, label: str | None = None) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents if label is None or e.label_ == label]


def test_rules_tag_the_four_quantity_labels(rules_nlp):
    doc = rules_nlp("整体收入13480.37万元，预算执行率99.24%，征集提案 565 件，自评评分为95.25分。")
    assert _ents(doc) == [("13480.37万元", "MONEY"), ("99.24%", "PERCENT"), ("565 件", "COUNT"),
                          ("95.25分", "SCORE")]


def test_rules_skip_dates_slogans_and_ordinals(rules_nlp):
    doc = rules_nlp("2021年，增强“四个意识”，第四巡察组在1-11月份开展工作。")
    assert [e for e in _ents(doc) if e[1] != "ORG"] == []


@pytest.mark.parametrize("text, org", [
    ("广州市政协办公厅负责", "广州市政协办公厅"),
    ("中国人民政治协商会议广东省佛山市委员会办公室的职责", "中国人民政治协商会议广东省佛山市委员会办公室"),
    ("市政协召开会议", "市政协"),
    ("区政协提案委办理", "区政协提案委"),
    ("佛山电视台报道", "佛山电视台"),
    ("广州市财政局批复", "广州市财政局"),
    ("省、市人大常委会", "市人大常委会"),
    ("全国政协委员", "全国政协"),
])
def test_rules_org_names_and_patterns(rules_nlp, text, org):
    assert _ents(rules_nlp(text), "ORG") == [(org, "ORG")]


@pytest.mark.parametrize("text", ["各部门和有关部门", "各民主党派", "云南省和裕民县", "深入学习宣传贯彻"])
def test_rules_generic_words_and_places_are_not_orgs(rules_nlp, text):
    assert _ents(rules_nlp(text), "ORG") == []


def test_rules_orgs_can_be_switched_off():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_quantity_rules", config={"orgs": False})
    assert _ents(nlp("市政协征集提案565件")) == [("565件", "COUNT")]


def test_rules_keep_entities_set_before_them():
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("ie_quantity_rules")
    doc = nlp.make_doc("征集提案565件")
    doc.ents = [doc.char_span(4, 7, label="MONEY")]
    doc = rules(doc)
    assert _ents(doc) == [("565", "MONEY")]


def test_rules_split_tokens_that_straddle_a_quantity():
    from spacy.tokens import Doc

    nlp = spacy.blank("zh")
    rules = QuantityRules(nlp)
    words = ["征集", "提案5", "65件"]
    doc = rules(Doc(nlp.vocab, words=words, spaces=[False] * 3))
    assert _ents(doc) == [("565件", "COUNT")]
    assert [t.text for t in doc] == ["征集", "提案", "5", "65件"]
    assert MISALIGNED_KEY not in doc.user_data


def test_rules_split_keeps_earlier_candidates_in_span_groups():
    from spacy.tokens import Doc

    nlp = spacy.blank("zh")
    rules = QuantityRules(nlp, spans_key="cands")
    words = ["市政协", "征集", "提案5", "65件"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * 4)
    doc.spans["cands"] = [doc.char_span(0, 3, label="ORG")]
    doc = rules(doc)
    assert sorted((s.text, s.label_) for s in doc.spans["cands"]) == [("565件", "COUNT"), ("市政协", "ORG"),
                                                                      ("市政协", "ORG")]


def test_rules_custom_lexicons():
    nlp = spacy.blank("zh")
    rules = QuantityRules(nlp, exclusions=["565件"], units={"件": "COUNT", "座": "COUNT"},
                          org_names=["文史馆"], org_patterns=[])
    doc = rules(nlp.make_doc("征集提案565件，新建3座，文史馆，市政协"))
    assert _ents(doc) == [("3座", "COUNT"), ("文史馆", "ORG")]


def test_rules_to_disk_round_trip(tmp_path):
    nlp = spacy.blank("zh")
    rules = QuantityRules(nlp, orgs=False, exclusions=["两个维护", "三个务必"], units={"件": "COUNT"},
                          org_names=["文史馆"], org_patterns=[r"\w+委员会"])
    rules.to_disk(tmp_path / "rules")
    assert (tmp_path / "rules" / "lexicons.json").is_file()
    other = QuantityRules(nlp)
    other._org_regex()  # a compiled regex is rebuilt after loading
    assert other.from_disk(tmp_path / "rules") is other
    assert other.orgs is False
    assert other.exclusions == ["两个维护", "三个务必"]
    assert other.units == {"件": "COUNT"}
    assert other.org_names == ["文史馆"] and other.org_patterns == [r"\w+委员会"]
    assert other._org_re is None
    assert _ents(other(nlp.make_doc("三个务必，5件，6次"))) == [("5件", "COUNT")]


def test_rules_defaults_are_saved_in_full(tmp_path):
    nlp = spacy.blank("zh")
    QuantityRules(nlp).to_disk(tmp_path / "r")
    other = QuantityRules(nlp, org_names=[], org_patterns=[]).from_disk(tmp_path / "r")
    assert other.org_names == list(DEFAULT_ORG_NAMES)
    assert other.org_patterns == list(DEFAULT_ORG_PATTERNS)


def test_rules_in_the_jieba_pipeline(nlp):
    doc = nlp("广州市政协办公厅征集提案 565 件，共募集善款约70万元。")
    assert _ents(doc) == [("广州市政协办公厅", "ORG"), ("565 件", "COUNT"), ("70万元", "MONEY")]


# --- bugs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("向广州市财政局报送", "广州市财政局"),
    ("在天河区政协的领导下", "天河区政协"),
    ("配合广州市财政局开展工作", "广州市财政局"),
])
def test_rules_org_does_not_take_the_word_before_it(nlp, text, org):
    assert _ents(nlp(text), "ORG") == [(org, "ORG")]


def test_rules_org_includes_jiguan(rules_nlp):
    assert _ents(rules_nlp("县人大常委会机关"), "ORG") == [("县人大常委会机关", "ORG")]


def test_rules_org_stops_at_generic_words(nlp):
    assert _ents(nlp("区政协及其常委会"), "ORG") == [("区政协", "ORG")]


def test_rules_write_candidates_to_a_span_group_when_given_a_key():
    nlp = spacy.blank("zh")
    nlp.add_pipe("ie_quantity_rules", config={"spans_key": "cands"})
    doc = nlp("市政协征集提案565件，执行率99.24%。")
    assert doc.ents == ()  # the ner decides; the rules only propose
    assert [(s.text, s.label_) for s in doc.spans["cands"]] == [
        ("565件", "COUNT"), ("99.24%", "PERCENT"), ("市政协", "ORG")]
    assert all(s._.origin == "ie_quantity_rules" for s in doc.spans["cands"])


def test_rules_component_numeral_in_a_place_name_is_no_count(rules_nlp):
    doc = rules_nlp("三门县老旧小区改造项目完成，五台县开设三门课程，购置三台电脑，覆盖三个县。")
    assert _ents(doc, "COUNT") == [("三门", "COUNT"), ("三台", "COUNT"), ("三个", "COUNT")]


@pytest.mark.parametrize("text, orgs", [
    ("认真落实党中央、国务院决策部署", ["党中央", "国务院"]),
    ("按照财政部、民政部印发的办法", ["财政部", "民政部"]),
    ("根据市委第四巡察组反馈的问题，邀请县委宣讲团宣讲", ["市委第四巡察组", "县委宣讲团"]),
    ("自治区财政厅于2022年12月23日下达", ["自治区财政厅"]),
    ("按照****水务局、****财政局下发的文件", ["****水务局", "****财政局"]),
    ("向景东县民政局下达农村低保资金", ["景东县民政局"]),
    ("村委会向镇人民政府提出验收申请", ["镇人民政府"]),
    ("在区委、市检察院的领导下", ["区委", "市检察院"]),
])
def test_rules_org_national_bodies_levels_and_masked_places(rules_nlp, text, orgs):
    assert [t for t, _ in _ents(rules_nlp(text), "ORG")] == orgs


@pytest.mark.parametrize("text", [
    "财政部门批复的预算数",                      # a kind of body, not 财政部
    "为认真贯彻《中共中央 国务院关于全面实施预算绩效管理的意见》",   # names inside a title
    "2023 年贯塘乡人民政府决算",                  # a township the gazetteer lacks: no half name
])
def test_rules_org_no_partial_or_generic_names(rules_nlp, text):
    assert _ents(rules_nlp(text), "ORG") == []


@pytest.mark.parametrize("text, units", [
    ("办公室下设四个科，分别为秘书科、调研信息科、专委会工作科、综合科。", ["秘书科", "调研信息科", "专委会工作科", "综合科"]),
    ("下设股室16个,包括办公室,预算股,人事教育股,国库股,乡镇财政等;", ["预算股", "人事教育股", "国库股"]),
    ("本单位共设2个内设机构,即教务处和总务处。", ["教务处", "总务处"]),
    ("局机关设有办公室和生态环保股,下属单位包括", ["生态环保股"]),
    ("下设办公室和七个委员会", []),
])
def test_rules_org_internal_units_of_a_listing(text, units):
    from ie.pipeline.orgs import find_listed_units

    assert [text[s:e] for s, e in find_listed_units(text)] == units


@pytest.mark.parametrize("text, org", [
    ("省財政廳下達了資金", "省財政廳"),
    ("按照財政部印發的辦法", "財政部"),
])
def test_rules_org_names_in_traditional_characters(rules_nlp, text, org):
    assert [t for t, _ in _ents(rules_nlp(text), "ORG")] == [org]


@pytest.mark.parametrize("text, org", [
    ("会同县融媒体中心宣传", "会同县融媒体中心"),        # 会同 begins a county here, no preposition
    ("会同省卫生健康委员会印发", "省卫生健康委员会"),     # … and a preposition there
    ("经大坪村民委员会同意", "大坪村民委员会"),
])
def test_rules_org_counties_named_like_prepositions_and_villages(rules_nlp, text, org):
    assert [t for t, _ in _ents(rules_nlp(text), "ORG")] == [org]


@pytest.mark.parametrize("text, org", [
    ("由中国移动通信集团四川有限公司承建", "中国移动通信集团四川有限公司"),   # not 四川有限公司
    ("委托中国电信集团四川分公司实施", "中国电信集团四川分公司"),
    ("，华润集团四川分公司负责", "华润集团四川分公司"),
])
def test_rules_org_subsidiary_keeps_its_group_name(rules_nlp, text, org):
    assert [t for t, _ in _ents(rules_nlp(text), "ORG")] == [org]
