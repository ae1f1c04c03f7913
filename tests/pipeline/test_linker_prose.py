"""ie.pipeline.linker.Linker.link_prose: INDICATOR and TASK of quantities in running text."""
from __future__ import annotations

import pytest
import spacy

from ie.pipeline.linker import DEFAULT_MEASURES, Linker


@pytest.fixture(scope="module")
def linker():
    return Linker(spacy.blank("zh"))


def _link(linker: Linker, text: str, *quantities: str) -> list[tuple[str | None, str | None]]:
    """(indicator text, task text) for each quantity (given by its text, in order)."""
    spans, pos = [], 0
    for q in quantities:
        start = text.index(q, pos)
        spans.append((start, start + len(q)))
        pos = start + len(q)
    out = []
    for ind, task in linker.link_prose(text, spans):
        out.append((text[slice(*ind)] if ind else None, text[slice(*task)] if task else None))
    return out


def test_linker_shared_task_each_its_own_indicator(linker):
    text = "其中，基本支出预算数 10322.48 万元，执行数 10279.02 万元，预算执行率 99.58%。"
    assert _link(linker, text, "10322.48 万元", "10279.02 万元", "99.58%") == [
        ("预算数", "基本支出"), ("执行数", "基本支出"), ("预算执行率", "基本支出")]


def test_linker_shared_task_ends_with_the_sentence(linker):
    text = "项目支出预算数 3000 万元，执行数 2900 万元。今年执行率 96.7%。"
    assert _link(linker, text, "3000 万元", "2900 万元", "96.7%") == [
        ("预算数", "项目支出"), ("执行数", "项目支出"), ("执行率", None)]


def test_linker_a_new_task_replaces_the_shared_one(linker):
    text = "基本支出预算数 100 万元，项目支出预算数 50 万元，执行数 40 万元。"
    assert _link(linker, text, "100 万元", "50 万元", "40 万元") == [
        ("预算数", "基本支出"), ("预算数", "项目支出"), ("执行数", "项目支出")]


@pytest.mark.parametrize("text, quantity, expected", [
    ("政协民生平台专项预算完成率为 100%。", "100%", ("预算完成率", "政协民生平台专项")),
    ("文史工作经费全年预算数 50 万元。", "50 万元", ("全年预算数", "文史工作经费")),
    ("2021年项目支出预算数 884.12 万元。", "884.12 万元", ("预算数", "项目支出")),
])
def test_linker_budget_line_before_a_measure_word_is_the_task(linker, text, quantity, expected):
    assert _link(linker, text, quantity) == [expected]


@pytest.mark.parametrize("text, quantity, indicator", [
    ("基本支出1006.67万元。", "1006.67万元", "基本支出"),
    ("中央转移支付资金8353万元。", "8353万元", "中央转移支付资金"),
    ("征集提案 565 件。", "565 件", "征集提案"),
    ("2021年，我会整体收入 13480.37万元。", "13480.37万元", "整体收入"),
    ("预算执行率 99.24%。", "99.24%", "预算执行率"),
    ("该指标分值10分。", "10分", "分值"),
])
def test_linker_phrase_before_the_quantity_is_the_indicator(linker, text, quantity, indicator):
    assert _link(linker, text, quantity) == [(indicator, None)]


@pytest.mark.parametrize("text, quantity, indicator", [
    ("召开 10 场专家座谈会。", "10 场", "专家座谈会"),
    ("走访两个合作区。", "两个", "合作区"),
    ("全年，组织开展 12 次视察调研，效果良好。", "12 次", "视察调研"),
    ("共接待4批外宾和港澳台客人。", "4批", "外宾"),
])
def test_linker_verb_number_object_links_the_object(linker, text, quantity, indicator):
    assert _link(linker, text, quantity) == [(indicator, None)]


@pytest.mark.parametrize("text, quantity, indicator", [
    ("共募集善款约70万元。", "70万元", "募集善款"),
    ("已收到提案共计 190 件。", "190 件", "收到提案"),
    ("自评评分为 95.25分。", "95.25分", "自评评分"),
    ("（三）收集社情民意信息 2000 多篇。", "2000 多篇", "收集社情民意信息"),
])
def test_linker_lead_and_trail_words_stay_out(linker, text, quantity, indicator):
    assert _link(linker, text, quantity) == [(indicator, None)]


def test_linker_later_quantities_read_from_the_previous_one(linker):
    text = "收到提案190件，立案134件。"
    assert _link(linker, text, "190件", "134件") == [("收到提案", None), ("立案", None)]


