"""ie.pipeline.linker: the ie_linker component (spans, table links, serialization)."""
from __future__ import annotations

import pytest
import spacy

import ie
from ie.pipeline.linker import LINKS_KEY, Linker


@pytest.fixture(scope="module")
def nlp():
    return ie.load("rules")


def _links(doc):
    return [(e.text, e._.indicator.text if e._.indicator is not None else None,
             e._.task.text if e._.task is not None else None)
            for e in doc.ents if e.label_ != "ORG"]


def test_linker_component_sets_indicator_and_task_spans(nlp):
    doc = nlp("基本支出预算数 10322.48 万元，执行数 10279.02 万元，预算执行率 99.58%。")
    assert _links(doc) == [("10322.48 万元", "预算数", "基本支出"), ("10279.02 万元", "执行数", "基本支出"),
                           ("99.58%", "预算执行率", "基本支出")]
    ents = list(doc.ents)
    assert ents[0]._.indicator.label_ == "INDICATOR"
    assert ents[0]._.task.label_ == "TASK"
    # one TASK span shared by the three quantities
    assert ents[0]._.task == ents[1]._.task == ents[2]._.task
    assert sorted((s.label_, s.text) for s in doc.spans[LINKS_KEY]) == sorted([
        ("INDICATOR", "执行数"), ("INDICATOR", "预算数"), ("INDICATOR", "预算执行率"), ("TASK", "基本支出")])


def test_linker_component_link_spans_do_not_overlap_entities_or_each_other(nlp):
    doc = nlp("市政协全年征集提案 565 件，召开 10 场专家座谈会，基本支出预算数 10322.48 万元，执行数 10279.02 万元。")
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    used: set[int] = set()
    for span in doc.spans[LINKS_KEY]:
        tokens = set(range(span.start, span.end))
        assert not tokens & taken
        assert not tokens & used
        used |= tokens
    kept = {(s.start, s.end, s.label_) for s in doc.spans[LINKS_KEY]}
    for ent in doc.ents:
        for link in (ent._.indicator, ent._.task):
            if link is not None:
                assert (link.start, link.end, link.label_) in kept


def test_linker_component_uses_table_links_for_table_cells(nlp):
    text = ("单位：万元\n项目\t年初预算数\t全年执行数\n"
            "年度资金总额\t100\t98.5\n其中：当年财政拨款\t80\t79\n")
    doc = nlp(text)
    assert _links(doc) == [("100", "年初预算数", "年度资金总额"), ("98.5", "全年执行数", "年度资金总额"),
                           ("80", "年初预算数", "当年财政拨款"), ("79", "全年执行数", "当年财政拨款")]


def test_linker_component_verb_number_object(nlp):
    doc = nlp("召开10场专家座谈会，走访两个合作区。")
    assert _links(doc) == [("10场", "专家座谈会", None), ("两个", "合作区", None)]


def test_linker_component_without_quantities(nlp):
    doc = nlp("坚持以人民为中心的发展思想。")
    assert len(doc.spans[LINKS_KEY]) == 0


def test_linker_component_to_disk_round_trip(tmp_path):
    nlp = spacy.blank("zh")
    lk = Linker(nlp, max_indicator=12, measures=["完成数"], generic_verbs=["举办"])
    lk.to_disk(tmp_path / "linker")
    assert (tmp_path / "linker" / "lexicons.json").is_file()
    other = Linker(nlp).from_disk(tmp_path / "linker")
    assert other.max_indicator == 12
    assert other.measures == ["完成数"]
    assert other.generic_verbs == ["举办"]
    text = "文史工作经费完成数 5 万元。"
    start = text.index("5 万元")
    ((ind, task),) = other.link_prose(text, [(start, start + 4)])
    assert text[slice(*ind)] == "完成数" and text[slice(*task)] == "文史工作经费"


def test_linker_factory_config():
    nlp = spacy.blank("zh")
    lk = nlp.add_pipe("ie_linker", config={"max_indicator": 5})
    assert isinstance(lk, Linker) and lk.max_indicator == 5


def test_linker_component_indicator_after_an_org(nlp):
    doc = nlp("市政协征集提案565件。")
    assert _links(doc) == [("565件", "征集提案", None)]


def test_linker_component_indicator_keeps_link_prose_boundaries(nlp):
    doc = nlp("自评评分为95.25分。")
    assert _links(doc) == [("95.25分", "自评评分", None)]