def test_linker_no_words_no_links(linker):
    assert _link(linker, "100万元。", "100万元") == [(None, None)]
    assert linker.link_prose("", []) == []


def test_linker_long_clause_is_cut_to_max_indicator(linker):
    text = "这是一个非常非常长的没有任何标点符号的从句一直写到数量之前的指标名称 5 项。"
    ((ind, _),) = _link(linker, text, "5 项")
    assert ind is not None and len(ind) <= linker.max_indicator


def test_linker_measures_are_longest_first():
    lk = Linker(spacy.blank("zh"), measures=["执行数", "全年执行数"])
    assert lk.measures == ["全年执行数", "执行数"]
    assert set(DEFAULT_MEASURES) >= {"预算数", "执行数", "预算执行率"}


# --- contract gaps and bugs --------------------------------------------------------------------

def test_linker_verb_number_object_after_a_subject(linker):
    text = "组织委员开展 12 次视察调研，效果良好。"
    assert _link(linker, text, "12 次") == [("视察调研", None)]


def test_linker_conjunction_stays_out_of_the_indicator(linker):
    text = "出版文史资料3本和画册2本。"
    assert _link(linker, text, "3本", "2本")[1][0] == "画册"


def test_linker_measure_verb_before_a_fund(linker):
    text = "下达财政专项扶贫资金197万元。"
    assert _link(linker, text, "197万元") == [("下达", "财政专项扶贫资金")]


@pytest.mark.xfail(reason="BUG (contract relations: '[衔接资金]105万元已全部[到位]'): a measure word after "
                          "the amount is ignored; the fund becomes the INDICATOR", strict=True)
def test_linker_measure_word_after_the_amount(linker):
    text = "衔接资金105万元已全部到位。"
    assert _link(linker, text, "105万元") == [("到位", "衔接资金")]


def test_linker_prose_budget_line_is_the_indicator_not_a_task():
    # 项目支出 is a budget line (guideline 5.5), not the task 项目 measured by 支出
    import ie

    doc = ie.load("rules")("其中：基本支出1234.56万元，项目支出20万元。")
    got = [(e.text, e._.indicator and e._.indicator.text, e._.task and e._.task.text) for e in doc.ents]
    assert got == [("1234.56万元", "基本支出", None), ("20万元", "项目支出", None)]


@pytest.mark.parametrize("text, indicator, task", [
    ("2023年县财政局下达财政专项扶贫资金197万元。", "下达", "财政专项扶贫资金"),     # the contract's example
    ("共下达资金60万元。", "下达", None),                                           # a generic noun: no task (E4)
    ("已依据施工合同支付项目资金共计196.56万元。", "支付", None),
    ("将提前下达资金3.86亿元分配至有关市县。", "提前下达", None),                     # the adverb stays (E4)
])
def test_linker_prose_verb_then_fund_then_amount(text, indicator, task):
    import ie

    doc = ie.load("rules")(text)
    money = [e for e in doc.ents if e.label_ == "MONEY"][0]
    assert (money._.indicator.text, money._.task and money._.task.text) == (indicator, task)


def test_linker_prose_fund_task_is_shared_by_its_breakdown():
    import ie

    doc = ie.load("rules")("向**河县下达2023年中央水利发展资金共2263万元，具体为：中小河流治理工程1435万元、"
                           "小型水库工程维修养护25万元。")
    got = [(e.text, e._.indicator.text, e._.task.text) for e in doc.ents if e.label_ == "MONEY"]
    assert got == [("2263万元", "下达", "中央水利发展资金"), ("1435万元", "中小河流治理工程", "中央水利发展资金"),
                   ("25万元", "小型水库工程维修养护", "中央水利发展资金")]


@pytest.mark.parametrize("text, quantity, indicator", [
    ("经费支出12.5万元。", "12.5万元", "经费支出"),        # 经 of 经费 is no lead word
    ("及时率98%。", "98%", "及时率"),                     # nor 及 of 及时
    ("经审核资金到位率100%。", "100%", "审核资金到位率"),  # 经 standing alone is
    ("全年共登上“学习强国”平台23次。", "23次", "登上“学习强国”平台"),   # a quoted word stays inside
])
def test_linker_prose_lead_words_only_at_word_boundaries(text, quantity, indicator):
    import ie

    doc = ie.load("rules")(text)
    ent = next(e for e in doc.ents if e.text == quantity)
    assert ent._.indicator.text == indicator
